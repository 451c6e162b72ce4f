// The parameters of an MD campaign (`bmgcreep md DECK.prm`): what its deck declares and how
// it is read, in one place.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// LAMMPS's neighbour-list skin in metal units (A): System/Neighbor skin's default, which the
  /// stages leave implicit so that campaigns run before the key keep their fingerprints.
  constexpr double lammps_default_skin = 2.0;

  struct MdParameters
  {
    // System
    std::vector<std::string> species{"Zr", "Cu"}; ///< in type order
    std::vector<double> fractions{0.6, 0.4};      ///< atom fractions, sum 1
    unsigned int atoms = 500;
    double aspect[3] = {1.0, 2.0, 1.0};           ///< box X:Y:Z
    std::string potential = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
    unsigned int seed = 1;                        ///< of the first sample; sample k uses seed + k - 1
    double volume_per_atom = 20.0;                ///< initial guess for the melt (A^3)
    unsigned int samples = 1;                     ///< independent glasses (melt seeds)
    unsigned int partitions = 1;                  ///< groups of MPI ranks running samples side by side
    // Melt and quench
    double timestep = 1.0;                        ///< fs
    double neighbor_skin = lammps_default_skin;   ///< A; LAMMPS's own default writes no `neighbor` command
    double melt_temperature = 2000.0;             ///< K
    double melt_time = 2000.0;                    ///< ps
    double quench_rate = 1.0;                     ///< K/ps
    double final_temperature = 355.0;             ///< K
    double record_interval = 50.0;                ///< K of cooling per recorded point
    double tg_fit_max = 0.0;                      ///< K, the Tg fits use the cooling curve below this; 0: all of it
    double thermostat_damping = 0.1;              ///< ps
    double barostat_damping = 1.0;                ///< ps
    // Compression test at the final temperature (load axis y, x and z stress-free)
    double compression_rate = 1e-5;               ///< engineering strain rate (1/ps)
    double compression_max_strain = 0.1;          ///< (-)
    double compression_record_strain = 0.002;     ///< strain between recorded points (-)
    // Holds
    std::vector<double> hold_stresses;            ///< GPa, or fractions of the yield (peak) stress
    bool stresses_are_fractions = false;
    double loading_rate = 1e-5;                   ///< strain rate of loading and unloading (1/ps)
    double hold_time = 10000.0;                   ///< ps
    double relax_time = 2000.0;                   ///< ps at zero stress after unloading (and for the reference)
    double hold_record_time = 10.0;               ///< ps between recorded points of the strain-time curve
    double hold_barostat_damping = 0.2;           ///< ps, Pdamp of the load, hold and unload phases
    double structure_cutoff = 0.0;                ///< A; 0: first minimum of g(r) of the reference glass
    unsigned int inherent_snapshots = 4;          ///< inherent structures per state; 0: one thermal snapshot
    double snapshot_spacing = 2.0;                ///< ps of zero-stress NPT between two snapshots
    double minimisation_force_tolerance = 1e-6;   ///< eV/A
    std::string until;                            ///< stop each sample after this stage (empty: run all)
    /// The deck's values that define stages, one "Section/Key = value" per entry (Samples/Count
    /// and Samples/Partitions excluded): kept in each sample's stage records, so that a rerun
    /// with another deck can name the keys that changed.
    std::vector<std::string> deck_values;
    std::string effective_deck; ///< the deck as parsed, the potential's path absolute (deck-used.prm)

    /// The deck's sections System, Melt and quench, Samples, Holds, Structure, Compression
    /// test, with their defaults, ranges and units (deal.II step-44's declare/parse pattern).
    static void declare(dealii::ParameterHandler &prm);
    /// Reads the parsed `prm`; `deck` (its path) resolves a relative potential file.
    void parse(dealii::ParameterHandler &prm, const std::string &deck);
  };
} // namespace bmgcreep::atomistic
