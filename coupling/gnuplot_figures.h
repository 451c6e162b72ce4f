// Figures drawn by gnuplot (the one plotting program of bmgcreep: a small Debian package,
// gnuplot-nox, that scripts/install-deps installs; no Python). A command writes each figure as
// a gnuplot script beside its data, so that a user can redraw or restyle it by hand
// (`gnuplot NAME.gp` in the folder), and draws every script of a run with one gnuplot process.
// Without gnuplot the scripts stay and the caller says so in its report.
#pragma once

#include <string>
#include <vector>

namespace bmgcreep
{
  /// `text` for the inside of a gnuplot single-quoted string (a quote doubled).
  std::string gnuplot_quoted(const std::string &text);

  /// Whether a gnuplot program is on the PATH.
  bool gnuplot_installed();

  /// Whether `path` is a PNG image: the eight-byte PNG signature, then an IHDR chunk of 13 bytes
  /// with a non-zero width and height (given back in `width` and `height` if not null).
  bool is_png_image(const std::string &path, unsigned int *width = nullptr, unsigned int *height = nullptr);

  /// Runs the gnuplot scripts `scripts` (file names in `dir`, already written) with one gnuplot
  /// process working in `dir`. Each script starts with `reset` and draws `<stem>.png` from its
  /// line `set output '<stem>.png'` (`<stem>`: its name without `.gp`); gnuplot draws it to a
  /// temporary name (`<stem>.png.tmp.<pid>`) that is renamed into place once the script ran
  /// without error and the file is a PNG image, so a killed run never leaves half a figure under
  /// its name. Returns the PNG names drawn; none when gnuplot is not installed. A script that
  /// fails loses its figure only.
  std::vector<std::string> draw_gnuplot_figures(const std::string &dir, const std::vector<std::string> &scripts);
} // namespace bmgcreep
