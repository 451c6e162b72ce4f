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
} // namespace bmgcreep
