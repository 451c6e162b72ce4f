// The numbers a fit matches: observations of a lab summary, of an MD campaign summary and of
// lab creep curves, each with its uncertainty, and the model's value of each in a point-case
// result (with the trend comparison of an MD fit).
#pragma once

#include "calibration/settings.h"
#include "continuum/material/point_case.h"
#include "coupling/lab_summary.h"
#include "coupling/md_summary.h"

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// One measured value: the observable of the condition with this hold fraction (0: as cast).
  struct Observation
  {
    double hold_fraction = 0.0;
    /// lab: yield_stress_MPa | relaxation_enthalpy_J_per_g | density_g_per_cm3 | residual_strain;
    /// MD campaign: yield_stress_MPa (as quenched) | enthalpy_change_J_per_g | density_change_percent |
    /// yield_change_percent | creep_strain | residual_strain (changes against the as-cast state)
    std::string observable;
    double measured = 0.0;
    double uncertainty = 1.0;   ///< one standard deviation, same unit
    double time_s = std::nan(""); ///< creep_strain_at_... observations: time since the hold began
  };

  /// The observations of a lab summary (the as-cast row gives its yield stress only; holds in
  /// `skip` are left out), each with its uncertainty from the file or the settings' default.
  std::vector<Observation> lab_observations(const std::vector<LabCondition> &lab, const CalibrationSettings &s,
                                            const std::vector<double> &skip = {});

  /// The hold fraction a zero-stress MD hold (an anneal) is fitted at: the protocol's lowest.
  constexpr double zero_stress_hold_fraction = 1e-3;

  /// The observations of an MD campaign summary (coupling/md_summary.h): the as-quenched peak
  /// yield stress, and per hold (at its mean fraction of yield; a zero-stress hold at
  /// zero_stress_hold_fraction) the changes against the as-quenched glass and the creep and
  /// residual strains; each uncertainty is the standard error of the mean, or the settings'
  /// default when that is larger (two samples can agree by chance). Holds in `skip` are left out.
  std::vector<Observation> md_observations(const std::vector<MdCampaignCondition> &md, const CalibrationSettings &s,
                                           const std::vector<double> &skip = {});
  /// The hold fraction an MD condition is fitted at: its target fraction of yield, or with
  /// `measured` that scaled by the measured over the target hold stress (what the atoms felt);
  /// a zero-stress hold at zero_stress_hold_fraction.
  double md_fit_fraction(const MdCampaignCondition &c, bool measured);

  /// The observations of lab creep curves: one per point, "creep_strain_at_<t>_s", with the
  /// curve's uncertainty or the settings' default; the hold fraction from the curve's header
  /// (or its stress over `reference_yield_MPa`); a temperature other than `temperature_K` is refused.
  std::vector<Observation> creep_curve_observations(const std::vector<std::string> &paths, const CalibrationSettings &s,
                                                    double reference_yield_MPa, double temperature_K);

  /// The model's value of each observation (matched by hold fraction) in a point-case result;
  /// a creep-strain point is the hold's strain gained since loading ended, interpolated in time.
  std::vector<double> model_values(const material::PointCaseResult &r, const std::vector<Observation> &obs);

  /// Trend signs and relative errors of a fitted model against MD changes: one row per change
  /// observation in `obs` (enthalpy, density and yield change; others are skipped), the sign
  /// right when model and MD change have the same sign (both against the as-quenched glass).
  std::vector<material::ComparisonRow> md_comparison(const material::PointCaseResult &r, const std::vector<Observation> &obs);
  /// The data of a fit, read as the deck's Calibration subsection names them: a lab summary or
  /// an MD campaign summary (with lab creep curves), the holds, and the observations fitted.
  struct FitData
  {
    bool md_data = false;                ///< an MD campaign summary (else a lab summary)
    std::vector<LabCondition> lab;       ///< lab data (as cast first), when !md_data
    std::vector<MdCampaignCondition> md; ///< MD data (as quenched first), when md_data
    std::string path;                    ///< the data file, either kind
    std::vector<double> holds;           ///< every hold of the data (MD: at md_fit_fraction)
    std::vector<double> held_out;        ///< holds not in Calibration/Fit holds: predicted, not fitted
    std::vector<Observation> fitted;     ///< the observations fitted (with the creep-curve points)
    std::vector<std::string> warnings;   ///< lab rows not of the deck's protocol, fitted anyway (warn)
    /// The data's observations (no creep-curve points) under settings `s`, holds in `skip` left out.
    std::vector<Observation> observations(const CalibrationSettings &s, const std::vector<double> &skip) const;
    /// The observations of every hold, Fit holds ignored: what a fitted model is compared with.
    std::vector<Observation> every_hold(const CalibrationSettings &s) const;
  };

  /// Reads the data `settings` names for `deck` (files relative to the deck's folder; a lab fit
  /// defaults to the point case's Comparison/Lab summary), the MD summary's critical ratio into
  /// `settings`, and checks them: two MD conditions at one fraction, a Fit hold the data do not
  /// have, and fewer observations than parameters without priors are InputErrors naming `deck`.
  FitData read_fit_data(const std::string &deck, CalibrationSettings &settings, const material::PointCase &base);
} // namespace bmgcreep::calibration
