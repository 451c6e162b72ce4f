#include "atomistic/glass_transition.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
    struct Line
    {
      double slope = 0.0, intercept = 0.0, sse = 0.0;
    };

    Line least_squares(const std::vector<double> &x, const std::vector<double> &y, const std::size_t a,
                       const std::size_t b)
    {
      const double n = static_cast<double>(b - a);
      double sx = 0, sy = 0;
      for (std::size_t i = a; i < b; ++i)
        {
          sx += x[i];
          sy += y[i];
        }
      const double mx = sx / n, my = sy / n;
      double sxx = 0, sxy = 0;
      for (std::size_t i = a; i < b; ++i)
        {
          sxx += (x[i] - mx) * (x[i] - mx);
          sxy += (x[i] - mx) * (y[i] - my);
        }
      Line l;
      l.slope = sxx > 0.0 ? sxy / sxx : 0.0;
      l.intercept = my - l.slope * mx;
      for (std::size_t i = a; i < b; ++i)
        l.sse += std::pow(y[i] - (l.intercept + l.slope * x[i]), 2);
      return l;
    }
  } // namespace

  TwoLineFit fit_two_lines(std::vector<double> T, std::vector<double> y, const unsigned int min_points)
  {
    if (T.size() != y.size() || T.size() < 2 * std::max(2u, min_points))
      throw std::invalid_argument("glass transition fit: need at least " + std::to_string(2 * std::max(2u, min_points)) +
                                  " points of the cooling curve, got " + std::to_string(T.size()));
    std::vector<std::size_t> order(T.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return T[a] < T[b]; });
    std::vector<double> x(T.size()), v(T.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      {
        x[i] = T[order[i]];
        v[i] = y[order[i]];
      }
    const std::size_t n = x.size(), m = std::max(2u, min_points);
    TwoLineFit best;
    double best_sse = std::numeric_limits<double>::infinity();
    for (std::size_t k = m; k + m <= n; ++k)
      {
        const Line low = least_squares(x, v, 0, k), high = least_squares(x, v, k, n);
        if (low.sse + high.sse < best_sse)
          {
            best_sse = low.sse + high.sse;
            best.low_slope = low.slope;
            best.low_intercept = low.intercept;
            best.high_slope = high.slope;
            best.high_intercept = high.intercept;
            best.split = static_cast<unsigned int>(k);
          }
      }
    const double ds = best.high_slope - best.low_slope;
    if (std::abs(ds) <= 1e-12 * std::max(std::abs(best.high_slope), std::abs(best.low_slope)))
      throw std::invalid_argument("glass transition fit: the two branches have the same slope (no transition "
                                  "in this temperature range)");
    best.tg = (best.low_intercept - best.high_intercept) / ds;
    best.rms = std::sqrt(best_sse / static_cast<double>(n));
    // Significant only if two lines explain the curve much better than one (for a straight
    // line with noise the two-line error is nearly the one-line error).
    const double one_line = least_squares(x, v, 0, n).sse;
    best.found = best.tg > x.front() && best.tg < x.back() && std::abs(best.high_slope) > std::abs(best.low_slope) &&
                 best_sse < 0.5 * one_line;
    return best;
  }

  YieldPoint read_yield(const std::vector<double> &e, const std::vector<double> &s, const double offset,
                        const double fit_strain)
  {
    if (e.size() != s.size() || e.size() < 4)
      throw std::invalid_argument("yield: need at least 4 points of the stress-strain curve");
    std::size_t n_fit = 0;
    while (n_fit < e.size() && e[n_fit] <= fit_strain)
      ++n_fit;
    if (n_fit < 3)
      throw std::invalid_argument("yield: fewer than 3 points below the modulus-fit strain " + std::to_string(fit_strain));
    const Line l = least_squares(e, s, 0, n_fit);
    YieldPoint y;
    y.modulus = l.slope;
    y.offset_yield = std::numeric_limits<double>::quiet_NaN();
    double o_prev = 0.0;
    for (std::size_t i = 0; i < e.size(); ++i)
      {
        if (s[i] > y.peak)
          {
            y.peak = s[i];
            y.peak_strain = e[i];
          }
        // Inside the fit window the plastic strain is the fit's noise (a few 1e-3 for a thousand
        // atoms), so the offset line is crossed only beyond it.
        const double o = e[i] - (s[i] - l.intercept) / l.slope;
        if (std::isnan(y.offset_yield) && i >= n_fit && o >= offset && o_prev < offset)
          {
            const double w = (offset - o_prev) / (o - o_prev);
            y.offset_yield = s[i - 1] + w * (s[i] - s[i - 1]);
          }
        o_prev = o;
      }
    y.peak_at_end = y.peak_strain == e.back();
    return y;
  }
} // namespace bmgcreep::atomistic
