// Predictions of a fit against data it did not use: the rows of prediction.csv and loo.csv
// (with their markdown twins in fit-report.md), and leave-one-out cross-validation (each fitted
// hold refitted out, from the best fit, and predicted).
#pragma once

#include "calibration/forward_model.h"

#include <deal.II/base/parameter_handler.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// One prediction as a CSV row (hold, observable, measured, uncertainty, predicted, relative
  /// and weighted error) and a markdown table row; returns the relative and weighted errors
  /// (NaN for a prediction that failed).
  std::pair<double, double> prediction_row(std::ostream &csv, std::ostream &md, double hold, const Observation &o,
                                           double predicted);

  struct PredictionResult
  {
    std::string csv;           ///< prediction.csv
    double rms = std::nan(""); ///< of the relative errors of the predictions that ran
  };

  /// The observations of holds the fit did not use (`observations`, of the holds `held_out`)
  /// predicted by the fitted model at physical parameters `x`; holds it cannot run are left
  /// unpredicted, with a note. Appends its table to `report`.
  PredictionResult predict_held_out(const ForwardModel &fit, const std::vector<double> &x,
                                    const std::vector<Observation> &observations, const std::vector<double> &held_out,
                                    std::ostream &report);

  struct LeaveOneOutResult
  {
    std::string csv;                 ///< loo.csv
    double rms = std::nan("");       ///< of the weighted errors of the predictions that ran
    unsigned int unpredicted = 0;    ///< observations whose refit does not run their hold
    unsigned int evaluations = 0;    ///< forward runs of the refits
  };

  /// For each hold of `holds` not in `held_out`: the observations without it (from
  /// `observations_without(settings, skip)`), a refit from `start` (scaled), and the prediction
  /// of the observations of that hold (`observations`). Appends its table to `report`.
  LeaveOneOutResult leave_one_out(const std::string &deck, const dealii::ParameterHandler &prm,
                                  const CalibrationSettings &settings, const std::vector<Observation> &observations,
                                  const std::function<std::vector<Observation>(const CalibrationSettings &,
                                                                               const std::vector<double> &)> &observations_without,
                                  const std::vector<double> &holds, const std::vector<double> &held_out,
                                  const std::vector<double> &start, std::ostream &report);
} // namespace bmgcreep::calibration
