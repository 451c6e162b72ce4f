// The relaxation-rejuvenation map's outputs: map.csv, critical-stress.csv, the figure (map.gp
// with its data inline, drawn to map.png) and the console summary.
#include "continuum/material/observable_table.h"
#include "continuum/material/relaxation_map.h"
#include "coupling/gnuplot_figures.h"
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
    /// A number for a CSV cell; NaN (a failed hold, no crossing) is an empty cell.
    std::string cell_text(const double x)
    {
      return std::isfinite(x) ? to_text_precise(x) : std::string();
    }

    /// Free text for a CSV cell of this project's readers (no quoting): no commas or line ends.
    std::string csv_note(std::string text)
    {
      std::replace(text.begin(), text.end(), ',', ';');
      std::replace(text.begin(), text.end(), '\n', ' ');
      return text;
    }

    /// A number for gnuplot's inline data: NaN where there is none (gnuplot skips it).
    std::string plot_text(const double x)
    {
      return std::isfinite(x) ? to_text_precise(x) : std::string("NaN");
    }

    /// Whether `t` (s) is a whole decade of hours (0.1 h, 1 h, 10 h, ...).
    bool whole_decade(const double t)
    {
      const double l = std::log10(units::s_to_hours(t));
      return std::abs(l - std::round(l)) < 1e-9;
    }

    /// The three changes of the map, in the order of its columns and panels.
    struct Change
    {
      const char *observable; ///< name in the observable table
      double MapCell::*value;
      bool relaxed_negative; ///< a relaxed glass has a negative change (enthalpy), else positive
    };
    const Change changes[] = { { "enthalpy_change_J_per_g", &MapCell::enthalpy_change, true },
                               { "density_change_percent", &MapCell::density_change_percent, false },
                               { "yield_change_percent", &MapCell::yield_change_percent, false } };
  } // namespace

  std::string hold_time_text(const double seconds)
  {
    if (seconds < 360.0 * (1.0 - 1e-9)) // below 0.1 h
      return to_text(seconds / 60.0) + " min";
    return to_text(units::s_to_hours(seconds)) + " h";
  }

  std::string map_csv(const RelaxationMap &r)
  {
    std::ostringstream os;
    os << "hold_fraction_of_yield,hold_stress_MPa,hold_time_h";
    for (const Change &c : changes)
      os << ',' << observable(c.observable).comparison_name;
    os << ",creep_strain,failed\n";
    for (const MapCell &c : r.cells)
      {
        os << to_text_precise(c.hold_fraction) << ',' << to_text_precise(units::pa_to_mpa(c.hold_stress))
           << ',' << to_text_precise(units::s_to_hours(c.hold_time));
        for (const Change &change : changes)
          os << ',' << cell_text(c.*change.value);
        os << ',' << cell_text(c.creep_strain) << ',' << (c.failed ? 1 : 0) << '\n';
      }
    return os.str();
  }

  std::string critical_stress_csv(const RelaxationMap &r)
  {
    std::ostringstream os;
    os << "hold_time_h,critical_fraction_of_yield,critical_stress_MPa,bisection_holds,note\n";
    for (const CriticalStress &s : r.critical)
      os << to_text_precise(units::s_to_hours(s.hold_time)) << ',' << cell_text(s.fraction) << ','
         << cell_text(units::pa_to_mpa(s.stress)) << ',' << s.bisection_holds << ',' << csv_note(s.note)
         << '\n';
    return os.str();
  }

  std::string map_gnuplot(const RelaxationMap &r, const std::vector<LabCondition> &lab,
                          const std::string &title)
  {
    const auto log_h
        = [](const double seconds) { return to_text_precise(std::log10(units::s_to_hours(seconds))); };
    const std::string quoted = gnuplot_quoted(title);
    std::ostringstream gp;
    gp << "# gnuplot map.gp (written by bmgcreep map) draws map.png: the relaxation-rejuvenation map, one\n"
          "# filled-contour panel per change against the as-cast state, the critical stress sigma_c(t)\n"
          "# (critical-stress.csv) and the lab's holds. Data inline, x = log10(hold time / h):\n"
          "# $cells: log10 time, hold fraction, enthalpy change (J/g), density change (%), yield change (%)\n"
          "#         (NaN: the hold failed; one block per hold time); $critical: log10 time, sigma_c / "
          "yield\n"
          "# (NaN: none in range); $lab: log10 time, hold fraction, the lab's three changes.\n"
          "reset\nset terminal pngcairo noenhanced size 1800,620 font ',11'\nset output 'map.png'\n";
    gp << "$cells << EOD\n";
    for (std::size_t j = 0; j < r.times.size(); ++j)
      {
        for (std::size_t i = 0; i < r.fractions.size(); ++i)
          {
            const MapCell &c = r.cell(j, i);
            gp << log_h(c.hold_time) << ' ' << to_text_precise(c.hold_fraction);
            for (const Change &change : changes)
              gp << ' ' << plot_text(c.*change.value);
            gp << '\n';
          }
        gp << '\n';
      }
    gp << "EOD\n$critical << EOD\n";
    for (const CriticalStress &s : r.critical)
      gp << log_h(s.hold_time) << ' ' << plot_text(s.fraction) << '\n';
    gp << "EOD\n$lab << EOD\n";
    for (const LabCondition &l : lab)
      if (l.hold_fraction > 0.0 && l.hold_time_h > 0.0)
        {
          gp << to_text_precise(std::log10(l.hold_time_h)) << ' ' << to_text_precise(l.hold_fraction);
          for (const Change &change : changes)
            gp << ' ' << plot_text(lab_observable(observable(change.observable), l, lab.front()));
          gp << '\n';
        }
    gp << "EOD\n";

    // Time tics: the ends, every whole decade and the deck's hold time.
    std::string tics;
    for (const double t : r.times)
      if (t == r.times.front() || t == r.times.back() || whole_decade(t) || t == r.deck_hold_time)
        tics += (tics.empty() ? "" : ", ") + ("'" + hold_time_text(t) + "' " + log_h(t));
    gp << "set view map\nset pm3d at b interpolate 4,4\nset palette maxcolors 16\n"
          "set xrange ["
       << log_h(r.times.front()) << ":" << log_h(r.times.back())
       << "]\n"
          "set yrange ["
       << to_text_precise(r.fractions.front()) << ":" << to_text_precise(r.fractions.back())
       << "]\n"
          "set xtics ("
       << tics
       << ") rotate by -30\nset mxtics 1\n"
          "set xlabel 'hold time (log scale)'\nset ylabel 'hold stress / reference yield stress ("
       << to_text(units::pa_to_mpa(r.reference_yield))
       << " MPa)'\n"
          "set key bottom left box opaque\nset colorbox vertical\n"
          "# grey shows through where holds failed (no value)\n"
          "set object 1 rectangle from graph 0,0 to graph 1,1 behind fillcolor rgb '#bdbdbd' fillstyle solid "
          "noborder\n"
          "set multiplot layout 1,3 title '"
       << quoted << "'\n";
    for (std::size_t k = 0; k < std::size(changes); ++k)
      {
        // A symmetric colour range about no change; blue on the side of a relaxed glass.
        double largest = 0.0;
        for (const MapCell &c : r.cells)
          if (std::isfinite(c.*changes[k].value))
            largest = std::max(largest, std::abs(c.*changes[k].value));
        if (!(largest > 0.0))
          largest = 1.0;
        const std::string column = std::to_string(k + 3);
        gp << "set title '" << observable(changes[k].observable).label << "'\n"
           << "set palette defined (0 '" << (changes[k].relaxed_negative ? "#2166ac" : "#b2182b")
           << "', 0.5 'white', 1 '" << (changes[k].relaxed_negative ? "#b2182b" : "#2166ac") << "')\n"
           << "set cbrange [" << to_text_precise(-largest) << ":" << to_text_precise(largest) << "]\n"
           << "splot $cells using 1:2:(0):" << column << " with pm3d notitle, \\\n"
           << "      $critical using 1:2:(0) with lines lw 3 lc rgb 'black' title 'critical stress', \\\n"
           << "      $lab using 1:2:(0):" << column << " with points pt 7 ps 2.4 lc palette notitle, \\\n"
           << "      $lab using 1:2:(0) with points pt 6 ps 2.4 lw 1.5 lc rgb 'black' title 'lab', \\\n"
           << "      keyentry with points pt 5 ps 2 lc rgb '#bdbdbd' title 'hold failed', \\\n"
           << "      $lab using 1:2:(0):(sprintf('%+.2f', $" << column
           << ")) with labels offset 0,1.6 font ',10' notitle\n";
      }
    gp << "unset multiplot\nset output\n";
    return gp.str();
  }

  bool is_map_output_name(const std::string &name)
  {
    return name == "map.csv" || name == "critical-stress.csv" || name == "map.gp" || name == "map.png" ||
           is_run_record_name(name);
  }

  bool write_map_outputs(const RelaxationMap &r, const std::string &dir, const std::vector<LabCondition> &lab,
                         const std::string &title)
  {
    refuse_foreign_outputs(dir, is_map_output_name);
    remove_listed_outputs(dir); // an earlier run's files (its map.png too, should gnuplot fail now)
    write_output(dir, "critical-stress.csv", critical_stress_csv(r));
    write_output(dir, "map.gp", map_gnuplot(r, lab, title));
    add_to_manifest(dir, "map.png");
    const bool drawn = !draw_gnuplot_figures(dir, {"map.gp"}).empty();
    write_output(dir, "map.csv", map_csv(r)); // last: its presence means the run finished
    return drawn;
  }

  std::string map_summary(const RelaxationMap &r)
  {
    std::ostringstream os;
    os << "\n  critical stress sigma_c(t): where the relaxation enthalpy change of a hold turns positive\n"
          "  (bisection to "
       << to_text(r.tolerance) << " of " << to_text(units::pa_to_mpa(r.reference_yield)) << " MPa)\n"
       << "  hold time     sigma_c/yield   sigma_c (MPa)\n";
    for (const CriticalStress &s : r.critical)
      {
        const double t = s.hold_time;
        if (!(t == r.times.front() || t == r.times.back() || whole_decade(t) || t == r.deck_hold_time))
          continue;
        os << "  " << std::left << std::setw(12) << (hold_time_text(t) + (t == r.deck_hold_time ? " *" : ""))
           << std::right;
        if (s.found())
          os << "  " << std::fixed << std::setprecision(6) << std::setw(13) << s.fraction << "  "
             << std::setw(13) << std::setprecision(1) << units::pa_to_mpa(s.stress) << '\n';
        else
          os << "  " << s.note << '\n';
      }
    os << "  (* the deck's Protocol/Hold time; every hold time in critical-stress.csv)\n";
    if (const unsigned int failed = r.failed_cells())
      {
        const auto first
            = std::find_if(r.cells.begin(), r.cells.end(), [](const MapCell &c) { return c.failed; });
        os << "  " << failed << " of " << r.cells.size() << " holds failed (empty in map.csv); the first, "
           << to_text(first->hold_fraction) << " for " << hold_time_text(first->hold_time) << ": "
           << first->failure << '\n';
      }
    return os.str();
  }
} // namespace bmgcreep::material
