// Constitutive laws against independent references: Hooke's law, the analytic rate law,
// the critical-stress formula, the law-1 limit of law 2, finite-difference tangents and
// an exact serialisation round trip.
#include "continuum/material/free_volume_law.h"
#include "continuum/material/law_factory.h"
#include "continuum/material/point_case.h"
#include "continuum/material/free_volume_relaxation_law.h"
#include "continuum/material/stz_law.h"
#include "coupling/units.h"
#include "tests/docs_page.h"
#include "tests/law_test_helpers.h"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

using namespace bmgcreep;
using namespace bmgcreep::material;
using dealii::SymmetricTensor;
using namespace bmgcreep::material::testing;

namespace
{
  CommonParameters common(const double x0 = 0.03, const double kappa = 0.5)
  {
    CommonParameters c;
    c.elastic.youngs_modulus = 95e9;
    c.elastic.poisson_ratio = 0.36;
    c.temperature = 298.0;
    c.initial_internal_variable = x0;
    c.dilatation_per_unit_x = kappa;
    return c;
  }

  FreeVolumeParameters free_volume()
  {
    FreeVolumeParameters p;
    p.attempt_frequency = 1e13;
    p.migration_energy = units::ev_to_j(2.5);
    p.activation_volume = 800e-30;
    p.geometric_factor = 0.15;
    p.critical_volume = 20e-30;
    p.jumps_to_annihilate = 3.0;
    return p;
  }

  AnnihilationParameters annihilation()
  {
    AnnihilationParameters a;
    a.attempt_frequency = 1e13;
    a.activation_energy = units::ev_to_j(0.46);
    a.activation_volume = 46e-30;
    return a;
  }

  StzParameters stz()
  {
    StzParameters p;
    p.attempt_frequency = 1e13;
    p.activation_energy = units::ev_to_j(2.5);
    p.activation_volume = 800e-30;
    p.specific_heat = 0.5;
    p.stress_scale = 1e9;
    p.steady_chi = 0.5;
    p.reference_rate = 1e12;
    p.aging_rate = 1e-6;
    p.aging_barrier = 1.0;
    p.thermal_chi = 0.02;
    return p;
  }

  std::vector<std::unique_ptr<ActivatedFlowLaw>> all_laws()
  {
    std::vector<std::unique_ptr<ActivatedFlowLaw>> laws;
    laws.push_back(std::make_unique<FreeVolumeLaw>(common(), free_volume()));
    laws.push_back(std::make_unique<FreeVolumeRelaxationLaw>(common(), free_volume(), annihilation()));
    laws.push_back(std::make_unique<StzLaw>(common(), stz()));
    // Law 2 with three anelastic elements (1 s to 100 s).
    CommonParameters with_anelastic = common();
    with_anelastic.anelastic = {3, 1.0, 100.0, 0.3};
    laws.push_back(std::make_unique<FreeVolumeRelaxationLaw>(with_anelastic, free_volume(), annihilation()));
    return laws;
  }

  SymmetricTensor<4, 3> hooke(const ElasticConstants &e)
  {
    const double K = e.bulk_modulus(), mu = e.shear_modulus();
    const auto I = dealii::unit_symmetric_tensor<3>();
    return K * dealii::outer_product(I, I) + 2.0 * mu * dealii::deviator_tensor<3>();
  }

} // namespace

TEST(Hyperbolic, LogFormsMatchDirectEvaluationAndDoNotOverflow)
{
  for (const double a : {1e-6, 0.1, 0.49, 0.51, 3.0, 20.0, 300.0})
    {
      EXPECT_NEAR(hyperbolic::log_sinh(a), std::log(std::sinh(a)), 1e-12 * std::max(1.0, std::abs(std::log(std::sinh(a)))));
      EXPECT_NEAR(hyperbolic::log_cosh(a), std::log(std::cosh(a)), 1e-12 * std::log(std::cosh(a)) + 1e-15);
      EXPECT_NEAR(hyperbolic::coth(a), 1.0 / std::tanh(a), 1e-12 / std::tanh(a));
    }
  for (const double a : {1e-3, 0.5, 5.0, 300.0})
    EXPECT_NEAR(hyperbolic::log_cosh_minus_one(a), std::log(std::cosh(a) - 1.0),
                1e-9 * std::abs(std::log(std::cosh(a) - 1.0)));
  // Far beyond exp's range (cosh(2000) = inf in double) the log forms stay exact.
  EXPECT_DOUBLE_EQ(hyperbolic::log_sinh(2000.0), 2000.0 - std::log(2.0));
  EXPECT_DOUBLE_EQ(hyperbolic::log_cosh(2000.0), 2000.0 - std::log(2.0));
}

TEST(ConstitutiveLaw, ZeroRateLimitIsHookesLaw)
{
  // No thermal activation at all (f tiny, barrier huge): stress and tangent are Hooke's.
  FreeVolumeParameters fv = free_volume();
  fv.attempt_frequency = 1e-30;
  fv.migration_energy = units::ev_to_j(10.0);
  AnnihilationParameters an = annihilation();
  an.attempt_frequency = 1e-30;
  an.activation_energy = units::ev_to_j(10.0);
  StzParameters s = stz();
  s.attempt_frequency = 1e-30;
  s.activation_energy = units::ev_to_j(10.0);
  s.aging_rate = 0.0;
  std::vector<std::unique_ptr<ActivatedFlowLaw>> laws;
  laws.push_back(std::make_unique<FreeVolumeLaw>(common(), fv));
  laws.push_back(std::make_unique<FreeVolumeRelaxationLaw>(common(), fv, an));
  laws.push_back(std::make_unique<StzLaw>(common(), s));
  for (const auto &law : laws)
    {
      const SymmetricTensor<4, 3> C = hooke(law->elastic_constants());
      for (const double e : {-1e-4, -0.01, -0.015})
        {
          MaterialState next;
          const SymmetricTensor<2, 3> eps = compression(e);
          const Update u = law->integrate(law->initial_state(), eps, 3600.0, next);
          const SymmetricTensor<2, 3> expected = C * eps;
          EXPECT_LT((u.stress - expected).norm(), 1e-12 * expected.norm()) << law->name();
          EXPECT_LT((u.tangent - C).norm(), 1e-12 * C.norm()) << law->name();
          EXPECT_NEAR(next.values[0], law->initial_state().values[0], 1e-14) << law->name();
        }
    }
}

TEST(ConstitutiveLaw, FrozenInternalVariableFlowsAtTheAnalyticRate)
{
  // STZ law with chi frozen (no aging, c0 and s0 so large that plastic work cannot move chi):
  // under a constant shear stress the plastic shear rate is 2 f exp(-dG/kT) exp(-1/chi) sinh(tau Omega/2kT).
  StzParameters s = stz();
  s.aging_rate = 0.0;
  s.specific_heat = 1e6;
  s.stress_scale = 1e15;
  const CommonParameters c = common(0.05, 0.0);
  const StzLaw law(c, s);
  const double mu = c.elastic.shear_modulus();
  const double kT = units::thermal_energy(c.temperature);
  const double tau = 800e6;
  const double gamma_dot = 2.0 * s.attempt_frequency * std::exp(-s.activation_energy / kT) *
                           std::exp(-1.0 / 0.05) * std::sinh(tau * s.activation_volume / (2.0 * kT));
  ASSERT_GT(gamma_dot, 1e-9);
  ASSERT_LT(gamma_dot, 1e-3);

  // Simple shear eps_01 = gamma/2 held so that tau_trial keeps tau constant: after each step
  // of dt re-apply the elastic strain tau/mu on top of the plastic shear accumulated.
  MaterialState state = law.initial_state();
  const double dt = 10.0;
  const int steps = 100;
  for (int k = 0; k < steps; ++k)
    {
      // Choose the total strain whose backward-Euler update ends at exactly tau: plastic
      // shear grows by gamma_dot dt, so total gamma = gamma_p_old + gamma_dot dt + tau / mu.
      SymmetricTensor<2, 3> eps;
      eps[0][1] = 0.5 * (state.shear_strain + gamma_dot * dt + tau / mu);
      MaterialState next;
      const Update u = law.integrate(state, eps, dt, next);
      EXPECT_NEAR(u.stress[0][1], tau, 1e-6 * tau);
      state = next;
    }
  EXPECT_NEAR(state.shear_strain, gamma_dot * dt * steps, 1e-6 * gamma_dot * dt * steps);
  EXPECT_NEAR(state.values[0], 0.05, 1e-9);
}

TEST(FreeVolumeLaw, CriticalStressSeparatesAnnihilationFromCreation)
{
  const FreeVolumeLaw law(common(), free_volume());
  for (const double xi : {0.02, 0.03, 0.06})
    {
      const double tau_c = law.critical_shear_stress(xi);
      // Independent check of the formula: cosh(tau_c Omega/2kT) = 1 + xi v* S / (2 alpha kT n_D).
      const CommonParameters c = common();
      const FreeVolumeParameters p = free_volume();
      const double mu = c.elastic.shear_modulus(), nu = c.elastic.poisson_ratio;
      const double S = 2.0 * mu * (1.0 + nu) / (3.0 * (1.0 - nu));
      const double kT = units::thermal_energy(c.temperature);
      EXPECT_NEAR(std::cosh(tau_c * p.activation_volume / (2.0 * kT)),
                  1.0 + xi * p.critical_volume * S / (2.0 * p.geometric_factor * kT * p.jumps_to_annihilate),
                  1e-12);
      const double annihilation = std::abs(law.rates(0.0, xi).x_dot);
      EXPECT_LT(law.rates(0.9 * tau_c, xi).x_dot, 0.0);
      EXPECT_GT(law.rates(1.1 * tau_c, xi).x_dot, 0.0);
      EXPECT_LT(std::abs(law.rates(tau_c, xi).x_dot), 1e-9 * annihilation);
    }
  // The same through the implicit update: one step below / above tau_c moves xi down / up
  // (a lower barrier, so that a 1000 s step changes xi well above round-off).
  FreeVolumeParameters fast = free_volume();
  fast.migration_energy = units::ev_to_j(0.5);
  const FreeVolumeLaw fast_law(common(), fast);
  const double xi0 = 0.03;
  const double tau_c = fast_law.critical_shear_stress(xi0);
  const double mu = common().elastic.shear_modulus();
  for (const double factor : {0.8, 1.2})
    {
      SymmetricTensor<2, 3> eps;
      eps[0][1] = 0.5 * factor * tau_c / mu;
      MaterialState next;
      fast_law.integrate(fast_law.initial_state(), eps, 1e3, next);
      if (factor < 1.0)
        EXPECT_LT(next.values[0], xi0 * (1.0 - 1e-7));
      else
        EXPECT_GT(next.values[0], xi0 * (1.0 + 1e-7));
    }
}

TEST(FreeVolumeRelaxationLaw, ReducesToLawOneInItsLimit)
{
  // f_a = f, dG_a = dG_m, Omega_a = 0: the annihilation of law 2 is that of law 1.
  const FreeVolumeParameters fv = free_volume();
  AnnihilationParameters an;
  an.attempt_frequency = fv.attempt_frequency;
  an.activation_energy = fv.migration_energy;
  an.activation_volume = 0.0;
  const FreeVolumeLaw law1(common(), fv);
  const FreeVolumeRelaxationLaw law2(common(), fv, an);
  for (const double tau : {0.0, 1e8, 5e8, 9e8})
    for (const double xi : {0.02, 0.03, 0.05})
      {
        const KineticRates a = law1.rates(tau, xi), b = law2.rates(tau, xi);
        EXPECT_NEAR(a.x_dot, b.x_dot, 1e-13 * std::abs(a.x_dot));
        EXPECT_NEAR(a.d_x_dot_d_x, b.d_x_dot_d_x, 1e-13 * std::abs(a.d_x_dot_d_x));
        EXPECT_NEAR(a.d_x_dot_d_tau, b.d_x_dot_d_tau, 1e-13 * std::abs(a.d_x_dot_d_tau) + 1e-300);
      }
  MaterialState s1 = law1.initial_state(), s2 = law2.initial_state();
  for (const double e : {-0.005, -0.012, -0.016, -0.0175, -0.0178})
    {
      MaterialState n1, n2;
      const Update u1 = law1.integrate(s1, compression(e), 1.0, n1);
      const Update u2 = law2.integrate(s2, compression(e), 1.0, n2);
      EXPECT_LT((u1.stress - u2.stress).norm(), 1e-12 * u1.stress.norm());
      EXPECT_NEAR(n1.values[0], n2.values[0], 1e-13 * n1.values[0]);
      EXPECT_LT((u1.tangent - u2.tangent).norm(), 1e-10 * u1.tangent.norm());
      s1 = n1;
      s2 = n2;
    }
}

TEST(ConstitutiveLaw, ConsistentTangentMatchesFiniteDifferences)
{
  for (const auto &law : all_laws())
    {
      MaterialState state = law->initial_state();
      // Walk a loading path into flow so that the tangent is checked from elastic to near
      // yield and beyond, with a history (plastic strain, changed x) behind each point.
      for (const double e : {-0.004, -0.012, -0.016, -0.0172, -0.0176, -0.0180, -0.019, -0.020, -0.021})
        {
          const double dt = 2.0;
          const SymmetricTensor<2, 3> eps = compression(e);
          MaterialState next;
          const Update u = law->integrate(state, eps, dt, next);
          const SymmetricTensor<4, 3> fd = finite_difference_tangent(*law, state, eps, dt);
          const double rel = (fd - u.tangent).norm() / u.tangent.norm();
          EXPECT_LT(rel, 1e-6) << law->name() << " at strain " << e << ", shear increment "
                               << next.shear_strain - state.shear_strain;
          state = next;
        }
      EXPECT_GT(state.shear_strain, 1e-6) << law->name() << ": the path must reach plastic flow";
    }
}

TEST(ConstitutiveLaw, StateSerialisationRoundTripIsExact)
{
  CommonParameters c = common();
  c.anelastic = {2, 1.0, 10.0, 0.2};
  const FreeVolumeRelaxationLaw law(c, free_volume(), annihilation());
  MaterialState state = law.initial_state(), next;
  law.integrate(state, compression(-0.0178), 5.0, next);
  ASSERT_GT(next.shear_strain, 0.0);
  // Sized by the law: x and two Kelvin-Voigt elements of 6 entries.
  ASSERT_EQ(next.values.size(), 13u);
  ASSERT_EQ(law.state_size(), 13u);
  ASSERT_EQ(law.state_variables().front().name, "free_volume");
  ASSERT_GT(law.anelastic_strain(next).norm(), 0.0);
  {
    std::stringstream buffer;
    boost::archive::binary_oarchive(buffer) << next;
    MaterialState back;
    boost::archive::binary_iarchive(buffer) >> back;
    EXPECT_EQ(back.values, next.values);
    EXPECT_EQ(back.shear_strain, next.shear_strain);
    EXPECT_EQ(back.plastic_strain, next.plastic_strain);
  }
  {
    std::stringstream buffer;
    boost::archive::text_oarchive(buffer) << next;
    MaterialState back;
    boost::archive::text_iarchive(buffer) >> back;
    EXPECT_EQ(back.values[0], next.values[0]);
    EXPECT_EQ(back.plastic_strain, next.plastic_strain);
  }
  // A state of another law is refused, not read out of bounds.
  const FreeVolumeRelaxationLaw plain(common(), free_volume(), annihilation());
  EXPECT_THROW(plain.integrate(next, compression(-0.01), 1.0, state), std::invalid_argument);
}

TEST(ConstitutiveLaw, SubstepSensitivitiesMatchFiniteDifferences)
{
  // The chain rule through substeps: d Delta gamma / d tau_trial and d x / d tau_trial (and
  // with respect to x_old) of an 8-substep update against central differences of the same.
  for (const auto &law : all_laws())
    for (const double tau : {5e8, 9e8, 1.0e9})
      {
        const double x0 = 0.03, dt = 50.0, h_tau = 1e-7 * tau, h_x = 1e-7 * x0;
        const ScalarUpdate s = law->solve_scalar(tau, x0, dt, 8);
        ASSERT_EQ(s.substeps, 8u);
        const ScalarUpdate tp = law->solve_scalar(tau + h_tau, x0, dt, 8), tm = law->solve_scalar(tau - h_tau, x0, dt, 8);
        const ScalarUpdate xp = law->solve_scalar(tau, x0 + h_x, dt, 8), xm = law->solve_scalar(tau, x0 - h_x, dt, 8);
        auto near = [](double fd, double an) { return std::abs(fd - an) <= 1e-5 * std::abs(an) + 1e-14; };
        EXPECT_TRUE(near((tp.shear_increment - tm.shear_increment) / (2 * h_tau), s.d_shear_d_tau_trial)) << law->name() << " " << tau;
        EXPECT_TRUE(near((tp.x - tm.x) / (2 * h_tau), s.d_x_d_tau_trial)) << law->name() << " " << tau;
        EXPECT_TRUE(near((xp.shear_increment - xm.shear_increment) / (2 * h_x), s.d_shear_d_x_old)) << law->name() << " " << tau;
        EXPECT_TRUE(near((xp.x - xm.x) / (2 * h_x), s.d_x_d_x_old)) << law->name() << " " << tau;
        EXPECT_GT(s.shear_increment, 0.0);
      }
}

TEST(ConstitutiveLaw, NegligibleFlowIsElasticAtAnyTemperature)
{
  // At 30 K the flow rate is below exp(-690) per step: a purely elastic update, no failure.
  CommonParameters c = common();
  c.temperature = 30.0;
  const FreeVolumeRelaxationLaw law(c, free_volume(), annihilation());
  MaterialState next;
  const Update u = law.integrate(law.initial_state(), compression(-1e-4), 1.0, next);
  const SymmetricTensor<2, 3> expected = hooke(law.elastic_constants()) * compression(-1e-4);
  EXPECT_LT((u.stress - expected).norm(), 1e-12 * expected.norm());
  EXPECT_EQ(next.shear_strain, 0.0);
}

TEST(ConstitutiveLaw, LargeStepDeepInFlowConverges)
{
  // A one-hour step deep into flow (the local Newton's step limits at work).
  const FreeVolumeRelaxationLaw law(common(), free_volume(), annihilation());
  MaterialState next;
  const Update u = law.integrate(law.initial_state(), compression(-0.02), 3600.0, next);
  EXPECT_TRUE(std::isfinite(u.stress.norm()));
  EXPECT_GT(next.shear_strain, 0.0);
  // Stress relaxed: the equivalent stress is well below the elastic trial value.
  EXPECT_LT(std::abs(u.stress[2][2]), 95e9 * 0.02);
}

TEST(Anelasticity, OneKelvinVoigtElementCreepsAndRecoversAnalytically)
{
  // Flow frozen (no activation), one element of time tau and compliance fraction c: under a
  // constant uniaxial stress sigma the axial strain is sigma/E + c sigma/(3 mu) (1 - exp(-t/tau));
  // after unloading the anelastic part decays as exp(-t/tau).
  CommonParameters c = common();
  const double tau = 50.0, fraction = 0.2, sigma = -600e6;
  c.anelastic = {1, tau, tau, fraction};
  FreeVolumeParameters fv = free_volume();
  fv.attempt_frequency = 1e-30;
  fv.migration_energy = units::ev_to_j(10.0);
  AnnihilationParameters an = annihilation();
  an.attempt_frequency = 1e-30;
  const FreeVolumeRelaxationLaw law(c, fv, an);
  const double E = c.elastic.youngs_modulus, mu = c.elastic.shear_modulus();
  const double amplitude = fraction * sigma / (3.0 * mu);

  // Uniaxial stress by hand: lateral strain from the elastic Poisson ratio plus the
  // incompressible anelastic part (dev strain -1/2 of the axial one).
  MaterialState state = law.initial_state();
  const double dt = 0.01;
  double t = 0.0, anelastic = 0.0;
  for (int k = 0; k < 10000; ++k) // 100 s = 2 tau under load
    {
      t += dt;
      // Backward Euler of the element: a_new = (a + dt/tau * A) / (1 + dt/tau).
      anelastic = (anelastic + dt / tau * amplitude) / (1.0 + dt / tau);
      SymmetricTensor<2, 3> eps;
      eps[2][2] = sigma / E + anelastic;
      eps[0][0] = eps[1][1] = -c.elastic.poisson_ratio * sigma / E - 0.5 * anelastic;
      MaterialState next;
      const Update u = law.integrate(state, eps, dt, next);
      ASSERT_NEAR(u.stress[2][2], sigma, 1e-6 * std::abs(sigma)) << t;
      ASSERT_NEAR(u.stress[0][0], 0.0, 1e-6 * std::abs(sigma)) << t;
      state = next;
    }
  // The discrete history matches the analytic curve to the time-step error.
  EXPECT_NEAR(law.anelastic_strain(state)[2][2], amplitude * (1.0 - std::exp(-t / tau)),
              2e-4 * std::abs(amplitude));
  // Recovery at zero stress.
  const double a0 = law.anelastic_strain(state)[2][2];
  for (int k = 0; k < 5000; ++k) // 50 s = tau
    {
      anelastic = anelastic / (1.0 + dt / tau);
      SymmetricTensor<2, 3> eps;
      eps[2][2] = anelastic;
      eps[0][0] = eps[1][1] = -0.5 * anelastic;
      MaterialState next;
      const Update u = law.integrate(state, eps, dt, next);
      ASSERT_NEAR(u.stress[2][2], 0.0, 1e-6 * std::abs(sigma));
      state = next;
    }
  EXPECT_NEAR(law.anelastic_strain(state)[2][2], a0 * std::exp(-1.0), 2e-4 * std::abs(a0));
  EXPECT_LT(state.shear_strain, 1e-30); // no plastic flow
}

// Every row of the law registry, created from the default deck with only Material/Law set:
// the law has the row's name and its section in docs/constitutive-laws.md; a 1 ns step at up
// to 0.1 % strain (about 100 MPa: too short and too low for activated flow; law 4's fastest
// sites do flow in 1 ns at 1 GPa) gives Hooke's stress; and its tangent matches
// finite differences along a compression path into the range of the lab's holds. A law added
// to the table is checked here without a test of its own (docs/architecture.md, "add a law").
TEST(LawTable, EveryLawIsDocumentedElasticAtOnsetAndHasAConsistentTangent)
{
  const std::string docs = bmgcreep::testing::docs_page("constitutive-laws.md");
  ASSERT_FALSE(docs.empty()) << "docs/constitutive-laws.md";
  ASSERT_GE(law_table().size(), 4u);
  for (const auto &row : law_table())
    {
      dealii::ParameterHandler prm;
      declare_point_deck(prm);
      prm.enter_subsection("Material");
      prm.set("Law", row.name);
      prm.leave_subsection();
      const std::unique_ptr<ConstitutiveLaw> law = create_law(prm, 298.0);
      EXPECT_EQ(law->name(), row.name);
      EXPECT_NE(docs.find(": `" + row.name + "` ("), std::string::npos)
        << row.name << ": no section \"## Law N: `" << row.name << "` (...)\" in docs/constitutive-laws.md";
      const SymmetricTensor<4, 3> C = hooke(law->elastic_constants());
      for (const double e : {-1e-4, -1e-3})
        {
          MaterialState next;
          const SymmetricTensor<2, 3> eps = compression(e);
          const Update u = law->integrate(law->initial_state(), eps, 1e-9, next);
          EXPECT_LT((u.stress - C * eps).norm(), 1e-6 * (C * eps).norm()) << row.name << " at strain " << e;
        }
      MaterialState state = law->initial_state();
      for (const double e : {-0.004, -0.012, -0.016, -0.0172, -0.018})
        {
          const double dt = 2.0;
          const SymmetricTensor<2, 3> eps = compression(e);
          MaterialState next;
          const Update u = law->integrate(state, eps, dt, next);
          const SymmetricTensor<4, 3> fd = finite_difference_tangent(*law, state, eps, dt);
          EXPECT_LT((fd - u.tangent).norm(), 1e-5 * u.tangent.norm()) << row.name << " at strain " << e;
          state = next;
        }
    }
}
