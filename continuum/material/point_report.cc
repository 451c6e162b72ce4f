#include "continuum/material/point_report.h"

#include "continuum/material/observable_table.h"
#include "coupling/gnuplot_figures.h"
#include "coupling/lab_summary.h"
#include "coupling/output_folder.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace bmgcreep::material
{
  namespace
  {
    /// `x` with `digits` decimals (fixed), "+" in front of a positive one with `sign`.
    std::string fixed(const double x, const int digits, const bool sign = false)
    {
      std::ostringstream os;
      os << std::fixed << std::setprecision(digits) << (sign ? std::showpos : std::noshowpos) << x;
      return os.str();
    }
    std::string scientific(const double x, const int digits = 3)
    {
      std::ostringstream os;
      os << std::scientific << std::setprecision(digits) << x;
      return os.str();
    }
    std::string mpa(const double pa) { return fixed(units::pa_to_mpa(pa), 1); }

    /// "0.7 x yield (1180.9 MPa)": a hold's name in legends and headings.
    std::string hold_label(const ConditionResult &c)
    {
      return to_text(c.hold_fraction) + " x yield (" + mpa(c.hold_stress) + " MPa)";
    }

    /// The rows of `stage` in a condition's time series and the row before them (the state the
    /// stage starts from; null when the stage starts the series).
    struct StageRows
    {
      const TimeSeriesRow *start = nullptr;
      std::vector<const TimeSeriesRow *> rows;
    };
    StageRows stage_rows(const ConditionResult &c, const std::string &stage)
    {
      StageRows s;
      for (std::size_t k = 0; k < c.series.size(); ++k)
        if (c.series[k].stage == stage)
          {
            if (s.rows.empty() && k > 0)
              s.start = &c.series[k - 1];
            s.rows.push_back(&c.series[k]);
          }
      return s;
    }

    /// One figure: its gnuplot script (which draws `<stem>.png`) and caption.
    struct Figure
    {
      std::string stem, caption;
      std::vector<std::string> data; ///< the files it draws from
      std::string script() const { return stem + ".gp"; }
      std::string png() const { return stem + ".png"; }
    };

    std::string script_head(const std::string &stem, const std::string &what, const std::string &size)
    {
      return "# " + stem + ".gp, written by bmgcreep: " + what + "\n# `gnuplot " + stem +
             ".gp` in this folder draws " + stem + ".png\nreset\nset terminal pngcairo size " + size +
             " font ',11'\nset output '" + stem + ".png'\n";
    }

    /// Creep strain (axial strain gained since the start of the hold) against hold time, one
    /// block per hold, in linear and logarithmic time.
    Figure creep_curves(const PointCaseResult &r, const std::string &title, const std::string &dir)
    {
      std::ostringstream data;
      data << "# creep strain during each hold (written by bmgcreep): one block per hold (gnuplot index)\n"
           << "# hold_time_h creep_strain (axial, compression positive, since the start of the hold)\n"
           << std::setprecision(8);
      std::vector<std::string> titles; // of the blocks, in order
      for (const ConditionResult &c : r.conditions)
        {
          const StageRows hold = stage_rows(c, "hold");
          if (c.hold_fraction == 0.0 || hold.rows.empty())
            continue;
          const double t0 = hold.start ? hold.start->time : hold.rows.front()->time;
          const double e0 = hold.start ? hold.start->strain : hold.rows.front()->strain;
          data << (titles.empty() ? "" : "\n\n") << "# hold " << hold_label(c) << "\n0 0\n";
          for (const TimeSeriesRow *row : hold.rows)
            data << units::s_to_hours(row->time - t0) << ' ' << row->strain - e0 << '\n';
          titles.push_back(hold_label(c));
        }
      write_output(dir, "creep-curves.dat", data.str());
      // One plot command per panel, `x` the time column's expression.
      const auto plot = [&](const std::string &x) {
        std::string command;
        for (std::size_t i = 0; i < titles.size(); ++i)
          command += std::string(i ? ", \\\n     " : "plot ") + "'creep-curves.dat' index " + std::to_string(i) +
                     " using " + x + ":2 with lines lw 2 lt " + std::to_string(i + 1) + " title '" +
                     gnuplot_quoted(titles[i]) + "'";
        return command + "\n";
      };
      write_output(dir, "creep-curves.gp",
                   script_head("creep-curves", "creep strain against hold time, one line per hold", "1400,520") +
                     "set multiplot layout 1,2 title '" + gnuplot_quoted(title) +
                     "'\nset xlabel 'hold time (h)'\nset ylabel 'creep strain (-)'\nset key top left\nset grid\n" +
                     plot("1") + "set logscale x\nset format x '10^{%L}'\n" + plot("($1 > 0 ? $1 : 1/0)") +
                     "unset multiplot\n");
      return {"creep-curves",
              "Creep strain (axial, compression positive, gained since the start of the hold) against hold time: "
              "linear (left) and logarithmic (right) time, one line per hold.",
              {"creep-curves.dat"}};
    }

    /// The compression tests: stress against the strain since the start of the test, as cast
    /// and after each hold.
    Figure compression_curves(const PointCaseResult &r, const std::string &title, const std::string &dir)
    {
      std::ostringstream data;
      data << "# compression tests (written by bmgcreep): one block per condition (gnuplot index), as cast first\n"
           << "# strain_since_test_start stress_MPa (axial, compression positive)\n"
           << std::setprecision(8);
      std::string plots;
      int index = 0;
      // The right panel: around yield, from 90 % of the lowest yield stress up.
      double low = r.conditions.front().yield_stress, first_strain = 1e300, last_strain = 0.0, top = 0.0;
      for (const ConditionResult &c : r.conditions)
        low = std::min(low, c.yield_stress);
      low = 0.9 * units::pa_to_mpa(low);
      for (const ConditionResult &c : r.conditions)
        {
          const StageRows test = stage_rows(c, "compression");
          if (test.rows.empty())
            continue;
          const double e0 = test.start ? test.start->strain : 0.0;
          data << (index ? "\n\n" : "") << "# " << (c.hold_fraction == 0.0 ? "as cast" : "after hold " + hold_label(c))
               << "\n0 " << (test.start ? units::pa_to_mpa(test.start->stress) : 0.0) << '\n';
          for (const TimeSeriesRow *row : test.rows)
            {
              const double strain = row->strain - e0, stress = units::pa_to_mpa(row->stress);
              data << strain << ' ' << stress << '\n';
              if (stress >= low)
                first_strain = std::min(first_strain, strain);
              last_strain = std::max(last_strain, strain);
              top = std::max(top, stress);
            }
          const bool cast = c.hold_fraction == 0.0;
          plots += std::string(plots.empty() ? "plot " : ", \\\n     ") + "'compression.dat' index " +
                   std::to_string(index) + " using 1:2 with lines lw 2 " +
                   (cast ? std::string("dt 2 lc 'black'") : "lt " + std::to_string(index)) + " title '" +
                   (cast ? std::string("as cast") : "after " + gnuplot_quoted(hold_label(c))) + "'";
          ++index;
        }
      write_output(dir, "compression.dat", data.str());
      std::string zoom;
      if (top > low && last_strain > first_strain)
        zoom = "set title 'around yield'\nset xrange [" + to_text(first_strain) + ":" + to_text(last_strain) +
               "]\nset yrange [" + to_text(low) + ":" + to_text(low + 1.15 * (top - low)) + "]\n" + plots + "\n";
      write_output(dir, "compression.gp",
                   script_head("compression", "the compression tests, as cast and after each hold", "1400,560") +
                     "set multiplot layout 1," + (zoom.empty() ? "1" : "2") + " title '" + gnuplot_quoted(title) +
                     "'\nset xlabel 'strain since the start of the test (-)'\nset ylabel 'stress (MPa)'\n"
                     "set key bottom right\nset grid\nset yrange [0:*]\n" +
                     plots + "\nset key top left\n" + zoom + "unset multiplot\n");
      return {"compression",
              "The compression tests, as cast and after each hold (after the unloading and the wait): axial stress "
              "against the strain since the start of the test; right: around yield.",
              {"compression.dat"}};
    }

    /// The changes compared with the lab (the observable table's), in the table's order.
    std::vector<const ObservableSpec *> compared_changes()
    {
      std::vector<const ObservableSpec *> specs;
      for (const ObservableSpec &s : observable_table())
        if (!s.comparison_name.empty())
          specs.push_back(&s);
      return specs;
    }

    /// The post-hold changes against hold stress: the model at its holds (and 0 as cast), the
    /// lab's holds with error bars where the file states uncertainties. `notes` gets what the
    /// lab data lack.
    Figure trends(const PointCaseResult &r, const std::vector<LabCondition> &lab, const std::string &title,
                  const std::string &dir, std::vector<std::string> &notes)
    {
      const std::vector<const ObservableSpec *> specs = compared_changes();
      std::ostringstream model, points;
      model << "# model changes from the as-cast state (written by bmgcreep)\n# hold_fraction_of_yield hold_stress_MPa";
      points << "# lab changes from the as-cast state and their one-standard-deviation uncertainty (0: none "
                "stated)\n# hold_fraction_of_yield hold_stress_MPa";
      for (const ObservableSpec *s : specs)
        {
          model << ' ' << s->name;
          points << ' ' << s->name << ' ' << s->name << "_uncertainty";
        }
      model << '\n' << std::setprecision(8);
      points << '\n' << std::setprecision(8);
      for (const ConditionResult &c : r.conditions)
        {
          model << c.hold_fraction << ' ' << units::pa_to_mpa(c.hold_stress);
          for (const ObservableSpec *s : specs)
            model << ' ' << model_observable(*s, c, r.conditions.front());
          model << '\n';
        }
      std::vector<bool> stated(specs.size(), false);
      for (std::size_t i = 1; i < lab.size(); ++i)
        {
          points << lab[i].hold_fraction << ' ' << lab[i].hold_stress_MPa;
          for (std::size_t k = 0; k < specs.size(); ++k)
            {
              const double u = lab_observable_uncertainty(*specs[k], lab[i], lab.front());
              stated[k] = stated[k] || std::isfinite(u);
              points << ' ' << lab_observable(*specs[k], lab[i], lab.front()) << ' ' << (std::isfinite(u) ? u : 0.0);
            }
          points << '\n';
        }
      write_output(dir, "trends-model.dat", model.str());
      write_output(dir, "trends-lab.dat", points.str());

      std::string gp = script_head("trends", "the post-hold changes against hold stress, model and lab", "1500,480") +
                       "set multiplot layout 1," + std::to_string(specs.size()) + " title '" + gnuplot_quoted(title) +
                       "'\nset xlabel 'hold stress / reference yield stress (" + mpa(r.reference_yield) +
                       " MPa)'\nset xrange [-0.02:1]\nset key top left\nset grid\nset xzeroaxis lt -1\n";
      std::vector<std::string> without;
      for (std::size_t k = 0; k < specs.size(); ++k)
        {
          const std::string value = std::to_string(3 + k), lab_value = std::to_string(3 + 2 * k);
          gp += "set ylabel '" + gnuplot_quoted(specs[k]->label) + "'\nplot 'trends-model.dat' using 1:" + value +
                " with linespoints lw 2 pt 7 title 'model'";
          if (!lab.empty())
            gp += ", 'trends-lab.dat' using 1:" + lab_value +
                  (stated[k] ? ":" + std::to_string(4 + 2 * k) + " with yerrorbars pt 5 ps 1.5 lc 'black' title 'lab (1 sd)'"
                             : " with points pt 5 ps 1.5 lc 'black' title 'lab'");
          gp += "\n";
          if (!lab.empty() && !stated[k])
            without.push_back(specs[k]->label);
        }
      write_output(dir, "trends.gp", gp + "unset multiplot\n");
      if (lab.empty())
        notes.push_back("No lab summary (deck entry `Comparison/Lab summary`): the trends show the model alone.");
      else if (!without.empty())
        {
          std::string list;
          for (std::size_t i = 0; i < without.size(); ++i)
            list += (i ? ", " : "") + without[i];
          notes.push_back("The lab summary states no uncertainty for " + list +
                          ": those lab points have no error bars (a lab file may add the one-standard-deviation "
                          "columns relaxation_enthalpy_uncertainty_J_per_g, density_uncertainty_g_per_cm3 and "
                          "yield_stress_uncertainty_MPa; docs/observables.md).");
        }
      return {"trends", "The changes after each hold (after the unloading and the wait) from the as-cast state "
                        "against hold stress: the model at its holds, the lab's points" +
                          std::string(without.size() < specs.size() && !lab.empty()
                                        ? " with one-standard-deviation error bars where the lab file states them."
                                        : "."),
              {"trends-model.dat", "trends-lab.dat"}};
    }

    /// Whether a section has cells left of the axis (the 3D model's), else it is a half-plane.
    bool full_section(const std::string &section)
    {
      return section.find("\n-") != std::string::npos;
    }

    /// One column of a section CSV by its header name (1-based, gnuplot's numbering); 0 if absent.
    unsigned int section_column(const std::string &section, const std::string &name)
    {
      const std::vector<std::string> header = split_csv_line(section.substr(0, section.find('\n')));
      const auto it = std::find(header.begin(), header.end(), name);
      return it == header.end() ? 0 : static_cast<unsigned int>(it - header.begin()) + 1;
    }

    /// Whether every cell of the section has the same axial stress (to 1e-6 of its size): the
    /// frictionless cylinder's uniform state.
    bool uniform_section(const std::string &section)
    {
      const unsigned int column = section_column(section, "axial_stress_MPa");
      if (column == 0)
        return false;
      std::istringstream rows(section);
      std::string line;
      std::getline(rows, line); // the header
      double low = HUGE_VAL, high = -HUGE_VAL;
      while (std::getline(rows, line))
        {
          const std::vector<std::string> cells = split_csv_line(line);
          if (cells.size() < column)
            return false;
          const double value = std::stod(cells[column - 1]);
          low = std::min(low, value);
          high = std::max(high, value);
        }
      return high >= low && high - low <= 1e-6 * std::max(std::abs(high), std::abs(low));
    }

    /// The fields at the end of each hold over the cylinder's section through the axis (the
    /// axisymmetric half-plane mirrored about the axis), from <hold>-hold-section.csv.
    std::vector<Figure> field_pictures(const PointCaseResult &r, const std::string &dir,
                                       std::vector<std::string> &notes)
    {
      std::vector<Figure> figures;
      const std::vector<std::pair<std::string, std::string>> shown = {
        {"axial_stress_MPa", "axial stress (MPa)"},
        {"internal_variable", "internal variable of " + r.law_name},
        {"density_change_percent", "density change (%)"}};
      for (const ConditionResult &c : r.conditions)
        {
          if (c.hold_fraction == 0.0 || c.fields.empty())
            continue;
          const auto hold = std::find_if(c.fields.begin(), c.fields.end(),
                                         [](const FieldSnapshot &f) { return f.stage == "hold"; });
          const std::string name = condition_name(c.hold_fraction);
          if (hold == c.fields.end() || hold->section.empty())
            {
              notes.push_back("No section of the fields at the end of hold " + hold_label(c) + ".");
              continue;
            }
          const std::string data = "'" + name + "-hold-section.csv' skip 1 using ";
          const bool mirror = !full_section(hold->section);
          std::string gp = script_head(name + "-fields", "the fields at the end of hold " + hold_label(c), "1500,820") +
                           "set datafile separator ','\nset multiplot layout 1,3 title 'end of the hold at " +
                           gnuplot_quoted(hold_label(c)) + ", " + fixed(units::s_to_hours(c.hold_time), 1) + " h: " +
                           (mirror ? "the r-z section, mirrored about the axis" : "the section y = 0 through the axis") +
                           "'\nset size ratio -1\nset xlabel '" + (mirror ? "r" : "x") +
                           " (mm)'\nset ylabel 'z (mm)'\nunset key\nset palette rgb 33,13,10\n";
          for (const auto &[column, label] : shown)
            {
              // each cell a box: centre, half width, half height, coloured by the value
              const std::string rest = ":(($3+$4)/2):(($2-$1)/2):(($4-$3)/2):" +
                                       std::to_string(section_column(hold->section, column)) +
                                       " with boxxyerror fs solid 1.0 noborder fc palette";
              gp += "set title '" + gnuplot_quoted(label) + "'\nplot " + data + "(($1+$2)/2)" + rest;
              if (mirror)
                gp += ", \\\n     " + data + "(-($1+$2)/2)" + rest;
              gp += "\n";
            }
          write_output(dir, name + "-fields.gp", gp + "unset multiplot\n");
          figures.push_back({name + "-fields", "Hold " + hold_label(c) + ", at the end of the hold (" +
                                                 fixed(units::s_to_hours(c.hold_time), 1) +
                                                 " h): axial stress (compression positive), the law's internal "
                                                 "variable and the density change, cell by cell over the " +
                                                 (mirror ? "r-z section (mirrored about the axis)."
                                                         : "section y = 0 through the axis.") +
                                                 " Under the hold stress: the density change includes the "
                                                 "elastic compression." +
                                                 (uniform_section(hold->section)
                                                      ? " The fields are uniform: with frictionless platens "
                                                        "every cell holds the same state (bonded platens, "
                                                        "`Cylinder/Platen friction = bonded`, give the "
                                                        "barrelled specimen's fields)."
                                                      : ""),
                             {name + "-hold-section.csv"}});
        }
      return figures;
    }

    /// A markdown table row of cells.
    std::string table_row(const std::vector<std::string> &cells)
    {
      std::string row = "|";
      for (const std::string &c : cells)
        row += " " + c + " |";
      return row + "\n";
    }
    std::string table_head(const std::vector<std::string> &cells)
    {
      return table_row(cells) + table_row(std::vector<std::string>(cells.size(), "---"));
    }

    std::string summary_table(const PointCaseResult &r)
    {
      std::string t = table_head({"condition", "hold stress (MPa)", "hold time (h)", "creep strain", "residual strain",
                                  "density (g/cm^3)", "density change (%)", "relaxation enthalpy (J/g)",
                                  "yield stress (MPa)"});
      for (const ConditionResult &c : r.conditions)
        t += table_row({c.hold_fraction == 0.0 ? std::string("as cast") : "hold " + to_text(c.hold_fraction),
                        mpa(c.hold_stress), fixed(units::s_to_hours(c.hold_time), 1), scientific(c.creep_strain),
                        scientific(c.residual_strain), fixed(c.density, 4), fixed(c.density_change_percent, 3, true),
                        fixed(c.relaxation_enthalpy, 3), mpa(c.yield_stress)});
      return t;
    }

    /// The model against the lab, change by change: the error of each change in its unit, the
    /// relative error and the trend sign (docs/point-driver.md, "Trend signs").
    std::string comparison_table(const std::vector<ComparisonRow> &comparison, const std::vector<LabCondition> &lab)
    {
      std::string t = table_head({"hold", "change", "lab", "model", "error (model - lab)", "relative error",
                                  "trend sign reproduced"});
      unsigned int agree = 0;
      for (const ComparisonRow &row : comparison)
        {
          const ObservableSpec *spec = nullptr;
          for (const ObservableSpec *s : compared_changes())
            if (s->comparison_name == row.observable)
              spec = s;
          std::string lab_text = fixed(row.lab_change, 3, true);
          for (const LabCondition &l : lab)
            if (spec && std::abs(l.hold_fraction - row.hold_fraction) < 1e-9)
              if (const double u = lab_observable_uncertainty(*spec, l, lab.front()); std::isfinite(u))
                lab_text += " ± " + fixed(u, 3);
          agree += row.trend_sign_agrees;
          t += table_row({to_text(row.hold_fraction), spec ? spec->label : row.observable, lab_text,
                          fixed(row.model_change, 3, true), fixed(row.model_change - row.lab_change, 3, true),
                          std::isfinite(row.relative_error) ? fixed(100.0 * row.relative_error, 1, true) + " %"
                                                            : std::string("(lab change 0)"),
                          row.trend_sign_agrees ? "yes" : "**no**"});
        }
      return t + "\nTrend signs reproduced: " + std::to_string(agree) + " of " + std::to_string(comparison.size()) +
             " (per change, the sign of the step from the previous hold where the lab's change keeps its sign, "
             "else the sign of the change).\n";
    }

    std::string energy_table(const PointCaseResult &r, std::vector<std::string> &notes)
    {
      std::string t = table_head({"hold", "inelastic work (J/g)", "enthalpy change (J/g)", "within the bound",
                                  "stored free energy change (J/g)"});
      for (const EnergyBalance &e : energy_balance(r))
        {
          const bool has_free_energy = !std::isnan(e.free_energy_change);
          t += table_row({to_text(e.hold_fraction), fixed(e.inelastic_work, 3), fixed(e.enthalpy_change, 3, true),
                          e.within_bound() ? "yes" : "**no**",
                          has_free_energy ? fixed(e.free_energy_change, 3, true) + (e.free_energy_within_work() ? "" : " **(above the work)**")
                                          : std::string("- (the law states none)")});
          if (!e.within_bound())
            notes.push_back("Hold " + to_text(e.hold_fraction) +
                            " stores more enthalpy than the inelastic work done on it (energy bound broken).");
          if (!e.free_energy_within_work())
            notes.push_back("Hold " + to_text(e.hold_fraction) +
                            " stores more free energy than the inelastic work done on it (second law broken).");
        }
      return t;
    }

    std::string controls_table(const PointCaseResult &r)
    {
      std::string t = table_head({"control", "time (h)", "density change (%)", "enthalpy change (J/g)",
                                  "yield change (%)"});
      for (const ControlChange &c : control_changes(r))
        t += table_row({c.name, fixed(c.time_h, 0), fixed(c.density_change_percent, 3, true),
                        fixed(c.enthalpy_change, 3, true), fixed(c.yield_change_percent, 3, true)});
      return t;
    }

    /// Holds of the lab summary the run has not, and the other way round.
    void unmatched_holds(const PointCaseResult &r, const std::vector<LabCondition> &lab, std::vector<std::string> &notes)
    {
      const auto has = [](const auto &rows, const double f) {
        return std::any_of(rows.begin(), rows.end(),
                           [f](const auto &row) { return std::abs(row.hold_fraction - f) < 1e-9; });
      };
      for (std::size_t i = 1; i < lab.size(); ++i)
        if (!has(r.conditions, lab[i].hold_fraction))
          notes.push_back("The lab's hold " + to_text(lab[i].hold_fraction) +
                          " was not run (not among `Protocol/Hold fractions`): drawn, not compared.");
      for (std::size_t i = 1; i < r.conditions.size() && !lab.empty(); ++i)
        if (!has(lab, r.conditions[i].hold_fraction))
          notes.push_back("Hold " + to_text(r.conditions[i].hold_fraction) + " has no lab row: not compared.");
    }

    /// The outputs of the run, linked.
    std::string file_list(const PointCaseResult &r, const bool lab)
    {
      std::string text = "- [summary.csv](summary.csv): the summary table above, full precision\n";
      if (lab)
        text += "- [comparison.csv](comparison.csv): the model against the lab\n";
      text += "- [energy.csv](energy.csv): the energy balance\n";
      if (!r.controls.empty())
        text += "- [controls.csv](controls.csv): the unloaded controls\n";
      text += "- time series through every stage (time, stage, stress, strain, internal variable, density):";
      for (const ConditionResult &c : r.conditions)
        text += " [" + condition_name(c.hold_fraction) + ".csv](" + condition_name(c.hold_fraction) + ".csv)";
      text += "\n";
      if (std::any_of(r.conditions.begin(), r.conditions.end(), [](const ConditionResult &c) { return !c.fields.empty(); }))
        {
          text += "- fields at the end of every stage, for ParaView:";
          for (const ConditionResult &c : r.conditions)
            if (!c.fields.empty())
              text += " [" + condition_name(c.hold_fraction) + ".pvd](" + condition_name(c.hold_fraction) + ".pvd)";
          text += "\n";
        }
      return text;
    }
  } // namespace

  void write_point_report(const PointCaseResult &r, const std::vector<ComparisonRow> &comparison,
                          const RunDescription &run, const std::string &dir)
  {
    std::vector<std::string> notes;
    const std::vector<LabCondition> lab = run.lab_path.empty() ? std::vector<LabCondition>() : read_lab_summary(run.lab_path);
    const bool point = run.specimen == "material point";
    const std::string specimen = point ? "the material point" : "the " + run.specimen + " finite-element cylinder";
    const std::string title = r.law_name + " on " + specimen;

    std::vector<Figure> figures = {creep_curves(r, "creep during the holds: " + title, dir),
                                   trends(r, lab, "changes after the holds: " + title, dir, notes),
                                   compression_curves(r, "compression tests: " + title, dir)};
    for (Figure &f : field_pictures(r, dir, notes))
      figures.push_back(std::move(f));
    std::vector<std::string> scripts;
    for (const Figure &f : figures)
      {
        add_to_manifest(dir, f.png()); // listed before it exists: a rerun removes it
        scripts.push_back(f.script());
      }
    const std::vector<std::string> drawn = draw_gnuplot_figures(dir, scripts);
    const bool gnuplot = gnuplot_installed();
    if (!gnuplot)
      notes.push_back("No figures: gnuplot is not installed (Debian package gnuplot-nox, installed by "
                      "scripts/install-deps); `gnuplot NAME.gp` in this folder draws NAME.png from the scripts below.");
    const auto figure = [&](const Figure &f) {
      std::string text;
      if (std::find(drawn.begin(), drawn.end(), f.png()) != drawn.end())
        text += "![" + f.stem + "](" + f.png() + ")\n\n";
      else if (gnuplot)
        {
          text += "*(" + f.png() + " not drawn: gnuplot failed on its script)*\n\n";
          notes.push_back(f.png() + ": gnuplot failed on " + f.script() + " (run `gnuplot " + f.script() +
                          "` in this folder to see why).");
        }
      text += f.caption + " Script [" + f.script() + "](" + f.script() + "), data";
      for (const std::string &d : f.data)
        text += " [" + d + "](" + d + ")";
      return text + ".\n\n";
    };

    std::ostringstream md;
    const double hold_h = r.conditions.size() > 1 ? units::s_to_hours(r.conditions[1].hold_time) : 0.0;
    std::string fractions;
    for (std::size_t i = 1; i < r.conditions.size(); ++i)
      fractions += (i > 1 ? (i + 1 == r.conditions.size() ? " and " : ", ") : "") + to_text(r.conditions[i].hold_fraction);
    md << "# bmgcreep " << run.command << ": `" << run.deck << "`\n\n"
       << "Law `" << r.law_name << "` on " << specimen << ". The as-cast compression test, then holds at " << fractions
       << " of the reference yield stress " << mpa(r.reference_yield) << " MPa (the model's as-cast yield stress: "
       << mpa(r.model_yield) << " MPa), each for " << fixed(hold_h, 1)
       << " h and followed by the unloading, the wait at zero stress and a compression test. Strains and stresses "
          "are axial and compression positive"
       << (lab.empty() ? std::string(".") : "; the lab summary compared with is `" + run.lab_path + "`.") << "\n\n";
    if (!run.warnings.empty())
      {
        md << "**Outside the calibrated range** (the deck's Validity subsection):\n\n";
        for (const std::string &w : run.warnings)
          md << "- " << w.substr(w.rfind("warning: ", 0) == 0 ? 9 : 0) << "\n";
        md << "\n";
      }
    md << "## Creep during the holds\n\n" << figure(figures[0]);
    md << "## Changes after the holds against hold stress\n\n" << figure(figures[1]);
    md << "## Compression tests\n\n" << figure(figures[2]);
    if (figures.size() > 3)
      {
        md << "## Fields at the end of each hold\n\n";
        for (std::size_t i = 3; i < figures.size(); ++i)
          md << figure(figures[i]);
      }
    md << "## Summary\n\n" << summary_table(r) << "\n";
    if (!comparison.empty())
      md << "## Model against the lab\n\nChanges from the as-cast state, after the unloading and the wait.\n\n"
         << comparison_table(comparison, lab) << "\n";
    unmatched_holds(r, lab, notes);
    md << "## Energy from the loading to the end of the wait\n\n" << energy_table(r, notes) << "\n";
    if (!r.controls.empty())
      md << "## Unloaded controls (material point)\n\nThe protocol at zero stress, changes from the as-cast "
            "state.\n\n"
         << controls_table(r) << "\n";
    md << "## Files\n\n" << file_list(r, !comparison.empty()) << "\n";
    if (!notes.empty())
      {
        md << "## Notes\n\n";
        for (const std::string &n : notes)
          md << "- " << n << "\n";
      }
    write_output(dir, "report.md", md.str());
  }

  bool is_report_output_name(const std::string &name, const std::vector<double> &hold_fractions)
  {
    for (const char *fixed_name :
         {"report.md", "creep-curves.gp", "creep-curves.png", "creep-curves.dat", "trends.gp", "trends.png",
          "trends-model.dat", "trends-lab.dat", "compression.gp", "compression.png", "compression.dat"})
      if (name == fixed_name)
        return true;
    for (const double f : hold_fractions)
      if (name == condition_name(f) + "-fields.gp" || name == condition_name(f) + "-fields.png")
        return true;
    return false;
  }
} // namespace bmgcreep::material
