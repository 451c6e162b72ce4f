// Law 5 (fictive-temperature) against independent references: the exponential relaxation of
// one bin towards its target, the steady state under a constant activity (the target itself),
// the Arrhenius healing of the activity at zero stress, the quench history's limits, the
// analytic tangent against finite differences (loading, hold, unloading, shear), the
// serialisation of the vector state, and the configurational free energy's exact form.
#include "continuum/material/fictive_temperature_law.h"
#include "coupling/units.h"
#include "tests/law_test_helpers.h"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace bmgcreep;
using namespace bmgcreep::material;
using dealii::SymmetricTensor;
using namespace bmgcreep::material::testing;

namespace
{
  constexpr double T = 298.0;

  ElasticConstants elastic()
  {
    ElasticConstants e;
    e.youngs_modulus = 95e9;
    e.poisson_ratio = 0.36;
    return e;
  }

  /// Law 5 with every mechanism frozen (barriers of 20 eV or more): the tests switch on what they test.
  FictiveTemperatureParameters frozen()
  {
    FictiveTemperatureParameters p;
    p.spectrum_mean = units::ev_to_j(1.2);
    p.spectrum_width = units::ev_to_j(0.15);
    p.bins = 1;
    p.attempt_frequency = 1e13;
    p.relaxation_volume = 60e-30;
    p.heat_capacity = 0.15;
    p.density_per_enthalpy = 0.003;
    p.glass_transition = 677.0;
    p.quench_rate = 1e12; // nothing relaxes in the quench
    p.shelf_time = 0.0;
    p.shelf_temperature = T;
    p.activity_temperature = 600.0;
    p.activity_energy = units::ev_to_j(30.0);
    p.activity_volume = 200e-30;
    p.healing_energy = units::ev_to_j(30.0);
    p.stz_energy = units::ev_to_j(20.0);
    p.stz_volume = 300e-30;
    p.back_stress_modulus = 6e9;
    p.flow_energy = units::ev_to_j(30.0);
    p.flow_volume = 4000e-30;
    return p;
  }

  SymmetricTensor<2, 3> shear(const double gamma)
  {
    SymmetricTensor<2, 3> e;
    e[0][1] = 0.5 * gamma;
    return e;
  }
} // namespace

TEST(FictiveTemperatureLaw, OneBinRelaxesExponentiallyTowardsTheTestTemperature)
{
  // One bin, no activity, no flow: dT_f/dt = -k(tau) (T_f - T), k = nu_0 exp(-E/kT) cosh(tau V_r/kT):
  // backward Euler gives (T_f - T) / (1 + k h)^n exactly, converging to exp(-k t).
  const FictiveTemperatureLaw law(elastic(), T, frozen());
  ASSERT_EQ(law.n_bins(), 1u);
  const double Tf0 = law.initial_state().values[0];
  EXPECT_NEAR(Tf0, 677.0, 1e-4); // quenched at 1e12 K/s: frozen at T_g
  const double kT = units::thermal_energy(T);
  for (const double gamma : {0.0, 0.01})
    {
      const double tau = elastic().shear_modulus() * gamma;
      const double k = 1e13 * std::exp(-units::ev_to_j(1.2) / kT) * std::cosh(tau * 60e-30 / kT);
      EXPECT_NEAR(law.relaxation_rate(0, tau), k, 1e-12 * k);
      const double t_end = 2.0 / k;
      const unsigned int n = 4000;
      MaterialState s = law.initial_state(), next;
      Update u;
      for (unsigned int i = 0; i < n; ++i)
        {
          u = law.integrate(s, shear(gamma), t_end / n, next);
          s = next;
        }
      EXPECT_NEAR(s.values[0] - T, (Tf0 - T) * std::pow(1.0 + k * t_end / n, -double(n)), 1e-9);
      EXPECT_NEAR(s.values[0] - T, (Tf0 - T) * std::exp(-2.0), 2e-3 * (Tf0 - T) * std::exp(-2.0));
      EXPECT_NEAR(u.stress[0][1], tau, 1e-9 * std::max(tau, 1.0)); // no flow: elastic
      // Stored enthalpy and dilatation are the stated linear maps of T_f; the internal variable
      // is the stored enthalpy (the default enthalpy measure).
      EXPECT_NEAR(law.stored_enthalpy(s.values), 0.15 * (s.values[0] - T), 1e-12);
      EXPECT_EQ(law.internal_variable(s), law.stored_enthalpy(s.values));
      EXPECT_NEAR(law.dilatation(s.values), 0.003 * 0.15 * (s.values[0] - Tf0), 1e-15);
    }
}

TEST(FictiveTemperatureLaw, ConstantActivityRelaxesEveryBinToTheRaisedTarget)
{
  // A constant shear stress switches the activity on (g >> kappa): theta -> g / (g + kappa) and
  // every bin's fictive temperature -> T + theta (T_a - T), from below (bins quenched slowly
  // far below) and from above (frozen at T_g).
  FictiveTemperatureParameters p = frozen();
  p.bins = 5;
  p.spectrum_width = units::ev_to_j(0.02);
  p.activity_energy = units::ev_to_j(1.5);
  p.healing_energy = units::ev_to_j(1.1);
  p.quench_rate = 1e-4; // slow: the bins follow T far down
  const FictiveTemperatureLaw law(elastic(), T, p);
  const double tau = elastic().shear_modulus() * 0.012;
  const double theta_ss = law.steady_activity(tau);
  ASSERT_GT(theta_ss, 0.1);
  ASSERT_LT(theta_ss, 0.999);
  const double target = law.target_temperature(theta_ss);
  const double slowest = 1.0 / std::min(law.relaxation_rate(law.n_bins() - 1, tau),
                                        law.activation_rate(tau) + law.healing_rate());
  MaterialState s = law.initial_state(), next;
  ASSERT_LT(s.values[0], target - 10.0);
  double t = 0.0, h = 1e-3 * slowest;
  while (t < 40.0 * slowest)
    {
      law.integrate(s, shear(0.012), h, next);
      s = next;
      t += h;
      h = std::min(1.2 * h, 0.5 * slowest);
    }
  EXPECT_NEAR(law.activity(s.values), theta_ss, 1e-9);
  for (unsigned int i = 0; i < law.n_bins(); ++i)
    EXPECT_NEAR(s.values[i], target, 1e-6) << "bin " << i;
  // From above: every bin frozen at T_g relaxes down to the same target.
  p.quench_rate = 1e12;
  const FictiveTemperatureLaw hot(elastic(), T, p);
  s = hot.initial_state();
  ASSERT_GT(s.values[0], target + 10.0);
  t = 0.0;
  h = 1e-3 * slowest;
  while (t < 40.0 * slowest)
    {
      hot.integrate(s, shear(0.012), h, next);
      s = next;
      t += h;
      h = std::min(1.2 * h, 0.5 * slowest);
    }
  for (unsigned int i = 0; i < hot.n_bins(); ++i)
    EXPECT_NEAR(s.values[i], target, 1e-6) << "bin " << i;
}

TEST(FictiveTemperatureLaw, ActivityHealsAtZeroStressWithTheHealingBarriersArrheniusRate)
{
  // At zero stress d theta/dt = -kappa theta, kappa = nu_h exp(-Q_h/kT): theta(t) = theta_0
  // exp(-kappa t), and ln(kappa) between two temperatures differs by Q_h (1/kT1 - 1/kT2).
  FictiveTemperatureParameters p = frozen();
  p.healing_energy = units::ev_to_j(1.1);
  double log_kappa[2];
  const double temperatures[2] = {298.0, 348.0};
  for (unsigned int j = 0; j < 2; ++j)
    {
      const FictiveTemperatureLaw law(elastic(), temperatures[j], p);
      const double kappa = law.healing_rate();
      log_kappa[j] = std::log(kappa);
      MaterialState s = law.initial_state(), next;
      s.values[law.n_bins()] = 0.8; // the activity
      const unsigned int n = 2000;
      const double t_end = 1.5 / kappa;
      for (unsigned int i = 0; i < n; ++i)
        {
          law.integrate(s, SymmetricTensor<2, 3>(), t_end / n, next);
          s = next;
        }
      EXPECT_NEAR(law.activity(s.values), 0.8 * std::pow(1.0 + kappa * t_end / n, -double(n)), 1e-12);
      EXPECT_NEAR(law.activity(s.values), 0.8 * std::exp(-1.5), 1e-3 * 0.8 * std::exp(-1.5));
    }
  const double Q = units::ev_to_j(1.1);
  EXPECT_NEAR(log_kappa[0] - log_kappa[1],
              -Q / units::thermal_energy(298.0) + Q / units::thermal_energy(348.0), 1e-9);
  // Days at 298 K, minutes at 348 K (the time scale the deck's 1.1 eV is chosen for).
  EXPECT_GT(1.0 / std::exp(log_kappa[0]), 2.0 * 86400.0);
  EXPECT_LT(1.0 / std::exp(log_kappa[1]), 3600.0);
}

TEST(FictiveTemperatureLaw, QuenchFreezesFastBinsLowAndSlowBinsNearTg)
{
  // A bin frozen into the glass keeps the fictive temperature where its relaxation time passed
  // the cooling time kT^2/(E q): fast bins follow the quench further down.
  FictiveTemperatureParameters p = frozen();
  p.bins = 7;
  p.spectrum_mean = units::ev_to_j(1.6);
  p.quench_rate = 10.0;
  const FictiveTemperatureLaw law(elastic(), T, p);
  const std::vector<double> Tf = law.as_quenched_fictive_temperatures();
  for (unsigned int i = 1; i < Tf.size(); ++i)
    EXPECT_GT(Tf[i], Tf[i - 1]);
  for (unsigned int i = 0; i < Tf.size(); ++i)
    {
      // Freezing estimate: nu_0 exp(-E/kT_f) = q E / (k T_f^2), solved by fixed point.
      const double E = law.bin_energy(i);
      double Tfr = 600.0;
      for (int k = 0; k < 50; ++k)
        Tfr = E / (units::boltzmann * std::log(1e13 * units::boltzmann * Tfr * Tfr / (10.0 * E)));
      EXPECT_NEAR(Tf[i], std::min(Tfr, 677.0), 15.0) << "bin " << i;
    }
}

TEST(FictiveTemperatureLaw, AnalyticTangentMatchesFiniteDifferences)
{
  // Along a path that loads into flow, holds (STZ strain and activity grow), unloads (the back
  // stress drives the STZ strain back) and shears: every mechanism active.
  FictiveTemperatureParameters p = frozen();
  p.bins = 9;
  p.spectrum_mean = units::ev_to_j(1.3);
  p.quench_rate = 10.0;
  p.activity_energy = units::ev_to_j(2.0);
  p.healing_energy = units::ev_to_j(1.1);
  p.stz_energy = units::ev_to_j(1.6);
  p.flow_energy = units::ev_to_j(13.6);
  p.barrier_per_enthalpy = units::ev_to_j(0.03);
  p.barrier_per_activity = units::ev_to_j(0.1);
  p.density_tilt = 1.0;
  p.barrier_tilt = -0.5;
  const FictiveTemperatureLaw law(elastic(), T, p);
  MaterialState s = law.initial_state(), next;
  struct Step
  {
    SymmetricTensor<2, 3> eps;
    double dt;
  };
  std::vector<Step> path;
  for (const double e : {-0.004, -0.012, -0.016, -0.0172, -0.018, -0.0185})
    path.push_back({compression(e), 2.0});
  for (const double dt : {100.0, 1e3, 1e4})
    path.push_back({compression(-0.0185), dt});
  path.push_back({compression(-0.002), 10.0});
  path.push_back({compression(-0.002) + shear(0.003), 10.0});
  for (const Step &st : path)
    {
      const Update u = law.integrate(s, st.eps, st.dt, next);
      const SymmetricTensor<4, 3> fd = finite_difference_tangent(law, s, st.eps, st.dt);
      EXPECT_LT((fd - u.tangent).norm(), 1e-6 * u.tangent.norm()) << "strain " << st.eps[2][2] << " dt " << st.dt;
      s = next;
    }
  EXPECT_GT(law.activity(s.values), 0.0);
  EXPECT_GT(law.stz_strain(s).norm(), 0.0);
}

TEST(FictiveTemperatureLaw, VectorStateSerialisationRoundTripIsExact)
{
  FictiveTemperatureParameters p = frozen();
  p.bins = 7;
  p.activity_energy = units::ev_to_j(2.0);
  p.healing_energy = units::ev_to_j(1.1);
  p.stz_energy = units::ev_to_j(1.6);
  const FictiveTemperatureLaw law(elastic(), T, p);
  MaterialState next;
  law.integrate(law.initial_state(), compression(-0.015), 1e3, next);
  // Sized by the law: 7 bins, the activity, the STZ strain, the enthalpy observable.
  ASSERT_EQ(next.values.size(), 15u);
  ASSERT_EQ(law.state_size(), 15u);
  ASSERT_GT(law.activity(next), 0.0);
  std::stringstream buffer;
  {
    boost::archive::binary_oarchive out(buffer);
    out << next;
  }
  MaterialState back;
  {
    boost::archive::binary_iarchive in(buffer);
    in >> back;
  }
  EXPECT_EQ(back.values, next.values);
  EXPECT_EQ(law.internal_variable(back), law.internal_variable(next));
  for (unsigned int i = 0; i < 6; ++i)
    EXPECT_EQ(back.plastic_strain.access_raw_entry(i), next.plastic_strain.access_raw_entry(i));
  EXPECT_EQ(law.stz_strain(back), law.stz_strain(next));
}

TEST(FictiveTemperatureLaw, FreeEnergyIsTheConstantHeatCapacityGlassForm)
{
  // G(T_f) - G_eq = c [(T_f - T) - T ln(T_f / T)]: zero and stationary in equilibrium, positive
  // either side, and its derivative with respect to T_f is c (1 - T/T_f).
  const FictiveTemperatureLaw law(elastic(), T, frozen());
  std::vector<double> x{T, 0.0};
  EXPECT_NEAR(law.stored_free_energy(x), 0.0, 1e-12);
  for (const double Tf : {250.0, 400.0, 677.0})
    {
      x[0] = Tf;
      EXPECT_GT(law.stored_free_energy(x), 0.0);
      const double h = 1e-3;
      std::vector<double> xp{Tf + h, 0.0}, xm{Tf - h, 0.0};
      EXPECT_NEAR((law.stored_free_energy(xp) - law.stored_free_energy(xm)) / (2 * h), 0.15 * (1.0 - T / Tf), 1e-8);
      // The free energy stored is less than the enthalpy stored above T (the entropy share).
      if (Tf > T)
        EXPECT_LT(law.stored_free_energy(x), law.stored_enthalpy(x));
    }
}

TEST(FictiveTemperatureLaw, RelaxationEnthalpyIsWhatADscScanReleases)
{
  // The DSC observable against a direct simulation of the scan: one bin with fictive temperature
  // T_f0, heated from the test temperature at the deck's rate, relaxes as dT_f/dt = -k(T)(T_f - T);
  // the exotherm is c (T_f0 - min T_f), released until the rising temperature meets T_f. The
  // law's closed form (softplus over the bin's mobility temperature) must agree within 10 % of
  // the bin's largest exotherm here, and vanish for a bin relaxed far below its mobility temperature.
  FictiveTemperatureParameters p = frozen();
  p.spectrum_mean = units::ev_to_j(1.4);
  p.dsc_heating_rate = 20.0 / 60.0;
  p.dsc_enthalpy = true;
  const FictiveTemperatureLaw law(elastic(), T, p);
  const double Tm = law.mobility_temperature_of(0);
  EXPECT_GT(Tm, 400.0);
  EXPECT_LT(Tm, 600.0);
  const double E = units::ev_to_j(1.4);
  auto scan = [&](const double Tf0) {
    double Tf = Tf0, Temp = T, lowest = Tf0;
    const double dT = 0.01, dt = dT / p.dsc_heating_rate;
    while (Temp < Tf0 + 50.0)
      {
        const double k = 1e13 * std::exp(-E / (units::boltzmann * (Temp + 0.5 * dT)));
        Tf = (Temp + 0.5 * dT) + (Tf - (Temp + 0.5 * dT)) * std::exp(-k * dt);
        lowest = std::min(lowest, Tf);
        Temp += dT;
        if (Tf < Temp)
          break; // the bin is in equilibrium again: from here it absorbs, not releases
      }
    return 0.15 * (Tf0 - lowest);
  };
  const double largest = scan(Tm + 80.0);
  ASSERT_GT(largest, 0.15 * 50.0);
  for (const double offset : {-80.0, -20.0, 0.0, 20.0, 40.0, 80.0})
    {
      const std::vector<double> x{Tm + offset, 0.0};
      EXPECT_NEAR(law.dsc_enthalpy(x), scan(Tm + offset), 0.1 * largest) << "T_f - T_m = " << offset << " K";
    }
  EXPECT_LT(law.dsc_enthalpy({Tm - 80.0, 0.0}), 0.01 * largest);
}
