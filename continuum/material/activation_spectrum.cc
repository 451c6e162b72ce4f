#include "continuum/material/activation_spectrum.h"

#include <algorithm>

namespace bmgcreep::material
{
  ActivationSpectrum::ActivationSpectrum(const double mean, const double width, const unsigned int bins)
  {
    const unsigned int n = std::max(1u, bins);
    double sum = 0.0;
    for (unsigned int i = 0; i < n; ++i)
      {
        const double z = n == 1 ? 0.0 : -3.0 + 6.0 * i / (n - 1);
        z_.push_back(z);
        energy_.push_back(mean + z * width);
        weight_.push_back(std::exp(-0.5 * z * z));
        sum += weight_.back();
      }
    for (double &w : weight_)
      w /= sum;
  }

  std::vector<double> ActivationSpectrum::tilt(const double slope) const
  {
    std::vector<double> t;
    for (const double z : z_)
      t.push_back(std::exp(slope * z));
    return t;
  }

  double ActivationSpectrum::tilt_mean(const std::vector<double> &factors) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < size(); ++i)
      s += weight_[i] * factors[i];
    return s;
  }

  BackStressSplit back_stress_split(const double beta, const double H2, const double lp, const double la)
  {
    BackStressSplit b;
    const double det = b.det = 1.0 + beta * (lp + la) + H2 * la + beta * H2 * lp * la;
    b.alpha1 = beta * (1.0 + H2 * la) / det;
    b.alpha2 = beta * la * H2 / det;
    b.r1 = beta / det;
    b.r2 = -H2 * (1.0 + beta * lp) / det;
    return b;
  }
} // namespace bmgcreep::material
