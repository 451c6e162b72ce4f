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
  namespace
  {
    const std::string owner_prefix = "# owner: ";

    /// The manifest's owner line's text, "" without one.
    std::string read_owner(const std::string &dir)
    {
      std::ifstream in(std::filesystem::path(dir) / manifest_name);
      std::string line;
      if (std::getline(in, line) && line.rfind(owner_prefix, 0) == 0)
        return line.substr(owner_prefix.size());
      return "";
    }

    void write_manifest_with_owner(const std::string &dir, const std::string &owner, const std::vector<std::string> &names)
    {
      std::string text = owner.empty() ? "" : owner_prefix + owner + "\n";
      for (const auto &n : names)
        text += n + "\n";
      write_file_atomically((std::filesystem::path(dir) / manifest_name).string(), text);
    }
  } // namespace

  std::string run_owner(const std::string &command, const std::vector<std::string> &decks)
  {
    std::string owner = command;
    for (const std::string &d : decks)
      {
        std::error_code ec;
        std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(d), ec);
        if (ec)
          p = std::filesystem::absolute(d).lexically_normal();
        owner += " " + p.string();
      }
    for (char &c : owner) // one line
      if (c == '\n' || c == '\r')
        c = ' ';
    return owner;
  }

  bool claim_output_folder(const std::string &dir, const std::string &owner)
  {
    if (owner.empty())
      return false;
    const std::filesystem::path path = std::filesystem::path(dir) / manifest_name;
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    const std::string theirs = read_owner(dir);
    const std::vector<std::string> names = manifest(dir);
    if (!theirs.empty() && theirs != owner && !names.empty())
      throw std::runtime_error(dir + ": holds the outputs of `" + theirs + "` (" + manifest_name + "), this run is `" +
                               owner + "`: a folder belongs to one command and deck; choose another --output");
    if (theirs != owner)
      write_manifest_with_owner(dir, owner, names);
    return !existed;
  }

  bool is_plain_file_inside(const std::string &dir, const std::string &name)
  {
    const std::filesystem::path rel(name);
    if (name.empty() || rel.is_absolute())
      return false;
    std::filesystem::path p(dir);
    std::error_code ec;
    std::size_t left = std::distance(rel.begin(), rel.end());
    for (const auto &part : rel)
      {
        if (part == ".." || part == "." || part.empty())
          return false;
        p /= part;
        const auto st = std::filesystem::symlink_status(p, ec);
        if (ec)
          return false;
        if (--left > 0 ? st.type() != std::filesystem::file_type::directory : st.type() != std::filesystem::file_type::regular)
          return false;
      }
    return true;
  }

  OutputLock::OutputLock(const std::string &dir, const std::string &owner)
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
    try
      {
        manifest_created = claim_output_folder(dir, owner);
      }
    catch (...)
      {
        ::close(fd);
        fd = -1;
        throw;
      }
  }

  OutputLock::~OutputLock()
  {
    if (fd < 0)
      return;
    // A folder this run created and left with nothing but the lock (a run that failed before
    // writing anything) goes, so a refused run leaves no output behind.
    // The same for the manifest a claim wrote if no output came to be listed in it.
    std::error_code ec;
    const bool unused_manifest = manifest_created && manifest(folder).empty();
    if (unused_manifest)
      std::filesystem::remove(std::filesystem::path(folder) / manifest_name, ec);
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
      if (!line.empty() && line.front() != '#' && line.find("..") == std::string::npos && line.front() != '/')
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
    write_manifest_with_owner(dir, read_owner(dir), names);
  }

  void remove_listed_outputs(const std::string &dir)
  {
    std::error_code ec;
    const std::vector<std::string> names = manifest(dir);
    for (auto it = names.rbegin(); it != names.rend(); ++it) // the last written (a summary) first
      {
        const std::string &name = *it;
        if (is_plain_file_inside(dir, name))
          std::filesystem::remove(std::filesystem::path(dir) / name, ec);
      }
    write_manifest(dir, {}); // the owner stays
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

  StagingFolder::StagingFolder(const std::string &final, const std::string &command, const std::string &owner)
    : final_folder(final), owner(owner)
  {
    std::filesystem::path dir = std::filesystem::absolute(final).lexically_normal();
    if (dir.filename().empty()) // "results/fit/" or "."
      dir = dir.parent_path();
    const std::string where = (dir.parent_path() / (dir.filename().string() + ".partial")).string();
    // One this command made (a killed run's) is replaced, anything else refused.
    if (std::filesystem::exists(where) && !std::filesystem::exists(std::filesystem::path(where) / staging_marker))
      throw std::runtime_error(where + ": exists and was not made by " + command + " (no " + staging_marker +
                               " in it): move it, or choose another --output");
    if (std::filesystem::is_directory(final))
      claim_output_folder(final, owner);
    std::filesystem::remove_all(where);
    std::filesystem::create_directories(where);
    staging = where;
    write_file_atomically(where + "/" + staging_marker, "staging folder of " + command + "\n");
  }

  StagingFolder::~StagingFolder()
  {
    std::error_code ignored;
    if (!staging.empty() && !keep)
      std::filesystem::remove_all(staging, ignored);
  }

  void StagingFolder::commit()
  {
    // Each file replaces an earlier run's (rename replaces atomically), then this command's
    // files that this run did not make go.
    std::filesystem::create_directories(final_folder);
    claim_output_folder(final_folder, owner);
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
    try
      {
        for (const auto &name : made)
          {
            const auto from = std::filesystem::path(staging) / name, to = std::filesystem::path(final_folder) / name;
            std::error_code ec;
            std::filesystem::rename(from, to, ec);
            if (ec == std::errc::cross_device_link) // another file system: copy beside, then rename there
              {
                const auto beside = std::filesystem::path(final_folder) / (name + ".tmp." + std::to_string(::getpid()));
                std::filesystem::copy_file(from, beside, std::filesystem::copy_options::overwrite_existing);
                std::filesystem::rename(beside, to);
                std::filesystem::remove(from);
              }
            else if (ec)
              throw std::filesystem::filesystem_error("rename", from, to, ec);
          }
      }
    catch (const std::exception &e)
      {
        keep = true;
        throw std::runtime_error("could not move the results into " + final_folder + " (" + e.what() +
                                 "); they are kept in " + staging);
      }
    for (const auto &name : previous) // an earlier run's outputs that this run did not make
      if (std::find(made.begin(), made.end(), name) == made.end() && is_plain_file_inside(final_folder, name))
        {
          std::error_code ignored;
          std::filesystem::remove(std::filesystem::path(final_folder) / name, ignored);
        }
    write_manifest(final_folder, made);
  }
} // namespace bmgcreep
