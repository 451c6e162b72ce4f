// A material-point case: the deck (ParameterHandler), the run of the whole protocol over
// every hold of the deck, and its outputs (summary.csv, one time series per hold).
#pragma once

#include "continuum/material/activated_flow_law.h"
#include "continuum/material/observables.h"
#include "continuum/material/point_driver.h"

#include <deal.II/base/parameter_handler.h>

#include "coupling/text.h"
#include "coupling/units.h"

#include <chrono>
#include <iomanip>
#include <ostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  /// A user error in a deck or data file; what() is one line naming file, key, value and range.
  class InputError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// Declares every section of a point deck: Material, Specimen, Protocol, Time stepping.
  void declare_point_deck(dealii::ParameterHandler &prm);

  /// Parses `path` into `prm` (declared by declare_point_deck); throws InputError with one
  /// line for a missing file, an unknown key or subsection, or a value outside its pattern.
  void parse_deck_file(dealii::ParameterHandler &prm, const std::string &path);

  struct PointCase
  {
    std::string deck_path;
    SpecimenParameters specimen;
    ProtocolParameters protocol;
    TimeSteppingParameters stepping;
    std::unique_ptr<ActivatedFlowLaw> law;
    double enthalpy_per_unit_x = 0.0; ///< J/g
    std::string lab_summary_path;     ///< optional lab summary to compare with ("" = none)
    std::string fingerprint;          ///< every parsed deck value: checkpoints must match it
  };

  /// Parses `path` and then the --set `overrides` into `prm` (declared by the caller:
  /// declare_point_deck plus any module's own sections); throws InputError.
  void parse_deck(dealii::ParameterHandler &prm, const std::string &path, const std::vector<std::string> &overrides);

  /// The point case of a parsed deck; throws InputError.
  PointCase point_case_from(dealii::ParameterHandler &prm, const std::string &path);

  /// Declares, parses and reads a point deck; throws InputError. `overrides` are "Section/Sub/Key=value"
  /// settings applied after the file (the command's --set), checked like the file's own.
  PointCase read_point_case(const std::string &path, const std::vector<std::string> &overrides = {});

  struct PointCaseResult
  {
    std::string law_name;
    double model_yield = 0.0;     ///< as-cast yield of the model (Pa)
    double reference_yield = 0.0; ///< what the hold fractions refer to (Pa)
    std::vector<ConditionResult> conditions; ///< as-cast first, then one per hold
  };

  /// One observable of one hold, model against lab; changes are relative to the as-cast row.
  struct ComparisonRow
  {
    double hold_fraction;
    std::string observable; ///< density_change_pct, relaxation_enthalpy_change_J_per_g, yield_change_pct
    double lab_change, model_change;
    double relative_error;  ///< (model - lab) / |lab| of the change
    bool trend_sign_agrees; ///< see docs/point-driver.md, "Trend signs"
  };

  /// Compares a run with a lab summary, hold by hold (holds missing from either side are skipped).
  std::vector<ComparisonRow> compare_with_lab(const PointCaseResult &r, const std::string &lab_path);
  std::string comparison_csv(const std::vector<ComparisonRow> &rows);

  /// Runs the as-cast test and every hold; `progress` (may be null) gets one line per hold.
  PointCaseResult run_point_case(const PointCase &c, std::ostream *progress, const std::string &checkpoint_dir = "");

  /// Runs the as-cast test and every hold of `c` with `driver` (any specimen model). With a
  /// `checkpoint_dir`, each finished condition is saved there and a condition found there
  /// (written by the same deck) is read instead of run: a killed run resumes after its last
  /// finished condition and ends with the same results.
  template <class Specimen>
  PointCaseResult run_protocol(const ProtocolDriver<Specimen> &driver, const PointCase &c, std::ostream *progress,
                               const std::string &checkpoint_dir = "");

  /// The checkpoint of one condition: read it into `r` if `dir` has one (true), throwing
  /// InputError if it is corrupt or was written by another deck; save writes it atomically.
  bool load_condition(const std::string &dir, const std::string &fingerprint, double hold_fraction,
                      ConditionResult &r);
  void save_condition(const std::string &dir, const std::string &fingerprint, const ConditionResult &r);

  /// The summary table (the lab file's columns), as CSV text.
  std::string summary_csv(const PointCaseResult &r);
  /// One hold's time series as CSV text; with `area` > 0 (m^2) also the platen force.
  std::string time_series_csv(const ConditionResult &r, double area = 0.0);
  /// Creates `dir` and removes a previous run's files from it (summary.csv first; only this
  /// program's own file names).
  void prepare_output_directory(const std::string &dir);
  /// Writes summary.csv and hold-<fraction>.csv into `dir`, each atomically, summary.csv last;
  /// with `prepare`, calls prepare_output_directory first.
  void write_point_outputs(const PointCaseResult &r, const std::string &dir,
                           const std::vector<ComparisonRow> &comparison = {}, double area = 0.0,
                           bool prepare = true);
  /// The name of a condition's files without extension: "as-cast" or "hold-<fraction>".
  std::string condition_name(double hold_fraction);

  // ------------------------------------------------------------------ implementation

  template <class Specimen>
  PointCaseResult run_protocol(const ProtocolDriver<Specimen> &driver, const PointCase &c, std::ostream *progress,
                               const std::string &checkpoint_dir)
  {
    // One condition, from its checkpoint if there is one.
    auto condition = [&](const double fraction, const double stress) {
      ConditionResult result;
      if (!checkpoint_dir.empty() && load_condition(checkpoint_dir, c.fingerprint, fraction, result))
        {
          if (progress)
            *progress << "(" << condition_name(fraction) << " read from " << checkpoint_dir << ")\n";
          return result;
        }
      result = fraction == 0.0 ? driver.as_cast() : driver.hold(fraction, stress);
      if (!checkpoint_dir.empty())
        save_condition(checkpoint_dir, c.fingerprint, result);
      return result;
    };

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
          throw InputError(c.deck_path + ": hold at " + to_text(f) + " x " +
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
