// `bmgcreep analyze DATAFILE`: the structure of a configuration in a LAMMPS data file.
#pragma once

#include "atomistic/structure.h"

#include <mpi.h>

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// Species names from "Cu,Zr" (type order); throws std::invalid_argument on an empty or
  /// repeated name.
  std::vector<std::string> parse_species(const std::string &list);

  /// Validates `path` (see data_file.h) against `species` and `cutoff` (A; 0: the first minimum
  /// of g(r)), then reads it into LAMMPS (atom_style atomic, metal units) and analyses it.
  /// With `positions`, also gathers the coordinates (A, 3 per atom, by atom ID).
  StructureResult analyze_data_file(MPI_Comm comm, const std::string &path, const std::vector<std::string> &species,
                                    double cutoff, std::vector<double> *positions = nullptr);

  /// The per-atom values as a LAMMPS text dump (id type x y z w6hat cn voronoi_volume) for OVITO.
  std::string per_atom_dump(const StructureResult &r, const std::vector<double> &positions);
} // namespace bmgcreep::atomistic
