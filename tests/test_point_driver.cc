// The material-point driver: the uniaxial-stress state against Hooke's law, adaptive hold
// steps against a fine fixed-step reference, decks (good and bad), and what the report needs
// (the lab changes' uncertainties, the PNG check).
#include "continuum/material/free_volume_relaxation_law.h"
#include "continuum/material/observable_table.h"
#include "continuum/material/point_case.h"
#include "coupling/console.h"
#include "coupling/gnuplot_figures.h"
#include "coupling/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace bmgcreep;
using namespace bmgcreep::material;

namespace
{
  const std::string source_dir = BMGCREEP_SOURCE_DIR;
  const std::string default_deck = source_dir + "/cases/zhang2017/holds.prm";

  /// Writes `text` to a fresh deck file in the test's temporary folder and returns its path.
  std::string write_deck(const std::string &name, const std::string &text)
  {
    const auto dir = std::filesystem::temp_directory_path() / "bmgcreep-tests";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::string error_of(const std::string &path)
  {
    try
      {
        read_point_case(path);
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    return "";
  }
} // namespace

TEST(UniaxialPoint, ElasticStepIsHookesUniaxialStress)
{
  const auto c = read_point_case(default_deck);
  const ElasticConstants &el = c.law->elastic_constants();
  UniaxialPoint p(*c.law, c.law->initial_state());
  const double sigma = -500e6; // compression, where the law barely flows in 1 ms
  ASSERT_TRUE(p.step_to_stress(sigma, 1e-3));
  EXPECT_NEAR(p.axial_strain(), sigma / el.youngs_modulus, 1e-9 * std::abs(sigma / el.youngs_modulus));
  EXPECT_NEAR(p.strain()[0][0], -el.poisson_ratio * sigma / el.youngs_modulus, 1e-9 * std::abs(sigma / el.youngs_modulus));
  EXPECT_NEAR(p.strain()[1][1], p.strain()[0][0], 1e-15);
  // Strain control back to zero strain unloads to zero stress.
  ASSERT_TRUE(p.step_to_strain(0.0, 1e-3));
  EXPECT_NEAR(p.axial_stress(), 0.0, 1e-3 * 500e6 * 1e-6);
}

TEST(PointDriver, AdaptiveHoldMatchesFineFixedStepReference)
{
  // The 48 h hold at 90 % of yield, the hardest of the default case: the adaptive
  // (step-doubling) integration against plain backward Euler with N and 2N fixed steps,
  // extrapolated (first order: 2 y_2N - y_N).
  const auto c = read_point_case(default_deck);
  const Observables obs = make_observables(c.specimen);
  const double stress = 0.9 * c.protocol.reference_yield;

  auto run = [&](unsigned int fixed_steps, unsigned int &accepted) {
    TimeSteppingParameters ts = c.stepping;
    UniaxialPoint p(*c.law, c.law->initial_state());
    // Identical starting state: the hold stress applied in one (elastic) microsecond step.
    std::vector<TimeSeriesRow> series;
    double time = 0.0;
    unsigned int rejected = 0;
    EXPECT_TRUE(p.step_to_stress(-stress, 1e-6));
    ts.fixed_hold_steps = fixed_steps;
    PointDriver d(*c.law, obs, c.protocol, ts);
    const double eps0 = p.axial_strain(), x0 = p.internal_variable();
    accepted = d.hold_stage(p, stress, c.protocol.hold_time, time, "hold", series, rejected);
    return std::make_pair(-(p.axial_strain() - eps0), p.internal_variable() - x0);
  };

  unsigned int n_adaptive, n1, n2;
  const auto adaptive = run(0, n_adaptive);
  const auto coarse = run(200000, n1);
  const auto fine = run(400000, n2);
  const double creep_ref = 2.0 * fine.first - coarse.first;
  const double dx_ref = 2.0 * fine.second - coarse.second;
  EXPECT_LT(std::abs(adaptive.first - creep_ref), 1e-3 * std::abs(creep_ref));
  EXPECT_LT(std::abs(adaptive.second - dx_ref), 1e-3 * std::abs(dx_ref));
  EXPECT_LE(n_adaptive, 300u);
  // The reference itself has converged: its two levels agree to well within the tolerance.
  EXPECT_LT(std::abs(fine.first - coarse.first), 1e-3 * std::abs(creep_ref));
}

TEST(PointDriver, DefaultCaseStepCountsAndTrend)
{
  const auto c = read_point_case(default_deck);
  const PointCaseResult r = run_point_case(c, nullptr);
  ASSERT_EQ(r.conditions.size(), 4u);
  for (std::size_t i = 1; i < r.conditions.size(); ++i)
    {
      EXPECT_LE(r.conditions[i].hold_steps, 300u);
      EXPECT_GT(r.conditions[i].creep_strain, 0.0);
      EXPECT_GE(r.conditions[i].residual_strain, 0.0);
    }
  // Residual strain grows with hold stress (the lab's and MD's observation).
  EXPECT_LT(r.conditions[1].residual_strain, r.conditions[2].residual_strain);
  EXPECT_LT(r.conditions[2].residual_strain, r.conditions[3].residual_strain);
}

TEST(Deck, DefaultDeckReads)
{
  const auto c = read_point_case(default_deck);
  EXPECT_EQ(c.law->name(), "free-volume-relaxation");
  EXPECT_EQ(c.protocol.hold_fractions.size(), 3u);
  EXPECT_DOUBLE_EQ(c.protocol.hold_time, 48.0 * 3600.0);
}

TEST(Deck, MissingFileNamesTheFile)
{
  const std::string msg = error_of("/nonexistent/deck.prm");
  EXPECT_NE(msg.find("/nonexistent/deck.prm"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;
}

TEST(Deck, UnknownKeyNamesFileLineAndKey)
{
  const std::string path = write_deck("unknown-key.prm", "subsection Protocol\n  set Hold tme = 48\nend\n");
  const std::string msg = error_of(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("Hold tme"), std::string::npos) << msg;
  EXPECT_NE(msg.find(":2:"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
}

TEST(Deck, OutOfRangeValueNamesKeyValueUnitAndRange)
{
  const std::string path = write_deck("negative-time.prm", "subsection Protocol\n  set Hold time = -3\nend\n");
  const std::string msg = error_of(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"Hold time\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("-3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(h)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1e-18 to 1e6"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
}

TEST(Deck, WronglySignedAndNonNumericValuesAreRejected)
{
  for (const std::string &entry :
       {std::string("subsection Material\n  set Youngs modulus = -95\nend\n"),
        std::string("subsection Specimen\n  set Temperature = hot\nend\n"),
        std::string("subsection Protocol\n  set Hold fractions = 0.5, 1.2\nend\n"),
        std::string("subsection Material\n  subsection Free volume\n    set Activation volume = 0\n  end\nend\n")})
    {
      const std::string path = write_deck("bad-value.prm", entry);
      const std::string msg = error_of(path);
      EXPECT_NE(msg.find("is not allowed"), std::string::npos) << entry << " -> " << msg;
    }
}

TEST(Deck, UnknownLawNameListsTheLaws)
{
  const std::string path = write_deck("unknown-law.prm", "subsection Material\n  set Law = maxwell\nend\n");
  const std::string msg = error_of(path);
  EXPECT_NE(msg.find("maxwell"), std::string::npos) << msg;
  EXPECT_NE(msg.find("free-volume|free-volume-relaxation|stz-effective-temperature"), std::string::npos) << msg;
}

TEST(Deck, UnknownSubsectionAndUnbalancedEndAreRejected)
{
  EXPECT_NE(error_of(write_deck("bad-sub.prm", "subsection Protokol\nend\n")).find("Protokol"), std::string::npos);
  const std::string path = write_deck("bad-end.prm", "subsection Protocol\n");
  const std::string msg = error_of(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
}

// A key set twice in one file and subsection, or one --set given twice, is named with both
// places (the last value counts); an include's value set again by the including deck is an
// override and says nothing.
TEST(Deck, RepeatedSettingsAreNamedWithBothLines)
{
  const std::string base = write_deck("repeat-base.prm", "subsection Protocol\n  set Hold time = 48\nend\n");
  const std::string deck =
    write_deck("repeat.prm", "include repeat-base.prm\n"
                             "subsection Protocol\n  set Hold time = 24 # overrides the include\n"
                             "  set Loading rate = 5e-4\n  set Hold time = 12\nend\n"
                             "subsection Specimen\n  set Temperature = 298\nend\n");
  const std::vector<std::string> w = bmgcreep::repeated_settings(deck, {"Specimen/Temperature=300", "Specimen/Temperature=310"});
  ASSERT_EQ(w.size(), 2u) << (w.empty() ? "" : w[0]);
  EXPECT_NE(w[0].find(deck + ":5: \"Hold time\" set again (first at " + deck + ":3): the last value, 12, counts"),
            std::string::npos)
    << w[0];
  EXPECT_NE(w[1].find("--set \"Specimen/Temperature\" given twice"), std::string::npos) << w[1];
  EXPECT_TRUE(bmgcreep::repeated_settings(base, {"Protocol/Hold time=1"}).empty());
}

TEST(Deck, SetOverridesAreCheckedLikeTheFile)
{
  EXPECT_EQ(read_point_case(default_deck, {"Comparison/Lab protocol mismatch=warn", "Protocol/Hold time=24"}).protocol.hold_time, 24.0 * 3600.0);
  for (const std::string bad : {"=3", "Protocol/=3", "Protocol/Hold time", "Protocol/Hold time=-1", "Protocol/No such key=1"})
    {
      try
        {
          read_point_case(default_deck, {bad});
          ADD_FAILURE() << bad << " was accepted";
        }
      catch (const InputError &e)
        {
          EXPECT_NE(std::string(e.what()).find("--set"), std::string::npos) << e.what();
        }
    }
}

TEST(Report, LabChangeUncertaintyIsTheLinearPropagationOfTheRowsOnes)
{
  // Against finite differences of the change itself: u^2 = sum (d change / d value_i)^2 u_i^2.
  LabCondition cast, hold;
  cast.density_g_per_cm3 = 6.018;
  cast.density_uncertainty_g_per_cm3 = 0.003;
  hold.density_g_per_cm3 = 6.062;
  hold.density_uncertainty_g_per_cm3 = 0.005;
  cast.relaxation_enthalpy_J_per_g = 3.9;
  hold.relaxation_enthalpy_J_per_g = 3.0;
  hold.relaxation_enthalpy_uncertainty_J_per_g = 0.2; // the as-cast row states none: exact
  for (const std::string name : {"density_change_percent", "enthalpy_change_J_per_g"})
    {
      const ObservableSpec &spec = observable(name);
      const ObservableSpec &base = observable(spec.base);
      double sum = 0.0;
      for (LabCondition *row : {&hold, &cast})
        {
          const double u = base.lab_uncertainty(*row);
          if (std::isnan(u))
            continue;
          double &v = name == "density_change_percent" ? row->density_g_per_cm3 : row->relaxation_enthalpy_J_per_g;
          const double h = 1e-6 * v, v_saved = v;
          v = v_saved + h;
          const double up = lab_observable(spec, hold, cast);
          v = v_saved - h;
          const double down = lab_observable(spec, hold, cast);
          v = v_saved;
          sum += std::pow((up - down) / (2 * h) * u, 2);
        }
      EXPECT_NEAR(lab_observable_uncertainty(spec, hold, cast), std::sqrt(sum), 1e-8 * std::sqrt(sum)) << name;
    }
  EXPECT_TRUE(std::isnan(lab_observable_uncertainty(observable("yield_change_percent"), hold, cast)))
    << "neither row states a yield uncertainty";
}

TEST(Report, PngCheckReadsTheHeaderAndRefusesOtherFiles)
{
  const auto dir = std::filesystem::temp_directory_path() / "bmgcreep-tests";
  std::filesystem::create_directories(dir);
  const std::string png = (dir / "header.png").string();
  // signature, IHDR length 13, "IHDR", width 640, height 3 (big-endian), then the rest of IHDR
  const std::string head("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\0\x03\x08\x02\0\0\0", 29);
  std::ofstream(png, std::ios::binary) << head;
  unsigned int width = 0, height = 0;
  EXPECT_TRUE(is_png_image(png, &width, &height));
  EXPECT_EQ(width, 640u);
  EXPECT_EQ(height, 3u);
  std::string zero = head;
  zero[19] = '\0'; // with [18]: width 0
  zero[18] = '\0';
  std::ofstream(png, std::ios::binary) << zero;
  EXPECT_FALSE(is_png_image(png)) << "zero width";
  std::ofstream(png, std::ios::binary) << head.substr(0, 20);
  EXPECT_FALSE(is_png_image(png)) << "truncated";
  std::ofstream(png, std::ios::binary) << "GIF89a" << head.substr(6);
  EXPECT_FALSE(is_png_image(png)) << "not a PNG";
  EXPECT_FALSE(is_png_image((dir / "no-such.png").string()));
}

// Progress bars only where a person watches: on a terminal, not with TERM=dumb, and under an MPI
// launcher (which gives every process a pseudo-terminal even when its output goes to a file)
// only when BMGCREEP_PROGRESS=bar asks; BMGCREEP_PROGRESS=lines turns them off everywhere. A bar
// drawn into a log file would fill it with control characters (issue 15: none on a pipe).
TEST(Console, BarsOnlyOnATerminalAndNotUnderALauncherUnlessAsked)
{
  using bmgcreep::Console;
  EXPECT_TRUE(Console::draws_bars(true, "xterm", false, nullptr));
  EXPECT_FALSE(Console::draws_bars(false, "xterm", false, nullptr));     // a pipe or a file
  EXPECT_FALSE(Console::draws_bars(true, "dumb", false, nullptr));       // a terminal without cursor control
  EXPECT_FALSE(Console::draws_bars(true, "xterm", true, nullptr));       // mpirun > run.out
  EXPECT_TRUE(Console::draws_bars(true, "xterm", true, "bar"));          // an interactive mpirun, asked
  EXPECT_FALSE(Console::draws_bars(false, "xterm", true, "bar"));        // asked, but no terminal at all
  EXPECT_FALSE(Console::draws_bars(true, "xterm", false, "lines"));      // turned off
  EXPECT_TRUE(Console::draws_bars(true, nullptr, false, "anything else")); // unknown values change nothing
}
