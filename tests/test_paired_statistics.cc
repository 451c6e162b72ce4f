// Paired statistics of an MD campaign (atomistic/paired_statistics.h) against hand values: the
// Student-t quantiles of the tables, a paired mean with its standard error and interval, the
// zero crossing of a fitted line with Fieller's interval worked out by hand, and a synthetic
// campaign whose critical ratio and reversals are known by construction.
#include "atomistic/paired_statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace bmgcreep::atomistic;
using bmgcreep::step_onset;
using bmgcreep::StepOnset;

TEST(PairedStatistics, StudentTQuantilesOfTheTables)
{
  EXPECT_NEAR(student_t_two_sided(0.95, 1), 12.7062, 1e-4);
  EXPECT_NEAR(student_t_two_sided(0.95, 2), 4.3027, 1e-4);
  EXPECT_NEAR(student_t_two_sided(0.95, 4), 2.7764, 1e-4);
  EXPECT_NEAR(student_t_two_sided(0.95, 10), 2.2281, 1e-4);
  EXPECT_NEAR(student_t_two_sided(0.95, 1000000), 1.95996, 1e-4);
  EXPECT_NEAR(student_t_two_sided(0.99, 5), 4.0321, 1e-4);
  EXPECT_THROW(student_t_two_sided(1.0, 3), std::invalid_argument);
  EXPECT_THROW(student_t_two_sided(0.95, 0), std::invalid_argument);
}

TEST(PairedStatistics, PairedChangeByHand)
{
  // differences 1, 2, 3, 6: mean 3, s^2 = (4 + 1 + 0 + 9) / 3, se = sqrt(14/3 / 4) = 1.080123,
  // t(0.95, 3) = 3.182446: interval 3 -+ 3.437433, which holds zero.
  const PairedChange c = paired_change({1.0, 2.0, 3.0, 6.0});
  EXPECT_EQ(c.samples, 4u);
  EXPECT_DOUBLE_EQ(c.mean, 3.0);
  EXPECT_NEAR(c.se, 1.080123, 1e-6);
  EXPECT_NEAR(c.low, -0.437433, 1e-5);
  EXPECT_NEAR(c.high, 6.437433, 1e-5);
  EXPECT_FALSE(c.resolved());
  // Shifted by 4: the interval excludes zero.
  EXPECT_TRUE(paired_change({5.0, 6.0, 7.0, 10.0}).resolved());
  // Identical differences (no scatter): nothing resolved.
  EXPECT_FALSE(paired_change({-0.02, -0.02}).resolved());
  // One sample: a mean, no scatter, never resolved.
  const PairedChange one = paired_change({2.5});
  EXPECT_DOUBLE_EQ(one.mean, 2.5);
  EXPECT_TRUE(std::isnan(one.se));
  EXPECT_FALSE(one.resolved());
  EXPECT_THROW(paired_change({}), std::invalid_argument);
  EXPECT_THROW(paired_change({1.0, std::nan("")}), std::invalid_argument);
}

TEST(PairedStatistics, FittedCrossingWithFiellersIntervalByHand)
{
  // Points about y = 2 (x - 0.7): xm = 0.7, ym = 0, Sxx = 0.04, b = 0.08 / 0.04 = 2, residuals
  // +-0.01: RSS = 4e-4, 2 dof, s^2 = 2e-4, var b = 5e-3, var ym = 5e-5; t(0.95, 2)^2 = 18.5132.
  // Fieller: (4 - 18.5132 * 5e-3) u^2 - 18.5132 * 5e-5 <= 0, u = +-sqrt(9.2566e-4 / 3.907434) =
  // +-0.0153913: the interval [0.6846087, 0.7153913] about the crossing 0.7.
  const Crossing c = fitted_crossing({0.6, 0.6, 0.8, 0.8}, {-0.19, -0.21, 0.21, 0.19});
  ASSERT_TRUE(c.found);
  ASSERT_TRUE(c.bounded);
  EXPECT_NEAR(c.x, 0.7, 1e-12);
  EXPECT_NEAR(c.slope, 2.0, 1e-12);
  EXPECT_EQ(c.dof, 2u);
  EXPECT_NEAR(c.low, 0.6846087, 1e-6);
  EXPECT_NEAR(c.high, 0.7153913, 1e-6);
  // A crossing off the centre: y = 1 + 2 (x - 0.7) crosses at 0.2; the interval is not symmetric.
  const Crossing shifted = fitted_crossing({0.6, 0.6, 0.8, 0.8}, {0.81, 0.79, 1.21, 1.19});
  ASSERT_TRUE(shifted.bounded);
  EXPECT_NEAR(shifted.x, 0.2, 1e-12);
  EXPECT_LT(shifted.low, 0.2);
  EXPECT_GT(shifted.high, 0.2);
  EXPECT_GT(0.2 - shifted.low, shifted.high - 0.2); // wider on the side away from the data
  // A slope lost in the scatter: no finite interval.
  const Crossing flat = fitted_crossing({0.6, 0.6, 0.8, 0.8}, {-1.0, 1.0, -0.9, 1.1});
  EXPECT_TRUE(flat.found);
  EXPECT_FALSE(flat.bounded);
  EXPECT_TRUE(std::isnan(flat.low));
  EXPECT_FALSE(fitted_crossing({0.5, 0.5, 0.5}, {1.0, 2.0, 3.0}).found);
  EXPECT_FALSE(fitted_crossing({0.5, 0.6}, {-1.0, 1.0}).found);
}

// The step-aware critical stress (coupling/critical_stress.h) on a synthetic campaign with a
// known step: holds at 0, 0.5, ..., 0.9 of yield, 4 samples each; below the onset 0.73 a hold
// does not flow (-0.3 J/g +- 0.2), above it it flows (+10 J/g +- 2), except one sample at 0.8
// that does not (md-medium's overlap). By hand (24 points): the best split is 0.7 | 0.8 with
// levels -0.3 and 8.9375 and residuals 117.62 (s^2 = 5.346); the next best, 0.8 | 0.9, scores
// 38.3 against t^2(22) = 4.30, so the onset is known to the gap 0.7 - 0.8, which holds 0.73.
TEST(CriticalStress, StepFitOfAKnownStep)
{
  std::vector<double> x, y;
  const double noise[4] = {-0.2, -0.1, 0.1, 0.2};
  for (const double f : {0.0, 0.5, 0.6, 0.7, 0.8, 0.9})
    for (int i = 0; i < 4; ++i)
      {
        const bool flows = f > 0.73 && !(f == 0.8 && i == 0);
        x.push_back(f);
        y.push_back(flows ? 10.0 + 10.0 * noise[i] : -0.3 + noise[i]);
      }
  const StepOnset s = step_onset(x, y);
  ASSERT_TRUE(s.found);
  EXPECT_NEAR(s.x, 0.75, 1e-12);
  EXPECT_EQ(s.gap_low, 0.7);
  EXPECT_EQ(s.gap_high, 0.8);
  EXPECT_EQ(s.low, 0.7);
  EXPECT_EQ(s.high, 0.8);
  EXPECT_LT(s.low, 0.73);
  EXPECT_GT(s.high, 0.73);
  EXPECT_NEAR(s.level_below, -0.3, 1e-12);
  EXPECT_NEAR(s.level_above, 8.9375, 1e-12);
  EXPECT_EQ(s.points_below, 16u);
  EXPECT_EQ(s.points_above, 8u);
  EXPECT_EQ(s.dof, 22u);
  EXPECT_TRUE(s.step_resolved);
  EXPECT_NEAR(s.uncertainty(), 0.1 / std::sqrt(12.0), 1e-12);
  // The order of the points does not matter.
  std::vector<double> rx(x.rbegin(), x.rend()), ry(y.rbegin(), y.rend());
  EXPECT_EQ(step_onset(rx, ry).x, s.x);
  // An exact step: no scatter, only the exact split is accepted.
  const StepOnset exact = step_onset({0.1, 0.2, 0.3, 0.4}, {-1.0, -1.0, 2.0, 2.0});
  ASSERT_TRUE(exact.found);
  EXPECT_EQ(exact.low, 0.2);
  EXPECT_EQ(exact.high, 0.3);
  EXPECT_TRUE(exact.step_resolved);
  // Three condition means cannot place the step: every split passes at t^2(1) = 161.
  const StepOnset means = step_onset({0.3, 0.6, 0.8}, {-2.0, -1.0, 3.0});
  ASSERT_TRUE(means.found);
  EXPECT_NEAR(means.x, 0.7, 1e-12);
  EXPECT_EQ(means.low, 0.3);
  EXPECT_EQ(means.high, 0.8);
  EXPECT_EQ(means.accepted, 2u);
  // No step from negative to positive, too few points, one x, bad input.
  EXPECT_FALSE(step_onset({0.3, 0.6, 0.8}, {-2.0, -1.0, -0.5}).found);
  EXPECT_FALSE(step_onset({0.3, 0.6, 0.8}, {2.0, 1.0, -0.5}).found);
  EXPECT_FALSE(step_onset({0.3, 0.6}, {-2.0, 1.0}).found);
  EXPECT_FALSE(step_onset({0.5, 0.5, 0.5}, {-2.0, 1.0, 3.0}).found);
  EXPECT_THROW(step_onset({0.3, 0.6}, {-2.0}), std::invalid_argument);
  EXPECT_THROW(step_onset({0.3, 0.6, 0.8}, {-2.0, std::nan(""), 1.0}), std::invalid_argument);
}

namespace
{
  /// A campaign of three samples: as-quenched, holds at 0, 0.4, 0.7 and 0.9 of yield. The
  /// enthalpy change is 10 (f - 0.75) - 1 + noise for the holds above zero stress, so the
  /// 0.7 and 0.9 holds bracket the crossing at 0.75 exactly; w6hat falls with stress below the
  /// crossing and rises above it (a resolved reversal); cn only scatters.
  std::string synthetic_campaign()
  {
    std::ostringstream csv;
    csv << "sample,seed,condition,hold_stress_GPa,hold_stress_fraction,enthalpy_change_J_per_g,w6hat_all,cn_all\n";
    const double noise[3] = {-0.01, 0.0, 0.01};
    for (int s = 0; s < 3; ++s)
      {
        const double n = noise[s];
        csv << s + 1 << "," << s + 1 << ",as-quenched,0,0,0," << -0.040 + n / 10 << "," << 12.5 + n << "\n";
        csv << s + 1 << "," << s + 1 << ",hold-1,0,0," << -1.0 + n << "," << -0.041 + n / 10 << "," << 12.5 - n << "\n";
        for (const double f : {0.4, 0.7, 0.9})
          {
            // a straight line through the 0.7 and 0.9 holds: 10 (f - 0.75)
            const double enthalpy = f == 0.4 ? -2.0 + n : 10.0 * (f - 0.75) + n;
            const double w6 = (f == 0.9 ? -0.043 : -0.041 - 0.01 * f) + n * (1.0 + f) / 10.0;
            csv << s + 1 << "," << s + 1 << ",hold-" << (f == 0.4 ? 2 : f == 0.7 ? 3 : 4) << "," << f * 1.25 << ","
                << f << "," << enthalpy << "," << w6 << "," << 12.5 + (s == 1 ? 0.02 : -0.01) << "\n";
          }
      }
    return csv.str();
  }
} // namespace

TEST(PairedStatistics, SyntheticCampaignCriticalRatioAndReversal)
{
  const CampaignStatistics s = campaign_statistics(read_campaign_table(synthetic_campaign(), "synthetic.csv"));
  EXPECT_EQ(s.samples, 3u);
  // The step fit over all 12 hold points: levels -1.17 (0, 0.4, 0.7) and +1.5 (0.9); the
  // splits 0.4 | 0.7 (residuals 7.5 against 3.5, s^2 = 0.35: statistic 11.4) and 0 | 0.4 fail
  // the test at t^2(10) = 4.96, so the onset is known to the one gap 0.7 - 0.9.
  ASSERT_TRUE(s.critical.found);
  EXPECT_NEAR(s.critical.x, 0.8, 1e-12);
  EXPECT_EQ(s.critical.gap_low, 0.7);
  EXPECT_EQ(s.critical.gap_high, 0.9);
  EXPECT_EQ(s.critical.low, 0.7);
  EXPECT_EQ(s.critical.high, 0.9);
  EXPECT_EQ(s.critical.accepted, 1u);
  EXPECT_EQ(s.critical.dof, 10u);
  EXPECT_NEAR(s.critical.level_below, -3.5 / 3.0, 1e-9);
  EXPECT_NEAR(s.critical.level_above, 1.5, 1e-9);
  EXPECT_TRUE(s.critical.step_resolved);
  // The line through the bracketing holds, kept for comparison: 10 (f - 0.75).
  ASSERT_TRUE(s.critical_line.found);
  EXPECT_EQ(s.critical_line.conditions, "hold-3,hold-4");
  EXPECT_NEAR(s.critical_line.x, 0.75, 1e-9);
  ASSERT_TRUE(s.critical_line.bounded);
  EXPECT_LT(s.critical_line.low, 0.75);
  EXPECT_GT(s.critical_line.high, 0.75);
  EXPECT_EQ(s.critical_line.dof, 4u); // 6 points, a line
  // The paired enthalpy change at 0.4 against the as-quenched glass: -2 +- 0.01, resolved.
  bool seen = false;
  for (const ConditionChange &c : s.changes)
    if (c.condition == "hold-2" && c.observable == "enthalpy_change_J_per_g" && c.reference == "as-quenched")
      {
        seen = true;
        EXPECT_NEAR(c.change.mean, -2.0, 1e-12);
        EXPECT_NEAR(c.change.se, 0.01 / std::sqrt(3.0), 1e-12);
        EXPECT_TRUE(c.change.resolved());
      }
  EXPECT_TRUE(seen);
  // w6hat: the 0.7 hold is 0.007 +- 0.0007 below the zero-stress hold (resolved), the 0.9 hold
  // 0.005 +- 0.0002 above the 0.7 hold (resolved): a reversal. cn: scatter only, no reversal.
  for (const Reversal &r : s.reversals)
    {
      if (r.observable == "w6hat_all")
        {
          EXPECT_EQ(r.below, "hold-3");
          EXPECT_EQ(r.above, "hold-4");
          EXPECT_NEAR(r.trend.mean, -0.007, 1e-12);
          EXPECT_NEAR(r.step.mean, 0.005, 1e-12);
          EXPECT_TRUE(r.resolved());
        }
      if (r.observable == "cn_all")
        EXPECT_FALSE(r.resolved());
    }
  const std::string md = campaign_summary_md(s, "synthetic");
  EXPECT_NE(md.find("critical ratio"), std::string::npos);
  EXPECT_NE(md.find("0.80 of yield, between the holds at 0.70 and 0.90; 95 % interval [0.70, 0.90]"), std::string::npos);
  EXPECT_NE(md.find("0.75 of yield"), std::string::npos);
  EXPECT_NE(md.find("`w6hat_all` against the as-quenched glass"), std::string::npos);
  EXPECT_NE(md.find("reversal above the crossing **resolved**"), std::string::npos);
  const std::string csv = campaign_changes_csv(s);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "condition,hold_stress_fraction,observable,reference,samples,change_mean,"
                                           "change_se,change_ci95_low,change_ci95_high,resolved");
}

// A value a sample could not measure (written "nan": e.g. a post-hold test that never reached
// the 0.2 % offset) leaves that sample out of that observable's paired change only; the
// enthalpy crossing is unchanged.
TEST(PairedStatistics, MissingValueLeavesOnlyThatSampleOut)
{
  std::string csv = synthetic_campaign();
  const std::string row = "2,2,hold-2,0.5,0.4,";
  const auto at = csv.find(row);
  ASSERT_NE(at, std::string::npos);
  const auto value = at + row.size(), comma = csv.find(',', value);
  const auto w6 = csv.find(',', comma + 1);
  csv.replace(comma + 1, w6 - comma - 1, "nan"); // sample 2's w6hat after the 0.4 hold
  const CampaignStatistics s = campaign_statistics(read_campaign_table(csv, "synthetic.csv"));
  ASSERT_TRUE(s.critical.found);
  EXPECT_NEAR(s.critical.x, 0.8, 1e-12);
  EXPECT_NEAR(s.critical_line.x, 0.75, 1e-9);
  bool seen = false;
  for (const ConditionChange &c : s.changes)
    if (c.condition == "hold-2" && c.reference == "as-quenched")
      {
        if (c.observable == "w6hat_all")
          {
            seen = true;
            EXPECT_EQ(c.change.samples, 2u);
            EXPECT_TRUE(std::isfinite(c.change.mean));
          }
        if (c.observable == "enthalpy_change_J_per_g")
          EXPECT_EQ(c.change.samples, 3u);
      }
  EXPECT_TRUE(seen);
}

// A compression test whose largest stress is its last point did not reach the peak: the summary
// names those tests, the as-quenched ones (the yield the hold fractions are of) apart; a table
// without any such test says so; a table without the column has no such section.
TEST(PairedStatistics, TestsThatEndedBeforeThePeakAreNamed)
{
  const std::string header = "sample,seed,condition,hold_stress_GPa,hold_stress_fraction,enthalpy_change_J_per_g,yield_peak_at_test_end\n";
  const std::string rows = "1,1,as-quenched,0,0,0,0\n1,1,hold-1,1,0.5,-1,0\n2,2,as-quenched,0,0,0,1\n2,2,hold-1,1,0.5,-2,0\n"
                           "3,3,as-quenched,0,0,0,0\n3,3,hold-1,1,0.5,-1.5,1\n";
  const CampaignStatistics s = campaign_statistics(read_campaign_table(header + rows, "t.csv"));
  EXPECT_EQ(s.tests, 6u);
  ASSERT_EQ(s.peak_at_end.size(), 2u);
  EXPECT_EQ(s.peak_at_end[0], std::make_pair(2u, std::string("as-quenched")));
  EXPECT_EQ(s.peak_at_end[1], std::make_pair(3u, std::string("hold-1")));
  const std::string md = campaign_summary_md(s, "t");
  EXPECT_NE(md.find("2 of the 6 compression tests ended before the stress peaked"), std::string::npos) << md;
  EXPECT_NE(md.find("As-quenched tests of samples 2:"), std::string::npos) << md;
  EXPECT_NE(md.find("Post-hold tests: 3 hold-1."), std::string::npos) << md;

  std::string none = header + rows;
  for (std::size_t at = none.find(",1\n"); at != std::string::npos; at = none.find(",1\n", at))
    none.replace(at, 3, ",0\n");
  EXPECT_NE(campaign_summary_md(campaign_statistics(read_campaign_table(none, "t.csv")), "t").find("Every compression test peaked"),
            std::string::npos);
  EXPECT_EQ(campaign_summary_md(campaign_statistics(read_campaign_table(synthetic_campaign(), "t.csv")), "t").find("## Yield peaks"),
            std::string::npos);
}

TEST(PairedStatistics, BadTablesAreRefusedWithTheLine)
{
  EXPECT_THROW(read_campaign_table("", "x.csv"), std::invalid_argument);
  EXPECT_THROW(read_campaign_table("a,b,c\n", "x.csv"), std::invalid_argument);
  try
    {
      read_campaign_table("sample,seed,condition,hold_stress_GPa\n1,1,as-quenched,0\n1,1,hold-1,zero\n", "x.csv");
      FAIL() << "a word in a number column was accepted";
    }
  catch (const std::invalid_argument &e)
    {
      EXPECT_NE(std::string(e.what()).find("x.csv:3"), std::string::npos) << e.what();
    }
  // No as-quenched rows: nothing to pair with.
  EXPECT_THROW(campaign_statistics(read_campaign_table(
                 "sample,seed,condition,hold_stress_GPa,hold_stress_fraction\n1,1,hold-1,0,0\n", "x.csv")),
               std::invalid_argument);
}
