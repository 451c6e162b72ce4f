// `bmgcreep calibrate` as a library: one deck's fit from start to outputs. The deck is read,
// its data and observations (observations.h), the fit by TAO from several starts
// (least_squares.h) through the forward model (forward_model.h), the uncertainty, the posterior
// (posterior.h), the trend comparison, the physical checks (physical_checks.h), the critical
// ratio (critical_ratio.h), predictions and leave-one-out (leave_one_out.h), the trend figure
// (trend_figure.h), the calibrated deck and --verify-fe (verify_fe.h); every output is made in
// a staging folder and moved in at the end (coupling/output_folder.h).
#pragma once

#include "calibration/model_selection.h"

#include <deal.II/base/parameter_handler.h>

#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  struct CalibrateOptions
  {
    std::string deck;                   ///< a point deck with a Calibration subsection
    std::vector<std::string> overrides; ///< --set values, "Section/Key=value"
    std::string output;                 ///< the output folder
    std::ostream *console = nullptr;    ///< the summary lines (nullptr: none)
    bool verify_fe = false;             ///< also run the calibrated deck on the finite-element cylinder
    bool check = false;                 ///< read and check the deck and its data, print the effective deck, fit nothing
  };

  /// Declares every entry of a calibration deck: the point deck, Cylinder (for --verify-fe) and
  /// Calibration.
  void declare_calibration_deck(dealii::ParameterHandler &prm);

  /// The names of the files calibrate writes into its output folder (a user's file of one of
  /// these names there is refused before any work).
  const std::vector<std::string> &calibration_output_names();

  /// Fits `options.deck` and writes its outputs to `options.output`: all of them, or (on an
  /// error) none. Throws InputError for a bad deck or data, std::runtime_error when no start of
  /// the fit finds parameters at which every condition runs.
  CalibrationOutcome calibrate(const CalibrateOptions &options);
} // namespace bmgcreep::calibration
