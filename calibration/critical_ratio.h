// The critical stress ratio of a model: the fraction of yield where a hold's relaxation-
// enthalpy change turns from negative (relaxation) to positive (rejuvenation), bracketed on a
// grid of holds and refined by bisection; for a fitted model, its standard error by the delta
// method.
#pragma once

#include "calibration/least_squares.h"
#include "continuum/material/critical_stress.h"
#include "continuum/material/point_case.h"

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// The hold fraction at which the model's relaxation-enthalpy change (against as cast) first
  /// turns from negative to positive, interpolated between the result's holds; 1 if it never
  /// does, the first hold's fraction if it is never negative.
  double model_critical_ratio(const material::PointCaseResult &r);
  /// The hold fractions on which the critical ratio is bracketed: 0.30, 0.35, ..., 0.90.
  std::vector<double> critical_ratio_grid();
  /// Width (fraction of yield) to which the reported critical ratio is found by bisection.
  constexpr double critical_ratio_tolerance = 1e-4;
  /// The root finder, shared with `bmgcreep map` (continuum/material/critical_stress.h).
  using material::refine_crossing;
  class ForwardModel;

  /// The critical ratio of a fitted model with its standard error.
  struct FittedCriticalRatio
  {
    double value = std::nan("");          ///< NaN: the fitted model fails on the grid's holds
    double standard_error = std::nan(""); ///< delta method; NaN: not determined (see why)
    bool bounded = false;                 ///< a grid end: a bound, not a crossing
    std::string why;                      ///< why there is no standard error ("" when there is)
    unsigned int evaluations = 0;         ///< critical-ratio evaluations (each runs the grid)
    /// "0.71 +- 0.02 (delta method)", "> 0.9 (...)", "not determined (...)": as reported.
    std::string text() const;
    /// A value with a standard error, which bridge.csv can carry to a lab fit.
    bool determined() const { return std::isfinite(standard_error) && standard_error > 0.0 && !bounded; }
  };

  /// The critical ratio of `fit` at the scaled optimum `u`, and its standard error by the delta
  /// method: central differences in the scaled parameters (one-sided where a neighbour fails or
  /// is a bound) through the fit's covariance `unc` (`scale`: dx/du per parameter). A ratio that
  /// depends on a parameter the data do not determine has no standard error. Deck errors throw.
  FittedCriticalRatio fitted_critical_ratio(const ForwardModel &fit, const std::vector<double> &u,
                                            const Uncertainty &unc, const std::vector<double> &scale);
} // namespace bmgcreep::calibration
