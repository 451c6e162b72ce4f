#include "continuum/material/relaxation_rejuvenation_law.h"

#include "continuum/material/activated_flow_law.h" // hyperbolic::
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

  void RelaxationRejuvenationParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Relaxation rejuvenation");
    prm.declare_entry("Spectrum mean", "1.38", Double(0.1, 5.0),
                      "Mean mu of the Gaussian spectrum of relaxation activation energies (eV), 0.1 to 5");
    prm.declare_entry("Spectrum width", "0.15", Double(0.001, 1.0),
                      "Standard deviation w of the spectrum (eV), 0.001 to 1");
    prm.declare_entry("Spectrum bins", "21", Patterns::Integer(1, 201),
                      "Bins of the spectrum, equally spaced over mu +- 3 w (-), 1 to 201");
    prm.declare_entry("Attempt frequency", "1e13", Double(1e6, 1e16),
                      "Attempt frequency nu_0 of a relaxation event (1/s), 1e6 to 1e16");
    prm.declare_entry("Relaxation volume", "50", Double(0.0, 1000.0),
                      "Activation volume V_r by which shear stress lowers a relaxation barrier (A^3), 0 to 1000");
    prm.declare_entry("Enthalpy capacity", "4", Double(0.01, 100.0),
                      "Enthalpy R stored in the whole spectrum when every bin is unrelaxed (J/g), 0.01 to 100");
    prm.declare_entry("Density per enthalpy", "0.3", Double(0.0, 10.0),
                      "Density change per J/g of stored enthalpy relaxed, k_rho (% per J/g), 0 to 10");
    prm.declare_entry("Density tilt", "0", Double(-10.0, 10.0),
                      "t_rho: a bin's density weight goes as exp(-t_rho z), z = (E - mu)/w; 0: density "
                      "proportional to enthalpy (-), -10 to 10");
    prm.declare_entry("Density per created enthalpy", "0", Double(0.0, 10.0),
                      "k_c: density loss per J/g of enthalpy the STZs create (dilatancy of the created "
                      "disorder, kept when its bins relax again) (% per J/g), 0 to 10");
    prm.declare_entry("Glass transition temperature", "677", Double(100.0, 2000.0),
                      "T_g, where the as-cast history's quench starts with every bin unrelaxed (K), 100 to 2000");
    prm.declare_entry("Quench rate", "10", Double(1e-6, 1e15),
                      "Cooling rate q of the quench from T_g to the test temperature (K/s), 1e-6 to 1e15 (MD quenches)");
    prm.declare_entry("Shelf time", "720", Double(0.0, 1e7),
                      "Time at the test temperature between quench and test (h), 0 to 1e7");
    prm.declare_entry("Rejuvenation temperature", "900", Double(1.0, 1e4),
                      "T_r: STZ activity drives every bin towards the disorder frozen in at this fictive "
                      "temperature, u_max = (T_r - T) / (T_g - T); at or above T_g (K), 1 to 1e4");
    prm.declare_entry("STZ attempt frequency", "1e13", Double(1e6, 1e16),
                      "Attempt frequency nu_c of a back-stress-limited STZ (1/s), 1e6 to 1e16");
    prm.declare_entry("STZ energy", "2.5", Double(0.1, 10.0),
                      "Activation energy Q_c of a back-stress-limited STZ (eV), 0.1 to 10");
    prm.declare_entry("STZ volume", "300", Double(1.0, 1e4),
                      "Activation volume V_c of a back-stress-limited STZ (A^3), 1 to 1e4");
    prm.declare_entry("Back stress modulus", "5", Double(0.01, 1000.0),
                      "H: the back stress on STZ shear strain gamma_a is H gamma_a (GPa), 0.01 to 1000");
    prm.declare_entry("Storage fraction", "0.5", Double(0.0, 10.0),
                      "eta: enthalpy stored per unit of STZ dissipation, at most (-), 0 to 10; above 1/(1 - T/T_r) "
                      "the STZs store more free energy than they dissipate, which only the net energy balance of "
                      "a hold bounds (energy.csv)");
    prm.declare_entry("Flow attempt frequency", "1e13", Double(1e6, 1e16),
                      "Attempt frequency nu_p of viscoplastic flow (1/s), 1e6 to 1e16");
    prm.declare_entry("Flow energy", "3.6", Double(0.1, 20.0),
                      "Activation energy Q_p of viscoplastic flow in the as-cast glass (eV), 0.1 to 20");
    prm.declare_entry("Flow volume", "2000", Double(1.0, 1e5),
                      "Activation volume V_p of viscoplastic flow (A^3), 1 to 1e5");
    prm.declare_entry("Flow energy per enthalpy", "0.05", Double(-10.0, 10.0),
                      "q_H: drop of the flow barrier per J/g of stored enthalpy gained (eV per J/g), -10 to 10");
    prm.declare_entry("Flow energy per created enthalpy", "0", Double(-10.0, 10.0),
                      "q_c: further drop of the flow barrier per J/g of enthalpy the STZs create (eV per J/g), "
                      "-10 to 10");
    prm.declare_entry("Flow tilt", "0", Double(-10.0, 10.0),
                      "t_y: a bin's weight in the flow barrier goes as exp(t_y z), z = (E - mu)/w (-), -10 to 10");
    prm.leave_subsection();
  }

  void RelaxationRejuvenationParameters::parse_parameters(ParameterHandler &prm, const double rho_g_per_cm3)
  {
    prm.enter_subsection("Relaxation rejuvenation");
    spectrum_mean = units::ev_to_j(prm.get_double("Spectrum mean"));
    spectrum_width = units::ev_to_j(prm.get_double("Spectrum width"));
    bins = prm.get_integer("Spectrum bins");
    attempt_frequency = prm.get_double("Attempt frequency");
    relaxation_volume = units::cubic_angstrom_to_m3(prm.get_double("Relaxation volume"));
    enthalpy_capacity = prm.get_double("Enthalpy capacity");
    density_per_enthalpy = prm.get_double("Density per enthalpy") / 100.0;
    density_tilt = prm.get_double("Density tilt");
    density_per_created_enthalpy = prm.get_double("Density per created enthalpy") / 100.0;
    glass_transition = prm.get_double("Glass transition temperature");
    quench_rate = prm.get_double("Quench rate");
    shelf_time = units::hours_to_s(prm.get_double("Shelf time"));
    rejuvenation_temperature = prm.get_double("Rejuvenation temperature");
    stz_attempt_frequency = prm.get_double("STZ attempt frequency");
    stz_energy = units::ev_to_j(prm.get_double("STZ energy"));
    stz_volume = units::cubic_angstrom_to_m3(prm.get_double("STZ volume"));
    back_stress_modulus = units::gpa_to_pa(prm.get_double("Back stress modulus"));
    storage_fraction = prm.get_double("Storage fraction");
    flow_attempt_frequency = prm.get_double("Flow attempt frequency");
    flow_energy = units::ev_to_j(prm.get_double("Flow energy"));
    flow_volume = units::cubic_angstrom_to_m3(prm.get_double("Flow volume"));
    flow_energy_per_enthalpy = units::ev_to_j(prm.get_double("Flow energy per enthalpy"));
    flow_tilt = prm.get_double("Flow tilt");
    flow_energy_per_created_enthalpy = units::ev_to_j(prm.get_double("Flow energy per created enthalpy"));
    prm.leave_subsection();
    mass_density = rho_g_per_cm3 * 1e6;
  }

  namespace
  {
    constexpr double sqrt2 = 1.4142135623730951;
    constexpr unsigned int max_newton_iterations = 100;
    constexpr double newton_tolerance = 1e-11;
    constexpr double max_exponent = 700.0;

    double safe_exp(const double a) { return std::exp(std::min(a, max_exponent)); }

    using hyperbolic::log_sinhc;
  } // namespace

  RelaxationRejuvenationLaw::RelaxationRejuvenationLaw(const ElasticConstants &elastic_, const double temperature,
                                                       const RelaxationRejuvenationParameters &p_)
    : elastic(elastic_), p(p_), kT(units::thermal_energy(temperature))
  {
    if (!(p.glass_transition > temperature))
      throw std::invalid_argument("\"Glass transition temperature\" = " + to_text(p.glass_transition) +
                                  " K must be above the test temperature " + to_text(temperature) + " K");
    if (p.rejuvenation_temperature < p.glass_transition)
      throw std::invalid_argument("\"Rejuvenation temperature\" = " + to_text(p.rejuvenation_temperature) +
                                  " K is below \"Glass transition temperature\" = " + to_text(p.glass_transition) +
                                  " K: STZ activity cannot leave less disorder than the quench");
    // Disorder frozen in at a fictive temperature T_f <= T_r stores the free energy
    // dH (1 - T/T_f) <= dH (1 - T/T_r) (constant configurational heat capacity): with at most
    // eta per unit dissipation stored as enthalpy, eta (1 - T/T_r) <= 1 keeps the free energy
    // stored below the work dissipated.
    // No per-mechanism energy limit here: a storage fraction above 1/(1 - T/T_r) stores more free
    // energy than the STZs dissipate, but the second law bounds only the net change of the whole
    // state against the work done, which the energy balance of every hold reports and the tests
    // check (EnergyBalance.*).
    u_max = (p.rejuvenation_temperature - temperature) / (p.glass_transition - temperature);
    const ActivationSpectrum spectrum(p.spectrum_mean, p.spectrum_width, p.bins);
    const unsigned int n = spectrum.size();
    energy = spectrum.energies();
    weight = spectrum.weights();
    // Tilted weights keep their spectrum mean: a tilt moves the weight between bins only.
    density_weight = spectrum.tilt(-p.density_tilt);
    flow_weight = spectrum.tilt(p.flow_tilt);
    const double sum_d = spectrum.tilt_mean(density_weight), sum_y = spectrum.tilt_mean(flow_weight);
    for (unsigned int i = 0; i < n; ++i)
      {
        density_weight[i] /= sum_d;
        flow_weight[i] /= sum_y;
        log_thermal_rate.push_back(std::log(p.attempt_frequency) - energy[i] / kT);
        thermal_rate.push_back(std::exp(log_thermal_rate.back()));
      }

    // As cast: the quench, then the shelf at the test temperature (u_eq = 0 there).
    std::vector<double> u = as_quenched_bins();
    for (unsigned int i = 0; i < n; ++i)
      u[i] *= std::exp(-p.shelf_time * std::exp(log_thermal_rate[i]));
    as_cast.values = u;
    as_cast.values.push_back(0.0); // no enthalpy created yet
    as_cast.values.resize(n + 8, 0.0); // no STZ strain
    as_cast.values[enthalpy_index()] = stored_enthalpy(u);
  }

  std::vector<StateVariable> RelaxationRejuvenationLaw::state_variables() const
  {
    return {{"unrelaxed_fraction", "-", n_bins()}, {"created_enthalpy", "J/g", 1}, {"stz_strain", "-", 6},
            {"stored_enthalpy", "J/g", 1}};
  }

  std::vector<double> RelaxationRejuvenationLaw::as_quenched_bins() const
  {
    // Each bin relaxes towards u_eq(T) = (T - T_test) / (T_g - T_test) (a constant
    // configurational heat capacity) while T falls linearly at the quench rate; over a step of
    // 0.25 K the rate and u_eq are those of the step's middle, and the step is exact.
    const double T_test = kT / units::boltzmann;
    const double Tg = p.glass_transition;
    std::vector<double> u(energy.size(), 1.0);
    quench(energy, p.attempt_frequency, Tg, T_test, p.quench_rate, [&](const unsigned int i, const double T, const double decay) {
        const double u_eq = (T - T_test) / (Tg - T_test);
        u[i] = u_eq + (u[i] - u_eq) * decay;
      });
    return u;
  }

  double RelaxationRejuvenationLaw::relaxation_rate(const unsigned int i, const double tau) const
  {
    return safe_exp(log_thermal_rate[i] + hyperbolic::log_cosh(tau * p.relaxation_volume / kT));
  }

  double RelaxationRejuvenationLaw::stored_enthalpy(const std::vector<double> &u) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += weight[i] * u[i];
    return p.enthalpy_capacity * s;
  }

  double RelaxationRejuvenationLaw::dilatation(const std::vector<double> &u) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += weight[i] * density_weight[i] * (u[i] - as_cast.values[i]);
    return p.density_per_enthalpy * p.enthalpy_capacity * s + p.density_per_created_enthalpy * created_enthalpy(u);
  }

  double RelaxationRejuvenationLaw::flow_barrier_shift(const std::vector<double> &u) const
  {
    double s = 0.0;
    for (unsigned int i = 0; i < energy.size(); ++i)
      s += weight[i] * flow_weight[i] * (u[i] - as_cast.values[i]);
    return -p.flow_energy_per_enthalpy * p.enthalpy_capacity * s -
           p.flow_energy_per_created_enthalpy * created_enthalpy(u);
  }

  double RelaxationRejuvenationLaw::flow_rate(const double tau, const double dQ) const
  {
    const double a = p.flow_volume / (2.0 * kT);
    const double x = a * std::abs(tau);
    const double ln =
      std::log(2.0 * p.flow_attempt_frequency) - (p.flow_energy + dQ) / kT + log_sinhc(x) + std::log(x);
    return std::copysign(x > 0.0 ? safe_exp(ln) : 0.0, tau);
  }

  // The local problem of one backward-Euler step. With e* the trial elastic strain deviator
  // and a0 the STZ strain at the start, the deviatoric stress s and back stress b = 2 H e_a
  // follow from the flow rules De_p = lambda_p s, De_a = lambda_a (s - b) as
  //   s = alpha1 e* + alpha2 a0,  b = alpha3 e* + alpha4 a0,
  // so every norm is a function of P = e*:e*, Q = e*:a0, R = a0:a0; the bins follow in closed
  // form from the shear stress and the STZ dissipation; two scalar equations fix lambda_p,
  // lambda_a (unknowns y = ln lambda).
  struct RelaxationRejuvenationLaw::Trial
  {
    double F_p = 0.0, F_a = 0.0;          ///< residuals
    double det = 1.0;                     ///< determinant of the 2x2 system for s and b
    double alpha1 = 0.0, alpha2 = 0.0, alpha3 = 0.0, alpha4 = 0.0;
    double tau = 0.0, tau_eff = 0.0;      ///< Pa
    double dissipation = 0.0;             ///< lambda_a |s - b|^2 (J/m^3)
    double theta = 0.0;                   ///< dilatation of the new bins (-)
    std::vector<double> u;
  };

  RelaxationRejuvenationLaw::Trial RelaxationRejuvenationLaw::evaluate(const double y_p, const double y_a,
                                                                       const double P, const double Q,
                                                                       const double R,
                                                                       const std::vector<double> &u_old,
                                                                       const double h) const
  {
    Trial t;
    const double lp = safe_exp(y_p), la = safe_exp(y_a);
    const double beta = 2.0 * elastic.shear_modulus(), H2 = 2.0 * p.back_stress_modulus;
    // (1 + beta (lp + la)) (1 + H2 la) - beta H2 la^2, expanded so that nothing cancels.
    const BackStressSplit split = back_stress_split(beta, H2, lp, la);
    const double det = t.det = split.det;
    t.alpha1 = split.alpha1;
    t.alpha2 = split.alpha2;
    t.alpha3 = H2 * la * beta / det;
    t.alpha4 = (1.0 + beta * (lp + la)) * H2 / det;
    const double s2 = split_norm2(t.alpha1, t.alpha2, P, Q, R);
    // s - b = (beta e* - H2 (1 + beta lp) a0) / det, again without cancellation.
    const double r2 = split_norm2(split.r1, split.r2, P, Q, R);
    t.tau = std::sqrt(0.5 * s2);
    t.tau_eff = std::sqrt(0.5 * r2);
    t.dissipation = la * r2;

    // Created enthalpy per unit dissipation: eta (1 - u_mean / u_max) <= eta.
    const double c = p.storage_fraction / (p.mass_density * p.enthalpy_capacity * u_max);
    const double created = c * t.dissipation;
    const unsigned int n = n_bins();
    t.u.resize(n + 1);
    double gross = 0.0; // enthalpy created in the step, R sum p_i c W (u_max - u_i)
    // k_i(tau) = k_i(0) cosh(tau V_r / kT): one stress factor for every bin.
    const double stress_factor = std::exp(std::min(hyperbolic::log_cosh(t.tau * p.relaxation_volume / kT), max_exponent));
    for (unsigned int i = 0; i < n; ++i)
      {
        t.u[i] = (u_old[i] + created * u_max) / (1.0 + h * thermal_rate[i] * stress_factor + created);
        gross += weight[i] * created * (u_max - t.u[i]);
      }
    t.u[n] = u_old[n] + p.enthalpy_capacity * gross;
    t.theta = dilatation(t.u);
    const double dQ = flow_barrier_shift(t.u);

    // lambda = h gamma_dot(tau) / (2 tau): ln of gamma_dot / (2 tau) without dividing by tau.
    const double a_p = p.flow_volume / (2.0 * kT), a_c = p.stz_volume / (2.0 * kT);
    const double ln_phi_p =
      std::log(p.flow_attempt_frequency * a_p) - (p.flow_energy + dQ) / kT + log_sinhc(a_p * t.tau);
    const double ln_phi_a =
      std::log(p.stz_attempt_frequency * a_c) - p.stz_energy / kT + log_sinhc(a_c * t.tau_eff);
    t.F_p = y_p - std::log(h) - ln_phi_p;
    t.F_a = y_a - std::log(h) - ln_phi_a;
    return t;
  }

  Update RelaxationRejuvenationLaw::integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain,
                                              const double dt, MaterialState &current) const
  {
    if (old.values.size() != energy.size() + 8)
      throw std::invalid_argument("law 4 expects " + to_text(energy.size() + 8) + " state values, the state has " +
                                  to_text(old.values.size()));
    if (!(dt > 0.0))
      throw LocalSolveFailure("law 4: time step " + to_text(dt) + " s is not positive");
    const SymmetricTensor<2, 3> I = unit_symmetric_tensor<3>();
    const SymmetricTensor<2, 3> e_star = deviator(strain) - deviator(old.plastic_strain);
    const SymmetricTensor<2, 3> a0 = stz_strain(old);
    const double P = e_star * e_star, Q = e_star * a0, R = a0 * a0;
    const double log_h = std::log(dt);

    // Newton on y = (ln lambda_p, ln lambda_a) from the trial values (an upper bound: the
    // residuals rise with y), Jacobian by forward differences of the scalar residuals.
    const Trial t0 = evaluate(-800.0, -800.0, P, Q, R, old.values, dt);
    double y_p = -t0.F_p - 800.0, y_a = -t0.F_a - 800.0; // = ln h + ln phi at the trial stresses
    y_p = std::max(y_p, -800.0);
    y_a = std::max(y_a, -800.0);
    constexpr double dy = 1e-6;
    Trial t;
    unsigned int it = 1;
    double J11, J12, J21, J22;
    for (;; ++it)
      {
        if (it > max_newton_iterations)
          throw LocalSolveFailure("law 4: local Newton did not converge in " + to_text(max_newton_iterations) +
                                  " iterations (dt = " + to_text(dt) + " s)");
        t = evaluate(y_p, y_a, P, Q, R, old.values, dt);
        if (!std::isfinite(t.F_p) || !std::isfinite(t.F_a))
          throw LocalSolveFailure("law 4: non-finite local residual (dt = " + to_text(dt) + " s)");
        const double scale = std::max({1.0, std::abs(y_p), std::abs(y_a), std::abs(log_h)});
        if (std::abs(t.F_p) < newton_tolerance * scale && std::abs(t.F_a) < newton_tolerance * scale)
          break;
        // Forward differences suffice for the iteration (the tangent below uses central ones).
        const Trial pp = evaluate(y_p + dy, y_a, P, Q, R, old.values, dt);
        const Trial ap = evaluate(y_p, y_a + dy, P, Q, R, old.values, dt);
        J11 = (pp.F_p - t.F_p) / dy;
        J21 = (pp.F_a - t.F_a) / dy;
        J12 = (ap.F_p - t.F_p) / dy;
        J22 = (ap.F_a - t.F_a) / dy;
        double d_p, d_a;
        if (!solve_2x2(J11, J12, J21, J22, -t.F_p, -t.F_a, d_p, d_a))
          throw LocalSolveFailure("law 4: singular local Jacobian (dt = " + to_text(dt) + " s)");
        const double lambda = std::min(1.0, 5.0 / std::max(std::abs(d_p), std::abs(d_a)));
        y_p = std::max(y_p + lambda * d_p, -800.0);
        y_a = std::max(y_a + lambda * d_a, -800.0);
      }

    const double lp = safe_exp(y_p), la = safe_exp(y_a);
    const SymmetricTensor<2, 3> s = t.alpha1 * e_star + t.alpha2 * a0;
    // De_a = lambda_a (s - b), s - b = (beta e* - H2 (1 + beta lambda_p) a0) / det.
    const double beta = 2.0 * elastic.shear_modulus(), H2 = 2.0 * p.back_stress_modulus;
    const SymmetricTensor<2, 3> de_a = (la / t.det) * (beta * e_star - H2 * (1.0 + beta * lp) * a0);
    const double d_theta = t.theta - dilatation(old.values);

    current = old;
    std::copy(t.u.begin(), t.u.end(), current.values.begin());
    current.set_tensor(energy.size() + 1, a0 + de_a);
    current.values[enthalpy_index()] = stored_enthalpy(t.u);
    current.plastic_strain = old.plastic_strain + lp * s + de_a + (d_theta / 3.0) * I;
    current.shear_strain = old.shear_strain + 2.0 * lp * t.tau + 2.0 * la * t.tau_eff;

    const double K = elastic.bulk_modulus();
    Update u;
    u.stress = K * (trace(strain) - trace(current.plastic_strain)) * I + s;
    u.newton_iterations = it;

    // Consistent tangent: s = alpha1(y) e* + alpha2(y) a0 and theta(y, P, Q), with y(P, Q)
    // from J dy = -dF; dP/d eps = 2 e*, dQ/d eps = a0 (both deviatoric).
    const double hP = std::max(1e-6 * P, 1e-30), hQ = std::max(1e-6 * std::abs(Q), 1e-30);
    struct Partials
    {
      double F_p, F_a, alpha1, alpha2, theta;
    };
    auto partials = [&](const double dP, const double dQ, const double dyp, const double dya) {
      // Central differences, one-sided in P near P = 0 (P cannot go negative).
      const bool forward = dP > 0.0 && P < dP;
      const Trial plus = evaluate(y_p + dyp, y_a + dya, P + dP, Q + dQ, R, old.values, dt);
      const Trial minus = forward ? t : evaluate(y_p - dyp, y_a - dya, P - dP, Q - dQ, R, old.values, dt);
      const double w = forward ? 1.0 : 2.0;
      const double step = dP + dQ + dyp + dya;
      return Partials{(plus.F_p - minus.F_p) / (w * step), (plus.F_a - minus.F_a) / (w * step),
                      (plus.alpha1 - minus.alpha1) / (w * step), (plus.alpha2 - minus.alpha2) / (w * step),
                      (plus.theta - minus.theta) / (w * step)};
    };
    const Partials byP = partials(hP, 0.0, 0.0, 0.0);
    const Partials byQ = R > 0.0 ? partials(0.0, hQ, 0.0, 0.0) : Partials{0, 0, 0, 0, 0};
    const Partials byYp = partials(0.0, 0.0, dy, 0.0);
    const Partials byYa = partials(0.0, 0.0, 0.0, dy);
    double yp_P, ya_P, yp_Q, ya_Q;
    if (!solve_2x2(byYp.F_p, byYa.F_p, byYp.F_a, byYa.F_a, -byP.F_p, -byP.F_a, yp_P, ya_P) ||
        !solve_2x2(byYp.F_p, byYa.F_p, byYp.F_a, byYa.F_a, -byQ.F_p, -byQ.F_a, yp_Q, ya_Q))
      throw LocalSolveFailure("law 4: singular Jacobian in the tangent");
    auto total = [&](const double by_p_, const double by_ya, const double explicit_part, const double yp_x,
                     const double ya_x) { return explicit_part + by_p_ * yp_x + by_ya * ya_x; };
    const double a1_P = total(byYp.alpha1, byYa.alpha1, 0.0, yp_P, ya_P);
    const double a1_Q = total(byYp.alpha1, byYa.alpha1, 0.0, yp_Q, ya_Q);
    const double a2_P = total(byYp.alpha2, byYa.alpha2, 0.0, yp_P, ya_P);
    const double a2_Q = total(byYp.alpha2, byYa.alpha2, 0.0, yp_Q, ya_Q);
    const double th_P = total(byYp.theta, byYa.theta, byP.theta, yp_P, ya_P);
    const double th_Q = total(byYp.theta, byYa.theta, byQ.theta, yp_Q, ya_Q);

    const SymmetricTensor<2, 3> dP_de = 2.0 * e_star, dQ_de = a0;
    u.tangent = K * outer_product(I, I) + t.alpha1 * deviator_tensor<3>() +
                outer_product(e_star, a1_P * dP_de + a1_Q * dQ_de) + outer_product(a0, a2_P * dP_de + a2_Q * dQ_de) -
                K * outer_product(I, th_P * dP_de + th_Q * dQ_de);
    return u;
  }
} // namespace bmgcreep::material
