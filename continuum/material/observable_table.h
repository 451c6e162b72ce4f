// The one table of observables: what the lab and the MD campaign measure, their units, the
// column that carries them, how the model computes them from a condition of the protocol
// (the same for the material point and the FE cylinder's volume averages), and the default
// uncertainty the calibration weights them with (docs/observables.md lists the table).
// The comparison with the lab, the calibration's residuals, its deck patterns and its model
// curves all look observables up here; nothing else lists them.
#pragma once

#include "continuum/material/protocol_driver.h"
#include "coupling/lab_summary.h"

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  /// How an observable is formed from its base quantity.
  enum class ObservableKind
  {
    value,              ///< the quantity of the condition itself
    difference,         ///< condition minus the as-cast (as-quenched) condition
    percent_change      ///< 100 (condition / as-cast - 1)
  };

  struct ObservableSpec
  {
    std::string name;        ///< column of lab or MD summaries, row name in fit.csv
    std::string unit;        ///< "-" when dimensionless
    std::string label;       ///< axis label of plots, with the unit
    ObservableKind kind = ObservableKind::value;
    std::string base;        ///< for changes: the value observable they are formed from
    bool lab = false;        ///< a column of lab summaries (coupling/lab_summary.h)
    bool md = false;         ///< a column of MD campaign summaries (coupling/md_summary.h)
    std::string comparison_name; ///< for changes compared with the lab: the row name of comparison.csv
    std::string uncertainty_key; ///< Calibration entry with its default (or least) standard deviation
    double default_uncertainty = 1.0; ///< in `unit`
    std::string description; ///< how the model computes it
    double (*model)(const ConditionResult &) = nullptr; ///< for values: from one condition
    /// for lab values: the measured value and its stated uncertainty (NaN: none) of a lab row
    double (*lab_value)(const LabCondition &) = nullptr;
    double (*lab_uncertainty)(const LabCondition &) = nullptr;
  };

  /// Every observable, values first, in a fixed order.
  const std::vector<ObservableSpec> &observable_table();

  /// The entry of `name`; throws std::logic_error for an unknown name (deck patterns are
  /// built from the table, so only a program error gets here).
  const ObservableSpec &observable(const std::string &name);

  /// Names of the lab (`md` false) or MD (`md` true) observables, joined by '|' for a
  /// deal.II MultipleSelection, or by ", " for its default.
  std::string observable_names(bool md, const std::string &separator);

  /// The model's value of `spec` for condition `c`, `as_cast` being the run's first condition.
  double model_observable(const ObservableSpec &spec, const ConditionResult &c, const ConditionResult &as_cast);

  /// The lab's value of `spec` for row `l` (changes against `lab0`, the as-cast row); NaN where
  /// the file has no value (an optional column).
  double lab_observable(const ObservableSpec &spec, const LabCondition &l, const LabCondition &lab0);

  /// The one-standard-deviation uncertainty of lab_observable: the file's own for a value; for
  /// a change, propagated from the uncertainties of row `l` and of `lab0` (one stated and not
  /// the other: the other counts as exact). NaN where neither row states one.
  double lab_observable_uncertainty(const ObservableSpec &spec, const LabCondition &l, const LabCondition &lab0);
} // namespace bmgcreep::material
