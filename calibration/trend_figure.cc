#include "calibration/trend_figure.h"

#include "continuum/material/observable_table.h"
#include "coupling/atomic_file.h"
#include "coupling/gnuplot_figures.h"
#include "coupling/text.h"

#include <sstream>

namespace bmgcreep::calibration
{
  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }
  } // namespace

  void write_trend_figure(const ForwardModel &fit, const std::vector<double> &x, const TrendFigureData &data,
                          const std::string &dir, std::ostream &report)
  {
    const std::vector<double> grid = merged_fractions(merged_fractions(critical_ratio_grid(), {0.1, 0.2}), data.lab_holds);
    // Lab data: the measured values; MD data: the changes against the as-quenched glass.
    const std::vector<std::string> columns =
      data.md_data ? std::vector<std::string>{"enthalpy_change_J_per_g", "density_change_percent", "yield_change_percent"}
                   : std::vector<std::string>{"relaxation_enthalpy_J_per_g", "density_g_per_cm3", "yield_stress_MPa"};
    std::vector<std::string> labels;
    std::string header = "hold_fraction_of_yield";
    for (const auto &name : columns)
      {
        labels.push_back(material::observable(name).label);
        header += "," + name;
      }
    std::ostringstream curve;
    curve << header << "\n";
    try
      {
        std::string failure;
        const auto conditions = fit.run_upwards(x, grid, failure).conditions;
        for (const auto &c : conditions)
          {
            if (data.md_data && c.hold_fraction == 0.0)
              continue; // the as-quenched reference: no change by definition
            curve << num(c.hold_fraction);
            for (const auto &name : columns)
              curve << "," << num(material::model_observable(material::observable(name), c, conditions.front()));
            curve << "\n";
          }
        if (!failure.empty())
          report << "\n(the model curve of fit-trends.png stops below the first hold that fails: " << failure << ")\n";
      }
    catch (const std::exception &e) // not even the as-cast test runs
      {
        if (is_deck_error(e))
          throw;
        report << "\n(no model curve in fit-trends.png: " << e.what() << ")\n";
      }
    std::ostringstream points;
    if (data.md_data)
      {
        points << header << ",enthalpy_se,density_se,yield_se\n";
        for (std::size_t i = 1; i < data.md.size(); ++i)
          {
            const auto &c = data.md[i];
            points << num(md_fit_fraction(c, data.md_measured_stress)) << "," << num(c.enthalpy_change_J_per_g.mean)
                   << "," << num(c.density_change_percent.mean) << "," << num(c.yield_change_percent.mean) << ","
                   << num(c.enthalpy_change_J_per_g.se) << "," << num(c.density_change_percent.se) << ","
                   << num(c.yield_change_percent.se) << "\n";
          }
      }
    else
      {
        points << header << "\n";
        for (const auto &c : data.lab)
          {
            points << num(c.hold_fraction);
            for (const auto &name : columns)
              points << "," << num(material::lab_observable(material::observable(name), c, data.lab.front()));
            points << "\n";
          }
      }
    write_file_atomically(dir + "/model-curve.csv", curve.str());
    write_file_atomically(dir + "/data-points.csv", points.str());
    const std::string what = data.md_data ? "MD" : "lab";
    std::string gp = "# gnuplot fit-trends.gp (written by bmgcreep calibrate): " + what + " points and the fitted model\n"
                     "reset\nset terminal pngcairo size 1500,450 font ',11'\n"
                     "set output 'fit-trends.png'\nset datafile separator ','\nset key top left\nset xrange [-0.02:0.95]\n"
                     "set multiplot layout 1,3 title '" + data.law + " fitted to the " + what + " summary'\n"
                     "set xlabel 'hold stress / " + (data.md_data ? "as-quenched peak" : "as-cast") + " yield stress'\n";
    for (int k = 0; k < 3; ++k)
      {
        const std::string col = std::to_string(k + 2);
        gp += "set ylabel '" + labels[k] + "'\nplot 'model-curve.csv' using 1:" + col +
              " skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:" + col +
              (data.md_data ? ":" + std::to_string(k + 5) + " skip 1 with yerrorbars pt 5 ps 1.5 title 'MD (mean, se)'\n"
                       : " skip 1 with points pt 5 ps 1.5 title 'lab'\n");
      }
    gp += "unset multiplot\nset output\n";
    write_file_atomically(dir + "/fit-trends.gp", gp);
    if (!draw_gnuplot_figures(dir, {"fit-trends.gp"}).empty())
      report << "\n![" << what << " points and the fitted model against hold stress](fit-trends.png)\n";
    else if (!gnuplot_installed())
      report << "\n(no plot: gnuplot is not installed; `gnuplot fit-trends.gp` in this folder draws fit-trends.png)\n";
    else
      report << "\n(no plot: gnuplot failed on fit-trends.gp; run `gnuplot fit-trends.gp` in this folder to see why)\n";
  }
} // namespace bmgcreep::calibration
