// Structure analysis through LAMMPS against known structures: W6-hat of fcc, hcp and the
// centre of an ideal icosahedron (tabulated, Steinhardt et al. 1983), first-shell coordination
// of fcc and bcc, partial coordination of B2, Voronoi volumes that tile the box, the automatic
// cutoff between the first two shells, and a data file read back.
#include "atomistic/analyze.h"
#include "atomistic/campaign_columns.h"
#include "atomistic/data_file.h"
#include "atomistic/glass_transition.h"
#include "atomistic/inherent_structure.h"
#include "atomistic/lammps_session.h"
#include "atomistic/md_campaign.h"
#include "atomistic/md_stages.h"
#include "atomistic/potential_file.h"
#include "atomistic/structure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

using namespace bmgcreep::atomistic;

namespace
{
  /// A perfect crystal of n^3 unit cells with lattice constant a (A), all atoms type 1 unless
  /// `basis_types` assigns the basis atoms.
  void crystal(LammpsSession &lmp, const std::string &lattice, const double a, const int n, const int types = 1,
               const std::string &basis = "", const std::string &create = "create_atoms 1 box")
  {
    lmp.commands({"units metal", "atom_style atomic", "atom_modify map array", "boundary p p p",
                  "lattice " + lattice + " " + std::to_string(a) + basis,
                  "region box block 0 " + std::to_string(n) + " 0 " + std::to_string(n) + " 0 " + std::to_string(n),
                  "create_box " + std::to_string(types) + " box", create, "mass * 1.0", "pair_style zero 9.0",
                  "pair_coeff * *"});
  }

  double sum(const std::vector<double> &v) { return std::accumulate(v.begin(), v.end(), 0.0); }

  /// A fresh scratch folder `name` in the system's temporary directory.
  std::string scratch(const std::string &name)
  {
    const std::string dir = (std::filesystem::temp_directory_path() / name).string();
    std::filesystem::create_directories(dir);
    return dir;
  }

  /// An fcc Cu crystal of nx x ny x nz cells, lattice constant a (A), with the campaign's
  /// potential (`p`) and a 1 fs time step.
  void copper_crystal(LammpsSession &lmp, const MdParameters &p, const double a, const int nx, const int ny, const int nz)
  {
    lmp.commands({"units metal", "atom_style atomic", "atom_modify map array", "boundary p p p",
                  "lattice fcc " + std::to_string(a),
                  "region box block 0 " + std::to_string(nx) + " 0 " + std::to_string(ny) + " 0 " + std::to_string(nz),
                  "create_box 1 box", "create_atoms 1 box", "mass 1 63.546"});
    lmp.commands(potential_commands(p));
    lmp.commands({"timestep 0.001"});
  }

  /// Campaign parameters for a pure-Cu crystal at 300 K (Mendelev's potential has Cu).
  MdParameters copper_at_300_K()
  {
    MdParameters p;
    p.species = {"Cu"};
    p.final_temperature = 300.0;
    return p;
  }
} // namespace

TEST(Structure, FccW6HatCoordinationAndVoronoi)
{
  LammpsSession lmp(MPI_COMM_WORLD);
  const double a = 4.0;
  crystal(lmp, "fcc", a, 4);
  const StructureResult r = analyze_structure(lmp, {"Cu"}, 0.5 * (a / std::sqrt(2.0) + a));
  ASSERT_EQ(r.id.size(), 256u);
  EXPECT_NEAR(r.groups[0].w6hat, -0.013161, 1e-4);
  for (std::size_t i = 0; i < r.id.size(); ++i)
    {
      EXPECT_EQ(r.cn[i], 12.0);
      EXPECT_NEAR(r.voronoi_volume[i], a * a * a / 4.0, 1e-8 * a * a * a);
    }
  EXPECT_NEAR(sum(r.voronoi_volume), r.box_volume, 1e-8 * r.box_volume);
}

TEST(Structure, HcpW6Hat)
{
  LammpsSession lmp(MPI_COMM_WORLD);
  const double a = 3.0; // LAMMPS's hcp lattice has the ideal c/a = sqrt(8/3)
  crystal(lmp, "hcp", a, 4);
  const StructureResult r = analyze_structure(lmp, {"Zr"}, 0.5 * (a + std::sqrt(2.0) * a));
  EXPECT_NEAR(r.groups[0].w6hat, -0.012442, 1e-4);
  EXPECT_NEAR(r.groups[0].cn, 12.0, 1e-12);
  EXPECT_NEAR(sum(r.voronoi_volume), r.box_volume, 1e-8 * r.box_volume);
  EXPECT_NEAR(r.voronoi_volume[0], r.box_volume / r.id.size(), 1e-8 * r.box_volume / r.id.size());
}

TEST(Structure, BccAndB2Coordination)
{
  const double a = 3.0; // first shell a sqrt(3)/2 = 2.60, second a = 3.0
  {
    LammpsSession lmp(MPI_COMM_WORLD);
    crystal(lmp, "bcc", a, 4);
    const StructureResult r = analyze_structure(lmp, {"Fe"}, 2.8);
    EXPECT_NEAR(r.groups[0].cn, 8.0, 1e-12);
  }
  // B2 (CsCl): each atom's eight nearest neighbours are of the other species.
  LammpsSession lmp(MPI_COMM_WORLD);
  crystal(lmp, "custom", a, 4, 2, " a1 1 0 0 a2 0 1 0 a3 0 0 1 basis 0 0 0 basis 0.5 0.5 0.5",
          "create_atoms 1 box basis 1 1 basis 2 2");
  const StructureResult r = analyze_structure(lmp, {"Cu", "Zr"}, 2.8);
  ASSERT_EQ(r.groups.size(), 3u);
  EXPECT_EQ(r.groups[1].group, "Cu");
  EXPECT_EQ(r.groups[1].atoms, 64);
  EXPECT_NEAR(r.groups[1].partial_cn[0], 0.0, 1e-12); // Cu around Cu
  EXPECT_NEAR(r.groups[1].partial_cn[1], 8.0, 1e-12); // Zr around Cu
  EXPECT_NEAR(r.groups[2].partial_cn[0], 8.0, 1e-12);
  EXPECT_NEAR(r.groups[2].partial_cn[1], 0.0, 1e-12);
}

TEST(Structure, IcosahedronCentreW6Hat)
{
  LammpsSession lmp(MPI_COMM_WORLD);
  lmp.commands({"units metal", "atom_style atomic", "atom_modify map array", "boundary f f f",
                "region box block 0 20 0 20 0 20", "create_box 1 box", "mass * 1.0", "pair_style zero 6.0",
                "pair_coeff * *", "create_atoms 1 single 10 10 10 units box"});
  // The 12 vertices (0, +-1, +-phi) and their cyclic permutations, at radius R from the centre.
  const double phi = 0.5 * (1.0 + std::sqrt(5.0)), R = 2.8, s = R / std::sqrt(1.0 + phi * phi);
  for (const double u : {-1.0, 1.0})
    for (const double v : {-phi, phi})
      for (int c = 0; c < 3; ++c)
        {
          double p[3] = {0.0, u, v};
          const double q[3] = {p[(3 - c) % 3], p[(4 - c) % 3], p[(5 - c) % 3]};
          lmp.command("create_atoms 1 single " + std::to_string(10 + s * q[0]) + " " + std::to_string(10 + s * q[1]) +
                      " " + std::to_string(10 + s * q[2]) + " units box");
        }
  ASSERT_EQ(lmp.atom_count(), 13);
  // Vertices are 1.05 R apart: a cutoff of 1.02 R gives the centre its 12 neighbours only.
  const StructureResult r = analyze_structure(lmp, {"Cu"}, 1.02 * R);
  EXPECT_EQ(r.cn[0], 12.0);
  EXPECT_NEAR(r.w6hat[0], -0.169754, 1e-4);
}

TEST(Structure, AutomaticCutoffLiesBetweenTheFirstTwoShells)
{
  LammpsSession lmp(MPI_COMM_WORLD);
  const double a = 4.0;
  crystal(lmp, "fcc", a, 5);
  const double rc = first_minimum_of_rdf(lmp, 8.0);
  EXPECT_GT(rc, a / std::sqrt(2.0) + 0.1);
  EXPECT_LT(rc, a - 0.1);
}

TEST(Structure, DataFileRoundTripAndBadFiles)
{
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "bmgcreep-test-atomistic";
  std::filesystem::create_directories(dir);
  const std::string data = (dir / "fcc.data").string();
  {
    LammpsSession lmp(MPI_COMM_WORLD);
    crystal(lmp, "fcc", 4.0, 4, 2);
    lmp.command("set atom 1*128 type 2"); // half of the atoms Cu, by atom ID
    lmp.command("write_data " + data);
  }
  const StructureResult r = analyze_data_file(MPI_COMM_WORLD, data, {"Zr", "Cu"}, 3.4);
  EXPECT_EQ(r.groups[0].atoms, 256);
  EXPECT_EQ(r.groups[1].atoms, 128);
  EXPECT_NEAR(r.groups[0].w6hat, -0.013161, 1e-4);
  EXPECT_NEAR(r.groups[0].cn, 12.0, 1e-12);
  EXPECT_NEAR(r.groups[0].partial_cn[0] + r.groups[0].partial_cn[1], 12.0, 1e-12);
  EXPECT_NEAR(sum(r.voronoi_volume), r.box_volume, 1e-8 * r.box_volume);
  // The automatic cutoff finds the gap between the shells of this crystal too.
  EXPECT_NEAR(analyze_data_file(MPI_COMM_WORLD, data, {"Zr", "Cu"}, 0.0).groups[0].cn, 12.0, 1e-12);

  // Wrong species count, a cutoff beyond half the box, missing and malformed files: one
  // message naming the file, never a LAMMPS abort.
  EXPECT_THROW(analyze_data_file(MPI_COMM_WORLD, data, {"Zr"}, 3.4), std::invalid_argument);
  EXPECT_THROW(analyze_data_file(MPI_COMM_WORLD, data, {"Zr", "Cu"}, 9.0), std::invalid_argument);
  EXPECT_THROW(read_data_file_header((dir / "missing.data").string()), std::invalid_argument);
  const std::string bad = (dir / "bad.data").string();
  std::ofstream(bad) << "title\n\n3 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # atomic\n\n1 1 0 0 0\n2 1 1 1 1\n";
  try
    {
      read_data_file_header(bad);
      FAIL() << "accepted a data file with fewer atoms than announced";
    }
  catch (const std::invalid_argument &e)
    {
      EXPECT_NE(std::string(e.what()).find("2 atom lines, the header announces 3"), std::string::npos) << e.what();
    }
  std::ofstream(bad) << "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # charge\n\n1 1 0.0 0 0 0\n";
  EXPECT_THROW(read_data_file_header(bad), std::invalid_argument);
  std::ofstream(bad) << "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # atomic\n\n1 3 0 0 0\n";
  EXPECT_THROW(read_data_file_header(bad), std::invalid_argument);
  // A non-orthogonal (triclinic) box is refused before the Voronoi analysis sees it.
  std::ofstream(bad) << "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n1.5 0 0 xy xz yz\n\nAtoms # atomic\n\n1 1 0 0 0\n";
  try
    {
      read_data_file_header(bad);
      FAIL() << "accepted a triclinic box";
    }
  catch (const std::invalid_argument &e)
    {
      EXPECT_NE(std::string(e.what()).find("triclinic box"), std::string::npos) << e.what();
    }
  EXPECT_THROW(parse_species("Cu,,Zr"), std::invalid_argument);
  EXPECT_THROW(parse_species("Cu,Cu"), std::invalid_argument);
  EXPECT_EQ(parse_species("Cu, Zr").size(), 2u);
}

TEST(GlassTransition, TwoLineFitRecoversTheCrossing)
{
  // Volume per atom of a model cooling curve: glass slope 5e-4, liquid slope 1.5e-3 A^3/K,
  // crossing at 800 K, with a deterministic +-0.002 A^3 wiggle; points every 25 K.
  std::vector<double> T, V;
  for (double t = 300.0; t <= 2000.0; t += 25.0)
    {
      const double base = t < 800.0 ? 19.0 + 5e-4 * (t - 800.0) : 19.0 + 1.5e-3 * (t - 800.0);
      T.push_back(t);
      V.push_back(base + 0.002 * std::sin(0.7 * t));
    }
  const TwoLineFit f = fit_two_lines(T, V);
  EXPECT_TRUE(f.found);
  EXPECT_NEAR(f.tg, 800.0, 10.0);
  EXPECT_NEAR(f.low_slope, 5e-4, 5e-5);
  EXPECT_NEAR(f.high_slope, 1.5e-3, 5e-5);
  // A straight line has no transition: the fit says so.
  std::vector<double> line;
  for (const double t : T)
    line.push_back(19.0 + 1e-3 * t + 0.002 * std::sin(0.7 * t));
  EXPECT_FALSE(fit_two_lines(T, line, 8).found);
  EXPECT_THROW(fit_two_lines({1, 2, 3}, {1, 2, 3}), std::invalid_argument);
}

TEST(GlassTransition, YieldOfABilinearCurve)
{
  // E = 80 GPa to 1.6 GPa, then hardening H = 8 GPa: the 0.2 % offset yield is
  // 1.6 + H 0.002 / (1 - H/E) = 1.617778 GPa; the peak is the last point.
  std::vector<double> e, s;
  for (double x = 0.0; x <= 0.06 + 1e-12; x += 0.001)
    {
      e.push_back(x);
      s.push_back(x <= 0.02 ? 80.0 * x : 1.6 + 8.0 * (x - 0.02));
    }
  const YieldPoint y = read_yield(e, s, 0.002, 0.01);
  EXPECT_NEAR(y.modulus, 80.0, 1e-9);
  EXPECT_NEAR(y.offset_yield, 1.6 + 8.0 * 0.002 / 0.9, 1e-9);
  EXPECT_NEAR(y.peak, 1.6 + 8.0 * 0.04, 1e-9);
  EXPECT_NEAR(y.peak_strain, 0.06, 1e-9);
  EXPECT_TRUE(y.peak_at_end);
  EXPECT_THROW(read_yield({0, 0.1, 0.2, 0.3}, {0, 1, 2, 3}, 0.002, 0.01), std::invalid_argument);
}

// Noise inside the modulus-fit window (a first point 0.2 GPa below the line, as a thousand-atom
// test starts) must not count as the 0.2 % offset: the crossing is the one beyond the window.
// E = 60 GPa to 1.8 GPa, then softening -20 GPa: offset yield 1.8 - 20 0.002 / (1 + 20/60) = 1.77,
// a peak of 1.8 at 0.03 before the last point.
TEST(GlassTransition, OffsetYieldIgnoresNoiseInTheFitWindow)
{
  std::vector<double> e, s;
  for (int i = 0; i <= 60; ++i)
    {
      const double x = 0.001 * i;
      e.push_back(x);
      s.push_back(x <= 0.03 ? 60.0 * x : 1.8 - 20.0 * (x - 0.03));
    }
  s[1] -= 0.2;
  s[2] += 0.2;
  const YieldPoint y = read_yield(e, s, 0.002, 0.01);
  // the fit through 11 points with +-0.2 at two of them: slope and intercept move a little, so
  // the crossing moves by less than 0.02 GPa; the old first-crossing rule gave about 0.
  EXPECT_NEAR(y.offset_yield, 1.8 - 20.0 * 0.002 / (1.0 + 20.0 / 60.0), 0.02);
  EXPECT_NEAR(y.peak, 1.8, 1e-12);
  EXPECT_NEAR(y.peak_strain, 0.03, 1e-12);
  EXPECT_FALSE(y.peak_at_end);
}

// The campaign's hold stage on a small Cu crystal (Mendelev's CuZr potential): a target of 1 GPa
// reads back as 1 GPa of compressive stress from LAMMPS's pressure tensor (thermo pyy) once the
// barostat has settled, shortens the box along the load axis y by the strain a cubic metal's
// <100> modulus explains, and the crystal (elastic) recovers its length on unloading.
TEST(MdStages, OneGpaHoldIsOneGpaOfCompressionAlongY)
{
  const std::string dir = scratch("bmgcreep-test-hold");
  MdParameters p = copper_at_300_K();
  p.relax_time = 2.0;
  p.hold_record_time = 0.25;
  LammpsSession lmp(MPI_COMM_WORLD);
  copper_crystal(lmp, p, 3.615, 3, 6, 3);
  lmp.commands({"velocity all create 600 5 mom yes rot yes dist gaussian"});
  lmp.commands(reference_commands(p, dir + "/reference.dat"));
  const auto reference = read_ave_time_table(dir + "/reference.dat", 5);
  std::vector<double> ly;
  for (const auto &r : reference)
    ly.push_back(r[1]);
  const double ly0 = second_half_mean(ly);

  const HoldSchedule s{1.0, 4.0, 1.0, 2.0};
  lmp.commands(hold_commands(p, 1.0, s, dir + "/hold.dat"));
  const HoldCurve c = hold_curve(read_ave_time_table(dir + "/hold.dat", 5), ly0);
  // The settled second half of the hold.
  std::vector<double> stress, strain;
  for (std::size_t i = 0; i < c.time.size(); ++i)
    if (c.time[i] > s.load + 0.5 * s.hold && c.time[i] < s.load + s.hold)
      {
        stress.push_back(c.stress[i]);
        strain.push_back(c.strain[i]);
      }
  ASSERT_GE(stress.size(), 6u);
  const double mean_stress = sum(stress) / stress.size(), mean_strain = sum(strain) / strain.size();
  EXPECT_NEAR(mean_stress, 1.0, 0.05);
  // Compressive strain (shorter along y) of 1 GPa / E<100>, E<100> of Cu 50-110 GPa.
  EXPECT_GT(mean_strain, 1.0 / 110.0);
  EXPECT_LT(mean_strain, 1.0 / 50.0);
  const HoldOutcome o = hold_outcome(c, s);
  EXPECT_LT(std::abs(o.residual_strain), 0.1 * mean_strain); // elastic: the length comes back
  std::filesystem::remove_all(dir);
}

// Issue 16: a hold keeps its stress while the glass flows. A 1,000-atom Zr60Cu40 supercooled
// liquid at 1,000 K (above Tg, so it creeps steadily) held at 2 GPa along y: the stress held,
// time-averaged over the hold, is within 2 % of the target while the sample creeps several
// percent. (Without `nreset 1` on the barostat the held stress drifts as the box changes shape:
// md-small's 0.9 hold held 1.80 of 2.15 GPa after 18 % creep; with it but a 1 ps barostat
// damping this test held 1.79 GPa: the short Holds/Barostat damping, 0.2 ps, follows the flow.)
TEST(MdStages, FlowingHoldKeepsItsStress)
{
  const std::string dir = scratch("bmgcreep-test-flowing-hold");
  MdParameters p;
  p.species = {"Zr", "Cu"};
  p.fractions = {0.6, 0.4};
  p.atoms = 1000;
  p.volume_per_atom = 20.0;
  p.melt_temperature = 2000.0;
  p.melt_time = 3.0;
  p.quench_rate = 200.0;
  p.record_interval = 250.0;
  p.final_temperature = 1000.0;
  p.relax_time = 2.0;
  p.hold_record_time = 0.5;
  LammpsSession lmp(MPI_COMM_WORLD);
  lmp.commands(build_commands(p, 3, element_masses(p.potential, p.species)));
  lmp.commands(melt_commands(p));
  lmp.commands(quench_commands(p, dir + "/quench.dat"));
  lmp.commands(reference_commands(p, dir + "/reference.dat"));
  std::vector<double> ly;
  for (const auto &r : read_ave_time_table(dir + "/reference.dat", 5))
    ly.push_back(r[1]);
  const double target = 2.0;
  const HoldSchedule s{1.0, 15.0, 1.0, 1.0};
  // A new stage from the reference's restart, as the campaign runs it (times count from its start).
  lmp.command("write_restart " + dir + "/reference.restart");
  lmp.commands(stage_prelude(p, dir + "/reference.restart"));
  lmp.commands(hold_commands(p, target, s, dir + "/hold.dat"));
  const HoldOutcome o = hold_outcome(hold_curve(read_ave_time_table(dir + "/hold.dat", 5), second_half_mean(ly)), s);
  EXPECT_GT(o.creep_strain, 0.03) << "the liquid should flow under 2 GPa";
  EXPECT_NEAR(o.stress_mean, target, 0.02 * target) << "held " << o.stress_mean << " GPa, creep " << o.creep_strain;
  std::filesystem::remove_all(dir);
}

// Inherent structures: minimising a thermally perturbed fcc Cu crystal at fixed box lowers the
// energy back to the perfect crystal's (its energy measured before the perturbation, a second
// method) and restores its structure values (fcc W6-hat -0.013161, CN 12 for every atom), in
// every snapshot; the snapshots are taken along a trajectory that continues from the thermal
// configuration (a later snapshot's thermal energy is that of a hot crystal, not of the
// minimised one).
TEST(InherentStructure, MinimisationRestoresAPerfectCrystal)
{
  const std::string dir = scratch("bmgcreep-test-inherent");
  MdParameters p = copper_at_300_K();
  p.inherent_snapshots = 3;
  p.snapshot_spacing = 0.2;
  LammpsSession lmp(MPI_COMM_WORLD);
  const double a = 3.64;
  copper_crystal(lmp, p, a, 4, 4, 4);
  lmp.commands({"run 0"});
  const double perfect = lmp.thermo("pe") / lmp.atom_count();
  lmp.commands({"displace_atoms all random 0.08 0.08 0.08 17", "velocity all create 600 5 mom yes rot yes dist gaussian"});
  const Minimisation m = minimise_at_fixed_box(lmp);
  EXPECT_GT(m.before, perfect + 1e-3); // the perturbation costs energy
  EXPECT_NEAR(m.after, perfect, 1e-6);
  lmp.commands({"displace_atoms all random 0.08 0.08 0.08 18"});
  const auto snapshots = sample_inherent_structures(lmp, p, 0.5 * (a / std::sqrt(2.0) + a), dir + "/scratch.restart");
  ASSERT_EQ(snapshots.size(), 3u);
  // The first snapshot is taken at once, in the original box: the perfect crystal's energy.
  // Later ones follow zero-stress NPT at 300 K, which expands the box by ~0.1 %: a perfect
  // crystal of that box, whose energy differs by the (small) elastic energy of that strain.
  EXPECT_NEAR(snapshots[0].inherent_pe, perfect, 1e-6);
  EXPECT_NEAR(snapshots[0].groups[0].voronoi_volume, a * a * a / 4.0, 1e-6);
  for (const auto &s : snapshots)
    {
      EXPECT_GT(s.thermal_pe, s.inherent_pe + 1e-3);
      EXPECT_NEAR(s.inherent_pe, perfect, 2e-4);
      EXPECT_NEAR(s.groups[0].w6hat, -0.013161, 1e-4);
      EXPECT_NEAR(s.groups[0].cn, 12.0, 1e-12);
    }
  // The last snapshot's Voronoi cells tile its box.
  EXPECT_NEAR(snapshots[2].groups[0].voronoi_volume, lmp.box_volume() / lmp.atom_count(), 1e-6);
  EXPECT_NEAR(snapshots[2].time_ps, 0.4, 1e-12);
  EXPECT_FALSE(std::filesystem::exists(dir + "/scratch.restart"));
  const StructureResult mean = mean_structure(snapshots, p.species, 3.0);
  EXPECT_NEAR(mean.groups[0].cn, 12.0, 1e-12);
  EXPECT_NEAR(read_mean_inherent_energy(inherent_csv(snapshots), "x.csv"), mean_inherent_energy(snapshots), 1e-9);
  EXPECT_THROW(read_mean_inherent_energy("snapshot,time_ps\n", "x.csv"), std::runtime_error);
  std::filesystem::remove_all(dir);
}

// Tg of a synthetic cooling curve: two straight lines meeting at 800 K (a liquid slope three
// times the glass's, as volume and enthalpy of a Zr-Cu glass are), sampled every 25 K from
// 2,000 to 355 K as a quench records them: the two-line fit recovers the kink within 1 K for
// volume and enthalpy alike, also with small noise, so the fit itself cannot explain two
// curves of one quench disagreeing by 300 K (docs/atomistic.md, "Glass transition").
TEST(GlassTransition, TwoLineFitRecoversTgOfSyntheticVolumeAndEnthalpy)
{
  const double tg = 800.0;
  for (const auto &[glass_slope, liquid_slope, at_tg] : {std::array<double, 3>{4.0e-4, 1.2e-3, 19.6},  // A^3 per atom per K
                                                         std::array<double, 3>{2.6e-4, 8.0e-4, -5.9}}) // eV per atom per K
    for (const double noise : {0.0, 0.002})
      {
        std::vector<double> T, y;
        unsigned int k = 0;
        for (double t = 2000.0; t >= 355.0; t -= 25.0, ++k)
          {
            T.push_back(t);
            const double wiggle = noise * std::abs(at_tg) * 0.01 * ((k * 7919) % 13 - 6.0) / 6.0; // deterministic, +-noise %
            y.push_back(at_tg + (t > tg ? liquid_slope : glass_slope) * (t - tg) + wiggle);
          }
        const TwoLineFit f = fit_two_lines(T, y, static_cast<unsigned int>(T.size() / 4));
        ASSERT_TRUE(f.found);
        EXPECT_NEAR(f.tg, tg, 1.0) << "slopes " << glass_slope << ", " << liquid_slope << ", noise " << noise;
      }
}

// The campaign tables' columns are the ones docs/atomistic.md lists (name, unit, meaning), in
// the same order, with <g> and <s> expanded for a Zr-Cu campaign.
TEST(Atomistic, CampaignColumnsAreTheDocumentedOnes)
{
  std::ifstream in(std::string(BMGCREEP_SOURCE_DIR) + "/docs/atomistic.md");
  ASSERT_TRUE(in) << "docs/atomistic.md";
  std::vector<std::array<std::string, 3>> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);)
    {
      if (line.find("campaign-columns: begin") != std::string::npos)
        inside = true;
      else if (line.find("campaign-columns: end") != std::string::npos)
        inside = false;
      else if (inside && line.rfind("| `", 0) == 0)
        {
          std::array<std::string, 3> cells;
          std::istringstream s(line.substr(1));
          for (auto &c : cells)
            {
              std::getline(s, c, '|');
              c.erase(0, c.find_first_not_of(' '));
              c.erase(c.find_last_not_of(' ') + 1);
            }
          cells[0] = cells[0].substr(1, cells[0].size() - 2); // the backquotes
          rows.push_back(cells);
        }
    }
  const std::vector<std::string> species = {"Zr", "Cu"}, groups = {"all", "Zr", "Cu"};
  const auto replace = [](std::string text, const std::string &what, const std::string &with) {
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
      text.replace(at, what.size(), with);
    return text;
  };
  std::vector<std::array<std::string, 3>> expected;
  for (const auto &r : rows)
    if (r[0].find("<g>") == std::string::npos)
      expected.push_back(r);
  for (const auto &g : groups)
    for (const auto &r : rows)
      if (r[0].find("<g>") != std::string::npos)
        {
          const std::vector<std::string> each = r[0].find("<s>") == std::string::npos ? std::vector<std::string>{""} : species;
          for (const auto &sp : each)
            expected.push_back({replace(replace(r[0], "<g>", g), "<s>", sp), r[1], replace(replace(r[2], "<g>", g), "<s>", sp)});
        }
  const auto columns = bmgcreep::atomistic::campaign_columns(species);
  ASSERT_EQ(columns.size(), expected.size());
  for (std::size_t i = 0; i < columns.size(); ++i)
    {
      EXPECT_EQ(columns[i].name, expected[i][0]);
      EXPECT_EQ(columns[i].unit, expected[i][1]) << columns[i].name;
      EXPECT_EQ(columns[i].meaning, expected[i][2]) << columns[i].name;
    }
}

// The columns' values against a hand computation for one sample with one hold.
TEST(Atomistic, CampaignColumnValuesByHand)
{
  using namespace bmgcreep::atomistic;
  SampleResult s;
  s.reference_volume = 20.0;
  s.reference_enthalpy = -5.0;
  s.yield.peak = 2.0;
  s.yield.modulus = 80.0;
  s.structure = {{"all", 10, -0.02, 12.0, {7.0, 5.0}, 20.0}, {"Zr", 6, -0.01, 13.0, {8.0, 5.0}, 22.0},
                 {"Cu", 4, -0.03, 11.0, {6.0, 5.0}, 17.0}};
  HoldResult h;
  h.stress_gpa = 1.6;
  h.fraction = 0.8;
  h.outcome.volume_per_atom = 19.9;
  h.outcome.enthalpy_per_atom = -4.99;
  h.yield.peak = 2.1;
  h.structure = s.structure;
  h.structure[2].partial_cn[0] = 6.5;
  s.holds.push_back(h);
  const double M = 70.0; // g/mol
  const auto columns = campaign_columns({"Zr", "Cu"});
  const auto value = [&](const std::string &name, const HoldResult *hold) {
    for (const auto &c : columns)
      if (c.name == name)
        return c.value(CampaignCondition{s, hold, M});
    ADD_FAILURE() << "no column " << name;
    return 0.0;
  };
  // 0.01 eV/atom x 96485.33 J/mol per eV / 70 g/mol = 13.7836 J/g
  EXPECT_NEAR(value("enthalpy_change_J_per_g", &s.holds[0]), 0.01 * 96485.33212 / 70.0, 1e-6);
  EXPECT_EQ(value("enthalpy_change_J_per_g", nullptr), 0.0);
  // density = M / (N_A V): the change is V0 / V - 1 = 20 / 19.9 - 1
  EXPECT_NEAR(value("density_change_percent", &s.holds[0]), 100.0 * (20.0 / 19.9 - 1.0), 1e-9);
  // 70 g/mol / (6.02214076e23 x 20e-24 cm^3) = 5.8119 g/cm^3
  EXPECT_NEAR(value("density_g_per_cm3", nullptr), 70.0 / (6.02214076e23 * 20e-24), 1e-9);
  EXPECT_NEAR(value("yield_change_percent", &s.holds[0]), 5.0, 1e-9);
  EXPECT_EQ(value("hold_stress_fraction", &s.holds[0]), 0.8);
  EXPECT_EQ(value("hold_stress_fraction", nullptr), 0.0);
  EXPECT_EQ(value("youngs_modulus_GPa", nullptr), 80.0);
  EXPECT_EQ(value("cn_Cu_Zr", &s.holds[0]), 6.5);
  EXPECT_EQ(value("cn_Cu_Zr", nullptr), 6.0);
  EXPECT_EQ(value("voronoi_volume_A3_Zr", nullptr), 22.0);
}

// campaign-summary.csv: a sample whose post-hold test never reached the 0.2 % offset (nan) is
// left out of that column's mean and standard error only; the other columns keep every sample.
TEST(Atomistic, CampaignSummaryLeavesOutAMissingOffsetYield)
{
  using namespace bmgcreep::atomistic;
  MdParameters p;
  p.inherent_snapshots = 0;
  MdResult r;
  r.molar_mass = 70.0;
  const double offsets[3] = {1.5, std::nan(""), 2.1};
  for (unsigned int k = 0; k < 3; ++k)
    {
      SampleResult s;
      s.index = k + 1;
      s.reference_volume = 20.0;
      s.yield.peak = 2.0 + 0.1 * k;
      s.yield.offset_yield = 1.8;
      s.structure = {{"all", 10, -0.02, 12.0, {7.0, 5.0}, 20.0}, {"Zr", 6, -0.01, 13.0, {8.0, 5.0}, 22.0},
                     {"Cu", 4, -0.03, 11.0, {6.0, 5.0}, 17.0}};
      HoldResult h;
      h.stress_gpa = 1.6;
      h.outcome.volume_per_atom = 19.9;
      h.yield.peak = 2.2 + 0.3 * k;
      h.yield.offset_yield = offsets[k];
      h.structure = s.structure;
      s.holds.push_back(h);
      r.samples.push_back(s);
    }
  std::istringstream csv(campaign_summary_csv(p, r));
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row); // as-quenched
  std::getline(csv, row); // hold-1
  const auto split = [](const std::string &line) {
    std::vector<std::string> f;
    std::stringstream in(line);
    for (std::string x; std::getline(in, x, ',');)
      f.push_back(x);
    return f;
  };
  const auto names = split(header), values = split(row);
  ASSERT_EQ(names.size(), values.size());
  const auto at = [&](const std::string &name) {
    const auto i = std::find(names.begin(), names.end(), name) - names.begin();
    EXPECT_LT(static_cast<std::size_t>(i), names.size()) << name;
    return std::stod(values.at(i));
  };
  EXPECT_EQ(values[0], "hold-1");
  EXPECT_EQ(values[1], "3");
  // offset yield: samples 1 and 3 only, mean 1.8, SE = |2.1 - 1.5| / 2 = 0.3
  EXPECT_NEAR(at("yield_offset_GPa_mean"), 1.8, 1e-12);
  EXPECT_NEAR(at("yield_offset_GPa_se"), 0.3, 1e-12);
  // peak yield: all three, 2.2, 2.5, 2.8: mean 2.5, SE = 0.3 / sqrt(3)
  EXPECT_NEAR(at("yield_peak_GPa_mean"), 2.5, 1e-12);
  EXPECT_NEAR(at("yield_peak_GPa_se"), 0.3 / std::sqrt(3.0), 1e-12);
}
