// A material-point case: the deck (ParameterHandler), the run of the whole protocol over
// every hold of the deck, and its outputs (summary.csv, one time series per hold).
// Definitions: point_case.cc (deck and run), point_outputs.cc (CSV tables, fields, the lab
// comparison, the output folder), point_checkpoints.cc (finished conditions and partial
// checkpoints), run_protocol below (any specimen).
#pragma once

#include "continuum/material/activated_flow_law.h"
#include "continuum/material/observables.h"
#include "continuum/material/point_driver.h"
#include "continuum/material/validity.h"

#include <deal.II/base/parameter_handler.h>

#include "deck/deck.h"

#include "coupling/atomic_file.h"
#include "coupling/console.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <utility>
#include <iomanip>
#include <ostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <algorithm>
#include <string>
#include <vector>

namespace bmgcreep
{
  struct LabCondition; // coupling/lab_summary.h
}

namespace bmgcreep::material
{
  using bmgcreep::InputError; // deck/deck.h

  /// A hold at or above the model's as-cast yield stress: a deck error for a run, a region of
  /// parameters to stay out of for a fit (calibration counts it as a failed forward run).
  class HoldAboveYield : public InputError
  {
  public:
    using InputError::InputError;
  };

  /// Declares every section of a point deck: Material, Specimen, Protocol, Time stepping.
  void declare_point_deck(dealii::ParameterHandler &prm);


  struct PointCase
  {
    std::string deck_path;
    SpecimenParameters specimen;
    ProtocolParameters protocol;
    TimeSteppingParameters stepping;
    std::unique_ptr<ConstitutiveLaw> law;
    std::string lab_summary_path;     ///< optional lab summary to compare with ("" = none)
    std::string fingerprint;          ///< every parsed deck value: checkpoints must match it
    ValidityWindow validity;          ///< the range the deck's law was calibrated on (subsection Validity)
    /// Lab rows not of this run's protocol, compared anyway (Comparison/Lab protocol mismatch = warn).
    std::vector<std::string> lab_warnings;
    bool lab_mismatch_warn = false; ///< Comparison/Lab protocol mismatch = warn
    /// The warnings of a run of this case's own protocol outside `validity`, then those of
    /// lab_warnings (one line each).
    std::vector<std::string> validity_warnings() const
    {
      std::vector<std::string> w = validity.warnings(protocol.hold_fractions, {units::s_to_hours(protocol.hold_time)},
                                                     specimen.temperature, protocol.loading_rate);
      w.insert(w.end(), lab_warnings.begin(), lab_warnings.end());
      return w;
    }
  };

  /// What point_case_from does besides reading the values: a forward run of a fit, which reads
  /// one deck thousands of times with other parameter values, skips what only a command needs.
  struct PointCaseReading
  {
    bool fingerprint = true;       ///< print every value into PointCase::fingerprint (checkpoints)
    bool check_lab_summary = true; ///< read the Comparison/Lab summary file to refuse a bad one early
  };

  /// The point case of a parsed deck; throws InputError.
  PointCase point_case_from(dealii::ParameterHandler &prm, const std::string &path, const PointCaseReading &reading = {});

  /// Declares, parses and reads a point deck; throws InputError. `overrides` are "Section/Sub/Key=value"
  /// settings applied after the file (the command's --set), checked like the file's own.
  PointCase read_point_case(const std::string &path, const std::vector<std::string> &overrides = {});

  /// The rows of the lab summary `lab_path` that are not of `c`'s protocol (hold time,
  /// temperature, hold stress: lab_protocol_mismatches), as warning lines when the deck says
  /// `Comparison/Lab protocol mismatch = warn`; otherwise the first is refused (InputError:
  /// `where`, the row, how many more, and the switch that would `compare anyway`/`fit anyway`).
  std::vector<std::string> lab_protocol_warnings(const PointCase &c, const std::string &lab_path,
                                                 const std::vector<LabCondition> &rows, const std::string &where,
                                                 const std::string &anyway);

  struct PointCaseResult
  {
    std::string law_name;
    double model_yield = 0.0;     ///< as-cast yield of the model (Pa)
    double reference_yield = 0.0; ///< what the hold fractions refer to (Pa)
    std::vector<ConditionResult> conditions; ///< as-cast first, then one per hold
    /// Unloaded controls of the material point (run_controls): the protocol with zero stress
    /// for the hold time, then for one year on the shelf; empty unless run.
    std::vector<ConditionResult> controls;
  };

  /// Seconds in the shelf control: one year (365.25 days).
  constexpr double shelf_control_time = 365.25 * 24 * 3600;

  /// Runs the unloaded controls of `c` on the material point into `r.controls`: the hold
  /// protocol at zero stress for the deck's hold time, then for shelf_control_time; each ends
  /// with the wait and the compression test, so its changes compare with the holds'.
  void run_controls(const PointCase &c, PointCaseResult &r);
  /// One hold's energy balance from loading to the end of the wait (J/g, at the as-cast density).
  struct EnergyBalance
  {
    double hold_fraction, inelastic_work, enthalpy_change;
    /// The law's stored free energy gained (J/g; NaN for a law that states none).
    double free_energy_change = std::numeric_limits<double>::quiet_NaN();
    /// The enthalpy gained is at most the work done.
    bool within_bound() const { return enthalpy_change <= std::max(inelastic_work, 0.0); }
    /// The second law on the net: the free energy gained is at most the work done (true when the
    /// law states no free energy).
    bool free_energy_within_work() const
    {
      return std::isnan(free_energy_change) || free_energy_change <= std::max(inelastic_work, 0.0);
    }
  };
  std::vector<EnergyBalance> energy_balance(const PointCaseResult &r);

  /// A control's changes from the as-cast condition of `r`.
  struct ControlChange
  {
    std::string name;  ///< "unloaded hold" or "shelf"
    double time_h, density_change_percent, enthalpy_change, yield_change_percent;
  };
  std::vector<ControlChange> control_changes(const PointCaseResult &r);

  /// The controls and the energy balance of every hold as CSV text (controls.csv, energy.csv).
  std::string controls_csv(const PointCaseResult &r);
  std::string energy_csv(const PointCaseResult &r);

  /// One observable of one hold, model against lab; changes are relative to the as-cast row.
  struct ComparisonRow
  {
    double hold_fraction;
    std::string observable; ///< density_change_percent, relaxation_enthalpy_change_J_per_g, yield_change_percent
    double lab_change, model_change;
    double relative_error;  ///< (model - lab) / |lab| of the change
    bool trend_sign_agrees; ///< see docs/point-driver.md, "Trend signs"
  };

  /// Compares a run with a lab summary, hold by hold (holds missing from either side are skipped).
  std::vector<ComparisonRow> compare_with_lab(const PointCaseResult &r, const std::string &lab_path);
  std::string comparison_csv(const std::vector<ComparisonRow> &rows);

  /// Where and how often a run saves its progress (`--checkpoint`, `--checkpoint-every N`).
  struct CheckpointOptions
  {
    std::string dir;              ///< empty: no checkpoints
    unsigned int every = 0;       ///< > 0: also every N accepted hold steps and after every stage
    unsigned int rank = 0;        ///< this process; rank 0 writes the files all processes share
    std::function<void()> barrier; ///< waits for all processes (distributed specimens)
  };

  /// Runs the as-cast test and every hold; `progress` (may be null) gets one line per hold.
  PointCaseResult run_point_case(const PointCase &c, Console *progress, const CheckpointOptions &checkpoints = {});

  /// Runs the as-cast test and every hold of `c` with `driver` (any specimen model). With a
  /// checkpoint folder, each finished condition is saved there and a condition found there
  /// (written by the same deck) is read instead of run; with `every` > 0 the condition in
  /// progress is saved too (after each stage and every N hold steps, each process its own
  /// part, two generations so that a kill while writing loses nothing) and resumed from. A
  /// killed run thus ends with the same results as an uninterrupted one.
  template <class Specimen>
  PointCaseResult run_protocol(const ProtocolDriver<Specimen> &driver, const PointCase &c, Console *progress,
                               const CheckpointOptions &checkpoints = {});

  /// The partial checkpoint of the condition `name` in progress (per process, generation
  /// sequence % 2, committed by the file `name.partial` that rank 0 writes last).
  std::string partial_checkpoint_path(const std::string &dir, const std::string &name, unsigned int rank,
                                      unsigned long sequence);
  /// The committed sequence number of `name`'s partial checkpoint, 0 if there is none.
  unsigned long committed_partial_checkpoint(const std::string &dir, const std::string &name);
  void commit_partial_checkpoint(const std::string &dir, const std::string &name, unsigned long sequence);
  void remove_partial_checkpoints(const std::string &dir, const std::string &name, unsigned int rank);
  /// After a finished run: removes the checkpoint files this run's conditions (as cast and
  /// `hold_fractions`) can have written for `processes` ranks, by their exact names, then `dir`
  /// if that left it empty. Nothing else: a user's file there stays, and a `dir` that is a
  /// symbolic link is left alone (nothing is removed through a link).
  void remove_run_checkpoints(const std::string &dir, const std::vector<double> &hold_fractions, unsigned int processes);

  /// The checkpoint of one condition: read it into `r` if `dir` has one (true), throwing
  /// InputError if it is corrupt or was written by another deck; save writes it atomically.
  bool load_condition(const std::string &dir, const std::string &fingerprint, double hold_fraction,
                      ConditionResult &r);
  void save_condition(const std::string &dir, const std::string &fingerprint, const ConditionResult &r);

  /// The summary table (the lab file's columns), as CSV text.
  std::string summary_csv(const PointCaseResult &r);
  /// One hold's time series as CSV text; with `area` > 0 (m^2) also the platen force.
  std::string time_series_csv(const ConditionResult &r, double area = 0.0);
  /// Whether `name` is a file a point or creep run with these hold fractions writes (summary,
  /// comparison, energy, controls, each condition's CSV, PVD, VTU/PVTU field files and
  /// sections, the report and its figures).
  bool is_point_output_name(const std::string &name, const std::vector<double> &hold_fractions);
  /// Creates `dir`, refuses (std::runtime_error) if it holds a file of a name this run writes
  /// that bmgcreep did not write there, and removes the files an earlier run wrote there (its
  /// manifest, coupling/output_folder.h; summary.csv first).
  void prepare_output_directory(const std::string &dir, const std::vector<double> &hold_fractions);
  /// Writes summary.csv, energy.csv, controls.csv (if run) and hold-<fraction>.csv into
  /// `dir`, each atomically, summary.csv last;
  /// with `prepare`, calls prepare_output_directory first.
  void write_point_outputs(const PointCaseResult &r, const std::string &dir,
                           const std::vector<ComparisonRow> &comparison = {}, double area = 0.0,
                           bool prepare = true);
  /// The name of a condition's files without extension: "as-cast" or "hold-<fraction>".
  std::string condition_name(double hold_fraction);

  /// What a run shows of each accepted step: a step line (the log; the screen with --verbose)
  /// and the progress bar of the stage (hold time in h, % done, time left) on a terminal.
  std::function<void(double hold_fraction, const TimeSeriesRow &)> console_steps(Console &console,
                                                                                  const ProtocolParameters &protocol);

  // ------------------------------------------------------------------ implementation

  template <class Specimen>
  PointCaseResult run_protocol(const ProtocolDriver<Specimen> &driver, const PointCase &c, Console *progress,
                               const CheckpointOptions &checkpoints)
  {
    const std::string &checkpoint_dir = checkpoints.dir;
    auto barrier = [&] {
      if (checkpoints.barrier)
        checkpoints.barrier();
    };
    // One condition, from its checkpoint if there is one, or resumed from its partial one.
    auto condition = [&](const double fraction, const double stress) {
      ConditionResult result;
      if (!checkpoint_dir.empty() && load_condition(checkpoint_dir, c.fingerprint, fraction, result))
        {
          if (progress)
            *progress << "(" << condition_name(fraction) << " read from " << checkpoint_dir << ")\n";
          return result;
        }
      const std::string name = condition_name(fraction);
      const bool partial = !checkpoint_dir.empty() && checkpoints.every > 0 && fraction > 0.0;
      std::optional<std::pair<HoldProgress, Specimen>> resume;
      if (partial)
        {
          const unsigned long sequence = committed_partial_checkpoint(checkpoint_dir, name);
          if (sequence > 0)
            {
              const std::string path = partial_checkpoint_path(checkpoint_dir, name, checkpoints.rank, sequence);
              resume.emplace(HoldProgress{}, driver.as_cast_state());
              try
                {
                  std::istringstream in(unseal(path, read_file(path)));
                  boost::archive::binary_iarchive archive(in);
                  std::string written_by;
                  archive >> written_by;
                  if (written_by != c.fingerprint)
                    throw InputError(path + ": checkpoint written by a different deck, options or version; "
                                            "resume with the original ones or remove it");
                  archive >> resume->first >> resume->second;
                  if (resume->first.sequence != sequence)
                    throw std::runtime_error("it holds checkpoint " + std::to_string(resume->first.sequence) +
                                             ", not the committed " + std::to_string(sequence));
                }
              catch (const InputError &)
                {
                  throw;
                }
              catch (const std::exception &e)
                {
                  throw InputError(path + ": corrupt checkpoint (" + e.what() + "); remove " + checkpoint_dir + "/" +
                                   name + ".partial to recompute that condition");
                }
              if (progress)
                *progress << "(" << name << " resumed from " << checkpoint_dir << " at t = " << resume->first.time
                          << " s)\n";
            }
          driver.checkpoint = [&](const HoldProgress &p, const Specimen &s) {
            std::ostringstream buffer;
            {
              boost::archive::binary_oarchive archive(buffer);
              archive << c.fingerprint << p << s;
            }
            write_file_atomically(partial_checkpoint_path(checkpoint_dir, name, checkpoints.rank, p.sequence),
                                  seal(buffer.str()));
            barrier(); // every process has written its part before rank 0 commits it
            if (checkpoints.rank == 0)
              commit_partial_checkpoint(checkpoint_dir, name, p.sequence);
          };
          driver.checkpoint_every = checkpoints.every;
        }
      result = fraction == 0.0 ? driver.as_cast() : driver.hold(fraction, stress, resume ? &*resume : nullptr);
      driver.checkpoint = nullptr;
      if (!checkpoint_dir.empty())
        {
          if (checkpoints.rank == 0)
            save_condition(checkpoint_dir, c.fingerprint, result);
          barrier();
          if (partial)
            remove_partial_checkpoints(checkpoint_dir, name, checkpoints.rank);
        }
      return result;
    };

    if (progress)
      driver.step_observer = console_steps(*progress, c.protocol);
    PointCaseResult r;
    r.law_name = c.law->name();
    const auto t0 = std::chrono::steady_clock::now();
    r.conditions.push_back(condition(0.0, 0.0));
    r.model_yield = r.conditions.front().yield_stress;
    r.reference_yield = c.protocol.model_yield_as_reference ? r.model_yield : c.protocol.reference_yield;
    if (progress)
      *progress << "as cast: yield " << std::fixed << std::setprecision(1)
                << units::pa_to_mpa(r.model_yield) << " MPa (" << c.law->name() << ")\n";

    for (const double f : c.protocol.hold_fractions)
      {
        const double stress = f * r.reference_yield;
        if (stress >= r.model_yield)
          throw HoldAboveYield(c.deck_path + ": hold at " + to_text(f) + " x " +
                           to_text(units::pa_to_mpa(r.reference_yield)) + " MPa = " +
                           to_text(units::pa_to_mpa(stress)) +
                           " MPa is not below the model's as-cast yield stress " +
                           to_text(units::pa_to_mpa(r.model_yield)) + " MPa");
        const auto t1 = std::chrono::steady_clock::now();
        ConditionResult h = condition(f, stress);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
        if (progress)
          *progress << "hold " << std::setprecision(2) << f << " x yield = " << std::setprecision(1)
                    << units::pa_to_mpa(stress) << " MPa, " << std::setprecision(1)
                    << units::s_to_hours(h.hold_time) << " h: creep " << std::scientific
                    << std::setprecision(3) << h.creep_strain << ", residual " << h.residual_strain
                    << std::fixed << ", " << h.hold_steps << " steps (" << h.hold_rejected
                    << " rejected), " << h.solves << " solves, " << std::setprecision(2)
                    << (h.solves ? double(h.newton_iterations) / h.solves : 0.0) << " Newton its/solve, yield "
                    << std::setprecision(1) << units::pa_to_mpa(h.yield_stress)
                    << " MPa, " << std::setprecision(2) << ms << " ms\n";
        r.conditions.push_back(std::move(h));
      }
    if (progress)
      *progress << "total " << std::setprecision(1)
                << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()
                << " ms\n";
    return r;
  }

} // namespace bmgcreep::material
