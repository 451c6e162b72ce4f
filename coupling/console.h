// What a run prints, and its log. Three kinds of output:
// - lines (one per stage, condition or hold, and the closing summary): on the screen unless
//   --quiet, and in the log;
// - step lines (one per accepted time step): in the log always, on the screen only with
//   --verbose;
// - a progress bar (stage, time done, % done, an estimate of the time left): on a terminal
//   only, one line rewritten in place and erased before the next line; never on a pipe or in
//   a file, so output that is not a terminal holds no control characters (under mpirun, whose
//   processes all see a pseudo-terminal, only when asked: progress_bars_wanted below).
// The console is an std::ostream: a module writes `*console << ... << '\n'` and each complete
// line becomes a line as above. The log (run.log) is kept in memory and written by the caller
// into the output folder when the run ends, whether it ends well or with an error.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace bmgcreep
{
  class Console : public std::ostream
  {
  public:
    struct Options
    {
      bool quiet = false;    ///< no lines on the screen (the log keeps them)
      bool verbose = false;  ///< step lines on the screen too
      bool terminal = false; ///< the screen is a terminal: progress bars drawn in place
    };

    Console(std::ostream &screen, const Options &options);
    ~Console() override;
    Console(const Console &) = delete;
    Console &operator=(const Console &) = delete;

    /// A warning line (without the newline): on standard error even with `quiet`, and in the log.
    void warning(const std::string &text);

    /// One step line (without the newline).
    void step(const std::string &text);

    /// The progress of a stage: `label` (e.g. "hold 0.70"), `done` in [0, 1], `detail` (e.g.
    /// "12.3 h of 48 h"), and `done_for_eta` in [0, 1], the share of the stage's work done,
    /// for the estimate of the time left (it may differ from `done`: a hold's time steps
    /// grow, so its late hours cost less than its first). A negative `done` draws no bar (a
    /// stage whose end is not known ahead), a negative `done_for_eta` no estimate. Drawn at
    /// most 10 times a second.
    void bar(const std::string &label, double done, const std::string &detail, double done_for_eta);

    /// Everything printed so far, step lines included (the text of run.log).
    const std::string &log() const { return log_text; }

    /// Whether progress bars may be drawn: standard output is a terminal, TERM is not "dumb",
    /// and the process was not started by an MPI launcher. OpenMPI's mpirun gives every process
    /// a pseudo-terminal even when its own output goes to a file or a pipe, so under a launcher
    /// a terminal cannot be told from a log file: plain lines there. The environment variable
    /// BMGCREEP_PROGRESS overrides: `bar` draws bars on any terminal (an interactive mpirun),
    /// `lines` never draws them.
    static bool progress_bars_wanted();

    /// The same decision from its inputs (for tests): `progress` is BMGCREEP_PROGRESS (null
    /// if unset), `launched` whether an MPI launcher's variables are set.
    static bool draws_bars(bool stdout_is_tty, const char *term, bool launched, const char *progress);

  private:
    class LineBuffer;
    void line(const std::string &text); ///< a complete line without its newline
    void erase_bar();

    std::unique_ptr<LineBuffer> buffer;
    std::ostream &screen;
    Options options;
    std::string log_text;
    bool bar_shown = false;
    std::string bar_label;
    std::chrono::steady_clock::time_point bar_start, bar_drawn;
  };
} // namespace bmgcreep
