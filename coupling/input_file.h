// Inputs are regular files (issue 26): a deck, include, lab summary, creep curve, MD summary,
// LAMMPS data file or potential that is a folder, a FIFO, a device or a socket is refused with one
// line before it is opened (a FIFO would block the reader forever, /dev/zero would grow it without
// bound), and so is one larger than its kind's stated limit.
#pragma once

#include <cstdint>
#include <string>

namespace bmgcreep
{
  /// Largest CSV input (lab summaries, creep curves, MD summaries): 256 MiB.
  inline constexpr std::uintmax_t max_table_bytes = 256ull << 20;
  /// Largest LAMMPS data or potential file: 4 GiB.
  inline constexpr std::uintmax_t max_lammps_file_bytes = 4ull << 30;

  /// Why `path` cannot be read as `what` (e.g. "lab summary"), as one line starting with the
  /// path; "" if it is a regular file (symbolic links followed) of at most `max_bytes`.
  std::string input_file_problem(const std::string &path, const std::string &what, std::uintmax_t max_bytes);
} // namespace bmgcreep
