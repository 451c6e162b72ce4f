// What bmgcreep reads from an eam/fs potential file itself (LAMMPS reads the rest): the element
// names of its header and each element's mass, to check a deck's species before LAMMPS starts
// and to give the alloy's molar mass.
#pragma once

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// Masses (g/mol) of `species` from the eam/fs file's element lines; throws
  /// std::invalid_argument naming the file for a missing file, a header that is not eam/fs, or
  /// a species the potential does not have (listing those it has).
  std::vector<double> element_masses(const std::string &potential, const std::vector<std::string> &species);
} // namespace bmgcreep::atomistic
