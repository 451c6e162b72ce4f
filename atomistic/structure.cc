#include "atomistic/structure.h"

#include "coupling/text.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  double first_minimum_of_rdf(LammpsSession &lmp, const double r_max, const int bins)
  {
    lmp.command("compute bmg_rdf all rdf " + std::to_string(bins) + " cutoff " + to_text_precise(r_max));
    lmp.command("run 0");
    const auto g = lmp.compute_global_array("bmg_rdf", bins, 3); // r, g(r), coordination
    lmp.command("uncompute bmg_rdf");
    // Smooth over three bins, find the highest peak, then the first minimum after it.
    std::vector<double> s(bins, 0.0);
    for (int i = 0; i < bins; ++i)
      {
        double sum = 0.0;
        int n = 0;
        for (int j = std::max(0, i - 1); j <= std::min(bins - 1, i + 1); ++j, ++n)
          sum += g[j][1];
        s[i] = sum / n;
      }
    const int peak = static_cast<int>(std::max_element(s.begin(), s.end()) - s.begin());
    // Walk down from the peak to the first bin below g = 1 (past a split first shell, such as
    // Cu-Zr then Zr-Zr neighbours in a Zr-Cu glass, and past noise on the peak), then on to
    // where g rises again; a flat minimum (a crystal's empty gap between shells) gives the
    // middle of the flat stretch.
    int i = peak;
    while (i + 1 < bins && (s[i + 1] <= s[i] || s[i] >= 1.0))
      ++i;
    if (i + 1 < bins && i > peak)
      {
        int first = i;
        while (first > peak && s[first - 1] == s[i])
          --first;
        return 0.5 * (g[first][0] + g[i][0]);
      }
    throw std::runtime_error("g(r) has no minimum after its first peak below " + to_text_precise(r_max) +
                             " A: give --cutoff");
  }

  StructureResult analyze_structure(LammpsSession &lmp, const std::vector<std::string> &species, const double cutoff)
  {
    const int n_types = static_cast<int>(species.size());
    const std::string rc = to_text_precise(cutoff);
    std::string partial_types;
    for (int t = 1; t <= n_types; ++t)
      partial_types += " " + std::to_string(t);
    lmp.command("compute bmg_w6 all orientorder/atom degrees 1 6 wl/hat yes nnn NULL cutoff " + rc);
    lmp.command("compute bmg_cn all coord/atom cutoff " + rc + " *" + partial_types);
    lmp.command("compute bmg_vor all voronoi/atom");
    lmp.command("run 0"); // computes are evaluated (and safe to extract) after a run

    StructureResult r;
    r.cutoff = cutoff;
    r.box_volume = lmp.box_volume();
    lmp.box_bounds(r.box_lo, r.box_hi);
    r.species = species;
    r.id = lmp.gather_int("id");
    r.type = lmp.gather_int("type");
    const auto w6 = lmp.gather_double("c_bmg_w6", 2);
    const auto cn = lmp.gather_double("c_bmg_cn", 1 + n_types);
    const auto vor = lmp.gather_double("c_bmg_vor", 2);
    lmp.command("uncompute bmg_w6");
    lmp.command("uncompute bmg_cn");
    lmp.command("uncompute bmg_vor");

    const std::size_t n = r.id.size();
    r.w6hat.resize(n);
    r.cn.resize(n);
    r.voronoi_volume.resize(n);
    r.partial_cn.assign(n, std::vector<double>(n_types));
    for (std::size_t i = 0; i < n; ++i)
      {
        r.w6hat[i] = w6[2 * i + 1];
        r.cn[i] = cn[(1 + n_types) * i];
        for (int t = 0; t < n_types; ++t)
          r.partial_cn[i][t] = cn[(1 + n_types) * i + 1 + t];
        r.voronoi_volume[i] = vor[2 * i];
      }
    for (int g = 0; g <= n_types; ++g) // 0: all, then each species
      {
        GroupStructure s;
        s.group = g == 0 ? "all" : species[g - 1];
        s.partial_cn.assign(n_types, 0.0);
        for (std::size_t i = 0; i < n; ++i)
          if (g == 0 || r.type[i] == g)
            {
              ++s.atoms;
              s.w6hat += r.w6hat[i];
              s.cn += r.cn[i];
              for (int t = 0; t < n_types; ++t)
                s.partial_cn[t] += r.partial_cn[i][t];
              s.voronoi_volume += r.voronoi_volume[i];
            }
        if (s.atoms > 0)
          {
            const double inv = 1.0 / static_cast<double>(s.atoms);
            s.w6hat *= inv;
            s.cn *= inv;
            for (auto &p : s.partial_cn)
              p *= inv;
            s.voronoi_volume *= inv;
          }
        r.groups.push_back(s);
      }
    return r;
  }

  std::string structure_csv(const StructureResult &r)
  {
    std::ostringstream out;
    out.precision(10);
    out << "group,atoms,w6hat,cn";
    for (const auto &s : r.species)
      out << ",cn_" << s;
    out << ",voronoi_volume_A3,cutoff_A\n";
    for (const auto &g : r.groups)
      {
        if (g.atoms == 0) // a species without atoms has no averages: empty cells, not zeros
          {
            out << g.group << ",0,,";
            for (std::size_t i = 0; i < g.partial_cn.size(); ++i)
              out << ",";
            out << ",," << r.cutoff << "\n";
            continue;
          }
        out << g.group << "," << g.atoms << "," << g.w6hat << "," << g.cn;
        for (const double p : g.partial_cn)
          out << "," << p;
        out << "," << g.voronoi_volume << "," << r.cutoff << "\n";
      }
    return out.str();
  }

  std::string per_atom_csv(const StructureResult &r)
  {
    std::ostringstream out;
    out.precision(10);
    out << "id,type,w6hat,cn,voronoi_volume_A3\n";
    for (std::size_t i = 0; i < r.id.size(); ++i)
      out << r.id[i] << "," << r.type[i] << "," << r.w6hat[i] << "," << r.cn[i] << "," << r.voronoi_volume[i] << "\n";
    return out.str();
  }
} // namespace bmgcreep::atomistic
