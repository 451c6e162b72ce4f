// The report of a `point` or `creep` run: report.md in the output folder, with figures drawn
// by gnuplot (coupling/gnuplot_figures.h) from small data files beside them:
//   creep-curves.png   creep strain against hold time, linear and logarithmic, one line per hold
//   trends.png         the post-hold changes against hold stress, model and lab (error bars
//                      where the lab file states uncertainties)
//   compression.png    the compression tests, as cast and after each hold
//   <hold>-fields.png  (creep) axial stress, internal variable and density change over the
//                      section through the axis at the end of the hold
// and the tables a reader needs without opening a CSV: the summary, the model against the lab
// with the errors of the changes and the trend signs, the energy balance. The report holds no
// date, time or folder name: a rerun, or a killed and resumed run, writes the same bytes.
#pragma once

#include "continuum/material/point_case.h"

#include <string>
#include <vector>

namespace bmgcreep::material
{
  /// What the report says of the run besides its results.
  struct RunDescription
  {
    std::string command;  ///< "point" or "creep"
    std::string deck;     ///< as the user named it
    std::string specimen; ///< "material point", or the cylinder's model ("axisymmetric", "3d")
    std::string lab_path; ///< the lab summary compared with ("" for none)
    std::vector<std::string> warnings; ///< the run outside the deck's validity window, one line each
  };

  /// Writes report.md, its figures' data and gnuplot scripts, and the figures (when gnuplot is
  /// installed) into `dir`, where write_point_outputs has written the run's outputs (each file
  /// atomically and in the folder's manifest). report.md links only files that exist.
  void write_point_report(const PointCaseResult &r, const std::vector<ComparisonRow> &comparison,
                          const RunDescription &run, const std::string &dir);

  /// Whether `name` is a file write_point_report writes for these hold fractions.
  bool is_report_output_name(const std::string &name, const std::vector<double> &hold_fractions);
} // namespace bmgcreep::material
