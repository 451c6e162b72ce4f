#include "calibration/leave_one_out.h"

#include "coupling/text.h"

#include <cmath>
#include <sstream>

namespace bmgcreep::calibration
{
  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }
  } // namespace

  std::pair<double, double> prediction_row(std::ostream &csv, std::ostream &md, const double hold, const Observation &o,
                                           const double predicted)
  {
    const double rel = (predicted - o.measured) / std::abs(o.measured);
    const double weighted = (predicted - o.measured) / o.uncertainty;
    csv << num(hold) << "," << o.observable << "," << num(o.measured) << "," << num(o.uncertainty) << "," << num(predicted)
        << "," << num(rel) << "," << num(weighted) << "\n";
    md << "| " << to_text(hold) << " | " << o.observable << " | " << to_text(o.measured) << " | " << to_text(predicted)
       << " | " << to_text(100.0 * rel) << " % |\n";
    return {rel, weighted};
  }

  PredictionResult predict_held_out(const ForwardModel &fit, const std::vector<double> &x,
                                    const std::vector<Observation> &observations, const std::vector<double> &held_out,
                                    std::ostream &report)
  {
    PredictionResult r;
    std::string failure;
    const material::PointCaseResult on_held_out = fit.run_upwards(x, held_out, failure);
    std::vector<double> ran, predicted;
    for (const auto &c : on_held_out.conditions)
      ran.push_back(c.hold_fraction);
    for (const auto &o : observations)
      predicted.push_back(has_fraction(ran, o.hold_fraction) ? model_values(on_held_out, {o}).front() : std::nan(""));
    if (!failure.empty())
      report << "\n(the fitted model cannot run every hold not fitted; those are not predicted: " << failure << ")\n";
    std::ostringstream pred;
    pred << "hold_fraction_of_yield,observable,measured,uncertainty,predicted,relative_error,weighted_error\n";
    report << "\n## Prediction of the holds not fitted\n\n| hold | observable | measured | predicted | relative error |\n"
           << "|---|---|---|---|---|\n";
    double ss = 0.0;
    std::size_t predicted_count = 0;
    for (std::size_t i = 0; i < observations.size(); ++i)
      {
        const double rel = prediction_row(pred, report, observations[i].hold_fraction, observations[i], predicted[i]).first;
        if (std::isfinite(rel))
          ss += rel * rel, ++predicted_count;
      }
    r.rms = predicted_count > 0 ? std::sqrt(ss / predicted_count) : std::nan("");
    r.csv = pred.str();
    return r;
  }

  LeaveOneOutResult leave_one_out(const std::string &deck, const dealii::ParameterHandler &prm,
                                  const CalibrationSettings &settings, const std::vector<Observation> &observations,
                                  const std::function<std::vector<Observation>(const CalibrationSettings &,
                                                                               const std::vector<double> &)> &observations_without,
                                  const std::vector<double> &holds, const std::vector<double> &held_out,
                                  const std::vector<double> &start, std::ostream &report)
  {
    LeaveOneOutResult r;
    std::ostringstream loo;
    loo << "left_out_hold_fraction,observable,measured,uncertainty,predicted,relative_error,weighted_error\n";
    report << "\n## Leave-one-out prediction\n\nEach hold refitted out (one start, from the best fit) and predicted:\n\n"
           << "| hold left out | observable | measured | predicted | relative error |\n|---|---|---|---|---|\n";
    double ss = 0.0;
    std::size_t count = 0;
    std::string loo_notes; // after the table, which a line of prose would break
    for (const double left_out : holds)
      {
        if (has_fraction(held_out, left_out))
          continue;
        std::vector<double> skip = held_out;
        skip.push_back(left_out);
        const auto kept = observations_without(settings, skip);
        std::vector<Observation> left;
        for (const auto &o : observations)
          if (has_fraction({left_out}, o.hold_fraction))
            left.push_back(o);
        if (left.empty())
          continue;
        const ForwardModel sub(deck, prm, settings, kept);
        const Residuals g = [&sub](const std::vector<double> &u) { return sub.residuals(u); };
        const auto b = minimize(g, start.size(), sub.residual_count(), settings.method, {start}, 1, settings.seed,
                                settings.max_evaluations);
        r.evaluations += b.evaluations + 1;
        std::vector<double> predicted(left.size(), std::nan(""));
        try
          {
            predicted = model_values(sub.run(sub.physical(b.u), {left_out}), left);
          }
        catch (const std::exception &e) // the refit's parameters fail on the hold left out
          {
            if (is_deck_error(e))
              throw;
            loo_notes += "\nHold " + to_text(left_out) + " left out: the refit does not run it (" + e.what() + ").\n";
          }
        for (std::size_t i = 0; i < left.size(); ++i)
          {
            const double weighted = prediction_row(loo, report, left_out, left[i], predicted[i]).second;
            if (std::isfinite(weighted))
              {
                ss += weighted * weighted;
                ++count;
              }
            else
              ++r.unpredicted;
          }
      }
    report << loo_notes;
    if (count > 0)
      r.rms = std::sqrt(ss / count);
    r.csv = loo.str();
    return r;
  }
} // namespace bmgcreep::calibration
