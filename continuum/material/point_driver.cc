#include "continuum/material/point_driver.h"

#include "coupling/text.h"
#include "coupling/units.h"

#include <deal.II/base/utilities.h>

#include <cmath>
#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;

  // ------------------------------------------------------------------ parameters

  void ProtocolParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Protocol");
    prm.declare_entry("Hold fractions", "0.5, 0.7, 0.9",
                      Patterns::List(Patterns::Double(1e-3, 0.999), 1, 100),
                      "Hold stresses as fractions of the reference yield stress (-), each 0.001 to 0.999");
    prm.declare_entry("Hold time", "48", Patterns::Double(1e-6, 1e6),
                      "Duration of each hold at constant stress (h), 1e-6 to 1e6");
    prm.declare_entry("Loading rate", "5e-4", Patterns::Double(1e-12, 1e3),
                      "Strain rate of loading to and unloading from the hold (1/s), 1e-12 to 1e3");
    prm.declare_entry("Wait after unloading", "600", Patterns::Double(0.0, 1e9),
                      "Time at zero stress between unloading and the post-hold test (s), 0 to 1e9");
    prm.declare_entry("Compression rate", "5e-4", Patterns::Double(1e-12, 1e3),
                      "Strain rate of the as-cast and post-hold compression tests (1/s), 1e-12 to 1e3");
    prm.declare_entry("Reference yield stress", "1687", Patterns::Double(1.0, 1e5),
                      "Yield stress the hold fractions refer to (MPa), 1 to 1e5; the lab's as-cast value by default");
    prm.declare_entry("Use model yield as reference", "false", Patterns::Bool(),
                      "true: hold fractions refer to the model's own as-cast yield stress instead (true|false)");
    prm.declare_entry("Yield measure", "offset", Patterns::Selection("offset|peak"),
                      "How yield is read from a compression curve: offset (stress at the offset plastic "
                      "strain eps - sigma/E) or peak (maximum stress) (offset|peak)");
    prm.declare_entry("Offset strain", "0.002", Patterns::Double(1e-6, 0.1),
                      "Plastic strain of the offset yield measure (-), 1e-6 to 0.1");
    prm.declare_entry("Compression strain limit", "0.1", Patterns::Double(1e-4, 1.0),
                      "Largest strain of a compression test before it gives up (-), 1e-4 to 1");
    prm.leave_subsection();
  }

  void ProtocolParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Protocol");
    hold_fractions = Utilities::string_to_double(Utilities::split_string_list(prm.get("Hold fractions")));
    hold_time = units::hours_to_s(prm.get_double("Hold time"));
    loading_rate = prm.get_double("Loading rate");
    wait_time = prm.get_double("Wait after unloading");
    compression_rate = prm.get_double("Compression rate");
    reference_yield = units::mpa_to_pa(prm.get_double("Reference yield stress"));
    model_yield_as_reference = prm.get_bool("Use model yield as reference");
    yield_measure = prm.get("Yield measure") == "peak" ? YieldMeasure::peak : YieldMeasure::offset;
    offset_strain = prm.get_double("Offset strain");
    compression_strain_limit = prm.get_double("Compression strain limit");
    prm.leave_subsection();
  }

  void TimeSteppingParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    prm.declare_entry("Initial hold step", "0.01", Patterns::Double(1e-9, 1e6),
                      "First time step of a hold (s), 1e-9 to 1e6");
    prm.declare_entry("Growth factor", "2", Patterns::Double(1.01, 10.0),
                      "Largest ratio of two consecutive hold steps (-), 1.01 to 10");
    prm.declare_entry("Max shear increment", "2e-3", Patterns::Double(1e-9, 1.0),
                      "Cap of the plastic shear strain increment per step (-), 1e-9 to 1");
    prm.declare_entry("Max internal variable change", "0.02", Patterns::Double(1e-9, 1.0),
                      "Cap of |Delta ln x| of the internal variable per step (-), 1e-9 to 1");
    prm.declare_entry("Hold tolerance", "1e-4", Patterns::Double(1e-12, 1.0),
                      "Local error per hold step, relative to the change since the hold began (-), 1e-12 to 1");
    prm.declare_entry("Load strain increment", "1e-4", Patterns::Double(1e-9, 0.01),
                      "Axial strain per step while loading and unloading (-), 1e-9 to 0.01");
    prm.declare_entry("Compression strain increment", "5e-5", Patterns::Double(1e-9, 0.01),
                      "Axial strain per step of a compression test (-), 1e-9 to 0.01");
    prm.declare_entry("Max steps per stage", "100000", Patterns::Integer(10, 100000000),
                      "Accepted plus rejected steps one stage may take before the run stops with an error (-), 10 to 1e8");
    prm.declare_entry("Max creep strain", "0.2", Patterns::Double(1e-6, 10.0),
                      "A hold whose creep strain exceeds this is a runaway and stops the run (-), 1e-6 to 10");
    prm.declare_entry("Fixed hold steps", "0", Patterns::Integer(0, 100000000),
                      "0: adaptive hold steps; N > 0: N equal plain backward-Euler steps (a reference) (-)");
    prm.leave_subsection();
  }

  void TimeSteppingParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    initial_hold_step = prm.get_double("Initial hold step");
    growth_factor = prm.get_double("Growth factor");
    max_shear_increment = prm.get_double("Max shear increment");
    max_log_x_change = prm.get_double("Max internal variable change");
    hold_tolerance = prm.get_double("Hold tolerance");
    load_strain_increment = prm.get_double("Load strain increment");
    compression_strain_increment = prm.get_double("Compression strain increment");
    fixed_hold_steps = prm.get_integer("Fixed hold steps");
    max_steps = prm.get_integer("Max steps per stage");
    max_creep_strain = prm.get_double("Max creep strain");
    prm.leave_subsection();
  }

  // ------------------------------------------------------------------ UniaxialPoint

  UniaxialPoint::UniaxialPoint(const ConstitutiveLaw &law_, const MaterialState &state)
    : law(&law_), current_state(state)
  {}

  bool UniaxialPoint::step_to_strain(const double axial_strain, const double dt)
  {
    return solve(false, axial_strain, dt);
  }

  bool UniaxialPoint::step_to_stress(const double axial_stress, const double dt)
  {
    return solve(true, axial_stress, dt);
  }

  bool UniaxialPoint::solve(const bool stress_control, const double target, const double dt)
  {
    SymmetricTensor<2, 3> eps = total_strain;
    if (!stress_control)
      eps[2][2] = target;
    const unsigned int n = stress_control ? 3 : 2; // unknown normal strains: xx, yy (, zz)
    const double tolerance = 1e-12 * law->elastic_constants().youngs_modulus;

    // Residual (stresses off their targets) at `e`; false if the material update fails.
    MaterialState trial;
    Update u;
    double r[3];
    auto evaluate = [&](const SymmetricTensor<2, 3> &e, double &rmax) {
      try
        {
          u = law->integrate(current_state, e, dt, trial);
        }
      catch (const LocalSolveFailure &)
        {
          return false;
        }
      rmax = 0.0;
      for (unsigned int i = 0; i < n; ++i)
        {
          r[i] = u.stress[i][i] - (i == 2 ? target : 0.0);
          rmax = std::max(rmax, std::abs(r[i]));
        }
      return std::isfinite(rmax);
    };

    double rmax;
    if (!evaluate(eps, rmax))
      return false;
    for (unsigned int it = 1; it <= 40; ++it)
      {
        if (rmax <= tolerance)
          {
            total_strain = eps;
            current_state = trial;
            stress_zz = u.stress[2][2];
            newton_iterations = it;
            return true;
          }
        // Newton direction from the consistent tangent (Gaussian elimination; J is an
        // elastic-like, diagonally dominant block).
        double J[3][3], d[3];
        for (unsigned int i = 0; i < n; ++i)
          {
            d[i] = r[i];
            for (unsigned int j = 0; j < n; ++j)
              J[i][j] = u.tangent[i][i][j][j];
          }
        for (unsigned int k = 0; k < n; ++k)
          for (unsigned int i = k + 1; i < n; ++i)
            {
              const double f = J[i][k] / J[k][k];
              for (unsigned int j = k; j < n; ++j)
                J[i][j] -= f * J[k][j];
              d[i] -= f * d[k];
            }
        for (int i = n - 1; i >= 0; --i)
          {
            for (unsigned int j = i + 1; j < n; ++j)
              d[i] -= J[i][j] * d[j];
            d[i] /= J[i][i];
          }
        // Backtracking line search on the largest residual: the flow rate is exponential
        // in stress, so a full Newton step can overshoot far from the solution.
        const double r_old = rmax;
        double lambda = 1.0;
        bool improved = false;
        for (unsigned int k = 0; k < 30 && !improved; ++k, lambda *= 0.5)
          {
            SymmetricTensor<2, 3> e = eps;
            for (unsigned int i = 0; i < n; ++i)
              e[i][i] -= lambda * d[i];
            double r_new;
            if (evaluate(e, r_new) && r_new < (1.0 - 1e-4 * lambda) * r_old)
              {
                eps = e;
                rmax = r_new;
                improved = true;
              }
          }
        if (!improved)
          return rmax <= 1e3 * tolerance && evaluate(eps, rmax) && (total_strain = eps, current_state = trial,
                                                                     stress_zz = u.stress[2][2], true);
      }
    return false;
  }

  // ------------------------------------------------------------------ PointDriver

  PointDriver::PointDriver(const ConstitutiveLaw &law_, const Observables &observables_,
                           const ProtocolParameters &protocol_, const TimeSteppingParameters &stepping_)
    : law(law_), observables(observables_), protocol(protocol_), stepping(stepping_)
  {}

  TimeSeriesRow PointDriver::row(const UniaxialPoint &p, const double time, const std::string &stage,
                                 const double dt) const
  {
    return {time,
            stage,
            -p.axial_stress(),
            -p.axial_strain(),
            -p.state().plastic_strain[2][2],
            p.state().internal_variable,
            observables.density(p.strain()),
            dt};
  }

  void PointDriver::ramp_stage(UniaxialPoint &point, const double target, const double rate,
                               double &time, const std::string &stage,
                               std::vector<TimeSeriesRow> &series) const
  {
    const double start = -point.axial_stress();
    if (std::abs(target - start) <= 1e-9 * std::max(std::abs(target), 1.0))
      return;
    const bool loading = target > start;
    const double direction = loading ? -1.0 : 1.0; // tension-positive axial strain change
    double de = stepping.load_strain_increment;
    for (unsigned int steps = 0;; ++steps)
      {
        if (steps >= stepping.max_steps)
          throw std::runtime_error(stage + " stage did not reach " + to_text(target * 1e-6) +
                                   " MPa within \"Max steps per stage\" = " + to_text(stepping.max_steps));
        if (de < 1e-14)
          throw std::runtime_error(stage + " stage failed: the strain step fell below 1e-14");
        const double dt = de / rate;
        UniaxialPoint trial = point;
        if (!trial.step_to_strain(point.axial_strain() + direction * de, dt) ||
            trial.state().shear_strain - point.state().shear_strain > stepping.max_shear_increment)
          {
            de *= 0.25;
            continue;
          }
        const double s_old = -point.axial_stress();
        const double s_new = -trial.axial_stress();
        if (loading ? s_new >= target : s_new <= target)
          {
            // Last part of the ramp: stress control to land on the target exactly.
            const double f = std::clamp((target - s_old) / (s_new - s_old), 0.0, 1.0);
            UniaxialPoint last = point;
            if (f > 0.0 && !last.step_to_stress(-target, f * dt))
              {
                de *= 0.25;
                continue;
              }
            point = last;
            time += f * dt;
            series.push_back(row(point, time, stage, f * dt));
            return;
          }
        point = trial;
        time += dt;
        series.push_back(row(point, time, stage, dt));
        de = std::min(2.0 * de, stepping.load_strain_increment);
      }
  }

  unsigned int PointDriver::hold_stage(UniaxialPoint &point, const double stress, const double duration,
                                       double &time, const std::string &stage,
                                       std::vector<TimeSeriesRow> &series, unsigned int &rejected) const
  {
    if (stepping.fixed_hold_steps > 0)
      {
        const unsigned int n = stepping.fixed_hold_steps;
        const double dt = duration / n;
        const unsigned int every = std::max(1u, n / 1000);
        for (unsigned int k = 0; k < n; ++k)
          {
            if (!point.step_to_stress(-stress, dt))
              throw std::runtime_error(stage + " stage failed with a fixed step of " +
                                       to_text(dt) + " s");
            time += dt;
            if ((k + 1) % every == 0 || k + 1 == n)
              series.push_back(row(point, time, stage, dt));
          }
        return n;
      }

    const double eps_start = point.axial_strain();
    const double x_start = point.state().internal_variable;
    double t = 0.0;
    double dt = std::min(stepping.initial_hold_step, duration);
    unsigned int accepted = 0;
    while (t < duration * (1.0 - 1e-12))
      {
        if (accepted + rejected >= stepping.max_steps)
          throw std::runtime_error(stage + " stage at " + to_text(stress * 1e-6) + " MPa took more than \"Max steps per stage\" = " +
                                   to_text(stepping.max_steps) + " steps by t = " + to_text(t) + " s");
        if (std::abs(point.axial_strain() - eps_start) > stepping.max_creep_strain)
          throw std::runtime_error(stage + " stage at " + to_text(stress * 1e-6) + " MPa: creep strain exceeded \"Max creep strain\" = " +
                                   to_text(stepping.max_creep_strain) + " at t = " + to_text(t) +
                                   " s (runaway creep; the hold stress is too close to the model's yield)");
        dt = std::min(dt, duration - t);
        if (dt < 1e-12 * duration)
          throw std::runtime_error(stage + " stage failed: the time step fell below " +
                                   to_text(1e-12 * duration) + " s at t = " + to_text(t) + " s");
        // Step doubling: one step of dt (A) and two of dt/2 (B); their difference estimates
        // the local error and 2B - A is the second-order (Richardson) result.
        UniaxialPoint A = point, B = point;
        if (!A.step_to_stress(-stress, dt) || !B.step_to_stress(-stress, 0.5 * dt) ||
            !B.step_to_stress(-stress, 0.5 * dt))
          {
            ++rejected;
            dt *= 0.25;
            continue;
          }
        const double xA = A.state().internal_variable, xB = B.state().internal_variable;
        const double err_eps = std::abs(B.axial_strain() - A.axial_strain()) /
                               std::max(std::abs(B.axial_strain() - eps_start), 1e-6);
        const double err_x = std::abs(xB - xA) / std::max(std::abs(xB - x_start), 1e-6 * x_start);
        const double err = std::max(err_eps, err_x) / stepping.hold_tolerance;
        const double cap = std::max((B.state().shear_strain - point.state().shear_strain) /
                                      stepping.max_shear_increment,
                                    std::abs(std::log(xB / point.state().internal_variable)) /
                                      stepping.max_log_x_change);
        const double x_new = 2.0 * xB - xA;
        if (err > 1.0 || cap > 1.0 || !(x_new > 0.0))
          {
            ++rejected;
            dt *= std::clamp(0.9 * std::min(1.0 / std::sqrt(err), 1.0 / cap), 0.1, 0.5);
            continue;
          }
        point = B;
        point.strain() = 2.0 * B.strain() - A.strain();
        point.state().plastic_strain = 2.0 * B.state().plastic_strain - A.state().plastic_strain;
        point.state().internal_variable = x_new;
        point.state().shear_strain = 2.0 * B.state().shear_strain - A.state().shear_strain;
        t += dt;
        time += dt;
        ++accepted;
        series.push_back(row(point, time, stage, dt));
        dt *= std::min({stepping.growth_factor, 0.9 / std::sqrt(std::max(err, 1e-12)),
                        0.9 / std::max(cap, 1e-12)});
      }
    return accepted;
  }

  double PointDriver::compression_test(UniaxialPoint point, double time,
                                       std::vector<TimeSeriesRow> *series) const
  {
    const double E = law.elastic_constants().youngs_modulus;
    const double eps0 = point.axial_strain();
    double s_prev = -point.axial_stress();
    double o_prev = -s_prev / E;
    double s_max = s_prev;
    double de = stepping.compression_strain_increment;
    for (unsigned int steps = 0; eps0 - point.axial_strain() < protocol.compression_strain_limit; ++steps)
      {
        if (steps >= stepping.max_steps)
          throw std::runtime_error("compression test took more than \"Max steps per stage\" = " +
                                   to_text(stepping.max_steps) + " steps");
        if (de < 1e-14)
          throw std::runtime_error("compression test failed: the strain step fell below 1e-14");
        const double dt = de / protocol.compression_rate;
        UniaxialPoint trial = point;
        if (!trial.step_to_strain(point.axial_strain() - de, dt) ||
            trial.state().shear_strain - point.state().shear_strain > stepping.max_shear_increment)
          {
            de *= 0.25;
            continue;
          }
        time += dt;
        if (series)
          series->push_back(row(trial, time, "compression", dt));
        const double s = -trial.axial_stress();
        const double o = (eps0 - trial.axial_strain()) - s / E;
        if (protocol.yield_measure == YieldMeasure::offset && o >= protocol.offset_strain)
          {
            const double w = (protocol.offset_strain - o_prev) / (o - o_prev);
            return s_prev + w * (s - s_prev);
          }
        if (protocol.yield_measure == YieldMeasure::peak)
          {
            if (s > s_max)
              s_max = s;
            else if (s < 0.99 * s_max)
              return s_max;
          }
        point = trial;
        s_prev = s;
        o_prev = o;
        de = std::min(2.0 * de, stepping.compression_strain_increment);
      }
    throw std::runtime_error("the compression test reached the \"Compression strain limit\" of " +
                             to_text(protocol.compression_strain_limit) +
                             " without yielding; raise the limit or check the law's parameters");
  }

  ConditionResult PointDriver::as_cast() const
  {
    ConditionResult r;
    UniaxialPoint p(law, law.initial_state());
    r.density = observables.density(p.strain());
    r.relaxation_enthalpy = observables.relaxation_enthalpy(p.state().internal_variable);
    r.internal_variable = p.state().internal_variable;
    r.yield_stress = compression_test(p, 0.0, &r.series);
    return r;
  }

  ConditionResult PointDriver::hold(const double hold_fraction, const double hold_stress) const
  {
    ConditionResult r;
    r.hold_fraction = hold_fraction;
    r.hold_stress = hold_stress;
    r.hold_time = protocol.hold_time;
    UniaxialPoint p(law, law.initial_state());
    const double rho0 = observables.density(p.strain());
    double time = 0.0;
    r.series.push_back(row(p, time, "load", 0.0));
    ramp_stage(p, hold_stress, protocol.loading_rate, time, "load", r.series);
    const double eps_hold = p.axial_strain();
    r.hold_steps = hold_stage(p, hold_stress, protocol.hold_time, time, "hold", r.series, r.hold_rejected);
    r.creep_strain = -(p.axial_strain() - eps_hold);
    ramp_stage(p, 0.0, protocol.loading_rate, time, "unload", r.series);
    if (protocol.wait_time > 0.0)
      {
        unsigned int wait_rejected = 0;
        hold_stage(p, 0.0, protocol.wait_time, time, "wait", r.series, wait_rejected);
      }
    r.residual_strain = -p.axial_strain();
    r.density = observables.density(p.strain());
    r.density_change_pct = 100.0 * (r.density - rho0) / rho0;
    r.internal_variable = p.state().internal_variable;
    r.relaxation_enthalpy = observables.relaxation_enthalpy(r.internal_variable);
    r.yield_stress = compression_test(p, time, &r.series);
    return r;
  }
} // namespace bmgcreep::material
