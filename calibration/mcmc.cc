#include "calibration/mcmc.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace bmgcreep::calibration
{
  namespace
  {
    double chi2_of(const std::vector<double> &r) { return std::inner_product(r.begin(), r.end(), r.begin(), 0.0); }

    /// Lower Cholesky factor of a symmetric positive definite n x n matrix (n small).
    std::vector<std::vector<double>> cholesky(std::vector<std::vector<double>> a)
    {
      const std::size_t n = a.size();
      std::vector<std::vector<double>> L(n, std::vector<double>(n, 0.0));
      for (std::size_t j = 0; j < n; ++j)
        {
          double d = a[j][j];
          for (std::size_t k = 0; k < j; ++k)
            d -= L[j][k] * L[j][k];
          if (!(d > 0.0))
            throw std::runtime_error("MCMC: the proposal covariance is not positive definite");
          L[j][j] = std::sqrt(d);
          for (std::size_t i = j + 1; i < n; ++i)
            {
              double s = a[i][j];
              for (std::size_t k = 0; k < j; ++k)
                s -= L[i][k] * L[j][k];
              L[i][j] = s / L[j][j];
            }
        }
      return L;
    }
  } // namespace

  double quantile(std::vector<double> values, const double q)
  {
    if (values.empty())
      return std::nan("");
    std::sort(values.begin(), values.end());
    const double pos = q * static_cast<double>(values.size() - 1);
    const std::size_t i = static_cast<std::size_t>(std::floor(pos));
    const double t = pos - static_cast<double>(i);
    return i + 1 < values.size() ? (1.0 - t) * values[i] + t * values[i + 1] : values[i];
  }

  double effective_sample_size(const std::vector<double> &chain)
  {
    const std::size_t n = chain.size();
    if (n < 4)
      return static_cast<double>(n);
    const double mean = std::accumulate(chain.begin(), chain.end(), 0.0) / n;
    double var = 0.0;
    for (const double x : chain)
      var += (x - mean) * (x - mean);
    var /= n;
    if (!(var > 0.0))
      return static_cast<double>(n);
    const auto rho = [&](const std::size_t lag) {
      double s = 0.0;
      for (std::size_t i = 0; i + lag < n; ++i)
        s += (chain[i] - mean) * (chain[i + lag] - mean);
      return s / (n * var);
    };
    double sum = 0.0;
    for (std::size_t k = 1; k + 1 < n; k += 2)
      {
        const double pair = rho(k) + rho(k + 1);
        if (pair <= 0.0)
          break;
        sum += pair;
      }
    return n / (1.0 + 2.0 * sum);
  }

  McmcResult metropolis(const Residuals &f, const std::vector<double> &u0, const std::vector<std::vector<double>> &covariance_u,
                        const unsigned int count, const unsigned int burn_in, const unsigned int seed)
  {
    const std::size_t n = u0.size();
    std::vector<std::vector<double>> c(n, std::vector<double>(n, 0.0));
    const double scale = 2.38 * 2.38 / static_cast<double>(n);
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b)
        {
          const bool finite = std::isfinite(covariance_u[a][a]) && std::isfinite(covariance_u[b][b]) && covariance_u[a][a] > 0.0 &&
                              covariance_u[b][b] > 0.0 && std::isfinite(covariance_u[a][b]);
          c[a][b] = a == b ? scale * (finite ? std::min(covariance_u[a][a], 0.25) : 0.01) : finite ? scale * covariance_u[a][b] : 0.0;
        }
    // A correlation of almost 1 leaves the matrix numerically singular: add a small diagonal.
    for (std::size_t a = 0; a < n; ++a)
      c[a][a] *= 1.0 + 1e-6;
    const auto L = cholesky(c);
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    McmcResult out;
    std::vector<double> u = u0, r = f(u);
    double chi2 = chi2_of(r);
    out.evaluations = 1;
    unsigned int accepted = 0;
    const unsigned int total = count + burn_in;
    // During burn-in the proposal's size adapts to the acceptance of each window of 25 steps
    // (halved below 15 %, grown by half above 40 %): the Gauss-Newton covariance can be far
    // too wide for a strongly non-linear model. After burn-in it stays fixed, so the chain
    // samples the posterior.
    double step_scale = 1.0;
    unsigned int window_accepted = 0;
    constexpr unsigned int window = 25;
    for (unsigned int step = 0; step < total; ++step)
      {
        if (step < burn_in && step > 0 && step % window == 0)
          {
            const double rate = double(window_accepted) / window;
            if (rate < 0.15)
              step_scale *= 0.5;
            else if (rate > 0.4)
              step_scale = std::min(1.0, 1.5 * step_scale);
            window_accepted = 0;
          }
        std::vector<double> z(n), v = u;
        for (auto &zi : z)
          zi = normal(rng);
        for (std::size_t a = 0; a < n; ++a)
          for (std::size_t b = 0; b <= a; ++b)
            v[a] += step_scale * L[a][b] * z[b];
        const bool inside = std::all_of(v.begin(), v.end(), [](const double x) { return x >= 0.0 && x <= 1.0; });
        if (inside)
          {
            const auto rv = f(v);
            ++out.evaluations;
            const double chi2v = chi2_of(rv);
            if (std::log(uniform(rng)) < -0.5 * (chi2v - chi2))
              {
                u = v;
                r = rv;
                chi2 = chi2v;
                ++accepted;
                ++window_accepted;
              }
          }
        if (step >= burn_in)
          {
            out.u.push_back(u);
            out.residuals.push_back(r);
          }
      }
    out.acceptance = static_cast<double>(accepted) / total;
    out.step_scale = step_scale;
    for (std::size_t a = 0; a < n; ++a)
      {
        std::vector<double> chain;
        for (const auto &s : out.u)
          chain.push_back(s[a]);
        out.effective_sample_size.push_back(effective_sample_size(chain));
      }
    return out;
  }
} // namespace bmgcreep::calibration
