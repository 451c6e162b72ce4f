// A seeded random-walk Metropolis sampler of the posterior of a least-squares fit, in the scaled
// coordinates u in [0, 1]^n: log posterior = -chi^2(u) / 2 inside the box (a uniform prior over
// the bounds; Gaussian priors are already residuals), proposals from a multivariate normal shaped
// like the Laplace covariance at the optimum.
#pragma once

#include "calibration/least_squares.h"

#include <vector>

namespace bmgcreep::calibration
{
  struct McmcResult
  {
    std::vector<std::vector<double>> u;         ///< the kept samples (after burn-in)
    std::vector<std::vector<double>> residuals; ///< the weighted residuals at each kept sample
    double acceptance = 0.0;                    ///< accepted / proposed, burn-in included
    double step_scale = 1.0;                    ///< proposal size after burn-in, relative to the given covariance
    std::vector<double> effective_sample_size;  ///< per parameter
    unsigned int evaluations = 0;
  };

  /// `count` kept samples after `burn_in` from `u0` with proposal covariance (2.38^2 / n) x
  /// `covariance_u` (n x n, in u; a direction with no finite variance gets 0.1^2); seeded.
  McmcResult metropolis(const Residuals &f, const std::vector<double> &u0,
                        const std::vector<std::vector<double>> &covariance_u, unsigned int count,
                        unsigned int burn_in, unsigned int seed);

  /// Effective sample size of a chain: n / (1 + 2 sum of autocorrelations), the sum taken over
  /// pairs of lags while their sum stays positive (Geyer's initial positive sequence).
  double effective_sample_size(const std::vector<double> &chain);

  /// The q-quantile (0..1) of `values` (linear interpolation between order statistics).
  double quantile(std::vector<double> values, double q);
} // namespace bmgcreep::calibration
