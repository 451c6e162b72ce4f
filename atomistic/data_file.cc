#include "atomistic/data_file.h"

#include "coupling/text.h"

#include <fstream>
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
            // Count the atom lines: id type x y z [ix iy iz].
            long long found = 0;
            bool started = false;
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
                long long id;
                int type;
                double x, y, z;
                if (!(row >> id >> type >> x >> y >> z))
                  break; // the next section
                if (type < 1 || type > h.atom_types)
                  throw std::invalid_argument(path + ":" + std::to_string(number) + ": atom type " +
                                              std::to_string(type) + " outside 1.." + std::to_string(h.atom_types));
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
    return h;
  }
} // namespace bmgcreep::atomistic
