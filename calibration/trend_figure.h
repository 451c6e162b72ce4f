// The figure of a fit: each fitted observable against hold stress, the fitted model on a fine
// grid of holds and the data points (lab values, or MD changes with their standard errors), one
// panel per observable. Written as model-curve.csv, data-points.csv and a gnuplot script
// fit-trends.gp, drawn to fit-trends.png when gnuplot is installed.
#pragma once

#include "calibration/forward_model.h"

#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  struct TrendFigureData
  {
    bool md_data = false;                    ///< an MD campaign summary was fitted (else a lab summary)
    std::vector<LabCondition> lab;           ///< lab data (as cast first)
    std::vector<MdCampaignCondition> md;     ///< MD data (as quenched first)
    bool md_measured_stress = false;         ///< MD holds placed at their measured stress
    std::vector<double> lab_holds;           ///< the data's hold fractions, on the model grid too
    std::string law;                         ///< the fitted law's name, for the title
  };

  /// Writes the figure's files into `dir` from the model `fit` at physical parameters `x`, and
  /// appends to `report` (markdown) the figure or why there is none. A model curve that stops
  /// below a failing hold is drawn up to it, with a note. Throws a deck error unchanged.
  void write_trend_figure(const ForwardModel &fit, const std::vector<double> &x, const TrendFigureData &data,
                          const std::string &dir, std::ostream &report);
} // namespace bmgcreep::calibration
