#include "atomistic/inherent_structure.h"

#include "atomistic/md_stages.h"
#include "coupling/text.h"

#include <mpi.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
    double pe_per_atom(LammpsSession &lmp) { return lmp.thermo("pe") / static_cast<double>(lmp.atom_count()); }
  } // namespace

  Minimisation minimise_at_fixed_box(LammpsSession &lmp, const double force_tolerance)
  {
    Minimisation m;
    lmp.command("run 0");
    m.before = pe_per_atom(lmp);
    lmp.commands({"min_style cg", "minimize 0.0 " + to_text_precise(force_tolerance) + " 10000 100000"});
    m.after = pe_per_atom(lmp);
    return m;
  }

  std::vector<InherentSnapshot> sample_inherent_structures(LammpsSession &lmp, const MdParameters &p, const double cutoff,
                                                           const std::string &scratch)
  {
    std::vector<InherentSnapshot> out;
    const long spacing = steps_of(p.snapshot_spacing, p.timestep);
    for (unsigned int k = 0; k < p.inherent_snapshots; ++k)
      {
        if (k > 0)
          {
            // Back to the thermal configuration, then on along the zero-stress trajectory.
            lmp.commands(stage_prelude(p, scratch));
            lmp.commands({zero_stress_npt(p), "run " + std::to_string(spacing), "unfix md"});
          }
        lmp.command("write_restart " + lammps_path(scratch));
        InherentSnapshot s;
        s.time_ps = k * spacing * p.timestep * 1e-3;
        const Minimisation m = minimise_at_fixed_box(lmp, p.minimisation_force_tolerance);
        s.thermal_pe = m.before;
        s.inherent_pe = m.after;
        s.groups = analyze_structure(lmp, p.species, cutoff).groups;
        out.push_back(s);
      }
    int rank = 0;
    MPI_Comm_rank(lmp.communicator(), &rank);
    MPI_Barrier(lmp.communicator());
    if (rank == 0)
      std::filesystem::remove(scratch);
    return out;
  }

  StructureResult mean_structure(const std::vector<InherentSnapshot> &snapshots, const std::vector<std::string> &species,
                                 const double cutoff)
  {
    if (snapshots.empty())
      throw std::invalid_argument("mean_structure: no snapshots");
    StructureResult r;
    r.cutoff = cutoff;
    r.species = species;
    r.groups = snapshots.front().groups;
    for (std::size_t g = 0; g < r.groups.size(); ++g)
      {
        GroupStructure &m = r.groups[g];
        m.w6hat = m.cn = m.voronoi_volume = 0.0;
        m.partial_cn.assign(m.partial_cn.size(), 0.0);
        for (const auto &s : snapshots)
          {
            const GroupStructure &x = s.groups.at(g);
            m.w6hat += x.w6hat;
            m.cn += x.cn;
            m.voronoi_volume += x.voronoi_volume;
            for (std::size_t t = 0; t < m.partial_cn.size(); ++t)
              m.partial_cn[t] += x.partial_cn.at(t);
          }
        const double inv = 1.0 / static_cast<double>(snapshots.size());
        m.w6hat *= inv;
        m.cn *= inv;
        m.voronoi_volume *= inv;
        for (double &x : m.partial_cn)
          x *= inv;
      }
    return r;
  }

  double mean_inherent_energy(const std::vector<InherentSnapshot> &snapshots)
  {
    if (snapshots.empty())
      throw std::invalid_argument("mean_inherent_energy: no snapshots");
    double sum = 0.0;
    for (const auto &s : snapshots)
      sum += s.inherent_pe;
    return sum / static_cast<double>(snapshots.size());
  }

  std::string inherent_csv(const std::vector<InherentSnapshot> &snapshots)
  {
    std::ostringstream out;
    out.precision(12);
    out << "snapshot,time_ps,thermal_energy_eV_per_atom,inherent_energy_eV_per_atom";
    if (!snapshots.empty())
      for (const auto &g : snapshots.front().groups)
        out << ",w6hat_" << g.group << ",cn_" << g.group << ",voronoi_volume_A3_" << g.group;
    out << "\n";
    for (std::size_t k = 0; k < snapshots.size(); ++k)
      {
        const auto &s = snapshots[k];
        out << k + 1 << "," << s.time_ps << "," << s.thermal_pe << "," << s.inherent_pe;
        for (const auto &g : s.groups)
          out << "," << g.w6hat << "," << g.cn << "," << g.voronoi_volume;
        out << "\n";
      }
    return out.str();
  }

  double read_mean_inherent_energy(const std::string &csv, const std::string &what)
  {
    std::istringstream in(csv);
    std::string line;
    if (!std::getline(in, line) || line.rfind("snapshot,time_ps,thermal_energy_eV_per_atom,inherent_energy_eV_per_atom", 0) != 0)
      throw std::runtime_error(what + ": not an inherent-structure table (header '" + printable(line, 60) + "')");
    double sum = 0.0;
    int n = 0;
    for (int row = 2; std::getline(in, line); ++row)
      {
        if (line.empty())
          continue;
        std::istringstream f(line);
        std::string cell;
        double value = NAN;
        for (int c = 0; c < 4 && std::getline(f, cell, ','); ++c)
          if (c == 3)
            {
              try
                {
                  value = std::stod(cell);
                }
              catch (const std::exception &)
                {
                }
            }
        if (!std::isfinite(value))
          throw std::runtime_error(what + ":" + std::to_string(row) + ": no inherent energy in '" + printable(line, 60) + "'");
        sum += value;
        ++n;
      }
    if (n == 0)
      throw std::runtime_error(what + ": no snapshots");
    return sum / n;
  }
} // namespace bmgcreep::atomistic
