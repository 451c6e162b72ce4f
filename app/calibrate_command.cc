#include "app/calibrate_command.h"

#include "continuum/material/observable_table.h"

#include "app/command_line.h"

#include "calibration/lab_fit.h"
#include "calibration/leave_one_out.h"
#include "calibration/trend_figure.h"
#include "calibration/posterior.h"
#include "calibration/physical_checks.h"
#include "coupling/atomic_file.h"
#include "coupling/output_folder.h"
#include "coupling/lab_summary.h"
#include "coupling/md_summary.h"
#include "continuum/solver/creep_case.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <deal.II/base/mpi.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace bmgcreep::app
{
  using namespace bmgcreep::calibration;

  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }

    /// What model selection compares, for one deck's fit.
    struct Outcome
    {
      std::string deck, law;
      std::size_t parameters = 0, observations = 0;
      double chi2 = 0.0;
      double loo_rms = std::nan(""); ///< root mean square of the weighted leave-one-out errors
      unsigned int loo_unpredicted = 0; ///< left-out values the refit could not run
      unsigned int signs = 0, sign_count = 0;
      std::map<std::string, double> relative_error; ///< "<observable>@<fraction>" of the changes
      double prediction_rms = std::nan("");          ///< of held-out holds (Fit holds), relative
      double critical_ratio = std::nan("");          ///< the fitted model's (with an MD summary)
      PhysicalChecks checks;                         ///< of a lab fit (empty for an MD fit)
      bool checked = false;
      unsigned int evaluations = 0;
      double seconds = 0.0;
    };

    /// Marks a staging folder as this command's (coupling/output_folder.h for the final folder).
    const std::string staging_marker = ".bmgcreep-staging";

    /// This command's files in an output folder: a user's file of one of these names is refused.
    const std::vector<std::string> output_names = {
      "calibrated.prm", "parameters.csv", "correlation.csv", "fit.csv", "comparison.csv", "loo.csv", "prediction.csv",
      "posterior.csv", "bands.csv", "bridge.csv", "fit-trends.png", "fit-trends.gp", "model-curve.csv", "data-points.csv",
      "verify-fe.csv", "verify-fe.prm", "fit-report.md", "lab-points.csv"};

    /// Fits one deck and writes its outputs to `final_output`: all of them, or (on an error)
    /// none. They are made in a sibling folder `<final_output>.partial` (the same depth, so
    /// relative paths in the decks written there hold) and moved in at the end, after this
    /// command's files from an earlier run are removed, so none is stale.
    Outcome calibrate_deck(const std::string &deck, const std::vector<std::string> &overrides,
                           const std::string &final_output, const bool quiet, const bool verify_fe)
    {
      const std::string output = [&final_output] {
        std::filesystem::path dir = std::filesystem::absolute(final_output).lexically_normal();
        if (dir.filename().empty()) // "results/fit/" or "."
          dir = dir.parent_path();
        return (dir.parent_path() / (dir.filename().string() + ".partial")).string();
      }();
      struct RemoveStaging
      {
        std::string dir;
        ~RemoveStaging()
        {
          std::error_code ignored;
          std::filesystem::remove_all(dir, ignored);
        }
      } staging{""};
      dealii::ParameterHandler prm;
      solver::declare_deck(prm); // the point deck and Cylinder (for --verify-fe)
      declare_calibration(prm);
      bmgcreep::parse_deck(prm, deck, overrides);
      const material::PointCase base = material::point_case_from(prm, deck);
      CalibrationSettings settings = read_calibration(prm, deck);
      // Files the Calibration subsection names are relative to the deck, as the deck's own are.
      const auto from_deck = [&deck](const std::string &file) {
        return std::filesystem::path(file).is_absolute() ? file : (std::filesystem::path(deck).parent_path() / file).string();
      };
      // The data: a lab summary, or an MD campaign summary (the law at MD scales).
      const bool md_data = !settings.md_campaign.empty();
      std::vector<LabCondition> lab;
      std::vector<MdCampaignCondition> md;
      std::string lab_path; // the data file, either kind
      try
        {
          if (md_data)
            {
              lab_path = from_deck(settings.md_campaign);
              md = read_md_campaign_summary(lab_path);
            }
          else
            {
              lab_path = settings.lab_summary.empty() ? base.lab_summary_path : from_deck(settings.lab_summary);
              if (lab_path.empty())
                throw InputError(deck + ": no data to fit: set Calibration/Lab summary, Comparison/Lab summary "
                                                  "or Calibration/MD campaign summary");
              lab = read_lab_summary(lab_path);
            }
        }
      catch (const InputError &)
        {
          throw;
        }
      catch (const std::runtime_error &e)
        {
          throw InputError(md_data ? deck + ": Calibration/MD campaign summary: " + e.what() : std::string(e.what()));
        }
      const auto data_observations = [&](const CalibrationSettings &s, const std::vector<double> &skip) {
        return md_data ? md_observations(md, s, skip) : lab_observations(lab, s, skip);
      };
      if (!settings.md_summary.empty())
        {
          try
            {
              const CriticalRatio cr = critical_ratio_from_md(from_deck(settings.md_summary));
              settings.critical_ratio = cr.value;
              settings.critical_ratio_sd = cr.uncertainty;
              settings.md_summary = cr.how;
            }
          catch (const std::runtime_error &e)
            {
              throw InputError(deck + ": Calibration/MD summary: " + e.what());
            }
        }
      std::vector<double> lab_holds, held_out; // every lab hold, and those not in Fit holds
      for (const auto &c : lab)
        if (c.hold_fraction > 0.0)
          lab_holds.push_back(c.hold_fraction);
      for (std::size_t i = 1; i < md.size(); ++i)
        {
          const double f = md_fit_fraction(md[i], settings.md_measured_stress);
          for (std::size_t j = 1; j < i; ++j)
            if (has_fraction({md_fit_fraction(md[j], settings.md_measured_stress)}, f))
              throw InputError(deck + ": Calibration/MD campaign summary " + lab_path + ": " + md[j].name + " and " +
                                         md[i].name + " are both fitted at " + num(f) + " of yield (MD hold stress = " +
                                         (settings.md_measured_stress ? "measured" : "target") +
                                         "): the conditions of a fit must differ in hold stress");
          lab_holds.push_back(f);
        }
      for (const double f : lab_holds)
        if (!settings.fit_holds.empty() && !has_fraction(settings.fit_holds, f))
          held_out.push_back(f);
      for (const double f : settings.fit_holds)
        if (!has_fraction(lab_holds, f))
          {
            std::string holds;
            for (const double g : lab_holds)
              holds += (holds.empty() ? "" : ", ") + num(g);
            throw InputError(deck + ": Calibration/Fit holds: " + num(f) + " is not a hold of " + lab_path +
                                       " (its holds: " + holds + ")");
          }
      auto obs = data_observations(settings, held_out);
      if (!settings.creep_curves.empty())
        {
          std::vector<std::string> paths;
          for (const auto &c : settings.creep_curves)
            paths.push_back(from_deck(c));
          try
            {
              for (const auto &o : creep_curve_observations(paths, settings, units::pa_to_mpa(base.protocol.reference_yield),
                                                            base.specimen.temperature))
                obs.push_back(o);
            }
          catch (const std::runtime_error &e)
            {
              throw InputError(deck + ": Calibration/Creep curves: " + e.what());
            }
        }
      const std::size_t n = settings.parameters.size();
      if (obs.size() < n && std::none_of(settings.parameters.begin(), settings.parameters.end(),
                                         [](const FitParameter &p) { return p.has_prior(); }))
        throw InputError(deck + ": " + std::to_string(obs.size()) + " observations cannot determine " +
                                   std::to_string(n) + " parameters without priors");

      const auto t0 = std::chrono::steady_clock::now();
      const LabFit fit(deck, prm, settings, obs);
      const std::size_t m = fit.residual_count();
      std::vector<double> x0;
      for (const auto &p : settings.parameters)
        x0.push_back(p.start);
      const Residuals f = [&fit](const std::vector<double> &u) { return fit.residuals(u); };
      LeastSquaresResult best = minimize(f, n, m, settings.method, {fit.scaled(x0)}, settings.starts, settings.seed,
                                         settings.max_evaluations, 1e-4, settings.screening);
      unsigned int evaluations = best.evaluations;
      const auto J = jacobian(f, best.u, 1e-3, evaluations);
      std::vector<double> scale(n);
      for (std::size_t i = 0; i < n; ++i)
        scale[i] = settings.parameters[i].derivative(best.u[i]);
      const Uncertainty unc = uncertainty(J, scale);
      const std::vector<double> x = fit.physical(best.u);
      const std::vector<double> model = [&] {
        try
          {
            return fit.predict(x);
          }
        catch (const std::exception &e)
          {
            if (is_deck_error(e))
              throw;
            throw std::runtime_error(deck + ": no start of the fit found parameters at which every condition runs (" +
                                     std::to_string(evaluations) + " forward runs, " + std::to_string(fit.failed_runs()) +
                                     " failed; the best: " + e.what() + "): add Calibration/Starts or narrow the bounds");
          }
      }();
      const double fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const unsigned int fit_evaluations = evaluations;

      Outcome out;
      out.deck = deck;
      out.law = base.law->name();
      out.parameters = n;
      out.observations = m;
      out.chi2 = best.chi2;

      // The staging folder: one this command made (a killed run's) is replaced, anything else refused.
      if (std::filesystem::exists(output) && !std::filesystem::exists(std::filesystem::path(output) / staging_marker))
        throw std::runtime_error(output + ": exists and was not made by bmgcreep calibrate (no " + staging_marker +
                                 " in it): move it, or choose another --output");
      std::filesystem::remove_all(output);
      std::filesystem::create_directories(output);
      write_file_atomically(output + "/" + staging_marker, "staging folder of bmgcreep calibrate\n");
      staging.dir = output;
      std::ostringstream params, corr, fitcsv, report;
      params << "parameter,value,standard_error,lower,upper,scale,prior_mean,prior_sd,at_bound,identifiable\n";
      for (std::size_t i = 0; i < n; ++i)
        {
          const auto &p = settings.parameters[i];
          const bool at_bound = best.u[i] < 1e-6 || best.u[i] > 1.0 - 1e-6;
          params << "\"" << p.path << "\"," << num(x[i]) << "," << num(unc.standard_error[i]) << "," << num(p.lower) << ","
                 << num(p.upper) << "," << (p.log ? "log" : "linear") << "," << num(p.prior_mean) << "," << num(p.prior_sd)
                 << "," << (at_bound ? "yes" : "no") << "," << (unc.identifiable[i] ? "yes" : "no") << "\n";
        }
      corr << "parameter";
      for (const auto &p : settings.parameters)
        corr << ",\"" << p.path << "\"";
      corr << "\n";
      for (std::size_t i = 0; i < n; ++i)
        {
          corr << "\"" << settings.parameters[i].path << "\"";
          for (std::size_t j = 0; j < n; ++j)
            corr << "," << num(unc.correlation[i][j]);
          corr << "\n";
        }
      fitcsv << "hold_fraction_of_yield,observable,measured,uncertainty,fitted,residual,weighted_residual\n";
      for (std::size_t i = 0; i < obs.size(); ++i)
        fitcsv << num(obs[i].hold_fraction) << "," << obs[i].observable << "," << num(obs[i].measured) << ","
               << num(obs[i].uncertainty) << "," << num(model[i]) << "," << num(model[i] - obs[i].measured) << ","
               << num((model[i] - obs[i].measured) / obs[i].uncertainty) << "\n";
      const std::size_t dof = m > n ? m - n : 0;
      report << "# Calibration of " << deck << "\n\n"
             << "Law `" << out.law << "`, fitted to `" << lab_path << "` with PETSc TAO "
             << (settings.method == Method::pounders ? "POUNDERS" : "BRGN") << ": " << best.starts << " starts, "
             << fit_evaluations << " forward runs (" << fit.failed_runs() << " failed), " << std::fixed << std::setprecision(1)
             << fit_seconds << " s; best start: " << best.reason << ".\n\n"
             << std::defaultfloat << "chi^2 = " << num(best.chi2) << " over " << m << " residuals (" << obs.size()
             << " observations" << (m > obs.size() ? " and " + std::to_string(m - obs.size()) + " priors" : std::string())
             << ") and " << n << " parameters (" << dof << " degrees of freedom). Standard errors from the Jacobian at "
             << "the optimum, (J^T J)^-1 with residuals weighted by the stated uncertainties (not rescaled by chi^2/dof).\n\n"
             << "| parameter | value | standard error | bounds | prior | identifiable |\n|---|---|---|---|---|---|\n";
      for (std::size_t i = 0; i < n; ++i)
        {
          const auto &p = settings.parameters[i];
          report << "| " << p.path << " | " << to_text(x[i]) << " | " << to_text(unc.standard_error[i]) << " | "
                 << to_text(p.lower) << " - " << to_text(p.upper) << " | "
                 << (p.has_prior() ? to_text(p.prior_mean) + " +- " + to_text(p.prior_sd) : std::string("-")) << " | "
                 << (unc.identifiable[i] ? "yes" : "**no**") << " |\n";
        }
      report << "\n| hold fraction | observable | measured | fitted | (fitted - measured) / uncertainty |\n|---|---|---|---|---|\n";
      for (std::size_t i = 0; i < obs.size(); ++i)
        report << "| " << to_text(obs[i].hold_fraction) << " | " << obs[i].observable << " | " << to_text(obs[i].measured)
               << " | " << to_text(model[i]) << " | " << to_text((model[i] - obs[i].measured) / obs[i].uncertainty) << " |\n";

      // Metropolis posterior: parameter quantiles, effective sample sizes, prediction bands.
      std::vector<std::vector<double>> posterior_samples; // physical, at most 200 of the chain, evenly spaced
      if (settings.mcmc_samples > 0)
        {
          const PosteriorResult post = posterior(fit, f, best, unc, scale, settings, obs, model, report);
          evaluations += post.evaluations;
          posterior_samples = post.samples;
          write_file_atomically(output + "/posterior.csv", post.posterior_csv);
          write_file_atomically(output + "/bands.csv", post.bands_csv);
          if (!quiet)
            std::cout << post.summary << "\n";
        }

      // Trend signs and relative errors of the changes against the as-cast row, on all holds.
      CalibrationSettings every_hold = settings;
      every_hold.fit_holds.clear();
      // (Holds the fit did not run, held out by Fit holds, may fail at the fitted parameters:
      // those holds are then left out of the comparison, with a note.)
      std::string comparison_failure;
      const material::PointCaseResult on_every_hold = fit.run_upwards(x, lab_holds, comparison_failure);
      std::vector<Observation> compared;
      for (const auto &o : data_observations(every_hold, {}))
        if (std::any_of(on_every_hold.conditions.begin(), on_every_hold.conditions.end(),
                        [&o](const material::ConditionResult &c) { return std::abs(c.hold_fraction - o.hold_fraction) < 1e-9; }))
          compared.push_back(o);
      const auto comparison = md_data ? md_comparison(on_every_hold, compared) : material::compare_with_lab(on_every_hold, lab_path);
      for (const auto &row : comparison)
        {
          out.sign_count += 1;
          out.signs += row.trend_sign_agrees ? 1 : 0;
          out.relative_error[row.observable + "@" + num(row.hold_fraction)] = row.relative_error;
        }
      write_file_atomically(output + "/comparison.csv", material::comparison_csv(comparison));
      report << "\nTrend signs against the as-cast state: " << out.signs << " of " << out.sign_count
             << " right (comparison.csv).\n";
      if (!comparison_failure.empty())
        report << "(the comparison stops below the first hold the fitted model cannot run: " << comparison_failure << ")\n";
      // What the fitted law does beyond the fitted numbers (lab fits): see physical_checks.h.
      if (!md_data)
        {
          out.checks = physical_checks(fit, x, lab_holds, lab_path, posterior_samples);
          out.checked = true;
          const PhysicalChecks &pc = out.checks;
          report << "\n## Physical checks\n\n"
                 << "- creep of the " << to_text(pc.top_hold_fraction) << " hold: " << to_text(100.0 * pc.top_hold_creep)
                 << " %; " << (pc.any_accelerating ? "some hold creeps at a rising rate (tertiary)" : "every hold decelerates")
                 << "\n- unloaded control (zero stress for the hold time): "
                 << (pc.control_failure.empty()
                       ? "density " + to_text(pc.control_density_change_pct) + " %, enthalpy " +
                           to_text(pc.control_enthalpy_change) + " J/g, yield " + to_text(pc.control_yield_change_pct) + " %"
                       : "could not run (" + pc.control_failure + ")")
                 << "\n- every fitted parameter at 0.95 and 1.05 of its value: "
                 << (pc.signs_survive_5pct ? "all trend signs survive, no hold fails"
                                           : std::to_string(pc.robustness_failures.size()) + " of " +
                                               std::to_string(2 * n) + " moves break them:")
                 << (pc.moves_beyond_bounds ? " (" + std::to_string(pc.moves_beyond_bounds) + " moves beyond a physical bound skipped)" : "")
                 << "\n";
          for (const auto &f : pc.robustness_failures)
            report << "  - " << f << "\n";
          for (const auto &rs : pc.residual_strain)
            report << "- energy balance of the " << to_text(rs.hold_fraction) << " hold: the lab's enthalpy rise of "
                   << to_text(rs.lab_enthalpy_rise) << " J/g needs at least " << to_text(100.0 * rs.least_strain)
                   << " % inelastic strain at " << to_text(rs.hold_stress_MPa)
                   << " MPa (all the work stored); residual strain of the model " << to_text(100.0 * rs.model_residual_strain)
                   << " % (" << (rs.model_consistent() ? "consistent" : "too small: the model stores more than its work")
                   << ")"
                   << (std::isnan(rs.lab_residual_strain) ? ", of the lab not measured"
                                                          : ", of the lab " + to_text(100.0 * rs.lab_residual_strain) + " %" +
                                                              (rs.lab_residual_strain >= rs.least_strain ? "" : " (below the bound)"))
                   << "\n";
          if (pc.posterior_checked > 0)
            report << "- posterior samples with every trend sign (no hold failing): " << to_text(100.0 * pc.posterior_fraction)
                   << " % of " << pc.posterior_checked << "\n";
          else if (settings.mcmc_samples > 0)
            report << "- posterior samples: not counted (the chain accepted under 5 % of its proposals)\n";
        }
      // The fitted model's critical ratio, and its standard error by the delta method: central
      // differences in the scaled parameters (one-sided where a neighbour fails) through the
      // covariance. A ratio at the grid's ends is a bound, not a value.
      const auto ratio_at = [&fit](const std::vector<double> &u) {
        try
          {
            return fit.critical_ratio(fit.physical(u));
          }
        catch (const std::exception &e) // e.g. runaway creep on the grid's highest holds
          {
            if (is_deck_error(e))
              throw;
            return std::nan("");
          }
      };
      out.critical_ratio = ratio_at(best.u);
      evaluations += 1;
      const double lowest = critical_ratio_grid().front();
      const bool ratio_bounded = out.critical_ratio <= lowest + 1e-12 || out.critical_ratio >= 1.0;
      double ratio_se = std::nan("");
      std::string ratio_why;
      if (std::isnan(out.critical_ratio))
        ratio_why = "the fitted model fails on the grid's holds";
      else if (ratio_bounded)
        ratio_why = "a bound, not a crossing";
      else
        {
          std::vector<double> dr_du(n, 0.0);
          for (std::size_t i = 0; i < n && ratio_why.empty(); ++i)
            {
              std::vector<double> up = best.u, down = best.u;
              up[i] = std::min(1.0, best.u[i] + 1e-3);
              down[i] = std::max(0.0, best.u[i] - 1e-3);
              // A neighbour whose ratio is a bound (grid end) has no value to difference.
              const auto value = [lowest](const double r) { return r <= lowest + 1e-12 || r >= 1.0 ? std::nan("") : r; };
              const double r_up = value(ratio_at(up)), r_down = value(ratio_at(down));
              evaluations += 2;
              if (std::isfinite(r_up) && std::isfinite(r_down))
                dr_du[i] = (r_up - r_down) / (up[i] - down[i]);
              else if (std::isfinite(r_up) && up[i] > best.u[i])
                dr_du[i] = (r_up - out.critical_ratio) / (up[i] - best.u[i]);
              else if (std::isfinite(r_down) && down[i] < best.u[i])
                dr_du[i] = (out.critical_ratio - r_down) / (best.u[i] - down[i]);
              else
                ratio_why = "models on both sides of the fit in " + settings.parameters[i].path + " fail on the grid's holds";
              if (ratio_why.empty() && !unc.identifiable[i] && dr_du[i] != 0.0)
                ratio_why = "it depends on " + settings.parameters[i].path + ", which the data do not determine";
            }
          if (ratio_why.empty())
            ratio_se = delta_method_sd(dr_du, unc, scale);
        }
      std::string ratio_text;
      if (std::isnan(out.critical_ratio))
        ratio_text = "not determined (" + ratio_why + ")";
      else if (out.critical_ratio >= 1.0)
        ratio_text = "> " + to_text(critical_ratio_grid().back()) + " (the enthalpy change never turns positive on the grid)";
      else if (ratio_bounded)
        ratio_text = "<= " + to_text(lowest) + " (the enthalpy change is never negative on the grid)";
      else
        ratio_text = to_text(out.critical_ratio) + (std::isfinite(ratio_se) ? " +- " + to_text(ratio_se) + " (delta method)"
                                                                             : " (standard error not determined: " + ratio_why + ")");
      report << "\nCritical stress ratio of the fitted model (where a hold's enthalpy change turns positive: bracketed "
                "on holds 0.30, 0.35, ..., 0.90, then bisection to " << critical_ratio_tolerance << " of yield): "
             << ratio_text << ".\n";
      if (md_data)
        {
          if (!(std::isfinite(ratio_se) && ratio_se > 0.0 && !ratio_bounded))
            report << "No bridge.csv: the fitted model's critical ratio is not determined.\n";
          else
            {
              write_file_atomically(output + "/bridge.csv",
                                    "# What the MD-scale fit of " + deck + " carries to a lab fit (docs/calibration.md, the "
                                    "bridge):\n# name this file as Calibration/MD summary of a lab deck.\n"
                                    "quantity,value,unit\ncritical_ratio," + num(out.critical_ratio) +
                                      ",-\ncritical_ratio_uncertainty," + num(ratio_se) + ",-\n");
              report << "bridge.csv carries this critical ratio to a lab fit (Calibration/MD summary).\n";
            }
        }
      if (settings.has_critical_ratio())
        report << "MD-to-lab bridge: the fit also matched the MD critical ratio " << to_text(settings.critical_ratio)
               << " +- " << to_text(settings.critical_ratio_sd) << " (" << settings.md_summary << ").\n";

      // Holds not fitted (Fit holds): predicted by the fit.
      if (!held_out.empty())
        {
          std::vector<Observation> predicted_obs;
          CalibrationSettings all = settings;
          all.fit_holds.clear();
          for (const auto &o : data_observations(all, {}))
            if (has_fraction(held_out, o.hold_fraction))
              predicted_obs.push_back(o);
          const PredictionResult prediction = predict_held_out(fit, x, predicted_obs, held_out, report);
          out.prediction_rms = prediction.rms;
          write_file_atomically(output + "/prediction.csv", prediction.csv);
        }

      // Leave-one-out: refit without each fitted hold (from the best fit), predict it.
      if (settings.leave_one_out)
        {
          const LeaveOneOutResult loo =
            leave_one_out(deck, prm, settings, obs, data_observations, lab_holds, held_out, best.u, report);
          evaluations += loo.evaluations;
          out.loo_unpredicted += loo.unpredicted;
          if (!std::isnan(loo.rms))
            out.loo_rms = loo.rms;
          write_file_atomically(output + "/loo.csv", loo.csv);
        }
      // Trends against hold stress: the model on a fine grid of holds, the lab points, one panel
      // per observable, drawn by gnuplot when it is installed (fit-trends.gp stays either way).
      {
        TrendFigureData figure;
        figure.md_data = md_data;
        figure.lab = lab;
        figure.md = md;
        figure.md_measured_stress = settings.md_measured_stress;
        figure.lab_holds = lab_holds;
        figure.law = out.law;
        write_trend_figure(fit, x, figure, output, report);
      }

      out.evaluations = evaluations;
      out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

      const std::string command_line = "bmgcreep calibrate " + deck + " --output " + final_output;
      write_file_atomically(output + "/parameters.csv", params.str());
      write_file_atomically(output + "/correlation.csv", corr.str());
      write_file_atomically(output + "/fit.csv", fitcsv.str());
      write_file_atomically(output + "/fit-report.md", report.str());
      write_file_atomically(output + "/calibrated.prm", "# Written by `" + command_line + "` (bmgcreep " +
                                                          std::string(BMGCREEP_VERSION) + "): " + out.law + " fitted to " +
                                                          lab_path + "; see fit-report.md.\n" + fit.deck_text(x, final_output, md_data ? lab_holds : std::vector<double>{}));
      // --verify-fe: the calibrated deck on the finite-element cylinder (its Cylinder subsection,
      // or the default axisymmetric mesh), observable by observable against the point model.
      if (verify_fe)
        {
          std::string holds;
          for (const double f : lab_holds)
            holds += (holds.empty() ? "" : ", ") + num(f);
          std::vector<std::string> fe_overrides = {"Protocol/Hold fractions=" + holds};
          // verify-fe.prm: calibrated.prm (a point deck) plus the deck's Cylinder subsection.
          dealii::ParameterHandler cylinder;
          solver::CylinderParameters::declare_parameters(cylinder);
          std::ostringstream json, cylinder_text;
          prm.print_parameters(json, dealii::ParameterHandler::JSON);
          std::istringstream json_in(json.str());
          cylinder.parse_input_from_json(json_in, true);
          cylinder.print_parameters(cylinder_text, dealii::ParameterHandler::ShortPRM);
          write_file_atomically(output + "/verify-fe.prm",
                                "# The calibrated deck on the finite-element cylinder (bmgcreep calibrate --verify-fe)\n"
                                "include calibrated.prm\n" + without_empty_subsections(cylinder_text.str()));
          const auto fe_start = std::chrono::steady_clock::now();
          const solver::CreepCase creep = solver::read_creep_case(output + "/verify-fe.prm", fe_overrides);
          const material::PointCaseResult fe = solver::run_creep_case(creep, nullptr);
          const double fe_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - fe_start).count();
          const auto fe_values = model_values(fe, obs);
          std::ostringstream csv;
          csv << "hold_fraction_of_yield,observable,point_model,finite_elements,relative_difference\n";
          double worst = 0.0;
          for (std::size_t i = 0; i < obs.size(); ++i)
            {
              const double d = (fe_values[i] - model[i]) / std::abs(model[i]);
              worst = std::max(worst, std::abs(d));
              csv << num(obs[i].hold_fraction) << "," << obs[i].observable << "," << num(model[i]) << "," << num(fe_values[i])
                  << "," << num(d) << "\n";
            }
          write_file_atomically(output + "/verify-fe.csv", csv.str());
          report << "\n## The fit on the finite-element cylinder (--verify-fe)\n\nThe calibrated deck run with `creep` ("
                 << to_text(fe_seconds) << " s): largest relative difference from the point model " << to_text(100.0 * worst)
                 << " % (verify-fe.csv).\n";
          if (!quiet)
            std::cout << "verify-fe: the calibrated deck on the cylinder in " << std::fixed << std::setprecision(1) << fe_seconds
                      << " s, largest relative difference from the point model " << std::setprecision(3) << 100.0 * worst
                      << " % (verify-fe.csv)\n";
          write_file_atomically(output + "/fit-report.md", report.str());
        }

      // Every output is made: each replaces an earlier run's file (rename replaces atomically),
      // then this command's files that this run did not make go.
      std::filesystem::create_directories(final_output);
      std::vector<std::string> made;
      for (const auto &entry : std::filesystem::directory_iterator(output))
        {
          const std::string name = entry.path().filename().string();
          if (entry.is_regular_file() && name.find(".tmp") == std::string::npos && name.rfind(".bmgcreep", 0) != 0)
            made.push_back(name);
        }
      std::sort(made.begin(), made.end());
      const std::vector<std::string> previous = manifest(final_output);
      {
        // listed before they are there: the manifest never misses a file
        std::vector<std::string> listed = previous;
        for (const auto &name : made)
          if (std::find(listed.begin(), listed.end(), name) == listed.end())
            listed.push_back(name);
        write_manifest(final_output, listed);
      }
      for (const auto &name : made)
        std::filesystem::rename(std::filesystem::path(output) / name, std::filesystem::path(final_output) / name);
      for (const auto &name : previous) // an earlier run's outputs that this run did not make
        if (std::find(made.begin(), made.end(), name) == made.end())
          {
            std::error_code ignored;
            std::filesystem::remove(std::filesystem::path(final_output) / name, ignored);
          }
      write_manifest(final_output, made);

      if (!quiet)
        {
          std::cout << "calibrate " << deck << " (" << out.law << "): fit " << best.starts << " starts, " << fit_evaluations
                    << " forward runs, " << std::fixed << std::setprecision(1) << fit_seconds << " s; in all " << evaluations
                    << " runs, " << out.seconds << " s; chi^2 = " << std::setprecision(3) << best.chi2 << " (" << m
                    << " residuals, " << n << " parameters), trend signs " << out.signs << "/" << out.sign_count << "\n";
          for (std::size_t i = 0; i < n; ++i)
            std::cout << "  " << settings.parameters[i].path << " = " << to_text(x[i]) << " +- "
                      << to_text(unc.standard_error[i]) << (unc.identifiable[i] ? "" : "  (not identifiable from these data)")
                      << "\n";
          std::cout << "critical stress ratio of the fitted model: " << ratio_text << "\n";
          if (out.checked)
            std::cout << "physical checks: creep at " << to_text(out.checks.top_hold_fraction) << " "
                      << to_text(100.0 * out.checks.top_hold_creep) << " %"
                      << (out.checks.any_accelerating ? " (a hold accelerates)" : ", every hold decelerating")
                      << "; unloaded control dH " << to_text(out.checks.control_enthalpy_change) << " J/g; signs "
                      << (out.checks.signs_survive_5pct ? "survive" : "do not survive") << " +-5 % on every parameter"
                      << (out.checks.signs_survive_5pct ? "" : " (" + std::to_string(out.checks.robustness_failures.size()) +
                                                                   " of " + std::to_string(2 * n) + " moves break them)")
                      << (out.checks.posterior_checked ? "; " + to_text(100.0 * out.checks.posterior_fraction) +
                                                           " % of posterior samples give them all"
                                                       : "")
                      << "\n";
          std::cout << "outputs: " << final_output << "/calibrated.prm, parameters.csv, correlation.csv, fit.csv, comparison.csv, "
                    << (std::filesystem::exists(final_output + "/bridge.csv") && md_data ? "bridge.csv, " : "")
                    << (settings.leave_one_out ? "loo.csv, " : "") << (held_out.empty() ? "" : "prediction.csv, ")
                    << (settings.mcmc_samples > 0 ? "posterior.csv, bands.csv, " : "")
                    << "fit-trends.png, fit-report.md\n";
        }
      return out;
    }
  } // namespace

  int run_calibrate(const std::vector<std::string> &args)
  {
    const CommandLine cl = parse_command_line(args, {"--quiet", "--verify-fe", "--help-deck"}, {"--output"});
    if (cl.has("--help-deck"))
      {
        dealii::ParameterHandler prm;
        solver::declare_deck(prm);
        declare_calibration(prm);
        prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
        return 0;
      }
    const std::vector<std::string> &decks = cl.positional, &overrides = cl.overrides;
    std::string output = cl.value("--output");
    const bool quiet = cl.has("--quiet"), verify_fe = cl.has("--verify-fe");
    if (decks.empty())
      throw std::invalid_argument("calibrate needs a deck with a Calibration subsection");
    if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1)
      throw std::invalid_argument("calibrate runs on one process: run it without mpirun");
    if (output.empty())
      output = "results/" + std::filesystem::absolute(decks[0]).parent_path().filename().string() + "-calibration";
    // The output folders, before any work: locked for this run, and refused where a file this
    // command writes is a user's (coupling/output_folder.h).
    const OutputLock lock(output);
    const auto is_output = [](const std::string &name) {
      return std::find(output_names.begin(), output_names.end(), name) != output_names.end();
    };
    if (decks.size() == 1)
      {
        refuse_foreign_outputs(output, is_output);
        calibrate_deck(decks[0], overrides, output, quiet, verify_fe);
        return 0;
      }
    // Model selection: each deck (a law) fitted to the same data, in DIR/<deck name>/.
    refuse_foreign_outputs(output, [](const std::string &name) { return name == "model-selection.csv"; });
    for (const auto &d : decks)
      refuse_foreign_outputs(output + "/" + std::filesystem::path(d).stem().string(), is_output);
    {
      const auto listed = manifest(output);
      if (std::find(listed.begin(), listed.end(), "model-selection.csv") != listed.end())
        std::filesystem::remove(std::filesystem::path(output) / "model-selection.csv"); // an earlier run's
    }
    std::vector<Outcome> outcomes;
    for (const auto &d : decks)
      outcomes.push_back(
        calibrate_deck(d, overrides, output + "/" + std::filesystem::path(d).stem().string(), quiet, verify_fe));
    std::vector<std::string> keys;
    for (const auto &[k, v] : outcomes.front().relative_error)
      keys.push_back(k);
    std::ostringstream csv;
    csv << "deck,law,parameters,residuals,chi2,aic,aicc,bic,loo_rms_weighted_error,loo_unpredicted,prediction_rms_relative_error,critical_ratio,trend_signs_right,trend_signs";
    for (const auto &k : keys)
      csv << ",relative_error_" << k;
    csv << ",top_hold_creep,any_creep_accelerating,control_density_change_pct,control_enthalpy_change_J_per_g,"
           "control_yield_change_pct,signs_survive_5pct,posterior_fraction_all_signs,residual_strain_within_energy_balance,"
           "forward_runs,seconds\n";
    for (const auto &o : outcomes)
      {
        // Gaussian errors of known size: -2 ln L = chi^2 + constant.
        const double k = static_cast<double>(o.parameters), m = static_cast<double>(o.observations);
        const double aic = o.chi2 + 2.0 * k, bic = o.chi2 + k * std::log(m);
        const double aicc = m - k - 1.0 > 0.0 ? aic + 2.0 * k * (k + 1.0) / (m - k - 1.0) : std::nan("");
        csv << o.deck << "," << o.law << "," << o.parameters << "," << o.observations << "," << num(o.chi2) << "," << num(aic)
            << "," << num(aicc) << "," << num(bic) << "," << num(o.loo_rms) << "," << o.loo_unpredicted << "," << num(o.prediction_rms) << "," << num(o.critical_ratio) << "," << o.signs
            << "," << o.sign_count;
        for (const auto &key : keys)
          csv << "," << num(o.relative_error.count(key) ? o.relative_error.at(key) : std::nan(""));
        const PhysicalChecks &pc = o.checks;
        csv << "," << num(pc.top_hold_creep) << "," << (o.checked ? (pc.any_accelerating ? "1" : "0") : "nan") << ","
            << num(pc.control_density_change_pct) << "," << num(pc.control_enthalpy_change) << ","
            << num(pc.control_yield_change_pct) << "," << (o.checked ? (pc.signs_survive_5pct ? "1" : "0") : "nan") << ","
            << num(pc.posterior_fraction) << ","
            << (o.checked ? (pc.residual_strain_consistent() ? "1" : "0") : "nan");
        csv << "," << o.evaluations << "," << num(o.seconds) << "\n";
      }
    write_output(output, "model-selection.csv", csv.str());
    if (!quiet)
      std::cout << "model selection: " << output << "/model-selection.csv\n";
    return 0;
  }
} // namespace bmgcreep::app
