#include "calibration/model_selection.h"

#include "coupling/text.h"

#include <sstream>

namespace bmgcreep::calibration
{
  std::string model_selection_csv(const std::vector<CalibrationOutcome> &outcomes)
  {
    const auto num = [](const double x) { return to_text_precise(x); };
    std::vector<std::string> keys;
    for (const auto &[k, v] : outcomes.front().relative_error)
      keys.push_back(k);
    std::ostringstream csv;
    csv << "deck,law,parameters,residuals,chi2,aic,aicc,bic,loo_rms_weighted_error,loo_unpredicted,"
           "prediction_rms_relative_error,critical_ratio,trend_signs_right,trend_signs";
    for (const auto &k : keys)
      csv << ",relative_error_" << k;
    csv << ",top_hold_creep,any_creep_accelerating,control_density_change_percent,control_enthalpy_change_J_per_g,"
           "control_yield_change_percent,signs_survive_5pct,posterior_fraction_all_signs,residual_strain_within_energy_balance,"
           "forward_runs,seconds\n";
    for (const auto &o : outcomes)
      {
        // Gaussian errors of known size: -2 ln L = chi^2 + constant.
        const double k = static_cast<double>(o.parameters), m = static_cast<double>(o.observations);
        const double aic = o.chi2 + 2.0 * k, bic = o.chi2 + k * std::log(m);
        const double aicc = m - k - 1.0 > 0.0 ? aic + 2.0 * k * (k + 1.0) / (m - k - 1.0) : std::nan("");
        csv << o.deck << "," << o.law << "," << o.parameters << "," << o.observations << "," << num(o.chi2) << ","
            << num(aic) << "," << num(aicc) << "," << num(bic) << "," << num(o.loo_rms) << "," << o.loo_unpredicted << ","
            << num(o.prediction_rms) << "," << num(o.critical_ratio) << "," << o.signs << "," << o.sign_count;
        for (const auto &key : keys)
          csv << "," << num(o.relative_error.count(key) ? o.relative_error.at(key) : std::nan(""));
        const PhysicalChecks &pc = o.checks;
        const auto flag = [&o](const bool b) { return o.checked ? (b ? "1" : "0") : "nan"; };
        csv << "," << num(pc.top_hold_creep) << "," << flag(pc.any_accelerating) << "," << num(pc.control_density_change_percent)
            << "," << num(pc.control_enthalpy_change) << "," << num(pc.control_yield_change_percent) << ","
            << flag(pc.signs_survive_5pct) << "," << num(pc.posterior_fraction) << ","
            << flag(pc.residual_strain_consistent());
        csv << "," << o.evaluations << "," << num(o.seconds) << "\n";
      }
    return csv.str();
  }
} // namespace bmgcreep::calibration
