#include "coupling/creep_curve.h"
#include "coupling/input_file.h"

#include "coupling/text.h"
#include "coupling/units.h"

#include <fstream>
#include <map>
#include <stdexcept>

namespace bmgcreep
{
  CreepCurve read_creep_curve(const std::string &path)
  {
    if (const std::string problem = input_file_problem(path, "creep curve", max_table_bytes); !problem.empty())
      throw std::runtime_error(problem);
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error(path + ": creep curve not found or not readable");
    CreepCurve c;
    c.path = path;
    std::map<std::string, std::string> header;
    std::vector<std::string> columns;
    std::string line;
    std::size_t number = 0;
    const auto value = [&](const std::string &name, const std::string &text) {
      double v = 0.0;
      if (!parse_finite(text, v))
        throw std::runtime_error(path + ":" + std::to_string(number) + ": \"" + name + "\" = \"" + text +
                                 "\" is not a finite number");
      if (v < 0.0)
        throw std::runtime_error(path + ":" + std::to_string(number) + ": \"" + name + "\" = " + text + " must be >= 0");
      return v;
    };
    double time_factor = 0.0; // to seconds
    std::size_t time_col = 0, strain_col = 0, sd_col = 0;
    bool has_sd = false;
    while (std::getline(in, line))
      {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
          continue;
        if (line[0] == '#')
          {
            const auto eq = line.find('=');
            if (eq != std::string::npos)
              {
                const auto key = split_csv_line(line.substr(1, eq - 1)).at(0);
                header[key] = split_csv_line(line.substr(eq + 1)).at(0);
                if (key == "hold_fraction_of_yield" || key == "hold_stress_MPa" || key == "temperature_K")
                  (void)value(key, header[key]);
              }
            continue;
          }
        const auto cells = split_csv_line(line);
        if (columns.empty())
          {
            columns = cells;
            for (std::size_t i = 0; i < cells.size(); ++i)
              {
                if (cells[i].rfind("time_", 0) == 0)
                  {
                    const std::string unit = cells[i].substr(5);
                    time_factor = unit == "s" ? 1.0 : unit == "min" ? 60.0 : unit == "h" ? units::seconds_per_hour : -1.0;
                    if (time_factor < 0.0)
                      throw std::runtime_error(path + ":" + std::to_string(number) + ": time unit \"" + unit +
                                               "\" unknown (time_s, time_min or time_h)");
                    time_col = i;
                  }
                else if (cells[i] == "strain")
                  strain_col = i + 1;
                else if (cells[i] == "strain_uncertainty")
                  {
                    sd_col = i;
                    has_sd = true;
                  }
              }
            if (time_factor == 0.0 || strain_col == 0)
              throw std::runtime_error(path + ":" + std::to_string(number) +
                                       ": the header row needs a time column (time_s, time_min or time_h) and \"strain\"");
            continue;
          }
        if (cells.size() != columns.size())
          throw std::runtime_error(path + ":" + std::to_string(number) + ": " + std::to_string(cells.size()) +
                                   " values, the header row has " + std::to_string(columns.size()));
        const double t = value(columns[time_col], cells[time_col]) * time_factor;
        if (!c.time_s.empty() && !(t > c.time_s.back()))
          throw std::runtime_error(path + ":" + std::to_string(number) + ": times must increase");
        c.time_s.push_back(t);
        double e = 0.0;
        if (!parse_finite(cells[strain_col - 1], e))
          throw std::runtime_error(path + ":" + std::to_string(number) + ": \"strain\" = \"" + cells[strain_col - 1] +
                                   "\" is not a finite number");
        c.strain.push_back(e);
        const double sd = has_sd ? value("strain_uncertainty", cells[sd_col]) : std::nan("");
        if (has_sd && !(sd > 0.0))
          throw std::runtime_error(path + ":" + std::to_string(number) + ": \"strain_uncertainty\" must be > 0");
        c.uncertainty.push_back(sd);
      }
    if (columns.empty() || c.time_s.empty())
      throw std::runtime_error(path + ": no data rows");
    if (!header.count("temperature_K"))
      throw std::runtime_error(path + ": header key \"# temperature_K = ...\" missing");
    if (!header.count("hold_fraction_of_yield") && !header.count("hold_stress_MPa"))
      throw std::runtime_error(path + ": header key \"# hold_fraction_of_yield = ...\" or \"# hold_stress_MPa = ...\" missing");
    c.temperature_K = std::stod(header["temperature_K"]);
    if (header.count("hold_fraction_of_yield"))
      c.hold_fraction = std::stod(header["hold_fraction_of_yield"]);
    if (header.count("hold_stress_MPa"))
      c.hold_stress_MPa = std::stod(header["hold_stress_MPa"]);
    if (header.count("specimen"))
      c.specimen = header["specimen"];
    return c;
  }
} // namespace bmgcreep
