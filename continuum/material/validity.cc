#include "continuum/material/validity.h"

#include "coupling/text.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;

  namespace
  {
    struct Quantity
    {
      const char *key, *name, *unit;
      ValidityWindow::Range ValidityWindow::*range;
    };
    const Quantity quantities[] = {
      {"Hold fractions", "hold stress", "of yield", &ValidityWindow::hold_fraction},
      {"Hold times", "hold time", "h", &ValidityWindow::hold_time},
      {"Temperatures", "temperature", "K", &ValidityWindow::temperature},
      {"Loading rates", "loading rate", "1/s", &ValidityWindow::loading_rate},
    };

    ValidityWindow::Range parse_range(const std::string &key, const std::string &text)
    {
      if (text.find_first_not_of(" \t") == std::string::npos)
        return std::nullopt;
      std::istringstream in(text);
      double low, high;
      char comma = 0;
      std::string rest;
      if (!(in >> low >> comma >> high) || comma != ',' || (in >> rest) || !(low <= high))
        throw std::invalid_argument("\"Validity/" + key + "\" = \"" + text +
                                    "\" is not a range \"low, high\" with low <= high (or empty: no range)");
      return std::make_pair(low, high);
    }
  } // namespace

  void ValidityWindow::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Validity");
    prm.declare_entry("Hold fractions", "", Patterns::Anything(),
                      "Range of hold stress, as fraction of the reference yield, that the deck's parameters were "
                      "calibrated on, \"low, high\"; empty: no range (written by bmgcreep calibrate)");
    prm.declare_entry("Hold times", "", Patterns::Anything(),
                      "Range of hold time the deck was calibrated on (h), \"low, high\"; empty: no range");
    prm.declare_entry("Temperatures", "", Patterns::Anything(),
                      "Range of test temperature the deck was calibrated on (K), \"low, high\"; empty: no range");
    prm.declare_entry("Loading rates", "", Patterns::Anything(),
                      "Range of loading strain rate the deck was calibrated on (1/s), \"low, high\"; empty: no range");
    prm.leave_subsection();
  }

  void ValidityWindow::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Validity");
    try
      {
        for (const Quantity &q : quantities)
          this->*q.range = parse_range(q.key, prm.get(q.key));
      }
    catch (...)
      {
        prm.leave_subsection();
        throw;
      }
    prm.leave_subsection();
  }

  void ValidityWindow::set_parameters(ParameterHandler &prm) const
  {
    prm.enter_subsection("Validity");
    for (const Quantity &q : quantities)
      {
        const Range &r = this->*q.range;
        prm.set(q.key, r ? to_text_precise(r->first) + ", " + to_text_precise(r->second) : std::string());
      }
    prm.leave_subsection();
  }

  std::vector<std::string> ValidityWindow::warnings(const std::vector<double> &hold_fractions,
                                                    const std::vector<double> &hold_times_h, const double temperature_K,
                                                    const double loading_rate) const
  {
    const std::vector<double> values[] = {hold_fractions, hold_times_h, {temperature_K}, {loading_rate}};
    std::vector<std::string> lines;
    for (std::size_t k = 0; k < std::size(quantities); ++k)
      {
        const Range &r = this->*quantities[k].range;
        if (!r)
          continue;
        // A relative tolerance: a value written with fewer digits than the range is inside.
        const double tol = 1e-9 * std::max({1.0, std::abs(r->first), std::abs(r->second)});
        std::vector<double> outside;
        for (const double v : values[k])
          if (v < r->first - tol || v > r->second + tol)
            outside.push_back(v);
        if (outside.empty())
          continue;
        std::string list;
        for (std::size_t i = 0; i < outside.size() && i < 6; ++i)
          list += (i ? ", " : "") + to_text(outside[i]);
        if (outside.size() > 6)
          list += ", ... (" + std::to_string(outside.size()) + " in all)";
        lines.push_back(std::string("warning: ") + quantities[k].name + " " + list + " " + quantities[k].unit +
                        " outside the range the law was calibrated on, " + to_text(r->first) + " to " +
                        to_text(r->second) + " " + quantities[k].unit + " (Validity/" + quantities[k].key +
                        "): an extrapolation");
      }
    return lines;
  }
} // namespace bmgcreep::material
