#include "calibration/observations.h"

#include "continuum/material/observable_table.h"
#include "coupling/creep_curve.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <stdexcept>

namespace bmgcreep::calibration
{
  using bmgcreep::InputError;

  std::vector<Observation> lab_observations(const std::vector<LabCondition> &lab, const CalibrationSettings &s,
                                            const std::vector<double> &skip)
  {
    std::vector<Observation> out;
    const auto wants = [&](const std::string &o) {
      return std::find(s.observables.begin(), s.observables.end(), o) != s.observables.end();
    };
    const auto sigma = [](const double given, const double fallback) { return std::isnan(given) ? fallback : given; };
    const auto default_sigma = [&](const material::ObservableSpec &spec) {
      if (spec.uncertainty_key == "Yield uncertainty")
        return s.yield_uncertainty;
      if (spec.uncertainty_key == "Enthalpy uncertainty")
        return s.enthalpy_uncertainty;
      if (spec.uncertainty_key == "Density uncertainty")
        return s.density_uncertainty;
      if (spec.uncertainty_key == "Residual strain uncertainty")
        return s.residual_strain_uncertainty;
      throw std::logic_error("no deck uncertainty for lab observable " + spec.name);
    };
    for (const auto &c : lab)
      {
        if (has_fraction(skip, c.hold_fraction))
          continue;
        for (const auto &spec : material::observable_table())
          {
            if (!spec.lab || !wants(spec.name))
              continue;
            // The as-cast enthalpy and density are the specimen's inputs, not predictions: the
            // as-cast row contributes its yield stress only.
            if (c.hold_fraction == 0.0 && spec.name != "yield_stress_MPa")
              continue;
            const double measured = spec.lab_value(c);
            if (std::isnan(measured)) // an optional column this file does not have
              continue;
            out.push_back({c.hold_fraction, spec.name, measured, sigma(spec.lab_uncertainty(c), default_sigma(spec))});
          }
      }
    return out;
  }

  double md_fit_fraction(const MdCampaignCondition &c, const bool measured)
  {
    if (!(c.hold_fraction.mean > 0.0 && c.hold_stress_GPa.mean > 0.0))
      return zero_stress_hold_fraction;
    const double f = measured ? c.hold_fraction.mean * c.measured_hold_stress_GPa.mean / c.hold_stress_GPa.mean
                              : c.hold_fraction.mean;
    return std::clamp(f, zero_stress_hold_fraction, 0.999);
  }

  std::vector<Observation> md_observations(const std::vector<MdCampaignCondition> &md, const CalibrationSettings &s,
                                           const std::vector<double> &skip)
  {
    std::vector<Observation> out;
    const auto wants = [&](const std::string &o) {
      return std::find(s.md_observables.begin(), s.md_observables.end(), o) != s.md_observables.end();
    };
    const auto add = [&](const double f, const std::string &name, const MeanSe &v, const double floor) {
      if (wants(name))
        out.push_back({f, name, v.mean, std::max(v.se, floor)});
    };
    const MdCampaignCondition &as_quenched = md.front();
    add(0.0, "yield_stress_MPa",
        {units::gpa_to_mpa(as_quenched.yield_peak_GPa.mean), units::gpa_to_mpa(as_quenched.yield_peak_GPa.se)},
        s.yield_uncertainty);
    for (std::size_t i = 1; i < md.size(); ++i)
      {
        const auto &c = md[i];
        const double f = md_fit_fraction(c, s.md_measured_stress);
        if (has_fraction(skip, f))
          continue;
        add(f, "enthalpy_change_J_per_g", c.enthalpy_change_J_per_g, s.enthalpy_uncertainty);
        add(f, "density_change_percent", c.density_change_percent, s.density_change_uncertainty);
        add(f, "yield_change_percent", c.yield_change_percent, s.yield_change_uncertainty);
        add(f, "creep_strain", c.creep_strain, s.creep_strain_uncertainty);
        add(f, "residual_strain", c.residual_strain, s.residual_strain_uncertainty);
      }
    return out;
  }

  std::vector<Observation> creep_curve_observations(const std::vector<std::string> &paths, const CalibrationSettings &s,
                                                    const double reference_yield_MPa, const double temperature_K)
  {
    std::vector<Observation> out;
    for (const auto &path : paths)
      {
        const CreepCurve c = read_creep_curve(path);
        if (std::abs(c.temperature_K - temperature_K) > 0.5)
          throw std::runtime_error(path + ": temperature_K = " + to_text(c.temperature_K) + " but the deck's Specimen/Temperature is " +
                                   to_text(temperature_K) + " K: fit curves at the deck's temperature");
        const double f = std::isnan(c.hold_fraction) ? c.hold_stress_MPa / reference_yield_MPa : c.hold_fraction;
        if (!(f > 0.0 && f < 1.0))
          throw std::runtime_error(path + ": hold fraction " + to_text(f) + " of the yield stress is not in (0, 1)");
        for (std::size_t i = 0; i < c.time_s.size(); ++i)
          {
            Observation o;
            o.hold_fraction = f;
            o.observable = "creep_strain_at_" + to_text(c.time_s[i]) + "_s";
            o.measured = c.strain[i];
            o.uncertainty = std::isnan(c.uncertainty[i]) ? s.creep_strain_uncertainty : c.uncertainty[i];
            o.time_s = c.time_s[i];
            out.push_back(o);
          }
      }
    return out;
  }

  namespace
  {
    /// Strain gained since loading ended, `t` seconds into the hold (linear interpolation).
    double creep_strain_at(const material::ConditionResult &c, const double t)
    {
      double t0 = std::nan(""), e0 = 0.0;
      std::vector<std::pair<double, double>> hold;
      for (const auto &row : c.series)
        if (row.stage == "load")
          {
            t0 = row.time;
            e0 = row.strain;
          }
        else if (row.stage == "hold")
          hold.emplace_back(row.time - t0, row.strain - e0);
      if (std::isnan(t0) || hold.empty())
        throw std::logic_error("the model condition has no load and hold stages");
      if (t > hold.back().first * (1.0 + 1e-9))
        throw std::runtime_error("creep curve time " + to_text(t) + " s is beyond the model's hold (" +
                                 to_text(hold.back().first) + " s): lengthen Protocol/Hold time");
      double tp = 0.0, ep = 0.0;
      for (const auto &[ti, ei] : hold)
        {
          if (t <= ti)
            return ep + (ei - ep) * (t - tp) / (ti - tp);
          tp = ti;
          ep = ei;
        }
      return hold.back().second;
    }
  } // namespace

  std::vector<double> model_values(const material::PointCaseResult &r, const std::vector<Observation> &obs)
  {
    std::vector<double> out;
    for (const auto &o : obs)
      {
        const auto c = std::find_if(r.conditions.begin(), r.conditions.end(), [&](const material::ConditionResult &c) {
          return has_fraction({c.hold_fraction}, o.hold_fraction);
        });
        if (c == r.conditions.end())
          throw std::logic_error("no model condition at hold fraction " + to_text(o.hold_fraction));
        if (o.observable.rfind("creep_strain_at_", 0) == 0)
          out.push_back(creep_strain_at(*c, o.time_s));
        else
          out.push_back(material::model_observable(material::observable(o.observable), *c, r.conditions.front()));
      }
    return out;
  }

  std::vector<material::ComparisonRow> md_comparison(const material::PointCaseResult &r, const std::vector<Observation> &obs)
  {
    std::vector<Observation> changes;
    for (const auto &o : obs)
      if (o.observable.rfind("creep_strain_at_", 0) != 0 &&
          material::observable(o.observable).kind != material::ObservableKind::value)
        changes.push_back(o);
    const auto model = model_values(r, changes);
    std::vector<material::ComparisonRow> rows;
    for (std::size_t i = 0; i < changes.size(); ++i)
      {
        const double md = changes[i].measured;
        rows.push_back({changes[i].hold_fraction, changes[i].observable, md, model[i], (model[i] - md) / std::abs(md),
                        (model[i] > 0.0) == (md > 0.0)});
      }
    return rows;
  }

  std::vector<Observation> FitData::observations(const CalibrationSettings &s, const std::vector<double> &skip) const
  {
    return md_data ? md_observations(md, s, skip) : lab_observations(lab, s, skip);
  }

  std::vector<Observation> FitData::every_hold(const CalibrationSettings &s) const
  {
    CalibrationSettings all = s;
    all.fit_holds.clear();
    return observations(all, {});
  }

  FitData read_fit_data(const std::string &deck, CalibrationSettings &settings, const material::PointCase &base)
  {
    // Files the Calibration subsection names are relative to the deck, as the deck's own are.
    const auto from_deck = [&deck](const std::string &file) {
      return std::filesystem::path(file).is_absolute() ? file : (std::filesystem::path(deck).parent_path() / file).string();
    };
    FitData data;
    data.md_data = !settings.md_campaign.empty();
    try
      {
        if (data.md_data)
          {
            data.path = from_deck(settings.md_campaign);
            data.md = read_md_campaign_summary(data.path);
          }
        else
          {
            data.path = settings.lab_summary.empty() ? base.lab_summary_path : from_deck(settings.lab_summary);
            if (data.path.empty())
              throw InputError(deck + ": no data to fit: set Calibration/Lab summary, Comparison/Lab summary "
                                      "or Calibration/MD campaign summary");
            data.lab = read_lab_summary(data.path);
            // Fitting lab rows of another protocol (a 1 h or 350 K row against a 48 h, 298 K
            // forward run) is a silent wrong fit: refused unless the deck says warn.
            data.warnings = material::lab_protocol_warnings(base, data.path, data.lab, deck + ": lab summary", "fit anyway");
          }
      }
    catch (const InputError &)
      {
        throw;
      }
    catch (const std::runtime_error &e)
      {
        throw InputError(data.md_data ? deck + ": Calibration/MD campaign summary: " + e.what() : std::string(e.what()));
      }
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
    for (const auto &c : data.lab)
      if (c.hold_fraction > 0.0)
        data.holds.push_back(c.hold_fraction);
    for (std::size_t i = 1; i < data.md.size(); ++i)
      {
        const double f = md_fit_fraction(data.md[i], settings.md_measured_stress);
        for (std::size_t j = 1; j < i; ++j)
          if (has_fraction({md_fit_fraction(data.md[j], settings.md_measured_stress)}, f))
            throw InputError(deck + ": Calibration/MD campaign summary " + data.path + ": " + data.md[j].name + " and " +
                             data.md[i].name + " are both fitted at " + to_text_precise(f) + " of yield (MD hold stress = " +
                             (settings.md_measured_stress ? "measured" : "target") +
                             "): the conditions of a fit must differ in hold stress");
        data.holds.push_back(f);
      }
    for (const double f : data.holds)
      if (!settings.fit_holds.empty() && !has_fraction(settings.fit_holds, f))
        data.held_out.push_back(f);
    for (const double f : settings.fit_holds)
      if (!has_fraction(data.holds, f))
        {
          std::string holds;
          for (const double g : data.holds)
            holds += (holds.empty() ? "" : ", ") + to_text_precise(g);
          throw InputError(deck + ": Calibration/Fit holds: " + to_text_precise(f) + " is not a hold of " + data.path +
                           " (its holds: " + holds + ")");
        }
    data.fitted = data.observations(settings, data.held_out);
    if (!settings.creep_curves.empty())
      {
        std::vector<std::string> paths;
        for (const auto &c : settings.creep_curves)
          paths.push_back(from_deck(c));
        try
          {
            for (const auto &o : creep_curve_observations(paths, settings, units::pa_to_mpa(base.protocol.reference_yield),
                                                          base.specimen.temperature))
              data.fitted.push_back(o);
          }
        catch (const std::runtime_error &e)
          {
            throw InputError(deck + ": Calibration/Creep curves: " + e.what());
          }
      }
    const std::size_t n = settings.parameters.size();
    if (data.fitted.size() < n && std::none_of(settings.parameters.begin(), settings.parameters.end(),
                                                [](const FitParameter &p) { return p.has_prior(); }))
      throw InputError(deck + ": " + std::to_string(data.fitted.size()) + " observations cannot determine " +
                       std::to_string(n) + " parameters without priors");
    return data;
  }
} // namespace bmgcreep::calibration
