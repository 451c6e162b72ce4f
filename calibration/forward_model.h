// The forward model of a fit: the deck's point case (material-point protocol driver) with the
// fitted parameters set, run on the hold fractions of the observations; its weighted residuals,
// the runs that fail at extreme parameters counted, and the calibrated deck's text.
#pragma once

#include "calibration/critical_ratio.h"
#include "calibration/observations.h"
#include "calibration/settings.h"

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// An error of the deck or data (the command stops), as opposed to a forward run that fails
  /// at the parameters tried (a Newton failure, runaway creep, a hold above the model's yield
  /// stress), which a fit steps around.
  bool is_deck_error(const std::exception &e);

  /// The forward model of a fit: the deck's point case with the fitted parameters set, run on
  /// the hold fractions of the observations.
  class ForwardModel
  {
  public:
    /// `prm`: the parsed deck (point sections and Calibration), copied.
    ForwardModel(const std::string &deck, const dealii::ParameterHandler &prm, CalibrationSettings settings,
           std::vector<Observation> observations);

    /// Model values at physical parameters `x`; throws what the driver throws.
    std::vector<double> predict(const std::vector<double> &x) const;
    /// Model values at `x` for other hold fractions (prediction of held-out conditions).
    material::PointCaseResult run(const std::vector<double> &x, const std::vector<double> &hold_fractions) const;
    /// The point case that run() runs: the deck with the parameters `x` and those holds.
    material::PointCase point_case(const std::vector<double> &x, const std::vector<double> &hold_fractions) const;
    /// As run(), but when a hold fails (runaway creep, a Newton failure, a hold above the
    /// model's yield) the holds below it are still returned: the holds one at a time, upwards,
    /// up to the first that fails, whose message goes to `failure` ("" when all ran). Deck
    /// errors are thrown.
    material::PointCaseResult run_upwards(const std::vector<double> &x, std::vector<double> hold_fractions,
                                          std::string &failure) const;
    /// Weighted residuals (model - measured) / uncertainty at scaled `u`, then (x - prior mean)
    /// / prior sd for each parameter with a prior (a Gaussian prior is one more observation);
    /// a forward run that fails (a Newton failure at extreme parameters) gives residuals of 1e3.
    std::vector<double> residuals(const std::vector<double> &u) const;

    std::vector<double> physical(const std::vector<double> &u) const;
    std::vector<double> scaled(const std::vector<double> &x) const;
    const CalibrationSettings &settings() const { return s; }
    const std::vector<Observation> &observations() const { return obs; }
    unsigned int failed_runs() const { return failures; }
    /// The model's critical stress ratio at `x`: the fraction of yield where a hold's enthalpy
    /// change crosses zero, bracketed on the critical_ratio_grid() holds (when one fails, e.g.
    /// runaway creep near yield, holds one at a time upwards until the crossing) and found by
    /// bisection to critical_ratio_tolerance; a grid end when there is no crossing inside.
    double critical_ratio(const std::vector<double> &x) const;
    /// Residuals per evaluation: one per observation, one per parameter with a prior, then one
    /// for the MD critical ratio when the settings have one.
    std::size_t residual_count() const;
    /// The deck with the parameters set to `x`, as a point deck (without Calibration), to be
    /// written in `directory` (the lab summary's path is made relative to it).
    /// With `holds`, those are its Protocol/Hold fractions instead of the deck's own (an MD fit's
    /// holds, whose fractions come from the data). Its subsection Validity states the range of
    /// `fitted_holds` (the holds the data fitted; empty: the deck's hold fractions), the
    /// protocol's hold time, temperature and loading rate.
    std::string deck_text(const std::vector<double> &x, const std::string &directory,
                          const std::vector<double> &holds = {}, const std::vector<double> &fitted_holds = {}) const;

  private:
    std::string deck;
    mutable dealii::ParameterHandler prm;
    CalibrationSettings s;
    std::vector<Observation> obs;
    std::vector<double> fractions;
    std::string deck_holds; ///< the deck's own Protocol/Hold fractions
    mutable unsigned int failures = 0;
  };
} // namespace bmgcreep::calibration
