// The finite-element cylinder against independent references: the uniaxial elastic solution,
// the material-point driver on a homogeneous specimen, and its own refinements.
#include "continuum/material/free_volume_relaxation_law.h"
#include "continuum/material/point_case.h"
#include "continuum/solver/creep_case.h"
#include "continuum/solver/cylinder_3d.h"
#include "coupling/units.h"
#include "tests/docs_page.h"

#include <deal.II/numerics/vector_tools.h>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace bmgcreep;
using namespace bmgcreep::material;
using namespace bmgcreep::solver;

namespace
{
  const std::string source_dir = BMGCREEP_SOURCE_DIR;
  const std::string cylinder_deck = source_dir + "/cases/zhang2017/cylinder.prm";

  double relative(const double a, const double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

  /// A finite-element run against the material point's: every summary value to 1e-6 relative,
  /// the same number of hold steps.
  void expect_same_summary(const PointCaseResult &fe, const PointCaseResult &point)
  {
    ASSERT_EQ(fe.conditions.size(), point.conditions.size());
    for (std::size_t i = 0; i < fe.conditions.size(); ++i)
      {
        const ConditionResult &a = fe.conditions[i], &b = point.conditions[i];
        EXPECT_LT(relative(a.yield_stress, b.yield_stress), 1e-6) << i;
        EXPECT_LT(relative(a.density, b.density), 1e-6) << i;
        EXPECT_LT(relative(a.relaxation_enthalpy, b.relaxation_enthalpy), 1e-6) << i;
        if (i > 0)
          {
            EXPECT_LT(relative(a.creep_strain, b.creep_strain), 1e-6) << i;
            EXPECT_LT(relative(a.residual_strain, b.residual_strain), 1e-6) << i;
            EXPECT_LT(relative(a.density_change_percent, b.density_change_percent), 1e-6) << i;
            EXPECT_EQ(a.hold_steps, b.hold_steps) << i;
          }
      }
  }

  /// Law 2 with no thermal activation at all: linear elasticity, E = 95 GPa, nu = 0.36.
  FreeVolumeRelaxationLaw elastic_law()
  {
    CommonParameters c;
    c.elastic.youngs_modulus = 95e9;
    c.elastic.poisson_ratio = 0.36;
    c.initial_internal_variable = 0.03;
    FreeVolumeParameters fv;
    fv.attempt_frequency = 1e-30;
    fv.migration_energy = units::ev_to_j(10.0);
    fv.activation_volume = 600e-30;
    fv.critical_volume = 5e-30;
    AnnihilationParameters an;
    an.attempt_frequency = 1e-30;
    an.activation_energy = units::ev_to_j(10.0);
    return FreeVolumeRelaxationLaw(c, fv, an);
  }
} // namespace

TEST(AxisymmetricCylinder, ElasticCylinderBetweenFrictionlessPlatensIsUniaxial)
{
  // No thermal activation at all: linear elasticity. Uniform stress F/A, axial strain
  // sigma/E, radial strain -nu sigma/E, everywhere.
  const FreeVolumeRelaxationLaw law = elastic_law();
  for (const unsigned int degree : {1u, 2u})
    {
      CylinderParameters p;
      p.degree = degree;
      p.refinement = 1;
      auto model = std::make_shared<CylinderModel>(law, p);
      AxisymmetricCylinder cyl(model);
      const double sigma = -800e6, E = 95e9, nu = 0.36, R = 1.5e-3, H = 6e-3;
      ASSERT_TRUE(cyl.step_to_stress(sigma, 1.0)) << cyl.failure_reason();
      EXPECT_LT(relative(cyl.axial_stress(), sigma), 1e-10);
      EXPECT_LT(relative(cyl.platen_force(), sigma * M_PI * R * R), 1e-10);
      EXPECT_LT(relative(cyl.axial_strain(), sigma / E), 1e-9);
      for (const double r : {0.3 * R, R})
        for (const double z : {0.25 * H, 0.5 * H, H})
          {
            dealii::Vector<double> u(2);
            dealii::VectorTools::point_value(model->dof_handler, cyl.displacement(), dealii::Point<2>(r, z), u);
            EXPECT_NEAR(u(0), -nu * sigma / E * r, 1e-9 * std::abs(nu * sigma / E * R)) << r << " " << z;
            EXPECT_NEAR(u(1), sigma / E * z, 1e-9 * std::abs(sigma / E * H)) << r << " " << z;
          }
      // Strain control gives the same state back.
      AxisymmetricCylinder again(model);
      ASSERT_TRUE(again.step_to_strain(sigma / E, 1.0)) << again.failure_reason();
      EXPECT_LT(relative(again.axial_stress(), sigma), 1e-9);
    }
}

class HomogeneousCreep : public ::testing::TestWithParam<std::vector<std::string>>
{};

INSTANTIATE_TEST_SUITE_P(AxisymmetricCylinder, HomogeneousCreep,
                         ::testing::Values(std::vector<std::string>{},
                                           std::vector<std::string>{"Material/Anelasticity/Elements=2",
                                                                    "Material/Anelasticity/Compliance fraction=0.1"},
                                           // Law 4 with its hand values (holds-law4.prm): the vector state.
                                           std::vector<std::string>{
                                             "Material/Law=relaxation-rejuvenation",
                                             "Material/Relaxation rejuvenation/Enthalpy capacity=20",
                                             "Material/Relaxation rejuvenation/STZ energy=1.9",
                                             "Material/Relaxation rejuvenation/Back stress modulus=3",
                                             "Material/Relaxation rejuvenation/Storage fraction=1.49",
                                             "Material/Relaxation rejuvenation/Flow energy=7.03",
                                             "Material/Relaxation rejuvenation/Flow energy per enthalpy=0.09"}));

TEST_P(HomogeneousCreep, EqualsTheMaterialPoint)
{
  // Frictionless platens and a uniform initial state: every quadrature point follows the
  // material point, so the specimen values equal the point driver's on the same deck (with and
  // without anelastic elements).
  std::vector<std::string> settings = {"Cylinder/Platen friction=frictionless", "Cylinder/Refinement level=0",
                                       "Protocol/Hold fractions=0.5, 0.9"};
  settings.insert(settings.end(), GetParam().begin(), GetParam().end());
  const CreepCase c = read_creep_case(cylinder_deck, settings);
  const PointCaseResult fe = run_creep_case(c, nullptr);
  const PointCaseResult point = run_point_case(c.point, nullptr);
  expect_same_summary(fe, point);
}

TEST(AxisymmetricCylinder, ResidualStrainConvergesUnderRefinementWithBondedPlatens)
{
  // Bonded platens make the fields inhomogeneous; the specimen residual strain of a 1 h hold
  // at 70 % converges as the mesh is refined (observed order reported).
  std::vector<double> residual;
  for (const unsigned int level : {0u, 1u, 2u})
    {
      const CreepCase c = read_creep_case(cylinder_deck, {"Cylinder/Platen friction=bonded",
                                                           "Cylinder/Refinement level=" + std::to_string(level),
                                                           "Protocol/Hold fractions=0.7", "Comparison/Lab protocol mismatch=warn", "Protocol/Hold time=1"});
      const PointCaseResult r = run_creep_case(c, nullptr);
      residual.push_back(r.conditions.back().residual_strain);
    }
  const double d1 = std::abs(residual[1] - residual[0]), d2 = std::abs(residual[2] - residual[1]);
  const double order = std::log2(d1 / d2);
  std::cout << "residual strain at levels 0, 1, 2: " << residual[0] << ", " << residual[1] << ", " << residual[2]
            << "; observed order " << order << '\n';
  EXPECT_LT(d2, d1);
  EXPECT_GT(order, 0.5);
  EXPECT_LT(d2, 1e-2 * std::abs(residual[2]));
}

TEST(Cylinder3D, AgreesWithTheAxisymmetricModelOnTheDefaultCase)
{
  // The default deck (frictionless platens, uniform state), a 1 h hold at 70 %: the 3D and the
  // axisymmetric models give the same specimen values (the issue asks for 0.5 % in residual
  // strain; both follow the material point, so they agree far closer).
  const std::vector<std::string> common = {"Protocol/Hold fractions=0.7", "Comparison/Lab protocol mismatch=warn", "Protocol/Hold time=1",
                                           "Cylinder/Refinement level=0"};
  std::vector<std::string> three_d = common;
  three_d.push_back("Cylinder/Model=3d");
  const PointCaseResult axi = run_creep_case(read_creep_case(cylinder_deck, common), nullptr);
  const PointCaseResult cube = run_creep_case(read_creep_case(cylinder_deck, three_d), nullptr);
  const double a = axi.conditions.back().residual_strain, b = cube.conditions.back().residual_strain;
  EXPECT_GT(a, 0.0);
  EXPECT_NEAR(b, a, 5e-3 * a);
  EXPECT_NEAR(b, a, 1e-6 * a);
  EXPECT_NEAR(cube.conditions.back().yield_stress, axi.conditions.back().yield_stress,
              1e-6 * axi.conditions.back().yield_stress);
}

TEST(RandomField, HasZeroMeanUnitVarianceAndGaussianCovariance)
{
  // One realisation sampled over a domain of 100 x 100 correlation lengths: the spatial averages
  // estimate mean 0, variance 1 and the covariance exp(-d^2/2) at lags d = 0.5, 1, 2 (l = 1).
  const RandomField g(1.0, 256, 7);
  const double lags[] = {0.5, 1.0, 2.0};
  double sum = 0.0, sum2 = 0.0, cov[3] = {0, 0, 0};
  unsigned int n = 0;
  for (double x = 0.0; x < 100.0; x += 0.5)
    for (double y = 0.0; y < 100.0; y += 0.5)
      {
        const double v = g(dealii::Point<3>(x, y, 0.0));
        sum += v;
        sum2 += v * v;
        for (unsigned int i = 0; i < 3; ++i)
          cov[i] += v * g(dealii::Point<3>(x + lags[i], y, 0.0));
        ++n;
      }
  EXPECT_NEAR(sum / n, 0.0, 0.05);
  EXPECT_NEAR(sum2 / n, 1.0, 0.15);
  for (unsigned int i = 0; i < 3; ++i)
    EXPECT_NEAR(cov[i] / n, std::exp(-0.5 * lags[i] * lags[i]), 0.1) << "lag " << lags[i];
  // Seeded: the same seed gives the same field, another seed another one.
  EXPECT_EQ(RandomField(1.0, 256, 7)(dealii::Point<3>(3.3, 4.4, 0.5)), g(dealii::Point<3>(3.3, 4.4, 0.5)));
  EXPECT_NE(RandomField(1.0, 256, 8)(dealii::Point<3>(3.3, 4.4, 0.5)), g(dealii::Point<3>(3.3, 4.4, 0.5)));
}

TEST(AxisymmetricCylinder, RandomInitialStateHasTheRequestedMeanAndSpread)
{
  const CreepCase c = read_creep_case(cylinder_deck, {"Cylinder/Refinement level=4", "Cylinder/Initial state/Spread=0.3",
                                                       "Cylinder/Initial state/Correlation length=0.1"});
  auto model = std::make_shared<CylinderModel>(*c.point.law, c.cylinder);
  const AxisymmetricCylinder cyl(model);
  const double x0 = c.point.law->initial_state().values[0];
  double mean_log = 0.0, var_log = 0.0;
  for (const MaterialState &s : cyl.states())
    mean_log += std::log(s.values[0] / x0);
  mean_log /= cyl.states().size();
  for (const MaterialState &s : cyl.states())
    var_log += std::pow(std::log(s.values[0] / x0) - mean_log, 2);
  var_log /= cyl.states().size();
  // ln(x0/mean) = s g - s^2/2: mean -0.045, standard deviation 0.3 (sampling error of a
  // 1.5 x 6 mm section with l = 0.1 mm: a few per cent of s). Without the -s^2/2 the mean of
  // x0 would be 4.6 % high. The volume average weighs the outer rings more (2 pi r), so its
  // sampling error is larger than that of the point average: 2.5 %.
  EXPECT_NEAR(mean_log, -0.045, 0.015);
  EXPECT_NEAR(std::sqrt(var_log), 0.3, 0.03);
  EXPECT_NEAR(cyl.internal_variable(), x0, 0.025 * x0);
}

TEST(Cylinder3D, ElasticCylinderBetweenFrictionlessPlatensIsUniaxial)
{
  const FreeVolumeRelaxationLaw law = elastic_law();
  CylinderParameters p;
  p.model = "3d";
  p.refinement = 0;
  auto model = std::make_shared<Cylinder3DModel>(law, p, MPI_COMM_WORLD);
  Cylinder3D cyl(model);
  const double sigma = -800e6, E = 95e9;
  ASSERT_TRUE(cyl.step_to_stress(sigma, 1.0)) << cyl.failure_reason();
  EXPECT_LT(relative(cyl.axial_stress(), sigma), 1e-8);
  EXPECT_LT(relative(cyl.axial_strain(), sigma / E), 1e-6);
  Cylinder3D again(model);
  ASSERT_TRUE(again.step_to_strain(sigma / E, 1.0)) << again.failure_reason();
  EXPECT_LT(relative(again.axial_stress(), sigma), 1e-6);
}

TEST(GeometryTable, EveryGeometryCreepsHomogeneouslyLikeTheMaterialPoint)
{
  // Every row of the geometry table (the 3D model with its symmetry planes x = 0, y = 0) with
  // frictionless platens and a uniform state deforms homogeneously: its summary equals the
  // material point's (a 1 h hold at 70 %), and docs/continuum-solver.md has its section. A
  // geometry added to the table is checked here without a test of its own
  // (docs/architecture.md, "add a geometry").
  const std::string docs = bmgcreep::testing::docs_page("continuum-solver.md");
  ASSERT_FALSE(docs.empty()) << "docs/continuum-solver.md";
  ASSERT_GE(geometry_table().size(), 2u);
  for (const Geometry &g : geometry_table())
    {
      SCOPED_TRACE(g.name);
      EXPECT_NE(docs.find("`Cylinder/Model = " + g.name + "`"), std::string::npos)
        << "docs/continuum-solver.md has no section naming `Cylinder/Model = " << g.name << "`";
      const CreepCase c = read_creep_case(cylinder_deck, {"Cylinder/Model=" + g.name, "Cylinder/Refinement level=0",
                                                           "Protocol/Hold fractions=0.7", "Comparison/Lab protocol mismatch=warn", "Protocol/Hold time=1"});
      const PointCaseResult fe = run_creep_case(c, nullptr);
      const PointCaseResult point = run_point_case(c.point, nullptr);
      expect_same_summary(fe, point);
    }
}

TEST(FictiveTemperatureLaw, HomogeneousCylinderIsTheMaterialPoint)
{
  // Law 5 as calibrated on the axisymmetric cylinder with frictionless platens: a uniform state
  // deforms homogeneously, so the finite-element summary equals the material point's (1 h holds
  // at 0.7 and 0.9 of yield: the activity switched off and on), value by value and step by step.
  const CreepCase c = read_creep_case(source_dir + "/cases/zhang2017/cylinder-law5.prm",
                                      {"Cylinder/Platen friction=frictionless", "Cylinder/Refinement level=0",
                                       "Protocol/Hold fractions=0.7, 0.9", "Comparison/Lab protocol mismatch=warn", "Protocol/Hold time=1"});
  ASSERT_EQ(c.point.law->name(), "fictive-temperature");
  const PointCaseResult fe = run_creep_case(c, nullptr);
  const PointCaseResult point = run_point_case(c.point, nullptr);
  expect_same_summary(fe, point);
}
