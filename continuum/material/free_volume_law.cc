#include "continuum/material/free_volume_law.h"

#include "coupling/units.h"

#include <cmath>

namespace bmgcreep::material
{
  using dealii::Patterns::Double;

  void FreeVolumeParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume");
    prm.declare_entry("Attempt frequency", "1e13", Double(1e-30, 1e20),
                      "Attempt frequency f of an atomic jump (1/s), 1e-30 to 1e20");
    prm.declare_entry("Migration energy", "0.8", Double(0.0, 10.0),
                      "Activation energy Delta G_m of an atomic jump (eV), 0 to 10");
    prm.declare_entry("Activation volume", "100", Double(1e-3, 1e5),
                      "Activation volume Omega of the flow event (A^3), 1e-3 to 1e5");
    prm.declare_entry("Geometric factor", "0.15", Double(0.01, 1.0),
                      "Geometric overlap factor alpha (-), 0.01 to 1");
    prm.declare_entry("Critical volume", "20", Double(1e-3, 1e4),
                      "Hard-sphere volume v* needed for a jump (A^3), 1e-3 to 1e4");
    prm.declare_entry("Jumps to annihilate", "3", Double(1.0, 1000.0),
                      "Number of jumps n_D that annihilate a free volume v* (-), 1 to 1000");
    prm.leave_subsection();
  }

  void FreeVolumeParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume");
    attempt_frequency = prm.get_double("Attempt frequency");
    migration_energy = units::ev_to_j(prm.get_double("Migration energy"));
    activation_volume = units::cubic_angstrom_to_m3(prm.get_double("Activation volume"));
    geometric_factor = prm.get_double("Geometric factor");
    critical_volume = units::cubic_angstrom_to_m3(prm.get_double("Critical volume"));
    jumps_to_annihilate = prm.get_double("Jumps to annihilate");
    prm.leave_subsection();
  }

  SpaepenKinetics::SpaepenKinetics(const FreeVolumeParameters &p_, const CommonParameters &common)
    : p(p_)
  {
    const double mu = common.elastic.shear_modulus();
    const double nu = common.elastic.poisson_ratio;
    kT = units::thermal_energy(common.temperature);
    a = p.activation_volume / (2.0 * kT);
    S = 2.0 * mu * (1.0 + nu) / (3.0 * (1.0 - nu));
    creation_prefactor = 2.0 * kT / (p.critical_volume * S);
  }

  double SpaepenKinetics::log_rate_factor(const double xi) const
  {
    return std::log(p.attempt_frequency) - 1.0 / xi - p.migration_energy / kT;
  }

  void SpaepenKinetics::flow_and_creation(const double tau, const double xi, KineticRates &r) const
  {
    const double lnR = log_rate_factor(xi);
    // gamma_dot = 2 R(xi) sinh(a tau)
    r.ln_gamma_dot = std::log(2.0) + lnR + hyperbolic::log_sinh(a * tau);
    r.d_ln_gamma_dot_d_tau = a * hyperbolic::coth(a * tau);
    r.d_ln_gamma_dot_d_x = 1.0 / (xi * xi);
    // creation = R(xi) (2kT / (v* S)) (cosh(a tau) - 1) / xi
    if (tau > 0.0)
      {
        const double c = std::exp(lnR + std::log(creation_prefactor) - std::log(xi) +
                                  hyperbolic::log_cosh_minus_one(a * tau));
        r.x_dot = c;
        r.d_x_dot_d_tau = c * a * hyperbolic::coth(0.5 * a * tau);
        r.d_x_dot_d_x = c * (1.0 / (xi * xi) - 1.0 / xi);
      }
    else
      r.x_dot = r.d_x_dot_d_tau = r.d_x_dot_d_x = 0.0;
  }

  double SpaepenKinetics::critical_shear_stress(const double xi) const
  {
    const double rhs = 1.0 + xi * p.critical_volume * S /
                               (2.0 * p.geometric_factor * kT * p.jumps_to_annihilate);
    return std::acosh(rhs) / a;
  }

  FreeVolumeLaw::FreeVolumeLaw(const CommonParameters &common, const FreeVolumeParameters &p)
    : ActivatedFlowLaw(common), kinetics(p, common)
  {}

  KineticRates FreeVolumeLaw::rates(const double tau, const double xi) const
  {
    KineticRates r;
    kinetics.flow_and_creation(tau, xi, r);
    // annihilation = R(xi) / (alpha n_D)
    const double d = std::exp(kinetics.log_rate_factor(xi)) /
                     (kinetics.p.geometric_factor * kinetics.p.jumps_to_annihilate);
    r.x_dot -= d;
    r.d_x_dot_d_x -= d / (xi * xi);
    return r;
  }
} // namespace bmgcreep::material
