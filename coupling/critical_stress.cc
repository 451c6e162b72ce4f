#include "coupling/critical_stress.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace bmgcreep
{
  double student_t_two_sided(const double confidence, const unsigned int dof)
  {
    if (!(confidence > 0.0 && confidence < 1.0) || dof == 0)
      throw std::invalid_argument("student_t_two_sided: confidence in (0, 1) and at least 1 degree of freedom");
    const boost::math::students_t t(static_cast<double>(dof));
    return boost::math::quantile(t, 0.5 + confidence / 2.0);
  }

  double StepOnset::uncertainty() const { return (high - low) / std::sqrt(12.0); }

  StepOnset step_onset(const std::vector<double> &x, const std::vector<double> &y, const double confidence)
  {
    if (x.size() != y.size())
      throw std::invalid_argument("step_onset: as many x as y");
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
        throw std::invalid_argument("step_onset: a point is not finite");
    StepOnset s;
    const std::size_t n = x.size();
    if (n < 3)
      {
        s.note = "fewer than 3 points to fit a step with its scatter";
        return s;
      }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> xs(n), ys(n);
    for (std::size_t i = 0; i < n; ++i)
      {
        xs[i] = x[order[i]];
        ys[i] = y[order[i]];
      }
    // Split k: points [0, k) below, [k, n) above, only where xs[k-1] < xs[k].
    struct Split
    {
      std::size_t k;
      double below, above, rss;
    };
    std::vector<Split> splits;
    for (std::size_t k = 1; k < n; ++k)
      {
        if (!(xs[k - 1] < xs[k]))
          continue;
        double a = 0.0, b = 0.0;
        for (std::size_t i = 0; i < k; ++i)
          a += ys[i] / static_cast<double>(k);
        for (std::size_t i = k; i < n; ++i)
          b += ys[i] / static_cast<double>(n - k);
        double rss = 0.0;
        for (std::size_t i = 0; i < n; ++i)
          rss += std::pow(ys[i] - (i < k ? a : b), 2);
        splits.push_back({k, a, b, rss});
      }
    if (splits.empty())
      {
        s.note = "the points share one x";
        return s;
      }
    const Split best = *std::min_element(splits.begin(), splits.end(),
                                         [](const Split &p, const Split &q) { return p.rss < q.rss; });
    s.dof = static_cast<unsigned int>(n - 2);
    s.gap_low = xs[best.k - 1];
    s.gap_high = xs[best.k];
    s.x = 0.5 * (s.gap_low + s.gap_high);
    s.level_below = best.below;
    s.level_above = best.above;
    s.points_below = static_cast<unsigned int>(best.k);
    s.points_above = static_cast<unsigned int>(n - best.k);
    if (!(best.below < 0.0 && best.above > 0.0))
      {
        s.note = "the best step (between " + std::to_string(s.gap_low) + " and " + std::to_string(s.gap_high) +
                 ") does not go from a negative to a positive level";
        return s;
      }
    s.found = true;
    const double t = student_t_two_sided(confidence, s.dof);
    const double s2 = best.rss / s.dof;
    const double se = std::sqrt(s2 * (1.0 / s.points_below + 1.0 / s.points_above));
    s.step_resolved = (best.above - best.below) > t * se;
    // The interval: every split the profile-likelihood test accepts (all of them when the best
    // fit is exact and others are not: then only splits as good as the best).
    s.low = s.gap_low;
    s.high = s.gap_high;
    for (const Split &p : splits)
      {
        const bool accepted = s2 > 0.0 ? (p.rss - best.rss) / s2 <= t * t : p.rss <= best.rss;
        if (!accepted)
          continue;
        ++s.accepted;
        s.low = std::min(s.low, xs[p.k - 1]);
        s.high = std::max(s.high, xs[p.k]);
      }
    return s;
  }
} // namespace bmgcreep
