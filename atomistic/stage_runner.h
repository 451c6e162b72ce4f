// The stages of one MD sample and their sealed record (stages.done): each stage a LAMMPS input
// run from its parent's restart, fingerprinted (its input without the sample folder's path, its
// analysis, its parent's fingerprint back to the potential file) and recorded with the size and
// CRC-32 of each file it left, so that a rerun skips what is done and refuses what another deck
// made (docs/integrity.md, "MD campaigns").
#pragma once

#include "atomistic/lammps_session.h"
#include "atomistic/md_parameters.h"

#include <mpi.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// Thrown when the stage MdParameters::until is complete.
  struct StopAfterStage
  {
  };

  /// What stages.done keeps of one completed stage: its fingerprint (CRC-32 of the LAMMPS
  /// input it ran, with the sample folder's path taken out, its analysis and its parent's
  /// fingerprint: a chain back to the potential file) and the size and CRC-32 of each file it
  /// left for later stages and tables.
  struct StageRecord
  {
    std::string name, fingerprint;
    struct File
    {
      std::string name, crc;
      unsigned long long bytes = 0;
    };
    std::vector<File> files;
  };

  constexpr const char *stage_records_format = "bmgcreep md stage records 2";

  /// Runs the stages of one sample in its directory: each from its parent's restart file,
  /// skipped when stages.done records it with the same fingerprint and unchanged files. A
  /// completed stage whose fingerprint differs (the deck changed a value it was run with) is
  /// refused with the changed keys, never rerun over or mixed with stages of another deck.
  /// With `mode` = write, only writes the stage inputs; with `mode` = load, refuses to run
  /// anything (all stages must be complete).
  class StageRunner
  {
  public:
    enum class Mode
    {
      run,
      write,
      load
    };

    /// `potential_crc`: the potential file's CRC-32, the root of every stage's fingerprint.
    StageRunner(MPI_Comm comm_, const MdParameters &p_, const std::string &potential_crc_, const std::string &dir_,
                const unsigned int sample_, std::ostream *progress_, const Mode mode_);

    bool done(const std::string &name) const { return record_of(name) != nullptr; }

    std::string path(const std::string &file) const { return dir + "/" + file; }

    /// The stage `name`: the lines of `body` after the prelude from `parent`'s restart (none
    /// for the first stage), then `after` (analysis through the library, described by
    /// `analysis` for the fingerprint), then the restart. `outputs`: the files (in the sample
    /// folder) the stage writes besides its restart and data file, checksummed in its record.
    void run(const std::string &name, const std::string &parent, const std::vector<std::string> &body,
             const std::vector<std::string> &outputs = {}, const std::string &analysis = "",
             const std::function<void(LammpsSession &)> &after = {});

    std::vector<std::string> ran, skipped;
    Mode mode;
    int rank = 0;

  private:
    const StageRecord *record_of(const std::string &name) const;

    /// The fingerprint of a stage's input: what it runs (the sample folder's own path and
    /// quotes taken out, so that a moved or renamed campaign still matches), what it analyses, and its parent's
    /// fingerprint (the first stage's parent: the potential file's CRC-32).
    std::string fingerprint_of(const std::string &name, const std::string &parent, const std::vector<std::string> &lines,
                               const std::string &analysis);

    /// Refuses a recorded stage that another deck made, or whose files changed since.
    void check(const StageRecord &r, const std::string &fingerprint) const;

    void read_records();

    /// stages.done, sealed: the deck values of this run, then one line per completed stage.
    void write_records() const;

    MPI_Comm comm;
    const MdParameters &p;
    std::string dir;
    unsigned int sample;
    std::ostream *progress;
    std::string potential_crc;
    std::vector<StageRecord> records;
    std::vector<std::string> recorded_deck;
    std::map<std::string, std::string> fingerprints;
    std::unique_ptr<LammpsSession> lmp;
  };
} // namespace bmgcreep::atomistic
