// Lab summaries of elastostatic-compression holds, in the format of
// cases/zhang2017/zhang2017_lab.csv: '#' comment lines, a header naming the columns, one
// row per condition (the as-cast one has hold fraction 0).
#pragma once

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
  };

  /// Reads a lab summary; throws std::runtime_error with one line naming the file, the line
  /// and the column for a missing file or column, a non-numeric or NaN value, a negative
  /// stress, time or enthalpy, or a missing as-cast row.
  std::vector<LabCondition> read_lab_summary(const std::string &path);
} // namespace bmgcreep
