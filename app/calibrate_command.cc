#include "app/calibrate_command.h"

#include "app/command_line.h"
#include "app/run_record.h"

#include "calibration/calibrate.h"
#include "coupling/console.h"
#include "coupling/output_folder.h"

#include <deal.II/base/mpi.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>

namespace bmgcreep::app
{
  using namespace bmgcreep::calibration;

  namespace
  {
    std::vector<std::string> model_folder_names(const std::vector<std::string> &decks, const std::string &output);
    /// Model selection: each deck (a law) fitted to the same data, in DIR/<deck name>/.
    void select_models(const std::vector<std::string> &decks, const std::string &output, CalibrateOptions options,
                       const std::function<bool(const std::string &)> &is_output);
  } // namespace

  int run_calibrate(const std::vector<std::string> &args)
  {
    std::vector<OptionSpec> known = common_options();
    known.push_back({"--help-deck", 0, "", "every deck key with its default, unit and allowed range"});
    known.push_back({"--verify-fe", 0, "", "also run the calibrated deck on the finite-element cylinder"});
    const CommandLine cl = parse_command_line(args, known, true);
    if (cl.help)
      {
        std::cout << command_help("calibrate DECK.prm [DECK2.prm ...] [options] [-- PETSc options]",
                                  "fits the deck's parameters (subsection Calibration) with PETSc TAO; several decks: "
                                  "model selection. After --, PETSc options such as -tao_monitor.",
                                  known);
        return 0;
      }
    insert_petsc_options(cl.petsc);
    if (cl.has("--help-deck"))
      {
        dealii::ParameterHandler prm;
        declare_calibration_deck(prm);
        prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
        return 0;
      }
    const std::vector<std::string> &decks = cl.positional;
    std::string output = cl.value("--output");
    if (decks.empty())
      throw std::invalid_argument("calibrate needs a deck with a Calibration subsection");
    if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1)
      throw std::invalid_argument("calibrate runs on one process: run it without mpirun");
    if (output.empty())
      output = "results/" + std::filesystem::absolute(decks[0]).parent_path().filename().string() + "-calibration";
    const bool quiet = cl.has("--quiet"), verbose = cl.has("--verbose");
    if (quiet && verbose)
      throw std::invalid_argument("--quiet and --verbose contradict each other: give one");
    std::vector<std::string> command_line = {"calibrate"};
    command_line.insert(command_line.end(), args.begin(), args.end());
    const RunRecord record(command_line, 1);
    Console console(std::cout, {quiet, verbose, Console::progress_bars_wanted()});
    CalibrateOptions options;
    options.overrides = cl.overrides;
    options.console = &console;
    options.verify_fe = cl.has("--verify-fe");
    const std::vector<std::string> folders =
      decks.size() > 1 ? model_folder_names(decks, output) : std::vector<std::string>{};
    if (cl.has("--check")) // each deck and its data read and checked; nothing fitted, nothing written
      {
        Console screen(std::cout, {});
        options.console = &screen;
        for (std::size_t i = 0; i < decks.size(); ++i)
          {
            options.deck = decks[i];
            options.check = true;
            calibrate(options);
            if (!folders.empty())
              std::cout << "# " << decks[i] << ": would be fitted into " << output << "/" << folders[i] << "/\n";
          }
        return 0;
      }
    // The output folders, before any work: locked for this run, and refused where a file this
    // command writes is a user's (coupling/output_folder.h).
    const OutputLock lock(output, run_owner("bmgcreep calibrate", decks));
    const auto is_output = [](const std::string &name) {
      const auto &names = calibration_output_names();
      return std::find(names.begin(), names.end(), name) != names.end() || is_run_record_name(name);
    };
    if (decks.size() == 1)
      {
        refuse_foreign_outputs(output, is_output);
        options.deck = decks[0];
        options.output = output;
        calibrate(options);
      }
    else
      select_models(decks, output, options, is_output);
    // The log and provenance of the run (a failed run leaves the folder as it was).
    console << "record: " << output << "/run.log, provenance.json\n";
    record.write(output, console.log(), "");
    return 0;
  }

  namespace
  {
  /// Model selection's subfolder of each deck: named by the deck (calibrate-law4.prm:
  /// calibrate-law4); decks of one name in different folders (a/calibrate.prm, b/calibrate.prm)
  /// are told apart by their folder's name (a-calibrate, b-calibrate), never written over one
  /// another; a deck given twice is refused (InputError).
  std::vector<std::string> model_folder_names(const std::vector<std::string> &decks, const std::string &output)
  {
    std::vector<std::string> names;
    for (const auto &d : decks)
      names.push_back(std::filesystem::path(d).stem().string());
    std::vector<std::string> out = names;
    for (std::size_t i = 0; i < decks.size(); ++i)
      if (std::count(names.begin(), names.end(), names[i]) > 1)
        out[i] = std::filesystem::absolute(decks[i]).lexically_normal().parent_path().filename().string() + "-" + names[i];
    for (std::size_t i = 0; i < decks.size(); ++i)
      for (std::size_t j = i + 1; j < decks.size(); ++j)
        if (out[i] == out[j])
          throw InputError(decks[i] + " and " + decks[j] + ": both would be fitted into " + output + "/" + out[i] +
                           "/: give each deck once, or rename one");
    return out;
  }

  void select_models(const std::vector<std::string> &decks, const std::string &output, CalibrateOptions options,
                     const std::function<bool(const std::string &)> &is_output)
  {
    refuse_foreign_outputs(output,
                           [](const std::string &name) { return name == "model-selection.csv" || is_run_record_name(name); });
    const std::vector<std::string> names = model_folder_names(decks, output);
    const auto folder_of = [&](const std::string &deck) {
      const auto at = std::find(decks.begin(), decks.end(), deck) - decks.begin();
      return output + "/" + names[static_cast<std::size_t>(at)];
    };
    for (const auto &d : decks)
      refuse_foreign_outputs(folder_of(d), is_output);
    {
      const auto listed = manifest(output);
      if (std::find(listed.begin(), listed.end(), "model-selection.csv") != listed.end())
        std::filesystem::remove(std::filesystem::path(output) / "model-selection.csv"); // an earlier run's
    }
    std::vector<CalibrationOutcome> outcomes;
    for (const auto &d : decks)
      {
        options.deck = d;
        options.output = folder_of(d);
        outcomes.push_back(calibrate(options));
      }
    write_output(output, "model-selection.csv", model_selection_csv(outcomes));
    *options.console << "model selection: " << output << "/model-selection.csv\n";
  }
  } // namespace
} // namespace bmgcreep::app
