#include "continuum/material/fictive_temperature_law.h"

#include "continuum/material/activated_flow_law.h" // hyperbolic::, solve_2x2
#include "continuum/material/activation_spectrum.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;
  using Patterns::Double;

  void FictiveTemperatureParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Fictive temperature");
    prm.declare_entry("Spectrum mean", "1.6", Double(0.1, 5.0),
                      "Mean mu of the Gaussian spectrum of relaxation activation energies (eV), 0.1 to 5");
    prm.declare_entry("Spectrum width", "0.15", Double(0.001, 1.0),
                      "Standard deviation w of the spectrum (eV), 0.001 to 1");
    prm.declare_entry("Spectrum bins", "21", Patterns::Integer(1, 201),
                      "Bins of the spectrum, equally spaced over mu +- 3 w (-), 1 to 201");
    prm.declare_entry("Attempt frequency", "1e13", Double(1e6, 1e16),
                      "Attempt frequency nu_0 of a relaxation event (1/s), 1e6 to 1e16");
    prm.declare_entry("Relaxation volume", "100", Double(0.0, 1000.0),
                      "Activation volume V_r by which shear stress lowers a relaxation barrier (A^3), 0 to 1000");
    prm.declare_entry("Configurational heat capacity", "0.15", Double(1e-4, 10.0),
                      "Delta c_p: stored enthalpy per kelvin of fictive temperature above the test temperature "
                      "(J/(g K)), 1e-4 to 10");
    prm.declare_entry("Density per enthalpy", "0.3", Double(0.0, 10.0),
                      "k_rho: density change per J/g of stored enthalpy relaxed (% per J/g), 0 to 10");
    prm.declare_entry("Density tilt", "0", Double(-10.0, 10.0),
                      "t_rho: a bin's density weight goes as exp(-t_rho z), z = (E - mu)/w (-), -10 to 10");
    prm.declare_entry("Glass transition temperature", "677", Double(100.0, 2000.0),
                      "T_g, where the as-cast history's quench starts with every bin at T_f = T_g (K), 100 to 2000");
    prm.declare_entry("Quench rate", "10", Double(1e-6, 1e15),
                      "Cooling rate q of the quench from T_g to the test temperature (K/s), 1e-6 to 1e15");
    prm.declare_entry("Shelf time", "720", Double(0.0, 1e7),
                      "Time on the shelf between quench and test (h), 0 to 1e7");
    prm.declare_entry("Shelf temperature", "298", Double(1.0, 2000.0),
                      "Temperature the quench ends at and the glass is stored at before the test (K), 1 to 2000, "
                      "below T_g; a test at another temperature starts from this history");
    prm.declare_entry("Enthalpy measure", "stored", Patterns::Selection("stored|dsc"),
                      "What the relaxation-enthalpy observable is: stored, the enthalpy the fictive temperatures "
                      "hold above equilibrium at T, Delta c_p sum p_i (T_f,i - T); dsc, what a DSC scan at the "
                      "DSC heating rate releases (each bin above the temperature it becomes mobile at)");
    prm.declare_entry("DSC heating rate", "20", Double(0.01, 1e4),
                      "Heating rate of the calorimetry that measures the relaxation enthalpy (K/min), 0.01 to 1e4: "
                      "a bin releases what its fictive temperature holds above the temperature where it becomes "
                      "mobile at this rate");
    prm.declare_entry("Activity temperature", "700", Double(1.0, 1e4),
                      "T_a: the fictive temperature every bin relaxes towards at full activity theta = 1 (K), "
                      "1 to 1e4, above the test temperature");
    prm.declare_entry("Activity attempt frequency", "1e13", Double(1e6, 1e16),
                      "nu_a of the stress activation of the activity (1/s), 1e6 to 1e16");
    prm.declare_entry("Activity energy", "1.2", Double(0.1, 10.0),
                      "Q_a: barrier of the stress activation of the activity (eV), 0.1 to 10");
    prm.declare_entry("Activity volume", "100", Double(1.0, 1e4),
                      "V_a: activation volume of the activity, sets how sharply it switches on (A^3), 1 to 1e4");
    prm.declare_entry("Healing attempt frequency", "1e13", Double(1e6, 1e16),
                      "nu_h of the healing of the activity at zero stress (1/s), 1e6 to 1e16");
    prm.declare_entry("Healing energy", "1.1", Double(0.1, 10.0),
                      "Q_h: barrier of the healing of the activity (eV), 0.1 to 10");
    prm.declare_entry("STZ attempt frequency", "1e13", Double(1e6, 1e16),
                      "Attempt frequency nu_c of a back-stress-limited STZ (1/s), 1e6 to 1e16");
    prm.declare_entry("STZ energy", "1.86", Double(0.1, 10.0),
                      "Activation energy Q_c of a back-stress-limited STZ (eV), 0.1 to 10");
    prm.declare_entry("STZ volume", "300", Double(1.0, 1e4),
                      "Activation volume V_c of a back-stress-limited STZ (A^3), 1 to 1e4");
    prm.declare_entry("Back stress modulus", "6", Double(0.01, 1000.0),
                      "H: the back stress on STZ strain e_a is 2 H e_a (GPa), 0.01 to 1000");
    prm.declare_entry("Flow attempt frequency", "1e13", Double(1e6, 1e16),
                      "Attempt frequency nu_p of viscoplastic flow (1/s), 1e6 to 1e16");
    prm.declare_entry("Flow energy", "13.6", Double(0.1, 50.0),
                      "Activation energy Q_p of viscoplastic flow in the as-cast glass (eV), 0.1 to 50");
    prm.declare_entry("Flow volume", "4000", Double(1.0, 1e5),
                      "Activation volume V_p of viscoplastic flow (A^3), 1 to 1e5");
    prm.declare_entry("Barrier drop per enthalpy", "0.15", Double(-10.0, 10.0),
                      "q_H: drop of the STZ and flow barriers per J/g of stored enthalpy gained (eV per J/g), "
                      "-10 to 10");
    prm.declare_entry("Barrier tilt", "0", Double(-10.0, 10.0),
                      "t_y: a bin's weight in the barrier drop goes as exp(t_y z), z = (E - mu)/w (-), -10 to 10");
    prm.declare_entry("Barrier drop per activity", "0", Double(-10.0, 10.0),
                      "q_a: drop of the STZ and flow barriers at full activity theta = 1 (eV), -10 to 10");
    prm.leave_subsection();
  }

  void FictiveTemperatureParameters::parse_parameters(ParameterHandler &prm, const double rho_g_per_cm3)
  {
    prm.enter_subsection("Fictive temperature");
    spectrum_mean = units::ev_to_j(prm.get_double("Spectrum mean"));
    spectrum_width = units::ev_to_j(prm.get_double("Spectrum width"));
    bins = prm.get_integer("Spectrum bins");
    attempt_frequency = prm.get_double("Attempt frequency");
    relaxation_volume = units::cubic_angstrom_to_m3(prm.get_double("Relaxation volume"));
    heat_capacity = prm.get_double("Configurational heat capacity");
    density_per_enthalpy = prm.get_double("Density per enthalpy") / 100.0;
    density_tilt = prm.get_double("Density tilt");
    glass_transition = prm.get_double("Glass transition temperature");
    quench_rate = prm.get_double("Quench rate");
    shelf_time = units::hours_to_s(prm.get_double("Shelf time"));
    shelf_temperature = prm.get_double("Shelf temperature");
    dsc_heating_rate = prm.get_double("DSC heating rate") / 60.0;
    dsc_enthalpy = prm.get("Enthalpy measure") == "dsc";
    activity_temperature = prm.get_double("Activity temperature");
    activity_attempt_frequency = prm.get_double("Activity attempt frequency");
    activity_energy = units::ev_to_j(prm.get_double("Activity energy"));
    activity_volume = units::cubic_angstrom_to_m3(prm.get_double("Activity volume"));
    healing_attempt_frequency = prm.get_double("Healing attempt frequency");
    healing_energy = units::ev_to_j(prm.get_double("Healing energy"));
    stz_attempt_frequency = prm.get_double("STZ attempt frequency");
    stz_energy = units::ev_to_j(prm.get_double("STZ energy"));
    stz_volume = units::cubic_angstrom_to_m3(prm.get_double("STZ volume"));
    back_stress_modulus = units::gpa_to_pa(prm.get_double("Back stress modulus"));
    flow_attempt_frequency = prm.get_double("Flow attempt frequency");
    flow_energy = units::ev_to_j(prm.get_double("Flow energy"));
    flow_volume = units::cubic_angstrom_to_m3(prm.get_double("Flow volume"));
    barrier_per_enthalpy = units::ev_to_j(prm.get_double("Barrier drop per enthalpy"));
    barrier_tilt = prm.get_double("Barrier tilt");
    barrier_per_activity = units::ev_to_j(prm.get_double("Barrier drop per activity"));
    prm.leave_subsection();
    mass_density = rho_g_per_cm3 * 1e6;
  }

  namespace
  {
    constexpr unsigned int max_newton_iterations = 100;
    constexpr double newton_tolerance = 1e-11;
    constexpr double max_exponent = 700.0;
    constexpr double y_floor = -800.0; // ln of a plastic multiplier that cannot matter

    double safe_exp(const double a) { return std::exp(std::min(a, max_exponent)); }

    using hyperbolic::log_sinhc;

    /// (d/dx ln(sinh(x)/x)) / x = (coth x - 1/x) / x, finite at 0 (1/3).
    double log_sinhc_slope_over_x(const double x)
    {
      if (x < 1e-3)
        return 1.0 / 3.0 - x * x / 45.0;
      return (hyperbolic::coth(x) - 1.0 / x) / x;
    }

    /// sinh(x) / x, overflow-capped, x >= 0.
    double sinhc(const double x)
    {
      if (x < 1e-3)
        return 1.0 + x * x / 6.0;
      return safe_exp(log_sinhc(x));
    }
  } // namespace

  FictiveTemperatureLaw::FictiveTemperatureLaw(const ElasticConstants &elastic_, const double temperature_,
                                               const FictiveTemperatureParameters &p_)
    : elastic(elastic_), p(p_), temperature(temperature_), kT(units::thermal_energy(temperature_))
  {
    if (!(p.glass_transition > temperature))
      throw std::invalid_argument("\"Glass transition temperature\" = " + to_text(p.glass_transition) +
                                  " K must be above the test temperature " + to_text(temperature) + " K");
    if (!(p.activity_temperature > temperature))
      throw std::invalid_argument("\"Activity temperature\" = " + to_text(p.activity_temperature) +
                                  " K must be above the test temperature " + to_text(temperature) + " K");
    healing = p.healing_attempt_frequency * std::exp(-p.healing_energy / kT);
    const ActivationSpectrum spectrum(p.spectrum_mean, p.spectrum_width, p.bins);
    const unsigned int n = spectrum.size();
    energy = spectrum.energies();
    weight = spectrum.weights();
    // Tilted weights keep their spectrum mean: a tilt moves weight between bins only. The
    // weights used below are the products p_i d_i and p_i y_i.
    density_weight = spectrum.tilt(-p.density_tilt);
    barrier_weight = spectrum.tilt(p.barrier_tilt);
    const double sum_d = spectrum.tilt_mean(density_weight), sum_y = spectrum.tilt_mean(barrier_weight);
    for (unsigned int i = 0; i < n; ++i)
      {
        density_weight[i] = weight[i] * density_weight[i] / sum_d;
        barrier_weight[i] = weight[i] * barrier_weight[i] / sum_y;
        thermal_rate.push_back(p.attempt_frequency * std::exp(-energy[i] / kT));
      }

    if (!(p.glass_transition > p.shelf_temperature))
      throw std::invalid_argument("\"Glass transition temperature\" = " + to_text(p.glass_transition) +
                                  " K must be above \"Shelf temperature\" = " + to_text(p.shelf_temperature) + " K");
    // What the calorimeter releases of each bin: a scan at the DSC rate of the bin frozen at T_g
    // (exact per 0.05 K step) gives the lowest fictive temperature it relaxes to before the rising
    // temperature meets it, T_m,i; a bin releases what it holds above T_m,i, smoothed over the
    // freezing width k T_m^2 / E. Only for the DSC enthalpy measure: the scans cost some 10^5
    // exponentials per construction, and a fit constructs the law for every forward run.
    for (unsigned int i = 0; p.dsc_enthalpy && i < n; ++i)
      {
        const double dT = 0.05, dt = dT / p.dsc_heating_rate;
        double Tf = p.glass_transition, T_scan = p.shelf_temperature;
        while (Tf > T_scan + dT)
          {
            const double Tm = T_scan + 0.5 * dT;
            const double k = p.attempt_frequency * std::exp(-energy[i] / (units::boltzmann * Tm));
            Tf = Tm + (Tf - Tm) * std::exp(-k * dt);
            T_scan += dT;
          }
        mobility_temperature.push_back(Tf);
        mobility_width.push_back(units::boltzmann * Tf * Tf / energy[i]);
      }
    std::vector<double> x = as_quenched_fictive_temperatures();
    const double T_s = p.shelf_temperature;
    for (unsigned int i = 0; i < n; ++i)
      {
        const double shelf_rate = p.attempt_frequency * std::exp(-energy[i] / units::thermal_energy(T_s));
        x[i] = T_s + (x[i] - T_s) * std::exp(-p.shelf_time * shelf_rate);
      }
    x.push_back(0.0); // no activity in the as-cast glass
    as_cast.values = x;
    as_cast.values.resize(n + 8, 0.0); // no STZ strain
    as_cast.values[enthalpy_index()] = observed_enthalpy(x);
  }

  std::vector<StateVariable> FictiveTemperatureLaw::state_variables() const
  {
    return {{"fictive_temperature", "K", n_bins()}, {"activity", "-", 1}, {"stz_strain", "-", 6},
            {p.dsc_enthalpy ? "dsc_enthalpy" : "stored_enthalpy", "J/g", 1}};
  }

  std::vector<double> FictiveTemperatureLaw::as_quenched_fictive_temperatures() const
  {
    // Each bin's fictive temperature follows dT_f/dt = -k_i(T) (T_f - T) while T falls
    // linearly at the quench rate; over a step of 0.25 K rate and T are those of the step's
    // middle, and the step is exact.
    const double Tg = p.glass_transition, T_end = p.shelf_temperature;
    std::vector<double> Tf(energy.size(), Tg);
    quench(energy, p.attempt_frequency, Tg, T_end, p.quench_rate,
           [&](const unsigned int i, const double T, const double decay) { Tf[i] = T + (Tf[i] - T) * decay; });
    return Tf;
  }

  double FictiveTemperatureLaw::relaxation_rate(const unsigned int i, const double tau) const
  {
    return thermal_rate[i] * safe_exp(hyperbolic::log_cosh(std::abs(tau) * p.relaxation_volume / kT));
  }

  double FictiveTemperatureLaw::activation_rate(const double tau) const
  {
    const double x = std::abs(tau) * p.activity_volume / kT;
    if (x == 0.0)
      return 0.0;
    // nu_a exp(-Q_a/kT) 2 (cosh x - 1): even in tau and ~ exp(x) above the onset.
    return safe_exp(std::log(p.activity_attempt_frequency) - p.activity_energy / kT + std::log(2.0) +
                    hyperbolic::log_cosh_minus_one(x));
  }

  double FictiveTemperatureLaw::steady_activity(const double tau) const
  {
    const double g = activation_rate(tau);
    return g / (g + healing);
  }

  double FictiveTemperatureLaw::stored_enthalpy(const std::vector<double> &x) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += weight[i] * (x[i] - temperature);
    return p.heat_capacity * s;
  }

  double FictiveTemperatureLaw::dsc_enthalpy(const std::vector<double> &x) const
  {
    if (mobility_temperature.size() != energy.size())
      throw std::logic_error("law 5: the DSC relaxation enthalpy needs \"Enthalpy measure\" = dsc");
    // Softplus: the bin's excess over its mobility temperature, smoothed over the freezing width.
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      {
        const double a = (x[i] - mobility_temperature[i]) / mobility_width[i];
        s += weight[i] * mobility_width[i] * (a > 30.0 ? a : std::log1p(std::exp(a)));
      }
    return p.heat_capacity * s;
  }

  double FictiveTemperatureLaw::stored_free_energy(const std::vector<double> &x) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += weight[i] * ((x[i] - temperature) - temperature * std::log(x[i] / temperature));
    return p.heat_capacity * s;
  }

  double FictiveTemperatureLaw::dilatation(const std::vector<double> &x) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += density_weight[i] * (x[i] - as_cast.values[i]);
    return p.density_per_enthalpy * p.heat_capacity * s;
  }

  double FictiveTemperatureLaw::barrier_shift(const std::vector<double> &x) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += barrier_weight[i] * (x[i] - as_cast.values[i]);
    return -p.barrier_per_enthalpy * p.heat_capacity * s - p.barrier_per_activity * activity(x);
  }

  double FictiveTemperatureLaw::back_stress_energy(const MaterialState &s) const
  {
    const SymmetricTensor<2, 3> e_a = stz_strain(s);
    return p.back_stress_modulus * (e_a * e_a);
  }

  // The local problem of one backward-Euler step (docs/constitutive-laws.md, "Law 5"). With
  // e* the trial elastic strain deviator and a0 the STZ strain at the start, the flow rules
  // De_p = lambda_p s and De_a = lambda_a (s - b), b = 2 H e_a, give
  //   s = alpha1 e* + alpha2 a0,   s - b = r1 e* + r2 a0,
  // so the squared norms m = |s|^2 and m_e = |s - b|^2 depend on P = e*:e*, Q = e*:a0,
  // R = a0:a0 only. The activity and every bin's fictive temperature follow from tau = sqrt(m/2)
  // in closed form; two scalar equations in y = ln lambda remain. Everything even in tau is
  // differentiated with respect to m, which keeps the derivatives finite at tau = 0.
  struct FictiveTemperatureLaw::Trial
  {
    double F_p = 0.0, F_a = 0.0;
    double det = 1.0, alpha1 = 0.0, alpha2 = 0.0, r1 = 0.0, r2 = 0.0;
    double m = 0.0, m_e = 0.0;
    double theta = 0.0;      ///< activity at the end of the step
    double dilatation = 0.0; ///< plastic volume strain relative to as cast
    // Derivatives (when asked for).
    double dm_dyp = 0.0, dm_dya = 0.0, dme_dyp = 0.0, dme_dya = 0.0;
    double dalpha1_dyp = 0.0, dalpha1_dya = 0.0, dalpha2_dyp = 0.0, dalpha2_dya = 0.0;
    double dlnphi_p_dm = 0.0, dlnphi_a_dme = 0.0, dlnphi_a_dm = 0.0, ddil_dm = 0.0;
    double J11 = 1.0, J12 = 0.0, J21 = 0.0, J22 = 1.0;
  };

  void FictiveTemperatureLaw::evaluate(const double y_p, const double y_a, const double P, const double Q,
                                       const double R, const std::vector<double> &x_old, const double h, Trial &t,
                                       const bool derivatives) const
  {
    const double lp = safe_exp(y_p), la = safe_exp(y_a);
    const double beta = 2.0 * elastic.shear_modulus(), H2 = 2.0 * p.back_stress_modulus;
    const BackStressSplit split = back_stress_split(beta, H2, lp, la);
    const double det = t.det = split.det;
    t.alpha1 = split.alpha1;
    t.alpha2 = split.alpha2;
    t.r1 = split.r1;
    t.r2 = split.r2;
    t.m = split_norm2(t.alpha1, t.alpha2, P, Q, R);
    t.m_e = split_norm2(t.r1, t.r2, P, Q, R);
    const double tau = std::sqrt(0.5 * t.m), tau_eff = std::sqrt(0.5 * t.m_e);

    // Activity: theta = (theta_old + h g) / (1 + h (g + kappa)).
    const double x_a = tau * p.activity_volume / kT;
    const double g = activation_rate(tau);
    const double D_theta = 1.0 + h * (g + healing);
    const double theta_old = x_old[energy.size()];
    t.theta = (theta_old + h * g) / D_theta;
    const double dT_a = p.activity_temperature - temperature;
    const double T_target = temperature + t.theta * dT_a;
    // dg/dm = g'(tau) / (4 tau) = nu_a exp(-Q_a/kT) (V_a/kT)^2 sinh(x_a)/x_a / 2.
    const double Va_kT = p.activity_volume / kT;
    const double dg_dm = x_a > 0.0 ? 0.5 * Va_kT * Va_kT *
                                       safe_exp(std::log(p.activity_attempt_frequency) - p.activity_energy / kT +
                                                log_sinhc(x_a))
                                   : 0.5 * Va_kT * Va_kT * p.activity_attempt_frequency *
                                       std::exp(-p.activity_energy / kT);
    const double dtheta_dm = h * (1.0 - t.theta) / D_theta * dg_dm;
    const double dTt_dm = dT_a * dtheta_dm;

    // Bins: T_f = (T_f,old + h k T_t) / (1 + h k), k = k0 cosh(x_r).
    const double x_r = tau * p.relaxation_volume / kT;
    const double f = safe_exp(hyperbolic::log_cosh(x_r));
    const double Vr_kT = p.relaxation_volume / kT;
    const double df_dm = 0.25 * Vr_kT * Vr_kT * sinhc(x_r); // sinh(x_r) Vr/kT / (4 tau)
    double s_y = 0.0, ds_y = 0.0, s_d = 0.0, ds_d = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      {
        const double hk = h * thermal_rate[i] * f;
        const double Tf = (x_old[i] + hk * T_target) / (1.0 + hk);
        const double dTf = (h * thermal_rate[i] * df_dm * (T_target - Tf) + hk * dTt_dm) / (1.0 + hk);
        const double d = Tf - as_cast.values[i];
        s_y += barrier_weight[i] * d;
        ds_y += barrier_weight[i] * dTf;
        s_d += density_weight[i] * d;
        ds_d += density_weight[i] * dTf;
      }
    const double c = p.heat_capacity;
    // Barrier shift dQ (J), the same for STZs and flow.
    const double dQ = -p.barrier_per_enthalpy * c * s_y - p.barrier_per_activity * t.theta;
    t.dilatation = p.density_per_enthalpy * c * s_d;

    const double a_p = p.flow_volume / (2.0 * kT), a_c = p.stz_volume / (2.0 * kT);
    const double ln_phi_p = std::log(p.flow_attempt_frequency * a_p) - (p.flow_energy + dQ) / kT +
                            log_sinhc(a_p * tau);
    const double ln_phi_a =
      std::log(p.stz_attempt_frequency * a_c) - (p.stz_energy + dQ) / kT + log_sinhc(a_c * tau_eff);
    const double log_h = std::log(h);
    t.F_p = y_p - log_h - ln_phi_p;
    t.F_a = y_a - log_h - ln_phi_a;
    if (!derivatives)
      return;

    // d/dm of ln phi_p: a_p^2 G(a_p tau) / 4 from the sinh, and the barrier shift.
    const double ddQ_dm = -p.barrier_per_enthalpy * c * ds_y - p.barrier_per_activity * dtheta_dm;
    t.dlnphi_p_dm = 0.25 * a_p * a_p * log_sinhc_slope_over_x(a_p * tau) - ddQ_dm / kT;
    t.dlnphi_a_dme = 0.25 * a_c * a_c * log_sinhc_slope_over_x(a_c * tau_eff);
    t.dlnphi_a_dm = -ddQ_dm / kT;
    t.ddil_dm = p.density_per_enthalpy * c * ds_d;

    // d/d lambda of the coefficients, then d/dy = lambda d/d lambda.
    const double ddet_p = beta + beta * H2 * la, ddet_a = beta + H2 + beta * H2 * lp;
    const double da1_p = -t.alpha1 * ddet_p / det, da1_a = beta * H2 / det - t.alpha1 * ddet_a / det;
    const double da2_p = -t.alpha2 * ddet_p / det, da2_a = beta * H2 / det - t.alpha2 * ddet_a / det;
    const double dr1_p = -t.r1 * ddet_p / det, dr1_a = -t.r1 * ddet_a / det;
    const double dr2_p = -H2 * beta / det - t.r2 * ddet_p / det, dr2_a = -t.r2 * ddet_a / det;
    auto dnorm2 = [&](const double c1, const double c2, const double dc1, const double dc2) {
      return 2.0 * (c1 * P + c2 * Q) * dc1 + 2.0 * (c1 * Q + c2 * R) * dc2;
    };
    t.dalpha1_dyp = lp * da1_p;
    t.dalpha1_dya = la * da1_a;
    t.dalpha2_dyp = lp * da2_p;
    t.dalpha2_dya = la * da2_a;
    t.dm_dyp = lp * dnorm2(t.alpha1, t.alpha2, da1_p, da2_p);
    t.dm_dya = la * dnorm2(t.alpha1, t.alpha2, da1_a, da2_a);
    t.dme_dyp = lp * dnorm2(t.r1, t.r2, dr1_p, dr2_p);
    t.dme_dya = la * dnorm2(t.r1, t.r2, dr1_a, dr2_a);
    t.J11 = 1.0 - t.dlnphi_p_dm * t.dm_dyp;
    t.J12 = -t.dlnphi_p_dm * t.dm_dya;
    t.J21 = -t.dlnphi_a_dme * t.dme_dyp - t.dlnphi_a_dm * t.dm_dyp;
    t.J22 = 1.0 - t.dlnphi_a_dme * t.dme_dya - t.dlnphi_a_dm * t.dm_dya;
  }

  Update FictiveTemperatureLaw::integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain,
                                          const double dt, MaterialState &current) const
  {
    const std::size_t n = energy.size();
    if (old.values.size() != n + 8)
      throw std::invalid_argument("law 5 expects " + to_text(n + 8) + " state values, the state has " +
                                  to_text(old.values.size()));
    if (!(dt > 0.0))
      throw LocalSolveFailure("law 5: time step " + to_text(dt) + " s is not positive");
    const SymmetricTensor<2, 3> I = unit_symmetric_tensor<3>();
    const SymmetricTensor<2, 3> e_star = deviator(strain) - deviator(old.plastic_strain);
    const SymmetricTensor<2, 3> a0 = stz_strain(old);
    const double P = e_star * e_star, Q = e_star * a0, R = a0 * a0;
    const double log_h = std::log(dt);

    // Newton on y = (ln lambda_p, ln lambda_a) from the values at the elastic trial stresses.
    Trial t;
    evaluate(y_floor, y_floor, P, Q, R, old.values, dt, t, false);
    double y_p = std::max(y_floor - t.F_p, y_floor), y_a = std::max(y_floor - t.F_a, y_floor);
    unsigned int it = 1;
    bool clamped_p = false, clamped_a = false;
    // A clamped variable's row becomes y = y_floor: residual 0, Jacobian row (1, 0) or (0, 1).
    auto clamp = [&](Trial &tr) {
      if (clamped_p)
        {
          tr.F_p = 0.0;
          tr.J11 = 1.0;
          tr.J12 = 0.0;
          tr.J21 = 0.0;
        }
      if (clamped_a)
        {
          tr.F_a = 0.0;
          tr.J22 = 1.0;
          tr.J21 = 0.0;
          tr.J12 = 0.0;
        }
    };
    for (;; ++it)
      {
        if (it > max_newton_iterations)
          throw LocalSolveFailure("law 5: local Newton did not converge in " + to_text(max_newton_iterations) +
                                  " iterations (dt = " + to_text(dt) + " s)");
        evaluate(y_p, y_a, P, Q, R, old.values, dt, t, true);
        if (!std::isfinite(t.F_p) || !std::isfinite(t.F_a))
          throw LocalSolveFailure("law 5: non-finite local residual (dt = " + to_text(dt) + " s)");
        // A multiplier at the floor whose equation asks for less still is negligible (its rate is
        // below exp(-800) per step): it stays there and drops out of the system.
        clamped_p = y_p <= y_floor && t.F_p > 0.0;
        clamped_a = y_a <= y_floor && t.F_a > 0.0;
        clamp(t);
        const double scale = std::max({1.0, std::abs(y_p), std::abs(y_a), std::abs(log_h)});
        if (std::abs(t.F_p) < newton_tolerance * scale && std::abs(t.F_a) < newton_tolerance * scale)
          break;
        double d_p, d_a;
        if (!solve_2x2(t.J11, t.J12, t.J21, t.J22, -t.F_p, -t.F_a, d_p, d_a))
          throw LocalSolveFailure("law 5: singular local Jacobian (dt = " + to_text(dt) + " s)");
        const double lambda = std::min(1.0, 5.0 / std::max({std::abs(d_p), std::abs(d_a), 1e-300}));
        y_p = std::max(y_p + lambda * d_p, y_floor);
        y_a = std::max(y_a + lambda * d_a, y_floor);
      }

    // The new state: bins and activity at the converged shear stress.
    const double lp = safe_exp(y_p), la = safe_exp(y_a);
    const SymmetricTensor<2, 3> s = t.alpha1 * e_star + t.alpha2 * a0;
    const SymmetricTensor<2, 3> de_a = la * (t.r1 * e_star + t.r2 * a0);
    const double tau = std::sqrt(0.5 * t.m);
    const double f = safe_exp(hyperbolic::log_cosh(tau * p.relaxation_volume / kT));
    const double T_target = target_temperature(t.theta);
    current = old;
    for (std::size_t i = 0; i < n; ++i)
      {
        const double hk = dt * thermal_rate[i] * f;
        current.values[i] = (old.values[i] + hk * T_target) / (1.0 + hk);
      }
    current.values[n] = t.theta;
    current.values[enthalpy_index()] = observed_enthalpy(current.values);
    const double d_dil = t.dilatation - dilatation(old.values);
    current.set_tensor(n + 1, a0 + de_a);
    current.plastic_strain = old.plastic_strain + lp * s + de_a + (d_dil / 3.0) * I;
    current.shear_strain = old.shear_strain + lp * std::sqrt(2.0 * t.m) + la * std::sqrt(2.0 * t.m_e);

    const double K = elastic.bulk_modulus();
    Update u;
    u.stress = K * (trace(strain) - trace(current.plastic_strain)) * I + s;
    u.newton_iterations = it;

    // Consistent tangent, analytic. F(y; P, Q) = 0 gives dy/dP, dy/dQ; then
    // s = alpha1(y) e* + alpha2(y) a0 and the dilatation(m(y, P, Q)); dP/d eps = 2 e*, dQ/d eps = a0.
    const double Fp_P = clamped_p ? 0.0 : -t.dlnphi_p_dm * t.alpha1 * t.alpha1;
    const double Fp_Q = clamped_p ? 0.0 : -t.dlnphi_p_dm * 2.0 * t.alpha1 * t.alpha2;
    const double Fa_P = clamped_a ? 0.0 : -t.dlnphi_a_dme * t.r1 * t.r1 - t.dlnphi_a_dm * t.alpha1 * t.alpha1;
    const double Fa_Q =
      clamped_a ? 0.0 : -t.dlnphi_a_dme * 2.0 * t.r1 * t.r2 - t.dlnphi_a_dm * 2.0 * t.alpha1 * t.alpha2;
    double yp_P, ya_P, yp_Q, ya_Q;
    if (!solve_2x2(t.J11, t.J12, t.J21, t.J22, -Fp_P, -Fa_P, yp_P, ya_P) ||
        !solve_2x2(t.J11, t.J12, t.J21, t.J22, -Fp_Q, -Fa_Q, yp_Q, ya_Q))
      throw LocalSolveFailure("law 5: singular Jacobian in the tangent");
    const double a1_P = t.dalpha1_dyp * yp_P + t.dalpha1_dya * ya_P;
    const double a1_Q = t.dalpha1_dyp * yp_Q + t.dalpha1_dya * ya_Q;
    const double a2_P = t.dalpha2_dyp * yp_P + t.dalpha2_dya * ya_P;
    const double a2_Q = t.dalpha2_dyp * yp_Q + t.dalpha2_dya * ya_Q;
    const double m_P = t.alpha1 * t.alpha1 + t.dm_dyp * yp_P + t.dm_dya * ya_P;
    const double m_Q = 2.0 * t.alpha1 * t.alpha2 + t.dm_dyp * yp_Q + t.dm_dya * ya_Q;
    const double th_P = t.ddil_dm * m_P, th_Q = t.ddil_dm * m_Q;

    const SymmetricTensor<2, 3> dP_de = 2.0 * e_star, dQ_de = a0;
    u.tangent = K * outer_product(I, I) + t.alpha1 * deviator_tensor<3>() +
                outer_product(e_star, a1_P * dP_de + a1_Q * dQ_de) + outer_product(a0, a2_P * dP_de + a2_Q * dQ_de) -
                K * outer_product(I, th_P * dP_de + th_Q * dQ_de);
    return u;
  }
} // namespace bmgcreep::material
