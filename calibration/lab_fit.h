// Fitting a point deck's constitutive parameters to a lab summary: the deck's subsection
// Calibration names the parameters (deck paths such as "Material/Free volume/Migration energy"),
// their bounds and scales, the observables and their default uncertainties; the forward model is
// the material-point protocol driver run on the lab's hold fractions.
#pragma once

#include "calibration/least_squares.h"
#include "continuum/material/point_case.h"
#include "coupling/lab_summary.h"
#include "coupling/md_summary.h"

#include <deal.II/base/parameter_handler.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  struct FitParameter
  {
    std::string path;           ///< deck entry, "Section/Subsection/Key"
    double lower = 0.0, upper = 1.0;
    bool log = false;           ///< scaled logarithmically between the bounds (both > 0)
    double start = 0.0;         ///< the deck's own value (a start of the fit)
    double prior_mean = std::nan(""), prior_sd = std::nan(""); ///< Gaussian prior (NaN: none)
    bool has_prior() const { return !std::isnan(prior_sd); }

    double value(double u) const;        ///< physical value at scaled u in [0, 1]
    double scaled(double x) const;       ///< inverse of value()
    double derivative(double u) const;   ///< dx/du
  };

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

  struct CalibrationSettings
  {
    std::vector<FitParameter> parameters;
    Method method = Method::pounders;
    unsigned int starts = 4, seed = 1, max_evaluations = 300;
    unsigned int screening = 1; ///< Latin-hypercube points evaluated per start, the best kept (1: all kept)
    std::vector<std::string> observables = {"yield_stress_MPa", "relaxation_enthalpy_J_per_g", "density_g_per_cm3"};
    std::string lab_summary;
    double enthalpy_uncertainty = 0.3;   ///< J/g
    double yield_uncertainty = 20.0;     ///< MPa
    double density_uncertainty = 0.005;  ///< g/cm^3
    double residual_strain_uncertainty = 1e-4;
    std::string md_campaign;             ///< campaign-summary.csv fitted instead of a lab summary ("" = none)
    bool md_measured_stress = false;     ///< MD holds at the stress the barostat held (else the target)
    std::vector<std::string> md_observables = {"yield_stress_MPa", "enthalpy_change_J_per_g", "density_change_percent",
                                               "yield_change_percent", "creep_strain", "residual_strain"};
    double density_change_uncertainty = 0.01; ///< %, least standard deviation of MD density changes
    double yield_change_uncertainty = 1.0;    ///< %, least standard deviation of MD yield changes
    bool leave_one_out = true;           ///< refit without each hold and predict it
    std::vector<double> fit_holds;       ///< hold fractions fitted (empty: all); the rest are predicted
    std::string md_summary;              ///< MD summary whose critical stress ratio the fit should match ("" = none)
    double critical_ratio = std::nan(""), critical_ratio_sd = std::nan(""); ///< from it (-)
    bool has_critical_ratio() const { return !std::isnan(critical_ratio_sd); }
    std::vector<std::string> creep_curves; ///< lab creep curves (coupling/creep_curve.h) fitted too
    double creep_strain_uncertainty = 2e-5; ///< default standard deviation of their points (-)
    unsigned int mcmc_samples = 0;       ///< Metropolis posterior samples kept (0: none)
    unsigned int mcmc_burn_in = 500;
  };

  /// The hold fraction at which the model's relaxation-enthalpy change (against as cast) first
  /// turns from negative to positive, interpolated between the result's holds; 1 if it never
  /// does, the first hold's fraction if it is never negative.
  double model_critical_ratio(const material::PointCaseResult &r);
  /// Hold fractions are matched to 1e-9: is `f` in `list`?
  bool has_fraction(const std::vector<double> &list, double f);
  /// `a` and `b` merged, sorted, each fraction once.
  std::vector<double> merged_fractions(std::vector<double> a, const std::vector<double> &b);

  /// The hold fractions on which the critical ratio is bracketed: 0.30, 0.35, ..., 0.90.
  std::vector<double> critical_ratio_grid();
  /// Width (fraction of yield) to which the reported critical ratio is found by bisection.
  constexpr double critical_ratio_tolerance = 1e-4;
  /// The root of `change` (the enthalpy change of a hold at a fraction of yield) in [lo, hi],
  /// where change_lo < 0 <= change_hi: bisection to `tolerance`, then the secant in the last
  /// bracket.
  double refine_crossing(const std::function<double(double)> &change, double lo, double change_lo, double hi,
                         double change_hi, double tolerance);

  /// Declares subsection Calibration (with the point deck's sections declared by the caller).
  void declare_calibration(dealii::ParameterHandler &prm);
  /// Reads subsection Calibration of a parsed deck and checks it against the deck (every
  /// parameter an existing numeric entry, bounds inside its range and ordered); throws
  /// InputError naming `deck`, key and allowed values.
  CalibrationSettings read_calibration(dealii::ParameterHandler &prm, const std::string &deck);

  /// The observations of a lab summary (the as-cast row gives its yield stress only; holds in
  /// `skip` are left out), each with its uncertainty from the file or the settings' default.
  std::vector<Observation> lab_observations(const std::vector<LabCondition> &lab, const CalibrationSettings &s,
                                            const std::vector<double> &skip = {});

  /// An error of the deck or data (the command stops), as opposed to a forward run that fails
  /// at the parameters tried (a Newton failure, runaway creep, a hold above the model's yield
  /// stress), which a fit steps around.
  bool is_deck_error(const std::exception &e);

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

  /// A parameter file's text without its empty subsections ("subsection X" then "end", at any
  /// depth, also those emptied by removing others).
  std::string without_empty_subsections(const std::string &text);

  /// Sets the entry "Section/Sub/Key" of `prm` to `value` (checked against its pattern).
  void set_entry(dealii::ParameterHandler &prm, const std::string &path, const std::string &value);

  /// The forward model of a fit: the deck's point case with the fitted parameters set, run on
  /// the hold fractions of the observations.
  class LabFit
  {
  public:
    /// `prm`: the parsed deck (point sections and Calibration), copied.
    LabFit(const std::string &deck, const dealii::ParameterHandler &prm, CalibrationSettings settings,
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
    /// holds, whose fractions come from the data).
    std::string deck_text(const std::vector<double> &x, const std::string &directory,
                          const std::vector<double> &holds = {}) const;

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
