#include "continuum/material/stz_law.h"

#include "coupling/units.h"

#include <cmath>

namespace bmgcreep::material
{
  using dealii::Patterns::Double;

  void StzParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("STZ");
    prm.declare_entry("Attempt frequency", "1e13", Double(1e-30, 1e20),
                      "Attempt frequency f of an STZ transition (1/s), 1e-30 to 1e20");
    prm.declare_entry("Activation energy", "0.8", Double(0.0, 10.0),
                      "Activation energy Delta G of an STZ transition (eV), 0 to 10");
    prm.declare_entry("Activation volume", "100", Double(1e-3, 1e5),
                      "Activation volume Omega of an STZ transition (A^3), 1e-3 to 1e5");
    prm.declare_entry("Specific heat", "1", Double(1e-6, 1e6),
                      "Effective specific heat c0 of the configurational degrees of freedom (-), 1e-6 to 1e6");
    prm.declare_entry("Stress scale", "1", Double(1e-6, 1e3),
                      "Energy-density scale s0 normalising the plastic work rate (GPa), 1e-6 to 1e3");
    prm.declare_entry("Steady chi", "0.1", Double(1e-4, 10.0),
                      "chi_w, sets the steady state chi_hat = chi_w / ln(1 + gamma_dot_0/gamma_dot) (-), 1e-4 to 10");
    prm.declare_entry("Reference shear rate", "1e12", Double(1e-30, 1e30),
                      "gamma_dot_0 in chi_hat, the molecular rate scale q0/tau0 (1/s), 1e-30 to 1e30");
    prm.declare_entry("Aging rate", "0", Double(0.0, 1e30),
                      "Thermal aging rate rho(T) of chi toward chi_T (1/s), 0 to 1e30");
    prm.declare_entry("Aging barrier", "1", Double(0.0, 1e3),
                      "A in the aging factor exp(-A/chi) (-), 0 to 1e3");
    prm.declare_entry("Thermal chi", "0", Double(0.0, 10.0),
                      "chi_T, the effective temperature thermal aging tends to (-), 0 to 10");
    prm.leave_subsection();
  }

  void StzParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("STZ");
    attempt_frequency = prm.get_double("Attempt frequency");
    activation_energy = units::ev_to_j(prm.get_double("Activation energy"));
    activation_volume = units::cubic_angstrom_to_m3(prm.get_double("Activation volume"));
    specific_heat = prm.get_double("Specific heat");
    stress_scale = units::gpa_to_pa(prm.get_double("Stress scale"));
    steady_chi = prm.get_double("Steady chi");
    reference_rate = prm.get_double("Reference shear rate");
    aging_rate = prm.get_double("Aging rate");
    aging_barrier = prm.get_double("Aging barrier");
    thermal_chi = prm.get_double("Thermal chi");
    prm.leave_subsection();
  }

  StzLaw::StzLaw(const CommonParameters &common, const StzParameters &p_)
    : ActivatedFlowLaw(common), p(p_)
  {
    const double kT = units::thermal_energy(common.temperature);
    a = p.activation_volume / (2.0 * kT);
    log_rate_prefactor = std::log(2.0 * p.attempt_frequency) - p.activation_energy / kT;
  }

  namespace
  {
    /// L = ln(1 + exp(u)) and dL/du, overflow-safe.
    void log1p_exp(const double u, double &L, double &dL)
    {
      if (u > 30.0)
        {
          L = u + std::log1p(std::exp(-u));
          dL = 1.0 / (1.0 + std::exp(-u));
        }
      else
        {
          L = std::log1p(std::exp(u));
          dL = std::exp(u) / (1.0 + std::exp(u));
        }
    }
  } // namespace

  double StzLaw::steady_state_chi(const double ln_gamma_dot) const
  {
    double L, dL;
    log1p_exp(std::log(p.reference_rate) - ln_gamma_dot, L, dL);
    return p.steady_chi / L;
  }

  KineticRates StzLaw::rates(const double tau, const double chi) const
  {
    KineticRates r;
    // gamma_dot = 2 f exp(-dG/kT) exp(-1/chi) sinh(a tau)
    r.ln_gamma_dot = log_rate_prefactor - 1.0 / chi + hyperbolic::log_sinh(a * tau);
    r.d_ln_gamma_dot_d_tau = a * hyperbolic::coth(a * tau);
    r.d_ln_gamma_dot_d_x = 1.0 / (chi * chi);

    // Thermal aging: (rho/c0) exp(-A/chi) (chi - chi_T)
    const double age_factor = p.aging_rate / p.specific_heat * std::exp(-p.aging_barrier / chi);
    const double aging = age_factor * (chi - p.thermal_chi);
    const double d_aging_d_chi =
      age_factor * (p.aging_barrier / (chi * chi) * (chi - p.thermal_chi) + 1.0);
    r.x_dot = -aging;
    r.d_x_dot_d_x = -d_aging_d_chi;
    if (!(tau > 0.0))
      return r;

    // Plastic work: (tau gamma_dot / (c0 s0)) (chi_hat - chi)
    const double gdot = std::exp(r.ln_gamma_dot);
    const double P = tau * gdot / (p.specific_heat * p.stress_scale);
    const double dP_dtau = P * (1.0 / tau + r.d_ln_gamma_dot_d_tau);
    const double dP_dchi = P * r.d_ln_gamma_dot_d_x;
    double L, dL;
    log1p_exp(std::log(p.reference_rate) - r.ln_gamma_dot, L, dL);
    const double chi_hat = p.steady_chi / L;
    // d chi_hat / d ln gamma_dot = chi_w / L^2 * dL/du (u = ln gamma_dot_0 - ln gamma_dot)
    const double dchihat_dlng = p.steady_chi / (L * L) * dL;
    r.x_dot += P * (chi_hat - chi);
    r.d_x_dot_d_tau = dP_dtau * (chi_hat - chi) + P * dchihat_dlng * r.d_ln_gamma_dot_d_tau;
    r.d_x_dot_d_x += dP_dchi * (chi_hat - chi) + P * (dchihat_dlng * r.d_ln_gamma_dot_d_x - 1.0);
    return r;
  }
} // namespace bmgcreep::material
