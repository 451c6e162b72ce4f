#include "coupling/md_summary.h"

#include "coupling/critical_stress.h"
#include "coupling/input_file.h"
#include "coupling/text.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace bmgcreep
{
  namespace
  {
    double number(const std::string &path, const std::string &name, const std::string &text)
    {
      double v = 0.0;
      if (!parse_finite(text, v))
        throw std::runtime_error(path + ": \"" + name + "\" = \"" + text + "\" is not a finite number");
      return v;
    }

    /// Non-comment lines of a CSV file with their line numbers (1-based).
    std::vector<std::pair<std::size_t, std::vector<std::string>>> csv_lines(std::ifstream &in)
    {
      std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
      std::string line;
      for (std::size_t n = 1; std::getline(in, line); ++n)
        if (!line.empty() && line[0] != '#' && line.find_first_not_of(" \t\r") != std::string::npos)
          rows.emplace_back(n, split_csv_line(line));
      return rows;
    }

    /// Every hold's per-sample enthalpy change against the same sample's as-quenched glass, at
    /// that sample's hold fraction, from a campaign.csv (sample, condition, hold_stress_fraction,
    /// enthalpy_change_J_per_g); empty if the file or a column is missing, a value is not a
    /// number, or a hold condition's sample count differs from `samples_of` (a stale or foreign
    /// campaign.csv is not paired with the summary).
    std::pair<std::vector<double>, std::vector<double>> paired_enthalpy_points(const std::string &csv_path,
                                                                               const std::map<std::string, unsigned int> &samples_of)
    {
      if (!input_file_problem(csv_path, "campaign table", max_table_bytes).empty())
        return {};
      std::ifstream in(csv_path);
      if (!in)
        return {};
      std::vector<std::vector<std::string>> rows;
      for (auto &numbered : csv_lines(in))
        rows.push_back(std::move(numbered.second));
      if (rows.empty())
        return {};
      std::map<std::string, std::size_t> col;
      for (std::size_t i = 0; i < rows.front().size(); ++i)
        col[rows.front()[i]] = i;
      for (const std::string key : {"sample", "condition", "hold_stress_fraction", "enthalpy_change_J_per_g"})
        if (!col.count(key))
          return {};
      std::map<std::string, double> reference;
      std::vector<std::tuple<std::string, std::string, double, double>> holds; // sample, condition, f, h
      for (std::size_t i = 1; i < rows.size(); ++i)
        {
          const auto &row = rows[i];
          double fraction = 0.0, h = 0.0;
          if (row.size() != rows.front().size() || !parse_finite(row[col["hold_stress_fraction"]], fraction) ||
              !parse_finite(row[col["enthalpy_change_J_per_g"]], h))
            return {};
          if (row[col["condition"]] == "as-quenched")
            reference[row[col["sample"]]] = h;
          else
            holds.emplace_back(row[col["sample"]], row[col["condition"]], fraction, h);
        }
      std::map<std::string, unsigned int> count;
      std::pair<std::vector<double>, std::vector<double>> points;
      for (const auto &[sample, condition, fraction, h] : holds)
        {
          if (!reference.count(sample))
            return {};
          ++count[condition];
          points.first.push_back(fraction);
          points.second.push_back(h - reference.at(sample));
        }
      for (const auto &[condition, n] : samples_of)
        if (!count.count(condition) || count.at(condition) != n)
          return {};
      if (count.size() != samples_of.size())
        return {};
      return points;
    }
  } // namespace

  CriticalRatio critical_ratio_from_md(const std::string &path)
  {
    if (const std::string problem = input_file_problem(path, "MD summary", max_table_bytes); !problem.empty())
      throw std::runtime_error(problem);
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error(path + ": MD summary not found or not readable");
    std::vector<std::vector<std::string>> rows;
    for (auto &numbered : csv_lines(in))
      rows.push_back(std::move(numbered.second));
    if (rows.empty())
      throw std::runtime_error(path + ": no header line");
    const auto &header = rows.front();
    CriticalRatio r;
    if (header.size() >= 2 && header[0] == "quantity" && header[1] == "value")
      {
        std::map<std::string, std::string> values;
        for (std::size_t i = 1; i < rows.size(); ++i)
          if (rows[i].size() >= 2)
            values[rows[i][0]] = rows[i][1];
        if (values.count("critical_ratio")) // a bridge.csv of an MD-scale fit (bmgcreep calibrate)
          {
            if (!values.count("critical_ratio_uncertainty"))
              throw std::runtime_error(path + ": quantity \"critical_ratio_uncertainty\" missing");
            r.value = number(path, "critical_ratio", values["critical_ratio"]);
            r.uncertainty = number(path, "critical_ratio_uncertainty", values["critical_ratio_uncertainty"]);
            if (!(r.value > 0.0 && r.value < 1.0) || !(r.uncertainty > 0.0))
              throw std::runtime_error(path + ": critical_ratio must be in (0, 1) and its uncertainty > 0 (got " +
                                       to_text(r.value) + ", " + to_text(r.uncertainty) + ")");
            r.how = "critical ratio of the MD-scale fit in " + path;
            return r;
          }
        for (const std::string key : {"critical_stress", "yield_stress", "hold_stress_step"})
          if (!values.count(key))
            throw std::runtime_error(path + ": quantity \"" + key + "\" missing");
        const double sc = number(path, "critical_stress", values["critical_stress"]);
        const double sy = number(path, "yield_stress", values["yield_stress"]);
        const double step = number(path, "hold_stress_step", values["hold_stress_step"]);
        if (!(sc > 0.0) || !(sy > 0.0) || !(step > 0.0))
          throw std::runtime_error(path + ": critical_stress, yield_stress and hold_stress_step must be > 0");
        r.value = sc / sy;
        r.uncertainty = step / std::sqrt(12.0) / sy;
        r.how = "critical stress " + to_text(sc) + " / yield " + to_text(sy) + " (steps of " + to_text(step) + ") from " + path;
        return r;
      }
    // bmgcreep md's campaign-summary.csv
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i)
      col[header[i]] = i;
    for (const std::string key : {"condition", "hold_stress_fraction_mean", "enthalpy_change_J_per_g_mean"})
      if (!col.count(key))
        throw std::runtime_error(path + ": column \"" + key + "\" missing (neither the study's quantity,value,unit format nor a campaign-summary.csv)");
    std::vector<double> f, dh;
    std::map<std::string, unsigned int> samples_of; // condition -> samples (0 if no column)
    for (std::size_t i = 1; i < rows.size(); ++i)
      {
        if (rows[i].size() != header.size())
          throw std::runtime_error(path + ": row " + std::to_string(i + 1) + " has " + std::to_string(rows[i].size()) +
                                   " values, the header " + std::to_string(header.size()));
        if (rows[i][col["condition"]].rfind("hold-", 0) != 0)
          continue; // the as-quenched row
        f.push_back(number(path, "hold_stress_fraction_mean", rows[i][col["hold_stress_fraction_mean"]]));
        dh.push_back(number(path, "enthalpy_change_J_per_g_mean", rows[i][col["enthalpy_change_J_per_g_mean"]]));
        if (f.back() < 0.0)
          throw std::runtime_error(path + ": negative hold stress fraction " + to_text(f.back()));
        samples_of[rows[i][col["condition"]]] =
          col.count("samples") ? static_cast<unsigned int>(number(path, "samples", rows[i][col["samples"]])) : 0u;
      }
    // The step fit (coupling/critical_stress.h, the estimator bmgcreep md's campaign statistics
    // use): over the per-sample points of the campaign.csv beside the summary where it holds the
    // same samples, else over the condition means.
    std::vector<double> x, y;
    std::string over = "the condition means";
    if (const auto points = paired_enthalpy_points((std::filesystem::path(path).parent_path() / "campaign.csv").string(), samples_of);
        !points.first.empty())
      {
        x = points.first;
        y = points.second;
        over = "the per-sample points of the campaign.csv beside it";
      }
    else
      {
        x = f;
        y = dh;
      }
    const StepOnset step = step_onset(x, y);
    if (!step.found)
      throw std::runtime_error(path + ": no critical stress: the enthalpy change does not step from negative to positive over " +
                               over + " (" + step.note + ")");
    r.value = step.x;
    r.uncertainty = step.uncertainty();
    r.how = "step of the enthalpy change between " + to_text(step.gap_low) + " and " + to_text(step.gap_high) +
            " of yield (95 % interval [" + to_text(step.low) + ", " + to_text(step.high) + "]) fitted to " + over + " of " + path;
    return r;
  }

  namespace
  {

    /// Per-sample yield changes against each sample's as-quenched glass, 100 (y / y0 - 1), their
    /// mean and standard error per condition, from a campaign.csv (sample, condition,
    /// yield_peak_GPa columns); empty if the file or a column is missing.
    std::map<std::string, std::pair<MeanSe, std::size_t>> paired_yield_changes(const std::string &path)
    {
      if (!input_file_problem(path, "campaign table", max_table_bytes).empty())
        return {};
      std::ifstream in(path);
      if (!in)
        return {};
      const auto rows = csv_lines(in);
      if (rows.empty())
        return {};
      std::map<std::string, std::size_t> col;
      for (std::size_t i = 0; i < rows.front().second.size(); ++i)
        col[rows.front().second[i]] = i;
      for (const std::string key : {"sample", "condition", "yield_peak_GPa"})
        if (!col.count(key))
          return {};
      std::map<std::string, double> y0; // per sample
      std::map<std::string, std::vector<double>> changes;
      for (std::size_t i = 1; i < rows.size(); ++i)
        {
          const auto &[line, row] = rows[i];
          double y = 0.0;
          if (row.size() != rows.front().second.size() || !parse_finite(row[col["yield_peak_GPa"]], y) || !(y > 0.0))
            throw std::runtime_error(path + ": line " + std::to_string(line) + ": \"yield_peak_GPa\" is not a positive number");
          const std::string &sample = row[col["sample"]], &condition = row[col["condition"]];
          if (condition == "as-quenched" && y0.count(sample))
            throw std::runtime_error(path + ": line " + std::to_string(line) + ": a second as-quenched row of sample " + sample);
          if (condition == "as-quenched")
            y0[sample] = y;
          else if (!y0.count(sample))
            throw std::runtime_error(path + ": line " + std::to_string(line) + ": sample " + sample +
                                     " has no as-quenched row before its holds");
          else
            changes[condition].push_back(100.0 * (y / y0[sample] - 1.0));
        }
      std::map<std::string, std::pair<MeanSe, std::size_t>> out; // (mean and se, samples)
      for (const auto &[condition, v] : changes)
        {
          const double n = static_cast<double>(v.size());
          double mean = 0.0, ss = 0.0;
          for (const double x : v)
            mean += x / n;
          for (const double x : v)
            ss += (x - mean) * (x - mean);
          out[condition] = {{mean, v.size() > 1 ? std::sqrt(ss / (n - 1.0) / n) : 0.0}, v.size()};
        }
      return out;
    }
  } // namespace

  std::vector<MdCampaignCondition> read_md_campaign_summary(const std::string &path)
  {
    if (const std::string problem = input_file_problem(path, "MD campaign summary", max_table_bytes); !problem.empty())
      throw std::runtime_error(problem);
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error(path + ": MD campaign summary not found or not readable");
    const auto rows = csv_lines(in);
    if (rows.empty())
      throw std::runtime_error(path + ": no header line");
    const auto &header = rows.front().second;
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i)
      col[header[i]] = i;
    const std::vector<std::string> bases = {"hold_stress_fraction", "hold_stress_GPa", "measured_hold_stress_GPa",
                                            "creep_strain", "residual_strain",
                                            "enthalpy_change_J_per_g", "density_change_percent", "yield_peak_GPa"};
    for (const std::string key : {"condition", "samples"})
      if (!col.count(key))
        throw std::runtime_error(path + ": column \"" + key + "\" missing (not a campaign-summary.csv of bmgcreep md)");
    for (const auto &b : bases)
      for (const std::string suffix : {"_mean", "_se"})
        if (!col.count(b + suffix))
          throw std::runtime_error(path + ": column \"" + b + suffix + "\" missing (not a campaign-summary.csv of bmgcreep md)");
    const bool has_yield_change = col.count("yield_change_percent_mean") && col.count("yield_change_percent_se");
    std::vector<MdCampaignCondition> out;
    for (std::size_t i = 1; i < rows.size(); ++i)
      {
        const auto &[line, row] = rows[i];
        const std::string where = path + ": line " + std::to_string(line);
        if (row.size() != header.size())
          throw std::runtime_error(where + " has " + std::to_string(row.size()) + " values, the header " +
                                   std::to_string(header.size()));
        const auto value = [&](const std::string &name) {
          double v = 0.0;
          if (!parse_finite(row[col.at(name)], v))
            throw std::runtime_error(where + ": \"" + name + "\" = \"" + row[col.at(name)] + "\" is not a finite number");
          return v;
        };
        MdCampaignCondition c;
        c.name = row[col.at("condition")];
        const double samples = value("samples");
        if (!(samples >= 1.0) || samples != std::floor(samples))
          throw std::runtime_error(where + ": \"samples\" = " + to_text(samples) + " is not a count >= 1");
        c.samples = static_cast<unsigned int>(samples);
        // One sample has no standard errors (bmgcreep md writes nan): 0, so the deck's least
        // uncertainties apply.
        const auto mean_se = [&](const std::string &base) {
          const std::string se_name = base + "_se";
          MeanSe m{value(base + "_mean"), 0.0};
          if (!(c.samples == 1 && (row[col.at(se_name)] == "nan" || row[col.at(se_name)] == "")))
            m.se = value(se_name);
          if (m.se < 0.0)
            throw std::runtime_error(where + ": \"" + se_name + "\" = " + to_text(m.se) + " is negative");
          return m;
        };
        c.hold_fraction = mean_se("hold_stress_fraction");
        c.hold_stress_GPa = mean_se("hold_stress_GPa");
        c.measured_hold_stress_GPa = mean_se("measured_hold_stress_GPa");
        c.creep_strain = mean_se("creep_strain");
        c.residual_strain = mean_se("residual_strain");
        c.enthalpy_change_J_per_g = mean_se("enthalpy_change_J_per_g");
        c.density_change_percent = mean_se("density_change_percent");
        c.yield_peak_GPa = mean_se("yield_peak_GPa");
        if (has_yield_change)
          {
            c.yield_change_percent = mean_se("yield_change_percent");
            c.yield_change_paired = true;
          }
        if (c.hold_stress_GPa.mean < 0.0 || c.hold_fraction.mean < 0.0 || !(c.hold_fraction.mean < 1.0))
          throw std::runtime_error(where + ": hold stress " + to_text(c.hold_stress_GPa.mean) + " GPa, fraction " +
                                   to_text(c.hold_fraction.mean) + " of yield: need stress >= 0 and a fraction in [0, 1)");
        if (!(c.yield_peak_GPa.mean > 0.0))
          throw std::runtime_error(where + ": \"yield_peak_GPa_mean\" = " + to_text(c.yield_peak_GPa.mean) + " must be > 0");
        if ((i == 1) != (c.name == "as-quenched"))
          throw std::runtime_error(where + ": condition \"" + c.name + "\": the as-quenched row must come first, once");
        out.push_back(c);
      }
    if (out.size() < 2)
      throw std::runtime_error(path + ": needs the as-quenched row and at least one hold");
    // Yield changes: the summary's own column, else the per-sample rows of the campaign.csv
    // beside it (each hold against the same sample's as-quenched glass), else from the means.
    if (!has_yield_change)
      {
        const auto paired = paired_yield_changes((std::filesystem::path(path).parent_path() / "campaign.csv").string());
        // (Only where the campaign.csv has as many samples as the summary: a stale or foreign
        // campaign.csv is not paired with it.)
        for (std::size_t i = 1; i < out.size(); ++i)
          if (paired.count(out[i].name) && paired.at(out[i].name).second == out[i].samples)
            {
              out[i].yield_change_percent = paired.at(out[i].name).first;
              out[i].yield_change_paired = true;
            }
      }
    const double y0 = out.front().yield_peak_GPa.mean, se0 = out.front().yield_peak_GPa.se;
    for (std::size_t i = 1; i < out.size(); ++i)
      if (!out[i].yield_change_paired)
        {
          const double y = out[i].yield_peak_GPa.mean;
          out[i].yield_change_percent = {100.0 * (y / y0 - 1.0),
                                         100.0 * std::hypot(out[i].yield_peak_GPa.se / y0, y * se0 / (y0 * y0))};
        }
    return out;
  }
} // namespace bmgcreep
