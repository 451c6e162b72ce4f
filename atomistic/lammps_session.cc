#include "atomistic/lammps_session.h"

#define LAMMPS_LIB_MPI
#include <lammps/library.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
    // The log of the session that is open, for the exit handler (LAMMPS without exceptions
    // calls exit(1) on an error; the handler turns the log's ERROR line into one line on stderr).
    std::string open_log;
    bool open_log_temporary = false; ///< the log is the session's temporary one: removed after reporting

    void report_lammps_error()
    {
      if (open_log.empty())
        return;
      std::string error;
      {
        std::ifstream in(open_log);
        std::string line;
        while (std::getline(in, line) && error.empty())
          if (line.rfind("ERROR", 0) == 0)
            error = line.substr(line.find(':') == std::string::npos ? 0 : line.find(':') + 2);
      }
      if (!error.empty())
        std::cerr << "error: LAMMPS: " << error << (open_log_temporary ? std::string() : " (LAMMPS log: " + open_log + ")") << "\n";
      if (open_log_temporary) // the process ends here: the destructor that removes it will not run
        {
          std::error_code ec;
          std::filesystem::remove(open_log, ec);
        }
    }
  } // namespace

  std::string lammps_path(const std::string &path)
  {
    if (path.find_first_of(" \t\"'#$") == std::string::npos)
      return path;
    if (path.find_first_of("\n\r") != std::string::npos ||
        (path.find('"') != std::string::npos && path.find('\'') != std::string::npos))
      throw std::invalid_argument(path + ": LAMMPS cannot read a path with a line break or with both kinds of quote: rename it");
    const char q = path.find('"') == std::string::npos ? '"' : '\'';
    return q + path + q;
  }

  LammpsSession::LammpsSession(MPI_Comm comm_, const std::string &log_file, const bool echo) : comm(comm_)
  {
    static const bool handler = (std::atexit(report_lammps_error), true);
    (void)handler;
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    log_path = log_file;
    if (log_path.empty())
      {
        log_path = (std::filesystem::temp_directory_path() /
                    ("bmgcreep-lammps-" + std::to_string(::getpid()) + "-" + std::to_string(rank) + ".log"))
                     .string();
        temporary_log = true;
      }
    if (rank == 0) // LAMMPS writes its log on the first rank only: one error line, not one per rank
      {
        open_log = log_path;
        open_log_temporary = temporary_log;
      }
    std::vector<std::string> args = {"bmgcreep", "-log", log_path, "-nocite"};
    if (!echo && !std::getenv("BMGCREEP_LAMMPS_ECHO")) // the variable shows LAMMPS's output (debugging)
      args.insert(args.end(), {"-screen", "none"});
    std::vector<char *> argv;
    for (auto &a : args)
      argv.push_back(a.data());
    handle = lammps_open(static_cast<int>(argv.size()), argv.data(), comm, nullptr);
    if (!handle)
      throw std::runtime_error("LAMMPS could not be started");
  }

  LammpsSession::~LammpsSession()
  {
    if (handle)
      lammps_close(handle);
    open_log.clear();
    if (temporary_log)
      {
        std::error_code ec;
        std::filesystem::remove(log_path, ec);
      }
  }

  void LammpsSession::command(const std::string &line)
  {
    sent.push_back(line);
    lammps_command(handle, line.c_str());
  }

  void LammpsSession::switch_log(const std::string &path)
  {
    command("log " + lammps_path(path));
    if (temporary_log)
      {
        std::error_code ec;
        std::filesystem::remove(log_path, ec);
        temporary_log = false;
      }
    log_path = path;
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    if (rank == 0)
      {
        open_log = log_path;
        open_log_temporary = false;
      }
  }

  void LammpsSession::commands(const std::vector<std::string> &lines)
  {
    for (const auto &l : lines)
      command(l);
  }

  long long LammpsSession::atom_count() const
  {
    return static_cast<long long>(lammps_get_natoms(handle));
  }

  std::vector<double> LammpsSession::box_lengths() const
  {
    double lo[3], hi[3], xy, yz, xz;
    int periodicity[3], changed;
    lammps_extract_box(handle, lo, hi, &xy, &yz, &xz, periodicity, &changed);
    return {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]};
  }

  void LammpsSession::box_bounds(std::vector<double> &lo, std::vector<double> &hi) const
  {
    double l[3], h[3], xy, yz, xz;
    int periodicity[3], changed;
    lammps_extract_box(handle, l, h, &xy, &yz, &xz, periodicity, &changed);
    lo.assign(l, l + 3);
    hi.assign(h, h + 3);
  }

  double LammpsSession::box_volume() const
  {
    const auto L = box_lengths();
    return L[0] * L[1] * L[2];
  }

  double LammpsSession::thermo(const std::string &keyword) const
  {
    return lammps_get_thermo(handle, keyword.c_str());
  }

  bool LammpsSession::has_style(const std::string &category, const std::string &name) const
  {
    return lammps_has_style(handle, category.c_str(), name.c_str()) == 1;
  }

  std::vector<int> LammpsSession::gather_int(const std::string &name) const
  {
    std::vector<int> data(static_cast<std::size_t>(atom_count()));
    std::string n = name;
    lammps_gather(handle, n.data(), 0, 1, data.data());
    return data;
  }

  std::vector<double> LammpsSession::gather_double(const std::string &name, const int columns) const
  {
    std::vector<double> data(static_cast<std::size_t>(atom_count()) * columns);
    std::string n = name;
    lammps_gather(handle, n.data(), 1, columns, data.data());
    return data;
  }
  double LammpsSession::fix_vector(const std::string &id, const int i) const
  {
    auto *v = static_cast<double *>(lammps_extract_fix(handle, id.c_str(), LMP_STYLE_GLOBAL, LMP_TYPE_VECTOR, i, 0));
    if (!v)
      throw std::runtime_error("LAMMPS fix " + id + " has no global vector");
    const double value = *v;
    lammps_free(v);
    return value;
  }

  std::vector<std::vector<double>> LammpsSession::compute_global_array(const std::string &id, const int rows,
                                                                      const int columns) const
  {
    auto **array = static_cast<double **>(lammps_extract_compute(handle, id.c_str(), LMP_STYLE_GLOBAL, LMP_TYPE_ARRAY));
    if (!array)
      throw std::runtime_error("LAMMPS compute " + id + " has no global array");
    std::vector<std::vector<double>> out(rows, std::vector<double>(columns));
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < columns; ++j)
        out[i][j] = array[i][j];
    return out;
  }
} // namespace bmgcreep::atomistic
