// The validity window: what calibrate writes, what point, creep and map warn about.
#include "continuum/material/point_case.h"
#include "continuum/material/validity.h"

#include <gtest/gtest.h>

using namespace bmgcreep::material;

TEST(Validity, WarnsOncePerQuantityOutsideItsRangeAndNeverInsideOrWithoutOne)
{
  dealii::ParameterHandler prm;
  ValidityWindow::declare_parameters(prm);
  ValidityWindow w;
  w.hold_fraction = std::make_pair(0.5, 0.9);
  w.temperature = std::make_pair(298.0, 298.0);
  w.set_parameters(prm);
  ValidityWindow back;
  back.parse_parameters(prm);
  ASSERT_TRUE(back.hold_fraction && back.temperature);
  EXPECT_FALSE(back.hold_time || back.loading_rate); // empty: no range stated
  EXPECT_EQ(back.hold_fraction->first, 0.5);
  EXPECT_EQ(back.hold_fraction->second, 0.9);

  EXPECT_TRUE(back.warnings({0.5, 0.7, 0.9}, {48.0, 1e4}, 298.0, 1.0).empty()) << "inside, or no range";
  const std::vector<std::string> lines = back.warnings({0.3, 0.7, 0.95}, {48.0}, 348.0, 5e-4);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("hold stress 0.3, 0.95"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("0.5 to 0.9"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("Validity/Hold fractions"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("temperature 348 K"), std::string::npos) << lines[1];
}

TEST(Validity, AMalformedRangeIsAnInputErrorNamingTheKey)
{
  const std::string deck = std::string(BMGCREEP_SOURCE_DIR) + "/cases/zhang2017/holds.prm";
  for (const char *bad : {"Validity/Hold times=48", "Validity/Hold times=48, 24", "Validity/Temperatures=a, b",
                          "Validity/Loading rates=1, 2, 3"})
    {
      try
        {
          read_point_case(deck, {bad});
          ADD_FAILURE() << bad << " was accepted";
        }
      catch (const InputError &e)
        {
          EXPECT_NE(std::string(e.what()).find("Validity/"), std::string::npos) << e.what();
        }
    }
}

TEST(Validity, TheCalibratedLawFiveDeckStatesTheRangeOfItsData)
{
  // calibrated.prm of calibrate-law5.prm: the lab's holds (0.5 to 0.9), 48 h, 298 K, 5e-4 1/s.
  const PointCase c =
    read_point_case(std::string(BMGCREEP_SOURCE_DIR) + "/cases/zhang2017/calibrated-law5/calibrated.prm");
  ASSERT_TRUE(c.validity.hold_fraction && c.validity.hold_time && c.validity.temperature && c.validity.loading_rate);
  EXPECT_EQ(c.validity.hold_fraction->first, 0.5);
  EXPECT_EQ(c.validity.hold_fraction->second, 0.9);
  EXPECT_EQ(c.validity.hold_time->first, 48.0);
  EXPECT_EQ(c.validity.temperature->second, 298.0);
  EXPECT_TRUE(c.validity_warnings().empty());
  const PointCase hot = read_point_case(c.deck_path, {"Comparison/Lab protocol mismatch=warn", "Specimen/Temperature=348"});
  // The temperature outside the window, then the 4 lab rows at 298 K compared anyway.
  const std::vector<std::string> w = hot.validity_warnings();
  ASSERT_EQ(w.size(), 5u);
  EXPECT_NE(w[0].find("emperature"), std::string::npos) << w[0];
  for (std::size_t i = 1; i < w.size(); ++i)
    EXPECT_NE(w[i].find("lab summary row not of this run: "), std::string::npos) << w[i];
  // Without the switch the deck is refused, naming the first row.
  EXPECT_THROW(read_point_case(c.deck_path, {"Specimen/Temperature=348"}), InputError);
}
