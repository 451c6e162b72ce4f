#include "atomistic/analyze.h"

#include "atomistic/data_file.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  std::vector<std::string> parse_species(const std::string &list)
  {
    std::vector<std::string> names;
    std::set<std::string> seen;
    std::istringstream in(list);
    std::string name;
    while (std::getline(in, name, ','))
      {
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name.empty() || name.find_first_of(" \t") != std::string::npos)
          throw std::invalid_argument("--species \"" + list + "\": expected names separated by commas, e.g. Cu,Zr");
        if (!seen.insert(name).second)
          throw std::invalid_argument("--species \"" + list + "\": " + name + " appears twice");
        names.push_back(name);
      }
    if (names.empty())
      throw std::invalid_argument("--species is empty: give one name per atom type, e.g. Cu,Zr");
    return names;
  }

  StructureResult analyze_data_file(MPI_Comm comm, const std::string &path, const std::vector<std::string> &species,
                                    const double cutoff, std::vector<double> *positions)
  {
    const DataFileHeader h = read_data_file_header(path);
    if (h.atom_types != static_cast<int>(species.size()))
      throw std::invalid_argument(path + ": " + std::to_string(h.atom_types) + " atom types, but --species names " +
                                  std::to_string(species.size()));
    const double shortest = std::min({h.hi[0] - h.lo[0], h.hi[1] - h.lo[1], h.hi[2] - h.lo[2]});
    const double r_max = std::min(8.0, 0.5 * shortest); // g(r) range for the automatic cutoff
    if (cutoff < 0.0 || cutoff >= 0.5 * shortest)
      throw std::invalid_argument("--cutoff " + std::to_string(cutoff) + " A: allowed range 0 (automatic) to half the " +
                                  "shortest box length, " + std::to_string(0.5 * shortest) + " A");
    if (cutoff == 0.0 && r_max < 4.0)
      throw std::invalid_argument(path + ": the box is too small (shortest length " + std::to_string(shortest) +
                                  " A) to find the first minimum of g(r): give --cutoff");

    LammpsSession lmp(comm);
    lmp.commands({"units metal", "atom_style atomic", "atom_modify map array", "read_data " + lammps_path(path) + " nocoeff", // force-field sections of the file are ignored
                  "mass * 1.0", // the analysis is static: masses do not matter
                  "pair_style zero " + std::to_string(std::max(cutoff, r_max) + 0.5), "pair_coeff * *"});
    const double rc = cutoff > 0.0 ? cutoff : first_minimum_of_rdf(lmp, r_max);
    StructureResult r = analyze_structure(lmp, species, rc);
    if (positions)
      *positions = lmp.gather_double("x", 3);
    return r;
  }

  std::string per_atom_dump(const StructureResult &r, const std::vector<double> &x)
  {
    const std::vector<double> &lo = r.box_lo, &hi = r.box_hi;
    std::ostringstream out;
    out.precision(10);
    out << "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n" << r.id.size() << "\nITEM: BOX BOUNDS pp pp pp\n";
    for (int d = 0; d < 3; ++d)
      out << lo[d] << " " << hi[d] << "\n";
    out << "ITEM: ATOMS id type x y z w6hat cn voronoi_volume\n";
    for (std::size_t i = 0; i < r.id.size(); ++i)
      out << r.id[i] << " " << r.type[i] << " " << x[3 * i] << " " << x[3 * i + 1] << " " << x[3 * i + 2] << " "
          << r.w6hat[i] << " " << r.cn[i] << " " << r.voronoi_volume[i] << "\n";
    return out.str();
  }
} // namespace bmgcreep::atomistic
