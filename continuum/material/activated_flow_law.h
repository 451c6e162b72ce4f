// Shared machinery of the thermally activated flow laws: isotropic elasticity, J2 flow
// driven by the equivalent shear stress tau, one scalar internal variable x (free volume
// xi or effective temperature chi) and a dilatation linked to x. A law only states its
// rates, gamma_dot(tau, x) and x_dot(tau, x) with their derivatives; this class does the
// implicit update (local Newton in log variables, substepping) and the consistent tangent.
#pragma once

#include "continuum/material/constitutive_law.h"

namespace bmgcreep::material
{
  /// Rates of one law at (tau, x), with their partial derivatives. ln_gamma_dot is the
  /// natural log of the plastic shear rate (1/s) so that rates spanning hundreds of
  /// decades stay representable; x_dot is the rate of the internal variable (1/s).
  struct KineticRates
  {
    double ln_gamma_dot = 0.0;
    double d_ln_gamma_dot_d_tau = 0.0; // 1/Pa
    double d_ln_gamma_dot_d_x = 0.0;
    double x_dot = 0.0;
    double d_x_dot_d_tau = 0.0; // 1/(s Pa)
    double d_x_dot_d_x = 0.0;   // 1/s
  };

  /// A spectrum of Kelvin-Voigt elements on the deviatoric strain (anelastic, recoverable
  /// creep): relaxation times log-spaced from shortest to longest, equal compliances adding up
  /// to `compliance_fraction / (2 mu)`. No elements: no anelasticity.
  struct AnelasticParameters
  {
    unsigned int elements = 0;
    double shortest_time = 1.0;       ///< s
    double longest_time = 1e5;        ///< s
    double compliance_fraction = 0.0; ///< total anelastic over elastic shear compliance (-)

    double time(unsigned int i) const; ///< relaxation time of element i (s)
  };

  /// Parameters every activated-flow law shares.
  struct CommonParameters
  {
    ElasticConstants elastic;
    AnelasticParameters anelastic;
    double temperature = 298.0;           ///< K
    double initial_internal_variable = 0; ///< x of the as-cast state (-)
    double dilatation_per_unit_x = 0.0;   ///< d tr(eps_p) / dx (-): the density link
    double enthalpy_per_unit_x = 0.0;     ///< beta_H = d dH_relax / dx (J/g): the enthalpy link
    double mass_density = 6.018;          ///< as-cast density (g/cm^3), from Specimen
    double as_cast_enthalpy = 0.0;        ///< as-cast relaxation enthalpy (J/g), from Specimen
  };

  /// Result of the scalar local problem with its sensitivities.
  struct ScalarUpdate
  {
    double shear_increment = 0.0; ///< Delta gamma over the step (-)
    double x = 0.0;               ///< internal variable at the end of the step
    double d_shear_d_tau_trial = 0.0;
    double d_x_d_tau_trial = 0.0;
    double d_shear_d_x_old = 0.0;
    double d_x_d_x_old = 0.0;
    unsigned int iterations = 0;
    unsigned int substeps = 1;
  };

  class ActivatedFlowLaw : public ConstitutiveLaw
  {
  public:
    explicit ActivatedFlowLaw(const CommonParameters &common);

    /// State: the internal variable x (values[0]), then the strain of each Kelvin-Voigt element
    /// (6 raw entries each, as many as the deck's Anelasticity/Elements).
    MaterialState initial_state() const override;
    std::vector<StateVariable> state_variables() const override;
    double internal_variable(const MaterialState &state) const override { return state.values[0]; }
    /// H0 + beta_H (x - x0): the deck's enthalpy link.
    double relaxation_enthalpy(const MaterialState &state) const override;
    bool scale_disorder(MaterialState &state, double factor) const override;
    /// The total less the inelastic and the anelastic strains.
    SymmetricTensor<2, 3> elastic_strain(const MaterialState &state, const SymmetricTensor<2, 3> &strain) const override
    {
      return strain - state.plastic_strain - anelastic_strain(state);
    }
    /// The sum of the Kelvin-Voigt elements' strains.
    SymmetricTensor<2, 3> anelastic_strain(const MaterialState &state) const;
    /// The name of x in the state ("free_volume", "effective_temperature").
    virtual std::string internal_variable_name() const = 0;
    const ElasticConstants &elastic_constants() const override { return common.elastic; }
    Update integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain, double dt,
                     MaterialState &current) const override;

    /// The law's rates at shear stress tau >= 0 (Pa) and internal variable x > 0.
    virtual KineticRates rates(double tau, double x) const = 0;

    /// Solves the scalar problem of one backward-Euler step at fixed total strain:
    /// Delta gamma = dt gamma_dot(tau_trial - mu Delta gamma, x),
    /// x - x_old = dt x_dot(tau_trial - mu Delta gamma, x);
    /// substeps (at fixed strain) when Newton fails. Throws LocalSolveFailure.
    /// `first_substeps` (a power of two) starts the substepping there (tests use it).
    /// `shear_modulus` is the effective one of the step (mu, lowered by anelastic elements).
    ScalarUpdate solve_scalar(double tau_trial, double x_old, double dt, unsigned int first_substeps = 1,
                              double shear_modulus = 0.0) const;

    const CommonParameters &common_parameters() const { return common; }

    /// Largest number of substeps tried before LocalSolveFailure (a power of two).
    static constexpr unsigned int max_substeps = 4096;

  protected:
    /// k_B T (J) at the law's temperature.
    double thermal_energy() const;

  private:
    bool newton_step_solve(double tau_trial, double x_old, double dt, double mu, ScalarUpdate &out) const;
    CommonParameters common;
  };

  /// Solves [a b; c d] [u; v] = [p; q] (the local Newton systems of the laws); false if the
  /// matrix is singular or the solution not finite.
  bool solve_2x2(double a, double b, double c, double d, double p, double q, double &u, double &v);

  /// Overflow-safe hyperbolic functions in log form, for a >= 0.
  namespace hyperbolic
  {
    double log_sinh(double a);        ///< ln sinh(a); -inf at a = 0
    double log_cosh(double a);        ///< ln cosh(a)
    double log_cosh_minus_one(double a); ///< ln(cosh(a) - 1) = ln 2 + 2 ln sinh(a/2)
    double coth(double a);            ///< d/da ln sinh(a); +inf at a = 0
    double log_sinhc(double x);       ///< ln(sinh(x) / x), x >= 0, smooth at 0
  } // namespace hyperbolic
} // namespace bmgcreep::material
