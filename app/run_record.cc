#include "app/run_record.h"

#include "build_info.h"
#include "coupling/output_folder.h"
#include "coupling/text.h"

#include <deal.II/base/config.h>

#include <boost/version.hpp>

#include <petscversion.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include <unistd.h>

namespace bmgcreep::app
{
  namespace
  {
    std::string petsc_version()
    {
      return std::to_string(PETSC_VERSION_MAJOR) + "." + std::to_string(PETSC_VERSION_MINOR) + "." +
             std::to_string(PETSC_VERSION_SUBMINOR);
    }

    std::string boost_version()
    {
      return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
             std::to_string(BOOST_VERSION % 100);
    }

    /// `text` as a JSON string literal.
    std::string quoted(const std::string &text)
    {
      std::string out = "\"";
      for (const unsigned char c : text)
        switch (c)
          {
            case '"':
              out += "\\\"";
              break;
            case '\\':
              out += "\\\\";
              break;
            case '\n':
              out += "\\n";
              break;
            case '\t':
              out += "\\t";
              break;
            default:
              if (c < 0x20)
                {
                  char code[8];
                  std::snprintf(code, sizeof code, "\\u%04x", c);
                  out += code;
                }
              else
                out += static_cast<char>(c);
          }
      return out + "\"";
    }

    std::string now_utc()
    {
      const std::time_t t = std::time(nullptr);
      std::tm utc{};
      gmtime_r(&t, &utc);
      char text[32];
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
      return text;
    }

    std::string host_name()
    {
      char name[256] = {};
      return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("unknown");
    }
  } // namespace

  std::string version_text()
  {
    return "bmgcreep " BMGCREEP_VERSION " (commit " BMGCREEP_COMMIT ")\n"
           "  deal.II " DEAL_II_PACKAGE_VERSION ", PETSc " + petsc_version() +
           ", LAMMPS " BMGCREEP_LAMMPS_VERSION " (liblammps), Boost " + boost_version() + "\n";
  }

  RunRecord::RunRecord(const std::vector<std::string> &arguments_, const unsigned int processes_)
    : arguments(arguments_), processes(processes_), start_utc(now_utc()), start(std::chrono::steady_clock::now())
  {}

  std::string RunRecord::provenance_json(const std::string &outcome) const
  {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ostringstream j;
    j << "{\n"
      << "  \"program\": \"bmgcreep\",\n"
      << "  \"version\": " << quoted(BMGCREEP_VERSION) << ",\n"
      << "  \"commit\": " << quoted(BMGCREEP_COMMIT) << ",\n"
      << "  \"libraries\": {\"deal.II\": " << quoted(DEAL_II_PACKAGE_VERSION) << ", \"PETSc\": "
      << quoted(petsc_version()) << ", \"LAMMPS\": " << quoted(BMGCREEP_LAMMPS_VERSION) << ", \"Boost\": "
      << quoted(boost_version()) << "},\n"
      << "  \"command_line\": [\"bmgcreep\"";
    for (const std::string &a : arguments)
      j << ", " << quoted(a);
    std::error_code ignored;
    j << "],\n"
      << "  \"working_directory\": " << quoted(std::filesystem::current_path(ignored).string()) << ",\n"
      << "  \"host\": " << quoted(host_name()) << ",\n"
      << "  \"start_utc\": " << quoted(start_utc) << ",\n"
      << "  \"wall_time_s\": " << std::fixed << std::setprecision(3) << wall << ",\n"
      << "  \"mpi_processes\": " << processes << ",\n"
      << "  \"outcome\": " << quoted(outcome) << "\n"
      << "}\n";
    return j.str();
  }

  void RunRecord::write(const std::string &dir, const std::string &log, const std::string &deck,
                        const std::string &outcome) const
  {
    write_output(dir, "run.log", log);
    if (!deck.empty())
      write_output(dir, "deck-used.prm", deck);
    write_output(dir, "provenance.json", provenance_json(outcome));
  }
} // namespace bmgcreep::app
