#include "atomistic/data_file.h"
#include "coupling/input_file.h"

#include "coupling/text.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bmgcreep::atomistic
{
  namespace
  {
    std::string strip_comment(const std::string &line)
    {
      const auto hash = line.find('#');
      return hash == std::string::npos ? line : line.substr(0, hash);
    }

    bool blank(const std::string &s)
    {
      return s.find_first_not_of(" \t\r") == std::string::npos;
    }
  } // namespace

  DataFileHeader read_data_file_header(const std::string &path)
  {
    if (const std::string problem = input_file_problem(path, "LAMMPS data file", max_lammps_file_bytes); !problem.empty())
      throw std::invalid_argument(problem);
    std::ifstream in(path);
    if (!in)
      throw std::invalid_argument(path + ": cannot open the LAMMPS data file");
    DataFileHeader h;
    bool have_box[3] = {false, false, false};
    std::string line;
    std::getline(in, line); // the first line is a title
    unsigned long number = 1;
    while (std::getline(in, line))
      {
        ++number;
        const std::string text = strip_comment(line);
        if (blank(text))
          continue;
        std::istringstream s(text);
        std::string w1, w2, w3, w4;
        double a = 0, b = 0;
        if (text.find("atom types") != std::string::npos)
          {
            if (!(s >> h.atom_types) || h.atom_types < 1)
              throw std::invalid_argument(path + ":" + std::to_string(number) + ": bad \"atom types\" line");
            continue;
          }
        if (text.find("atoms") != std::string::npos && text.find("types") == std::string::npos)
          {
            if (!(s >> h.atoms) || h.atoms < 1)
              throw std::invalid_argument(path + ":" + std::to_string(number) + ": bad \"atoms\" line");
            continue;
          }
        bool box = false;
        for (int d = 0; d < 3; ++d)
          {
            const std::string key = std::string(1, "xyz"[d]) + "lo";
            if (text.find(key) != std::string::npos)
              {
                if (!(s >> a >> b) || !(b > a))
                  throw std::invalid_argument(path + ":" + std::to_string(number) + ": bad box line (" +
                                              key + " " + std::string(1, "xyz"[d]) + "hi needs lo < hi)");
                h.lo[d] = a;
                h.hi[d] = b;
                have_box[d] = true;
                box = true;
              }
          }
        if (text.find("xy xz yz") != std::string::npos)
          {
            std::istringstream tilt(line);
            double xy = 0.0, xz = 0.0, yz = 0.0;
            tilt >> xy >> xz >> yz;
            if (xy != 0.0 || xz != 0.0 || yz != 0.0)
              throw std::invalid_argument(path + ":" + std::to_string(number) + ": triclinic box (xy xz yz = " + to_text(xy) +
                                          " " + to_text(xz) + " " + to_text(yz) +
                                          "): the structure analysis needs an orthogonal box (tilts 0)");
            continue;
          }
        if (box || text.find("bond") != std::string::npos ||
            text.find("angle") != std::string::npos || text.find("dihedral") != std::string::npos ||
            text.find("improper") != std::string::npos || text.find("extra") != std::string::npos ||
            text.find("ellipsoids") != std::string::npos)
          continue;
        // First section keyword: the header ends.
        s >> w1;
        if (w1 == "Atoms")
          {
            h.has_atoms_section = true;
            const auto hash = line.find('#');
            if (hash != std::string::npos)
              {
                std::istringstream style(line.substr(hash + 1));
                std::string name;
                style >> name;
                if (!name.empty() && name != "atomic")
                  throw std::invalid_argument(path + ":" + std::to_string(number) + ": Atoms section in atom_style " +
                                              name + ", expected atomic");
              }
            // The atom lines: id type x y z [ix iy iz]; IDs 1 and up, once each, finite
            // coordinates (LAMMPS would abort on the first two, and the analysis cannot use NaN).
            long long found = 0;
            bool started = false;
            std::unordered_set<long long> ids;
            while (std::getline(in, line))
              {
                ++number;
                const std::string t = strip_comment(line);
                if (blank(t))
                  {
                    if (started)
                      break;
                    continue;
                  }
                started = true;
                std::istringstream row(t);
                std::string cell[5];
                if (!(row >> cell[0] >> cell[1] >> cell[2] >> cell[3] >> cell[4]))
                  break; // the next section
                const std::string where = path + ":" + std::to_string(number);
                const auto integer = [](const std::string &c) {
                  return c.size() < 18 && c.find_first_not_of("0123456789", c[0] == '-' ? 1 : 0) == std::string::npos &&
                         c != "-";
                };
                if (!integer(cell[0]))
                  break; // not an atom line: the next section
                const long long id = std::stoll(cell[0]);
                double type = 0, x[3];
                if (!parse_finite(cell[1], type) || type != std::floor(type) || type < 1 || type > h.atom_types)
                  throw std::invalid_argument(where + ": atom type " + printable(cell[1], 20) + " outside 1.." +
                                              std::to_string(h.atom_types));
                for (int d = 0; d < 3; ++d)
                  if (!parse_finite(cell[2 + d], x[d]))
                    throw std::invalid_argument(where + ": atom " + std::to_string(id) + ": coordinate " +
                                                std::string(1, "xyz"[d]) + " = " + printable(cell[2 + d], 20) +
                                                " is not a finite number");
                if (id < 1)
                  throw std::invalid_argument(where + ": atom ID " + std::to_string(id) + ": LAMMPS atom IDs start at 1");
                if (!ids.insert(id).second)
                  throw std::invalid_argument(where + ": atom ID " + std::to_string(id) + " appears twice");
                h.id.push_back(id);
                h.type.push_back(static_cast<int>(type));
                h.x.insert(h.x.end(), x, x + 3);
                ++found;
              }
            if (found != h.atoms)
              throw std::invalid_argument(path + ": the Atoms section has " + std::to_string(found) +
                                          " atom lines, the header announces " + std::to_string(h.atoms));
            break;
          }
        // Masses or another section before Atoms: skip it.
      }
    if (h.atoms < 1)
      throw std::invalid_argument(path + ": no \"N atoms\" line in the header (not a LAMMPS data file?)");
    if (h.atom_types < 1)
      throw std::invalid_argument(path + ": no \"N atom types\" line in the header");
    if (!have_box[0] || !have_box[1] || !have_box[2])
      throw std::invalid_argument(path + ": the header lacks the box (xlo xhi, ylo yhi, zlo zhi)");
    if (!h.has_atoms_section)
      throw std::invalid_argument(path + ": no Atoms section");
    refuse_coincident_atoms(path, h);
    return h;
  }

  void refuse_coincident_atoms(const std::string &path, const DataFileHeader &h, const double closest)
  {
    // Cells of at least `closest` per side (at most 256 per axis), periodic in x, y, z: a pair
    // closer than `closest` lies in the same or a neighbouring cell.
    double L[3];
    int n[3];
    for (int d = 0; d < 3; ++d)
      {
        L[d] = h.hi[d] - h.lo[d];
        n[d] = static_cast<int>(std::clamp(std::floor(L[d] / closest), 1.0, 256.0));
      }
    const auto cell_of = [&](const std::size_t i, const int d) {
      double u = (h.x[3 * i + d] - h.lo[d]) / L[d];
      u -= std::floor(u);
      return std::min(n[d] - 1, static_cast<int>(u * n[d]));
    };
    const auto key = [&](int a, int b, int c) {
      a = (a % n[0] + n[0]) % n[0];
      b = (b % n[1] + n[1]) % n[1];
      c = (c % n[2] + n[2]) % n[2];
      return (static_cast<long long>(a) * n[1] + b) * n[2] + c;
    };
    std::unordered_map<long long, std::vector<std::size_t>> cells;
    for (std::size_t i = 0; i < h.id.size(); ++i)
      cells[key(cell_of(i, 0), cell_of(i, 1), cell_of(i, 2))].push_back(i);
    for (std::size_t i = 0; i < h.id.size(); ++i)
      {
        const int c[3] = {cell_of(i, 0), cell_of(i, 1), cell_of(i, 2)};
        long long seen[27]; // with fewer than 3 cells on an axis, neighbours repeat
        int n_seen = 0;
        for (int a = -1; a <= 1; ++a)
          for (int b = -1; b <= 1; ++b)
            for (int e = -1; e <= 1; ++e)
              {
                const long long k = key(c[0] + a, c[1] + b, c[2] + e);
                if (std::find(seen, seen + n_seen, k) != seen + n_seen)
                  continue;
                seen[n_seen++] = k;
                const auto it = cells.find(k);
                if (it == cells.end())
                  continue;
                for (const std::size_t j : it->second)
                  {
                    if (j <= i)
                      continue;
                    double r2 = 0.0;
                    for (int d = 0; d < 3; ++d)
                      {
                        double dx = h.x[3 * j + d] - h.x[3 * i + d];
                        dx -= L[d] * std::round(dx / L[d]); // nearest periodic image
                        r2 += dx * dx;
                      }
                    if (r2 < closest * closest)
                      throw std::invalid_argument(path + ": atoms " + std::to_string(h.id[i]) + " and " + std::to_string(h.id[j]) +
                                                  " are " + to_text(std::sqrt(r2)) + " A apart (closer than " + to_text(closest) +
                                                  " A: atoms on top of each other, or coordinates in another unit than A)");
                  }
              }
      }
  }
} // namespace bmgcreep::atomistic
