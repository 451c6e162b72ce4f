// The critical stress of a hold: the fraction of yield where the relaxation-enthalpy change of
// a hold (against as cast) turns from negative (relaxation) to positive (rejuvenation). The
// crossing is bracketed on a grid of holds and refined by bisection on single holds. One
// root finder for `bmgcreep calibrate` (the fitted model's critical ratio at the deck's hold
// time, calibration/critical_ratio.h) and `bmgcreep map` (sigma_c at every hold time of the
// map, relaxation_map.h), so that the two agree.
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace bmgcreep::material
{
  /// `holds`: (hold fraction, enthalpy change) by increasing fraction. The first i with
  /// holds[i - 1] negative and holds[i] not: the crossing's bracket; 0 if there is none.
  std::size_t first_upward_crossing(const std::vector<std::pair<double, double> > &holds);

  /// The root of `change` (the enthalpy change of a hold at a fraction of yield) in [lo, hi],
  /// where change_lo < 0 <= change_hi: bisection until the bracket is at most `tolerance`
  /// wide, then the secant in the last bracket. Throws std::logic_error if [lo, hi] brackets
  /// no upward sign change; whatever `change` throws passes through.
  double refine_crossing(const std::function<double(double)> &change, double lo, double change_lo, double hi,
                         double change_hi, double tolerance);
} // namespace bmgcreep::material
