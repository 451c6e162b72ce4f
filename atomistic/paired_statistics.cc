#include "atomistic/paired_statistics.h"

#include "coupling/output_folder.h"
#include "coupling/text.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  PairedChange paired_change(const std::vector<double> &differences, const double confidence)
  {
    if (differences.empty())
      throw std::invalid_argument("paired_change: no samples");
    for (const double d : differences)
      if (!std::isfinite(d))
        throw std::invalid_argument("paired_change: a difference is not a finite number");
    PairedChange c;
    c.samples = static_cast<unsigned int>(differences.size());
    const double n = static_cast<double>(differences.size());
    for (const double d : differences)
      c.mean += d / n;
    if (c.samples < 2)
      {
        c.se = c.low = c.high = std::nan("");
        return c;
      }
    double ss = 0.0;
    for (const double d : differences)
      ss += (d - c.mean) * (d - c.mean);
    c.se = std::sqrt(ss / (n - 1.0) / n);
    const double t = student_t_two_sided(confidence, c.samples - 1);
    c.low = c.mean - t * c.se;
    c.high = c.mean + t * c.se;
    return c;
  }

  Crossing fitted_crossing(const std::vector<double> &x, const std::vector<double> &y, const double confidence)
  {
    if (x.size() != y.size())
      throw std::invalid_argument("fitted_crossing: as many x as y");
    Crossing c;
    c.found = true;
    const std::size_t m = x.size();
    if (m < 3)
      {
        c.found = false;
        c.note = "fewer than 3 points to fit a line with its scatter";
        return c;
      }
    double xm = 0.0, ym = 0.0;
    for (std::size_t i = 0; i < m; ++i)
      {
        xm += x[i] / m;
        ym += y[i] / m;
      }
    double sxx = 0.0, sxy = 0.0;
    for (std::size_t i = 0; i < m; ++i)
      {
        sxx += (x[i] - xm) * (x[i] - xm);
        sxy += (x[i] - xm) * (y[i] - ym);
      }
    if (!(sxx > 0.0))
      {
        c.found = false;
        c.note = "the points share one x";
        return c;
      }
    // y = a + b x, written about the mean: y = ym + b (x - xm).
    const double b = sxy / sxx;
    double rss = 0.0;
    for (std::size_t i = 0; i < m; ++i)
      rss += std::pow(y[i] - ym - b * (x[i] - xm), 2);
    c.dof = static_cast<unsigned int>(m - 2);
    const double s2 = rss / c.dof;
    const double var_b = s2 / sxx, var_ym = s2 / m; // ym and b are uncorrelated
    c.slope = b;
    c.slope_se = std::sqrt(var_b);
    if (b == 0.0)
      {
        c.found = false;
        c.note = "the fitted line is flat";
        return c;
      }
    c.x = xm - ym / b;
    // Fieller: the u = x - xm with (ym + b u)^2 <= t^2 (var_ym + u^2 var_b), i.e.
    // (b^2 - t^2 var_b) u^2 + 2 ym b u + (ym^2 - t^2 var_ym) <= 0.
    const double t2 = std::pow(student_t_two_sided(confidence, c.dof), 2);
    const double qa = b * b - t2 * var_b, qb = 2.0 * ym * b, qc = ym * ym - t2 * var_ym;
    const double disc = qb * qb - 4.0 * qa * qc;
    if (qa > 0.0 && disc >= 0.0)
      {
        c.bounded = true;
        const double r = std::sqrt(disc);
        c.low = xm + (-qb - r) / (2.0 * qa);
        c.high = xm + (-qb + r) / (2.0 * qa);
      }
    else
      {
        c.low = c.high = std::nan("");
        c.note = "the slope is not resolved from zero: the interval is unbounded";
      }
    return c;
  }

  int CampaignTable::column(const std::string &name) const
  {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
  }

  CampaignTable read_campaign_table(const std::string &csv, const std::string &what)
  {
    std::istringstream in(csv);
    std::string line;
    if (!std::getline(in, line))
      throw std::invalid_argument(what + ": empty, not a campaign table");
    const std::vector<std::string> header = split_csv_line(line);
    if (header.size() < 4 || header[0] != "sample" || header[2] != "condition")
      throw std::invalid_argument(what + ":1: not a campaign table (its columns start sample,seed,condition)");
    CampaignTable t;
    t.columns.assign(header.begin() + 3, header.end());
    // Tables written before the column names were unified (2026-11-28, docs/outputs.md).
    for (std::string &c : t.columns)
      if (c == "yield_change_pct")
        c = "yield_change_percent";
      else if (c == "density_g_cm3")
        c = "density_g_per_cm3";
    unsigned int number = 1;
    while (std::getline(in, line))
      {
        ++number;
        if (line.empty())
          continue;
        const std::vector<std::string> cells = split_csv_line(line);
        if (cells.size() != header.size())
          throw std::invalid_argument(what + ":" + std::to_string(number) + ": " + std::to_string(cells.size()) +
                                      " values, the header has " + std::to_string(header.size()));
        CampaignTable::Row row;
        try
          {
            row.sample = static_cast<unsigned int>(std::stoul(cells[0]));
            for (std::size_t j = 3; j < cells.size(); ++j)
              row.values.push_back(std::stod(cells[j]));
          }
        catch (const std::exception &)
          {
            throw std::invalid_argument(what + ":" + std::to_string(number) + ": a value is not a number");
          }
        row.condition = cells[2];
        t.rows.push_back(row);
      }
    return t;
  }

  namespace
  {
    const std::string as_quenched = "as-quenched";

    bool is_observable(const std::string &c)
    {
      static const std::vector<std::string> named = {
        "enthalpy_change_J_per_g", "inherent_energy_change_J_per_g", "density_change_percent", "yield_change_percent", "creep_strain",
        "residual_strain", "youngs_modulus_GPa", "yield_peak_GPa", "yield_offset_GPa", "volume_A3_per_atom"};
      if (std::find(named.begin(), named.end(), c) != named.end())
        return true;
      for (const std::string prefix : {"w6hat_", "cn_", "voronoi_volume_"})
        if (c.rfind(prefix, 0) == 0)
          return true;
      return false;
    }

    /// A condition's value of column j for each sample.
    using BySample = std::map<unsigned int, double>;

    struct Condition
    {
      std::string name;
      double fraction = 0.0, stress = 0.0;
      std::vector<BySample> values; // per column
    };

    /// The paired differences a - b over the samples both have.
    std::vector<double> differences(const BySample &a, const BySample &b)
    {
      // A sample whose value is missing in either (not a finite number: e.g. a post-hold test
      // that never reached the 0.2 % offset) does not count for this observable.
      std::vector<double> d;
      for (const auto &[sample, value] : a)
        if (const auto it = b.find(sample); it != b.end() && std::isfinite(value) && std::isfinite(it->second))
          d.push_back(value - it->second);
      return d;
    }

    std::string number(const double x, const int digits = 4)
    {
      if (!std::isfinite(x))
        return "nan";
      std::ostringstream os;
      os << std::showpos << std::setprecision(digits) << x;
      return os.str();
    }

    std::string join(const std::vector<std::string> &parts, const std::string &separator)
    {
      std::string text;
      for (const std::string &p : parts)
        text += (text.empty() ? "" : separator) + p;
      return text;
    }

    std::string fraction_text(const double f)
    {
      std::ostringstream os;
      os << std::fixed << std::setprecision(2) << f;
      return os.str();
    }
  } // namespace

  CampaignStatistics campaign_statistics(const CampaignTable &table, const double confidence)
  {
    CampaignStatistics s;
    s.confidence = confidence;
    const int fraction_column = table.column("hold_stress_fraction"), stress_column = table.column("hold_stress_GPa");
    if (fraction_column < 0 || stress_column < 0)
      throw std::invalid_argument("campaign table: no hold_stress_fraction or hold_stress_GPa column");
    // The conditions in the order of the table, their values per sample.
    std::vector<Condition> conditions;
    std::map<unsigned int, bool> samples;
    for (const auto &row : table.rows)
      {
        samples[row.sample] = true;
        auto it = std::find_if(conditions.begin(), conditions.end(), [&](const Condition &c) { return c.name == row.condition; });
        if (it == conditions.end())
          {
            conditions.push_back({row.condition, 0.0, 0.0, std::vector<BySample>(table.columns.size())});
            it = conditions.end() - 1;
          }
        for (std::size_t j = 0; j < row.values.size(); ++j)
          it->values[j][row.sample] = row.values[j];
      }
    s.samples = static_cast<unsigned int>(samples.size());
    for (Condition &c : conditions)
      {
        const BySample &f = c.values[fraction_column], &g = c.values[stress_column];
        for (const auto &[sample, v] : f)
          c.fraction += v / f.size();
        for (const auto &[sample, v] : g)
          c.stress += v / g.size();
      }
    const auto aq = std::find_if(conditions.begin(), conditions.end(), [](const Condition &c) { return c.name == as_quenched; });
    if (aq == conditions.end())
      throw std::invalid_argument("campaign table: no as-quenched rows to pair the holds with");
    std::vector<const Condition *> holds;
    const Condition *control = nullptr;
    for (const Condition &c : conditions)
      if (c.name != as_quenched)
        {
          holds.push_back(&c);
          if (c.stress == 0.0 && !control)
            control = &c;
        }
    std::stable_sort(holds.begin(), holds.end(), [](const Condition *a, const Condition *b) { return a->fraction < b->fraction; });

    const int held_column = table.column("measured_hold_stress_GPa"), error_column = table.column("held_stress_error_percent"),
              off_column = table.column("held_stress_off_target"), creep_column = table.column("creep_strain");
    if (held_column >= 0 && error_column >= 0 && off_column >= 0)
      for (const auto &row : table.rows)
        if (row.condition != as_quenched)
          s.held.push_back({row.sample, row.condition, row.values[stress_column], row.values[held_column], row.values[error_column],
                            creep_column >= 0 ? row.values[creep_column] : 0.0, row.values[off_column] != 0.0});
    if (const int end_column = table.column("yield_peak_at_test_end"); end_column >= 0)
      for (const auto &row : table.rows)
        {
          ++s.tests;
          if (row.values[end_column] != 0.0)
            s.peak_at_end.push_back({row.sample, row.condition});
        }
    for (std::size_t j = 0; j < table.columns.size(); ++j)
      if (is_observable(table.columns[j]))
        s.observables.push_back(table.columns[j]);
    const auto change = [&](const Condition &c, const Condition &ref, const std::size_t j) {
      const std::vector<double> d = differences(c.values[j], ref.values[j]);
      if (d.empty()) // no sample measured it: no change, nothing resolved
        {
          PairedChange none;
          none.mean = none.se = none.low = none.high = std::nan("");
          return none;
        }
      return paired_change(d, confidence);
    };
    for (const std::string &o : s.observables)
      {
        const std::size_t j = static_cast<std::size_t>(table.column(o));
        for (const Condition *c : holds)
          {
            s.changes.push_back({c->name, c->fraction, o, as_quenched, change(*c, *aq, j)});
            if (control && c != control)
              s.changes.push_back({c->name, c->fraction, o, "zero-stress hold", change(*c, *control, j)});
          }
      }

    // Per-sample points (the sample's hold fraction, its change of observable j from its own
    // as-quenched glass) of `of`'s conditions, samples without a finite value on either left out.
    const auto paired_points = [&](const std::vector<const Condition *> &of, const std::size_t j) {
      std::pair<std::vector<double>, std::vector<double>> xy;
      for (const Condition *c : of)
        for (const auto &[sample, value] : c->values[j])
          if (const auto ref = aq->values[j].find(sample);
              ref != aq->values[j].end() && std::isfinite(value) && std::isfinite(ref->second))
            {
              xy.first.push_back(c->values[fraction_column].at(sample));
              xy.second.push_back(value - ref->second);
            }
      return xy;
    };
    // Crossings: the highest-stress pair of neighbouring holds whose mean changes from the
    // as-quenched glass differ in sign; a line through their per-sample points.
    const auto crossing = [&](const std::string &o) {
      Crossing none;
      const int j = table.column(o);
      if (j < 0)
        {
          none.note = "the table has no " + o;
          return none;
        }
      for (std::size_t i = holds.size(); i-- > 1;)
        {
          const Condition &lo = *holds[i - 1], &hi = *holds[i];
          const double a = change(lo, *aq, j).mean, b = change(hi, *aq, j).mean;
          if (!std::isfinite(a) || !std::isfinite(b) || (a < 0.0) == (b < 0.0))
            continue;
          const auto [x, y] = paired_points({&lo, &hi}, static_cast<std::size_t>(j));
          Crossing c = fitted_crossing(x, y, confidence);
          c.conditions = lo.name + "," + hi.name;
          return c;
        }
      none.note = "the condition means of " + o + " keep one sign over the holds";
      return none;
    };
    s.critical_line = crossing("enthalpy_change_J_per_g");
    // The step: every hold's per-sample points (the zero-stress hold's included: a hold that
    // does not flow), each at its own sample's hold fraction.
    if (const int j = table.column("enthalpy_change_J_per_g"); j >= 0)
      {
        const auto [x, y] = paired_points(holds, static_cast<std::size_t>(j));
        s.critical = step_onset(x, y, confidence);
      }
    else
      s.critical.note = "the table has no enthalpy_change_J_per_g";
    // the yield change, or the post-hold peak's paired change in a table without it
    for (const std::string o : {table.column("yield_change_percent") >= 0 ? "yield_change_percent" : "yield_peak_GPa",
                                "density_change_percent"})
      s.other_crossings.push_back({o, crossing(o)});
    if (table.column("inherent_energy_change_J_per_g") >= 0) // the stored energy without its vibrational part
      s.other_crossings.push_back({"inherent_energy_change_J_per_g", crossing("inherent_energy_change_J_per_g")});

    if (s.critical.found)
      for (const std::string &o : s.observables)
        {
          Reversal r;
          r.observable = o;
          const std::size_t j = static_cast<std::size_t>(table.column(o));
          const Condition *below = nullptr, *above = nullptr;
          for (const Condition *c : holds)
            {
              if (c->fraction < s.critical.x && c != control && c->stress > 0.0)
                below = c;
              if (c->fraction > s.critical.x)
                above = c;
            }
          if (below && above)
            {
              r.below = below->name;
              r.above = above->name;
              r.trend = change(*below, control ? *control : *aq, j);
              r.step = change(*above, *below, j);
            }
          s.reversals.push_back(r);
        }
    return s;
  }

  std::string campaign_changes_csv(const CampaignStatistics &s)
  {
    std::ostringstream csv;
    csv << "condition,hold_stress_fraction,observable,reference,samples,change_mean,change_se,change_ci95_low,"
           "change_ci95_high,resolved\n";
    for (const ConditionChange &c : s.changes)
      csv << c.condition << "," << to_text_precise(c.fraction) << "," << c.observable << "," << c.reference << ","
          << c.change.samples << "," << to_text_precise(c.change.mean) << "," << to_text_precise(c.change.se) << ","
          << to_text_precise(c.change.low) << "," << to_text_precise(c.change.high) << ","
          << (c.change.resolved() ? "yes" : "no") << "\n";
    return csv.str();
  }

  namespace
  {
    std::string interval_text(const PairedChange &c)
    {
      return number(c.mean) + " [" + number(c.low) + ", " + number(c.high) + "]";
    }

    std::string crossing_text(const Crossing &c)
    {
      if (!c.found)
        return "not found (" + c.note + ")";
      std::string text = fraction_text(c.x) + " of yield";
      if (c.bounded)
        text += ", 95 % interval [" + fraction_text(c.low) + ", " + fraction_text(c.high) + "]";
      else
        text += ", 95 % interval unbounded (the slope is not resolved from zero)";
      return text + " (line through the per-sample points of " + c.conditions + ", " + std::to_string(c.dof) +
             " degrees of freedom)";
    }

    std::string step_text(const StepOnset &c, const int percent)
    {
      if (!c.found)
        return "not found (" + c.note + ")";
      std::ostringstream os;
      os << fraction_text(c.x) << " of yield, between the holds at " << fraction_text(c.gap_low) << " and "
         << fraction_text(c.gap_high) << "; " << percent << " % interval [" << fraction_text(c.low) << ", "
         << fraction_text(c.high) << "] (" << c.accepted
         << (c.accepted == 1 ? " split passes" : " splits pass") << " the profile-likelihood test); levels " << number(c.level_below) << " J/g over "
         << c.points_below << " points below, " << number(c.level_above) << " J/g over " << c.points_above
         << " above, the step " << (c.step_resolved ? "resolved" : "not resolved") << " (step fit, "
         << c.dof << " degrees of freedom)";
      return os.str();
    }
  } // namespace

  std::string campaign_summary_md(const CampaignStatistics &s, const std::string &title)
  {
    std::ostringstream md;
    const int percent = static_cast<int>(std::lround(100.0 * s.confidence));
    md << "# " << title << "\n\n"
       << s.samples << " samples. Every change is paired: the hold's value minus the same sample's as-quenched value "
       << "(or its zero-stress hold's, the control for aging alone), with the standard error of the mean over the "
          "samples and a Student-t "
       << percent << " % interval; **resolved** means the interval excludes zero. Numbers: `campaign-changes.csv`.\n\n"
       << "## Critical stress\n\n"
       << "- critical ratio (the enthalpy change from the as-quenched glass steps from negative to positive, the "
          "study's sigma_c / sigma_y = 0.72): "
       << step_text(s.critical, percent) << "\n"
       << "- the same as a straight line (the estimate before the step fit; a line through a step puts the "
          "crossing wherever the two levels make it): "
       << crossing_text(s.critical_line) << "\n";
    for (const auto &[o, c] : s.other_crossings)
      md << "- `" << o << "` crosses zero: " << crossing_text(c) << "\n";
    std::size_t intervals = 0, excluding = 0;
    for (const ConditionChange &c : s.changes)
      if (c.reference == as_quenched && c.change.samples >= 2)
        {
          ++intervals;
          excluding += c.change.resolved() ? 1 : 0;
        }
    md << "\n## Verdicts, one line per observable\n\n"
       << excluding << " of the " << intervals << " intervals against the as-quenched glass exclude zero; about "
       << std::lround((1.0 - s.confidence) * intervals) << " would by chance alone at " << percent
       << " % confidence, so a single resolved hold among many is weak evidence.\n\n";
    for (const std::string &o : s.observables)
      {
        std::vector<std::string> resolved, unresolved;
        for (const ConditionChange &c : s.changes)
          if (c.observable == o && c.reference == as_quenched)
            (c.change.resolved() ? resolved : unresolved)
              .push_back(fraction_text(c.fraction) + (c.change.resolved() ? " (" + interval_text(c.change) + ")" : ""));
        md << "- `" << o << "` against the as-quenched glass: ";
        md << (resolved.empty() ? "resolved at no hold" : "resolved at " + join(resolved, ", "));
        if (!unresolved.empty())
          md << "; not resolved at " << join(unresolved, ", ");
        const auto r = std::find_if(s.reversals.begin(), s.reversals.end(), [&](const Reversal &v) { return v.observable == o; });
        if (r != s.reversals.end() && !r->below.empty())
          md << "; reversal above the crossing " << (r->resolved() ? "**resolved**" : "not resolved") << " (trend to "
             << r->below << " " << interval_text(r->trend) << ", then " << r->below << " to " << r->above << " "
             << interval_text(r->step) << ")";
        md << "\n";
      }
    if (s.tests > 0)
      {
        md << "\n## Yield peaks\n\n";
        std::vector<std::string> as_cast, after;
        for (const auto &[sample, condition] : s.peak_at_end)
          if (condition == as_quenched)
            as_cast.push_back(std::to_string(sample));
          else
            after.push_back(std::to_string(sample) + " " + condition);
        if (s.peak_at_end.empty())
          md << "Every compression test peaked before its last point.\n";
        else
          {
            md << s.peak_at_end.size() << " of the " << s.tests
               << " compression tests ended before the stress peaked (`yield_peak_at_test_end`): their peak is a lower bound.";
            if (!as_cast.empty())
              md << " As-quenched tests of samples " << join(as_cast, ", ")
                 << ": those samples' hold stresses are fractions of that lower bound, not of a yield peak, and their "
                    "hold fractions overstate how close to yield the holds were.";
            if (!after.empty())
              md << " Post-hold tests: " << join(after, ", ") << ".";
            md << " Raise `Compression test/Max strain` for the next run.\n";
          }
      }
    if (!s.held.empty())
      {
        std::size_t off = 0;
        for (const auto &h : s.held)
          off += h.off_target ? 1 : 0;
        md << "\n## Holds at their stress\n\n"
           << (off == 0 ? std::string("Every hold held its target within 2 % (time average over the hold phase).")
                        : std::to_string(off) + " of the " + std::to_string(s.held.size()) +
                            " holds were more than 2 % off their target: **off target** below.")
           << "\n\n| sample | condition | target (GPa) | held (GPa) | error (%) | creep strain | |\n|---|---|---|---|---|---|---|\n";
        for (const auto &h : s.held)
          {
            std::ostringstream row;
            row << std::fixed << "| " << h.sample << " | " << h.condition << " | " << std::setprecision(3) << h.target << " | "
                << h.held << " | " << std::setprecision(2) << h.error_percent << " | " << std::setprecision(4) << h.creep << " | "
                << (h.off_target ? "**off target**" : "") << " |\n";
            md << row.str();
          }
      }
    return md.str();
  }

  std::string write_campaign_statistics(const std::string &dir, const std::string &campaign_csv_text,
                                        const std::string &what, const std::string &title)
  {
    const CampaignStatistics s = campaign_statistics(read_campaign_table(campaign_csv_text, what));
    const std::string summary = campaign_summary_md(s, title);
    write_output(dir, "campaign-changes.csv", campaign_changes_csv(s));
    write_output(dir, "campaign-summary.md", summary);
    return summary;
  }

  bool is_campaign_statistics_name(const std::string &name)
  {
    return name == "campaign-changes.csv" || name == "campaign-summary.md";
  }
} // namespace bmgcreep::atomistic
