// Model selection: several decks (laws) fitted to the same data, compared in
// model-selection.csv by information criteria (AIC, AICc, BIC from chi^2 with Gaussian errors of
// known size), leave-one-out and prediction errors, trend signs, the critical ratio and the
// physical checks.
#pragma once

#include "calibration/physical_checks.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// What model selection compares, for one deck's fit.
  struct CalibrationOutcome
  {
    std::string deck, law;
    std::size_t parameters = 0, observations = 0;
    double chi2 = 0.0;
    double loo_rms = std::nan("");      ///< root mean square of the weighted leave-one-out errors
    unsigned int loo_unpredicted = 0;   ///< left-out values the refit could not run
    unsigned int signs = 0, sign_count = 0;
    std::map<std::string, double> relative_error; ///< "<observable>@<fraction>" of the changes
    double prediction_rms = std::nan("");          ///< of held-out holds (Fit holds), relative
    double critical_ratio = std::nan("");          ///< the fitted model's
    PhysicalChecks checks;                         ///< of a lab fit (empty for an MD fit)
    bool checked = false;
    unsigned int evaluations = 0;
    double seconds = 0.0;
  };

  /// model-selection.csv: one row per outcome, the relative-error columns of the first.
  std::string model_selection_csv(const std::vector<CalibrationOutcome> &outcomes);
} // namespace bmgcreep::calibration
