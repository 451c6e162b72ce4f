// Law 4, "relaxation-rejuvenation": structural relaxation over a Gaussian spectrum of
// activation energies (Primak; Gibbs, Evetts & Leake; Argon & Kuo; Chen), each bin's barrier
// lowered by the shear stress through an activation volume; rejuvenation by shear-transformation
// zones whose strain is limited by a back stress (Argon's embedded STZ, Ju & Atzmon's anelastic
// STZs), the disorder they create being a share of the work they dissipate and resetting
// relaxed bins towards unrelaxed; and viscoplastic flow, whose barrier the structural state
// shifts, for the yield stress. The as-cast state follows from a stated history: a linear
// quench from the glass transition, then a shelf time at the test temperature.
// Exact equations, units and sources: docs/constitutive-laws.md, "Law 4".
#pragma once

#include "continuum/material/constitutive_law.h"

#include <deal.II/base/parameter_handler.h>

#include <vector>

namespace bmgcreep::material
{
  /// Parameters of law 4, SI inside (J, m^3, Pa, s, K); the deck uses eV, A^3, GPa, h.
  struct RelaxationRejuvenationParameters
  {
    // Relaxation spectrum.
    double spectrum_mean = 0.0;          ///< mu, mean activation energy (J)
    double spectrum_width = 0.0;         ///< w, standard deviation of the Gaussian (J)
    unsigned int bins = 21;              ///< bins over mu +- 3 w (-)
    double attempt_frequency = 1e13;     ///< nu_0 (1/s)
    double relaxation_volume = 0.0;      ///< V_r (m^3)
    double enthalpy_capacity = 0.0;      ///< R, enthalpy of the whole spectrum unrelaxed (J/g)
    double density_per_enthalpy = 0.0;   ///< k_rho, relative volume per J/g of stored enthalpy (g/J)
    double density_tilt = 0.0;           ///< t_rho: density weight of a bin ~ exp(-t_rho z) (-)
    double density_per_created_enthalpy = 0.0; ///< k_c, relative volume per J/g created by STZs (g/J)
    // History of the as-cast glass.
    double glass_transition = 677.0;     ///< T_g (K)
    double quench_rate = 10.0;           ///< q (K/s)
    double shelf_time = 0.0;             ///< (s)
    // Back-stress-limited STZs (rejuvenation).
    double rejuvenation_temperature = 900.0; ///< T_r, fictive temperature STZ activity drives towards (K)
    double stz_attempt_frequency = 1e13; ///< nu_c (1/s)
    double stz_energy = 0.0;             ///< Q_c (J)
    double stz_volume = 0.0;             ///< V_c (m^3)
    double back_stress_modulus = 0.0;    ///< H: back stress H gamma_a (Pa)
    double storage_fraction = 0.0;       ///< eta: share of the STZ dissipation stored as disorder (-)
    // Viscoplastic flow (yield).
    double flow_attempt_frequency = 1e13; ///< nu_p (1/s)
    double flow_energy = 0.0;             ///< Q_p of the as-cast glass (J)
    double flow_volume = 0.0;             ///< V_p (m^3)
    double flow_energy_per_enthalpy = 0.0; ///< q_H: barrier drop per J/g of stored enthalpy (J g/J)
    double flow_tilt = 0.0;               ///< t_y: flow weight of a bin ~ exp(t_y z) (-)
    double flow_energy_per_created_enthalpy = 0.0; ///< q_c: barrier drop per J/g created by STZs (J g/J)
    double mass_density = 6.018e6;        ///< rho_m, of the as-cast glass (g/m^3)
    double as_cast_enthalpy = 0.0;        ///< the deck's As-cast relaxation enthalpy (J/g), from Specimen

    static void declare_parameters(dealii::ParameterHandler &prm);
    /// Reads subsection "Relaxation rejuvenation" (the caller is in subsection Material);
    /// `mass_density` (g/cm^3) comes from the specimen section.
    void parse_parameters(dealii::ParameterHandler &prm, double mass_density_g_per_cm3);
  };

  class RelaxationRejuvenationLaw : public ConstitutiveLaw
  {
  public:
    RelaxationRejuvenationLaw(const ElasticConstants &elastic, double temperature,
                              const RelaxationRejuvenationParameters &p);

    std::string name() const override { return "relaxation-rejuvenation"; }
    /// State: the unrelaxed fraction u_i of each bin, the created enthalpy H_c (J/g), the
    /// back-stress-limited STZ strain e_a (6 raw entries, part of plastic_strain), the stored
    /// enthalpy R sum p_i u_i (J/g, kept so that a Richardson step extrapolates it as it does the
    /// rest).
    MaterialState initial_state() const override { return as_cast; }
    std::vector<StateVariable> state_variables() const override;
    /// The stored enthalpy (J/g).
    double internal_variable(const MaterialState &state) const override { return state.values[enthalpy_index()]; }
    /// The as-cast value plus the change of the stored enthalpy since the as-cast state.
    double relaxation_enthalpy(const MaterialState &state) const override
    {
      return p.as_cast_enthalpy + (internal_variable(state) - internal_variable(as_cast));
    }
    using ConstitutiveLaw::dilatation;
    const ElasticConstants &elastic_constants() const override { return elastic; }
    Update integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain, double dt,
                     MaterialState &current) const override;

    /// Bin i's activation energy (J) and weight (the weights sum to 1).
    double bin_energy(unsigned int i) const { return energy[i]; }
    double bin_weight(unsigned int i) const { return weight[i]; }
    unsigned int n_bins() const { return static_cast<unsigned int>(energy.size()); }
    /// Relaxation rate of bin i at equivalent shear stress tau (1/s):
    /// nu_0 exp(-E_i / kT) cosh(tau V_r / kT).
    double relaxation_rate(unsigned int i, double tau) const;
    /// Unrelaxed fractions after the quench from T_g at the deck's rate (before the shelf).
    std::vector<double> as_quenched_bins() const;
    /// Stored enthalpy R sum p_i u_i (J/g) of the bins of state vector u (bins, then H_c).
    double stored_enthalpy(const std::vector<double> &u) const;
    /// Enthalpy the STZs have created in all, H_c (J/g): the entry after the bins (of a state's
    /// values or of a vector of bins and H_c).
    double created_enthalpy(const std::vector<double> &u) const
    {
      return u.size() > energy.size() ? u[energy.size()] : 0.0;
    }
    /// The STZ strain e_a of a state.
    SymmetricTensor<2, 3> stz_strain(const MaterialState &state) const { return state.tensor(energy.size() + 1); }
    /// Plastic volume strain of state u relative to the as-cast glass (-): the density link,
    /// k_rho R sum p_i d_i (u_i - u_i^c) + k_c H_c.
    double dilatation(const std::vector<double> &u) const;
    /// Flow barrier shift of state u relative to the as-cast glass (J):
    /// -q_H R sum p_i y_i (u_i - u_i^c) - q_c H_c.
    double flow_barrier_shift(const std::vector<double> &u) const;
    /// Viscoplastic shear rate at tau of a glass whose barrier is shifted by dQ (1/s).
    double flow_rate(double tau, double barrier_shift) const;

    const RelaxationRejuvenationParameters &parameters() const { return p; }
    /// The unrelaxed fraction STZ activity drives every bin towards, (T_r - T) / (T_g - T).
    double rejuvenated_fraction() const { return u_max; }

  private:
    std::size_t enthalpy_index() const { return energy.size() + 7; }
    /// What the local problem yields for given ln lambda_p, ln lambda_a (see the .cc file).
    struct Trial;
    Trial evaluate(double y_p, double y_a, double P, double Q, double R, const std::vector<double> &u_old,
                   double h) const;

    ElasticConstants elastic;
    RelaxationRejuvenationParameters p;
    double kT;
    double u_max; ///< (T_r - T) / (T_g - T)
    std::vector<double> energy, weight, density_weight, flow_weight, log_thermal_rate, thermal_rate;
    MaterialState as_cast;
  };
} // namespace bmgcreep::material
