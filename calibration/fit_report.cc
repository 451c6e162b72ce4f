#include "calibration/fit_report.h"

#include "coupling/text.h"

#include <iomanip>
#include <sstream>

namespace bmgcreep::calibration
{
  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }
  } // namespace

  std::string parameters_csv(const FitTables &t)
  {
    std::ostringstream params;
    params << "parameter,value,standard_error,lower,upper,scale,prior_mean,prior_sd,at_bound,identifiable\n";
    for (std::size_t i = 0; i < t.settings.parameters.size(); ++i)
      {
        const auto &p = t.settings.parameters[i];
        const bool at_bound = t.best.u[i] < 1e-6 || t.best.u[i] > 1.0 - 1e-6;
        params << "\"" << p.path << "\"," << num(t.x[i]) << "," << num(t.uncertainty.standard_error[i]) << ","
               << num(p.lower) << "," << num(p.upper) << "," << (p.log ? "log" : "linear") << "," << num(p.prior_mean) << ","
               << num(p.prior_sd) << "," << (at_bound ? "yes" : "no") << ","
               << (t.uncertainty.identifiable[i] ? "yes" : "no") << "\n";
      }
    return params.str();
  }

  std::string correlation_csv(const FitTables &t)
  {
    const auto &parameters = t.settings.parameters;
    std::ostringstream corr;
    corr << "parameter";
    for (const auto &p : parameters)
      corr << ",\"" << p.path << "\"";
    corr << "\n";
    for (std::size_t i = 0; i < parameters.size(); ++i)
      {
        corr << "\"" << parameters[i].path << "\"";
        for (std::size_t j = 0; j < parameters.size(); ++j)
          corr << "," << num(t.uncertainty.correlation[i][j]);
        corr << "\n";
      }
    return corr.str();
  }

  std::string fit_csv(const FitTables &t)
  {
    const auto &obs = t.observations;
    std::ostringstream fitcsv;
    fitcsv << "hold_fraction_of_yield,observable,measured,uncertainty,fitted,residual,weighted_residual\n";
    for (std::size_t i = 0; i < obs.size(); ++i)
      fitcsv << num(obs[i].hold_fraction) << "," << obs[i].observable << "," << num(obs[i].measured) << ","
             << num(obs[i].uncertainty) << "," << num(t.model[i]) << "," << num(t.model[i] - obs[i].measured) << ","
             << num((t.model[i] - obs[i].measured) / obs[i].uncertainty) << "\n";
    return fitcsv.str();
  }

  std::string report_opening(const FitTables &t, const FitRun &run)
  {
    const auto &obs = t.observations;
    const std::size_t n = t.settings.parameters.size(), m = run.residuals;
    const std::size_t dof = m > n ? m - n : 0;
    std::ostringstream report;
    report << "# Calibration of " << run.deck << "\n\n"
           << "Law `" << run.law << "`, fitted to `" << run.data_path << "` with PETSc TAO "
           << (t.settings.method == Method::pounders ? "POUNDERS" : "BRGN") << ": " << t.best.starts << " starts, "
           << run.evaluations << " forward runs (" << run.failed << " failed), " << std::fixed << std::setprecision(1)
           << run.seconds << " s; best start: " << t.best.reason << ".\n\n"
           << std::defaultfloat << "chi^2 = " << num(t.best.chi2) << " over " << m << " residuals (" << obs.size()
           << " observations" << (m > obs.size() ? " and " + std::to_string(m - obs.size()) + " priors" : std::string())
           << ") and " << n << " parameters (" << dof << " degrees of freedom). Standard errors from the Jacobian at "
           << "the optimum, (J^T J)^-1 with residuals weighted by the stated uncertainties (not rescaled by chi^2/dof).\n\n"
           << "| parameter | value | standard error | bounds | prior | identifiable |\n|---|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < n; ++i)
      {
        const auto &p = t.settings.parameters[i];
        report << "| " << p.path << " | " << to_text(t.x[i]) << " | " << to_text(t.uncertainty.standard_error[i]) << " | "
               << to_text(p.lower) << " - " << to_text(p.upper) << " | "
               << (p.has_prior() ? to_text(p.prior_mean) + " +- " + to_text(p.prior_sd) : std::string("-")) << " | "
               << (t.uncertainty.identifiable[i] ? "yes" : "**no**") << " |\n";
      }
    report << "\n| hold fraction | observable | measured | fitted | (fitted - measured) / uncertainty |\n|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < obs.size(); ++i)
      report << "| " << to_text(obs[i].hold_fraction) << " | " << obs[i].observable << " | " << to_text(obs[i].measured)
             << " | " << to_text(t.model[i]) << " | " << to_text((t.model[i] - obs[i].measured) / obs[i].uncertainty) << " |\n";
    return report.str();
  }
} // namespace bmgcreep::calibration
