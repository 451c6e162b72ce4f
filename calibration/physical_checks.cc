#include "calibration/physical_checks.h"

#include "coupling/lab_summary.h"
#include "coupling/text.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace bmgcreep::calibration
{
  namespace
  {
    /// Axial creep strain of the hold stage at time t since the hold began (linear interpolation).
    double creep_at(const std::vector<std::pair<double, double>> &curve, const double t)
    {
      if (t <= curve.front().first)
        return curve.front().second;
      for (std::size_t k = 1; k < curve.size(); ++k)
        if (curve[k].first >= t)
          {
            const auto &a = curve[k - 1], &b = curve[k];
            return a.second + (b.second - a.second) * (t - a.first) / (b.first - a.first);
          }
      return curve.back().second;
    }
  } // namespace

  bool creep_accelerates(const material::ConditionResult &hold)
  {
    std::vector<std::pair<double, double>> curve; // (time since the hold began, strain)
    double t0 = std::nan("");
    for (std::size_t k = 0; k < hold.series.size(); ++k)
      {
        const auto &row = hold.series[k];
        if (row.stage != "hold")
          continue;
        if (std::isnan(t0)) // the hold begins where its first step starts
          {
            t0 = row.time - row.step;
            curve.emplace_back(0.0, k > 0 ? hold.series[k - 1].strain : row.strain);
          }
        curve.emplace_back(row.time - t0, row.strain);
      }
    if (curve.size() < 3)
      return false;
    const double T = curve.back().first;
    const double early = (creep_at(curve, T / 2) - creep_at(curve, T / 4)) / (T / 4);
    const double late = (creep_at(curve, T) - creep_at(curve, T / 2)) / (T / 2);
    return late > early;
  }

  double least_inelastic_strain(const double dH_J_per_g, const double density_g_per_cm3, const double stress_MPa)
  {
    // rho dH in J/m^3 (g/cm^3 x 1e6 = g/m^3), over the stress in Pa.
    return 1e6 * density_g_per_cm3 * dH_J_per_g / (1e6 * stress_MPa);
  }

  SignCount trend_signs(const material::PointCaseResult &r, const std::string &lab_path)
  {
    SignCount c;
    for (const auto &row : material::compare_with_lab(r, lab_path))
      {
        ++c.total;
        c.right += row.trend_sign_agrees ? 1 : 0;
      }
    return c;
  }

  PhysicalChecks physical_checks(const ForwardModel &fit, const std::vector<double> &x, const std::vector<double> &fractions,
                                 const std::string &lab_path, const std::vector<std::vector<double>> &samples)
  {
    PhysicalChecks out;
    material::PointCase c = fit.point_case(x, fractions);
    material::PointCaseResult r = material::run_point_case(c, nullptr);
    const auto &top = *std::max_element(r.conditions.begin(), r.conditions.end(),
                                        [](const auto &a, const auto &b) { return a.hold_fraction < b.hold_fraction; });
    out.top_hold_fraction = top.hold_fraction;
    out.top_hold_creep = top.creep_strain;
    for (const auto &h : r.conditions)
      out.any_accelerating = out.any_accelerating || (h.hold_fraction > 0.0 && creep_accelerates(h));
    try
      {
        material::run_controls(c, r);
        const material::ControlChange control = material::control_changes(r).front(); // the unloaded hold
        out.control_density_change_percent = control.density_change_percent;
        out.control_enthalpy_change = control.enthalpy_change;
        out.control_yield_change_percent = control.yield_change_percent;
      }
    catch (const std::exception &e) // e.g. a control that no longer yields within the strain limit
      {
        if (is_deck_error(e))
          throw;
        out.control_failure = e.what();
      }

    const std::vector<LabCondition> lab = read_lab_summary(lab_path);
    for (const LabCondition &l : lab)
      {
        const double rise = l.relaxation_enthalpy_J_per_g - lab.front().relaxation_enthalpy_J_per_g;
        if (l.hold_fraction <= 0.0 || !(rise > 0.0))
          continue;
        ResidualStrainCheck check;
        check.hold_fraction = l.hold_fraction;
        check.hold_stress_MPa = l.hold_stress_MPa > 0.0 ? l.hold_stress_MPa : l.hold_fraction * lab.front().yield_stress_MPa;
        check.lab_enthalpy_rise = rise;
        check.least_strain = least_inelastic_strain(rise, lab.front().density_g_per_cm3, check.hold_stress_MPa);
        check.lab_residual_strain = l.residual_strain;
        for (const auto &m : r.conditions)
          if (std::abs(m.hold_fraction - l.hold_fraction) < 1e-9)
            check.model_residual_strain = m.residual_strain;
        out.residual_strain.push_back(check);
      }

    // All signs right with every hold run (none runs away): a sign count of the run, or 0.
    auto all_signs = [&](const std::vector<double> &xs) {
      const material::PointCaseResult run = fit.run(xs, fractions);
      return trend_signs(run, lab_path).all();
    };
    for (std::size_t i = 0; i < x.size(); ++i)
      for (const double factor : {0.95, 1.05})
        {
          std::vector<double> moved = x;
          moved[i] *= factor;
          const std::string move = fit.settings().parameters[i].path + " x " + to_text(factor);
          try
            {
              if (!all_signs(moved))
                out.robustness_failures.push_back(move + ": a trend sign flips");
            }
          catch (const std::exception &e)
            {
              if (is_deck_error(e))
                ++out.moves_beyond_bounds; // the law refuses it (e.g. beyond the energy bound)
              else
                out.robustness_failures.push_back(move + ": " + e.what());
            }
        }
    out.signs_survive_5pct = out.robustness_failures.empty();
    if (!samples.empty())
      {
        unsigned int good = 0;
        for (const auto &xs : samples)
          {
            ++out.posterior_checked;
            try
              {
                good += all_signs(xs) ? 1 : 0;
              }
            catch (const std::exception &e)
              {
                if (is_deck_error(e))
                  throw;
              }
          }
        out.posterior_fraction = double(good) / out.posterior_checked;
      }
    return out;
  }

  std::string physical_checks_report(const PhysicalChecks &pc, const std::size_t n, const bool mcmc)
  {
    std::ostringstream report;
    report << "\n## Physical checks\n\n"
           << "- creep of the " << to_text(pc.top_hold_fraction) << " hold: " << to_text(100.0 * pc.top_hold_creep)
           << " %; " << (pc.any_accelerating ? "some hold creeps at a rising rate (tertiary)" : "every hold decelerates")
           << "\n- unloaded control (zero stress for the hold time): "
           << (pc.control_failure.empty()
                 ? "density " + to_text(pc.control_density_change_percent) + " %, enthalpy " +
                     to_text(pc.control_enthalpy_change) + " J/g, yield " + to_text(pc.control_yield_change_percent) + " %"
                 : "could not run (" + pc.control_failure + ")")
           << "\n- every fitted parameter at 0.95 and 1.05 of its value: "
           << (pc.signs_survive_5pct ? "all trend signs survive, no hold fails"
                                     : std::to_string(pc.robustness_failures.size()) + " of " + std::to_string(2 * n) +
                                         " moves break them:")
           << (pc.moves_beyond_bounds ? " (" + std::to_string(pc.moves_beyond_bounds) + " moves beyond a physical bound skipped)" : "")
           << "\n";
    for (const auto &f : pc.robustness_failures)
      report << "  - " << f << "\n";
    for (const auto &rs : pc.residual_strain)
      report << "- energy balance of the " << to_text(rs.hold_fraction) << " hold: the lab's enthalpy rise of "
             << to_text(rs.lab_enthalpy_rise) << " J/g needs at least " << to_text(100.0 * rs.least_strain)
             << " % inelastic strain at " << to_text(rs.hold_stress_MPa)
             << " MPa (all the work stored); residual strain of the model " << to_text(100.0 * rs.model_residual_strain)
             << " % (" << (rs.model_consistent() ? "consistent" : "too small: the model stores more than its work") << ")"
             << (std::isnan(rs.lab_residual_strain) ? ", of the lab not measured"
                                                    : ", of the lab " + to_text(100.0 * rs.lab_residual_strain) + " %" +
                                                        (rs.lab_residual_strain >= rs.least_strain ? "" : " (below the bound)"))
             << "\n";
    if (pc.posterior_checked > 0)
      report << "- posterior samples with every trend sign (no hold failing): " << to_text(100.0 * pc.posterior_fraction)
             << " % of " << pc.posterior_checked << "\n";
    else if (mcmc)
      report << "- posterior samples: not counted (the chain accepted under 5 % of its proposals)\n";
    return report.str();
  }

  std::string physical_checks_line(const PhysicalChecks &pc, const std::size_t n)
  {
    return "physical checks: creep at " + to_text(pc.top_hold_fraction) + " " + to_text(100.0 * pc.top_hold_creep) + " %" +
           (pc.any_accelerating ? " (a hold accelerates)" : ", every hold decelerating") + "; unloaded control dH " +
           to_text(pc.control_enthalpy_change) + " J/g; signs " + (pc.signs_survive_5pct ? "survive" : "do not survive") +
           " +-5 % on every parameter" +
           (pc.signs_survive_5pct
              ? ""
              : " (" + std::to_string(pc.robustness_failures.size()) + " of " + std::to_string(2 * n) + " moves break them)") +
           (pc.posterior_checked ? "; " + to_text(100.0 * pc.posterior_fraction) + " % of posterior samples give them all" : "");
  }
} // namespace bmgcreep::calibration
