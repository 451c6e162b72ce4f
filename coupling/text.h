// Numbers in messages: shortest readable form (%g, 6 significant digits), not std::to_string's
// fixed six decimals.
#pragma once

#include <cstdio>
#include <string>

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
} // namespace bmgcreep
