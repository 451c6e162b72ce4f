#include "atomistic/stage_runner.h"

#include "atomistic/md_stages.h"
#include "coupling/atomic_file.h"
#include "coupling/text.h"

#include "coupling/console.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <mutex>
#include <thread>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
    /// While a stage runs, a progress bar on a terminal (Console::bar): the rows LAMMPS has
    /// written to the stage's `fix ave/time ... file` table (it flushes every row) against the
    /// rows its `run` commands will write. Stages without such a table draw no bar. The main
    /// thread prints nothing while LAMMPS runs, so the bar has the console to itself.
    class StageWatcher
    {
    public:
      StageWatcher(std::ostream *progress, const std::string &label, const std::vector<std::string> &lines, const std::string &dir,
                   const double timestep_fs)
      {
        auto *console = dynamic_cast<Console *>(progress);
        if (!console)
          return;
        long every = 0, steps = 0;
        std::string table;
        for (const auto &l : lines)
          {
            std::istringstream in(l);
            std::vector<std::string> w{std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
            if (w.size() >= 7 && w[0] == "fix" && w[1] == "bmg_avg" && w[3] == "ave/time")
              {
                every = std::stol(w[5]);
                const auto f = std::find(w.begin(), w.end(), "file");
                if (f + 1 < w.end())
                  table = *(f + 1);
              }
            else if (w.size() == 2 && w[0] == "run" && every > 0)
              steps += std::stol(w[1]);
          }
        table.erase(std::remove_if(table.begin(), table.end(), [](const char c) { return c == '"' || c == '\''; }), table.end());
        if (every <= 0 || steps <= 0 || table.empty() || table.rfind(dir, 0) != 0)
          return;
        const long rows = steps / every;
        const double ps_per_row = every * timestep_fs * 1e-3;
        watcher = std::thread([this, console, label, table, rows, ps_per_row]() {
          std::unique_lock<std::mutex> lock(mutex);
          while (!stop.wait_for(lock, std::chrono::milliseconds(500), [this] { return finished; }))
            {
              long n = 0;
              std::ifstream in(table);
              for (std::string row; std::getline(in, row);)
                n += !row.empty() && row[0] != '#';
              std::ostringstream detail;
              detail << std::fixed << std::setprecision(0) << n * ps_per_row << " of " << rows * ps_per_row << " ps";
              console->bar(label, static_cast<double>(n) / rows, detail.str(), static_cast<double>(n) / rows);
            }
        });
      }
      ~StageWatcher()
      {
        if (!watcher.joinable())
          return;
        {
          std::lock_guard<std::mutex> lock(mutex);
          finished = true;
        }
        stop.notify_all();
        watcher.join();
      }
      StageWatcher(const StageWatcher &) = delete;
      StageWatcher &operator=(const StageWatcher &) = delete;

    private:
      std::thread watcher;
      std::mutex mutex;
      std::condition_variable stop;
      bool finished = false;
    };
  } // namespace

  StageRunner::StageRunner(MPI_Comm comm_, const MdParameters &p_, const std::string &potential_crc_, const std::string &dir_,
                           const unsigned int sample_, std::ostream *progress_, const Mode mode_)
    : mode(mode_), comm(comm_), p(p_), dir(dir_), sample(sample_), progress(progress_), potential_crc(potential_crc_)
  {
    MPI_Comm_rank(comm, &rank);
    read_records();
  }

  void StageRunner::run(const std::string &name, const std::string &parent, const std::vector<std::string> &body,
                        const std::vector<std::string> &outputs, const std::string &analysis,
                        const std::function<void(LammpsSession &)> &after)
  {
    std::vector<std::string> lines;
    if (!parent.empty())
      lines = stage_prelude(p, path(parent + ".restart"));
    lines.insert(lines.end(), body.begin(), body.end());
    const std::string fingerprint = fingerprint_of(name, parent, lines, analysis);
    const StageRecord *recorded = record_of(name);
    if (recorded)
      check(*recorded, fingerprint);
    if (mode == Mode::write)
      {
        std::string input = "# bmgcreep md: stage " + name + " of sample " + std::to_string(sample) + "\n";
        for (const auto &l : lines)
          input += l + "\n";
        if (after)
          input += "# (bmgcreep then analyses the structure: compute orientorder/atom, coord/atom, voronoi/atom)\nwrite_data " +
                   lammps_path(path(name + ".data")) + "\n";
        input += "write_restart " + lammps_path(path(name + ".restart")) + "\n";
        write_file_atomically(path(name + ".in"), input);
        return;
      }
    if (recorded)
      {
        skipped.push_back(name);
        if (name == p.until && mode == Mode::run)
          throw StopAfterStage();
        return;
      }
    if (mode == Mode::load)
      throw std::runtime_error(dir + ": stage " + name + " is not complete");
    const double start = MPI_Wtime();
    if (!lmp && !skipped.empty() && progress)
      *progress << "sample " << sample << ": resuming after stage " << skipped.back() << " (" << skipped.size()
                << " stages complete in " << dir << ")" << std::endl;
    if (!lmp)
      lmp = std::make_unique<LammpsSession>(comm);
    lmp->switch_log(path(name + ".log"));
    const std::size_t first = lmp->history().size();
    {
      StageWatcher watch(progress, "sample " + std::to_string(sample) + ": " + name, lines, dir, p.timestep);
      lmp->commands(lines);
    }
    if (after) // a stage that analyses its glass also leaves it as a data file (bmgcreep analyze, OVITO)
      {
        after(*lmp);
        lmp->command("write_data " + lammps_path(path(name + ".data")));
      }
    lmp->command("write_restart " + lammps_path(path(name + ".restart")));
    if (rank == 0)
      {
        std::string input;
        for (std::size_t i = first; i < lmp->history().size(); ++i)
          input += lmp->history()[i] + "\n";
        write_file_atomically(path(name + ".in"), input);
        StageRecord r{name, fingerprint, {}};
        std::vector<std::string> files = outputs;
        if (after)
          files.push_back(name + ".data");
        files.push_back(name + ".restart");
        for (const auto &f : files)
          {
            StageRecord::File file{f, "", 0};
            file.crc = file_crc32_hex(path(f), file.bytes);
            r.files.push_back(file);
          }
        records.push_back(r);
        write_records(); // the stage counts once this is written
      }
    MPI_Barrier(comm);
    ran.push_back(name);
    if (progress)
      *progress << "sample " << sample << ": stage " << name << " done in " << std::lround(10.0 * (MPI_Wtime() - start)) / 10.0 << " s ("
                << path(name + ".restart") << ")" << std::endl;
    if (name == p.until)
      throw StopAfterStage();
  }

  const StageRecord *StageRunner::record_of(const std::string &name) const
  {
    for (const auto &r : records)
      if (r.name == name)
        return &r;
    return nullptr;
  }

  std::string StageRunner::fingerprint_of(const std::string &name, const std::string &parent, const std::vector<std::string> &lines,
                                          const std::string &analysis)
  {
    std::string text = "parent " + (parent.empty() ? "potential " + potential_crc : fingerprints.at(parent)) + "\n";
    const std::string own = dir + "/";
    for (std::string l : lines)
      {
        for (auto at = l.find(own); at != std::string::npos; at = l.find(own, at))
          l.erase(at, own.size());
        // Quotes come only from lammps_path (a folder with a blank): not part of the input's meaning.
        l.erase(std::remove_if(l.begin(), l.end(), [](const char c) { return c == '"' || c == '\''; }), l.end());
        text += l + "\n";
      }
    text += "analysis " + analysis + "\n";
    return fingerprints[name] = crc32_hex(text);
  }

  void StageRunner::check(const StageRecord &r, const std::string &fingerprint) const
  {
    const std::string where = path("stages.done");
    if (r.fingerprint != fingerprint)
      {
        std::string changed;
        for (const auto &now : p.deck_values)
          {
            const std::string key = now.substr(0, now.find(" = "));
            std::string before = "(not recorded)";
            for (const auto &then : recorded_deck)
              if (then.substr(0, then.find(" = ")) == key)
                before = then.substr(then.find(" = ") + 3);
            const std::string value = now.substr(now.find(" = ") + 3);
            if (before != value)
              changed += (changed.empty() ? "" : ", ") + key + " (" + printable(before, 40) + " -> " + printable(value, 40) + ")";
          }
        throw std::invalid_argument(
          where + ": stage " + r.name + " was run with other input than this deck gives" +
          (changed.empty() ? std::string(" (no deck key changed: the potential file, the measured yield or bmgcreep's stage commands did)")
                           : ": changed " + changed) +
          "; completed stages are not rerun with new values nor mixed with them: restore the values, or run in a new --output folder");
      }
    for (const auto &f : r.files)
      {
        const std::string file = path(f.name);
        unsigned long long bytes = 0;
        std::string crc;
        try
          {
            crc = file_crc32_hex(file, bytes);
          }
        catch (const std::runtime_error &)
          {
            throw std::runtime_error(file + ": missing, but stage " + r.name + " recorded it in " + where +
                                     ": the campaign cannot resume from this stage: run it in a new --output folder");
          }
        if (bytes != f.bytes || crc != f.crc)
          throw std::runtime_error(file + ": changed since stage " + r.name + " wrote it (" + std::to_string(bytes) + " bytes, CRC-32 " +
                                   crc + "; " + where + " records " + std::to_string(f.bytes) + " bytes, CRC-32 " + f.crc +
                                   "): the campaign cannot resume from this stage: run it in a new --output folder");
      }
  }

  void StageRunner::read_records()
  {
    const std::string where = path("stages.done");
    if (!std::filesystem::exists(where))
      return;
    const std::string content = read_file(where);
    if (content.rfind("bmgcreep-record ", 0) != 0)
      throw std::runtime_error(where + ": stage records of an earlier bmgcreep (no fingerprints or checksums): they cannot be "
                                       "checked against this deck: run the campaign in a new --output folder");
    std::istringstream in(unseal(where, content));
    std::string line;
    if (!std::getline(in, line) || line != stage_records_format)
      throw std::runtime_error(where + ": not a stage record of this bmgcreep (first line \"" + printable(line, 40) + "\")");
    for (int n = 2; std::getline(in, line); ++n)
      if (line.rfind("deck ", 0) == 0)
        recorded_deck.push_back(line.substr(5));
      else if (line.rfind("stage ", 0) == 0)
        {
          std::istringstream f(line.substr(6));
          StageRecord r;
          f >> r.name >> r.fingerprint;
          StageRecord::File file;
          while (f >> file.name >> file.bytes >> file.crc)
            r.files.push_back(file);
          if (r.fingerprint.size() != 8 || !f.eof())
            throw std::runtime_error(where + ":" + std::to_string(n) + ": damaged stage record");
          records.push_back(r);
        }
      else
        throw std::runtime_error(where + ":" + std::to_string(n) + ": damaged stage record");
  }

  void StageRunner::write_records() const
  {
    std::string text = std::string(stage_records_format) + "\n";
    for (const auto &v : p.deck_values)
      text += "deck " + v + "\n";
    for (const auto &r : records)
      {
        text += "stage " + r.name + " " + r.fingerprint;
        for (const auto &f : r.files)
          text += " " + f.name + " " + std::to_string(f.bytes) + " " + f.crc;
        text += "\n";
      }
    write_file_atomically(path("stages.done"), seal(text));
  }
} // namespace bmgcreep::atomistic
