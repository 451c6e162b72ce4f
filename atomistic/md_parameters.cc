#include "atomistic/md_parameters.h"

#include <deal.II/base/utilities.h>

#include <filesystem>

namespace bmgcreep::atomistic
{
  using dealii::Patterns::Double;
  using dealii::Patterns::Integer;

  void MdParameters::declare(dealii::ParameterHandler &prm)
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
    prm.declare_entry("Neighbor skin", "2", Double(0.1, 5.0), // lammps_default_skin
                      "Neighbour-list skin beyond the potential's cutoff (A), 0.1 to 5; lists are rebuilt when an atom "
                      "has moved half of it. 2 is LAMMPS's own default for metal units and writes no command (campaigns "
                      "run before this key resume); 1 measured about 11 % faster at identical glass trajectories "
                      "(docs/atomistic.md, \"Throughput checks\")");
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
    prm.declare_entry("Tg fit maximum", "0", Double(0.0, 10000.0),
                      "The two-line Tg fits use the cooling curve below this temperature (K), 0 to 1e4; 0: the whole "
                      "curve. At 1,000 atoms the liquid's volume is curved and noisy far above Tg: docs/atomistic.md, "
                      "\"Glass transition\"");
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
    prm.declare_entry("Barostat damping", "0.2", Double(1e-4, 1e3),
                      "Nose-Hoover Pdamp of the load, hold and unload phases (ps), 1e-4 to 1e3: short enough for the "
                      "barostat to follow a creeping glass (1,000 atoms flowing at 3 %/ps: 0.2 ps holds the target "
                      "within 0.1 %, 1 ps lags 4 %)");
    prm.leave_subsection();
    prm.enter_subsection("Structure");
    prm.declare_entry("Cutoff", "0", Double(0.0, 20.0),
                      "Neighbour cutoff of W6-hat and coordination (A), 0 to 20; 0: first minimum of g(r) of each "
                      "sample's as-quenched glass");
    prm.declare_entry("Snapshots", "4", Integer(0, 1000),
                      "Inherent structures per state (the as-quenched glass and after each hold): snapshots of a "
                      "continued zero-stress run, each energy-minimised at fixed box, structure and energy averaged "
                      "over them (-), 0 to 1000; 0: one thermal snapshot, no minimisation");
    prm.declare_entry("Snapshot spacing", "2", Double(0.001, 1e6),
                      "Zero-stress NPT between two snapshots (ps), 0.001 to 1e6");
    prm.declare_entry("Force tolerance", "1e-6", Double(1e-12, 1.0),
                      "The minimisation stops when no force component exceeds this (eV/A), 1e-12 to 1");
    prm.leave_subsection();
    prm.enter_subsection("Compression test");
    prm.declare_entry("Strain rate", "1e-5", Double(1e-9, 1.0),
                      "Engineering strain rate along y at the final temperature (1/ps), 1e-9 to 1");
    prm.declare_entry("Max strain", "0.1", Double(0.01, 0.5), "End of the test (-), 0.01 to 0.5");
    prm.declare_entry("Record strain", "0.002", Double(1e-5, 0.05),
                      "Strain between recorded points of the stress-strain curve (-), 1e-5 to 0.05");
    prm.leave_subsection();
  }

  void MdParameters::parse(dealii::ParameterHandler &prm, const std::string &deck)
  {
    const auto list = [](const std::string &text) { return dealii::Utilities::split_string_list(text, ','); };
    prm.enter_subsection("System");
    species = list(prm.get("Species"));
    fractions.clear();
    for (const auto &f : list(prm.get("Fractions")))
      fractions.push_back(std::stod(f));
    atoms = prm.get_integer("Atoms");
    const auto ratios = list(prm.get("Box aspect"));
    for (int d = 0; d < 3; ++d)
      aspect[d] = std::stod(ratios[d]);
    potential = prm.get("Potential");
    if (!potential.empty() && potential[0] != '/' && !std::filesystem::exists(potential))
      potential = (std::filesystem::path(deck).parent_path() / potential).string(); // relative to the deck
    neighbor_skin = prm.get_double("Neighbor skin");
    seed = prm.get_integer("Seed");
    volume_per_atom = prm.get_double("Initial volume per atom");
    prm.leave_subsection();
    prm.enter_subsection("Melt and quench");
    timestep = prm.get_double("Time step");
    melt_temperature = prm.get_double("Melt temperature");
    melt_time = prm.get_double("Melt time");
    quench_rate = prm.get_double("Quench rate");
    final_temperature = prm.get_double("Final temperature");
    record_interval = prm.get_double("Record interval");
    tg_fit_max = prm.get_double("Tg fit maximum");
    thermostat_damping = prm.get_double("Thermostat damping");
    barostat_damping = prm.get_double("Barostat damping");
    prm.leave_subsection();
    prm.enter_subsection("Samples");
    samples = prm.get_integer("Count");
    partitions = prm.get_integer("Partitions");
    prm.leave_subsection();
    prm.enter_subsection("Holds");
    for (const auto &x : list(prm.get("Stresses")))
      {
        const double v = std::stod(x);
        for (const double seen : hold_stresses)
          if (seen == v)
            throw std::invalid_argument(deck + ": \"Holds/Stresses\" lists " + x + " twice: each hold once (more samples, "
                                        "Samples/Count, repeat a condition)");
        hold_stresses.push_back(v);
      }
    stresses_are_fractions = prm.get("Stress unit") == "fraction of yield";
    loading_rate = prm.get_double("Loading strain rate");
    hold_time = prm.get_double("Hold time");
    relax_time = prm.get_double("Relax time");
    hold_record_time = prm.get_double("Record time");
    hold_barostat_damping = prm.get_double("Barostat damping");
    prm.leave_subsection();
    prm.enter_subsection("Structure");
    structure_cutoff = prm.get_double("Cutoff");
    inherent_snapshots = prm.get_integer("Snapshots");
    snapshot_spacing = prm.get_double("Snapshot spacing");
    minimisation_force_tolerance = prm.get_double("Force tolerance");
    prm.leave_subsection();
    prm.enter_subsection("Compression test");
    compression_rate = prm.get_double("Strain rate");
    compression_max_strain = prm.get_double("Max strain");
    compression_record_strain = prm.get_double("Record strain");
    prm.leave_subsection();
  }
} // namespace bmgcreep::atomistic
