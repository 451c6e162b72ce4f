#include "coupling/console.h"

#include <iostream>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <sstream>

#include <unistd.h>

namespace bmgcreep
{
  /// Collects characters and hands each complete line to the console.
  class Console::LineBuffer : public std::streambuf
  {
  public:
    explicit LineBuffer(Console &c) : console(c) {}
    std::string pending;

  protected:
    int_type overflow(int_type ch) override
    {
      if (ch == traits_type::eof())
        return traits_type::not_eof(ch);
      if (ch == '\n')
        {
          console.line(pending);
          pending.clear();
        }
      else
        pending.push_back(static_cast<char>(ch));
      return ch;
    }
    std::streamsize xsputn(const char *s, std::streamsize n) override
    {
      for (std::streamsize i = 0; i < n; ++i)
        overflow(traits_type::to_int_type(s[i]));
      return n;
    }

  private:
    Console &console;
  };

  Console::Console(std::ostream &screen_, const Options &options_)
    : std::ostream(nullptr), buffer(std::make_unique<LineBuffer>(*this)), screen(screen_), options(options_)
  {
    rdbuf(buffer.get());
  }

  Console::~Console()
  {
    if (!buffer->pending.empty()) // a last line without its newline
      line(buffer->pending);
    erase_bar();
  }

  bool Console::draws_bars(const bool stdout_is_tty, const char *term, const bool launched, const char *progress)
  {
    if (progress && std::strcmp(progress, "lines") == 0)
      return false;
    if (!stdout_is_tty || (term && std::strcmp(term, "dumb") == 0))
      return false;
    return !launched || (progress && std::strcmp(progress, "bar") == 0);
  }

  bool Console::progress_bars_wanted()
  {
    // OpenMPI (OMPI_COMM_WORLD_SIZE), PMIx (PMIX_RANK), MPICH's Hydra, Intel MPI and srun with
    // PMI (PMI_RANK, PMI_SIZE): any of them means a launcher owns the output.
    bool launched = false;
    for (const char *v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
      launched = launched || std::getenv(v) != nullptr;
    return draws_bars(isatty(STDOUT_FILENO) == 1, std::getenv("TERM"), launched, std::getenv("BMGCREEP_PROGRESS"));
  }

  void Console::line(const std::string &text)
  {
    log_text += text;
    log_text += '\n';
    if (options.quiet)
      return;
    erase_bar();
    screen << text << '\n' << std::flush;
  }

  void Console::warning(const std::string &text)
  {
    flush(); // what was printed before comes first
    log_text += text;
    log_text += '\n';
    erase_bar();
    std::cerr << text << '\n' << std::flush;
  }

  void Console::step(const std::string &text)
  {
    log_text += text;
    log_text += '\n';
    if (options.quiet || !options.verbose)
      return;
    erase_bar();
    screen << text << '\n' << std::flush;
  }

  void Console::erase_bar()
  {
    if (!bar_shown)
      return;
    screen << "\r\033[K" << std::flush; // back to the line's start, erase to its end
    bar_shown = false;
  }

  void Console::bar(const std::string &label, const double done, const std::string &detail, const double done_for_eta)
  {
    if (options.quiet || options.verbose || !options.terminal)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (label != bar_label)
      {
        bar_label = label;
        bar_start = now;
        bar_drawn = {};
      }
    else if (now - bar_drawn < std::chrono::milliseconds(100) && done < 1.0)
      return;
    bar_drawn = now;
    const double f = std::clamp(done, 0.0, 1.0), g = std::clamp(done_for_eta, 0.0, 1.0);
    constexpr int width = 24;
    const int filled = static_cast<int>(std::lround(f * width));
    std::ostringstream out;
    out << "\r\033[K" << label;
    if (done >= 0.0) // else a stage whose end is not known ahead: no bar
      out << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << std::setw(3)
          << std::lround(100.0 * f) << " %";
    out << "  " << detail;
    const double elapsed = std::chrono::duration<double>(now - bar_start).count();
    if (done_for_eta >= 0.0 && g > 0.02 && g < 1.0 && elapsed > 1.0)
      {
        const double left = elapsed * (1.0 - g) / g;
        out << "  ETA ";
        if (left < 90.0)
          out << std::lround(left) << " s";
        else
          out << std::fixed << std::setprecision(1) << left / 60.0 << " min";
      }
    screen << out.str() << std::flush;
    bar_shown = true;
  }
} // namespace bmgcreep
