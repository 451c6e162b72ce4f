#include "app/map_command.h"

#include "app/command_line.h"
#include "app/run_record.h"
#include "continuum/material/relaxation_map.h"
#include "continuum/solver/creep_case.h"
#include "coupling/console.h"
#include "coupling/units.h"
#include "coupling/lab_summary.h"
#include "coupling/output_folder.h"
#include "deck/deck.h"

#include <deal.II/base/parameter_handler.h>

#include <filesystem>
#include <iostream>

namespace bmgcreep::app
{
  namespace
  {
    std::vector<OptionSpec> map_options()
    {
      std::vector<OptionSpec> o = common_options();
      o.push_back({ "--help-deck", 0, "",
                    "every deck key with its default, unit and allowed range (subsection Map: the grid)" });
      o.push_back({ "--threads", 'j', "N",
                    "threads to run the holds on (default: all cores, or DEAL_II_NUM_THREADS)" });
      return o;
    }

    unsigned int thread_count(const std::string &text)
    {
      if (text.empty())
        return 0; // all
      unsigned long n = 0;
      std::size_t used = 0;
      try
        {
          n = std::stoul(text, &used);
        }
      catch (const std::exception &)
        {
          used = 0;
        }
      if (used != text.size() || n < 1 || n > 1024)
        throw std::invalid_argument("--threads " + text + ": give a whole number of threads from 1 to 1024");
      return static_cast<unsigned int>(n);
    }
  } // namespace

  int run_map(const std::vector<std::string> &args)
  {
    const CommandLine cl = parse_command_line(args, map_options());
    if (cl.help)
      {
        std::cout << command_help(
            "map DECK.prm [options]",
            "the relaxation-rejuvenation map at a material point: the lab protocol of `point` "
            "over hold stress x hold time (deck subsection Map), the enthalpy, density and "
            "yield changes against the as-cast state (map.csv), the critical stress sigma_c(t) "
            "(critical-stress.csv) and the figure (map.png); the holds run on all cores.",
            map_options());
        return 0;
      }
    if (cl.has("--help-deck"))
      {
        dealii::ParameterHandler prm;
        solver::declare_deck(prm);
        prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
        return 0;
      }
    if (cl.positional.size() > 1)
      throw std::invalid_argument("one deck at a time; got " + cl.positional[0] + " and " + cl.positional[1]);
    if (cl.positional.empty())
      throw std::invalid_argument("map needs a deck");
    const std::string deck = cl.positional[0];
    const unsigned int threads = thread_count(cl.value("--threads"));

    // The deck: the schema of point and creep, whose subsection Map sets the grid.
    dealii::ParameterHandler prm;
    solver::declare_deck(prm);
    parse_deck(prm, deck, cl.overrides);
    const material::PointCase c = material::point_case_from(prm, deck);
    material::MapParameters m;
    m.parse_parameters(prm, deck);
    const std::vector<LabCondition> lab
        = c.lab_summary_path.empty() ? std::vector<LabCondition>() : read_lab_summary(c.lab_summary_path);
    const std::string deck_used = effective_deck(prm, deck, cl.overrides, {"Comparison/Lab summary"});
    if (cl.has("--check"))
      {
        std::cout << deck_used << "# " << deck << ": checked (" << c.law->name() << ", map of "
                  << material::map_hold_fractions(m, c.protocol).size() << " hold stresses x "
                  << material::map_hold_times(m, c.protocol).size() << " hold times); nothing run (--check)\n";
        return 0;
      }
    const bool quiet = cl.has("--quiet"), verbose = cl.has("--verbose");
    if (quiet && verbose)
      throw std::invalid_argument("--quiet and --verbose contradict each other: give one");
    std::vector<std::string> command_line = {"map"};
    command_line.insert(command_line.end(), args.begin(), args.end());
    const RunRecord record(command_line, 1);

    std::string output = cl.value("--output");
    if (output.empty())
      {
        const std::string folder = std::filesystem::absolute(deck).parent_path().filename().string();
        output = "results/" + (folder.empty() ? std::string("case") : folder) + "-map";
      }
    // The output folder, before any work: locked for this run, and refused if a file this run
    // writes there is a user's (coupling/output_folder.h).
    const OutputLock lock(output, run_owner("bmgcreep map", {deck}));
    refuse_foreign_outputs(output, material::is_map_output_name);

    Console console(std::cout, {quiet, verbose, Console::progress_bars_wanted()});
    {
      std::vector<double> hours;
      for (const double t : material::map_hold_times(m, c.protocol))
        hours.push_back(units::s_to_hours(t));
      for (const std::string &w : repeated_settings(deck, cl.overrides))
        console.warning(w);
      for (const std::string &w : c.validity.warnings(material::map_hold_fractions(m, c.protocol), hours,
                                                      c.specimen.temperature, c.protocol.loading_rate))
        console.warning(w);
    }
    const material::RelaxationMap map = material::run_relaxation_map(c, m, threads, &console);
    const std::string title
        = map.law_name + " (" + std::filesystem::path(deck).filename().string()
          + "): changes after a hold and the wait, against the as-cast state; blue: the relaxed side";
    const bool drawn = material::write_map_outputs(map, output, lab, title);
    console << material::map_summary(map) << "\noutputs: " << output << "/map.csv, critical-stress.csv, map.gp"
            << (drawn ? ", map.png" : " (no map.png: gnuplot is not installed; `gnuplot map.gp` there draws it)")
            << "\nrecord: " << output << "/run.log, deck-used.prm, provenance.json\n";
    record.write(output, console.log(), deck_used);
    return 0;
  }
} // namespace bmgcreep::app
