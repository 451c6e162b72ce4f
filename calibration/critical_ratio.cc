#include "calibration/critical_ratio.h"

#include "calibration/forward_model.h"
#include "coupling/text.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bmgcreep::calibration
{
  std::vector<double> critical_ratio_grid()
  {
    std::vector<double> grid;
    for (int i = 0; i <= 12; ++i)
      grid.push_back(0.30 + 0.05 * i);
    return grid;
  }

  namespace
  {
    /// The holds of `r` as (fraction, enthalpy change from as cast), by fraction.
    std::vector<std::pair<double, double>> enthalpy_changes(const material::PointCaseResult &r)
    {
      std::vector<std::pair<double, double>> holds;
      for (const auto &c : r.conditions)
        if (c.hold_fraction > 0.0)
          holds.emplace_back(c.hold_fraction, c.relaxation_enthalpy - r.conditions.front().relaxation_enthalpy);
      std::sort(holds.begin(), holds.end());
      if (holds.empty())
        throw std::logic_error("model_critical_ratio: no holds");
      return holds;
    }
  } // namespace

  double model_critical_ratio(const material::PointCaseResult &r)
  {
    const auto holds = enthalpy_changes(r);
    if (holds.front().second >= 0.0)
      return holds.front().first;
    if (const std::size_t i = material::first_upward_crossing(holds))
      return holds[i - 1].first +
             (holds[i].first - holds[i - 1].first) * (-holds[i - 1].second) / (holds[i].second - holds[i - 1].second);
    return 1.0;
  }

  double ForwardModel::critical_ratio(const std::vector<double> &x) const
  {
    material::PointCaseResult r;
    try
      {
        r = run(x, critical_ratio_grid());
      }
    catch (const std::exception &e)
      {
        if (is_deck_error(e))
          throw;
        // A hold of the grid failed (runaway creep near yield): the crossing may still lie
        // below it. The grid's holds one at a time, upwards, until the enthalpy change turns
        // positive.
        r = material::PointCaseResult();
        for (const double f : critical_ratio_grid())
          {
            const material::PointCaseResult one = run(x, {f}); // throws if this hold fails before a crossing
            if (r.conditions.empty())
              r = one;
            else
              r.conditions.push_back(one.conditions.back());
            if (one.conditions.back().relaxation_enthalpy >= one.conditions.front().relaxation_enthalpy)
              break;
          }
      }
    // The grid brackets the crossing; bisection on single holds then finds it to 1e-4 of yield.
    const auto holds = enthalpy_changes(r);
    if (const std::size_t i = material::first_upward_crossing(holds))
      return refine_crossing(
        [&](const double f) {
          const material::PointCaseResult one = run(x, {f});
          return one.conditions.back().relaxation_enthalpy - one.conditions.front().relaxation_enthalpy;
        },
        holds[i - 1].first, holds[i - 1].second, holds[i].first, holds[i].second, critical_ratio_tolerance);
    return model_critical_ratio(r); // a bound: below the grid's first hold, or 1 (no crossing)
  }

  FittedCriticalRatio fitted_critical_ratio(const ForwardModel &fit, const std::vector<double> &u,
                                            const Uncertainty &unc, const std::vector<double> &scale)
  {
    const auto ratio_at = [&fit](const std::vector<double> &v) {
      try
        {
          return fit.critical_ratio(fit.physical(v));
        }
      catch (const std::exception &e) // e.g. runaway creep on the grid's highest holds
        {
          if (is_deck_error(e))
            throw;
          return std::nan("");
        }
    };
    FittedCriticalRatio r;
    r.value = ratio_at(u);
    r.evaluations = 1;
    const double lowest = critical_ratio_grid().front();
    r.bounded = r.value <= lowest + 1e-12 || r.value >= 1.0;
    if (std::isnan(r.value))
      {
        r.why = "the fitted model fails on the grid's holds";
        return r;
      }
    if (r.bounded)
      {
        r.why = "a bound, not a crossing";
        return r;
      }
    const std::vector<FitParameter> &parameters = fit.settings().parameters;
    std::vector<double> dr_du(u.size(), 0.0);
    for (std::size_t i = 0; i < u.size() && r.why.empty(); ++i)
      {
        std::vector<double> up = u, down = u;
        up[i] = std::min(1.0, u[i] + 1e-3);
        down[i] = std::max(0.0, u[i] - 1e-3);
        // A neighbour whose ratio is a bound (grid end) has no value to difference.
        const auto value = [lowest](const double c) { return c <= lowest + 1e-12 || c >= 1.0 ? std::nan("") : c; };
        const double r_up = value(ratio_at(up)), r_down = value(ratio_at(down));
        r.evaluations += 2;
        if (std::isfinite(r_up) && std::isfinite(r_down))
          dr_du[i] = (r_up - r_down) / (up[i] - down[i]);
        else if (std::isfinite(r_up) && up[i] > u[i])
          dr_du[i] = (r_up - r.value) / (up[i] - u[i]);
        else if (std::isfinite(r_down) && down[i] < u[i])
          dr_du[i] = (r.value - r_down) / (u[i] - down[i]);
        else
          r.why = "models on both sides of the fit in " + parameters[i].path + " fail on the grid's holds";
        if (r.why.empty() && !unc.identifiable[i] && dr_du[i] != 0.0)
          r.why = "it depends on " + parameters[i].path + ", which the data do not determine";
      }
    if (r.why.empty())
      r.standard_error = delta_method_sd(dr_du, unc, scale);
    return r;
  }

  std::string FittedCriticalRatio::text() const
  {
    if (std::isnan(value))
      return "not determined (" + why + ")";
    if (value >= 1.0)
      return "> " + to_text(critical_ratio_grid().back()) + " (the enthalpy change never turns positive on the grid)";
    if (bounded)
      return "<= " + to_text(critical_ratio_grid().front()) + " (the enthalpy change is never negative on the grid)";
    return to_text(value) + (std::isfinite(standard_error) ? " +- " + to_text(standard_error) + " (delta method)"
                                                           : " (standard error not determined: " + why + ")");
  }
} // namespace bmgcreep::calibration
