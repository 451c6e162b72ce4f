#include "app/md_command.h"

#include "app/command_line.h"
#include "app/on_first_rank.h"
#include "app/run_record.h"

#include "atomistic/paired_statistics.h"

#include "coupling/atomic_file.h"
#include "coupling/console.h"
#include "coupling/input_file.h"
#include "coupling/output_folder.h"

#include "deck/deck.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace bmgcreep::app
{
  void declare_md_deck(dealii::ParameterHandler &prm) { atomistic::MdParameters::declare(prm); }

  atomistic::MdParameters read_md_deck(const std::string &path, const std::vector<std::string> &overrides,
                                       const std::string &until)
  {
    dealii::ParameterHandler prm;
    declare_md_deck(prm);
    bmgcreep::parse_deck(prm, path, overrides);
    atomistic::MdParameters p;
    try
      {
        p.parse(prm, path);
      }
    catch (const std::invalid_argument &e) // a value the deck's patterns allow but the campaign does not
      {
        throw InputError(e.what());
      }
    p.until = until;
    for (const auto &v : deck_values(prm)) // the values that define stages, for the stage records
      if (v.rfind("Samples/", 0) != 0)   // how many samples and how they share processes define none
        p.deck_values.push_back(v);
    prm.enter_subsection("System"); // the potential as the run found it, so deck-used.prm runs anywhere
    prm.set("Potential", std::filesystem::absolute(p.potential).lexically_normal().string());
    prm.leave_subsection();
    p.effective_deck = effective_deck(prm, path, overrides, {});
    try
      {
        atomistic::validate(p, path);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(e.what());
      }
    return p;
  }

  /// `md --statistics CAMPAIGN.csv`: the paired statistics of a campaign table already written.
  int md_statistics(const CommandLine &cl)
  {
    const std::string table = cl.value("--statistics");
    if (!cl.positional.empty())
      throw std::invalid_argument("--statistics reads a campaign table and takes no deck (got " + cl.positional[0] + ")");
    for (const std::string flag : {"--write-inputs", "--check", "--verbose"})
      if (cl.has(flag))
        throw std::invalid_argument("--statistics takes no " + flag);
    if (!cl.overrides.empty() || !cl.value("--until").empty())
      throw std::invalid_argument("--statistics takes no --set or --until: it reads a table, runs no campaign");
    if (!std::filesystem::exists(table))
      throw InputError(table + ": no such campaign table (--statistics names a campaign.csv written by bmgcreep md)");
    if (const std::string problem = input_file_problem(table, "campaign table", max_table_bytes); !problem.empty())
      throw InputError(problem);
    std::string output = cl.value("--output");
    if (output.empty())
      output = std::filesystem::absolute(table).parent_path().string();
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return 0;
    std::string text;
    try
      {
        text = read_file(table);
      }
    catch (const std::exception &e)
      {
        throw InputError(e.what());
      }
    OutputLock lock(output, ""); // two tables beside a campaign's own: claims no folder
    refuse_foreign_outputs(output, atomistic::is_campaign_statistics_name);
    std::string summary;
    try
      {
        summary = atomistic::write_campaign_statistics(output, text, table,
                                                       "Paired statistics of " + table);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(e.what());
      }
    if (!cl.has("--quiet"))
      std::cout << summary << "\noutputs: " << output << "/campaign-changes.csv, campaign-summary.md\n";
    return 0;
  }

  int run_md(const std::vector<std::string> &args)
  {
    std::vector<OptionSpec> options = common_options();
    options.push_back({"--help-deck", 0, "", "every deck key with its default, unit and allowed range"});
    options.push_back({"--write-inputs", 0, "", "write each stage's LAMMPS input (<stage>.in) without running"});
    options.push_back({"--until", 0, "STAGE", "stop each sample after STAGE (build, melt, quench, compression, reference, "
                                              "hold-<i>, test-<i>, and with Structure/Snapshots > 0 reference-inherent, hold-<i>-inherent)"});
    options.push_back({"--statistics", 0, "CAMPAIGN.csv",
                       "only the paired statistics of a finished campaign's table: campaign-changes.csv and "
                       "campaign-summary.md into --output (default: the table's folder); no deck, no MD"});
    const CommandLine cl = parse_command_line(args, options);
    if (cl.help)
      {
        std::cout << command_help("md DECK.prm [options]",
                                  "MD campaign with LAMMPS (melt, quench, Tg, compression test, holds, structure, "
                                  "post-hold tests); a rerun skips completed stages.",
                                  options);
        return 0;
      }
    if (cl.has("--help-deck"))
      {
        dealii::ParameterHandler prm;
        declare_md_deck(prm);
        if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
          prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
        return 0;
      }
    if (!cl.value("--statistics").empty())
      return md_statistics(cl);
    if (cl.positional.size() > 1)
      throw std::invalid_argument("one deck at a time; got " + cl.positional[0] + " and " + cl.positional[1]);
    const std::string deck = cl.positional.empty() ? std::string() : cl.positional[0], until = cl.value("--until");
    const std::vector<std::string> &overrides = cl.overrides;
    std::string output = cl.value("--output");
    const bool quiet = cl.has("--quiet"), verbose = cl.has("--verbose"), write_inputs = cl.has("--write-inputs");
    if (deck.empty())
      throw std::invalid_argument("md needs a campaign deck");
    if (quiet && verbose)
      throw std::invalid_argument("--quiet and --verbose contradict each other: give one");
    std::vector<std::string> command_line = {"md"};
    command_line.insert(command_line.end(), args.begin(), args.end());
    const RunRecord record(command_line, dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
    const atomistic::MdParameters p = read_md_deck(deck, overrides, until);
    if (cl.has("--check"))
      {
        if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
          std::cout << p.effective_deck << "# " << deck << ": checked (" << p.samples << " samples of " << p.atoms
                    << " atoms, " << p.hold_stresses.size() << " holds, potential " << p.potential
                    << "); nothing run (--check)\n";
        return 0;
      }
    if (output.empty())
      output = "results/" + std::filesystem::absolute(deck).parent_path().filename().string();
    const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    // The output folder, before any work: locked for this run (the first process holds the
    // lock), and refused if a campaign table there is a user's file (coupling/output_folder.h).
    std::unique_ptr<OutputLock> lock;
    on_first_rank(MPI_COMM_WORLD, [&]() {
      lock = std::make_unique<OutputLock>(output, run_owner("bmgcreep md", {deck}));
      refuse_foreign_outputs(output, [](const std::string &name) {
        return name == "campaign.csv" || name == "campaign-summary.csv" || name == "tg.csv" ||
               atomistic::is_campaign_statistics_name(name) || is_run_record_name(name);
      });
      for (unsigned int k = 1; k <= p.samples; ++k)
        if (const std::string sample = output + "/sample-" + std::to_string(k);
            std::filesystem::exists(sample) && !std::filesystem::is_directory(sample))
          throw std::runtime_error(sample + ": a file where the campaign keeps sample " + std::to_string(k) +
                                   "'s stages: move it, or choose another --output");
    });
    if (write_inputs)
      {
        if (root)
          {
            std::vector<std::string> unwritten;
            try
              {
                unwritten = atomistic::write_md_inputs(p, output);
              }
            catch (const std::invalid_argument &e)
              {
                throw InputError(e.what());
              }
            std::cout << "wrote the LAMMPS input of every stage to " << output << "/sample-<k>/<stage>.in";
            if (!unwritten.empty())
              std::cout << " except " << unwritten.size()
                        << " hold, post-hold test and inherent-structure stages: they need each sample's compression "
                           "test (modulus, yield) and reference (structure cutoff); run the campaign up to them first";
            std::cout << "\n";
          }
        return 0;
      }
    Console console(std::cout, {quiet, verbose, Console::progress_bars_wanted()});
    Console *progress = root ? &console : nullptr;
    atomistic::MdResult r;
    try
      {
        r = atomistic::run_md_campaign(MPI_COMM_WORLD, p, deck, output, progress);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(e.what());
      }
    if (progress && r.stopped)
      *progress << "stopped after stage " << until << " of every sample (--until): no campaign tables\n";
    else if (progress)
      {
        for (const auto &s : r.samples)
          *progress << std::fixed << "sample " << s.index << " (seed " << s.seed << "): Tg = "
                    << (s.tg_volume.found ? std::to_string(std::lround(s.tg_volume.tg)) + " K" : std::string("not found"))
                    << " (volume), glass at " << std::setprecision(0) << p.final_temperature << " K "
                    << std::setprecision(3) << s.reference_volume << " A^3/atom, E = " << s.yield.modulus
                    << " GPa, yield (peak) " << s.yield.peak << " GPa"
                    << (s.yield.peak_at_end ? " (the test ended before the stress peaked: a lower bound)" : "") << "\n";
        *progress << "outputs: " << output << "/campaign.csv, campaign-summary.csv, tg.csv, sample-<k>/ (stage restarts, "
                  << "inputs, logs, quench/compression/reference/hold-<i>/test-<i> CSVs)\n";
      }
    if (root)
      {
        console << "record: " << output << "/run.log, deck-used.prm (runs this campaign again), provenance.json\n";
        record.write(output, console.log(), p.effective_deck);
      }
    return 0;
  }
} // namespace bmgcreep::app
