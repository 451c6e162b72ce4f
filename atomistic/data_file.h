// A light reader of a LAMMPS data file's header, to validate a user's file before LAMMPS reads
// it (LAMMPS would end the process on a malformed one, see lammps_session.h).
#pragma once

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  struct DataFileHeader
  {
    long long atoms = 0;
    int atom_types = 0;
    double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
    bool has_atoms_section = false;
    std::vector<long long> id; ///< atom IDs in file order
    std::vector<int> type;
    std::vector<double> x;     ///< x, y, z per atom (A)
  };

  /// Reads and checks the header of `path`; throws std::invalid_argument with one line naming
  /// the file and what is wrong (missing file, no atom count, box, Atoms section, an Atoms
  /// section that is not atom_style atomic, fewer atom lines than announced, an atom ID below 1
  /// or repeated, a coordinate that is not a finite number, atoms closer than 0.5 A).
  DataFileHeader read_data_file_header(const std::string &path);

  /// Throws std::invalid_argument naming the first two atoms of `h` closer than `closest` (A),
  /// the box periodic on every axis.
  void refuse_coincident_atoms(const std::string &path, const DataFileHeader &h, double closest = 0.5);
} // namespace bmgcreep::atomistic
