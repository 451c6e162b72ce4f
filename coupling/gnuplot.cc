#include "coupling/gnuplot.h"

#include <cstdlib>
#include <filesystem>

namespace bmgcreep
{
  bool draw_with_gnuplot(const std::string &dir, const std::string &script, const std::string &png)
  {
    const std::string folder = std::filesystem::absolute(dir).string();
    for (const std::string &s : { folder, script })
      if (s.find('\'') != std::string::npos)
        return false;
    if (std::system("command -v gnuplot > /dev/null 2>&1") != 0)
      return false;
    return std::system(("cd '" + folder + "' && gnuplot '" + script + "' > /dev/null 2>&1").c_str()) == 0
           && std::filesystem::exists(std::filesystem::path(folder) / png);
  }
} // namespace bmgcreep
