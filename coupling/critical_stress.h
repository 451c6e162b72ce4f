// The critical stress of a hold campaign, step-aware (issue 25). Below the critical stress a hold
// relaxes the glass (its enthalpy falls), above it the glass flows and is rejuvenated; in MD the
// change is a step, not a line (md-medium: holds that crept < 5 % average -0.11 J/g, those that
// crept more +10.3 J/g). A straight line through the two holds that bracket the sign change puts
// the crossing wherever the step's two levels happen to make it, with an interval that reflects
// the line, not the data. This estimator fits the step instead:
//
//   y = a (x < c),  y = b (x > c),  a < 0 < b,
//
// by least squares over every split of the points sorted by x (the levels are the means of the
// two sides). The onset c is known only to lie between the two neighbouring x of the best split:
// the estimate is that gap's midpoint, and the interval is the union of the gaps of every split
// whose residual sum of squares S_k passes the profile-likelihood test
//   (S_k - S_min) / (S_min / (n - 2)) <= t^2(confidence, n - 2)
// (Hinkley 1970's approximation for a change point: the statistic is not exactly F(1, n - 2),
// since c is not a regular parameter, and the interval is a little too narrow for few points).
// One estimator for both places that need it: bmgcreep md's campaign statistics (per-sample
// points) and the MD-to-lab bridge (coupling/md_summary.cc: per-sample points of a campaign.csv,
// or the condition means of a summary without one).
#pragma once

#include <string>
#include <vector>

namespace bmgcreep
{
  /// The two-sided Student-t quantile: t with P(|T| <= t) = confidence for `dof` degrees of
  /// freedom (e.g. 12.706 for 0.95 and 1 dof, 1.960 in the limit). Throws std::invalid_argument
  /// for a confidence outside (0, 1) or no degree of freedom.
  double student_t_two_sided(double confidence, unsigned int dof);

  struct StepOnset
  {
    bool found = false;   ///< a best split with its level below negative and above positive
    double x = 0.0;       ///< the midpoint of the best split's gap
    double gap_low = 0.0, gap_high = 0.0; ///< the neighbouring x of the best split
    double low = 0.0, high = 0.0;         ///< the interval: the union of the accepted splits' gaps
    double level_below = 0.0, level_above = 0.0; ///< the two fitted levels
    unsigned int points_below = 0, points_above = 0;
    unsigned int dof = 0;        ///< points - 2
    unsigned int accepted = 0;   ///< splits inside the interval
    /// The two levels differ at the confidence: the interval of b - a with the pooled scatter
    /// S_min / (n - 2) and t(n - 2) excludes zero.
    bool step_resolved = false;
    std::string note; ///< why none was found
    /// The standard uncertainty of a value known only to lie in [low, high]: (high - low) / sqrt(12).
    double uncertainty() const;
  };

  /// The step fit of the points (x, y) at `confidence`. Needs at least 3 points with at least 2
  /// distinct x; throws std::invalid_argument for unequal lengths or a non-finite value.
  StepOnset step_onset(const std::vector<double> &x, const std::vector<double> &y, double confidence = 0.95);
} // namespace bmgcreep
