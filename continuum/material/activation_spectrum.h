// What laws 4 and 5 share: a Gaussian spectrum of relaxation barriers, its tilted weights, the
// quench that freezes it in, and the algebra of a back-stress-limited STZ beside viscoplastic
// flow in one backward-Euler step. One copy, so that the two laws cannot drift apart.
#pragma once

#include "coupling/units.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace bmgcreep::material
{
  /// A Gaussian spectrum of activation energies: `bins` equal steps over mean +- 3 width (one
  /// bin at the mean when bins = 1), with weights exp(-z^2 / 2) normalised to 1.
  class ActivationSpectrum
  {
  public:
    /// mean and width in J; bins >= 1 (0 is taken as 1).
    ActivationSpectrum(double mean, double width, unsigned int bins);

    unsigned int size() const { return static_cast<unsigned int>(energy_.size()); }
    const std::vector<double> &energies() const { return energy_; }
    const std::vector<double> &weights() const { return weight_; }

    /// The tilt factors exp(slope z_i) of a weighting that leans towards the low (slope < 0)
    /// or high (slope > 0) barriers, and their spectrum mean sum_i p_i exp(slope z_i): dividing
    /// by it keeps the weighted spectrum's mean, so a tilt moves weight between bins only.
    std::vector<double> tilt(double slope) const;
    double tilt_mean(const std::vector<double> &factors) const;

  private:
    std::vector<double> z_, energy_, weight_;
  };

  /// A linear quench from T_start down to T_end (K) at `rate` (K/s) of bins with activation
  /// energies `energy` (J) and attempt frequency nu (1/s), in steps of at most 0.25 K: for every
  /// step and bin, relax(i, T, decay) with T the step's middle and decay =
  /// exp(-nu exp(-E_i / k T) dt), the exact factor by which bin i's distance from its
  /// equilibrium at T shrinks over the step (the rate and T of the middle held over the step).
  template <class F>
  void quench(const std::vector<double> &energy, const double nu, const double T_start, const double T_end,
              const double rate, F &&relax)
  {
    const unsigned int steps = std::max(1u, static_cast<unsigned int>(std::ceil((T_start - T_end) / 0.25)));
    const double dT = (T_start - T_end) / steps, dt = dT / rate;
    for (unsigned int k = 0; k < steps; ++k)
      {
        const double T = T_start - (k + 0.5) * dT;
        for (unsigned int i = 0; i < energy.size(); ++i)
          {
            const double k_i = nu * std::exp(-energy[i] / (units::boltzmann * T));
            relax(i, T, std::exp(-k_i * dt));
          }
      }
  }

  /// One backward-Euler step of viscoplastic flow De_p = lambda_p s beside a back-stress-limited
  /// STZ De_a = lambda_a (s - b), b = H2 e_a, under the trial elastic strain deviator e* with the
  /// STZ strain a0 at the start: s = alpha1 e* + alpha2 a0 and s - b = r1 e* + r2 a0, expanded
  /// so that nothing cancels (beta = 2 mu).
  struct BackStressSplit
  {
    double det = 1.0; ///< (1 + beta (lp + la)) (1 + H2 la) - beta H2 la^2
    double alpha1 = 0.0, alpha2 = 0.0, r1 = 0.0, r2 = 0.0;
  };
  BackStressSplit back_stress_split(double beta, double H2, double lambda_p, double lambda_a);

  /// |c1 e* + c2 a0|^2 from P = e*:e*, Q = e*:a0, R = a0:a0 (never below 0).
  inline double split_norm2(const double c1, const double c2, const double P, const double Q, const double R)
  {
    return std::max(c1 * c1 * P + 2.0 * c1 * c2 * Q + c2 * c2 * R, 0.0);
  }
} // namespace bmgcreep::material
