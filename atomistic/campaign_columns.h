// The columns of an MD campaign's tables (campaign.csv, campaign-summary.csv) in one table:
// name, unit, meaning and how each is computed from a sample and one of its conditions. The
// writer of both tables and docs/atomistic.md's column list read it; the readers in
// coupling/md_summary.h find columns by these names.
#pragma once

#include "atomistic/md_campaign.h"

#include <functional>
#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// One condition of one sample: the as-quenched glass (hold == nullptr) or one of its holds.
  struct CampaignCondition
  {
    const SampleResult &sample;
    const HoldResult *hold; ///< null: the as-quenched glass (its hold quantities are 0)
    double molar_mass;      ///< g/mol of the alloy
  };

  struct CampaignColumn
  {
    std::string name, unit, meaning;
    std::function<double(const CampaignCondition &)> value;
  };

  /// A hold is "at its stress" when the stress held (mean over the hold phase) is within this
  /// many percent of its target (issue 16).
  constexpr double held_stress_tolerance_percent = 2.0;
  /// 100 (held - target) / target; for a zero-stress hold, relative to the sample's peak yield
  /// stress `yield_peak_gpa` instead.
  double held_stress_error_percent(const HoldResult &h, double yield_peak_gpa);

  /// The value columns, in table order (after sample, seed, condition): the hold and its
  /// outcome, the inherent-structure energy (if `inherent`: Structure/Snapshots > 0), then the
  /// structure of each group (all, then `species` in type order; of the inherent structures if
  /// `inherent`, else of one thermal snapshot).
  std::vector<CampaignColumn> campaign_columns(const std::vector<std::string> &species, bool inherent = true);
} // namespace bmgcreep::atomistic
