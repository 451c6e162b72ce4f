// Law 3, "stz-effective-temperature": shear-transformation-zone flow with an effective
// disorder temperature chi (Falk & Langer, PRE 57:7192, 1998; Langer, PRE 77:021502, 2008;
// Bouchbinder & Langer, PRE 80:031131-3, 2009; Rycroft & Bouchbinder, PRL 109:194301, 2012).
// STZ density exp(-1/chi); plastic work drives chi toward a rate-dependent steady value
// chi_hat(gamma_dot) = chi_w / ln(1 + gamma_dot_0 / gamma_dot); thermal aging relaxes chi
// toward chi_T. Equations in docs/constitutive-laws.md.
#pragma once

#include "continuum/material/activated_flow_law.h"

#include <deal.II/base/parameter_handler.h>

namespace bmgcreep::material
{
  struct StzParameters
  {
    double attempt_frequency = 1e13;  ///< f (1/s)
    double activation_energy = 0.0;   ///< Delta G (J)
    double activation_volume = 0.0;   ///< Omega (m^3)
    double specific_heat = 1.0;       ///< c0 (-)
    double stress_scale = 1e9;        ///< s0 (Pa)
    double steady_chi = 0.1;          ///< chi_w (-)
    double reference_rate = 1e12;     ///< gamma_dot_0 (1/s)
    double aging_rate = 0.0;          ///< rho (1/s)
    double aging_barrier = 1.0;       ///< A (-)
    double thermal_chi = 0.0;         ///< chi_T (-)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  class StzLaw : public ActivatedFlowLaw
  {
  public:
    StzLaw(const CommonParameters &common, const StzParameters &p);
    std::string name() const override { return "stz-effective-temperature"; }
    std::string internal_variable_name() const override { return "effective_temperature"; }
    KineticRates rates(double tau, double chi) const override;
    /// chi_hat at a plastic shear rate given by its natural log.
    double steady_state_chi(double ln_gamma_dot) const;

  private:
    StzParameters p;
    double a;      ///< Omega / 2kT (1/Pa)
    double log_rate_prefactor; ///< ln(2 f) - Delta G / kT
  };
} // namespace bmgcreep::material
