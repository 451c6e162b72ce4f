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

  /// The value columns, in table order (after sample, seed, condition): the hold and its
  /// outcome, then the structure of each group (all, then `species` in type order).
  std::vector<CampaignColumn> campaign_columns(const std::vector<std::string> &species);
} // namespace bmgcreep::atomistic
