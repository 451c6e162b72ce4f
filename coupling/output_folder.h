// Output folders that are safe to share with a user's own files and with other runs:
// - an exclusive lock (flock on DIR/.bmgcreep-lock) held while a run writes, so two runs
//   never mix their files in one folder (the kernel releases it when the process ends,
//   however it ends);
// - a manifest (DIR/.bmgcreep-manifest) of every file this program wrote there: a rerun
//   removes exactly those, never a file by a name pattern;
// - a refusal before any work when a file this run would write already exists and is not in
//   the manifest (a user's file of the same name);
// - an owner: the manifest's first line names the command and deck that write the folder
//   ("# owner: bmgcreep point /abs/holds.prm"); a run of another command or deck into a folder
//   that holds the owner's outputs refuses before any work, so one run never removes another's
//   results; a rerun of the same command and deck replaces only its own files;
// - removal only of regular files reached without a symbolic link on the way (a manifest line
//   through a link never removes a file outside the folder).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bmgcreep
{
  inline constexpr const char *manifest_name = ".bmgcreep-manifest";
  inline constexpr const char *lock_name = ".bmgcreep-lock";

  /// The record every run leaves in its output folder: run.log (everything it printed, step
  /// lines too), deck-used.prm (its effective deck) and provenance.json (program, libraries,
  /// command line, host, start, wall time, processes).
  inline bool is_run_record_name(const std::string &name)
  {
    return name == "run.log" || name == "deck-used.prm" || name == "provenance.json";
  }

  /// The owner line of a run: the command and its deck, absolute and normalised
  /// ("bmgcreep point /work/cases/zhang2017/holds.prm"); several decks are listed in order.
  std::string run_owner(const std::string &command, const std::vector<std::string> &decks);

  /// Claims `dir` for `owner`: refuses (std::runtime_error, one line naming both) when the
  /// manifest lists outputs of another owner; records the owner otherwise (a manifest without
  /// an owner, of a version before owners, is adopted). Returns true if it wrote a manifest
  /// where there was none.
  bool claim_output_folder(const std::string &dir, const std::string &owner);

  /// Holds the exclusive lock on an output folder (created if missing) for its lifetime, and
  /// claims it for `owner` (claim_output_folder; "" claims nothing: `md --statistics`, which
  /// writes two tables beside a campaign's). Throws std::runtime_error naming the folder when it
  /// is a file, cannot be created, another process holds the lock, or another run owns it.
  class OutputLock
  {
  public:
    OutputLock(const std::string &dir, const std::string &owner);
    ~OutputLock();
    OutputLock(const OutputLock &) = delete;
    OutputLock &operator=(const OutputLock &) = delete;

  private:
    int fd = -1;
    bool created = false;          ///< the folder did not exist before
    bool manifest_created = false; ///< the claim wrote the manifest
    std::string folder;
  };

  /// True if dir/name is a regular file reached from `dir` without a symbolic link on the way
  /// (name relative, no "..").
  bool is_plain_file_inside(const std::string &dir, const std::string &name);

  /// Names (relative to `dir`, one path component or a/b) that the manifest lists; empty if none.
  std::vector<std::string> manifest(const std::string &dir);

  /// Writes the manifest of `dir` (atomically) to list exactly `names`, keeping its owner line.
  void write_manifest(const std::string &dir, const std::vector<std::string> &names);

  /// Records `name` in the manifest of `dir` (rewritten atomically); a name already listed is kept once.
  void add_to_manifest(const std::string &dir, const std::string &name);

  /// Removes the regular files the manifest lists (an earlier run's outputs; only those
  /// is_plain_file_inside) and empties it (the owner stays).
  void remove_listed_outputs(const std::string &dir);

  /// Throws std::runtime_error (one line naming the file) if `dir` holds a regular file for
  /// which `is_output_name(name)` is true that the manifest does not list: this run would
  /// overwrite or remove a file it did not write.
  void refuse_foreign_outputs(const std::string &dir, const std::function<bool(const std::string &)> &is_output_name);

  /// add_to_manifest, then write_file_atomically(dir/name).
  void write_output(const std::string &dir, const std::string &name, const std::string &content);

  /// All of a run's outputs or none: they are made in a sibling folder `<final>.partial` (the
  /// same depth, so relative paths in the files written there hold) and moved into `final`
  /// by commit(), after which the files an earlier run listed in the manifest and this run did
  /// not make are removed, so none is stale. A `.partial` folder of an earlier, killed run (it
  /// holds the marker file `.bmgcreep-staging`) is replaced; any other is refused. Without
  /// commit() (an error), the staging folder goes and `final` is left as it was.
  class StagingFolder
  {
  public:
    /// `command` names the program in the messages ("bmgcreep calibrate"); `owner` (run_owner)
    /// claims the final folder (claim_output_folder). Throws std::runtime_error when
    /// `<final>.partial` exists and is not a staging folder, or another run owns `final`.
    StagingFolder(const std::string &final, const std::string &command, const std::string &owner);
    ~StagingFolder();
    StagingFolder(const StagingFolder &) = delete;
    StagingFolder &operator=(const StagingFolder &) = delete;

    const std::string &path() const { return staging; } ///< where to write
    const std::string &final_path() const { return final_folder; }
    /// Moves every regular file made in path() into final_path() (manifest first, then the
    /// renames, then the earlier run's files this run did not make removed). Across file
    /// systems (a final folder that is a mount point) each file is copied beside its final name
    /// and renamed there. If the move fails all the same, the staging folder is kept and the
    /// error (std::runtime_error) says where the results are.
    void commit();

  private:
    std::string final_folder, staging, owner;
    bool keep = false; ///< a failed commit keeps the staged results
  };
} // namespace bmgcreep
