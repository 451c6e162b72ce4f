// The bmgcreep command: parse the arguments, call one module, report errors in one line.
#include "app/calibrate_command.h"
#include "app/command_line.h"
#include "app/map_command.h"
#include "app/md_command.h"
#include "app/on_first_rank.h"
#include "app/run_record.h"
#include "coupling/console.h"
#include "coupling/text.h"
#include "atomistic/analyze.h"
#include "continuum/material/point_case.h"
#include "continuum/material/point_report.h"
#include "continuum/solver/creep_case.h"
#include "coupling/atomic_file.h"
#include "coupling/output_folder.h"
#include "coupling/units.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>



#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace
{
  const char *usage =
    "usage: bmgcreep COMMAND [ARGUMENTS] [options]      (bmgcreep COMMAND --help: its options;\n"
    "                                                   bmgcreep --version; bmgcreep help [COMMAND])\n"
    "       bmgcreep point|creep DECK.prm [--output DIR] [--set Section/Key=value]... [--quiet]\n"
    "                              [--checkpoint | --resume DIR] [--checkpoint-every N]\n"
    "       bmgcreep point --help-deck\n"
    "       bmgcreep md DECK.prm [--output DIR] [--set Section/Key=value]... [--quiet] [--write-inputs]\n"
    "                              [--until STAGE]\n"
    "       bmgcreep md --help-deck\n"
    "       bmgcreep calibrate DECK.prm [DECK2.prm ...] [--output DIR] [--set Section/Key=value]... [--quiet]\n"
    "                          [--verify-fe] | calibrate --help-deck\n"
    "       bmgcreep analyze DATAFILE --species A,B [--cutoff R] [--output FILE.csv] [--per-atom FILE]\n"
    "       bmgcreep map DECK.prm [--output DIR] [--set Section/Key=value]... [--quiet] [--threads N]\n"
    "\n"
    "  point   material-point elastostatic-compression protocol: as-cast compression test,\n"
    "          then per hold: load, hold, unload, wait, post-hold compression test.\n"
    "  creep   the same protocol on the finite-element cylinder (subsection Cylinder).\n"
    "          Both write DIR/summary.csv and one time series per condition\n"
    "          (DIR defaults to results/<name of the deck's folder>[-creep]).\n"
    "  Options take --name VALUE or --name=VALUE; short forms -o DIR, -s KEY=VALUE, -q, -h. After --,\n"
    "  creep and calibrate hand the rest to PETSc (e.g. -- -tao_monitor, -- -ksp_view).\n"
    "  --set        override one deck entry, e.g. --set \"Protocol/Hold time=24\"\n"
    "  --checkpoint save each finished condition in DIR/checkpoint (removed when the run ends)\n"
    "  --checkpoint-every N  also save the condition in progress after each stage and every N\n"
    "               accepted hold steps (implies --checkpoint)\n"
    "  --resume DIR continue an interrupted --checkpoint run with the same deck and options\n"
    "               (and the same number of MPI processes)\n"
    "  --help-deck  every deck key with its default, unit and allowed range\n"
    "  md       MD campaign with LAMMPS: per sample (melt seed) a random alloy, melt, quench, Tg,\n"
    "          compression test, then per hold stress: load, hold, unload, relax, structure,\n"
    "          post-hold compression test; DIR/campaign.csv, campaign-summary.csv. Each stage\n"
    "          ends with DIR/sample-<k>/<stage>.restart and a rerun skips completed stages.\n"
    "          --write-inputs writes each stage's LAMMPS input (<stage>.in) without running,\n"
    "          --until STAGE stops each sample after STAGE (build, melt, quench, compression,\n"
    "          reference, hold-<i>, test-<i>).\n"
    "  calibrate  fits the deck's parameters (subsection Calibration) to a lab summary with PETSc\n"
    "          TAO (POUNDERS or BRGN, several starts): DIR/calibrated.prm (runs with point and creep),\n"
    "          parameters.csv (value, standard error, identifiable), correlation.csv, fit.csv, loo.csv,\n"
    "          fit-trends.png, fit-report.md; several decks: model-selection.csv (AIC, BIC, leave-one-out);\n"
    "          --verify-fe reruns the fit on the finite-element cylinder and reports the difference.\n"
    "  map      the relaxation-rejuvenation map at a material point: the protocol of point over hold\n"
    "          stress x hold time (deck subsection Map; the holds on all cores): DIR/map.csv (enthalpy,\n"
    "          density and yield changes against as cast), critical-stress.csv (sigma_c(t), where the\n"
    "          enthalpy change turns positive), map.png (DIR defaults to results/<deck folder>-map).\n"
    "  analyze  structure of a LAMMPS data file (atom_style atomic) through LAMMPS computes:\n"
    "          one CSV row per group (all, each species): mean W6-hat, coordination number\n"
    "          total and partial, Voronoi volume (A^3). --species names the atom types in order\n"
    "          --cutoff R (A) the neighbour cutoff, default the first minimum of g(r)\n"
    "          --output FILE.csv (default DATAFILE-structure.csv), --per-atom FILE writes\n"
    "          FILE.csv (one row per atom) and FILE.dump (LAMMPS dump for OVITO). Runs under mpirun.\n";

  struct Arguments
  {
    std::string deck, output;
    std::vector<std::string> overrides, petsc;
    bool quiet = false, verbose = false, check = false, help_deck = false, help = false, checkpoint = false,
         resume = false;
    unsigned int checkpoint_every = 0;
  };

  /// The options of `point` and `creep`.
  std::vector<bmgcreep::app::OptionSpec> run_options()
  {
    std::vector<bmgcreep::app::OptionSpec> o = bmgcreep::app::common_options();
    o.push_back({"--help-deck", 0, "", "every deck key with its default, unit and allowed range"});
    o.push_back({"--checkpoint", 0, "", "save each finished condition in DIR/checkpoint (removed when the run ends)"});
    o.push_back({"--checkpoint-every", 0, "N",
                 "also save the condition in progress after each stage and every N accepted hold steps"});
    o.push_back({"--resume", 0, "DIR", "continue an interrupted --checkpoint run with the same deck and options"});
    return o;
  }

  Arguments parse_arguments(const std::vector<std::string> &args, const bool petsc)
  {
    const bmgcreep::app::CommandLine cl = bmgcreep::app::parse_command_line(args, run_options(), petsc);
    Arguments a;
    a.help = cl.help;
    a.petsc = cl.petsc;
    a.help_deck = cl.has("--help-deck");
    a.quiet = cl.has("--quiet");
    a.verbose = cl.has("--verbose");
    a.check = cl.has("--check");
    if (a.quiet && a.verbose)
      throw std::invalid_argument("--quiet and --verbose contradict each other: give one");
    a.checkpoint = cl.has("--checkpoint");
    a.overrides = cl.overrides;
    a.output = cl.value("--output");
    if (const std::string every = cl.value("--checkpoint-every"); !every.empty())
      {
        unsigned long n = 0;
        std::size_t used = 0;
        try
          {
            n = std::stoul(every, &used);
          }
        catch (const std::exception &)
          {
            used = 0;
          }
        if (used != every.size() || n < 1 || n > 1000000)
          throw std::invalid_argument("--checkpoint-every needs a whole number of hold steps from 1 to 1000000");
        a.checkpoint_every = static_cast<unsigned int>(n);
        a.checkpoint = true;
      }
    if (const std::string dir = cl.value("--resume"); !dir.empty())
      {
        if (!a.output.empty())
          throw std::invalid_argument("--resume DIR writes into DIR: give no --output with it");
        a.output = dir;
        a.resume = true;
        a.checkpoint = true;
        if (!std::filesystem::is_directory(a.output + "/checkpoint"))
          throw std::invalid_argument("--resume " + a.output + ": no checkpoint folder " + a.output +
                                      "/checkpoint (was the run started with --checkpoint?)");
      }
    if (cl.positional.size() > 1)
      throw std::invalid_argument("one deck at a time; got " + cl.positional[0] + " and " + cl.positional[1]);
    if (!cl.positional.empty())
      a.deck = cl.positional[0];
    if (a.deck.empty() && !a.help_deck && !a.help)
      throw std::invalid_argument("a deck file is needed");
    return a;
  }

  std::string default_output(const std::string &deck, const std::string &suffix)
  {
    const auto folder = std::filesystem::absolute(deck).parent_path().filename().string();
    return "results/" + (folder.empty() ? std::string("case") : folder) + suffix;
  }

  void print_summary(std::ostream &out, const bmgcreep::material::PointCaseResult &r,
                     const std::vector<bmgcreep::material::ComparisonRow> &comparison, const std::string &lab,
                     const std::string &output, const bool vtu)
  {
    using bmgcreep::units::pa_to_mpa;
    out << "\n  hold   stress   creep      residual   density  d(rho)   dH_relax  yield\n"
              << "  (-)    (MPa)    strain     strain     (g/cm3)  (%)      (J/g)     (MPa)\n";
    for (const auto &h : r.conditions)
      out << std::fixed << "  " << std::setprecision(2) << h.hold_fraction << "  " << std::setw(7)
                << std::setprecision(1) << pa_to_mpa(h.hold_stress) << "  " << std::scientific
                << std::setprecision(3) << h.creep_strain << "  " << h.residual_strain << "  " << std::fixed
                << std::setprecision(4) << h.density << "  " << std::showpos << std::setprecision(3)
                << h.density_change_percent << std::noshowpos << "  " << std::setw(8) << h.relaxation_enthalpy
                << "  " << std::setprecision(1) << pa_to_mpa(h.yield_stress) << '\n';
    if (!comparison.empty())
      {
        unsigned int agree = 0;
        out << "\n  against " << lab << " (changes from the as-cast state)\n"
                  << "  hold  observable                          lab        model      rel. error  trend sign\n";
        for (const auto &row : comparison)
          {
            agree += row.trend_sign_agrees;
            out << "  " << std::fixed << std::setprecision(2) << row.hold_fraction << "  " << std::left
                      << std::setw(34) << row.observable << std::right << std::showpos << std::setprecision(3)
                      << std::setw(9) << row.lab_change << "  " << std::setw(9) << row.model_change << "  "
                      << std::setw(9) << std::setprecision(1) << 100.0 * row.relative_error << " %"
                      << std::noshowpos << "  " << (row.trend_sign_agrees ? "yes" : "NO") << '\n';
          }
        out << "  trend signs reproduced: " << agree << " of " << comparison.size() << '\n';
      }
    out << "\n  energy (loading to the end of the wait): inelastic work, enthalpy change and, where the law states it,\n"
           "  the stored free energy's change dG, J/g\n";
    for (const auto &e : bmgcreep::material::energy_balance(r))
      {
        out << "  " << std::fixed << std::setprecision(2) << e.hold_fraction << "  work " << std::setprecision(3)
            << std::setw(8) << e.inelastic_work << "  dH " << std::showpos << std::setw(7) << e.enthalpy_change
            << std::noshowpos << (e.within_bound() ? "" : "  (stores more than the work: energy bound broken)");
        // The law's stored free energy, where it states one: the second law's bound on the net.
        if (!std::isnan(e.free_energy_change))
          out << "  dG " << std::showpos << std::setw(7) << e.free_energy_change << std::noshowpos
              << (e.free_energy_within_work() ? "" : "  (more free energy stored than work done: second law broken)");
        out << '\n';
      }
    if (!r.controls.empty())
      {
        out << "\n  unloaded controls (material point), changes from the as-cast state\n"
                  << "  control          time (h)  d(rho) (%)  dH (J/g)  yield (%)\n";
        for (const auto &c : bmgcreep::material::control_changes(r))
          out << "  " << std::left << std::setw(15) << c.name << std::right << std::fixed << std::setprecision(0)
                    << std::setw(9) << c.time_h << std::showpos << std::setprecision(3) << std::setw(12)
                    << c.density_change_percent << std::setw(10) << c.enthalpy_change << std::setw(11) << c.yield_change_percent
                    << std::noshowpos << '\n';
      }
    out << "\nreport: " << output << "/report.md (figures and tables; docs/point-driver.md \"The report\")\n"
        << "outputs: " << output << "/summary.csv, energy.csv" << (r.controls.empty() ? "" : ", controls.csv")
              << " and one time series per condition"
              << (vtu ? ", VTU fields per stage with a .pvd per condition (ParaView)" : "") << "\n";
  }

  int run(const std::string &command, const std::vector<std::string> &args)
  {
    const Arguments a = parse_arguments(args, command == "creep");
    if (a.help)
      {
        const bool point = command == "point";
        std::cout << bmgcreep::app::command_help(
          command + " DECK.prm [options]" + (point ? "" : " [-- PETSc options]"),
          point ? "the lab protocol at a material point: as-cast compression test, then per hold: load, hold, unload, "
                  "wait, post-hold compression test."
                : "the same protocol on the finite-element cylinder (subsection Cylinder); under mpirun with "
                  "Cylinder/Model = 3d. After --, PETSc options such as -pc_gamg_threshold.",
          run_options());
        return 0;
      }
    bmgcreep::app::insert_petsc_options(a.petsc);
    if (a.help_deck)
      {
        dealii::ParameterHandler prm;
        bmgcreep::solver::declare_deck(prm);
        prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
        return 0;
      }
    const bool creep = command == "creep";
    const bool parallel = creep && dealii::Utilities::MPI::job_supports_mpi() &&
                          dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1;
    const bool root = !parallel || dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    std::vector<std::string> command_line = {command};
    command_line.insert(command_line.end(), args.begin(), args.end());
    const bmgcreep::app::RunRecord record(
      command_line, parallel ? dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) : 1);
    // One deck schema for both commands: a creep deck runs as a point deck and back.
    bmgcreep::solver::CreepCase c = bmgcreep::solver::read_creep_case(a.deck, a.overrides);
    if (a.check) // the deck and the files it names read and checked: show what would run
      {
        if (root)
          std::cout << c.effective_deck << "# " << a.deck << ": checked (" << c.point.law->name() << ", "
                    << c.point.protocol.hold_fractions.size() << " holds); nothing run (--check)\n";
        return 0;
      }
    // A checkpoint is valid for this command, deck values and build only.
    c.point.fingerprint += "\ncommand " + command + "\nbmgcreep " BMGCREEP_VERSION " built " __DATE__ " " __TIME__ "\n";
    const std::string output = a.output.empty() ? default_output(a.deck, creep ? "-creep" : "") : a.output;
    if (parallel && !bmgcreep::solver::geometry(c.cylinder.model).parallel)
      throw std::invalid_argument("the axisymmetric model is serial: run it without mpirun, or set "
                                  "\"Cylinder/Model = 3d\"");
    bmgcreep::Console console(std::cout, {a.quiet, a.verbose, bmgcreep::Console::progress_bars_wanted()});
    bmgcreep::Console *progress = root ? &console : nullptr;
    // The output folder, before any work: locked for this run (rank 0 writes), and refused if
    // a file this run writes there is a user's (coupling/output_folder.h).
    std::unique_ptr<bmgcreep::OutputLock> lock;
    const auto take_folder = [&]() {
      lock = std::make_unique<bmgcreep::OutputLock>(output, bmgcreep::run_owner("bmgcreep " + command, {a.deck}));
      bmgcreep::refuse_foreign_outputs(output, [&](const std::string &name) {
        return bmgcreep::material::is_point_output_name(name, c.point.protocol.hold_fractions);
      });
    };
    if (parallel) // every process stops if the first one cannot have the folder
      bmgcreep::app::on_first_rank(MPI_COMM_WORLD, take_folder);
    else
      take_folder();
    // Warnings: keys set twice (deck or --set), then a run outside the law's validity window
    // and lab rows of another protocol compared anyway.
    std::vector<std::string> validity_warnings = bmgcreep::repeated_settings(a.deck, a.overrides);
    for (const std::string &w : c.point.validity_warnings())
      validity_warnings.push_back(w);
    if (progress)
      for (const std::string &w : validity_warnings)
        console.warning(w);
    if (creep && progress)
      {
        const auto size = bmgcreep::solver::estimate_resources(c.cylinder);
        console << "mesh: " << bmgcreep::to_text(size.cells) << " cells, " << bmgcreep::to_text(size.unknowns)
                << " unknowns, about " << bmgcreep::to_text(size.memory_GB) << " GB of memory (limit "
                << bmgcreep::to_text(c.cylinder.memory_limit_GB) << " GB, Cylinder/Memory limit)\n";
      }
    const std::string checkpoint_dir = a.checkpoint ? output + "/checkpoint" : "";
    if (parallel) // each process saves its own part of a condition in progress
      c.point.fingerprint +=
        "processes " + std::to_string(dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)) + "\n";
    bmgcreep::material::CheckpointOptions checkpoints;
    checkpoints.dir = checkpoint_dir;
    checkpoints.every = a.checkpoint_every;
    bmgcreep::material::PointCaseResult r =
      creep ? bmgcreep::solver::run_creep_case(c, progress, checkpoints)
            : bmgcreep::material::run_point_case(c.point, progress, checkpoints);
    if (!creep)
      try
        {
          bmgcreep::material::run_controls(c.point, r);
        }
      catch (const std::runtime_error &e) // the holds ran; a control that cannot is reported, not fatal
        {
          r.controls.clear();
          console << "unloaded controls: not run (" << e.what() << ")\n";
        }
    std::vector<bmgcreep::material::ComparisonRow> comparison;
    if (!c.point.lab_summary_path.empty())
      comparison = bmgcreep::material::compare_with_lab(r, c.point.lab_summary_path);
    if (!root)
      return 0; // rank 0 writes
    bmgcreep::material::write_point_outputs(r, output, comparison,
                                            creep ? M_PI * 0.25 * c.cylinder.diameter * c.cylinder.diameter : 0.0);
    bmgcreep::material::write_point_report(r, comparison, {command, a.deck, creep ? c.cylinder.model : "material point",
                                                           c.point.lab_summary_path, validity_warnings}, output);
    if (!checkpoint_dir.empty()) // the run is complete: its own checkpoint files go, nothing else
      bmgcreep::material::remove_run_checkpoints(
        checkpoint_dir, c.point.protocol.hold_fractions,
        parallel ? dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) : 1);
    print_summary(console, r, comparison, c.point.lab_summary_path, output, creep);
    console << "record: " << output << "/run.log, deck-used.prm (runs this case again), provenance.json\n";
    record.write(output, console.log(), c.effective_deck);
    return 0;
  }
} // namespace

namespace
{
  int analyze(const std::vector<std::string> &args)
  {
    const std::vector<bmgcreep::app::OptionSpec> options = {
      {"--species", 0, "A,B", "the atom types' species in type order, e.g. Cu,Zr"},
      {"--cutoff", 0, "R", "neighbour cutoff (A); default the first minimum of g(r)"},
      {"--output", 'o', "FILE.csv", "the structure table (default DATAFILE-structure.csv)"},
      {"--per-atom", 0, "FILE", "also FILE.csv (one row per atom) and FILE.dump (LAMMPS dump for OVITO); FILE.csv "
                                "names the same"}};
    const bmgcreep::app::CommandLine cl = bmgcreep::app::parse_command_line(args, options);
    if (cl.help)
      {
        std::cout << bmgcreep::app::command_help(
          "analyze DATAFILE --species A,B [options]",
          "structure of a LAMMPS data file through LAMMPS computes: W6-hat, coordination total and partial, Voronoi "
          "volume, per species. Runs under mpirun.",
          options);
        return 0;
      }
    if (cl.positional.size() > 1)
      throw std::invalid_argument("one data file at a time; got " + cl.positional[0] + " and " + cl.positional[1]);
    const std::string data = cl.positional.empty() ? std::string() : cl.positional[0], species = cl.value("--species"),
                      per_atom = [&cl] { // a base name, or the .csv name of it
                        const std::string given = cl.value("--per-atom");
                        const std::string csv = ".csv";
                        return given.size() > csv.size() && given.compare(given.size() - csv.size(), csv.size(), csv) == 0
                                 ? given.substr(0, given.size() - csv.size())
                                 : given;
                      }();
    std::string output = cl.value("--output");
    double cutoff = 0.0;
    if (cl.values.count("--cutoff"))
      {
        const std::string text = cl.value("--cutoff");
        if (!bmgcreep::parse_finite(text, cutoff) || !(cutoff > 0.0))
          throw std::invalid_argument("--cutoff " + text + ": expected a positive distance in A");
      }
    if (data.empty())
      throw std::invalid_argument("analyze needs a LAMMPS data file");
    if (species.empty())
      throw std::invalid_argument("analyze needs --species, one name per atom type in type order, e.g. Cu,Zr");
    const std::vector<std::string> names = bmgcreep::atomistic::parse_species(species);
    if (output.empty())
      output = std::filesystem::path(data).replace_extension("").string() + "-structure.csv";
    // Before any work: an output may replace only a table analyze wrote (its header tells), never
    // the data file read, a user's file of that name, or what is not a regular file.
    const auto refuse_unless_own = [&data](const std::string &path, const std::string &what, const std::string &mark) {
      std::error_code ec;
      if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
        return;
      if (std::filesystem::equivalent(path, data, ec))
        throw std::runtime_error(path + ": is the data file analyze reads: choose another " + what);
      if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec)))
        throw std::runtime_error(path + ": exists and is not a regular file: choose another " + what);
      std::ifstream in(path, std::ios::binary);
      std::string head(4096, '\0');
      in.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<std::size_t>(in.gcount()));
      if (head.find(mark) == std::string::npos)
        throw std::runtime_error(path + ": exists and is not a table bmgcreep analyze wrote (no \"" + mark +
                                   "\" at its start): move it, or choose another " + what);
    };
    refuse_unless_own(output, "--output", "group,atoms,w6hat,cn");
    if (!per_atom.empty())
      {
        refuse_unless_own(per_atom + ".csv", "--per-atom", "id,type,w6hat,cn,voronoi_volume_A3");
        refuse_unless_own(per_atom + ".dump", "--per-atom", "ITEM: ATOMS id type x y z w6hat cn voronoi_volume");
      }
    if (!per_atom.empty())
      for (const std::string &mine : {per_atom + ".csv", per_atom + ".dump"})
        if (std::filesystem::absolute(output).lexically_normal() == std::filesystem::absolute(mine).lexically_normal())
          throw std::invalid_argument("--output " + output + " and --per-atom " + per_atom + " name the same file");
    std::vector<double> positions;
    const auto r = [&] {
      try
        {
          return bmgcreep::atomistic::analyze_data_file(MPI_COMM_WORLD, data, names, cutoff,
                                                        per_atom.empty() ? nullptr : &positions);
        }
      catch (const std::invalid_argument &e) // the data file or its fit to the options: not a usage error
        {
          throw bmgcreep::InputError(e.what());
        }
    }();
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return 0;
    if (!per_atom.empty())
      {
        bmgcreep::write_file_atomically(per_atom + ".csv", bmgcreep::atomistic::per_atom_csv(r));
        bmgcreep::write_file_atomically(per_atom + ".dump", bmgcreep::atomistic::per_atom_dump(r, positions));
      }
    bmgcreep::write_file_atomically(output, bmgcreep::atomistic::structure_csv(r));
    std::cout << "structure of " << data << " (" << r.id.size() << " atoms, cutoff " << r.cutoff << " A):\n"
              << bmgcreep::atomistic::structure_csv(r) << "written: " << output
              << (per_atom.empty() ? "" : ", " + per_atom + ".csv, " + per_atom + ".dump") << "\n";
    return 0;
  }

  /// Under mpirun only the first rank reports an error (every rank meets the same one).
  bool first_rank()
  {
    const char *rank = std::getenv("OMPI_COMM_WORLD_RANK");
    if (!rank)
      rank = std::getenv("PMI_RANK");
    return !rank || std::atoi(rank) == 0;
  }
} // namespace

int main(int argc, char **argv)
{
  std::vector<std::string> args(argv + 1, argv + argc);
  try
    {
      if (!args.empty() && (args[0] == "--version" || args[0] == "-V" || args[0] == "version"))
        {
          std::cout << bmgcreep::app::version_text();
          return 0;
        }
      if (!args.empty() && args[0] == "help") // bmgcreep help [COMMAND]: the usage, or COMMAND --help
        {
          if (args.size() == 1)
            {
              std::cout << usage;
              return 0;
            }
          args = {args[1], "--help"};
        }
      // Only `creep` with the 3D model runs in parallel; it starts MPI (and PETSc). Elsewhere,
      // under mpirun every rank would redo the work: refuse, judging from the launcher's
      // environment without paying for MPI start-up in a serial run.
      if (!args.empty() && args[0] == "md")
        {
          dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
          return bmgcreep::app::run_md({args.begin() + 1, args.end()});
        }
      if (!args.empty() && args[0] == "calibrate")
        {
          dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
          return bmgcreep::app::run_calibrate({args.begin() + 1, args.end()});
        }
      if (!args.empty() && args[0] == "analyze")
        {
          dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
          return analyze({args.begin() + 1, args.end()});
        }
      if (!args.empty() && args[0] == "creep")
        {
          dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
          return run(args[0], {args.begin() + 1, args.end()});
        }
      for (const char *size : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
        if (const char *n = std::getenv(size); n && std::atoi(n) > 1)
          {
            const char *rank = std::getenv("OMPI_COMM_WORLD_RANK");
            if (!rank || std::atoi(rank) == 0)
              std::cerr << "error: only `bmgcreep creep` with \"Cylinder/Model = 3d\" and `bmgcreep analyze` "
                           "run in parallel: run this without mpirun\n";
            return 2;
          }
      if (args.empty() || args[0] == "--help" || args[0] == "-h")
        {
          std::cout << usage;
          return args.empty() ? 2 : 0;
        }

      if (args[0] == "point" || args[0] == "creep")
        return run(args[0], {args.begin() + 1, args.end()});
      if (args[0] == "map")
        return bmgcreep::app::run_map({args.begin() + 1, args.end()});
      const std::string suggestion =
        bmgcreep::nearest_name(args[0], {"point", "creep", "map", "md", "calibrate", "analyze", "help", "version"});
      std::cerr << "error: unknown command \"" << bmgcreep::printable(args[0]) << "\""
                << (suggestion.empty() ? "" : " (did you mean " + suggestion + "?)")
                << " (known: point, creep, map, md, calibrate, analyze, help, version; bmgcreep --help for usage)\n";
      return 2;
    }
  catch (const bmgcreep::InputError &e)
    {
      if (first_rank())
        std::cerr << "error: " << e.what() << '\n';
      return 2;
    }
  catch (const std::invalid_argument &e)
    {
      if (first_rank())
        std::cerr << "error: " << e.what() << " (bmgcreep --help for usage)\n";
      return 2;
    }
  catch (const std::exception &e)
    {
      if (first_rank())
        std::cerr << "error: " << e.what() << '\n';
      return 1;
    }
}
