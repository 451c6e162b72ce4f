// The relaxation-rejuvenation map (`bmgcreep map`): its grid, its cells against `point`'s holds
// (the same protocol, to the bit), its independence of the number of threads, its sigma_c
// against the column's enthalpy changes, and the deck's Map section refused with one line.
#include "continuum/material/relaxation_map.h"

#include "continuum/material/observable_table.h"
#include "coupling/units.h"
#include "deck/deck.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace bmgcreep;
using namespace bmgcreep::material;

namespace
{
  const std::string deck = std::string(BMGCREEP_SOURCE_DIR) + "/cases/zhang2017/holds.prm";

  /// The point case and Map section of `path` with `overrides` (as `bmgcreep map` reads them).
  std::pair<PointCase, MapParameters> read_map_deck(const std::string &path,
                                                    const std::vector<std::string> &overrides)
  {
    dealii::ParameterHandler prm;
    declare_point_deck(prm);
    MapParameters::declare_parameters(prm);
    parse_deck(prm, path, overrides);
    std::pair<PointCase, MapParameters> r{ point_case_from(prm, path), MapParameters() };
    r.second.parse_parameters(prm, path);
    return r;
  }

  /// A small map of law 2's default deck: 0.3, 0.5, 0.7, 0.9 (with the deck's holds) for
  /// 1 h, 10 h and the deck's 48 h.
  const std::vector<std::string> small_map = { "Map/Hold fraction from=0.3",
                                               "Map/Hold fraction to=0.9",
                                               "Map/Hold fraction count=4",
                                               "Map/Hold time from=1",
                                               "Map/Hold time to=48",
                                               "Map/Hold times per decade=1",
                                               "Map/Critical stress tolerance=1e-6" };
} // namespace

TEST(RelaxationMap, GridHasTheEndsTheDecadesAndTheDecksHolds)
{
  const auto [c, m] = read_map_deck(deck, {});
  const std::vector<double> f = map_hold_fractions(m, c.protocol);
  ASSERT_EQ(f.size(), 18u); // 0.30, 0.34, ..., 0.98: the deck's 0.5, 0.7, 0.9 among them
  EXPECT_DOUBLE_EQ(f.front(), 0.30);
  EXPECT_DOUBLE_EQ(f.back(), 0.98);
  for (const double deck_fraction : c.protocol.hold_fractions)
    EXPECT_EQ(std::count(f.begin(), f.end(), deck_fraction), 1) << deck_fraction; // exactly the deck's value
  const std::vector<double> t = map_hold_times(m, c.protocol);
  // 1 min, 10^(k/2) h from 0.0316 h to 316 h, the deck's 48 h, 1000 h.
  ASSERT_EQ(t.size(), 12u);
  EXPECT_NEAR(t.front(), 60.0, 1e-6); // 0.0166666666667 h
  EXPECT_DOUBLE_EQ(t.back(), 1000.0 * 3600.0);
  EXPECT_EQ(std::count(t.begin(), t.end(), c.protocol.hold_time), 1);
  for (const double h : { 0.1, 1.0, 10.0, 100.0 })
    EXPECT_EQ(std::count_if(t.begin(), t.end(),
                            [h](const double s) { return std::abs(s / 3600.0 / h - 1.0) < 1e-12; }),
              1)
        << h << " h";
  EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
}

// The cells at the deck's hold time and hold fractions are the holds `point` runs: the same
// protocol from the same as-cast state, so the same numbers to the bit.
TEST(RelaxationMap, ColumnAtTheDecksHoldTimeIsPoint)
{
  const auto [c, m] = read_map_deck(deck, small_map);
  const RelaxationMap map = run_relaxation_map(c, m, 2, nullptr);
  const PointCaseResult point = run_point_case(c, nullptr);
  const auto j = std::find(map.times.begin(), map.times.end(), c.protocol.hold_time) - map.times.begin();
  ASSERT_LT(j, static_cast<long>(map.times.size()));
  const ConditionResult &cast = point.conditions.front();
  EXPECT_EQ(map.model_yield, cast.yield_stress);
  for (std::size_t k = 1; k < point.conditions.size(); ++k)
    {
      const ConditionResult &h = point.conditions[k];
      const auto i
          = std::find(map.fractions.begin(), map.fractions.end(), h.hold_fraction) - map.fractions.begin();
      ASSERT_LT(i, static_cast<long>(map.fractions.size())) << h.hold_fraction;
      const MapCell &cell = map.cell(j, i);
      ASSERT_FALSE(cell.failed) << cell.failure;
      EXPECT_EQ(cell.hold_stress, h.hold_stress);
      EXPECT_EQ(cell.enthalpy_change, h.relaxation_enthalpy - cast.relaxation_enthalpy) << h.hold_fraction;
      // The percentages as point's comparison.csv forms them (the observable table, yield in MPa).
      EXPECT_EQ(cell.density_change_percent, model_observable(observable("density_change_percent"), h, cast));
      EXPECT_EQ(cell.yield_change_percent, model_observable(observable("yield_change_percent"), h, cast));
      EXPECT_NEAR(cell.density_change_percent, 100.0 * (h.density / cast.density - 1.0), 1e-12)
          << h.hold_fraction;
      EXPECT_NEAR(cell.yield_change_percent, 100.0 * (h.yield_stress / cast.yield_stress - 1.0), 1e-12)
          << h.hold_fraction;
      EXPECT_EQ(cell.creep_strain, h.creep_strain) << h.hold_fraction;
    }
}

// Every cell and every sigma_c is the same, bit for bit, on one thread and on three; sigma_c
// lies in the column's bracket and a hold there has no enthalpy change to the tolerance.
TEST(RelaxationMap, ThreadCountChangesNothingAndSigmaCIsTheRoot)
{
  const auto [c, m] = read_map_deck(deck, small_map);
  const RelaxationMap one = run_relaxation_map(c, m, 1, nullptr);
  const RelaxationMap three = run_relaxation_map(c, m, 3, nullptr);
  EXPECT_EQ(one.threads, 1u);
  EXPECT_LE(three.threads, 3u); // at most the cores (or DEAL_II_NUM_THREADS)
  EXPECT_EQ(map_csv(one), map_csv(three));
  EXPECT_EQ(critical_stress_csv(one), critical_stress_csv(three));
  for (std::size_t j = 0; j < one.times.size(); ++j)
    {
      const CriticalStress &s = one.critical[j];
      // Law 2 relaxes at 0.5 and 0.7 and rejuvenates at 0.9 after 48 h (docs/nine-signs.md).
      if (one.times[j] == c.protocol.hold_time)
        {
          ASSERT_TRUE(s.found()) << s.note;
        }
      if (!s.found())
        continue;
      std::size_t i = 1;
      while (i < one.fractions.size()
             && !(one.cell(j, i - 1).enthalpy_change < 0.0 && one.cell(j, i).enthalpy_change >= 0.0))
        ++i;
      ASSERT_LT(i, one.fractions.size());
      EXPECT_GT(s.fraction, one.fractions[i - 1]);
      EXPECT_LT(s.fraction, one.fractions[i]);
      EXPECT_EQ(s.note, "crossing");
      EXPECT_GE(s.bisection_holds, 17u); // a bracket 0.2 wide halved to 1e-6
      // Holds at sigma_c -+ 1e-3 of yield relax and rejuvenate.
      MapParameters around = m;
      around.fraction_from = s.fraction - 1e-3;
      around.fraction_to = s.fraction + 1e-3;
      around.fraction_count = 2;
      around.time_from = one.times[j];
      around.time_to = 1.001 * one.times[j];
      PointCase at = read_map_deck(deck, small_map).first;
      at.protocol.hold_fractions.clear();
      const RelaxationMap near = run_relaxation_map(at, around, 1, nullptr);
      ASSERT_EQ(near.times.front(), one.times[j]);
      EXPECT_LT(near.cell(0, 0).enthalpy_change, 0.0) << one.times[j];
      EXPECT_GE(near.cell(0, 1).enthalpy_change, 0.0) << one.times[j];
    }
}

// A hold above the model's yield stress is a failed cell, not the end of the map.
TEST(RelaxationMap, HoldsAboveYieldAreMarkedAndTheMapGoesOn)
{
  std::vector<std::string> settings = small_map;
  settings.push_back("Map/Hold fraction to=0.999");
  settings.push_back("Protocol/Reference yield stress=2000"); // 0.999 x 2000 MPa is above the model's yield
  settings.push_back("Comparison/Lab protocol mismatch=warn");
  const auto [c, m] = read_map_deck(deck, settings);
  const RelaxationMap map = run_relaxation_map(c, m, 2, nullptr);
  ASSERT_GT(map.failed_cells(), 0u);
  const MapCell &top = map.cell(0, map.fractions.size() - 1);
  EXPECT_TRUE(top.failed);
  EXPECT_NE(top.failure.find("not below the model's as-cast yield stress"), std::string::npos) << top.failure;
  EXPECT_TRUE(std::isnan(top.enthalpy_change));
  EXPECT_FALSE(map.cell(0, 0).failed);
  std::istringstream csv(map_csv(map));
  std::string header, line, last;
  std::getline(csv, header);
  EXPECT_EQ(header, "hold_fraction_of_yield,hold_stress_MPa,hold_time_h,relaxation_enthalpy_change_J_per_g,"
                    "density_change_percent,yield_change_percent,creep_strain,failed");
  while (std::getline(csv, line))
    if (line.rfind("0.999,", 0) == 0)
      last = line;
  EXPECT_EQ(last.substr(last.find(",,")), ",,,,,1") << last;
}

TEST(RelaxationMap, BadMapSectionIsRefusedWithTheKey)
{
  const auto error = [](const std::vector<std::string> &settings) {
    try
      {
        read_map_deck(deck, settings);
      }
    catch (const InputError &e)
      {
        return std::string(e.what());
      }
    return std::string();
  };
  const std::string reversed = error({ "Map/Hold fraction from=0.9", "Map/Hold fraction to=0.5" });
  EXPECT_NE(reversed.find(
                "holds.prm: \"Map/Hold fraction to\" = 0.5 must be above \"Map/Hold fraction from\" = 0.9"),
            std::string::npos)
      << reversed;
  EXPECT_EQ(reversed.find('\n'), std::string::npos);
  const std::string times = error({ "Map/Hold time to=0.01" });
  EXPECT_NE(times.find("\"Map/Hold time to\" = 0.01 h must be above \"Map/Hold time from\""),
            std::string::npos)
      << times;
  EXPECT_NE(error({ "Map/Hold fraction count=1" }).find("Hold fraction count"), std::string::npos);
  EXPECT_NE(error({ "Map/Hold fraction to=1.5" }).find("Hold fraction to"), std::string::npos);
  EXPECT_NE(error({ "Map/Hold fractoin to=0.9" }).find("did you mean \"Map/Hold fraction to\""),
            std::string::npos)
      << error({ "Map/Hold fractoin to=0.9" });
}
