// The glass transition temperature from a cooling curve: two straight lines (liquid and glass)
// fitted to volume (or enthalpy) against temperature, split where the total squared error is
// least; Tg is where the lines cross.
#pragma once

#include <vector>

namespace bmgcreep::atomistic
{
  struct TwoLineFit
  {
    double tg = 0.0;                           ///< K, where the lines cross
    double low_slope = 0.0, low_intercept = 0.0;   ///< glass branch (low temperatures)
    double high_slope = 0.0, high_intercept = 0.0; ///< liquid branch
    unsigned int split = 0;                    ///< points [0, split) on the low branch (sorted by T)
    double rms = 0.0;                          ///< residual (units of y)
    /// A transition was found: Tg lies inside the fitted temperature range, the liquid branch is
    /// steeper than the glass branch (larger expansion / heat capacity), and two lines leave
    /// less than half the squared error of one. When false,
    /// the curve shows no glass transition at this resolution and `tg` means nothing.
    bool found = false;
  };

  /// Fits two lines to (T, y); needs at least `min_points` points on each branch. Throws
  /// std::invalid_argument with too few points or parallel lines.
  TwoLineFit fit_two_lines(std::vector<double> T, std::vector<double> y, unsigned int min_points = 3);

  /// Yield of a stress-strain curve (compressive positive): Young's modulus from a straight line
  /// through the points up to `fit_strain`, the stress where the plastic strain
  /// e - (s - s0)/E first rises through `offset` beyond the fit window (linear interpolation;
  /// NaN if never), and the peak (a peak at the curve's last point was not reached: the test
  /// ended first, `peak_at_end`).
  struct YieldPoint
  {
    double modulus = 0.0;       ///< units of stress
    double offset_yield = 0.0;  ///< 0.2 % offset (or `offset`) yield stress
    double peak = 0.0;          ///< largest stress
    double peak_strain = 0.0;
    bool peak_at_end = false;   ///< the largest stress is the curve's last point
  };
  YieldPoint read_yield(const std::vector<double> &strain, const std::vector<double> &stress, double offset = 0.002,
                        double fit_strain = 0.01);
} // namespace bmgcreep::atomistic
