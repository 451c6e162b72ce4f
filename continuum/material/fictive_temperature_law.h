// Law 5, "fictive-temperature": structural relaxation over a Gaussian spectrum of activation
// energies, each bin carrying a fictive temperature (Tool, Narayanaswamy, Moynihan) that
// relaxes towards a *target*: the test temperature in a quiescent glass, raised towards an
// effective temperature by a stress-activated shear-transformation activity level theta
// (Bouchbinder & Langer's effective temperature, with memory: theta switches on above a
// critical stress and heals at zero stress with a barrier of its own). Creep is carried by
// back-stress-limited shear transformations (Argon's embedded STZ), the yield stress by
// them and viscoplastic flow, whose barriers the structure and the activity shift. The as-cast state
// follows from a stated history (a quench from T_g, then a shelf time).
// Exact equations, units, sources and which parameters are fitted: docs/constitutive-laws.md,
// "Law 5".
#pragma once

#include "continuum/material/constitutive_law.h"

#include <deal.II/base/parameter_handler.h>

#include <vector>

namespace bmgcreep::material
{
  /// Parameters of law 5, SI inside (J, m^3, Pa, s, K); the deck uses eV, A^3, GPa, h.
  struct FictiveTemperatureParameters
  {
    // Relaxation spectrum of fictive temperatures.
    double spectrum_mean = 0.0;        ///< mu, mean activation energy (J)
    double spectrum_width = 0.0;       ///< w (J)
    unsigned int bins = 21;            ///< over mu +- 3 w
    double attempt_frequency = 1e13;   ///< nu_0 (1/s)
    double relaxation_volume = 0.0;    ///< V_r (m^3)
    double heat_capacity = 0.15;       ///< Delta c_p, configurational heat capacity (J/(g K))
    double density_per_enthalpy = 0.0; ///< k_rho: relative volume per J/g of stored enthalpy (g/J)
    double density_tilt = 0.0;         ///< t_rho: density weight of a bin ~ exp(-t_rho z)
    double glass_transition = 677.0;   ///< T_g (K)
    double quench_rate = 10.0;         ///< K/s
    double shelf_time = 0.0;           ///< s
    double shelf_temperature = 298.0;  ///< where the quench ends and the glass is stored (K)
    double dsc_heating_rate = 20.0 / 60.0; ///< of the calorimetry that measures the relaxation enthalpy (K/s)
    bool dsc_enthalpy = false;             ///< the enthalpy observable: the DSC release, else the stored enthalpy
    // Stress-activated activity (effective temperature) and its healing.
    double activity_temperature = 900.0;       ///< T_a: target fictive temperature at theta = 1 (K)
    double activity_attempt_frequency = 1e13;  ///< nu_a (1/s)
    double activity_energy = 0.0;              ///< Q_a (J)
    double activity_volume = 0.0;              ///< V_a (m^3)
    double healing_attempt_frequency = 1e13;   ///< nu_h (1/s)
    double healing_energy = 0.0;               ///< Q_h (J)
    // Back-stress-limited shear transformations (creep).
    double stz_attempt_frequency = 1e13; ///< nu_c (1/s)
    double stz_energy = 0.0;             ///< Q_c (J)
    double stz_volume = 0.0;             ///< V_c (m^3)
    double back_stress_modulus = 0.0;    ///< H (Pa): back stress 2 H e_a
    // Viscoplastic flow (yield).
    double flow_attempt_frequency = 1e13;   ///< nu_p (1/s)
    double flow_energy = 0.0;               ///< Q_p of the as-cast glass (J)
    double flow_volume = 0.0;               ///< V_p (m^3)
    // The state's shift of every shear-transformation barrier (STZ creep and flow alike).
    double barrier_per_enthalpy = 0.0;      ///< q_H: barrier drop per J/g of stored enthalpy (J g/J)
    double barrier_tilt = 0.0;              ///< t_y: barrier weight of a bin ~ exp(t_y z)
    double barrier_per_activity = 0.0;      ///< q_a: barrier drop at theta = 1 (J)
    double mass_density = 6.018e6;          ///< rho_m of the as-cast glass (g/m^3)
    double as_cast_enthalpy = 0.0;          ///< the deck's As-cast relaxation enthalpy (J/g), from Specimen

    static void declare_parameters(dealii::ParameterHandler &prm);
    /// Reads subsection "Fictive temperature" (the caller is in subsection Material).
    void parse_parameters(dealii::ParameterHandler &prm, double mass_density_g_per_cm3);
  };

  /// State of law 5 (MaterialState::values): the fictive temperature of each bin (K), the
  /// activity theta, the STZ strain e_a (6 raw entries, part of plastic_strain), and the enthalpy
  /// observable (J/g, observed_enthalpy: the stored enthalpy, or what a DSC scan releases,
  /// `Enthalpy measure`; kept because a DSC scan is not cheap, and extrapolated with the rest).
  class FictiveTemperatureLaw : public ConstitutiveLaw
  {
  public:
    FictiveTemperatureLaw(const ElasticConstants &elastic, double temperature, const FictiveTemperatureParameters &p);

    std::string name() const override { return "fictive-temperature"; }
    MaterialState initial_state() const override { return as_cast; }
    std::vector<StateVariable> state_variables() const override;
    /// The enthalpy observable (J/g).
    double internal_variable(const MaterialState &state) const override { return state.values[enthalpy_index()]; }
    /// The as-cast value plus the change of the enthalpy observable since the as-cast state.
    double relaxation_enthalpy(const MaterialState &state) const override
    {
      return p.as_cast_enthalpy + (internal_variable(state) - internal_variable(as_cast));
    }
    using ConstitutiveLaw::dilatation;
    const ElasticConstants &elastic_constants() const override { return elastic; }
    Update integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain, double dt,
                     MaterialState &current) const override;
    /// The configurational free energy of the bins plus the elastic energy of the back stress (J/g).
    double stored_free_energy(const MaterialState &state) const override
    {
      return stored_free_energy(state.values) + back_stress_energy(state) / p.mass_density;
    }

    unsigned int n_bins() const { return static_cast<unsigned int>(energy.size()); }
    double bin_energy(unsigned int i) const { return energy[i]; }
    double bin_weight(unsigned int i) const { return weight[i]; }
    /// Relaxation rate of bin i at equivalent shear stress tau (1/s): nu_0 exp(-E_i/kT) cosh(tau V_r/kT).
    double relaxation_rate(unsigned int i, double tau) const;
    /// Activation rate of the activity at tau (1/s): 2 nu_a exp(-Q_a/kT) sinh(tau V_a/kT).
    double activation_rate(double tau) const;
    /// Healing rate of the activity (1/s): nu_h exp(-Q_h/kT).
    double healing_rate() const { return healing; }
    /// Steady activity under a constant tau: g / (g + kappa).
    double steady_activity(double tau) const;
    /// Target fictive temperature at activity theta (K): T + theta (T_a - T).
    double target_temperature(double theta) const { return temperature + theta * (p.activity_temperature - temperature); }
    /// Fictive temperatures after the quench from T_g to the shelf temperature (before the shelf).
    std::vector<double> as_quenched_fictive_temperatures() const;

    /// Views of a state vector (fictive temperatures, then theta: a state's values or the two
    /// alone).
    double activity(const std::vector<double> &x) const { return x[energy.size()]; }
    double activity(const MaterialState &s) const { return s.values[energy.size()]; }
    /// The STZ strain e_a of a state.
    SymmetricTensor<2, 3> stz_strain(const MaterialState &s) const { return s.tensor(energy.size() + 1); }
    /// Stored enthalpy relative to equilibrium at T: Delta c_p sum p_i (T_f,i - T) (J/g).
    double stored_enthalpy(const std::vector<double> &x) const;
    /// Relaxation enthalpy a DSC scan at the deck's heating rate releases (J/g): each bin gives up
    /// what its fictive temperature holds above the temperature T_m,i where it becomes mobile,
    /// Delta c_p sum p_i s_i ln(1 + exp((T_f,i - T_m,i)/s_i)), s_i = k T_m,i^2 / E_i.
    double dsc_enthalpy(const std::vector<double> &x) const;
    /// The enthalpy observable the deck chose: dsc_enthalpy or stored_enthalpy (J/g).
    double observed_enthalpy(const std::vector<double> &x) const
    {
      return p.dsc_enthalpy ? dsc_enthalpy(x) : stored_enthalpy(x);
    }
    /// The temperature where bin i becomes mobile in the calorimeter (K); both need the DSC
    /// enthalpy measure (the scans are made only then).
    double mobility_temperature_of(unsigned int i) const { return mobility_temperature[i]; }
    /// Configurational free energy relative to equilibrium at T (J/g):
    /// Delta c_p sum p_i [(T_f,i - T) - T ln(T_f,i / T)], >= 0, zero only in equilibrium.
    double stored_free_energy(const std::vector<double> &x) const;
    /// Plastic volume strain relative to the as-cast glass (-): k_rho Delta c_p sum p_i d_i (T_f,i - T_f,i^cast).
    double dilatation(const std::vector<double> &x) const;
    /// Shift of the STZ and flow barriers relative to the as-cast glass (J):
    /// dQ = -q_H Delta c_p sum p_i y_i (T_f,i - T_f,i^cast) - q_a theta.
    double barrier_shift(const std::vector<double> &x) const;
    /// Elastic energy held by the back stress, H e_a : e_a (J/m^3).
    double back_stress_energy(const MaterialState &s) const;

    const FictiveTemperatureParameters &parameters() const { return p; }
    double test_temperature() const { return temperature; }

  private:
    std::size_t enthalpy_index() const { return energy.size() + 7; }
    struct Trial;
    void evaluate(double y_p, double y_a, double P, double Q, double R, const std::vector<double> &x_old, double h,
                  Trial &t, bool derivatives) const;

    ElasticConstants elastic;
    FictiveTemperatureParameters p;
    double temperature, kT, healing;
    std::vector<double> energy, weight, density_weight, barrier_weight, thermal_rate;
    std::vector<double> mobility_temperature, mobility_width;
    MaterialState as_cast;
  };
} // namespace bmgcreep::material
