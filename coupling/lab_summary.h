// Lab summaries of elastostatic-compression holds, in the format of
// cases/zhang2017/zhang2017_lab.csv: '#' comment lines, a header naming the columns, one
// row per condition (the as-cast one has hold fraction 0). Optional columns: residual_strain,
// and the uncertainties relaxation_enthalpy_uncertainty_J_per_g, yield_stress_uncertainty_MPa,
// density_uncertainty_g_per_cm3, residual_strain_uncertainty (one standard deviation, > 0).
#pragma once

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep
{
  struct LabCondition
  {
    double hold_fraction = 0.0;       ///< of the as-cast yield stress (-)
    double hold_stress_MPa = 0.0;
    double hold_time_h = 0.0;
    double temperature_K = std::nan(""); ///< NaN without a temperature_K column
    std::size_t line = 0;                ///< the row's line in the file (1-based)
    bool has_hold_stress = false, has_hold_time = false; ///< the file has those columns
    double relaxation_enthalpy_J_per_g = 0.0;
    double yield_stress_MPa = 0.0;
    double density_g_per_cm3 = 0.0;
    // Optional columns (NaN when the file has none): residual strain after the hold, and the
    // one-standard-deviation uncertainty of each measured value.
    double residual_strain = std::nan("");
    double relaxation_enthalpy_uncertainty_J_per_g = std::nan("");
    double yield_stress_uncertainty_MPa = std::nan("");
    double density_uncertainty_g_per_cm3 = std::nan("");
    double residual_strain_uncertainty = std::nan("");
  };

  /// Reads a lab summary; throws std::runtime_error with one line naming the file, the line
  /// and the column for a missing file or column, a non-numeric or NaN value, a negative
  /// stress, time or enthalpy, or a missing as-cast row.
  std::vector<LabCondition> read_lab_summary(const std::string &path);

  /// What a run is of, for checking a lab summary against it.
  struct RunProtocol
  {
    double hold_time_h = 0.0;
    double temperature_K = 0.0;
    double reference_yield_MPa = 0.0; ///< the hold fractions are of this (NaN: of the model's own, not checked)
  };

  /// Tolerances of the check: hold time 1 % relative, temperature 1 K, hold stress 2 % of the
  /// fraction times the reference yield.
  inline constexpr double lab_hold_time_tolerance = 0.01, lab_temperature_tolerance_K = 1.0,
                          lab_hold_stress_tolerance = 0.02;

  /// One line per lab row and column that does not describe `run`: a hold row's hold_time_h
  /// (not the as-cast row's), any row's temperature_K, a hold row's hold_stress_MPa against its
  /// fraction of the reference yield; each names the file, line, column, the lab and the deck
  /// values. Columns the file does not have are not checked.
  std::vector<std::string> lab_protocol_mismatches(const std::string &path, const std::vector<LabCondition> &lab,
                                                   const RunProtocol &run);
} // namespace bmgcreep
