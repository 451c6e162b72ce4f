// Figures: a gnuplot script written beside its data is drawn to its PNG when gnuplot is
// installed (Debian's gnuplot-nox); without it the script stays for the user to run.
#pragma once

#include <string>

namespace bmgcreep
{
  /// Runs `gnuplot SCRIPT` in `dir` (its output and messages discarded); true when it succeeded
  /// and `dir`/`png` exists. False without gnuplot, or when `dir` has a quote in its path.
  bool draw_with_gnuplot(const std::string &dir, const std::string &script, const std::string &png);
} // namespace bmgcreep
