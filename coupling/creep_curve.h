// A lab creep curve: the axial strain of one hold against time. CSV with '#' header lines
// "# key = value" giving the hold (hold_fraction_of_yield, or hold_stress_MPa), temperature_K
// and, optionally, specimen; then a header row with a time column (time_s, time_min or time_h)
// and strain (axial, compressive positive, gained since the hold began), optionally
// strain_uncertainty (one standard deviation). Format and an example: docs/calibration.md.
#pragma once

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep
{
  struct CreepCurve
  {
    std::string path;
    double hold_fraction = std::nan("");   ///< of the as-cast yield stress (NaN if only the stress is given)
    double hold_stress_MPa = std::nan("");
    double temperature_K = 0.0;
    std::string specimen;
    std::vector<double> time_s;            ///< since the hold began
    std::vector<double> strain;            ///< creep strain, compressive positive
    std::vector<double> uncertainty;       ///< per point; NaN where the file gives none
  };

  /// Reads a creep curve; throws std::runtime_error with one line naming the file, the line and
  /// the key or column: missing file, header key or column, an unknown time unit, NaN, a negative
  /// stress, temperature or time, times not increasing, an uncertainty <= 0.
  CreepCurve read_creep_curve(const std::string &path);
} // namespace bmgcreep
