#include "calibration/settings.h"

#include "continuum/material/observable_table.h"
#include "coupling/text.h"
#include "deck/deck.h"

#include <deal.II/base/utilities.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::calibration
{
  using bmgcreep::InputError;

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

  void copy_values(const dealii::ParameterHandler &from, dealii::ParameterHandler &to)
  {
    std::ostringstream json;
    from.print_parameters(json, dealii::ParameterHandler::JSON);
    std::istringstream in(json.str());
    to.parse_input_from_json(in, true);
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
} // namespace bmgcreep::calibration
