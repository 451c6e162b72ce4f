// The elastostatic-compression protocol of the lab, for any specimen model: the material
// point (UniaxialPoint) or the finite-element cylinder. As-cast compression test, then per
// hold: load at a strain rate, hold at constant stress, unload, wait, and compress again to
// read the post-hold yield stress. The same code drives both, so a homogeneous
// finite-element specimen reproduces the material point to round-off.
//
// A Specimen is copyable and provides (stresses and strains nominal, axial, tension positive):
//   bool step_to_strain(double axial_strain, double dt);  // false: failed, unchanged
//   bool step_to_stress(double axial_stress, double dt);
//   double axial_strain() const, axial_stress() const, axial_plastic_strain() const;
//   double internal_variable() const;                      // volume average
//   double density(const Observables &) const;             // g/cm^3
//   double youngs_modulus() const;                         // Pa
//   double max_shear_increment_since(const Specimen &before) const;
//   double max_log_x_change_since(const Specimen &before) const;
//   bool can_extrapolate_from(const Specimen &A) const;    // 2 *this - A keeps x > 0
//   void extrapolate(const Specimen &A, const Specimen &B); // *this = 2 B - A
//   std::string failure_reason() const;                    // why the last step failed
//   unsigned int last_newton_iterations() const;           // of the last successful step
#pragma once

#include "continuum/material/observables.h"
#include "coupling/text.h"

#include <deal.II/base/parameter_handler.h>

#include <algorithm>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <functional>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  enum class YieldMeasure
  {
    offset, ///< stress at 0.2 % offset strain eps - sigma/E (the lab's convention)
    peak    ///< the maximum stress of the compression curve
  };

  struct ProtocolParameters
  {
    std::vector<double> hold_fractions{0.5, 0.7, 0.9}; ///< of the reference yield stress (-)
    double hold_time = 48.0 * 3600.0;        ///< s
    double loading_rate = 5e-4;              ///< load and unload strain rate (1/s)
    double wait_time = 600.0;                ///< at zero stress after unloading (s)
    double compression_rate = 5e-4;          ///< post-hold compression strain rate (1/s)
    double reference_yield = 1687e6;         ///< Pa
    bool model_yield_as_reference = false;   ///< use the model's own as-cast yield instead
    YieldMeasure yield_measure = YieldMeasure::offset;
    double offset_strain = 0.002;            ///< (-)
    double compression_strain_limit = 0.1;   ///< (-)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  struct TimeSteppingParameters
  {
    double initial_hold_step = 1e-2;          ///< s
    double growth_factor = 2.0;               ///< largest ratio of consecutive steps (-)
    double max_shear_increment = 2e-3;        ///< cap of Delta gamma per step (-)
    double max_log_x_change = 0.02;           ///< cap of |Delta ln x| per step (-)
    double hold_tolerance = 1e-4;             ///< relative local error of a hold step (-)
    double load_strain_increment = 1e-4;      ///< axial strain per step while loading (-)
    double compression_strain_increment = 5e-5; ///< axial strain per step in a compression test (-)
    unsigned int fixed_hold_steps = 0;        ///< 0: adaptive; N: N equal plain backward-Euler steps
    unsigned int max_steps = 100000;          ///< accepted plus rejected steps per stage before giving up
    double max_creep_strain = 0.2;            ///< a hold creeping further is a runaway: stop (-)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  /// One row of a time series; strain and stress compressive-positive, as the lab reports them.
  struct TimeSeriesRow
  {
    double time;            ///< s since the start of loading
    std::string stage;      ///< load, hold, unload, wait, compression
    double stress;          ///< axial, Pa
    double strain;          ///< axial total strain (-)
    double plastic_strain;  ///< axial plastic strain (-)
    double internal_variable;
    double density;         ///< g/cm^3
    double step;            ///< s
    unsigned int newton_iterations; ///< of the step's last solve

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &time &stage &stress &strain &plastic_strain &internal_variable &density &step &newton_iterations;
    }
  };

  /// The fields of a specimen at the end of one stage, as the text of a file (VTU).
  struct FieldSnapshot
  {
    std::string stage;
    double time = 0.0; ///< s
    std::string text;

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &stage &time &text;
    }
  };

  /// One condition of the summary table (the as-cast one has hold_fraction 0).
  struct ConditionResult
  {
    double hold_fraction = 0.0;
    double hold_stress = 0.0;      ///< Pa
    double hold_time = 0.0;        ///< s
    double creep_strain = 0.0;     ///< axial strain gained during the hold (-)
    double residual_strain = 0.0;  ///< axial strain after unloading and waiting (-)
    double density = 0.0;          ///< g/cm^3
    double density_change_pct = 0.0;
    double relaxation_enthalpy = 0.0; ///< J/g
    double yield_stress = 0.0;     ///< Pa
    double internal_variable = 0.0;///< at the end of the wait
    unsigned int hold_steps = 0;   ///< accepted steps of the hold
    unsigned int hold_rejected = 0;///< rejected (cut-back) hold steps
    unsigned long solves = 0;            ///< successful step solves, all stages
    unsigned long newton_iterations = 0; ///< their Newton iterations
    unsigned long failed_solves = 0;     ///< step solves that failed and were cut back
    std::vector<TimeSeriesRow> series;
    std::vector<FieldSnapshot> fields; ///< when the driver has a field writer

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &hold_fraction &hold_stress &hold_time &creep_strain &residual_strain &density &density_change_pct;
      ar &relaxation_enthalpy &yield_stress &internal_variable &hold_steps &hold_rejected &solves;
      ar &newton_iterations &failed_solves &series &fields;
    }
  };

  template <class Specimen>
  class ProtocolDriver
  {
  public:
    ProtocolDriver(const Specimen &as_cast, const Observables &observables,
                   const ProtocolParameters &protocol, const TimeSteppingParameters &stepping);

    /// Compression test of the as-cast material (hold_fraction 0 row).
    ConditionResult as_cast() const;
    /// The full protocol of one hold at `hold_stress` (Pa, compressive positive).
    ConditionResult hold(double hold_fraction, double hold_stress) const;
    /// Hold stage alone from `point` at constant axial stress `stress` (Pa, compressive
    /// positive) for `duration` (s), appending rows to `series`; returns accepted steps.
    unsigned int hold_stage(Specimen &point, double stress, double duration, double &time,
                            const std::string &stage, std::vector<TimeSeriesRow> &series,
                            unsigned int &rejected) const;
    /// Post-hold (or as-cast) compression test from `point`; returns the yield stress (Pa).
    double compression_test(Specimen point, double time, std::vector<TimeSeriesRow> *series,
                            std::vector<FieldSnapshot> *fields = nullptr) const;

    /// If set, called with the specimen at the end of every stage (load, hold, unload, wait,
    /// compression); what it returns is kept in ConditionResult::fields.
    std::function<std::string(const Specimen &)> field_writer;

  private:
    bool solve_strain(Specimen &s, double axial_strain, double dt) const
    {
      return count(s, s.step_to_strain(axial_strain, dt));
    }
    bool solve_stress(Specimen &s, double axial_stress, double dt) const
    {
      return count(s, s.step_to_stress(axial_stress, dt));
    }
    bool count(const Specimen &s, const bool ok) const
    {
      if (ok)
        {
          ++statistics.solves;
          statistics.newton_iterations += s.last_newton_iterations();
        }
      else
        {
          ++statistics.failed_solves;
          last_failure = s.failure_reason();
        }
      return ok;
    }
    mutable std::string last_failure = "no failure"; ///< of the last failed solve, for messages
    void stage_end(const Specimen &s, const std::string &stage, double time,
                   std::vector<FieldSnapshot> *fields) const
    {
      if (field_writer && fields)
        fields->push_back({stage, time, field_writer(s)});
    }
    struct Statistics
    {
      unsigned long solves = 0, newton_iterations = 0, failed_solves = 0;
    };
    mutable Statistics statistics;

    void ramp_stage(Specimen &point, double target_stress, double rate, double &time,
                    const std::string &stage, std::vector<TimeSeriesRow> &series) const;
    TimeSeriesRow row(const Specimen &p, double time, const std::string &stage, double dt) const;

    Specimen as_cast_specimen;
    const Observables &observables;
    ProtocolParameters protocol;
    TimeSteppingParameters stepping;
  };

  template <class Specimen>
  ProtocolDriver<Specimen>::ProtocolDriver(const Specimen &as_cast_, const Observables &observables_,
                                           const ProtocolParameters &protocol_,
                                           const TimeSteppingParameters &stepping_)
    : as_cast_specimen(as_cast_), observables(observables_), protocol(protocol_), stepping(stepping_)
  {}

  template <class Specimen>
  TimeSeriesRow ProtocolDriver<Specimen>::row(const Specimen &p, const double time, const std::string &stage,
                                              const double dt) const
  {
    return {time,
            stage,
            -p.axial_stress(),
            -p.axial_strain(),
            -p.axial_plastic_strain(),
            p.internal_variable(),
            p.density(observables),
            dt,
            p.last_newton_iterations()};
  }

  template <class Specimen>
  void ProtocolDriver<Specimen>::ramp_stage(Specimen &point, const double target, const double rate,
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
          throw std::runtime_error(stage + " stage failed: the strain step fell below 1e-14 (" +
                                   last_failure + ")");
        const double dt = de / rate;
        Specimen trial = point;
        if (!solve_strain(trial, point.axial_strain() + direction * de, dt) ||
            trial.max_shear_increment_since(point) > stepping.max_shear_increment)
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
            Specimen last = point;
            if (f > 0.0 && !solve_stress(last, -target, f * dt))
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

  template <class Specimen>
  unsigned int ProtocolDriver<Specimen>::hold_stage(Specimen &point, const double stress, const double duration,
                                       double &time, const std::string &stage,
                                       std::vector<TimeSeriesRow> &series, unsigned int &rejected) const
  {
    if (stepping.fixed_hold_steps > 0)
      {
        const unsigned int n = stepping.fixed_hold_steps;
        const double dt = duration / n;
        const unsigned int every = std::max(1u, n / 1000);
        const double eps_start = point.axial_strain();
        for (unsigned int k = 0; k < n; ++k)
          {
            if (std::abs(point.axial_strain() - eps_start) > stepping.max_creep_strain)
              throw std::runtime_error(stage + " stage at " + to_text(stress * 1e-6) +
                                       " MPa: creep strain exceeded \"Max creep strain\" = " +
                                       to_text(stepping.max_creep_strain) + " (runaway creep)");
            if (!solve_stress(point, -stress, dt))
              throw std::runtime_error(stage + " stage failed with a fixed step of " +
                                       to_text(dt) + " s");
            time += dt;
            if ((k + 1) % every == 0 || k + 1 == n)
              series.push_back(row(point, time, stage, dt));
          }
        return n;
      }

    const double eps_start = point.axial_strain();
    const double x_start = point.internal_variable();
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
                                   " s (runaway creep: the hold stress is too close to the model's yield)");
        dt = std::min(dt, duration - t);
        if (dt < 1e-12 * duration)
          throw std::runtime_error(stage + " stage failed: the time step fell below " +
                                   to_text(1e-12 * duration) + " s at t = " + to_text(t) + " s (" + last_failure + ")");
        // Step doubling: one step of dt (A) and two of dt/2 (B); their difference estimates
        // the local error and 2B - A is the second-order (Richardson) result.
        Specimen A = point, B = point;
        if (!solve_stress(A, -stress, dt) || !solve_stress(B, -stress, 0.5 * dt) ||
            !solve_stress(B, -stress, 0.5 * dt))
          {
            ++rejected;
            dt *= 0.25;
            continue;
          }
        const double xA = A.internal_variable(), xB = B.internal_variable();
        const double err_eps = std::abs(B.axial_strain() - A.axial_strain()) /
                               std::max(std::abs(B.axial_strain() - eps_start), 1e-6);
        const double err_x = std::abs(xB - xA) / std::max(std::abs(xB - x_start), 1e-6 * x_start);
        const double err = std::max(err_eps, err_x) / stepping.hold_tolerance;
        if (!B.can_extrapolate_from(A))
          {
            ++rejected;
            dt *= 0.25;
            continue;
          }
        Specimen C = B;
        C.extrapolate(A, B);
        const double cap = std::max(C.max_shear_increment_since(point) / stepping.max_shear_increment,
                                    C.max_log_x_change_since(point) / stepping.max_log_x_change);
        if (err > 1.0 || cap > 1.0)
          {
            ++rejected;
            dt *= std::clamp(0.9 * std::min(1.0 / std::sqrt(err), 1.0 / cap), 0.1, 0.5);
            continue;
          }
        point = std::move(C);
        t += dt;
        time += dt;
        ++accepted;
        series.push_back(row(point, time, stage, dt));
        dt *= std::min({stepping.growth_factor, 0.9 / std::sqrt(std::max(err, 1e-12)),
                        0.9 / std::max(cap, 1e-12)});
      }
    return accepted;
  }

  template <class Specimen>
  double ProtocolDriver<Specimen>::compression_test(Specimen point, double time,
                                       std::vector<TimeSeriesRow> *series,
                                       std::vector<FieldSnapshot> *fields) const
  {
    const double E = point.youngs_modulus();
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
          throw std::runtime_error("compression test failed: the strain step fell below 1e-14 (" +
                                   last_failure + ")");
        const double dt = de / protocol.compression_rate;
        Specimen trial = point;
        if (!solve_strain(trial, point.axial_strain() - de, dt) ||
            trial.max_shear_increment_since(point) > stepping.max_shear_increment)
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
            if (!(s > 0.0))
              throw std::runtime_error("compression test: the offset strain " + to_text(protocol.offset_strain) +
                                       " was reached at a stress of " + to_text(s * 1e-6) +
                                       " MPa, not in compression (no yield point: check the law's parameters)");
            const double w = (protocol.offset_strain - o_prev) / (o - o_prev);
            stage_end(trial, "compression", time, fields);
            return s_prev + w * (s - s_prev);
          }
        if (protocol.yield_measure == YieldMeasure::peak)
          {
            if (s > s_max)
              s_max = s;
            else if (s < 0.99 * s_max)
              {
                stage_end(trial, "compression", time, fields);
                return s_max;
              }
          }
        point = trial;
        s_prev = s;
        o_prev = o;
        de = std::min(2.0 * de, stepping.compression_strain_increment);
      }
    throw std::runtime_error("the compression test reached the \"Compression strain limit\" of " +
                             to_text(protocol.compression_strain_limit) +
                             " without yielding: raise the limit or check the law's parameters");
  }

  template <class Specimen>
  ConditionResult ProtocolDriver<Specimen>::as_cast() const
  {
    ConditionResult r;
    statistics = {};
    const Specimen &p = as_cast_specimen;
    r.density = p.density(observables);
    r.relaxation_enthalpy = observables.relaxation_enthalpy(p.internal_variable());
    r.internal_variable = p.internal_variable();
    r.yield_stress = compression_test(p, 0.0, &r.series, &r.fields);
    r.solves = statistics.solves;
    r.newton_iterations = statistics.newton_iterations;
    r.failed_solves = statistics.failed_solves;
    return r;
  }

  template <class Specimen>
  ConditionResult ProtocolDriver<Specimen>::hold(const double hold_fraction, const double hold_stress) const
  {
    ConditionResult r;
    statistics = {};
    r.hold_fraction = hold_fraction;
    r.hold_stress = hold_stress;
    r.hold_time = protocol.hold_time;
    Specimen p = as_cast_specimen;
    const double rho0 = p.density(observables);
    double time = 0.0;
    r.series.push_back(row(p, time, "load", 0.0));
    ramp_stage(p, hold_stress, protocol.loading_rate, time, "load", r.series);
    stage_end(p, "load", time, &r.fields);
    const double eps_hold = p.axial_strain();
    r.hold_steps = hold_stage(p, hold_stress, protocol.hold_time, time, "hold", r.series, r.hold_rejected);
    r.creep_strain = -(p.axial_strain() - eps_hold);
    stage_end(p, "hold", time, &r.fields);
    ramp_stage(p, 0.0, protocol.loading_rate, time, "unload", r.series);
    stage_end(p, "unload", time, &r.fields);
    if (protocol.wait_time > 0.0)
      {
        unsigned int wait_rejected = 0;
        hold_stage(p, 0.0, protocol.wait_time, time, "wait", r.series, wait_rejected);
        stage_end(p, "wait", time, &r.fields);
      }
    r.residual_strain = -p.axial_strain();
    r.density = p.density(observables);
    r.density_change_pct = 100.0 * (r.density - rho0) / rho0;
    r.internal_variable = p.internal_variable();
    r.relaxation_enthalpy = observables.relaxation_enthalpy(r.internal_variable);
    r.yield_stress = compression_test(p, time, &r.series, &r.fields);
    r.solves = statistics.solves;
    r.newton_iterations = statistics.newton_iterations;
    r.failed_solves = statistics.failed_solves;
    return r;
  }
} // namespace bmgcreep::material
