#include "coupling/atomic_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace bmgcreep
{
  void write_file_atomically(const std::string &path, const std::string &content)
  {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out)
        throw std::runtime_error(path + ": cannot open for writing");
      out << content;
      out.flush();
      if (!out)
        {
          std::remove(tmp.c_str());
          throw std::runtime_error(path + ": write failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
      {
        std::remove(tmp.c_str());
        throw std::runtime_error(path + ": cannot rename into place: " + ec.message());
      }
  }
} // namespace bmgcreep
