// Law 2, "free-volume-relaxation": Spaepen flow and flow-driven free-volume creation
// (law 1), with free-volume annihilation on kinetics of its own (attempt frequency f_a,
// activation energy Delta G_a, stress-assisted activation volume Omega_a), decoupled from
// the flow rate factor. With f_a = f, Delta G_a = Delta G_m and Omega_a = 0 it is law 1.
// Equations in docs/constitutive-laws.md.
#pragma once

#include "continuum/material/free_volume_law.h"

namespace bmgcreep::material
{
  struct AnnihilationParameters
  {
    double attempt_frequency = 1e13;  ///< f_a (1/s)
    double activation_energy = 0.0;   ///< Delta G_a (J)
    double activation_volume = 0.0;   ///< Omega_a (m^3)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  class FreeVolumeRelaxationLaw : public ActivatedFlowLaw
  {
  public:
    FreeVolumeRelaxationLaw(const CommonParameters &common, const FreeVolumeParameters &p,
                            const AnnihilationParameters &annihilation);
    std::string name() const override { return "free-volume-relaxation"; }
    std::string internal_variable_name() const override { return "free_volume"; }
    KineticRates rates(double tau, double xi) const override;

  private:
    SpaepenKinetics kinetics;
    AnnihilationParameters annihilation;
    double a_annihilation; ///< Omega_a / 2kT (1/Pa)
    double log_annihilation_prefactor; ///< ln(f_a / (alpha n_D)) - Delta G_a / kT
  };
} // namespace bmgcreep::material
