#include "coupling/output_folder.h"

#include "coupling/atomic_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace bmgcreep
{
  OutputLock::OutputLock(const std::string &dir)
  {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
      throw std::runtime_error(dir + ": names a file, not a folder: choose a folder for the outputs");
    created = !std::filesystem::exists(dir, ec);
    std::filesystem::create_directories(dir, ec);
    if (ec)
      throw std::runtime_error(dir + ": cannot create output directory: " + ec.message());
    folder = dir;
    const std::string path = (std::filesystem::path(dir) / lock_name).string();
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw std::runtime_error(path + ": cannot open the output folder's lock file: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
      {
        char pid[32] = {0};
        const ssize_t n = ::pread(fd, pid, sizeof(pid) - 1, 0);
        ::close(fd);
        fd = -1;
        std::string holder = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : std::string();
        holder.erase(std::remove(holder.begin(), holder.end(), '\n'), holder.end());
        throw std::runtime_error(dir + ": another bmgcreep run" + (holder.empty() ? "" : " (process " + holder + ")") +
                                 " is writing this output folder: wait for it, or choose another --output");
      }
    const std::string me = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0)
      {
        [[maybe_unused]] const ssize_t w = ::pwrite(fd, me.data(), me.size(), 0);
      }
  }

  OutputLock::~OutputLock()
  {
    if (fd < 0)
      return;
    // A folder this run created and left with nothing but the lock (a run that failed before
    // writing anything) goes, so a refused run leaves no output behind.
    std::error_code ec;
    bool only_lock = created;
    if (created)
      for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
        only_lock = only_lock && entry.path().filename() == lock_name;
    if (only_lock && !ec)
      {
        std::filesystem::remove(std::filesystem::path(folder) / lock_name, ec);
        std::filesystem::remove(folder, ec);
      }
    ::close(fd); // releases the lock
  }

  std::vector<std::string> manifest(const std::string &dir)
  {
    std::vector<std::string> names;
    std::ifstream in(std::filesystem::path(dir) / manifest_name);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty() && line.find("..") == std::string::npos && line.front() != '/')
        names.push_back(line);
    return names;
  }

  void add_to_manifest(const std::string &dir, const std::string &name)
  {
    std::vector<std::string> names = manifest(dir);
    if (std::find(names.begin(), names.end(), name) != names.end())
      return;
    names.push_back(name);
    write_manifest(dir, names);
  }

  void write_manifest(const std::string &dir, const std::vector<std::string> &names)
  {
    std::string text;
    for (const auto &n : names)
      text += n + "\n";
    write_file_atomically((std::filesystem::path(dir) / manifest_name).string(), text);
  }

  void remove_listed_outputs(const std::string &dir)
  {
    std::error_code ec;
    const std::vector<std::string> names = manifest(dir);
    for (auto it = names.rbegin(); it != names.rend(); ++it) // the last written (a summary) first
      {
        const std::string &name = *it;
        const auto p = std::filesystem::path(dir) / name;
        if (std::filesystem::is_regular_file(std::filesystem::symlink_status(p, ec)))
          std::filesystem::remove(p, ec);
      }
    std::filesystem::remove(std::filesystem::path(dir) / manifest_name, ec);
  }

  void refuse_foreign_outputs(const std::string &dir, const std::function<bool(const std::string &)> &is_output_name)
  {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
      return;
    const std::vector<std::string> ours = manifest(dir);
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec))
      {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || !is_output_name(name))
          continue;
        if (std::find(ours.begin(), ours.end(), name) == ours.end())
          throw std::runtime_error(entry.path().string() +
                                   ": exists and was not written by bmgcreep into this folder (it is not in " +
                                   manifest_name + "): this run would replace or remove it; move it, or choose another --output");
      }
  }

  void write_output(const std::string &dir, const std::string &name, const std::string &content)
  {
    add_to_manifest(dir, name);
    write_file_atomically((std::filesystem::path(dir) / name).string(), content);
  }

  namespace
  {
    const std::string staging_marker = ".bmgcreep-staging";
  } // namespace

  StagingFolder::StagingFolder(const std::string &final, const std::string &command) : final_folder(final)
  {
    std::filesystem::path dir = std::filesystem::absolute(final).lexically_normal();
    if (dir.filename().empty()) // "results/fit/" or "."
      dir = dir.parent_path();
    const std::string where = (dir.parent_path() / (dir.filename().string() + ".partial")).string();
    // One this command made (a killed run's) is replaced, anything else refused.
    if (std::filesystem::exists(where) && !std::filesystem::exists(std::filesystem::path(where) / staging_marker))
      throw std::runtime_error(where + ": exists and was not made by " + command + " (no " + staging_marker +
                               " in it): move it, or choose another --output");
    std::filesystem::remove_all(where);
    std::filesystem::create_directories(where);
    staging = where;
    write_file_atomically(where + "/" + staging_marker, "staging folder of " + command + "\n");
  }

  StagingFolder::~StagingFolder()
  {
    std::error_code ignored;
    if (!staging.empty())
      std::filesystem::remove_all(staging, ignored);
  }

  void StagingFolder::commit()
  {
    // Each file replaces an earlier run's (rename replaces atomically), then this command's
    // files that this run did not make go.
    std::filesystem::create_directories(final_folder);
    std::vector<std::string> made;
    for (const auto &entry : std::filesystem::directory_iterator(staging))
      {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.find(".tmp") == std::string::npos && name.rfind(".bmgcreep", 0) != 0)
          made.push_back(name);
      }
    std::sort(made.begin(), made.end());
    const std::vector<std::string> previous = manifest(final_folder);
    {
      // listed before they are there: the manifest never misses a file
      std::vector<std::string> listed = previous;
      for (const auto &name : made)
        if (std::find(listed.begin(), listed.end(), name) == listed.end())
          listed.push_back(name);
      write_manifest(final_folder, listed);
    }
    for (const auto &name : made)
      std::filesystem::rename(std::filesystem::path(staging) / name, std::filesystem::path(final_folder) / name);
    for (const auto &name : previous) // an earlier run's outputs that this run did not make
      if (std::find(made.begin(), made.end(), name) == made.end())
        {
          std::error_code ignored;
          std::filesystem::remove(std::filesystem::path(final_folder) / name, ignored);
        }
    write_manifest(final_folder, made);
  }
} // namespace bmgcreep
