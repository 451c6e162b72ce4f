#include "coupling/lab_summary.h"
#include "coupling/input_file.h"

#include "coupling/text.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace bmgcreep
{
  std::vector<LabCondition> read_lab_summary(const std::string &path)
  {
    if (const std::string problem = input_file_problem(path, "lab summary", max_table_bytes); !problem.empty())
      throw std::runtime_error(problem);
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error(path + ": lab summary not found or not readable");
    const std::vector<std::string> required = {"hold_fraction_of_yield", "relaxation_enthalpy_J_per_g",
                                               "yield_stress_MPa", "density_g_per_cm3"};
    std::map<std::string, std::size_t> column;
    std::size_t header_cells = 0;
    std::map<double, std::size_t> line_of_fraction;
    std::vector<LabCondition> rows;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line))
      {
        ++number;
        if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos)
          continue;
        const auto cells = split_csv_line(line);
        const std::string at = path + ":" + std::to_string(number);
        if (line.find('\0') != std::string::npos)
          throw std::runtime_error(at + ": a NUL byte: not a text file");
        if (column.empty())
          {
            for (std::size_t i = 0; i < cells.size(); ++i)
              column[cells[i]] = i;
            for (const auto &name : required)
              if (!column.count(name))
                throw std::runtime_error(path + ":" + std::to_string(number) + ": column \"" + name +
                                         "\" missing from the header");
            header_cells = cells.size();
            continue;
          }
        if (cells.size() != header_cells)
          throw std::runtime_error(at + ": " + std::to_string(cells.size()) + " cells where the header has " +
                                   std::to_string(header_cells) +
                                   (cells.size() > header_cells ? " (a decimal comma? write decimals with '.')" : ""));
        auto get = [&](const std::string &name, const bool optional, const double fallback) {
          const auto it = column.find(name);
          if (it == column.end())
            {
              if (optional)
                return fallback;
              throw std::runtime_error(path + ": column \"" + name + "\" missing");
            }
          if (it->second >= cells.size() || cells[it->second].empty())
            throw std::runtime_error(path + ":" + std::to_string(number) + ": no value in column \"" + name + "\"");
          const std::string &text = cells[it->second];
          double v = 0.0;
          if (!parse_finite(text, v))
            throw std::runtime_error(path + ":" + std::to_string(number) + ": \"" + name + "\" = \"" + text +
                                     "\" is not a finite number");
          if (v < 0.0)
            throw std::runtime_error(path + ":" + std::to_string(number) + ": \"" + name + "\" = " + text +
                                     " must be >= 0");
          return v;
        };
        LabCondition c;
        c.hold_fraction = get("hold_fraction_of_yield", false, 0.0);
        c.hold_stress_MPa = get("hold_stress_MPa", true, 0.0);
        c.hold_time_h = get("hold_time_h", true, 0.0);
        c.temperature_K = get("temperature_K", true, std::nan(""));
        c.has_hold_stress = column.count("hold_stress_MPa") > 0;
        c.has_hold_time = column.count("hold_time_h") > 0;
        c.line = number;
        c.relaxation_enthalpy_J_per_g = get("relaxation_enthalpy_J_per_g", false, 0.0);
        c.yield_stress_MPa = get("yield_stress_MPa", false, 0.0);
        c.density_g_per_cm3 = get("density_g_per_cm3", false, 0.0);
        const double none = std::nan("");
        c.residual_strain = get("residual_strain", true, none);
        c.relaxation_enthalpy_uncertainty_J_per_g = get("relaxation_enthalpy_uncertainty_J_per_g", true, none);
        c.yield_stress_uncertainty_MPa = get("yield_stress_uncertainty_MPa", true, none);
        c.density_uncertainty_g_per_cm3 = get("density_uncertainty_g_per_cm3", true, none);
        c.residual_strain_uncertainty = get("residual_strain_uncertainty", true, none);
        for (const double u : {c.relaxation_enthalpy_uncertainty_J_per_g, c.yield_stress_uncertainty_MPa,
                               c.density_uncertainty_g_per_cm3, c.residual_strain_uncertainty})
          if (u == 0.0)
            throw std::runtime_error(path + ":" + std::to_string(number) + ": an uncertainty of 0 gives the value infinite weight: give one > 0");
        if (c.yield_stress_MPa <= 0.0 || c.density_g_per_cm3 <= 0.0)
          throw std::runtime_error(path + ":" + std::to_string(number) +
                                   ": yield stress and density must be > 0");
        if (!(c.hold_fraction < 1.0))
          throw std::runtime_error(at + ": \"hold_fraction_of_yield\" = " + to_text(c.hold_fraction) +
                                   " is not a hold below yield: give a fraction from 0 (as cast) to below 1");
        if (const auto seen = line_of_fraction.find(c.hold_fraction); seen != line_of_fraction.end())
          throw std::runtime_error(at + ": hold fraction " + to_text(c.hold_fraction) + " repeats line " +
                                   std::to_string(seen->second) + ": give one row per condition (average repeats first)");
        line_of_fraction[c.hold_fraction] = number;
        rows.push_back(c);
      }
    if (column.empty())
      throw std::runtime_error(path + ": no header line");
    if (rows.empty() || rows.front().hold_fraction != 0.0)
      throw std::runtime_error(path + ": the first data row must be the as-cast condition (hold_fraction_of_yield = 0)");
    return rows;
  }

  std::vector<std::string> lab_protocol_mismatches(const std::string &path, const std::vector<LabCondition> &lab,
                                                   const RunProtocol &run)
  {
    std::vector<std::string> out;
    for (const LabCondition &c : lab)
      {
        const std::string at = path + ":" + std::to_string(c.line) + ": ";
        const bool hold = c.hold_fraction > 0.0;
        if (hold && c.has_hold_time &&
            std::abs(c.hold_time_h - run.hold_time_h) > lab_hold_time_tolerance * run.hold_time_h)
          out.push_back(at + "hold_time_h = " + to_text(c.hold_time_h) + " h, the deck holds " + to_text(run.hold_time_h) +
                        " h (Protocol/Hold time)");
        if (std::isfinite(c.temperature_K) && std::abs(c.temperature_K - run.temperature_K) > lab_temperature_tolerance_K)
          out.push_back(at + "temperature_K = " + to_text(c.temperature_K) + " K, the deck runs at " +
                        to_text(run.temperature_K) + " K (Specimen/Temperature)");
        const double stress = c.hold_fraction * run.reference_yield_MPa;
        if (hold && c.has_hold_stress && std::abs(c.hold_stress_MPa - stress) > lab_hold_stress_tolerance * stress)
          out.push_back(at + "hold_stress_MPa = " + to_text(c.hold_stress_MPa) + " MPa, the deck holds " +
                        to_text(c.hold_fraction) + " x " + to_text(run.reference_yield_MPa) + " = " + to_text(stress) +
                        " MPa (Protocol/Reference yield stress)");
      }
    return out;
  }
} // namespace bmgcreep
