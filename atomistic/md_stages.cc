#include "atomistic/md_stages.h"

#include "atomistic/lammps_session.h"

#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }

    /// NPT at the final temperature with each of x, y, z driven to its own pressure (bar).
    /// With unequal targets LAMMPS's Nose-Hoover barostat adds a strain-energy term measured
    /// from reference box dimensions, by default those at the start of the run: once the glass
    /// has crept a few percent the term is wrong and the held stress drifts off its target (at
    /// 18 % creep md-small's 0.9 hold held 1.80 GPa of 2.15). `nreset 1` takes the current box
    /// as the reference at every step, so the stress held is the stress asked for.
    std::string npt_xyz(const MdParameters &p, const std::string &y_start, const std::string &y_stop, const double pdamp)
    {
      const std::string T = num(p.final_temperature), Pd = num(pdamp);
      return "fix md all npt temp " + T + " " + T + " " + num(p.thermostat_damping) + " x 0.0 0.0 " + Pd + " y " + y_start +
             " " + y_stop + " " + Pd + " z 0.0 0.0 " + Pd + " nreset 1";
    }

    long chunk_steps(const MdParameters &p) { return steps_of(p.hold_record_time, p.timestep); }

    /// Steps of a phase of `ps`, a whole number (at least one) of recording intervals.
    long phase_steps(const MdParameters &p, const double ps)
    {
      const long chunk = chunk_steps(p);
      return chunk * std::max(1L, std::lround(steps_of(ps, p.timestep) / static_cast<double>(chunk)));
    }

    std::vector<std::string> curve_recorder(const MdParameters &p, const std::string &table)
    {
      const std::string chunk = std::to_string(chunk_steps(p));
      return {"variable bmg_time equal time", "variable bmg_ly equal ly", "variable bmg_v equal vol/atoms",
              "variable bmg_h equal enthalpy/atoms", "variable bmg_syy equal pyy*" + num(units::bar_to_gpa(1.0)),
              "fix bmg_avg all ave/time 1 " + chunk + " " + chunk + " v_bmg_time v_bmg_ly v_bmg_v v_bmg_h v_bmg_syy file " +
                lammps_path(table)};
    }
  } // namespace

  std::string zero_stress_npt(const MdParameters &p) { return npt_xyz(p, "0.0", "0.0", p.barostat_damping); }

  long steps_of(const double ps, const double timestep_fs) { return std::max(1L, std::lround(ps * 1000.0 / timestep_fs)); }

  std::vector<std::string> potential_commands(const MdParameters &p)
  {
    std::string species;
    for (const auto &s : p.species)
      species += " " + s;
    std::vector<std::string> lines = {"pair_style eam/fs", "pair_coeff * * " + lammps_path(p.potential) + species};
    // Every stage starts with `clear`, which resets the neighbour settings, so each states them;
    // LAMMPS's default is left implicit so that older campaigns' fingerprints hold.
    if (p.neighbor_skin != lammps_default_skin)
      lines.push_back("neighbor " + num(p.neighbor_skin) + " bin");
    return lines;
  }

  std::vector<std::string> stage_prelude(const MdParameters &p, const std::string &restart)
  {
    std::vector<std::string> lines = {"clear", "atom_modify map array", "read_restart " + lammps_path(restart)};
    for (const auto &l : potential_commands(p))
      lines.push_back(l);
    lines.push_back("timestep " + num(p.timestep * 1e-3));
    lines.push_back("reset_timestep 0");
    lines.push_back("thermo 1000");
    return lines;
  }

  std::vector<std::string> build_commands(const MdParameters &p, const unsigned int seed, const std::vector<double> &masses)
  {
    const int types = static_cast<int>(p.species.size());
    const double L = std::cbrt(p.volume_per_atom * p.atoms / (p.aspect[0] * p.aspect[1] * p.aspect[2]));
    std::vector<std::string> lines = {
      "units metal", "atom_style atomic", "atom_modify map array", "boundary p p p",
      "region box block 0 " + num(L * p.aspect[0]) + " 0 " + num(L * p.aspect[1]) + " 0 " + num(L * p.aspect[2]),
      "create_box " + std::to_string(types) + " box"};
    unsigned int placed = 0;
    for (int t = 0; t < types; ++t)
      {
        const unsigned int n =
          t + 1 == types ? p.atoms - placed : static_cast<unsigned int>(std::lround(p.fractions[t] * p.atoms));
        placed += n;
        if (n > 0)
          lines.push_back("create_atoms " + std::to_string(t + 1) + " random " + std::to_string(n) + " " +
                          std::to_string(seed * 7919 + t + 1) + " box");
      }
    for (int t = 0; t < types; ++t)
      lines.push_back("mass " + std::to_string(t + 1) + " " + num(masses[t]));
    // Random placement overlaps atoms: push them apart with a soft repulsion first.
    for (const auto &l : {"pair_style soft 2.2", "pair_coeff * * 50.0", "minimize 1.0e-4 1.0e-6 1000 10000"})
      lines.push_back(l);
    for (const auto &l : potential_commands(p))
      lines.push_back(l);
    lines.push_back("minimize 1.0e-6 1.0e-8 1000 10000");
    lines.push_back("reset_timestep 0");
    lines.push_back("velocity all create " + num(p.melt_temperature) + " " + std::to_string(seed) +
                    " dist gaussian mom yes rot yes");
    return lines;
  }

  std::vector<std::string> melt_commands(const MdParameters &p)
  {
    const std::string T = num(p.melt_temperature);
    return {"fix md all npt temp " + T + " " + T + " " + num(p.thermostat_damping) + " iso 0.0 0.0 " + num(p.barostat_damping),
            "run " + std::to_string(steps_of(p.melt_time, p.timestep)), "unfix md"};
  }

  std::vector<std::string> quench_commands(const MdParameters &p, const std::string &table)
  {
    const long chunk = steps_of(p.record_interval / p.quench_rate, p.timestep);
    const long chunks = std::max(1L, std::lround((p.melt_temperature - p.final_temperature) / p.record_interval));
    const std::string c = std::to_string(chunk);
    return {"variable bmg_t equal temp", "variable bmg_v equal vol/atoms", "variable bmg_h equal enthalpy/atoms",
            "fix md all npt temp " + num(p.melt_temperature) + " " + num(p.final_temperature) + " " +
              num(p.thermostat_damping) + " iso 0.0 0.0 " + num(p.barostat_damping),
            "fix bmg_avg all ave/time 1 " + c + " " + c + " v_bmg_t v_bmg_v v_bmg_h file " + lammps_path(table),
            "run " + std::to_string(chunk * chunks), "unfix bmg_avg", "unfix md"};
  }

  std::vector<std::string> compression_commands(const MdParameters &p, const std::string &table)
  {
    const long chunk = steps_of(p.compression_record_strain / p.compression_rate, p.timestep);
    const long chunks = std::max(4L, std::lround(p.compression_max_strain / p.compression_record_strain));
    const std::string c = std::to_string(chunk);
    return {"variable bmg_ly0 equal $(ly)", "variable bmg_strain equal (v_bmg_ly0-ly)/v_bmg_ly0",
            "variable bmg_syy equal pyy*" + num(units::bar_to_gpa(1.0)),
            "fix md all npt temp " + num(p.final_temperature) + " " + num(p.final_temperature) + " " +
              num(p.thermostat_damping) + " x 0.0 0.0 " + num(p.barostat_damping) + " z 0.0 0.0 " + num(p.barostat_damping),
            "fix bmg_deform all deform 1 y erate " + num(-p.compression_rate) + " remap x",
            "fix bmg_avg all ave/time 1 " + c + " " + c + " v_bmg_strain v_bmg_syy file " + lammps_path(table),
            "run " + std::to_string(chunk * chunks), "unfix bmg_avg", "unfix bmg_deform", "unfix md"};
  }

  std::vector<std::string> reference_commands(const MdParameters &p, const std::string &table)
  {
    std::vector<std::string> lines = curve_recorder(p, table);
    lines.push_back(npt_xyz(p, "0.0", "0.0", p.barostat_damping));
    lines.push_back("run " + std::to_string(phase_steps(p, p.relax_time)));
    lines.push_back("unfix md");
    lines.push_back("unfix bmg_avg");
    return lines;
  }

  HoldSchedule hold_schedule(const MdParameters &p, const double stress_gpa, const double modulus_gpa)
  {
    const double dt = steps_of(p.hold_record_time, p.timestep) * p.timestep * 1e-3; // ps per recording interval
    const auto whole = [&](const double ps) { return phase_steps(p, ps) / steps_of(p.hold_record_time, p.timestep) * dt; };
    HoldSchedule s;
    s.load = whole(stress_gpa / (modulus_gpa * p.loading_rate));
    s.hold = whole(p.hold_time);
    s.unload = s.load;
    s.relax = whole(p.relax_time);
    return s;
  }

  std::vector<std::string> hold_commands(const MdParameters &p, const double stress_gpa, const HoldSchedule &s,
                                         const std::string &table)
  {
    const std::string P = num(units::gpa_to_bar(stress_gpa)); // compression positive
    std::vector<std::string> lines = curve_recorder(p, table);
    const auto phase = [&](const std::string &y0, const std::string &y1, const double ps, const double pdamp) {
      lines.push_back(npt_xyz(p, y0, y1, pdamp));
      lines.push_back("run " + std::to_string(phase_steps(p, ps)));
      lines.push_back("unfix md");
    };
    const double Pd = p.hold_barostat_damping;
    phase("0.0", P, s.load, Pd);   // load: the y stress ramps from 0 to the target
    phase(P, P, s.hold, Pd);       // hold at constant uniaxial stress
    phase(P, "0.0", s.unload, Pd); // unload
    phase("0.0", "0.0", s.relax, p.barostat_damping); // relax as the reference run does
    lines.push_back("unfix bmg_avg");
    return lines;
  }

  std::vector<std::vector<double>> read_ave_time_table(const std::string &path, const std::size_t columns)
  {
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error(path + ": cannot open the recorded table (the stage did not finish?)");
    std::vector<std::vector<double>> rows;
    std::string line;
    while (std::getline(in, line))
      {
        if (line.empty() || line[0] == '#')
          continue;
        std::istringstream s(line);
        double step;
        std::vector<double> row(columns);
        bool ok = static_cast<bool>(s >> step);
        for (std::size_t j = 0; j < columns && ok; ++j)
          ok = static_cast<bool>(s >> row[j]) && std::isfinite(row[j]);
        if (!ok)
          throw std::runtime_error(path + ": malformed row '" + line + "'");
        rows.push_back(row);
      }
    if (rows.empty())
      throw std::runtime_error(path + ": no recorded rows");
    return rows;
  }

  HoldCurve hold_curve(const std::vector<std::vector<double>> &rows, const double reference_ly)
  {
    HoldCurve c;
    for (const auto &r : rows)
      {
        c.time.push_back(r.at(0));
        c.strain.push_back((reference_ly - r.at(1)) / reference_ly);
        c.volume_per_atom.push_back(r.at(2));
        c.enthalpy_per_atom.push_back(r.at(3));
        c.stress.push_back(r.at(4));
      }
    return c;
  }

  double second_half_mean(const std::vector<double> &values)
  {
    if (values.empty())
      throw std::invalid_argument("second_half_mean: no values");
    const std::size_t first = values.size() / 2;
    double sum = 0.0;
    for (std::size_t i = first; i < values.size(); ++i)
      sum += values[i];
    return sum / static_cast<double>(values.size() - first);
  }

  HoldOutcome hold_outcome(const HoldCurve &c, const HoldSchedule &s)
  {
    HoldOutcome o;
    std::vector<double> hold_strain, hold_stress, relax_strain, relax_volume, relax_enthalpy;
    const double hold_end = s.load + s.hold, relax_start = s.load + s.hold + s.unload;
    for (std::size_t i = 0; i < c.time.size(); ++i)
      if (c.time[i] > s.load && c.time[i] < hold_end)
        {
          hold_strain.push_back(c.strain[i]);
          hold_stress.push_back(c.stress[i]);
        }
      else if (c.time[i] > relax_start)
        {
          relax_strain.push_back(c.strain[i]);
          relax_volume.push_back(c.volume_per_atom[i]);
          relax_enthalpy.push_back(c.enthalpy_per_atom[i]);
        }
    if (hold_strain.size() < 2 || relax_strain.empty())
      throw std::runtime_error("the hold curve has " + std::to_string(hold_strain.size()) + " points in the hold and " +
                               std::to_string(relax_strain.size()) + " after unloading: record more often");
    double sum = 0.0;
    for (const double x : hold_stress)
      sum += x;
    o.stress_mean = sum / static_cast<double>(hold_stress.size());
    o.creep_strain = hold_strain.back() - hold_strain.front();
    o.residual_strain = second_half_mean(relax_strain);
    o.volume_per_atom = second_half_mean(relax_volume);
    o.enthalpy_per_atom = second_half_mean(relax_enthalpy);
    return o;
  }
} // namespace bmgcreep::atomistic
