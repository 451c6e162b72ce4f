// Output folders that are safe to share with a user's own files and with other runs:
// - an exclusive lock (flock on DIR/.bmgcreep-lock) held while a run writes, so two runs
//   never mix their files in one folder (the kernel releases it when the process ends,
//   however it ends);
// - a manifest (DIR/.bmgcreep-manifest) of every file this program wrote there: a rerun
//   removes exactly those, never a file by a name pattern;
// - a refusal before any work when a file this run would write already exists and is not in
//   the manifest (a user's file of the same name).
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

  /// Holds the exclusive lock on an output folder (created if missing) for its lifetime.
  /// Throws std::runtime_error naming the folder when it is a file, cannot be created, or
  /// another process holds the lock.
  class OutputLock
  {
  public:
    explicit OutputLock(const std::string &dir);
    ~OutputLock();
    OutputLock(const OutputLock &) = delete;
    OutputLock &operator=(const OutputLock &) = delete;

  private:
    int fd = -1;
    bool created = false; ///< the folder did not exist before
    std::string folder;
  };

  /// Names (relative to `dir`, one path component or a/b) that the manifest lists; empty if none.
  std::vector<std::string> manifest(const std::string &dir);

  /// Writes the manifest of `dir` (atomically) to list exactly `names`.
  void write_manifest(const std::string &dir, const std::vector<std::string> &names);

  /// Records `name` in the manifest of `dir` (rewritten atomically); a name already listed is kept once.
  void add_to_manifest(const std::string &dir, const std::string &name);

  /// Removes the regular files the manifest lists (an earlier run's outputs) and empties it.
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
    /// `command` names the program in the messages ("bmgcreep calibrate"). Throws
    /// std::runtime_error when `<final>.partial` exists and is not a staging folder.
    StagingFolder(const std::string &final, const std::string &command);
    ~StagingFolder();
    StagingFolder(const StagingFolder &) = delete;
    StagingFolder &operator=(const StagingFolder &) = delete;

    const std::string &path() const { return staging; } ///< where to write
    const std::string &final_path() const { return final_folder; }
    /// Moves every regular file made in path() into final_path() (manifest first, then the
    /// renames, then the earlier run's files this run did not make removed).
    void commit();

  private:
    std::string final_folder, staging;
  };
} // namespace bmgcreep
