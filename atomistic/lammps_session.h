// One LAMMPS instance driven as a library (liblammps), owned by one object: opened in the
// constructor, closed in the destructor. Every call into LAMMPS goes through this class.
//
// Debian's liblammps is built without C++ exceptions: a failing LAMMPS command prints its
// error to the log and ends the whole process. Callers therefore validate what a user gives
// before it reaches LAMMPS (see data_file.h), and the log (when one is kept) names the error.
#pragma once

#include <mpi.h>

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// `path` as one argument of a LAMMPS input line: as it is when it has no blank, quote, '#'
  /// or '$', else in double quotes (single quotes if it holds a double quote; LAMMPS then
  /// neither splits it nor reads a comment or variable in it). Throws std::invalid_argument for
  /// a path with both kinds of quote, or a line break, which no LAMMPS line can hold.
  std::string lammps_path(const std::string &path);

  class LammpsSession
  {
  public:
    /// `log_file`: LAMMPS's log; empty: a temporary log, removed when the session closes. Screen
    /// output is off unless `echo` (or the environment variable BMGCREEP_LAMMPS_ECHO is set).
    /// If LAMMPS ends the process on an error, an exit handler prints the log's ERROR line to
    /// stderr as one line ("error: LAMMPS: ...") before the process exits with code 1.
    explicit LammpsSession(MPI_Comm comm, const std::string &log_file = "", bool echo = false);
    ~LammpsSession();
    LammpsSession(const LammpsSession &) = delete;
    LammpsSession &operator=(const LammpsSession &) = delete;

    /// One LAMMPS input line, or several (one per element / line).
    void command(const std::string &line);
    void commands(const std::vector<std::string> &lines);

    /// Sends LAMMPS's log (thermo output) to `path` from now on; an error is reported from it.
    void switch_log(const std::string &path);

    /// Every command sent so far, one per line: a LAMMPS input a person can run with `lmp`.
    const std::vector<std::string> &history() const { return sent; }

    long long atom_count() const;
    double box_volume() const;                 ///< A^3
    std::vector<double> box_lengths() const;   ///< Lx, Ly, Lz (A)
    void box_bounds(std::vector<double> &lo, std::vector<double> &hi) const; ///< A
    double thermo(const std::string &keyword) const; ///< a thermo keyword's current value
    bool has_style(const std::string &category, const std::string &name) const;

    /// A per-atom integer property (e.g. "type", "id") ordered by atom ID, on every rank.
    std::vector<int> gather_int(const std::string &name) const;
    /// A per-atom compute or fix ("c_ID", "f_ID") with `columns` values per atom, ordered by
    /// atom ID, row-major (atom, column), on every rank. Run `run 0` after defining the compute.
    std::vector<double> gather_double(const std::string &name, int columns) const;

    /// Element `i` of a fix's global vector (e.g. fix ave/time).
    double fix_vector(const std::string &id, int i) const;
    /// A global array of a compute (e.g. compute rdf), `rows` x `columns`, after `run 0`.
    std::vector<std::vector<double>> compute_global_array(const std::string &id, int rows, int columns) const;

    MPI_Comm communicator() const { return comm; }

  private:
    void *handle = nullptr;
    MPI_Comm comm;
    std::string log_path;
    bool temporary_log = false;
    std::vector<std::string> sent;
  };
} // namespace bmgcreep::atomistic
