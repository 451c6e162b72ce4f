#include "calibration/forward_model.h"

#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::calibration
{
  using bmgcreep::InputError;

  ForwardModel::ForwardModel(const std::string &deck_, const dealii::ParameterHandler &source, CalibrationSettings settings,
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

  std::vector<double> ForwardModel::physical(const std::vector<double> &u) const
  {
    std::vector<double> x(u.size());
    for (std::size_t i = 0; i < u.size(); ++i)
      x[i] = s.parameters[i].value(std::clamp(u[i], 0.0, 1.0));
    return x;
  }

  std::vector<double> ForwardModel::scaled(const std::vector<double> &x) const
  {
    std::vector<double> u(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      u[i] = s.parameters[i].scaled(x[i]);
    return u;
  }

  material::PointCaseResult ForwardModel::run(const std::vector<double> &x, const std::vector<double> &hold_fractions) const
  {
    return material::run_point_case(point_case(x, hold_fractions), nullptr);
  }

  material::PointCase ForwardModel::point_case(const std::vector<double> &x, const std::vector<double> &hold_fractions) const
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

  std::vector<double> ForwardModel::predict(const std::vector<double> &x) const { return model_values(run(x, fractions), obs); }

  bool is_deck_error(const std::exception &e)
  {
    return dynamic_cast<const InputError *>(&e) != nullptr && dynamic_cast<const material::HoldAboveYield *>(&e) == nullptr;
  }

  material::PointCaseResult ForwardModel::run_upwards(const std::vector<double> &x, std::vector<double> hold_fractions,
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

  std::size_t ForwardModel::residual_count() const
  {
    return obs.size() + std::count_if(s.parameters.begin(), s.parameters.end(), [](const FitParameter &p) { return p.has_prior(); }) +
           (s.has_critical_ratio() ? 1 : 0);
  }

  std::vector<double> ForwardModel::residuals(const std::vector<double> &u) const
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

  std::string ForwardModel::deck_text(const std::vector<double> &x, const std::string &directory,
                                const std::vector<double> &holds, const std::vector<double> &fitted_holds) const
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
    // The range the data cover, for point, creep and map to warn outside it: the fitted holds'
    // stresses, and the protocol the forward runs used (hold time, temperature, loading rate).
    material::ValidityWindow window;
    const std::vector<double> &fitted =
      !fitted_holds.empty() ? fitted_holds : (holds.empty() ? c.protocol.hold_fractions : holds);
    if (!fitted.empty())
      window.hold_fraction = std::make_pair(*std::min_element(fitted.begin(), fitted.end()),
                                            *std::max_element(fitted.begin(), fitted.end()));
    const double hold_h = units::s_to_hours(c.protocol.hold_time);
    window.hold_time = std::make_pair(hold_h, hold_h);
    window.temperature = std::make_pair(c.specimen.temperature, c.specimen.temperature);
    window.loading_rate = std::make_pair(c.protocol.loading_rate, c.protocol.loading_rate);
    window.set_parameters(prm);
    dealii::ParameterHandler out;
    material::declare_point_deck(out);
    copy_values(prm, out);
    std::ostringstream text;
    out.print_parameters(text, dealii::ParameterHandler::ShortPRM);
    return without_empty_subsections(text.str()); // the copy leaves an empty Calibration behind
  }
} // namespace bmgcreep::calibration
