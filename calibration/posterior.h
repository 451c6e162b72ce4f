// The posterior of a fit: a seeded Metropolis chain from the best fit, proposals from the
// fit's covariance, and what it gives: parameter means, standard deviations, 95 % intervals and
// effective sample sizes (posterior.csv), the model's 95 % bands at each observation
// (bands.csv), and the evenly spaced samples the robustness checks use.
#pragma once

#include "calibration/forward_model.h"
#include "calibration/least_squares.h"

#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  struct PosteriorResult
  {
    std::vector<std::vector<double>> samples; ///< physical, at most about 200, evenly spaced (none if the chain barely moved)
    std::string posterior_csv, bands_csv;
    std::string summary;                     ///< one console line: samples, acceptance, proposal scale, effective sizes
    unsigned int evaluations = 0;            ///< forward runs of the chain
  };

  /// Runs the chain of settings.mcmc_samples samples after settings.mcmc_burn_in at the
  /// residuals `f` from `best`, with the proposal covariance `unc` in scaled units (`scale`:
  /// dx/du per parameter; unidentifiable directions get an infinite variance), and appends the
  /// posterior table to `report`. `model`: the best fit's value at each observation.
  PosteriorResult posterior(const ForwardModel &fit, const Residuals &f, const LeastSquaresResult &best, const Uncertainty &unc,
                            const std::vector<double> &scale, const CalibrationSettings &settings,
                            const std::vector<Observation> &observations, const std::vector<double> &model,
                            std::ostream &report);
} // namespace bmgcreep::calibration
