// The tables of a fit: parameters.csv (values, standard errors, bounds, priors, whether at a
// bound and identifiable), correlation.csv, fit.csv (each observation measured and fitted), and
// the opening of fit-report.md (the method, chi^2 and the same tables in markdown).
#pragma once

#include "calibration/observations.h"
#include "calibration/settings.h"

#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// A fit's result as the tables report it.
  struct FitTables
  {
    const CalibrationSettings &settings;
    const LeastSquaresResult &best;     ///< the optimum (scaled) and its chi^2
    const std::vector<double> &x;       ///< the optimum, physical
    const Uncertainty &uncertainty;     ///< standard errors and correlations at the optimum
    const std::vector<Observation> &observations;
    const std::vector<double> &model;   ///< the fitted value of each observation
  };

  std::string parameters_csv(const FitTables &t);
  std::string correlation_csv(const FitTables &t);
  std::string fit_csv(const FitTables &t);

  /// What the report's opening says of how the fit ran.
  struct FitRun
  {
    std::string deck, law, data_path;
    std::size_t residuals = 0;
    unsigned int evaluations = 0, failed = 0;
    double seconds = 0.0;
  };
  /// fit-report.md's opening: the fit, chi^2 with its degrees of freedom, the parameter table
  /// and the observation table (markdown).
  std::string report_opening(const FitTables &t, const FitRun &run);
} // namespace bmgcreep::calibration
