// Structure of a model glass (or crystal) from LAMMPS computes: Steinhardt W6-hat
// (orientorder/atom, wl/hat), coordination number total and partial (coord/atom), Voronoi
// atomic volume (voronoi/atom), per atom and as means per group (all, each species).
#pragma once

#include "atomistic/lammps_session.h"

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  struct GroupStructure
  {
    std::string group;               ///< "all" or a species name
    long long atoms = 0;
    double w6hat = 0.0;              ///< mean W6-hat (-)
    double cn = 0.0;                 ///< mean coordination number within the cutoff
    std::vector<double> partial_cn;  ///< mean number of neighbours of each species
    double voronoi_volume = 0.0;     ///< mean Voronoi volume (A^3)
  };

  struct StructureResult
  {
    double cutoff = 0.0;             ///< neighbour cutoff used (A)
    double box_volume = 0.0;         ///< A^3
    std::vector<double> box_lo, box_hi; ///< A
    std::vector<std::string> species;
    std::vector<GroupStructure> groups; ///< all, then one per species in type order
    // Per atom, ordered by atom ID:
    std::vector<int> id, type;
    std::vector<double> w6hat, cn, voronoi_volume;
    std::vector<std::vector<double>> partial_cn; ///< [atom][species]
  };

  /// The first minimum after the first peak of the total pair distribution function g(r) of
  /// the atoms in `lmp` (compute rdf, 0 to `r_max` A): the usual first-shell cutoff of a glass.
  /// The session needs a pair style whose cutoff reaches `r_max`.
  double first_minimum_of_rdf(LammpsSession &lmp, double r_max = 8.0, int bins = 400);

  /// Defines the computes on the atoms in `lmp` (species names in type order), runs `run 0`
  /// and gathers. The session's pair cutoff must reach `cutoff`.
  StructureResult analyze_structure(LammpsSession &lmp, const std::vector<std::string> &species, double cutoff);

  /// CSV text: one row per group, columns group, atoms, w6hat, cn, cn_<species>..., voronoi_volume_A3.
  std::string structure_csv(const StructureResult &r);
  /// CSV text: one row per atom: id, type, w6hat, cn, voronoi_volume_A3.
  std::string per_atom_csv(const StructureResult &r);
} // namespace bmgcreep::atomistic
