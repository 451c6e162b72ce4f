#include "calibration/calibrate.h"

#include "calibration/fit_report.h"
#include "calibration/forward_model.h"
#include "calibration/leave_one_out.h"
#include "calibration/posterior.h"
#include "calibration/trend_figure.h"
#include "calibration/verify_fe.h"
#include "continuum/solver/creep_case.h"
#include "coupling/atomic_file.h"
#include "coupling/console.h"
#include "coupling/output_folder.h"
#include "coupling/text.h"
#include "deck/deck.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace bmgcreep::calibration
{

  namespace
  {
    /// The holds the data fitted: every hold of the data but those Calibration/Fit holds leaves
    /// out (they are predicted), for calibrated.prm's Validity range.
    std::vector<double> fitted_holds(const FitData &data)
    {
      std::vector<double> fitted;
      for (const double f : data.holds)
        if (std::none_of(data.held_out.begin(), data.held_out.end(),
                         [&](const double h) { return std::abs(h - f) < 1e-9; }))
          fitted.push_back(f);
      return fitted;
    }
  } // namespace
  void declare_calibration_deck(dealii::ParameterHandler &prm)
  {
    solver::declare_deck(prm); // the point deck and Cylinder (for --verify-fe)
    declare_calibration(prm);
  }

  const std::vector<std::string> &calibration_output_names()
  {
    static const std::vector<std::string> names = {
      "calibrated.prm", "parameters.csv", "correlation.csv", "fit.csv", "comparison.csv", "loo.csv", "prediction.csv",
      "posterior.csv", "bands.csv", "bridge.csv", "fit-trends.png", "fit-trends.gp", "model-curve.csv", "data-points.csv",
      "verify-fe.csv", "verify-fe.prm", "fit-report.md", "lab-points.csv", "deck-used.prm"};
    return names;
  }

  namespace
  {
    double seconds_since(const std::chrono::steady_clock::time_point start)
    {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

    /// The least-squares fit and its uncertainty.
    struct Fit
    {
      LeastSquaresResult best;
      unsigned int evaluations = 0;  ///< of the fit and its Jacobian
      std::vector<double> scale;     ///< dx/du at the optimum
      Uncertainty uncertainty;
      std::vector<double> x, model;  ///< the optimum (physical) and the model's values there
      double seconds = 0.0;
    };

    Fit fit_parameters(const ForwardModel &model, const std::string &deck, std::ostream *console)
    {
      const CalibrationSettings &s = model.settings();
      const auto start = std::chrono::steady_clock::now();
      const std::size_t n = s.parameters.size();
      std::vector<double> x0;
      for (const auto &p : s.parameters)
        x0.push_back(p.start);
      // The progress: a bar over the fit's budget of forward runs (screening, then each start's
      // evaluations at most; TAO stops most starts before theirs, so the bar jumps at the end).
      Console *progress = dynamic_cast<Console *>(console);
      const unsigned int budget = std::max(1u, s.starts * (s.screening > 1 ? s.screening : 0u) + s.starts * s.max_evaluations);
      unsigned int runs = 0;
      double best = HUGE_VAL;
      const Residuals f = [&](const std::vector<double> &u) {
        const std::vector<double> r = model.residuals(u);
        double chi2 = 0.0;
        for (const double v : r)
          chi2 += v * v;
        if (std::isfinite(chi2))
          best = std::min(best, chi2);
        if (progress)
          {
            ++runs;
            progress->step("fit: forward run " + std::to_string(runs) + ", chi2 " + to_text(chi2));
            progress->bar("fit", std::min(0.99, runs / double(budget)),
                          "forward run " + std::to_string(runs) + " of at most " + std::to_string(budget) +
                            (std::isfinite(best) ? ", best chi2 " + to_text(best) : std::string()),
                          std::min(0.99, runs / double(budget)));
          }
        return r;
      };
      if (console)
        *console << "fit: " << n << " parameters to " << model.residual_count() << " observations, " << s.starts
                 << " starts of at most " << s.max_evaluations << " forward runs each"
                 << (s.screening > 1 ? " (screened from " + std::to_string(s.screening * s.starts) + " points)" : std::string())
                 << "\n";
      Fit r;
      r.best = minimize(f, n, model.residual_count(), s.method, {model.scaled(x0)}, s.starts, s.seed, s.max_evaluations,
                        1e-4, s.screening);
      if (console)
        *console << "fit: best chi2 " << to_text(r.best.chi2) << " after " << r.best.evaluations << " forward runs ("
                 << std::fixed << std::setprecision(1) << seconds_since(start) << std::defaultfloat
                 << " s); the Jacobian at the optimum for the uncertainty\n";
      r.evaluations = r.best.evaluations;
      const auto J = jacobian(f, r.best.u, 1e-3, r.evaluations);
      for (std::size_t i = 0; i < n; ++i)
        r.scale.push_back(s.parameters[i].derivative(r.best.u[i]));
      r.uncertainty = uncertainty(J, r.scale);
      r.x = model.physical(r.best.u);
      try
        {
          r.model = model.predict(r.x);
        }
      catch (const std::exception &e)
        {
          if (is_deck_error(e))
            throw;
          throw std::runtime_error(deck + ": no start of the fit found parameters at which every condition runs (" +
                                   std::to_string(r.evaluations) + " forward runs, " + std::to_string(model.failed_runs()) +
                                   " failed; the best: " + e.what() + "): add Calibration/Starts or narrow the bounds");
        }
      r.seconds = seconds_since(start);
      return r;
    }

    /// Trend signs and relative errors of the changes against the as-cast row, on every hold
    /// of the data (holds held out by Fit holds may fail at the fitted parameters: those are
    /// then left out, with a note); writes comparison.csv.
    void compare_trends(const ForwardModel &model, const Fit &fit, const FitData &data, const std::string &dir,
                        CalibrationOutcome &out, std::ostream &report)
    {
      std::string failure;
      const material::PointCaseResult on_every_hold = model.run_upwards(fit.x, data.holds, failure);
      std::vector<Observation> compared;
      for (const auto &o : data.every_hold(model.settings()))
        if (std::any_of(on_every_hold.conditions.begin(), on_every_hold.conditions.end(),
                        [&o](const material::ConditionResult &c) { return std::abs(c.hold_fraction - o.hold_fraction) < 1e-9; }))
          compared.push_back(o);
      const auto comparison =
        data.md_data ? md_comparison(on_every_hold, compared) : material::compare_with_lab(on_every_hold, data.path);
      for (const auto &row : comparison)
        {
          out.sign_count += 1;
          out.signs += row.trend_sign_agrees ? 1 : 0;
          out.relative_error[row.observable + "@" + to_text_precise(row.hold_fraction)] = row.relative_error;
        }
      write_file_atomically(dir + "/comparison.csv", material::comparison_csv(comparison));
      report << "\nTrend signs against the as-cast state: " << out.signs << " of " << out.sign_count
             << " right (comparison.csv).\n";
      if (!failure.empty())
        report << "(the comparison stops below the first hold the fitted model cannot run: " << failure << ")\n";
    }

    /// The critical ratio's paragraph, and for an MD fit bridge.csv, which carries it to a lab fit.
    void report_critical_ratio(const FittedCriticalRatio &ratio, const CalibrationSettings &s, const FitData &data,
                               const std::string &deck, const std::string &dir, std::ostream &report)
    {
      report << "\nCritical stress ratio of the fitted model (where a hold's enthalpy change turns positive: bracketed "
                "on holds 0.30, 0.35, ..., 0.90, then bisection to "
             << critical_ratio_tolerance << " of yield): " << ratio.text() << ".\n";
      if (data.md_data)
        {
          if (!ratio.determined())
            report << "No bridge.csv: the fitted model's critical ratio is not determined.\n";
          else
            {
              write_file_atomically(dir + "/bridge.csv",
                                    "# What the MD-scale fit of " + deck + " carries to a lab fit (docs/calibration.md, the "
                                    "bridge):\n# name this file as Calibration/MD summary of a lab deck.\n"
                                    "quantity,value,unit\ncritical_ratio," + to_text_precise(ratio.value) +
                                      ",-\ncritical_ratio_uncertainty," + to_text_precise(ratio.standard_error) + ",-\n");
              report << "bridge.csv carries this critical ratio to a lab fit (Calibration/MD summary).\n";
            }
        }
      if (s.has_critical_ratio())
        report << "MD-to-lab bridge: the fit also matched the MD critical ratio " << to_text(s.critical_ratio) << " +- "
               << to_text(s.critical_ratio_sd) << " (" << s.md_summary << ").\n";
    }

    /// What was checked against data the fit did not use: held-out holds (Fit holds) and
    /// leave-one-out; prediction.csv and loo.csv.
    void predict_unfitted(const ForwardModel &model, const Fit &fit, const FitData &data, const std::string &deck,
                          const dealii::ParameterHandler &prm, const std::string &dir, CalibrationOutcome &out,
                          std::ostream &report)
    {
      const CalibrationSettings &s = model.settings();
      if (!data.held_out.empty())
        {
          std::vector<Observation> predicted;
          for (const auto &o : data.every_hold(s))
            if (has_fraction(data.held_out, o.hold_fraction))
              predicted.push_back(o);
          const PredictionResult prediction = predict_held_out(model, fit.x, predicted, data.held_out, report);
          out.prediction_rms = prediction.rms;
          write_file_atomically(dir + "/prediction.csv", prediction.csv);
        }
      if (s.leave_one_out)
        {
          const auto observations_without = [&data](const CalibrationSettings &c, const std::vector<double> &skip) {
            return data.observations(c, skip);
          };
          const LeaveOneOutResult loo = leave_one_out(deck, prm, s, data.fitted, observations_without, data.holds,
                                                      data.held_out, fit.best.u, report);
          out.evaluations += loo.evaluations;
          out.loo_unpredicted += loo.unpredicted;
          if (!std::isnan(loo.rms))
            out.loo_rms = loo.rms;
          write_file_atomically(dir + "/loo.csv", loo.csv);
        }
    }

    void print_summary(std::ostream &console, const CalibrationOutcome &out, const Fit &fit, const CalibrationSettings &s, const FitData &data,
                       const std::string &ratio, const std::string &final_output)
    {
      const std::size_t n = s.parameters.size();
      console << "calibrate " << out.deck << " (" << out.law << "): fit " << fit.best.starts << " starts, "
                << fit.evaluations << " forward runs, " << std::fixed << std::setprecision(1) << fit.seconds << " s; in all "
                << out.evaluations << " runs, " << out.seconds << " s; chi^2 = " << std::setprecision(3) << fit.best.chi2
                << " (" << out.observations << " residuals, " << n << " parameters), trend signs " << out.signs << "/"
                << out.sign_count << "\n";
      for (std::size_t i = 0; i < n; ++i)
        console << "  " << s.parameters[i].path << " = " << to_text(fit.x[i]) << " +- "
                  << to_text(fit.uncertainty.standard_error[i])
                  << (fit.uncertainty.identifiable[i] ? "" : "  (not identifiable from these data)") << "\n";
      console << "critical stress ratio of the fitted model: " << ratio << "\n";
      if (out.checked)
        console << physical_checks_line(out.checks, n) << "\n";
      console << "outputs: " << final_output << "/calibrated.prm, parameters.csv, correlation.csv, fit.csv, comparison.csv, "
                << (std::filesystem::exists(final_output + "/bridge.csv") && data.md_data ? "bridge.csv, " : "")
                << (s.leave_one_out ? "loo.csv, " : "") << (data.held_out.empty() ? "" : "prediction.csv, ")
                << (s.mcmc_samples > 0 ? "posterior.csv, bands.csv, " : "") << "fit-trends.png, fit-report.md\n";
    }
  } // namespace

  CalibrationOutcome calibrate(const CalibrateOptions &o)
  {
    dealii::ParameterHandler prm;
    declare_calibration_deck(prm);
    parse_deck(prm, o.deck, o.overrides);
    const material::PointCase base = material::point_case_from(prm, o.deck);
    CalibrationSettings settings = read_calibration(prm, o.deck);
    const FitData data = read_fit_data(o.deck, settings, base);
    if (o.console && !o.check)
      {
        for (const std::string &w : repeated_settings(o.deck, o.overrides)) // each a "warning: " line
          *o.console << w << "\n";
        for (const std::string &w : data.warnings)
          *o.console << w << "\n";
      }
    const std::string deck_used =
      effective_deck(prm, o.deck, o.overrides,
                     {"Comparison/Lab summary", "Calibration/Lab summary", "Calibration/MD campaign summary",
                      "Calibration/MD summary", "Calibration/Creep curves"});
    if (o.check)
      {
        if (o.console)
          *o.console << deck_used << "# " << o.deck << ": checked (" << base.law->name() << ", "
                     << settings.parameters.size() << " parameters, data " << data.path << "); nothing fitted (--check)\n";
        return {};
      }
    // a killed run's staging folder is replaced, anything else refused; the final folder is this deck's
    StagingFolder staging(o.output, "bmgcreep calibrate", run_owner("bmgcreep calibrate", {o.deck}));
    const std::string &dir = staging.path();
    write_file_atomically(dir + "/deck-used.prm", deck_used);

    const auto start = std::chrono::steady_clock::now();
    const ForwardModel model(o.deck, prm, settings, data.fitted);
    const Fit fit = fit_parameters(model, o.deck, o.console);
    CalibrationOutcome out;
    out.deck = o.deck;
    out.law = base.law->name();
    out.parameters = settings.parameters.size();
    out.observations = model.residual_count();
    out.chi2 = fit.best.chi2;
    out.evaluations = fit.evaluations;
    const FitTables tables{settings, fit.best, fit.x, fit.uncertainty, data.fitted, fit.model};
    std::ostringstream report;
    report << report_opening(tables, {o.deck, out.law, data.path, model.residual_count(), fit.evaluations,
                                      model.failed_runs(), fit.seconds});

    // Metropolis posterior: parameter quantiles, effective sample sizes, prediction bands.
    std::vector<std::vector<double>> posterior_samples; // physical, at most 200 of the chain, evenly spaced
    if (settings.mcmc_samples > 0)
      {
        const Residuals f = [&model](const std::vector<double> &u) { return model.residuals(u); };
        const PosteriorResult post =
          posterior(model, f, fit.best, fit.uncertainty, fit.scale, settings, data.fitted, fit.model, report);
        out.evaluations += post.evaluations;
        posterior_samples = post.samples;
        write_file_atomically(dir + "/posterior.csv", post.posterior_csv);
        write_file_atomically(dir + "/bands.csv", post.bands_csv);
        if (o.console)
          *o.console << post.summary << "\n";
      }
    compare_trends(model, fit, data, dir, out, report);
    if (!data.md_data) // what the fitted law does beyond the fitted numbers (physical_checks.h)
      {
        out.checks = physical_checks(model, fit.x, data.holds, data.path, posterior_samples);
        out.checked = true;
        report << physical_checks_report(out.checks, out.parameters, settings.mcmc_samples > 0);
      }
    const FittedCriticalRatio ratio = fitted_critical_ratio(model, fit.best.u, fit.uncertainty, fit.scale);
    out.evaluations += ratio.evaluations;
    out.critical_ratio = ratio.value;
    report_critical_ratio(ratio, settings, data, o.deck, dir, report);
    predict_unfitted(model, fit, data, o.deck, prm, dir, out, report);
    // Trends against hold stress: the model on a fine grid of holds and the data, one panel per
    // observable, drawn by gnuplot when it is installed (fit-trends.gp stays either way).
    write_trend_figure(model, fit.x, {data.md_data, data.lab, data.md, settings.md_measured_stress, data.holds, out.law},
                       dir, report);
    out.seconds = seconds_since(start);

    const std::string command_line = "bmgcreep calibrate " + o.deck + " --output " + o.output;
    write_file_atomically(dir + "/parameters.csv", parameters_csv(tables));
    write_file_atomically(dir + "/correlation.csv", correlation_csv(tables));
    write_file_atomically(dir + "/fit.csv", fit_csv(tables));
    write_file_atomically(dir + "/calibrated.prm",
                          "# Written by `" + command_line + "` (bmgcreep " + std::string(BMGCREEP_VERSION) + "): " +
                            out.law + " fitted to " + data.path + "; see fit-report.md.\n" +
                            model.deck_text(fit.x, o.output, data.md_data ? data.holds : std::vector<double>{},
                                            fitted_holds(data)));
    std::string report_text = report.str();
    if (o.verify_fe)
      {
        const VerifyFeResult fe = verify_fe(prm, data.holds, data.fitted, fit.model, dir, report_text);
        if (o.console)
          *o.console << "verify-fe: the calibrated deck on the cylinder in " << std::fixed << std::setprecision(1)
                    << fe.seconds << " s, largest relative difference from the point model " << std::setprecision(3)
                    << 100.0 * fe.largest_difference << " % (verify-fe.csv)\n";
      }
    write_file_atomically(dir + "/fit-report.md", report_text);
    staging.commit();
    if (o.console)
      print_summary(*o.console, out, fit, settings, data, ratio.text(), o.output);
    return out;
  }
} // namespace bmgcreep::calibration
