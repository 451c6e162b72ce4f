// Law 5 as calibrated (cases/zhang2017/calibrated-law5/) where it was not fitted: other hold
// times, temperatures, stresses just above the 90 % hold, a year on the shelf, and a zero-stress
// hold after a rejuvenating one. Each test checks what the physics requires (a steady state that
// persists, log-time aging, a critical ratio at every temperature, bounded creep, slow recovery),
// not numbers the law was tuned to. The measured figures are in docs/nine-signs.md, "Law 5".
#include "continuum/material/fictive_temperature_law.h"
#include "continuum/material/point_case.h"
#include "continuum/material/point_driver.h"
#include "coupling/units.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

using namespace bmgcreep;
using namespace bmgcreep::material;
using dealii::SymmetricTensor;

namespace
{
  const std::string deck = std::string(BMGCREEP_SOURCE_DIR) + "/cases/zhang2017/calibrated-law5/calibrated.prm";

  /// The case with `overrides`, run at the material point (no lab comparison needed).
  PointCaseResult run(const std::vector<std::string> &overrides)
  {
    std::vector<std::string> o = overrides;
    o.push_back("Comparison/Lab summary=");
    const PointCase c = read_point_case(deck, o);
    return run_point_case(c, nullptr);
  }

  double enthalpy_change(const PointCaseResult &r, const std::size_t k)
  {
    return r.conditions[k].relaxation_enthalpy - r.conditions[0].relaxation_enthalpy;
  }
} // namespace

TEST(LawFiveOffTheTable, RejuvenationAtNinetyPercentLastsAndRelaxationDeepensWithTime)
{
  // Under a constant stress the structure approaches a stress-dependent steady state: the 90 %
  // hold stays rejuvenated from 1 h to a week (it does not turn back into relaxation, as law 4's
  // did), and the 50 and 70 % holds keep relaxing with time. (Per decade of time the relaxation
  // grows, as a hold reaches further into the Gaussian's tail: docs/nine-signs.md, "Law 5".)
  const std::vector<double> hours{1, 6, 24, 48, 96, 168};
  std::vector<std::vector<double>> dH(3);
  for (const double h : hours)
    {
      const PointCaseResult r = run({"Comparison/Lab protocol mismatch=warn", "Protocol/Hold time=" + std::to_string(h)});
      ASSERT_EQ(r.conditions.size(), 4u);
      for (std::size_t k = 0; k < 3; ++k)
        dH[k].push_back(enthalpy_change(r, k + 1));
    }
  for (std::size_t j = 0; j < hours.size(); ++j)
    {
      EXPECT_GT(dH[2][j], 0.0) << "90 % hold of " << hours[j] << " h";
      EXPECT_LT(dH[0][j], 0.0) << "50 % hold of " << hours[j] << " h";
      EXPECT_LT(dH[1][j], dH[0][j]) << "70 % relaxes deeper than 50 % at " << hours[j] << " h";
    }
  for (std::size_t j = 1; j < hours.size(); ++j)
    {
      EXPECT_LT(dH[0][j], dH[0][j - 1]) << "50 % relaxation deepens from " << hours[j - 1] << " h";
      EXPECT_LT(dH[1][j], dH[1][j - 1]) << "70 % relaxation deepens from " << hours[j - 1] << " h";
    }
  // Past a day the 90 % state is steady: within 20 % of its 48 h value up to a week.
  for (std::size_t j = 2; j < hours.size(); ++j)
    EXPECT_NEAR(dH[2][j], dH[2][3], 0.2 * dH[2][3]) << "90 % hold of " << hours[j] << " h";
}

namespace
{
  /// Enthalpy changes of holds at 0.5 to 0.9 of the yield stress at temperature T (K), each
  /// fraction of that temperature's own as-cast yield; every hold must finish.
  std::vector<double> changes_at(const double T, PointCaseResult &r)
  {
    r = run({"Comparison/Lab protocol mismatch=warn", "Specimen/Temperature=" + std::to_string(T), "Protocol/Use model yield as reference=true",
             "Protocol/Hold fractions=0.5, 0.6, 0.7, 0.8, 0.9"});
    std::vector<double> dH;
    for (std::size_t k = 1; k < r.conditions.size(); ++k)
      dH.push_back(enthalpy_change(r, k));
    return dH;
  }
} // namespace

TEST(LawFiveOffTheTable, From273To348KEveryHoldFinishesAndHoldsUpTo80PercentRelax)
{
  // No deck is refused and no hold runs away from 273 to 348 K (law 4 refused everything below
  // 296 K and ran away at 323 K); relaxation below the activity's switch at every temperature.
  for (const double T : {273.0, 298.0, 323.0, 348.0})
    {
      SCOPED_TRACE(T);
      PointCaseResult r;
      const std::vector<double> dH = changes_at(T, r);
      ASSERT_EQ(dH.size(), 5u);
      for (std::size_t k = 0; k < 4; ++k)
        EXPECT_LT(dH[k], 0.0) << "hold " << r.conditions[k + 1].hold_fraction;
      for (std::size_t k = 1; k < r.conditions.size(); ++k)
        EXPECT_LT(r.conditions[k].creep_strain, 0.03) << "hold " << r.conditions[k].hold_fraction;
    }
}

TEST(LawFiveOffTheTable, At273And298KACriticalRatioBelow90PercentSeparatesRelaxationFromRejuvenation)
{
  for (const double T : {273.0, 298.0})
    {
      SCOPED_TRACE(T);
      PointCaseResult r;
      const std::vector<double> dH = changes_at(T, r);
      ASSERT_EQ(dH.size(), 5u);
      EXPECT_LT(dH[0], 0.0) << "0.5 relaxes";
      EXPECT_GT(dH[4], 0.0) << "0.9 rejuvenates";
      unsigned int sign_changes = 0;
      for (std::size_t k = 1; k < dH.size(); ++k)
        sign_changes += (dH[k] > 0.0) != (dH[k - 1] > 0.0);
      EXPECT_EQ(sign_changes, 1u);
    }
}

// The target law 5 does not meet yet (docs/nine-signs.md, "Law 5", temperature): at 323 and
// 348 K the 0.9 hold relaxes, because the STZ-set yield falls 5.8 MPa/K while the activity's switch
// stress does not move. Enable when the law meets it.
TEST(LawFiveOffTheTable, DISABLED_At323And348KTheNinetyPercentHoldStillRejuvenates)
{
  for (const double T : {323.0, 348.0})
    {
      SCOPED_TRACE(T);
      PointCaseResult r;
      const std::vector<double> dH = changes_at(T, r);
      ASSERT_EQ(dH.size(), 5u);
      EXPECT_GT(dH[4], 0.0) << "0.9 rejuvenates";
    }
}

TEST(LawFiveOffTheTable, AHoldALittleAboveNinetyPercentCreepsComparably)
{
  // Back-stress-limited creep has no cliff: 0.93 of yield creeps less than twice the 0.90 hold.
  const PointCaseResult r = run({"Protocol/Hold fractions=0.9, 0.93"});
  ASSERT_EQ(r.conditions.size(), 3u);
  const double c90 = std::abs(r.conditions[1].creep_strain), c93 = std::abs(r.conditions[2].creep_strain);
  EXPECT_GT(c93, c90);
  EXPECT_LT(c93, 2.0 * c90);
}

namespace
{
  /// The case's holds and its unloaded controls (48 h at zero stress, a year on the shelf).
  struct WithControls
  {
    PointCaseResult r;
    std::vector<ControlChange> controls;
    double hold_density = 0.0, hold_enthalpy = 0.0, hold_yield = 0.0; ///< of the 50 % hold (%, J/g, %)
  };

  WithControls with_controls()
  {
    WithControls w;
    const PointCase c = read_point_case(deck, {"Comparison/Lab summary="});
    w.r = run_point_case(c, nullptr);
    run_controls(c, w.r);
    w.controls = control_changes(w.r);
    w.hold_density = w.r.conditions[1].density_change_percent;
    w.hold_enthalpy = enthalpy_change(w.r, 1);
    w.hold_yield = 100.0 * (w.r.conditions[1].yield_stress / w.r.conditions[0].yield_stress - 1.0);
    return w;
  }
} // namespace

TEST(LawFiveOffTheTable, AYearOnTheShelfRelaxesLittleEnthalpyAndAnUnloadedHoldLeavesTheYieldAlone)
{
  // Stress speeds relaxation up by cosh(tau V_r/kT): a year at zero stress must release much less
  // enthalpy than 48 h at half the yield stress. And 48 h at zero stress changes the structure by
  // almost nothing (below 1 % of the 50 % hold's enthalpy change), so it must not move the yield
  // stress by more than a quarter of that hold's change (law 5 with a density tilt of 3.4 moved it
  // 3.2 %: docs/nine-signs.md, "Law 5").
  const WithControls w = with_controls();
  ASSERT_EQ(w.controls.size(), 2u);
  const ControlChange &unloaded = w.controls[0], &shelf = w.controls[1];
  ASSERT_EQ(shelf.name, "shelf");
  EXPECT_LT(shelf.enthalpy_change, 0.0);
  EXPECT_GT(shelf.enthalpy_change, 0.25 * w.hold_enthalpy);
  EXPECT_GT(shelf.density_change_percent, 0.0);
  EXPECT_LT(shelf.density_change_percent, w.hold_density);
  ASSERT_LT(std::abs(unloaded.enthalpy_change), 0.01 * std::abs(w.hold_enthalpy));
  EXPECT_LT(std::abs(unloaded.yield_change_percent), 0.25 * std::abs(w.hold_yield));
}

// Targets law 5 does not meet yet (docs/nine-signs.md, "Law 5"): a year's shelf densifies 30 %
// as much as the 50 % hold and strengthens as much. Enable when the law meets them.
TEST(LawFiveOffTheTable, DISABLED_AYearOnTheShelfDensifiesAndStrengthensLittle)
{
  const WithControls w = with_controls();
  ASSERT_EQ(w.controls.size(), 2u);
  EXPECT_LT(w.controls[1].density_change_percent, 0.25 * w.hold_density);
  EXPECT_LT(w.controls[1].yield_change_percent, 0.5 * w.hold_yield);
}

namespace
{
  /// The lab's hold on a material point of law 5, stepped here (not by the driver), with the
  /// inelastic work sigma : d eps_p summed over every step (J/m^3).
  struct SteppedHold
  {
    const FictiveTemperatureLaw &law;
    UniaxialPoint point;
    double work = 0.0;

    explicit SteppedHold(const FictiveTemperatureLaw &l) : law(l), point(l, l.initial_state()) {}

    void step(const double stress, const double dt)
    {
      const SymmetricTensor<2, 3> before = point.state().plastic_strain;
      const double s0 = point.axial_stress();
      ASSERT_TRUE(point.step_to_stress(stress, dt)) << point.failure_reason();
      // Uniaxial stress: only sigma_zz works; trapezoidal in the stress.
      work += 0.5 * (s0 + point.axial_stress()) * (point.state().plastic_strain[2][2] - before[2][2]);
    }

    /// Load at `rate` to `stress` (negative: compression), hold `time`, unload, wait `wait`.
    void run(const double stress, const double rate, const double time, const double wait)
    {
      const double load_time = std::abs(stress) / law.elastic_constants().youngs_modulus / rate;
      for (int k = 1; k <= 100; ++k)
        step(stress * k / 100.0, load_time / 100.0);
      for (double h = 1.0, held = 0.0; held < time; h *= 1.05)
        {
          const double dt = std::min(h, time - held);
          step(stress, dt);
          held += dt;
        }
      for (int k = 99; k >= 0; --k)
        step(stress * k / 100.0, load_time / 100.0);
      for (double h = 1.0, waited = 0.0; waited < wait; h *= 1.2)
        {
          const double dt = std::min(h, wait - waited);
          step(0.0, dt);
          waited += dt;
        }
    }
  };
} // namespace

TEST(LawFiveOffTheTable, NoHoldStoresMoreFreeEnergyThanTheWorkDoneOnIt)
{
  // The second law on the net: from loading to the end of the wait, the configurational free
  // energy gained, c sum p_i [(T_f - T) - T ln(T_f/T)] (J/g, times the density), plus the elastic
  // energy held by the back stress, is at most the inelastic work done. At every hold of the
  // table and off it (0.93 of yield; 273 and 348 K at 0.9 of that temperature's yield).
  struct Case
  {
    double fraction, temperature;
  };
  for (const Case &k : {Case{0.5, 298.0}, Case{0.7, 298.0}, Case{0.9, 298.0}, Case{0.93, 298.0}, Case{0.9, 273.0},
                        Case{0.9, 348.0}})
    {
      SCOPED_TRACE(std::to_string(k.fraction) + " at " + std::to_string(k.temperature) + " K");
      const PointCase c = read_point_case(deck, {"Comparison/Lab summary=", "Specimen/Temperature=" +
                                                                               std::to_string(k.temperature)});
      const auto &law = dynamic_cast<const FictiveTemperatureLaw &>(*c.law);
      const double yield = run_point_case(read_point_case(deck, {"Comparison/Lab summary=",
                                                                 "Specimen/Temperature=" + std::to_string(k.temperature),
                                                                 "Protocol/Hold fractions=0.5"}),
                                          nullptr)
                             .model_yield;
      SteppedHold hold(law);
      hold.run(-k.fraction * yield, c.protocol.loading_rate, c.protocol.hold_time, c.protocol.wait_time);
      const double rho = 1e6 * c.specimen.as_cast_density; // g/m^3
      const double stored = rho * (law.stored_free_energy(hold.point.state().values) -
                                   law.stored_free_energy(law.initial_state().values)) +
                            law.back_stress_energy(hold.point.state());
      const double W = hold.work; // compression: negative stress times negative plastic strain
      std::cout << k.fraction << " of yield at " << k.temperature << " K: work " << W * 1e-6 << " MJ/m^3, stored free energy "
                << stored * 1e-6 << " MJ/m^3\n";
      EXPECT_GT(W, 0.0);
      EXPECT_LE(stored, W) << "stored " << stored * 1e-6 << " MJ/m^3, work " << W * 1e-6 << " MJ/m^3";
    }
}

TEST(LawFiveOffTheTable, AZeroStressHoldAfterARejuvenatingOneRecoversSlowly)
{
  // After the 90 % hold, unloading and the wait, the glass sits at zero stress: the activity
  // heals over days (its own barrier) and the raised fictive temperatures of the slow bins relax
  // at their zero-stress rates, so the rejuvenation is not undone at once: most of it remains
  // after an hour and after a day, and it decays monotonically.
  const PointCase c = read_point_case(deck, {"Comparison/Lab summary="});
  const auto &law = dynamic_cast<const FictiveTemperatureLaw &>(*c.law);
  SteppedHold hold(law);
  hold.run(-0.9 * c.protocol.reference_yield, c.protocol.loading_rate, c.protocol.hold_time, c.protocol.wait_time);
  const double H_cast = law.internal_variable(law.initial_state());
  const double excess0 = law.internal_variable(hold.point.state()) - H_cast;
  ASSERT_GT(excess0, 0.0) << "the 90 % hold rejuvenates";
  const double theta0 = law.activity(hold.point.state().values);
  ASSERT_GT(theta0, 0.5);
  std::vector<double> excess;
  double held = 0.0, h = 1.0;
  for (const double check : {3600.0, 86400.0, 7 * 86400.0})
    {
      while (held < check)
        {
          const double dt = std::min(h, check - held);
          hold.step(0.0, dt);
          held += dt;
          h *= 1.05;
        }
      excess.push_back(law.internal_variable(hold.point.state()) - H_cast);
    }
  std::cout << "rejuvenation left at zero stress (J/g): " << excess0 << " after the wait, " << excess[0] << " after 1 h, "
            << excess[1] << " after 1 day, " << excess[2] << " after 1 week; activity " << theta0 << " -> "
            << law.activity(hold.point.state().values) << "\n";
  EXPECT_GT(excess[0], 0.9 * excess0) << "after an hour";
  EXPECT_GT(excess[1], 0.5 * excess0) << "after a day";
  EXPECT_LE(excess[1], excess[0]);
  EXPECT_LE(excess[2], excess[1]);
  // The activity heals at the Arrhenius rate of its own barrier (no stress): exp(-kappa t).
  EXPECT_NEAR(law.activity(hold.point.state().values), theta0 * std::exp(-law.healing_rate() * held),
              0.02 * theta0);
}
