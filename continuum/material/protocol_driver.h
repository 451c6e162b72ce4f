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
//   double internal_variable() const;                      // volume average (the law's scalar)
//   double relaxation_enthalpy() const;                    // J/g, volume average
//   double stored_free_energy() const;                     // J/g, volume average (NaN: none)
//   double density(const Observables &) const;             // g/cm^3
//   double youngs_modulus() const;                         // Pa
//   double max_shear_increment_since(const Specimen &before) const;
//   double max_log_x_change_since(const Specimen &before) const;
//   bool can_extrapolate_from(const Specimen &A) const;    // 2 *this - A keeps x > 0
//   void extrapolate(const Specimen &A, const Specimen &B); // *this = 2 B - A
//   std::string failure_reason() const;                    // why the last step failed
//   unsigned int last_newton_iterations() const;           // of the last successful step
// and optionally forget_reused_solver_setup() const (see save_progress).
//
// This header declares; protocol_driver.templates.h defines, and is included only where a
// specimen type is instantiated (explicit instantiation, as deal.II's *.templates.h).
#pragma once

#include "continuum/material/observables.h"
#include "coupling/text.h"

#include <deal.II/base/parameter_handler.h>

#include <algorithm>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <functional>
#include <limits>
#include <utility>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
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
    /// 0: ramps (load, unload, compression) take the fixed increments above. > 0: adaptive
    /// ramps: those increments are the first step, each step's largest plastic shear increment
    /// must stay below this value, and steps grow (by growth_factor) up to max_ramp_strain_increment.
    double ramp_shear_increment = 0.0;
    double max_ramp_strain_increment = 2e-3; ///< (-), adaptive ramps only
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
    /// Distributed fields: `text` is a .pvtu record naming its pieces "@NAME@.<rank>.vtu", and
    /// these are the pieces (one VTU per MPI rank); empty for a single VTU file.
    std::vector<std::string> pieces;
    /// A cylinder's section through the axis (CSV: one row per cell with its extent in the
    /// section's r and z, and its cell fields) for the report's pictures; empty for a point.
    std::string section;

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &stage &time &text &pieces &section;
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
    double density_change_percent = 0.0;
    double relaxation_enthalpy = 0.0; ///< J/g
    double yield_stress = 0.0;     ///< Pa
    double internal_variable = 0.0;///< at the end of the wait
    /// Inelastic work done on the specimen from the start of loading to the end of the wait:
    /// the integral of axial stress over axial plastic strain (J/m^3; sigma : d eps_p under
    /// uniaxial stress, nominal for a cylinder).
    double inelastic_work = 0.0;
    /// The law's stored free energy at the end of the wait (as cast: before the test), J/g; NaN
    /// for a law that states none.
    double stored_free_energy = std::numeric_limits<double>::quiet_NaN();
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
      ar &hold_fraction &hold_stress &hold_time &creep_strain &residual_strain &density &density_change_percent;
      ar &relaxation_enthalpy &yield_stress &internal_variable &inelastic_work &hold_steps &hold_rejected &solves;
      ar &newton_iterations &failed_solves &series &fields &stored_free_energy;
    }
  };

  /// A hold's protocol in progress, for checkpoints within a condition: the stages finished,
  /// the state of the hold stage, and the result so far. With the specimen's own state, it is
  /// all a resumed run needs to continue where the interrupted one stopped.
  struct HoldProgress
  {
    unsigned int stages_done = 0; ///< 0 none, 1 load, 2 hold, 3 unload, 4 wait
    double time = 0.0, rho0 = 0.0, eps_hold = 0.0;
    bool in_hold = false;         ///< the hold stage has begun
    double hold_t = 0.0, hold_dt = 0.0, hold_eps_start = 0.0, hold_x_start = 0.0;
    unsigned long sequence = 0;   ///< checkpoints written so far in this condition
    unsigned long solves = 0, newton_iterations = 0, failed_solves = 0;
    ConditionResult result;

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &stages_done &time &rho0 &eps_hold &in_hold &hold_t &hold_dt &hold_eps_start &hold_x_start;
      ar &sequence &solves &newton_iterations &failed_solves &result;
    }
  };

  /// The trapezoidal integral of stress over plastic strain along `series` (J/m^3), up to its
  /// first compression-test row.
  inline double inelastic_work(const std::vector<TimeSeriesRow> &series)
  {
    double w = 0.0;
    for (std::size_t k = 1; k < series.size() && series[k].stage != "compression"; ++k)
      w += 0.5 * (series[k - 1].stress + series[k].stress) * (series[k].plastic_strain - series[k - 1].plastic_strain);
    return w;
  }

  /// Why an adaptive stage's step shrank: kept as a kind and its numbers on the hot path (a
  /// rejected or accepted step), put into words only for the message of a stage that fails.
  struct StepShrink
  {
    enum class Kind
    {
      none,          ///< no step taken yet
      solver,        ///< the specimen's solve failed (its failure_reason())
      extrapolation, ///< step doubling: one step and two half steps too far apart
      error,         ///< value: the error estimate over "Hold tolerance"
      caps,          ///< value: the largest change over its cap
      accepted,      ///< value, other: an accepted step's error estimate and changes over their limits
      shear          ///< value, other: a ramp step's inelastic shear increment and its cap
    };
    Kind kind = Kind::none;
    double value = 0.0, other = 0.0;

    /// The reason in words; `solver_failure` is the specimen's last failure (Kind::solver).
    std::string text(const std::string &solver_failure) const
    {
      switch (kind)
        {
          case Kind::solver:
            return "the solver failed: " + solver_failure;
          case Kind::extrapolation:
            return "one step and two half steps disagreed too much to extrapolate";
          case Kind::error:
            return "a step's error estimate was " + to_text(value) + " times the \"Hold tolerance\"";
          case Kind::caps:
            return "a step changed the inelastic shear or log(x) " + to_text(value) +
                   " times more than \"Max shear increment\" or \"Max log x change\" allow";
          case Kind::accepted:
            return "the accepted steps kept shrinking (the last one's error estimate " + to_text(value) +
                   " of the \"Hold tolerance\", its changes " + to_text(other) + " of their caps)";
          case Kind::shear:
            return "its inelastic shear increment " + to_text(value) + " exceeded the cap " + to_text(other);
          case Kind::none:
            break;
        }
      return "no step was accepted";
    }
  };

  /// Whether a specimen type has forget_reused_solver_setup() (see ProtocolDriver::save_progress).
  template <class S, class = void>
  struct keeps_solver_setup : std::false_type
  {
  };
  template <class S>
  struct keeps_solver_setup<S, std::void_t<decltype(std::declval<const S &>().forget_reused_solver_setup())>>
    : std::true_type
  {
  };

  template <class Specimen>
  class ProtocolDriver
  {
  public:
    ProtocolDriver(const Specimen &as_cast, const Observables &observables,
                   const ProtocolParameters &protocol, const TimeSteppingParameters &stepping);

    /// Compression test of the as-cast material (hold_fraction 0 row).
    ConditionResult as_cast() const;
    /// The full protocol of one hold at `hold_stress` (Pa, compressive positive). With
    /// `resume`, continues from that progress and specimen (from a checkpoint).
    ConditionResult hold(double hold_fraction, double hold_stress,
                         const std::pair<HoldProgress, Specimen> *resume = nullptr) const;
    /// Hold stage alone from `point` at constant axial stress `stress` (Pa, compressive
    /// positive) for `duration` (s), appending rows to `series`; returns accepted steps.
    unsigned int hold_stage(Specimen &point, double stress, double duration, double &time,
                            const std::string &stage, std::vector<TimeSeriesRow> &series,
                            unsigned int &rejected, HoldProgress *progress = nullptr) const;
    /// Post-hold (or as-cast) compression test from `point`; returns the yield stress (Pa).
    double compression_test(Specimen point, double time, std::vector<TimeSeriesRow> *series,
                            std::vector<FieldSnapshot> *fields = nullptr) const;

    /// If set, called with the specimen at the end of every stage (load, hold, unload, wait,
    /// compression); what it returns is kept in ConditionResult::fields.
    /// The snapshot's text (and pieces); stage and time are filled in by the driver.
    std::function<FieldSnapshot(const Specimen &)> field_writer;
    /// Field frames inside each hold besides its end (stages "hold-1", "hold-2", ...), at the
    /// first accepted steps past the hold times t_k = t0 (T/t0)^(k/(n+1)), t0 = 1 s, k = 1..n.
    unsigned int hold_frames = 0;
    /// If set, called with the progress and the specimen at the end of every stage of a hold
    /// and every `checkpoint_every` accepted hold steps (checkpoints within a condition).
    mutable std::function<void(const HoldProgress &, const Specimen &)> checkpoint;
    mutable unsigned int checkpoint_every = 0;
    /// The as-cast specimen every condition starts from.
    const Specimen &as_cast_state() const { return as_cast_specimen; }
    /// If set, called with every accepted step's row (progress lines of long runs).
    mutable std::function<void(double hold_fraction, const TimeSeriesRow &)> step_observer;

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
    /// A specimen that keeps solver set-ups across steps (the 3D model's multigrid hierarchy)
    /// drops them at every checkpoint, so that a run resumed from it takes the same steps, bit
    /// for bit, as the run that wrote it.
    static void forget_reused_setup(const Specimen &s)
    {
      if constexpr (keeps_solver_setup<Specimen>::value)
        s.forget_reused_solver_setup();
    }
    void save_progress(HoldProgress &p, const Specimen &s) const
    {
      forget_reused_setup(s);
      p.solves = statistics.solves;
      p.newton_iterations = statistics.newton_iterations;
      p.failed_solves = statistics.failed_solves;
      ++p.sequence;
      checkpoint(p, s);
    }
    mutable double current_fraction = 0.0;           ///< of the condition being run (for step_observer)
    void record(std::vector<TimeSeriesRow> *series, TimeSeriesRow r) const
    {
      if (step_observer)
        step_observer(current_fraction, r);
      if (series)
        series->push_back(std::move(r));
    }
    void stage_end(const Specimen &s, const std::string &stage, double time,
                   std::vector<FieldSnapshot> *fields) const
    {
      if (field_writer && fields)
        {
          FieldSnapshot f = field_writer(s);
          f.stage = stage;
          f.time = time;
          fields->push_back(std::move(f));
        }
    }
    struct Statistics
    {
      unsigned long solves = 0, newton_iterations = 0, failed_solves = 0;
    };
    mutable Statistics statistics;

    void ramp_stage(Specimen &point, double target_stress, double rate, double &time,
                    const std::string &stage, std::vector<TimeSeriesRow> &series) const;
    TimeSeriesRow row(const Specimen &p, double time, const std::string &stage, double dt) const;

    // Ramp steps (load, unload, compression). Fixed: the deck's increment, quartered on a
    // failed step or one whose plastic shear increment exceeds "Max shear increment", then
    // doubled back. Adaptive: the increment follows the plastic shear increment of the last
    // step towards "Ramp shear increment", between a tenth and growth_factor times the last
    // increment, at most "Max ramp strain increment"; elastic stretches take large steps, the
    // knee of the curve small ones.
    bool adaptive_ramps() const { return stepping.ramp_shear_increment > 0.0; }
    double ramp_cap() const
    {
      return adaptive_ramps() ? std::min(stepping.ramp_shear_increment, stepping.max_shear_increment)
                              : stepping.max_shear_increment;
    }
    double ramp_cut(const double shear) const
    {
      if (!adaptive_ramps() || !(shear > 0.0))
        return 0.25;
      return std::clamp(0.9 * ramp_cap() / shear, 0.1, 0.5);
    }
    double next_ramp_increment(const double de, const double shear, const double fixed) const
    {
      if (!adaptive_ramps())
        return std::min(2.0 * de, fixed);
      const double f = std::min(stepping.growth_factor, 0.9 * ramp_cap() / std::max(shear, 1e-300));
      return std::min(std::max(de * f, 0.1 * de), stepping.max_ramp_strain_increment);
    }

    Specimen as_cast_specimen;
    const Observables &observables;
    ProtocolParameters protocol;
    TimeSteppingParameters stepping;
  };

} // namespace bmgcreep::material

// The member definitions are in protocol_driver.templates.h, compiled once per specimen type:
// UniaxialPoint in point_driver.cc, the two cylinders in solver/creep_case.cc.
