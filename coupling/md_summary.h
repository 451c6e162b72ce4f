// What MD hold campaigns teach the lab fit, read from their summaries: the critical stress
// ratio sigma_c / sigma_y at which a hold turns from relaxing the glass (enthalpy down) to
// rejuvenating it (enthalpy up). Two formats: the study's reference values
// (quantity,value,unit with critical_stress and yield_stress) and bmgcreep md's
// campaign-summary.csv (enthalpy change against hold stress fraction, with standard errors).
#pragma once

#include <string>

namespace bmgcreep
{
  struct CriticalRatio
  {
    double value = 0.0;       ///< sigma_c / sigma_y (-)
    double uncertainty = 0.0; ///< one standard deviation (-)
    std::string how;          ///< one line: where it came from
  };

  /// Reads an MD summary and returns its critical ratio. The study's format: sigma_c /
  /// sigma_y with the uncertainty of a crossing known to one stress step (hold_stress_step /
  /// sqrt(12) / sigma_y). A campaign summary: the first sign change of the mean enthalpy change
  /// from negative to positive between consecutive holds, linearly interpolated, with the
  /// uncertainty of the bracket (width / sqrt(12)). Throws std::runtime_error naming the file for
  /// missing columns or values, or when the enthalpy change never turns positive.
  CriticalRatio critical_ratio_from_md(const std::string &path);
} // namespace bmgcreep
