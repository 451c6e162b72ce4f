#include "app/calibrate_command.h"

#include "calibration/lab_fit.h"
#include "coupling/atomic_file.h"
#include "coupling/lab_summary.h"
#include "coupling/text.h"

#include <deal.II/base/mpi.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace bmgcreep::app
{
  using namespace bmgcreep::calibration;

  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }
  } // namespace

  int run_calibrate(const std::vector<std::string> &args)
  {
    std::string deck, output;
    std::vector<std::string> overrides;
    bool quiet = false;
    for (std::size_t i = 0; i < args.size(); ++i)
      {
        if (args[i] == "--quiet")
          quiet = true;
        else if (args[i] == "--help-deck")
          {
            dealii::ParameterHandler prm;
            material::declare_point_deck(prm);
            declare_calibration(prm);
            prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
            return 0;
          }
        else if (args[i] == "--set" || args[i] == "--output")
          {
            if (i + 1 >= args.size())
              throw std::invalid_argument(args[i] + " needs a value");
            (args[i] == "--set" ? overrides.push_back(args[i + 1]) : void(output = args[i + 1]));
            ++i;
          }
        else if (!args[i].empty() && args[i][0] == '-')
          throw std::invalid_argument("unknown option " + args[i]);
        else if (deck.empty())
          deck = args[i];
        else
          throw std::invalid_argument("one deck at a time; got " + deck + " and " + args[i]);
      }
    if (deck.empty())
      throw std::invalid_argument("calibrate needs a deck with a Calibration subsection");
    if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1)
      throw std::invalid_argument("calibrate runs on one process: run it without mpirun");

    dealii::ParameterHandler prm;
    material::declare_point_deck(prm);
    declare_calibration(prm);
    material::parse_deck(prm, deck, overrides);
    const material::PointCase base = material::point_case_from(prm, deck);
    CalibrationSettings settings = read_calibration(prm, deck);
    std::string lab_path = settings.lab_summary.empty() ? base.lab_summary_path : settings.lab_summary;
    if (lab_path.empty())
      throw material::InputError(deck + ": no lab summary to fit: set Calibration/Lab summary or Comparison/Lab summary");
    if (!settings.lab_summary.empty() && !std::filesystem::path(lab_path).is_absolute())
      lab_path = (std::filesystem::path(deck).parent_path() / lab_path).string();
    std::vector<LabCondition> lab;
    try
      {
        lab = read_lab_summary(lab_path);
      }
    catch (const std::runtime_error &e)
      {
        throw material::InputError(e.what());
      }
    const auto obs = lab_observations(lab, settings);
    if (obs.size() < settings.parameters.size())
      throw material::InputError(deck + ": " + std::to_string(obs.size()) + " observations cannot determine " +
                                 std::to_string(settings.parameters.size()) + " parameters");
    if (output.empty())
      output = "results/" + std::filesystem::absolute(deck).parent_path().filename().string() + "-calibration";

    const auto t0 = std::chrono::steady_clock::now();
    const LabFit fit(deck, prm, settings, obs);
    std::vector<double> x0;
    for (const auto &p : settings.parameters)
      x0.push_back(p.start);
    const Residuals f = [&fit](const std::vector<double> &u) { return fit.residuals(u); };
    const std::size_t n = settings.parameters.size(), m = obs.size();
    LeastSquaresResult best = minimize(f, n, m, settings.method, {fit.scaled(x0)}, settings.starts, settings.seed,
                                       settings.max_evaluations);
    unsigned int evaluations = best.evaluations;
    const auto J = jacobian(f, best.u, 1e-3, evaluations);
    std::vector<double> scale(n);
    for (std::size_t i = 0; i < n; ++i)
      scale[i] = settings.parameters[i].derivative(best.u[i]);
    const Uncertainty unc = uncertainty(J, scale);
    const std::vector<double> x = fit.physical(best.u);
    const std::vector<double> model = fit.predict(x);
    const double fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const unsigned int fit_evaluations = evaluations;

    std::filesystem::create_directories(output);
    std::ostringstream params, corr, fitcsv, report;
    params << "parameter,value,standard_error,lower,upper,scale,at_bound,identifiable\n";
    for (std::size_t i = 0; i < n; ++i)
      {
        const auto &p = settings.parameters[i];
        const bool at_bound = best.u[i] < 1e-6 || best.u[i] > 1.0 - 1e-6;
        params << "\"" << p.path << "\"," << num(x[i]) << "," << num(unc.standard_error[i]) << "," << num(p.lower) << ","
               << num(p.upper) << "," << (p.log ? "log" : "linear") << "," << (at_bound ? "yes" : "no") << ","
               << (unc.identifiable[i] ? "yes" : "no") << "\n";
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
    for (std::size_t i = 0; i < m; ++i)
      fitcsv << num(obs[i].hold_fraction) << "," << obs[i].observable << "," << num(obs[i].measured) << ","
             << num(obs[i].uncertainty) << "," << num(model[i]) << "," << num(model[i] - obs[i].measured) << ","
             << num((model[i] - obs[i].measured) / obs[i].uncertainty) << "\n";
    const unsigned int dof = m > n ? static_cast<unsigned int>(m - n) : 0;
    report << "# Calibration of " << deck << "\n\n"
           << "Law `" << base.law->name() << "`, fitted to `" << lab_path << "` with PETSc TAO "
           << (settings.method == Method::pounders ? "POUNDERS" : "BRGN") << ": " << best.starts << " starts, "
 << fit_evaluations << " forward runs (" << fit.failed_runs() << " failed), " << std::fixed << std::setprecision(1)
           << fit_seconds << " s; best start: " << best.reason << ".\n\n"
           << std::defaultfloat << "chi^2 = " << num(best.chi2) << " over " << m << " observations and " << n
           << " parameters (" << dof << " degrees of freedom). Standard errors from the Jacobian at the optimum, "
           << "(J^T J)^-1 with residuals weighted by the stated uncertainties (not rescaled by chi^2/dof).\n\n"
           << "| parameter | value | standard error | bounds | identifiable |\n|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < n; ++i)
      report << "| " << settings.parameters[i].path << " | " << to_text(x[i]) << " | " << to_text(unc.standard_error[i])
             << " | " << to_text(settings.parameters[i].lower) << " - " << to_text(settings.parameters[i].upper) << " | "
             << (unc.identifiable[i] ? "yes" : "**no**") << " |\n";
    report << "\n| hold fraction | observable | measured | fitted | (fitted - measured) / uncertainty |\n|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < m; ++i)
      report << "| " << to_text(obs[i].hold_fraction) << " | " << obs[i].observable << " | " << to_text(obs[i].measured)
             << " | " << to_text(model[i]) << " | " << to_text((model[i] - obs[i].measured) / obs[i].uncertainty) << " |\n";
    // Leave-one-out: refit without each hold (from the best fit), predict the hold left out.
    std::ostringstream loo;
    loo << "left_out_hold_fraction,observable,measured,uncertainty,predicted,relative_error,weighted_error\n";
    if (settings.leave_one_out)
      {
        report << "\n## Leave-one-out prediction\n\nEach hold refitted out (one start, from the best fit) and predicted:\n\n"
               << "| hold left out | observable | measured | predicted | relative error |\n|---|---|---|---|---|\n";
        for (const auto &c : lab)
          {
            if (c.hold_fraction == 0.0)
              continue;
            const auto kept = lab_observations(lab, settings, {c.hold_fraction});
            std::vector<Observation> left;
            for (const auto &o : obs)
              if (std::abs(o.hold_fraction - c.hold_fraction) < 1e-9)
                left.push_back(o);
            if (kept.size() < n || left.empty())
              continue;
            const LabFit sub(deck, prm, settings, kept);
            const Residuals g = [&sub](const std::vector<double> &u) { return sub.residuals(u); };
            const auto b = minimize(g, n, kept.size(), settings.method, {best.u}, 1, settings.seed, settings.max_evaluations);
            evaluations += b.evaluations + 1;
            const auto predicted = model_values(sub.run(sub.physical(b.u), {c.hold_fraction}), left);
            for (std::size_t i = 0; i < left.size(); ++i)
              {
                const double rel = (predicted[i] - left[i].measured) / std::abs(left[i].measured);
                loo << num(c.hold_fraction) << "," << left[i].observable << "," << num(left[i].measured) << ","
                    << num(left[i].uncertainty) << "," << num(predicted[i]) << "," << num(rel) << ","
                    << num((predicted[i] - left[i].measured) / left[i].uncertainty) << "\n";
                report << "| " << to_text(c.hold_fraction) << " | " << left[i].observable << " | " << to_text(left[i].measured)
                       << " | " << to_text(predicted[i]) << " | " << to_text(100.0 * rel) << " % |\n";
              }
          }
        write_file_atomically(output + "/loo.csv", loo.str());
      }
    const std::string command_line = "bmgcreep calibrate " + deck + " --output " + output;
    write_file_atomically(output + "/parameters.csv", params.str());
    write_file_atomically(output + "/correlation.csv", corr.str());
    write_file_atomically(output + "/fit.csv", fitcsv.str());
    write_file_atomically(output + "/fit-report.md", report.str());
    write_file_atomically(output + "/calibrated.prm", "# Written by `" + command_line + "` (bmgcreep " +
                                                        std::string(BMGCREEP_VERSION) + "): " + base.law->name() +
                                                        " fitted to " + lab_path + "; see fit-report.md.\n" +
                                                        fit.deck_text(x));
    if (!quiet)
      {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cout << "calibrate: fit " << best.starts << " starts, " << fit_evaluations << " forward runs, " << std::fixed
                  << std::setprecision(1) << fit_seconds << " s; with leave-one-out " << evaluations << " runs, " << seconds
                  << " s; chi^2 = " << std::setprecision(3) << best.chi2 << " ("
                  << m << " observations, " << n << " parameters)\n";
        for (std::size_t i = 0; i < n; ++i)
          std::cout << "  " << settings.parameters[i].path << " = " << to_text(x[i]) << " +- "
                    << to_text(unc.standard_error[i]) << (unc.identifiable[i] ? "" : "  (not identifiable from these data)")
                    << "\n";
        std::cout << "outputs: " << output << "/calibrated.prm, parameters.csv, correlation.csv, fit.csv, "
                  << (settings.leave_one_out ? "loo.csv, " : "") << "fit-report.md\n";
      }
    return 0;
  }
} // namespace bmgcreep::app
