// A light reader of a LAMMPS data file's header, to validate a user's file before LAMMPS reads
// it (LAMMPS would end the process on a malformed one, see lammps_session.h).
#pragma once

#include <string>

namespace bmgcreep::atomistic
{
  struct DataFileHeader
  {
    long long atoms = 0;
    int atom_types = 0;
    double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
    bool has_atoms_section = false;
  };

  /// Reads and checks the header of `path`; throws std::invalid_argument with one line naming
  /// the file and what is wrong (missing file, no atom count, box, Atoms section, an Atoms
  /// section that is not atom_style atomic, or fewer atom lines than announced).
  DataFileHeader read_data_file_header(const std::string &path);
} // namespace bmgcreep::atomistic
