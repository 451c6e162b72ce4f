// Paired statistics of an MD campaign (issue 16): every change is taken sample by sample against
// the same sample's reference state (its as-quenched glass, or its zero-stress hold: the control
// for plain aging), so that the glass-to-glass scatter, which is larger than most effects at a
// few thousand atoms, cancels. Per condition and observable: the mean paired change, its standard
// error, a Student-t 95 % interval and whether it is resolved (the interval excludes zero); the
// critical stress ratio as the onset of a step fitted to every hold's per-sample enthalpy
// changes (coupling/critical_stress.h, the estimator the MD-to-lab bridge uses too), beside the
// zero crossing of a straight line through the two conditions that bracket the sign change, with
// Fieller's interval, for comparison; and per observable whether the trend reverses above the
// critical ratio. Works on the text of campaign.csv, so a
// shipped campaign can be analysed again without its sample folders.
#pragma once

#include "coupling/critical_stress.h"

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  using bmgcreep::student_t_two_sided;

  /// A mean of paired differences with its standard error and interval.
  struct PairedChange
  {
    unsigned int samples = 0;
    double mean = 0.0;
    double se = 0.0;   ///< s / sqrt(n); NaN for fewer than 2 samples
    double low = 0.0;  ///< mean - t se (NaN for fewer than 2 samples)
    double high = 0.0; ///< mean + t se
    /// The interval excludes zero. Identical differences in every sample (no scatter: values
    /// quantised by their printed precision, or a copy) resolve nothing.
    bool resolved() const { return samples >= 2 && se > 0.0 && (low > 0.0 || high < 0.0); }
  };

  /// The mean of `differences` (one per sample) with its standard error and two-sided interval at
  /// `confidence`. Throws std::invalid_argument for an empty list or a non-finite value.
  PairedChange paired_change(const std::vector<double> &differences, double confidence = 0.95);

  /// Where a straight line fitted (least squares) to the points (x, y) crosses y = 0, with
  /// Fieller's interval for the ratio -a/b at `confidence` (Student t with points - 2 degrees of
  /// freedom). `bounded` is false when the slope is not resolved from zero at that confidence: the
  /// interval is then the whole line or two half-lines, and low/high are NaN.
  struct Crossing
  {
    bool found = false;   ///< a sign change of the condition means was there to fit
    bool bounded = false; ///< Fieller's interval is a finite interval
    double x = 0.0, low = 0.0, high = 0.0;
    double slope = 0.0, slope_se = 0.0;
    unsigned int dof = 0;
    std::string conditions; ///< the conditions fitted, e.g. "hold-3,hold-4"
    std::string note;       ///< why none was found
  };
  Crossing fitted_crossing(const std::vector<double> &x, const std::vector<double> &y, double confidence = 0.95);

  /// A campaign table: the rows of campaign.csv.
  struct CampaignTable
  {
    std::vector<std::string> columns; ///< after sample, seed, condition
    struct Row
    {
      unsigned int sample = 0;
      std::string condition;
      std::vector<double> values;
    };
    std::vector<Row> rows;
    /// The index of `column`, or -1.
    int column(const std::string &name) const;
  };
  /// Reads campaign.csv's text (`what` names it in errors: one line, std::invalid_argument).
  CampaignTable read_campaign_table(const std::string &csv, const std::string &what);

  /// One observable's paired change in one condition against one reference.
  struct ConditionChange
  {
    std::string condition;
    double fraction = 0.0; ///< mean hold stress over yield of the condition's samples
    std::string observable;
    std::string reference; ///< "as-quenched" or "zero-stress hold"
    PairedChange change;
  };

  /// Whether an observable's trend reverses above the critical ratio: the paired change from the
  /// highest hold below the crossing to the highest hold above it, against the trend below (the
  /// change of that hold below from the zero-stress hold, or from the as-quenched glass without one).
  struct Reversal
  {
    std::string observable;
    std::string below, above; ///< the conditions compared ("" when there is none)
    PairedChange trend;       ///< below minus its reference
    PairedChange step;        ///< above minus below
    bool resolved() const
    {
      return trend.resolved() && step.resolved() && ((trend.mean > 0.0) != (step.mean > 0.0));
    }
  };

  struct CampaignStatistics
  {
    std::vector<ConditionChange> changes;
    std::vector<std::string> observables;
    /// The critical ratio: the onset of the step of the enthalpy change (after the hold minus
    /// the as-quenched reference run) from negative to positive, fitted to every hold's
    /// per-sample points (step_onset).
    StepOnset critical;
    /// The same crossing as a straight line through the two conditions that bracket the sign
    /// change (the estimate before the step fit), for comparison.
    Crossing critical_line;
    /// Crossings of the yield and density changes (where the hold turns from strengthening or
    /// densifying to weakening or dilating), for comparison.
    std::vector<std::pair<std::string, Crossing>> other_crossings;
    std::vector<Reversal> reversals;
    unsigned int samples = 0;
    double confidence = 0.95;
    /// Every hold of every sample: its target and held stress (when the table has them).
    struct Held
    {
      unsigned int sample = 0;
      std::string condition;
      double target = 0.0, held = 0.0, error_percent = 0.0, creep = 0.0;
      bool off_target = false;
    };
    std::vector<Held> held;
    /// Compression tests whose largest stress is their last point (column
    /// yield_peak_at_test_end): sample and condition ("as-quenched": the yield the hold
    /// fractions are of). `tests` counts the tests the table flags either way.
    std::vector<std::pair<unsigned int, std::string>> peak_at_end;
    std::size_t tests = 0;
  };

  /// The paired statistics of a campaign table. The observables: enthalpy, density and yield
  /// changes, creep and residual strain, modulus, peak and offset yield, volume, and every structure column (w6hat_*,
  /// cn_*, voronoi_volume_*), those of them the table has.
  CampaignStatistics campaign_statistics(const CampaignTable &table, double confidence = 0.95);

  /// campaign-changes.csv: one row per condition, observable and reference
  /// (condition,hold_stress_fraction,observable,reference,samples,change_mean,change_se,
  /// change_ci95_low,change_ci95_high,resolved).
  std::string campaign_changes_csv(const CampaignStatistics &s);

  /// campaign-summary.md: the critical ratio with its interval, then one verdict line per
  /// observable ("resolved" only where the interval excludes zero), then target against held
  /// stress of every hold, those more than 2 % off their target flagged.
  std::string campaign_summary_md(const CampaignStatistics &s, const std::string &title);

  /// Writes campaign-changes.csv and campaign-summary.md into `dir` (write_output: atomic, in the
  /// folder's manifest) from the text of a campaign.csv; returns the summary's text.
  std::string write_campaign_statistics(const std::string &dir, const std::string &campaign_csv_text,
                                        const std::string &what, const std::string &title);

  /// Whether `name` is one of the files write_campaign_statistics writes.
  bool is_campaign_statistics_name(const std::string &name);
} // namespace bmgcreep::atomistic
