// A material-point case: the deck (ParameterHandler), the run of the whole protocol over
// every hold of the deck, and its outputs (summary.csv, one time series per hold).
#pragma once

#include "continuum/material/activated_flow_law.h"
#include "continuum/material/observables.h"
#include "continuum/material/point_driver.h"

#include <deal.II/base/parameter_handler.h>

#include <iosfwd>
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
  };

  /// Reads and validates a deck; throws InputError. `overrides` are "Section/Sub/Key=value"
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
  PointCaseResult run_point_case(const PointCase &c, std::ostream *progress);

  /// The summary table (the lab file's columns), as CSV text.
  std::string summary_csv(const PointCaseResult &r);
  /// One hold's time series as CSV text.
  std::string time_series_csv(const ConditionResult &r);
  /// Writes summary.csv and hold-<fraction>.csv into `dir` (created), each atomically.
  void write_point_outputs(const PointCaseResult &r, const std::string &dir,
                           const std::vector<ComparisonRow> &comparison = {});
} // namespace bmgcreep::material
