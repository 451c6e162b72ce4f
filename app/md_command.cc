#include "app/md_command.h"

#include "app/command_line.h"
#include "app/on_first_rank.h"

#include "coupling/output_folder.h"

#include "continuum/material/point_case.h"

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
  using dealii::Patterns::Double;
  using dealii::Patterns::Integer;

  void declare_md_deck(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("System");
    prm.declare_entry("Species", "Zr, Cu", dealii::Patterns::List(dealii::Patterns::Anything(), 1, 10),
                      "Element names in LAMMPS type order, as in the potential file (-)");
    prm.declare_entry("Fractions", "0.6, 0.4", dealii::Patterns::List(Double(0.0, 1.0), 1, 10),
                      "Atom fraction of each species, summing to 1 (-), each 0 to 1");
    prm.declare_entry("Atoms", "500", Integer(2, 10000000), "Number of atoms (-), 2 to 1e7");
    prm.declare_entry("Box aspect", "1, 2, 1", dealii::Patterns::List(Double(0.1, 10.0), 3, 3),
                      "Box edge ratios X:Y:Z; the load axis is Y (-), each 0.1 to 10");
    prm.declare_entry("Potential", "/usr/share/lammps/potentials/CuZr_mm.eam.fs", dealii::Patterns::Anything(),
                      "eam/fs potential file (Debian's lammps-data ships CuZr_mm.eam.fs)");
    prm.declare_entry("Seed", "1", Integer(1, 900000000), "Seed of the random placement and velocities (-), 1 to 9e8");
    prm.declare_entry("Initial volume per atom", "20", Double(5.0, 100.0),
                      "Box of the random alloy before the melt (A^3 per atom), 5 to 100");
    prm.leave_subsection();
    prm.enter_subsection("Melt and quench");
    prm.declare_entry("Time step", "1", Double(0.01, 10.0), "MD time step (fs), 0.01 to 10");
    prm.declare_entry("Melt temperature", "2000", Double(1.0, 10000.0), "NPT at zero pressure (K), 1 to 1e4");
    prm.declare_entry("Melt time", "2000", Double(0.001, 1e7), "Equilibration of the melt (ps), 0.001 to 1e7");
    prm.declare_entry("Quench rate", "1", Double(1e-6, 1e6), "Cooling rate (K/ps), 1e-6 to 1e6");
    prm.declare_entry("Final temperature", "355", Double(1.0, 10000.0), "End of the quench (K), 1 to 1e4");
    prm.declare_entry("Record interval", "50", Double(0.1, 5000.0),
                      "Cooling between two recorded points of volume and enthalpy (K), 0.1 to 5000");
    prm.declare_entry("Thermostat damping", "0.1", Double(1e-4, 1e3), "Nose-Hoover Tdamp (ps), 1e-4 to 1e3");
    prm.declare_entry("Barostat damping", "1", Double(1e-4, 1e3), "Nose-Hoover Pdamp (ps), 1e-4 to 1e3");
    prm.leave_subsection();
    prm.enter_subsection("Samples");
    prm.declare_entry("Count", "1", Integer(1, 1000),
                      "Independent glasses per condition, melt seeds Seed, Seed+1, ... (-), 1 to 1000");
    prm.declare_entry("Partitions", "1", Integer(1, 1000),
                      "Groups of MPI processes running samples side by side; at most the process count and Count (-)");
    prm.leave_subsection();
    prm.enter_subsection("Holds");
    prm.declare_entry("Stresses", "", dealii::Patterns::List(Double(-1e3, 1e3), 0, 1000),
                      "Hold stresses, compressive positive (GPa, or fractions of each sample's measured yield "
                      "stress with Stress unit = fraction of yield); empty: no holds");
    prm.declare_entry("Stress unit", "GPa", dealii::Patterns::Selection("GPa|fraction of yield"),
                      "Unit of the Stresses: GPa | fraction of yield (the peak stress of the compression test)");
    prm.declare_entry("Loading strain rate", "1e-5", Double(1e-9, 1.0),
                      "Loading and unloading take stress / (E x this rate), E from the compression test (1/ps), 1e-9 to 1");
    prm.declare_entry("Hold time", "10000", Double(0.001, 1e8), "Time at constant uniaxial stress (ps), 0.001 to 1e8");
    prm.declare_entry("Relax time", "2000", Double(0.001, 1e8),
                      "Zero-stress run after unloading, and of the as-quenched reference (ps), 0.001 to 1e8");
    prm.declare_entry("Record time", "10", Double(0.001, 1e6),
                      "Time between recorded points of the strain-time curve (ps), 0.001 to 1e6");
    prm.leave_subsection();
    prm.enter_subsection("Structure");
    prm.declare_entry("Cutoff", "0", Double(0.0, 20.0),
                      "Neighbour cutoff of W6-hat and coordination (A), 0 to 20; 0: first minimum of g(r) of each "
                      "sample's as-quenched glass");
    prm.leave_subsection();
    prm.enter_subsection("Compression test");
    prm.declare_entry("Strain rate", "1e-5", Double(1e-9, 1.0),
                      "Engineering strain rate along y at the final temperature (1/ps), 1e-9 to 1");
    prm.declare_entry("Max strain", "0.1", Double(0.01, 0.5), "End of the test (-), 0.01 to 0.5");
    prm.declare_entry("Record strain", "0.002", Double(1e-5, 0.05),
                      "Strain between recorded points of the stress-strain curve (-), 1e-5 to 0.05");
    prm.leave_subsection();
  }

  atomistic::MdParameters read_md_deck(const std::string &path, const std::vector<std::string> &overrides,
                                       const std::string &until)
  {
    dealii::ParameterHandler prm;
    declare_md_deck(prm);
    material::parse_deck(prm, path, overrides);
    atomistic::MdParameters p;
    const auto list = [](const std::string &text) { return dealii::Utilities::split_string_list(text, ','); };
    prm.enter_subsection("System");
    p.species = list(prm.get("Species"));
    p.fractions.clear();
    for (const auto &f : list(prm.get("Fractions")))
      p.fractions.push_back(std::stod(f));
    p.atoms = prm.get_integer("Atoms");
    const auto aspect = list(prm.get("Box aspect"));
    for (int d = 0; d < 3; ++d)
      p.aspect[d] = std::stod(aspect[d]);
    p.potential = prm.get("Potential");
    if (!p.potential.empty() && p.potential[0] != '/' && !std::filesystem::exists(p.potential))
      p.potential = (std::filesystem::path(path).parent_path() / p.potential).string(); // relative to the deck
    p.seed = prm.get_integer("Seed");
    p.volume_per_atom = prm.get_double("Initial volume per atom");
    prm.leave_subsection();
    prm.enter_subsection("Melt and quench");
    p.timestep = prm.get_double("Time step");
    p.melt_temperature = prm.get_double("Melt temperature");
    p.melt_time = prm.get_double("Melt time");
    p.quench_rate = prm.get_double("Quench rate");
    p.final_temperature = prm.get_double("Final temperature");
    p.record_interval = prm.get_double("Record interval");
    p.thermostat_damping = prm.get_double("Thermostat damping");
    p.barostat_damping = prm.get_double("Barostat damping");
    prm.leave_subsection();
    prm.enter_subsection("Samples");
    p.samples = prm.get_integer("Count");
    p.partitions = prm.get_integer("Partitions");
    prm.leave_subsection();
    prm.enter_subsection("Holds");
    for (const auto &x : list(prm.get("Stresses")))
      p.hold_stresses.push_back(std::stod(x));
    p.stresses_are_fractions = prm.get("Stress unit") == "fraction of yield";
    p.loading_rate = prm.get_double("Loading strain rate");
    p.hold_time = prm.get_double("Hold time");
    p.relax_time = prm.get_double("Relax time");
    p.hold_record_time = prm.get_double("Record time");
    prm.leave_subsection();
    prm.enter_subsection("Structure");
    p.structure_cutoff = prm.get_double("Cutoff");
    prm.leave_subsection();
    prm.enter_subsection("Compression test");
    p.compression_rate = prm.get_double("Strain rate");
    p.compression_max_strain = prm.get_double("Max strain");
    p.compression_record_strain = prm.get_double("Record strain");
    prm.leave_subsection();
    p.until = until;
    // The values that define stages, as "Section/Key = value" (the deck as deal.II prints it).
    std::ostringstream printed;
    prm.print_parameters(printed, dealii::ParameterHandler::ShortPRM);
    std::istringstream in(printed.str());
    std::vector<std::string> sections;
    for (std::string line; std::getline(in, line);)
      {
        const auto first = line.find_first_not_of(' ');
        if (first == std::string::npos)
          continue;
        line = line.substr(first);
        if (line.rfind("subsection ", 0) == 0)
          sections.push_back(line.substr(11));
        else if (line == "end" && !sections.empty())
          sections.pop_back();
        else if (line.rfind("set ", 0) == 0)
          {
            std::string key;
            for (const auto &sec : sections)
              key += sec + "/";
            // PRM output pads the names of a subsection to one width: "set Key   = value".
            const std::string entry = line.substr(4);
            const auto eq = entry.find('=');
            std::string name = entry.substr(0, eq), value = eq == std::string::npos ? "" : entry.substr(eq + 1);
            name.erase(name.find_last_not_of(' ') + 1);
            value.erase(0, value.find_first_not_of(' '));
            key += name + " = " + value;
            if (key.rfind("Samples/", 0) != 0) // how many samples and how they share processes define no stage
              p.deck_values.push_back(key);
          }
      }
    try
      {
        atomistic::validate(p, path);
      }
    catch (const std::invalid_argument &e)
      {
        throw material::InputError(e.what());
      }
    return p;
  }

  int run_md(const std::vector<std::string> &args)
  {
    const CommandLine cl = parse_command_line(args, {"--quiet", "--write-inputs", "--help-deck"}, {"--output", "--until"});
    if (cl.has("--help-deck"))
      {
        dealii::ParameterHandler prm;
        declare_md_deck(prm);
        if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
          prm.print_parameters(std::cout, dealii::ParameterHandler::Text);
        return 0;
      }
    if (cl.positional.size() > 1)
      throw std::invalid_argument("one deck at a time; got " + cl.positional[0] + " and " + cl.positional[1]);
    const std::string deck = cl.positional.empty() ? std::string() : cl.positional[0], until = cl.value("--until");
    const std::vector<std::string> &overrides = cl.overrides;
    std::string output = cl.value("--output");
    const bool quiet = cl.has("--quiet"), write_inputs = cl.has("--write-inputs");
    if (deck.empty())
      throw std::invalid_argument("md needs a campaign deck");
    const atomistic::MdParameters p = read_md_deck(deck, overrides, until);
    if (output.empty())
      output = "results/" + std::filesystem::absolute(deck).parent_path().filename().string();
    const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    // The output folder, before any work: locked for this run (the first process holds the
    // lock), and refused if a campaign table there is a user's file (coupling/output_folder.h).
    std::unique_ptr<OutputLock> lock;
    on_first_rank(MPI_COMM_WORLD, [&]() {
      if (std::filesystem::exists(output) && !std::filesystem::is_directory(output))
        throw std::runtime_error(output + ": --output names a file, not a folder");
      lock = std::make_unique<OutputLock>(output);
      refuse_foreign_outputs(output, [](const std::string &name) {
        return name == "campaign.csv" || name == "campaign-summary.csv" || name == "tg.csv";
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
                throw material::InputError(e.what());
              }
            std::cout << "wrote the LAMMPS input of every stage to " << output << "/sample-<k>/<stage>.in";
            if (!unwritten.empty())
              std::cout << " except " << unwritten.size()
                        << " hold and post-hold test stages: they need each sample's compression test (modulus, yield); "
                           "run the campaign up to it first";
            std::cout << "\n";
          }
        return 0;
      }
    std::ostream *progress = quiet || !root ? nullptr : &std::cout;
    atomistic::MdResult r;
    try
      {
        r = atomistic::run_md_campaign(MPI_COMM_WORLD, p, deck, output, progress);
      }
    catch (const std::invalid_argument &e)
      {
        throw material::InputError(e.what());
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
                    << " GPa, yield (peak) " << s.yield.peak << " GPa\n";
        *progress << "outputs: " << output << "/campaign.csv, campaign-summary.csv, tg.csv, sample-<k>/ (stage restarts, "
                  << "inputs, logs, quench/compression/reference/hold-<i>/test-<i> CSVs)\n";
      }
    return 0;
  }
} // namespace bmgcreep::app
