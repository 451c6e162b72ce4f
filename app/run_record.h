// The record a run leaves beside its results (coupling/output_folder.h, is_run_record_name):
// run.log, deck-used.prm and provenance.json, so a result can be traced to the program, the
// libraries, the command and the deck that made it, and run again from deck-used.prm.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace bmgcreep::app
{
  /// bmgcreep's version, the commit it was built from and the libraries it was built with.
  std::string version_text();

  class RunRecord
  {
  public:
    /// Starts the clock; `arguments` is the command line after the program name.
    RunRecord(const std::vector<std::string> &arguments, unsigned int processes);

    /// provenance.json: program, version, commit, libraries, command line, working folder,
    /// host, start (UTC), wall time, MPI processes and how the run ended ("completed" or the
    /// error's one line).
    std::string provenance_json(const std::string &outcome) const;

    /// Writes run.log (`log`), deck-used.prm (`deck`, unless empty) and provenance.json into
    /// `dir` (atomically, listed in its manifest).
    void write(const std::string &dir, const std::string &log, const std::string &deck,
               const std::string &outcome = "completed") const;

  private:
    std::vector<std::string> arguments;
    unsigned int processes;
    std::string start_utc;
    std::chrono::steady_clock::time_point start;
  };
} // namespace bmgcreep::app
