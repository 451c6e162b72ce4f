// The member definitions of ProtocolDriver (protocol_driver.h). Include this only in the file
// that instantiates ProtocolDriver for a specimen type.
#pragma once

#include "continuum/material/protocol_driver.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bmgcreep::material
{
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
    StepShrink why; // of the last rejected step, for the message
    for (unsigned int steps = 0;; ++steps)
      {
        if (steps >= stepping.max_steps)
          throw std::runtime_error(stage + " stage did not reach " + to_text(target * 1e-6) +
                                   " MPa within \"Max steps per stage\" = " + to_text(stepping.max_steps));
        if (de < 1e-14)
          throw std::runtime_error(stage + " stage failed: the strain step fell below 1e-14: the last step was rejected because " +
                                   why.text(last_failure));
        const double dt = de / rate;
        Specimen trial = point;
        double shear = 0.0;
        if (!solve_strain(trial, point.axial_strain() + direction * de, dt) ||
            (shear = trial.max_shear_increment_since(point)) > ramp_cap())
          {
            why = shear > 0.0 ? StepShrink{StepShrink::Kind::shear, shear, ramp_cap()} : StepShrink{StepShrink::Kind::solver, 0.0, 0.0};
            de *= ramp_cut(shear);
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
            record(&series, row(point, time, stage, f * dt));
            return;
          }
        point = trial;
        time += dt;
        record(&series, row(point, time, stage, dt));
        de = next_ramp_increment(de, shear, stepping.load_strain_increment);
      }
  }

  template <class Specimen>
  unsigned int ProtocolDriver<Specimen>::hold_stage(Specimen &point, const double stress, const double duration,
                                       double &time, const std::string &stage,
                                       std::vector<TimeSeriesRow> &series, unsigned int &rejected,
                                       HoldProgress *progress) const
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
              record(&series, row(point, time, stage, dt));
          }
        return n;
      }

    double eps_start = point.axial_strain();
    double x_start = point.internal_variable();
    double t = 0.0;
    double dt = std::min(stepping.initial_hold_step, duration);
    unsigned int accepted = 0;
    StepShrink shrink; // why the step shrank, for the message
    if (progress && progress->in_hold) // resumed from a checkpoint within this stage
      {
        eps_start = progress->hold_eps_start;
        x_start = progress->hold_x_start;
        t = progress->hold_t;
        dt = progress->hold_dt;
        accepted = progress->result.hold_steps;
        rejected = progress->result.hold_rejected;
      }
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
          throw std::runtime_error(stage + " stage at " + to_text(stress * 1e-6) + " MPa failed: the time step fell below " +
                                   to_text(1e-12 * duration) + " s at t = " + to_text(t) + " s, creep strain " +
                                   to_text(std::abs(point.axial_strain() - eps_start)) + ": " +
                                   shrink.text(last_failure) +
                                   (shrink.kind == StepShrink::Kind::solver
                                      ? ""
                                      : " (the creep accelerates: the hold is too close to the model's yield)"));
        // Step doubling: one step of dt (A) and two of dt/2 (B); their difference estimates
        // the local error and 2B - A is the second-order (Richardson) result.
        Specimen A = point, B = point;
        if (!solve_stress(A, -stress, dt) || !solve_stress(B, -stress, 0.5 * dt) ||
            !solve_stress(B, -stress, 0.5 * dt))
          {
            ++rejected;
            shrink = {StepShrink::Kind::solver, 0.0, 0.0};
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
            shrink = {StepShrink::Kind::extrapolation, 0.0, 0.0};
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
            shrink = err > 1.0 ? StepShrink{StepShrink::Kind::error, err, 0.0} : StepShrink{StepShrink::Kind::caps, cap, 0.0};
            dt *= std::clamp(0.9 * std::min(1.0 / std::sqrt(err), 1.0 / cap), 0.1, 0.5);
            continue;
          }
        point = std::move(C);
        t += dt;
        time += dt;
        ++accepted;
        shrink = {StepShrink::Kind::accepted, err, cap};
        record(&series, row(point, time, stage, dt));
        if (hold_frames > 0 && field_writer && progress && stage == "hold")
          {
            // Frames already taken (a resumed hold has them in its progress), and the next one's time.
            std::vector<FieldSnapshot> &fields = progress->result.fields;
            const auto taken = static_cast<unsigned int>(std::count_if(
              fields.begin(), fields.end(), [](const FieldSnapshot &f) { return f.stage.rfind("hold-", 0) == 0; }));
            const double t0 = std::min(1.0, duration);
            if (taken < hold_frames && t >= t0 * std::pow(duration / t0, (taken + 1.0) / (hold_frames + 1.0)) &&
                t < duration * (1.0 - 1e-12))
              stage_end(point, "hold-" + std::to_string(taken + 1), time, &fields);
          }
        dt *= std::min({stepping.growth_factor, 0.9 / std::sqrt(std::max(err, 1e-12)),
                        0.9 / std::max(cap, 1e-12)});
        if (progress && checkpoint && checkpoint_every > 0 && accepted % checkpoint_every == 0 &&
            t < duration * (1.0 - 1e-12))
          {
            progress->in_hold = true;
            progress->hold_eps_start = eps_start;
            progress->hold_x_start = x_start;
            progress->hold_t = t;
            progress->hold_dt = dt;
            progress->result.hold_steps = accepted;
            progress->result.hold_rejected = rejected;
            progress->time = time;
            save_progress(*progress, point);
          }
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
    StepShrink why; // of the last rejected step, for the message
    for (unsigned int steps = 0; eps0 - point.axial_strain() < protocol.compression_strain_limit; ++steps)
      {
        if (steps >= stepping.max_steps)
          throw std::runtime_error("compression test took more than \"Max steps per stage\" = " +
                                   to_text(stepping.max_steps) + " steps");
        if (de < 1e-14)
          throw std::runtime_error("compression test failed: the strain step fell below 1e-14: the last step was rejected because " +
                                   why.text(last_failure));
        const double dt = de / protocol.compression_rate;
        Specimen trial = point;
        double shear = 0.0;
        if (!solve_strain(trial, point.axial_strain() - de, dt) ||
            (shear = trial.max_shear_increment_since(point)) > ramp_cap())
          {
            why = shear > 0.0 ? StepShrink{StepShrink::Kind::shear, shear, ramp_cap()} : StepShrink{StepShrink::Kind::solver, 0.0, 0.0};
            de *= ramp_cut(shear);
            continue;
          }
        time += dt;
        record(series, row(trial, time, "compression", dt));
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
        de = next_ramp_increment(de, shear, stepping.compression_strain_increment);
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
    current_fraction = 0.0;
    const Specimen &p = as_cast_specimen;
    r.density = p.density(observables);
    r.relaxation_enthalpy = p.relaxation_enthalpy();
    r.internal_variable = p.internal_variable();
    r.stored_free_energy = p.stored_free_energy();
    r.yield_stress = compression_test(p, 0.0, &r.series, &r.fields);
    r.solves = statistics.solves;
    r.newton_iterations = statistics.newton_iterations;
    r.failed_solves = statistics.failed_solves;
    return r;
  }

  template <class Specimen>
  ConditionResult ProtocolDriver<Specimen>::hold(const double hold_fraction, const double hold_stress,
                                                 const std::pair<HoldProgress, Specimen> *resume) const
  {
    HoldProgress pr;
    Specimen p = as_cast_specimen;
    statistics = {};
    current_fraction = hold_fraction;
    if (checkpoint) // a resumed run starts this condition with no set-up of an earlier one
      forget_reused_setup(p);
    ConditionResult &r = pr.result;
    if (resume)
      {
        pr = resume->first;
        p = resume->second;
        statistics.solves = pr.solves;
        statistics.newton_iterations = pr.newton_iterations;
        statistics.failed_solves = pr.failed_solves;
      }
    else
      {
        r.hold_fraction = hold_fraction;
        r.hold_stress = hold_stress;
        r.hold_time = protocol.hold_time;
        pr.rho0 = p.density(observables);
        r.series.push_back(row(p, pr.time, "load", 0.0));
      }
    const bool checkpoints = static_cast<bool>(checkpoint);
    // Each stage runs unless the progress says it is done; a checkpoint follows each.
    auto stage_done = [&](const unsigned int k) {
      pr.stages_done = k;
      pr.in_hold = false;
      if (checkpoints)
        save_progress(pr, p);
    };
    if (pr.stages_done < 1)
      {
        ramp_stage(p, hold_stress, protocol.loading_rate, pr.time, "load", r.series);
        stage_end(p, "load", pr.time, &r.fields);
        pr.eps_hold = p.axial_strain();
        stage_done(1);
      }
    if (pr.stages_done < 2)
      {
        r.hold_steps = hold_stage(p, hold_stress, protocol.hold_time, pr.time, "hold", r.series, r.hold_rejected, &pr);
        r.creep_strain = -(p.axial_strain() - pr.eps_hold);
        stage_end(p, "hold", pr.time, &r.fields);
        stage_done(2);
      }
    if (pr.stages_done < 3)
      {
        ramp_stage(p, 0.0, protocol.loading_rate, pr.time, "unload", r.series);
        stage_end(p, "unload", pr.time, &r.fields);
        stage_done(3);
      }
    if (pr.stages_done < 4)
      {
        if (protocol.wait_time > 0.0)
          {
            unsigned int wait_rejected = 0;
            hold_stage(p, 0.0, protocol.wait_time, pr.time, "wait", r.series, wait_rejected);
            stage_end(p, "wait", pr.time, &r.fields);
          }
        stage_done(4);
      }
    r.residual_strain = -p.axial_strain();
    r.density = p.density(observables);
    r.density_change_percent = 100.0 * (r.density - pr.rho0) / pr.rho0;
    r.internal_variable = p.internal_variable();
    r.relaxation_enthalpy = p.relaxation_enthalpy();
    r.stored_free_energy = p.stored_free_energy();
    r.inelastic_work = inelastic_work(r.series);
    r.yield_stress = compression_test(p, pr.time, &r.series, &r.fields);
    r.solves = statistics.solves;
    r.newton_iterations = statistics.newton_iterations;
    r.failed_solves = statistics.failed_solves;
    return r;
  }
} // namespace bmgcreep::material
