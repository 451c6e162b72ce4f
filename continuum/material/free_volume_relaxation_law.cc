#include "continuum/material/free_volume_relaxation_law.h"

#include "coupling/units.h"

#include <cmath>

namespace bmgcreep::material
{
  using dealii::Patterns::Double;

  void AnnihilationParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume relaxation");
    prm.declare_entry("Annihilation attempt frequency", "1e13", Double(1e-30, 1e20),
                      "Attempt frequency f_a of the annihilation (relaxation) event (1/s), 1e-30 to 1e20");
    prm.declare_entry("Annihilation energy", "0.8", Double(0.0, 10.0),
                      "Activation energy Delta G_a of free-volume annihilation (eV), 0 to 10");
    prm.declare_entry("Annihilation volume", "0", Double(0.0, 1e5),
                      "Stress-assisted activation volume Omega_a of annihilation (A^3), 0 to 1e5");
    prm.leave_subsection();
  }

  void AnnihilationParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume relaxation");
    attempt_frequency = prm.get_double("Annihilation attempt frequency");
    activation_energy = units::ev_to_j(prm.get_double("Annihilation energy"));
    activation_volume = units::cubic_angstrom_to_m3(prm.get_double("Annihilation volume"));
    prm.leave_subsection();
  }

  FreeVolumeRelaxationLaw::FreeVolumeRelaxationLaw(const CommonParameters &common,
                                                   const FreeVolumeParameters &p,
                                                   const AnnihilationParameters &annihilation_)
    : ActivatedFlowLaw(common), kinetics(p, common), annihilation(annihilation_)
  {
    const double kT = units::thermal_energy(common.temperature);
    a_annihilation = annihilation.activation_volume / (2.0 * kT);
    log_annihilation_prefactor = std::log(annihilation.attempt_frequency /
                                          (p.geometric_factor * p.jumps_to_annihilate)) -
                                 annihilation.activation_energy / kT;
  }

  KineticRates FreeVolumeRelaxationLaw::rates(const double tau, const double xi) const
  {
    KineticRates r;
    kinetics.flow_and_creation(tau, xi, r);
    // annihilation = f_a exp(-1/xi) exp(-dG_a/kT) cosh(a_a tau) / (alpha n_D)
    const double at = a_annihilation * tau;
    const double d = std::exp(log_annihilation_prefactor - 1.0 / xi + hyperbolic::log_cosh(at));
    r.x_dot -= d;
    r.d_x_dot_d_tau -= d * a_annihilation * std::tanh(at);
    r.d_x_dot_d_x -= d / (xi * xi);
    return r;
  }
} // namespace bmgcreep::material
