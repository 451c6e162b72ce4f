// Law 1, "free-volume": Spaepen (Acta Metall. 25:407, 1977) in the continuum form of
// Huang, Suo, Prevost & Nix (JMPS 50:1011, 2002). Internal variable: normalised free
// volume xi = v_f / (alpha v*). Equations in docs/constitutive-laws.md.
#pragma once

#include "continuum/material/activated_flow_law.h"

#include <deal.II/base/parameter_handler.h>

namespace bmgcreep::material
{
  /// Parameters of the Spaepen flow and free-volume creation (SI units inside).
  struct FreeVolumeParameters
  {
    double attempt_frequency = 1e13;   ///< f (1/s)
    double migration_energy = 0.0;     ///< Delta G_m (J)
    double activation_volume = 0.0;    ///< Omega (m^3)
    double geometric_factor = 0.15;    ///< alpha (-)
    double critical_volume = 0.0;      ///< v* (m^3)
    double jumps_to_annihilate = 3.0;  ///< n_D (-)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  /// Flow rate and free-volume creation shared by laws 1 and 2.
  struct SpaepenKinetics
  {
    SpaepenKinetics(const FreeVolumeParameters &p, const CommonParameters &common);
    /// ln R(xi) = ln f - 1/xi - dG_m/kT
    double log_rate_factor(double xi) const;
    /// Fills ln gamma_dot, x_dot = creation, and their derivatives.
    void flow_and_creation(double tau, double xi, KineticRates &r) const;
    /// (tau_c) where creation balances the law-1 annihilation at xi (Pa).
    double critical_shear_stress(double xi) const;

    FreeVolumeParameters p;
    double kT;         ///< J
    double a;          ///< Omega / 2kT (1/Pa)
    double creation_prefactor; ///< 2 kT / (v* S) (-), the factor alpha cancels with 1/alpha
    double S;          ///< 2 mu (1 + nu) / (3 (1 - nu)) (Pa)
  };

  class FreeVolumeLaw : public ActivatedFlowLaw
  {
  public:
    FreeVolumeLaw(const CommonParameters &common, const FreeVolumeParameters &p);
    std::string name() const override { return "free-volume"; }
    std::string internal_variable_name() const override { return "free_volume"; }
    KineticRates rates(double tau, double xi) const override;
    /// Critical shear stress of law 1: cosh(tau_c Omega/2kT) = 1 + xi v* S / (2 alpha kT n_D) (Pa).
    double critical_shear_stress(double xi) const { return kinetics.critical_shear_stress(xi); }

  private:
    SpaepenKinetics kinetics;
  };
} // namespace bmgcreep::material
