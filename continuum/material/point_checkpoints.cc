// A point case's checkpoints: finished conditions (sealed, with the deck's fingerprint) and
// the partial checkpoints of a condition in progress.
#include "continuum/material/point_case.h"

#include "coupling/atomic_file.h"
#include "coupling/text.h"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bmgcreep::material
{
  using namespace dealii;

  bool load_condition(const std::string &dir, const std::string &fingerprint, const double hold_fraction,
                      ConditionResult &r)
  {
    const std::string path = dir + "/" + condition_name(hold_fraction) + ".checkpoint";
    if (!std::filesystem::exists(path))
      return false;
    std::string written_by;
    try
      {
        std::istringstream in(unseal(path, read_file(path)));
        boost::archive::binary_iarchive archive(in);
        archive >> written_by;
        if (written_by != fingerprint)
          throw InputError(path + ": checkpoint written by a different deck, options or version; resume with "
                                  "the original ones or remove it");
        archive >> r;
      }
    catch (const InputError &)
      {
        throw;
      }
    catch (const std::exception &e)
      {
        throw InputError("corrupt checkpoint (" + std::string(e.what()) + "); remove " + path +
                         " to recompute that condition");
      }
    if (r.hold_fraction != hold_fraction)
      throw InputError(path + ": corrupt checkpoint (it holds hold fraction " + to_text(r.hold_fraction) + ")");
    return true;
  }

  void save_condition(const std::string &dir, const std::string &fingerprint, const ConditionResult &r)
  {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      throw std::runtime_error(dir + ": cannot create checkpoint directory: " + ec.message());
    std::ostringstream buffer;
    {
      boost::archive::binary_oarchive archive(buffer);
      archive << fingerprint << r;
    }
    write_file_atomically(dir + "/" + condition_name(r.hold_fraction) + ".checkpoint", seal(buffer.str()));
  }

  std::string partial_checkpoint_path(const std::string &dir, const std::string &name, const unsigned int rank,
                                      const unsigned long sequence)
  {
    return dir + "/" + name + ".partial." + std::to_string(rank) + "." + std::to_string(sequence % 2);
  }

  unsigned long committed_partial_checkpoint(const std::string &dir, const std::string &name)
  {
    const std::string path = dir + "/" + name + ".partial";
    if (!std::filesystem::exists(path))
      return 0;
    std::ifstream in(path);
    unsigned long sequence = 0;
    if (!(in >> sequence) || sequence == 0)
      throw InputError(path + ": corrupt checkpoint record (expected a positive step count) - remove it to "
                              "recompute that condition");
    return sequence;
  }

  void commit_partial_checkpoint(const std::string &dir, const std::string &name, const unsigned long sequence)
  {
    write_file_atomically(dir + "/" + name + ".partial", std::to_string(sequence) + "\n");
  }

  void remove_partial_checkpoints(const std::string &dir, const std::string &name, const unsigned int rank)
  {
    std::error_code ec;
    if (rank == 0)
      std::filesystem::remove(dir + "/" + name + ".partial", ec);
    for (const unsigned long generation : {0ul, 1ul})
      std::filesystem::remove(partial_checkpoint_path(dir, name, rank, generation), ec);
  }

  std::string condition_name(const double hold_fraction)
  {
    if (hold_fraction == 0.0)
      return "as-cast";
    char name[64];
    std::snprintf(name, sizeof(name), "hold-%.6g", hold_fraction);
    return name;
  }

  void remove_run_checkpoints(const std::string &dir, const std::vector<double> &hold_fractions,
                              const unsigned int processes)
  {
    std::error_code ec;
    if (dir.empty() || std::filesystem::is_symlink(dir, ec) || !std::filesystem::is_directory(dir, ec))
      return;
    std::vector<double> conditions{0.0};
    conditions.insert(conditions.end(), hold_fractions.begin(), hold_fractions.end());
    std::vector<std::string> ours; // the file names this run's conditions can have written
    for (const double f : conditions)
      {
        const std::string name = condition_name(f);
        ours.push_back(name + ".checkpoint");
        ours.push_back(name + ".partial");
        for (unsigned int rank = 0; rank < std::max(1u, processes); ++rank)
          for (const unsigned long generation : {0ul, 1ul})
            ours.push_back(std::filesystem::path(partial_checkpoint_path(dir, name, rank, generation)).filename().string());
        std::filesystem::remove(dir + "/" + name + ".checkpoint", ec);
        for (unsigned int rank = 0; rank < std::max(1u, processes); ++rank)
          remove_partial_checkpoints(dir, name, rank);
      }
    // A killed run's half-written record of one of those names (NAME.tmp.PID, the atomic
    // write's temporary file) goes too; nothing else.
    std::vector<std::filesystem::path> leftovers;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec))
      {
        const std::string file = entry.path().filename().string();
        const auto at = file.rfind(".tmp.");
        if (at == std::string::npos || !entry.is_regular_file(ec) || entry.is_symlink(ec))
          continue;
        const std::string pid = file.substr(at + 5);
        if (!pid.empty() && std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            std::find(ours.begin(), ours.end(), file.substr(0, at)) != ours.end())
          leftovers.push_back(entry.path());
      }
    for (const auto &p : leftovers)
      std::filesystem::remove(p, ec);
    std::filesystem::remove(dir, ec); // only if empty: a user's file keeps it
  }
} // namespace bmgcreep::material
