// What a deck's subsection Calibration asks for: the parameters fitted (deck paths such as
// "Material/Free volume/Migration energy"), their bounds, scales and priors, the data and
// observables with their default uncertainties, and the fit's options; read and checked against
// the deck. Also the deck-entry helpers a fit uses and hold-fraction matching.
#pragma once

#include "calibration/least_squares.h"

#include <deal.II/base/parameter_handler.h>

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  struct FitParameter
  {
    std::string path;           ///< deck entry, "Section/Subsection/Key"
    double lower = 0.0, upper = 1.0;
    bool log = false;           ///< scaled logarithmically between the bounds (both > 0)
    double start = 0.0;         ///< the deck's own value (a start of the fit)
    double prior_mean = std::nan(""), prior_sd = std::nan(""); ///< Gaussian prior (NaN: none)
    bool has_prior() const { return !std::isnan(prior_sd); }

    double value(double u) const;        ///< physical value at scaled u in [0, 1]
    double scaled(double x) const;       ///< inverse of value()
    double derivative(double u) const;   ///< dx/du
  };

  struct CalibrationSettings
  {
    std::vector<FitParameter> parameters;
    Method method = Method::pounders;
    unsigned int starts = 4, seed = 1, max_evaluations = 300;
    unsigned int screening = 1; ///< Latin-hypercube points evaluated per start, the best kept (1: all kept)
    std::vector<std::string> observables = {"yield_stress_MPa", "relaxation_enthalpy_J_per_g", "density_g_per_cm3"};
    std::string lab_summary;
    double enthalpy_uncertainty = 0.3;   ///< J/g
    double yield_uncertainty = 20.0;     ///< MPa
    double density_uncertainty = 0.005;  ///< g/cm^3
    double residual_strain_uncertainty = 1e-4;
    std::string md_campaign;             ///< campaign-summary.csv fitted instead of a lab summary ("" = none)
    bool md_measured_stress = false;     ///< MD holds at the stress the barostat held (else the target)
    std::vector<std::string> md_observables = {"yield_stress_MPa", "enthalpy_change_J_per_g", "density_change_percent",
                                               "yield_change_percent", "creep_strain", "residual_strain"};
    double density_change_uncertainty = 0.01; ///< %, least standard deviation of MD density changes
    double yield_change_uncertainty = 1.0;    ///< %, least standard deviation of MD yield changes
    bool leave_one_out = true;           ///< refit without each hold and predict it
    std::vector<double> fit_holds;       ///< hold fractions fitted (empty: all); the rest are predicted
    std::string md_summary;              ///< MD summary whose critical stress ratio the fit should match ("" = none)
    double critical_ratio = std::nan(""), critical_ratio_sd = std::nan(""); ///< from it (-)
    bool has_critical_ratio() const { return !std::isnan(critical_ratio_sd); }
    std::vector<std::string> creep_curves; ///< lab creep curves (coupling/creep_curve.h) fitted too
    double creep_strain_uncertainty = 2e-5; ///< default standard deviation of their points (-)
    unsigned int mcmc_samples = 0;       ///< Metropolis posterior samples kept (0: none)
    unsigned int mcmc_burn_in = 500;
  };

  /// Declares subsection Calibration (with the point deck's sections declared by the caller).
  void declare_calibration(dealii::ParameterHandler &prm);
  /// Reads subsection Calibration of a parsed deck and checks it against the deck (every
  /// parameter an existing numeric entry, bounds inside its range and ordered); throws
  /// InputError naming `deck`, key and allowed values.
  CalibrationSettings read_calibration(dealii::ParameterHandler &prm, const std::string &deck);

  /// Hold fractions are matched to 1e-9: is `f` in `list`?
  bool has_fraction(const std::vector<double> &list, double f);
  /// `a` and `b` merged, sorted, each fraction once.
  std::vector<double> merged_fractions(std::vector<double> a, const std::vector<double> &b);

  /// A parameter file's text without its empty subsections ("subsection X" then "end", at any
  /// depth, also those emptied by removing others).
  std::string without_empty_subsections(const std::string &text);

  /// Copies every value of `from` into `to`, which declares the entries to keep (others are
  /// skipped).
  void copy_values(const dealii::ParameterHandler &from, dealii::ParameterHandler &to);

  /// Sets the entry "Section/Sub/Key" of `prm` to `value` (checked against its pattern).
  void set_entry(dealii::ParameterHandler &prm, const std::string &path, const std::string &value);
} // namespace bmgcreep::calibration
