#include "atomistic/potential_file.h"
#include "coupling/input_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  std::vector<double> element_masses(const std::string &potential, const std::vector<std::string> &species)
  {
    if (const std::string problem = input_file_problem(potential, "potential file", max_lammps_file_bytes); !problem.empty())
      throw std::invalid_argument(problem);
    std::ifstream in(potential);
    if (!in)
      throw std::invalid_argument(potential + ": cannot open the potential file");
    std::string line;
    for (int i = 0; i < 3; ++i)
      std::getline(in, line); // three comment lines
    std::getline(in, line);
    std::istringstream header(line);
    int n = 0;
    std::vector<std::string> elements;
    if (!(header >> n) || n < 1 || n > 20)
      throw std::invalid_argument(potential + ":4: expected the element count and names of an eam/fs file");
    for (int i = 0; i < n; ++i)
      {
        std::string e;
        header >> e;
        elements.push_back(e);
      }
    std::getline(in, line); // Nrho drho Nr dr cutoff
    // Each element's block starts with "Z mass a lattice"; read the masses in file order by
    // scanning for lines with exactly four fields whose last is a lattice name.
    std::vector<double> mass(elements.size(), 0.0);
    std::size_t found = 0;
    while (found < elements.size() && std::getline(in, line))
      {
        std::istringstream s(line);
        double z, m, a;
        std::string lattice, extra;
        if ((s >> z >> m >> a >> lattice) && !(s >> extra) && !std::isdigit(static_cast<unsigned char>(lattice[0])) &&
            lattice[0] != '-' && lattice[0] != '.')
          mass[found++] = m;
      }
    if (found != elements.size())
      throw std::invalid_argument(potential + ": could not read the element masses (not an eam/fs file?)");
    std::vector<double> out;
    for (const auto &sp : species)
      {
        const auto it = std::find(elements.begin(), elements.end(), sp);
        if (it == elements.end())
          {
            std::string list;
            for (const auto &e : elements)
              list += (list.empty() ? "" : ", ") + e;
            throw std::invalid_argument(potential + ": element " + sp + " is not in the potential (it has " + list + ")");
          }
        out.push_back(mass[it - elements.begin()]);
      }
    return out;
  }
} // namespace bmgcreep::atomistic
