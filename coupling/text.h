// Numbers in messages: shortest readable form (%g, 6 significant digits), not std::to_string's
// fixed six decimals; numbers for files and commands; CSV cells.
#pragma once

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace bmgcreep
{
  inline std::string to_text(const double x)
  {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.6g", x);
    return buffer;
  }

  /// Numbers that go into commands (LAMMPS inputs) or files: 12 significant digits.
  inline std::string to_text_precise(const double x)
  {
    char buffer[40];
    std::snprintf(buffer, sizeof(buffer), "%.12g", x);
    return buffer;
  }

  /// The number a whole CSV cell holds, if it is one and finite (no trailing text, no NaN/inf).
  inline bool parse_finite(const std::string &text, double &value)
  {
    std::size_t used = 0;
    try
      {
        value = std::stod(text, &used);
      }
    catch (const std::exception &)
      {
        return false;
      }
    return !text.empty() && used == text.size() && value == value && value - value == 0.0;
  }

  /// The cells of one CSV line (no quoting), each trimmed of blanks and a trailing CR.
  inline std::vector<std::string> split_csv_line(const std::string &line)
  {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ','))
      {
        const auto b = cell.find_first_not_of(" \t\r");
        const auto e = cell.find_last_not_of(" \t\r");
        out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
      }
    return out;
  }
} // namespace bmgcreep
