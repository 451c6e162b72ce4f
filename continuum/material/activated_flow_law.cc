#include "continuum/material/activated_flow_law.h"

#include "coupling/text.h"
#include "coupling/units.h"

#include <cmath>
#include <limits>

namespace bmgcreep::material
{
  namespace hyperbolic
  {
    double log_sinh(const double a)
    {
      if (a < 0.5)
        return std::log(std::sinh(a));
      return a - std::log(2.0) + std::log1p(-std::exp(-2.0 * a));
    }

    double log_cosh(const double a)
    {
      return a - std::log(2.0) + std::log1p(std::exp(-2.0 * a));
    }

    double log_cosh_minus_one(const double a) { return std::log(2.0) + 2.0 * log_sinh(0.5 * a); }

    double log_sinhc(const double x)
    {
      if (x < 1e-3)
        return x * x / 6.0 - x * x * x * x / 180.0;
      return log_sinh(x) - std::log(x);
    }

    double coth(const double a)
    {
      if (a < 1e-8)
        return 1.0 / a + a / 3.0;
      if (a > 20.0)
        return 1.0;
      return 1.0 / std::tanh(a);
    }
  } // namespace hyperbolic

  bool solve_2x2(const double a, const double b, const double c, const double d, const double p, const double q,
                 double &u, double &v)
  {
    const double det = a * d - b * c;
    if (!std::isfinite(det) || det == 0.0)
      return false;
    u = (d * p - b * q) / det;
    v = (a * q - c * p) / det;
    return std::isfinite(u) && std::isfinite(v);
  }

  namespace
  {
    constexpr unsigned int max_newton_iterations = 60;
    constexpr double newton_tolerance = 1e-11;

    /// Shear stress (Pa) below which the flow is treated as the linear response at tau = 0.
    constexpr double tau_floor = 1e-6;

    bool finite(const double a) { return std::isfinite(a); }
  } // namespace

  ActivatedFlowLaw::ActivatedFlowLaw(const CommonParameters &common_) : common(common_) {}

  double ActivatedFlowLaw::thermal_energy() const { return units::thermal_energy(common.temperature); }

  MaterialState ActivatedFlowLaw::initial_state() const
  {
    MaterialState s;
    s.values.assign(1 + 6 * common.anelastic.elements, 0.0);
    s.values[0] = common.initial_internal_variable;
    return s;
  }

  std::vector<StateVariable> ActivatedFlowLaw::state_variables() const
  {
    std::vector<StateVariable> v = {{internal_variable_name(), "-", 1}};
    for (unsigned int i = 0; i < common.anelastic.elements; ++i)
      v.push_back({"anelastic_strain_" + std::to_string(i + 1), "-", 6});
    return v;
  }

  double ActivatedFlowLaw::relaxation_enthalpy(const MaterialState &state) const
  {
    return common.as_cast_enthalpy + common.enthalpy_per_unit_x * (state.values[0] - common.initial_internal_variable);
  }

  bool ActivatedFlowLaw::scale_disorder(MaterialState &state, const double factor) const
  {
    state.values[0] *= factor;
    return true;
  }

  SymmetricTensor<2, 3> ActivatedFlowLaw::anelastic_strain(const MaterialState &state) const
  {
    SymmetricTensor<2, 3> sum;
    for (unsigned int i = 0; i < common.anelastic.elements; ++i)
      sum += state.tensor(1 + 6 * i);
    return sum;
  }

  double AnelasticParameters::time(const unsigned int i) const
  {
    if (elements <= 1)
      return shortest_time;
    return shortest_time * std::pow(longest_time / shortest_time, double(i) / (elements - 1));
  }

  bool ActivatedFlowLaw::newton_step_solve(const double tau_trial, const double x_old, const double h,
                                           const double mu, ScalarUpdate &out) const
  {
    if (!(x_old > 0.0) || !finite(x_old) || !(h > 0.0))
      return false;

    // Flow negligible (no deviatoric stress, or Delta gamma below exp(-690)): only x evolves,
    // one Newton variable y = ln x at tau = 0 or at the trial stress.
    auto solve_without_flow = [&](const double tau) {
      double y = std::log(x_old);
      for (unsigned int it = 1; it <= max_newton_iterations; ++it)
        {
          const double x = std::exp(y);
          const KineticRates r = rates(tau, x);
          const double F = 1.0 - x_old / x - h * r.x_dot / x;
          const double dF = x_old / x - h * (r.d_x_dot_d_x * x - r.x_dot) / x;
          if (!finite(F) || !finite(dF) || dF == 0.0)
            return false;
          const double scale = std::max({1.0, x_old / x, std::abs(h * r.x_dot / x)});
          if (std::abs(F) < newton_tolerance * scale)
            {
              // Linear response of the flow (exact at tau -> 0, where x_dot is even in tau).
              const KineticRates r0 = rates(std::max(tau, tau_floor), x);
              const double gdot_prime = std::exp(r0.ln_gamma_dot) * r0.d_ln_gamma_dot_d_tau;
              out.shear_increment = 0.0;
              out.x = x;
              out.d_shear_d_tau_trial = h * gdot_prime / (1.0 + mu * h * gdot_prime);
              out.d_x_d_tau_trial = tau > 0.0 ? x * (h * r.d_x_dot_d_tau / x) / dF : 0.0;
              out.d_shear_d_x_old = 0.0;
              out.d_x_d_x_old = 1.0 / dF;
              out.iterations = it;
              return finite(out.d_shear_d_tau_trial) && finite(out.d_x_d_tau_trial);
            }
          double dy = -F / dF;
          if (std::abs(dy) > 0.5)
            dy = std::copysign(0.5, dy);
          y += dy;
        }
      return false;
    };

    if (tau_trial <= tau_floor)
      return solve_without_flow(0.0);

    // Unknowns z = ln(Delta gamma), y = ln x; Delta gamma < tau_trial / mu keeps tau > 0.
    const double gamma_max = tau_trial / mu;
    const double log_h = std::log(h);
    constexpr double negligible = -690.0; // ln of a shear increment that cannot matter
    double z = log_h + rates(tau_trial, x_old).ln_gamma_dot;
    if (z < negligible)
      {
        if (solve_without_flow(tau_trial) && log_h + rates(tau_trial, out.x).ln_gamma_dot < negligible)
          return true;
        z = negligible;
      }
    if (!(z < std::log(0.5 * gamma_max)))
      z = std::log(0.5 * gamma_max);
    double y = std::log(x_old);

    for (unsigned int it = 1; it <= max_newton_iterations; ++it)
      {
        const double G = std::exp(z);
        const double tau = tau_trial - mu * G;
        const double x = std::exp(y);
        const KineticRates r = rates(tau, x);
        const double F1 = z - log_h - r.ln_gamma_dot;
        const double F2 = 1.0 - x_old / x - h * r.x_dot / x;
        const double J11 = 1.0 + mu * G * r.d_ln_gamma_dot_d_tau;
        const double J12 = -r.d_ln_gamma_dot_d_x * x;
        const double J21 = h * mu * G * r.d_x_dot_d_tau / x;
        const double J22 = x_old / x - h * (r.d_x_dot_d_x * x - r.x_dot) / x;
        if (!finite(F1) || !finite(F2) || !finite(J11) || !finite(J12) || !finite(J21) || !finite(J22))
          return false;

        const double scale1 = std::max({1.0, std::abs(z), std::abs(log_h)});
        const double scale2 = std::max({1.0, x_old / x, std::abs(h * r.x_dot / x)});
        if (std::abs(F1) < newton_tolerance * scale1 && std::abs(F2) < newton_tolerance * scale2)
          {
            // Sensitivities by the implicit function theorem: J d(z,y) = -dF.
            double dz_dtau, dy_dtau, dz_dxold, dy_dxold;
            if (!solve_2x2(J11, J12, J21, J22, r.d_ln_gamma_dot_d_tau, h * r.d_x_dot_d_tau / x, dz_dtau,
                        dy_dtau) ||
                !solve_2x2(J11, J12, J21, J22, 0.0, 1.0 / x, dz_dxold, dy_dxold))
              return false;
            out.shear_increment = G;
            out.x = x;
            out.d_shear_d_tau_trial = G * dz_dtau;
            out.d_x_d_tau_trial = x * dy_dtau;
            out.d_shear_d_x_old = G * dz_dxold;
            out.d_x_d_x_old = x * dy_dxold;
            out.iterations = it;
            return true;
          }

        double dz, dy;
        if (!solve_2x2(J11, J12, J21, J22, -F1, -F2, dz, dy))
          return false;
        double lambda = 1.0;
        if (std::abs(dy) > 0.5)
          lambda = 0.5 / std::abs(dy);
        if (std::abs(dz) * lambda > 10.0)
          lambda = 10.0 / std::abs(dz);
        for (unsigned int k = 0; k < 60 && std::exp(z + lambda * dz) >= gamma_max * (1.0 - 1e-14); ++k)
          lambda *= 0.5;
        z = std::max(z + lambda * dz, negligible - 50.0);
        y += lambda * dy;
      }
    return false;
  }

  ScalarUpdate ActivatedFlowLaw::solve_scalar(const double tau_trial, const double x_old, const double dt,
                                              const unsigned int first_substeps, const double shear_modulus) const
  {
    const double mu = shear_modulus > 0.0 ? shear_modulus : common.elastic.shear_modulus();
    for (unsigned int n = std::max(1u, first_substeps); n <= max_substeps; n *= 2)
      {
        const double h = dt / n;
        // Running values and their derivatives with respect to (tau_trial, x_old).
        double tau = tau_trial, dtau_dtau0 = 1.0, dtau_dx0 = 0.0;
        double x = x_old, dx_dtau0 = 0.0, dx_dx0 = 1.0;
        ScalarUpdate total;
        total.substeps = n;
        bool ok = true;
        for (unsigned int k = 0; k < n && ok; ++k)
          {
            ScalarUpdate s;
            if (!newton_step_solve(std::max(tau, 0.0), x, h, mu, s))
              {
                ok = false;
                break;
              }
            const double dg_dtau0 = s.d_shear_d_tau_trial * dtau_dtau0 + s.d_shear_d_x_old * dx_dtau0;
            const double dg_dx0 = s.d_shear_d_tau_trial * dtau_dx0 + s.d_shear_d_x_old * dx_dx0;
            const double dxn_dtau0 = s.d_x_d_tau_trial * dtau_dtau0 + s.d_x_d_x_old * dx_dtau0;
            const double dxn_dx0 = s.d_x_d_tau_trial * dtau_dx0 + s.d_x_d_x_old * dx_dx0;
            total.shear_increment += s.shear_increment;
            total.d_shear_d_tau_trial += dg_dtau0;
            total.d_shear_d_x_old += dg_dx0;
            tau -= mu * s.shear_increment;
            dtau_dtau0 -= mu * dg_dtau0;
            dtau_dx0 -= mu * dg_dx0;
            x = s.x;
            dx_dtau0 = dxn_dtau0;
            dx_dx0 = dxn_dx0;
            total.iterations += s.iterations;
          }
        if (ok)
          {
            total.x = x;
            total.d_x_d_tau_trial = dx_dtau0;
            total.d_x_d_x_old = dx_dx0;
            return total;
          }
      }
    throw LocalSolveFailure("local update did not converge with " + to_text(max_substeps) +
                            " substeps (tau_trial = " + to_text(tau_trial * 1e-6) +
                            " MPa, x = " + to_text(x_old) + ", dt = " + to_text(dt) + " s)");
  }

  Update ActivatedFlowLaw::integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain,
                                     const double dt, MaterialState &current) const
  {
    using namespace dealii;
    const double mu = common.elastic.shear_modulus();
    const double K = common.elastic.bulk_modulus();
    const double kappa = common.dilatation_per_unit_x;
    const SymmetricTensor<2, 3> I = unit_symmetric_tensor<3>();

    // Kelvin-Voigt elements, backward Euler: e_i = a_i e_i,old + b_i s. They lower the shear
    // modulus of the step to mu_s = mu / (1 + 2 mu sum b_i) and shift the trial strain, after
    // which the radial return is the plastic one with mu_s (docs/constitutive-laws.md).
    const AnelasticParameters &an = common.anelastic;
    if (old.values.size() != 1 + 6 * an.elements)
      throw std::invalid_argument(name() + ": a state of " + std::to_string(old.values.size()) + " values, this law's have " +
                                  std::to_string(1 + 6 * an.elements));
    double a[max_anelastic_elements], b[max_anelastic_elements], b_sum = 0.0;
    SymmetricTensor<2, 3> d = deviator(strain) - deviator(old.plastic_strain);
    for (unsigned int i = 0; i < an.elements; ++i)
      {
        const double r = dt / an.time(i);
        const double compliance = an.compliance_fraction / (2.0 * mu * an.elements);
        a[i] = 1.0 / (1.0 + r);
        b[i] = r * compliance / (1.0 + r);
        b_sum += b[i];
        d -= a[i] * old.tensor(1 + 6 * i);
      }
    const double mu_s = mu / (1.0 + 2.0 * mu * b_sum);
    const double norm_d = d.norm();
    const double tau_trial = std::sqrt(2.0) * mu_s * norm_d;

    const double x_old = old.values[0];
    const ScalarUpdate su = solve_scalar(tau_trial, x_old, dt, 1, mu_s);

    SymmetricTensor<2, 3> N;
    const bool has_direction = tau_trial > tau_floor;
    if (has_direction)
      N = d / norm_d;

    current.plastic_strain = old.plastic_strain + (su.shear_increment / std::sqrt(2.0)) * N +
                             (kappa * (su.x - x_old) / 3.0) * I;
    current.values.resize(old.values.size());
    current.values[0] = su.x;
    current.shear_strain = old.shear_strain + su.shear_increment;

    Update u;
    // Deviatoric stress of the step, then the elements from it.
    const SymmetricTensor<2, 3> s_dev = 2.0 * mu_s * d - std::sqrt(2.0) * mu_s * su.shear_increment * N;
    for (unsigned int i = 0; i < an.elements; ++i)
      current.set_tensor(1 + 6 * i, a[i] * old.tensor(1 + 6 * i) + b[i] * s_dev);
    u.stress = K * (trace(strain) - trace(current.plastic_strain)) * I + s_dev;
    u.newton_iterations = su.iterations;
    u.substeps = su.substeps;

    const SymmetricTensor<4, 3> P_dev = deviator_tensor<3>();
    const double dphi = 2.0 * mu_s - 2.0 * mu_s * mu_s * su.d_shear_d_tau_trial;
    u.tangent = K * outer_product(I, I);
    if (has_direction)
      {
        const double phi = 2.0 * mu_s * norm_d - std::sqrt(2.0) * mu_s * su.shear_increment;
        const SymmetricTensor<4, 3> NN = outer_product(N, N);
        u.tangent += dphi * NN + (phi / norm_d) * (P_dev - NN) -
                     (std::sqrt(2.0) * K * kappa * mu_s * su.d_x_d_tau_trial) * outer_product(I, N);
      }
    else
      u.tangent += dphi * P_dev;
    return u;
  }
} // namespace bmgcreep::material
