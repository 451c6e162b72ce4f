// Numbers in messages: shortest readable form (%g, 6 significant digits), not std::to_string's
// fixed six decimals; numbers for files and commands; CSV cells.
#pragma once

#include <algorithm>
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

  /// Text safe to echo in a one-line message: control characters, DEL, NUL and bytes of 0x80
  /// and above shown as \xNN, and at most `max_chars` characters of it followed by
  /// "... (N characters)" when longer.
  inline std::string printable(const std::string &s, const std::size_t max_chars = 80)
  {
    std::string out;
    std::size_t shown = 0;
    for (; shown < s.size() && out.size() < max_chars; ++shown)
      {
        const unsigned char c = static_cast<unsigned char>(s[shown]);
        if (c < 0x20 || c >= 0x7f)
          {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "\\x%02X", static_cast<unsigned int>(c));
            out += hex;
          }
        else
          out += static_cast<char>(c);
      }
    if (shown < s.size())
      out += "... (" + std::to_string(s.size()) + " characters)";
    return out;
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
  /// The name in `known` nearest to `given` by edit distance (insertions, deletions,
  /// substitutions), if it is close enough to be a typo (at most a third of the name's length,
  /// at least 1); "" otherwise. For "did you mean ...?" in messages.
  inline std::string nearest_name(const std::string &given, const std::vector<std::string> &known)
  {
    const auto distance = [](const std::string &a, const std::string &b) {
      std::vector<std::size_t> row(b.size() + 1);
      for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
      for (std::size_t i = 1; i <= a.size(); ++i)
        {
          std::size_t diagonal = row[0];
          row[0] = i;
          for (std::size_t j = 1; j <= b.size(); ++j)
            {
              const std::size_t up = row[j];
              row[j] = std::min(std::min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
              diagonal = up;
            }
        }
      return row[b.size()];
    };
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto &k : known)
      if (const std::size_t d = distance(given, k); d < best_distance)
        {
          best = k;
          best_distance = d;
        }
    return best_distance <= std::max<std::size_t>(1, given.size() / 3) ? best : std::string();
  }
} // namespace bmgcreep
