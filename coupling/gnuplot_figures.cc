#include "coupling/gnuplot_figures.h"

#include "coupling/atomic_file.h"

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace bmgcreep
{
  std::string gnuplot_quoted(const std::string &text)
  {
    std::string out;
    for (const char c : text)
      out += c == '\'' ? std::string("''") : std::string(1, c);
    return out;
  }

  bool gnuplot_installed()
  {
    const char *path = std::getenv("PATH");
    const std::string dirs = path ? path : "/usr/bin:/bin";
    for (std::size_t begin = 0; begin <= dirs.size();)
      {
        const std::size_t end = std::min(dirs.find(':', begin), dirs.size());
        const std::string dir = end > begin ? dirs.substr(begin, end - begin) : std::string(".");
        if (::access((dir + "/gnuplot").c_str(), X_OK) == 0)
          return true;
        begin = end + 1;
      }
    return false;
  }

  bool is_png_image(const std::string &path, unsigned int *width, unsigned int *height)
  {
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 24> head{};
    if (!in.read(reinterpret_cast<char *>(head.data()), head.size()))
      return false;
    // The signature, then the first chunk: its length (13), its type IHDR, width and height
    // (big-endian, each 4 bytes).
    const std::array<unsigned char, 16> start = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a,
                                                 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    for (std::size_t i = 0; i < start.size(); ++i)
      if (head[i] != start[i])
        return false;
    const auto big_endian = [&](const std::size_t at) {
      return (unsigned int)head[at] << 24 | (unsigned int)head[at + 1] << 16 | (unsigned int)head[at + 2] << 8 |
             (unsigned int)head[at + 3];
    };
    const unsigned int w = big_endian(16), h = big_endian(20);
    if (width)
      *width = w;
    if (height)
      *height = h;
    return w > 0 && h > 0;
  }

  std::vector<std::string> draw_gnuplot_figures(const std::string &dir, const std::vector<std::string> &scripts)
  {
    std::vector<std::string> drawn;
    if (scripts.empty() || !gnuplot_installed())
      return drawn;
    namespace fs = std::filesystem;
    const std::string folder = fs::absolute(dir).string();
    const std::string suffix = ".tmp." + std::to_string(::getpid());
    // gnuplot reports each script's errors (GPVAL_ERRNO, one line per script) in a status file
    // of the system's temporary folder, not in `dir`: a killed run leaves nothing there.
    const std::string status = (fs::temp_directory_path() / ("bmgcreep-figures" + suffix)).string();
    // gnuplot works in the folder (its `cd`: no shell sees the folder's name), each script
    // drawing to its temporary PNG.
    std::string input = "cd '" + gnuplot_quoted(folder) + "'\nset print '" + gnuplot_quoted(status) + "'\n";
    std::vector<std::string> pngs;
    for (const std::string &script : scripts)
      {
        if (script.size() < 4 || script.compare(script.size() - 3, 3, ".gp") != 0)
          throw std::logic_error(script + ": a gnuplot script's name ends in .gp");
        const std::string png = script.substr(0, script.size() - 3) + ".png";
        std::string text = read_file(folder + "/" + script);
        const std::string output = "set output '" + png + "'";
        const auto at = text.find(output);
        if (at == std::string::npos)
          throw std::logic_error(script + ": not a figure script (no line " + output + ")");
        text.replace(at, output.size(), "set output '" + png + suffix + "'");
        // gnuplot reading a pipe skips a command with an error and reads on: the script's
        // status says whether its figure is whole.
        input += "reset errors\n" + text + "\nunset multiplot\nset output\nprint GPVAL_ERRNO\n";
        pngs.push_back(png);
      }
    // One process for all figures (gnuplot's start-up is most of its time).
    struct sigaction ignore = {}, previous = {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous); // a gnuplot that dies early must not take us along
    if (FILE *pipe = ::popen("gnuplot > /dev/null 2>&1", "w"))
      {
        std::fwrite(input.data(), 1, input.size(), pipe);
        ::pclose(pipe);
      }
    ::sigaction(SIGPIPE, &previous, nullptr);
    std::ifstream errors(status);
    for (const std::string &png : pngs)
      {
        const std::string path = folder + "/" + png;
        std::error_code ec;
        int error = 1;
        if (errors >> error && error == 0 && is_png_image(path + suffix))
          {
            fs::rename(path + suffix, path, ec);
            if (!ec)
              {
                drawn.push_back(png);
                continue;
              }
          }
        fs::remove(path + suffix, ec);
      }
    errors.close();
    std::error_code ec;
    fs::remove(status, ec);
    return drawn;
  }
} // namespace bmgcreep
