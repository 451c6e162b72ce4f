#include "calibration/lab_fit.h"

#include "continuum/material/observable_table.h"
#include "coupling/creep_curve.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <deal.II/base/utilities.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::calibration
{
  using bmgcreep::InputError;

  namespace
  {
    /// Copies every value of `from` into `to` (declared with at least the entries to keep).
    void copy_values(const dealii::ParameterHandler &from, dealii::ParameterHandler &to)
    {
      std::ostringstream json;
      from.print_parameters(json, dealii::ParameterHandler::JSON);
      std::istringstream in(json.str());
      to.parse_input_from_json(in, true);
    }
  } // namespace

  double FitParameter::value(const double u) const
  {
    return log ? lower * std::pow(upper / lower, u) : lower + u * (upper - lower);
  }

  double FitParameter::scaled(const double x) const
  {
    return log ? std::log(x / lower) / std::log(upper / lower) : (x - lower) / (upper - lower);
  }

  double FitParameter::derivative(const double u) const
  {
    return log ? value(u) * std::log(upper / lower) : upper - lower;
  }

  std::string without_empty_subsections(const std::string &text)
  {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
      {
        if (dealii::Utilities::trim(line) == "end" && !lines.empty() &&
            dealii::Utilities::trim(lines.back()).rfind("subsection ", 0) == 0)
          {
            lines.pop_back(); // "subsection X" directly followed by "end"
            continue;
          }
        lines.push_back(line);
      }
    std::string out;
    for (const auto &l : lines)
      out += l + "\n";
    return out;
  }

  void set_entry(dealii::ParameterHandler &prm, const std::string &path, const std::string &value)
  {
    const std::vector<std::string> keys = dealii::Utilities::split_string_list(path, '/');
    unsigned int depth = 0;
    try
      {
        for (; depth + 1 < keys.size(); ++depth)
          prm.enter_subsection(keys[depth]);
        prm.set(keys.back(), value);
        for (; depth > 0; --depth)
          prm.leave_subsection();
      }
    catch (const dealii::ExceptionBase &)
      {
        for (; depth > 0; --depth)
          prm.leave_subsection();
        throw InputError("\"" + path + "\" = " + value + ": no such deck entry, or the value is outside its range");
      }
  }

  namespace
  {
    /// The default of a Calibration uncertainty entry: the table's, for the observables it weights.
    std::string default_uncertainty(const std::string &key)
    {
      for (const auto &spec : material::observable_table())
        if (spec.uncertainty_key == key)
          return to_text_precise(spec.default_uncertainty);
      throw std::logic_error("no observable has the uncertainty entry \"" + key + "\"");
    }
  } // namespace

  void declare_calibration(dealii::ParameterHandler &prm)
  {
    using namespace dealii::Patterns;
    prm.enter_subsection("Calibration");
    prm.declare_entry("Parameters", "", List(Anything(), 0, 50),
                      "Deck entries to fit, as Section/Subsection/Key, comma-separated, e.g. "
                      "\"Material/Free volume/Migration energy\" (units of each entry)");
    prm.declare_entry("Lower bounds", "", List(Double(), 0, 50), "One per parameter, in the entry's unit");
    prm.declare_entry("Upper bounds", "", List(Double(), 0, 50), "One per parameter, above its lower bound");
    prm.declare_entry("Scales", "", List(Selection("linear|log"), 0, 50),
                      "linear | log per parameter (log: both bounds > 0, for rates spanning decades); empty: all linear");
    prm.declare_entry("Method", "pounders", Selection("pounders|brgn"),
                      "PETSc TAO method: pounders (derivative-free) | brgn (bounded Gauss-Newton, finite-difference Jacobian)");
    prm.declare_entry("Starts", "4", Integer(1, 1000),
                      "Starts of the fit: the deck's own values, then Latin-hypercube points (-), 1 to 1000");
    prm.declare_entry("Seed", "1", Integer(0, 2000000000), "Seed of the Latin-hypercube design (-)");
    prm.declare_entry("Screening", "1", Integer(1, 1000),
                      "Latin-hypercube points evaluated once per start, the best of them kept as starts (-), 1 to "
                      "1000; 1: every point is a start. More keeps starts out of regions where every forward run fails");
    prm.declare_entry("Max evaluations per start", "300", Integer(10, 100000),
                      "Forward runs allowed per start (-), 10 to 1e5");
    using material::observable;
    using material::observable_names;
    prm.declare_entry("Observables", "yield_stress_MPa, relaxation_enthalpy_J_per_g, density_g_per_cm3",
                      MultipleSelection(observable_names(false, "|")),
                      "Lab columns fitted (docs/observables.md); the as-cast row contributes its yield stress");
    prm.declare_entry("Lab summary", "", Anything(),
                      "Lab summary to fit (relative to this deck); empty: Comparison/Lab summary");
    prm.declare_entry("MD campaign summary", "", Anything(),
                      "A campaign-summary.csv of bmgcreep md (relative to this deck) to fit instead of a lab summary: "
                      "the law at MD scales (the deck's Specimen and Protocol must be the campaign's: temperature, "
                      "rates, hold time; Yield measure = peak, Use model yield as reference = true); empty: none");
    prm.declare_entry("MD observables", observable_names(true, ", "), MultipleSelection(observable_names(true, "|")),
                      "Values of the MD campaign summary fitted (docs/observables.md): the as-quenched yield "
                      "stress, and per hold the changes against the as-quenched glass and the creep and residual "
                      "strains");
    prm.declare_entry("MD hold stress", "target", Selection("target|measured"),
                      "Which stress an MD hold is fitted at: target (the campaign's nominal fraction of yield, "
                      "as MD studies report holds) | measured (the mean stress the barostat held, below the target "
                      "while a glass flows fast)");
    prm.declare_entry("Density change uncertainty", default_uncertainty("Density change uncertainty"), Double(1e-12),
                      "Least standard deviation of MD density changes (%), > 0");
    prm.declare_entry("Yield change uncertainty", default_uncertainty("Yield change uncertainty"), Double(1e-12),
                      "Least standard deviation of MD yield changes (%), > 0");
    prm.declare_entry("Enthalpy uncertainty", default_uncertainty("Enthalpy uncertainty"), Double(1e-12),
                      "Default standard deviation of relaxation enthalpies (J/g), > 0");
    prm.declare_entry("Yield uncertainty", default_uncertainty("Yield uncertainty"), Double(1e-12), "Default standard deviation of yield stresses (MPa), > 0");
    prm.declare_entry("Density uncertainty", default_uncertainty("Density uncertainty"), Double(1e-12),
                      "Default standard deviation of densities (g/cm^3), > 0");
    prm.declare_entry("Residual strain uncertainty", default_uncertainty("Residual strain uncertainty"), Double(1e-15),
                      "Default standard deviation of residual strains, and least one of MD residual strains (-), > 0");
    prm.declare_entry("Prior means", "", List(Anything(), 0, 50),
                      "Gaussian prior of each parameter (its unit); empty: no priors; nan: none for that parameter");
    prm.declare_entry("Prior standard deviations", "", List(Anything(), 0, 50),
                      "One per parameter with Prior means (its unit), > 0; nan: no prior for that parameter");
    prm.declare_entry("Fit holds", "", List(Double(0.0, 1.0), 0, 100),
                      "Hold fractions of the lab summary to fit (-); empty: all; the others are predicted (prediction.csv)");
    prm.declare_entry("MD summary", "", Anything(),
                      "MD summary (relative to this deck) whose critical stress ratio sigma_c/sigma_y the fit also "
                      "matches, with its uncertainty: the study's quantity,value,unit file or a campaign-summary.csv "
                      "of bmgcreep md; empty: none (docs/calibration.md, the MD-to-lab bridge)");
    prm.declare_entry("Creep curves", "", List(Anything(), 0, 100),
                      "Lab creep curves to fit too, one CSV per hold (relative to this deck; format in "
                      "docs/calibration.md); empty: none");
    prm.declare_entry("Creep strain uncertainty", default_uncertainty("Creep strain uncertainty"), Double(1e-15),
                      "Default standard deviation of creep-curve strains, and least one of MD creep strains (-), > 0");
    prm.declare_entry("MCMC samples", "0", Integer(0, 10000000),
                      "Metropolis samples of the posterior kept after burn-in (-), 0 to 1e7; 0: none "
                      "(posterior.csv, bands.csv)");
    prm.declare_entry("MCMC burn-in", "500", Integer(0, 10000000), "Metropolis steps discarded first (-), 0 to 1e7");
    prm.declare_entry("Leave one out", "true", Bool(),
                      "Also refit without each hold in turn and predict the hold left out (loo.csv)");
    prm.leave_subsection();
  }

  CalibrationSettings read_calibration(dealii::ParameterHandler &prm, const std::string &deck)
  {
    CalibrationSettings s;
    prm.enter_subsection("Calibration");
    const auto list = [&](const std::string &key) { return dealii::Utilities::split_string_list(prm.get(key), ','); };
    const auto names = list("Parameters");
    const auto lower = dealii::Utilities::string_to_double(list("Lower bounds"));
    const auto upper = dealii::Utilities::string_to_double(list("Upper bounds"));
    auto scales = list("Scales");
    s.method = method_from_name(prm.get("Method"));
    s.starts = prm.get_integer("Starts");
    s.seed = prm.get_integer("Seed");
    s.screening = prm.get_integer("Screening");
    s.max_evaluations = prm.get_integer("Max evaluations per start");
    s.observables = list("Observables");
    s.creep_curves = list("Creep curves");
    s.creep_strain_uncertainty = prm.get_double("Creep strain uncertainty");
    s.lab_summary = prm.get("Lab summary");
    s.md_campaign = prm.get("MD campaign summary");
    s.md_observables = list("MD observables");
    s.md_measured_stress = prm.get("MD hold stress") == "measured";
    s.density_change_uncertainty = prm.get_double("Density change uncertainty");
    s.yield_change_uncertainty = prm.get_double("Yield change uncertainty");
    s.enthalpy_uncertainty = prm.get_double("Enthalpy uncertainty");
    s.yield_uncertainty = prm.get_double("Yield uncertainty");
    s.density_uncertainty = prm.get_double("Density uncertainty");
    s.residual_strain_uncertainty = prm.get_double("Residual strain uncertainty");
    s.leave_one_out = prm.get_bool("Leave one out");
    s.fit_holds = dealii::Utilities::string_to_double(list("Fit holds"));
    s.md_summary = prm.get("MD summary");
    s.mcmc_samples = prm.get_integer("MCMC samples");
    s.mcmc_burn_in = prm.get_integer("MCMC burn-in");
    const auto prior_means = list("Prior means"), prior_sds = list("Prior standard deviations");
    prm.leave_subsection();
    if (names.empty())
      throw InputError(deck + ": Calibration/Parameters is empty: name the deck entries to fit");
    if (lower.size() != names.size() || upper.size() != names.size())
      throw InputError(deck + ": Calibration/Lower bounds and Upper bounds need one value per parameter (" +
                       std::to_string(names.size()) + ")");
    if (scales.empty())
      scales.assign(names.size(), "linear");
    if (prior_means.size() != prior_sds.size() || (!prior_means.empty() && prior_means.size() != names.size()))
      throw InputError(deck + ": Calibration/Prior means and Prior standard deviations need one value per parameter (" +
                       std::to_string(names.size()) + ") or none");
    if (scales.size() != names.size())
      throw InputError(deck + ": Calibration/Scales needs one of linear|log per parameter (" + std::to_string(names.size()) + ")");
    if (!s.md_campaign.empty())
      {
        if (!s.lab_summary.empty())
          throw InputError(deck + ": Calibration/Lab summary and Calibration/MD campaign summary are both set: "
                                  "fit one (they differ in temperature and time scale), the other in its own deck");
        if (s.md_observables.empty())
          throw InputError(deck + ": Calibration/MD observables is empty: nothing to fit");
        prm.enter_subsection("Protocol");
        const bool peak = prm.get("Yield measure") == "peak", own = prm.get_bool("Use model yield as reference");
        prm.leave_subsection();
        if (!peak || !own)
          throw InputError(deck + ": Calibration/MD campaign summary: MD hold fractions are of each glass's own peak "
                                  "yield stress: set Protocol/Yield measure = peak and Use model yield as reference = true");
      }
    else if (s.observables.empty() && s.creep_curves.empty())
      throw InputError(deck + ": Calibration/Observables is empty and there are no Creep curves: nothing to fit");
    for (std::size_t i = 0; i < names.size(); ++i)
      {
        FitParameter p;
        p.path = names[i];
        p.lower = lower[i];
        p.upper = upper[i];
        p.log = scales[i] == "log";
        if (!prior_means.empty() && prior_sds[i] != "nan" && prior_means[i] != "nan")
          {
            try
              {
                p.prior_mean = std::stod(prior_means[i]);
                p.prior_sd = std::stod(prior_sds[i]);
              }
            catch (const std::exception &)
              {
                p.prior_sd = -1.0;
              }
            if (!(p.prior_sd > 0.0) || !std::isfinite(p.prior_mean))
              throw InputError(deck + ": Calibration/Prior standard deviations: \"" + prior_sds[i] + "\" for \"" + names[i] +
                               "\" and its mean must be numbers, the deviation > 0 (or nan for no prior)");
          }
        if (std::count(names.begin(), names.end(), names[i]) > 1)
          throw InputError(deck + ": Calibration/Parameters names \"" + names[i] + "\" twice");
        if (!(p.lower < p.upper) || (p.log && !(p.lower > 0.0)))
          throw InputError(deck + ": Calibration bounds of \"" + p.path + "\": need lower < upper" +
                           (p.log ? " and lower > 0 on a log scale" : "") + " (got " + to_text_precise(p.lower) + ", " +
                           to_text_precise(p.upper) + ")");
        // The entry exists, is numeric, and both bounds are allowed values of it.
        const std::vector<std::string> keys = dealii::Utilities::split_string_list(p.path, '/');
        std::string current;
        try
          {
            for (std::size_t d = 0; d + 1 < keys.size(); ++d)
              prm.enter_subsection(keys[d]);
            current = prm.get(keys.back());
            for (std::size_t d = 0; d + 1 < keys.size(); ++d)
              prm.leave_subsection();
          }
        catch (const dealii::ExceptionBase &)
          {
            throw InputError(deck + ": Calibration/Parameters: \"" + p.path + "\" is not an entry of the deck");
          }
        if (current.empty()) // (a release build of deal.II returns "" for an undeclared entry)
          throw InputError(deck + ": Calibration/Parameters: \"" + p.path + "\" is not an entry of the deck");
        try
          {
            p.start = std::stod(current);
          }
        catch (const std::exception &)
          {
            throw InputError(deck + ": Calibration/Parameters: \"" + p.path + "\" = " + current + " is not numeric");
          }
        for (const double b : {p.lower, p.upper})
          {
            try
              {
                set_entry(prm, p.path, to_text_precise(b));
              }
            catch (const InputError &)
              {
                throw InputError(deck + ": Calibration bound " + to_text_precise(b) + " of \"" + p.path +
                                 "\" is outside the entry's allowed range (see --help-deck)");
              }
          }
        set_entry(prm, p.path, current);
        p.start = std::clamp(p.start, p.lower, p.upper);
        s.parameters.push_back(p);
      }
    return s;
  }

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

  LabFit::LabFit(const std::string &deck_, const dealii::ParameterHandler &source, CalibrationSettings settings,
                 std::vector<Observation> observations)
    : deck(deck_), s(std::move(settings)), obs(std::move(observations))
  {
    material::declare_point_deck(prm);
    declare_calibration(prm);
    copy_values(source, prm);
    prm.enter_subsection("Protocol");
    deck_holds = prm.get("Hold fractions");
    prm.leave_subsection();
    for (const auto &o : obs)
      if (o.hold_fraction > 0.0)
        fractions = merged_fractions(fractions, {o.hold_fraction});
  }

  std::vector<double> LabFit::physical(const std::vector<double> &u) const
  {
    std::vector<double> x(u.size());
    for (std::size_t i = 0; i < u.size(); ++i)
      x[i] = s.parameters[i].value(std::clamp(u[i], 0.0, 1.0));
    return x;
  }

  std::vector<double> LabFit::scaled(const std::vector<double> &x) const
  {
    std::vector<double> u(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      u[i] = s.parameters[i].scaled(x[i]);
    return u;
  }

  material::PointCaseResult LabFit::run(const std::vector<double> &x, const std::vector<double> &hold_fractions) const
  {
    return material::run_point_case(point_case(x, hold_fractions), nullptr);
  }

  material::PointCase LabFit::point_case(const std::vector<double> &x, const std::vector<double> &hold_fractions) const
  {
    for (std::size_t i = 0; i < x.size(); ++i)
      set_entry(prm, s.parameters[i].path, to_text_precise(x[i]));
    std::string holds;
    // A point case runs at least one hold; with none asked for (only as-cast observations), one
    // at half the yield stress, which the as-cast results do not depend on.
    for (const double f : hold_fractions.empty() ? std::vector<double>{0.5} : hold_fractions)
      holds += (holds.empty() ? "" : ", ") + to_text_precise(f);
    set_entry(prm, "Protocol/Hold fractions", holds);
    // The deck and its lab file were checked when the fit began, and forward runs keep no
    // checkpoints: neither the lab file nor the values' fingerprint is needed here.
    material::PointCaseReading reading;
    reading.fingerprint = false;
    reading.check_lab_summary = false;
    return material::point_case_from(prm, deck, reading);
  }

  std::vector<double> LabFit::predict(const std::vector<double> &x) const { return model_values(run(x, fractions), obs); }

  bool is_deck_error(const std::exception &e)
  {
    return dynamic_cast<const InputError *>(&e) != nullptr && dynamic_cast<const material::HoldAboveYield *>(&e) == nullptr;
  }

  material::PointCaseResult LabFit::run_upwards(const std::vector<double> &x, std::vector<double> hold_fractions,
                                                std::string &failure) const
  {
    failure.clear();
    try
      {
        return run(x, hold_fractions);
      }
    catch (const std::exception &e)
      {
        if (is_deck_error(e))
          throw;
      }
    std::sort(hold_fractions.begin(), hold_fractions.end());
    material::PointCaseResult r;
    for (const double f : hold_fractions)
      {
        try
          {
            const material::PointCaseResult one = run(x, {f});
            if (r.conditions.empty())
              r = one;
            else
              r.conditions.push_back(one.conditions.back());
          }
        catch (const std::exception &e)
          {
            if (is_deck_error(e))
              throw;
            failure = "hold " + to_text(f) + ": " + e.what();
            break;
          }
      }
    if (r.conditions.empty()) // even the lowest hold failed: the as-cast test (with a hold at
      {                         // 0.001 of yield, which a point case needs; throws if it fails)
        r = run(x, {zero_stress_hold_fraction});
        r.conditions.resize(1);
      }
    return r;
  }

  bool has_fraction(const std::vector<double> &list, const double f)
  {
    return std::any_of(list.begin(), list.end(), [f](const double g) { return std::abs(g - f) < 1e-9; });
  }

  std::vector<double> merged_fractions(std::vector<double> a, const std::vector<double> &b)
  {
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end(), [](const double x, const double y) { return std::abs(x - y) < 1e-9; }), a.end());
    return a;
  }

  std::vector<double> critical_ratio_grid()
  {
    std::vector<double> grid;
    for (int i = 0; i <= 12; ++i)
      grid.push_back(0.30 + 0.05 * i);
    return grid;
  }

  namespace
  {
    /// The holds of `r` as (fraction, enthalpy change from as cast), by fraction.
    std::vector<std::pair<double, double>> enthalpy_changes(const material::PointCaseResult &r)
    {
      std::vector<std::pair<double, double>> holds;
      for (const auto &c : r.conditions)
        if (c.hold_fraction > 0.0)
          holds.emplace_back(c.hold_fraction, c.relaxation_enthalpy - r.conditions.front().relaxation_enthalpy);
      std::sort(holds.begin(), holds.end());
      if (holds.empty())
        throw std::logic_error("model_critical_ratio: no holds");
      return holds;
    }

    /// The first i with holds[i - 1] negative and holds[i] not: the crossing's bracket; 0 if none.
    std::size_t crossing_bracket(const std::vector<std::pair<double, double>> &holds)
    {
      for (std::size_t i = 1; i < holds.size(); ++i)
        if (holds[i - 1].second < 0.0 && holds[i].second >= 0.0)
          return i;
      return 0;
    }
  } // namespace

  double model_critical_ratio(const material::PointCaseResult &r)
  {
    const auto holds = enthalpy_changes(r);
    if (holds.front().second >= 0.0)
      return holds.front().first;
    if (const std::size_t i = crossing_bracket(holds))
      return holds[i - 1].first +
             (holds[i].first - holds[i - 1].first) * (-holds[i - 1].second) / (holds[i].second - holds[i - 1].second);
    return 1.0;
  }

  double refine_crossing(const std::function<double(double)> &change, double lo, double change_lo, double hi,
                         double change_hi, const double tolerance)
  {
    if (!(change_lo < 0.0 && change_hi >= 0.0 && lo < hi))
      throw std::logic_error("refine_crossing: [" + to_text(lo) + ", " + to_text(hi) + "] brackets no sign change");
    while (hi - lo > tolerance)
      {
        const double mid = 0.5 * (lo + hi);
        const double c = change(mid);
        if (c < 0.0)
          {
            lo = mid;
            change_lo = c;
          }
        else
          {
            hi = mid;
            change_hi = c;
          }
      }
    return lo + (hi - lo) * (-change_lo) / (change_hi - change_lo);
  }

  double LabFit::critical_ratio(const std::vector<double> &x) const
  {
    material::PointCaseResult r;
    try
      {
        r = run(x, critical_ratio_grid());
      }
    catch (const std::exception &e)
      {
        if (is_deck_error(e))
          throw;
        // A hold of the grid failed (runaway creep near yield): the crossing may still lie
        // below it. The grid's holds one at a time, upwards, until the enthalpy change turns
        // positive.
        r = material::PointCaseResult();
        for (const double f : critical_ratio_grid())
          {
            const material::PointCaseResult one = run(x, {f}); // throws if this hold fails before a crossing
            if (r.conditions.empty())
              r = one;
            else
              r.conditions.push_back(one.conditions.back());
            if (one.conditions.back().relaxation_enthalpy >= one.conditions.front().relaxation_enthalpy)
              break;
          }
      }
    // The grid brackets the crossing; bisection on single holds then finds it to 1e-4 of yield.
    const auto holds = enthalpy_changes(r);
    if (const std::size_t i = crossing_bracket(holds))
      return refine_crossing(
        [&](const double f) {
          const material::PointCaseResult one = run(x, {f});
          return one.conditions.back().relaxation_enthalpy - one.conditions.front().relaxation_enthalpy;
        },
        holds[i - 1].first, holds[i - 1].second, holds[i].first, holds[i].second, critical_ratio_tolerance);
    return model_critical_ratio(r); // a bound: below the grid's first hold, or 1 (no crossing)
  }

  std::size_t LabFit::residual_count() const
  {
    return obs.size() + std::count_if(s.parameters.begin(), s.parameters.end(), [](const FitParameter &p) { return p.has_prior(); }) +
           (s.has_critical_ratio() ? 1 : 0);
  }

  std::vector<double> LabFit::residuals(const std::vector<double> &u) const
  {
    std::vector<double> r(residual_count(), 1e3);
    const auto x = physical(u);
    for (std::size_t i = 0, k = obs.size(); i < x.size(); ++i)
      if (s.parameters[i].has_prior())
        r[k++] = (x[i] - s.parameters[i].prior_mean) / s.parameters[i].prior_sd;
    try
      {
        if (s.has_critical_ratio())
          {
            // One run on the observed holds and the grid gives both. A model that cannot run every
            // hold of the grid (runaway creep below 0.9 of yield) is a failed run here, on purpose:
            // letting the ratio come from holds one at a time lets the fit drift to models that
            // cannot run the holds it is asked to predict (tried: the study-MD deck then loses
            // its 90 % prediction).
            const material::PointCaseResult result = run(x, merged_fractions(critical_ratio_grid(), fractions));
            const auto model = model_values(result, obs);
            for (std::size_t i = 0; i < obs.size(); ++i)
              r[i] = (model[i] - obs[i].measured) / obs[i].uncertainty;
            r.back() = (model_critical_ratio(result) - s.critical_ratio) / s.critical_ratio_sd;
          }
        else
          {
            const auto model = predict(x);
            for (std::size_t i = 0; i < obs.size(); ++i)
              r[i] = (model[i] - obs[i].measured) / obs[i].uncertainty;
          }
      }
    catch (const material::HoldAboveYield &)
      {
        ++failures; // parameters whose as-cast yield stress lies below a hold
      }
    catch (const InputError &)
      {
        throw;
      }
    catch (const std::exception &)
      {
        ++failures; // e.g. the driver's Newton iteration failed at extreme parameters
      }
    return r;
  }

  std::string LabFit::deck_text(const std::vector<double> &x, const std::string &directory,
                                const std::vector<double> &holds) const
  {
    for (std::size_t i = 0; i < x.size(); ++i)
      set_entry(prm, s.parameters[i].path, to_text_precise(x[i]));
    std::string fractions_text;
    for (const double f : holds)
      fractions_text += (fractions_text.empty() ? "" : ", ") + to_text_precise(f);
    set_entry(prm, "Protocol/Hold fractions", holds.empty() ? deck_holds : fractions_text); // the forward runs changed them
    // The lab summary relative to where the deck is written (decks resolve paths from their folder).
    const material::PointCase c = material::point_case_from(prm, deck);
    if (!c.lab_summary_path.empty())
      set_entry(prm, "Comparison/Lab summary",
                std::filesystem::absolute(c.lab_summary_path)
                  .lexically_normal()
                  .lexically_relative(std::filesystem::absolute(directory).lexically_normal())
                  .string());
    dealii::ParameterHandler out;
    material::declare_point_deck(out);
    copy_values(prm, out);
    std::ostringstream text;
    out.print_parameters(text, dealii::ParameterHandler::ShortPRM);
    return without_empty_subsections(text.str()); // the copy leaves an empty Calibration behind
  }
} // namespace bmgcreep::calibration
