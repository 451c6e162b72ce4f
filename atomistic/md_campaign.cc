#include "atomistic/md_campaign.h"

#include "atomistic/lammps_session.h"
#include "coupling/atomic_file.h"
#include "coupling/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
    long steps_of(const double ps, const double timestep_fs)
    {
      return std::max(1L, std::lround(ps * 1000.0 / timestep_fs));
    }

    /// A CSV of equal-length numeric columns, written atomically.
    void write_columns(const std::string &path, const std::string &header,
                       const std::vector<const std::vector<double> *> &columns)
    {
      std::ostringstream csv;
      csv.precision(10);
      csv << header << "\n";
      for (std::size_t i = 0; i < columns.front()->size(); ++i)
        for (std::size_t j = 0; j < columns.size(); ++j)
          csv << (*columns[j])[i] << (j + 1 < columns.size() ? "," : "\n");
      write_file_atomically(path, csv.str());
    }

    /// Appends the rows of a CSV written by write_columns to `columns`.
    void read_columns(const std::string &path, const std::vector<std::vector<double> *> &columns)
    {
      std::ifstream in(path);
      std::string line;
      std::getline(in, line); // header
      while (std::getline(in, line))
        {
          std::istringstream s(line);
          std::vector<double> row(columns.size());
          char comma;
          bool ok = true;
          for (std::size_t j = 0; j < columns.size() && ok; ++j)
            ok = static_cast<bool>(j == 0 ? (s >> row[j]) : (s >> comma >> row[j]));
          if (ok)
            for (std::size_t j = 0; j < columns.size(); ++j)
              columns[j]->push_back(row[j]);
        }
    }

    std::vector<std::string> read_lines(const std::string &path)
    {
      std::vector<std::string> lines;
      std::ifstream in(path);
      std::string line;
      while (std::getline(in, line))
        if (!line.empty())
          lines.push_back(line);
      return lines;
    }
  } // namespace

  std::vector<double> element_masses(const std::string &potential, const std::vector<std::string> &species)
  {
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

  void validate(const MdParameters &p, const std::string &deck)
  {
    if (p.species.size() != p.fractions.size())
      throw std::invalid_argument(deck + ": System/Species names " + std::to_string(p.species.size()) +
                                  " species but System/Fractions gives " + std::to_string(p.fractions.size()) + " values");
    const double sum = std::accumulate(p.fractions.begin(), p.fractions.end(), 0.0);
    if (std::abs(sum - 1.0) > 1e-6)
      throw std::invalid_argument(deck + ": System/Fractions must sum to 1 (they sum to " + to_text_precise(sum) + ")");
    element_masses(p.potential, p.species);
    if (!(p.final_temperature < p.melt_temperature))
      throw std::invalid_argument(deck + ": Melt and quench/Final temperature (" + to_text_precise(p.final_temperature) +
                                  " K) must be below the Melt temperature (" + to_text_precise(p.melt_temperature) + " K)");
    if (p.compression_max_strain / p.compression_record_strain < 8)
      throw std::invalid_argument(deck + ": Compression test/Record strain = " + to_text_precise(p.compression_record_strain) +
                                  " gives fewer than 8 points up to the Max strain " + to_text_precise(p.compression_max_strain));
    const double points = (p.melt_temperature - p.final_temperature) / p.record_interval;
    if (points < 8)
      throw std::invalid_argument(deck + ": Melt and quench/Record interval = " + to_text_precise(p.record_interval) +
                                  " K gives " + to_text_precise(std::floor(points)) + " points of the cooling curve, at least 8 are needed for the Tg fit");
  }

  MdResult run_md_campaign(MPI_Comm comm, const MdParameters &p, const std::string &dir, std::ostream *progress)
  {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::filesystem::create_directories(dir);
    const std::string done_path = dir + "/stages.done";
    const std::vector<std::string> done = read_lines(done_path);
    auto is_done = [&](const std::string &s) { return std::find(done.begin(), done.end(), s) != done.end(); };
    const std::vector<double> mass = element_masses(p.potential, p.species);
    const int types = static_cast<int>(p.species.size());
    std::string species_list;
    for (const auto &s : p.species)
      species_list += " " + s;
    const std::vector<std::string> potential = {"pair_style eam/fs", "pair_coeff * * " + p.potential + species_list};

    MdResult result;
    LammpsSession lmp(comm, dir + "/log.lammps");
    std::size_t stage_start = 0;
    std::vector<std::string> completed = done;
    auto stage_end = [&](const std::string &name) {
      lmp.command("write_restart " + dir + "/" + name + ".restart");
      if (rank == 0)
        {
          std::string input;
          for (std::size_t i = stage_start; i < lmp.history().size(); ++i)
            input += lmp.history()[i] + "\n";
          write_file_atomically(dir + "/" + name + ".in", input);
          completed.push_back(name);
          std::string record;
          for (const auto &s : completed)
            record += s + "\n";
          write_file_atomically(done_path, record); // the stage counts once this is written
        }
      MPI_Barrier(comm);
      stage_start = lmp.history().size();
      result.stages_run.push_back(name);
      if (progress)
        *progress << "stage " << name << " done (" << dir << "/" << name << ".restart)" << std::endl;
    };

    // Resume from the last completed stage, or build.
    const std::vector<std::string> order = {"build", "melt", "quench", "compression"};
    std::string last;
    for (const auto &s : order)
      if (is_done(s))
        last = s;
    if (!last.empty())
      {
        lmp.command("read_restart " + dir + "/" + last + ".restart");
        lmp.commands(potential);
        for (const auto &s : order)
          if (is_done(s))
            result.stages_resumed.push_back(s);
        if (progress)
          *progress << "resumed after stage " << last << " from " << dir << "/" << last << ".restart" << std::endl;
      }
    else
      {
        const double volume = p.volume_per_atom * p.atoms;
        const double L = std::cbrt(volume / (p.aspect[0] * p.aspect[1] * p.aspect[2]));
        lmp.commands({"units metal", "atom_style atomic", "atom_modify map array", "boundary p p p",
                      "region box block 0 " + to_text_precise(L * p.aspect[0]) + " 0 " + to_text_precise(L * p.aspect[1]) + " 0 " +
                        to_text_precise(L * p.aspect[2]),
                      "create_box " + std::to_string(types) + " box"});
        unsigned int placed = 0;
        for (int t = 0; t < types; ++t)
          {
            const unsigned int n = t + 1 == types ? p.atoms - placed
                                                  : static_cast<unsigned int>(std::lround(p.fractions[t] * p.atoms));
            placed += n;
            if (n > 0)
              lmp.command("create_atoms " + std::to_string(t + 1) + " random " + std::to_string(n) + " " +
                          std::to_string(p.seed * 7919 + t + 1) + " box");
          }
        for (int t = 0; t < types; ++t)
          lmp.command("mass " + std::to_string(t + 1) + " " + to_text_precise(mass[t]));
        // Random placement overlaps atoms: push them apart with a soft repulsion first.
        lmp.commands({"pair_style soft 2.2", "pair_coeff * * 50.0", "minimize 1.0e-4 1.0e-6 1000 10000"});
        lmp.commands(potential);
        lmp.commands({"minimize 1.0e-6 1.0e-8 1000 10000", "reset_timestep 0"});
        lmp.command("velocity all create " + to_text_precise(p.melt_temperature) + " " + std::to_string(p.seed) +
                    " dist gaussian mom yes rot yes");
        stage_end("build");
      }

    const std::string npt_tail = " iso 0.0 0.0 " + to_text_precise(p.barostat_damping);
    if (!is_done("melt"))
      {
        lmp.commands({"timestep " + to_text_precise(p.timestep * 1e-3), "thermo 1000",
                      "fix md all npt temp " + to_text_precise(p.melt_temperature) + " " + to_text_precise(p.melt_temperature) + " " +
                        to_text_precise(p.thermostat_damping) + npt_tail,
                      "run " + std::to_string(steps_of(p.melt_time, p.timestep)), "unfix md"});
        stage_end("melt");
      }

    if (!is_done("quench"))
      {
        const double span = p.melt_temperature - p.final_temperature;
        const long chunk = steps_of(p.record_interval / p.quench_rate, p.timestep);
        const long chunks = std::max(1L, std::lround(span / p.record_interval));
        const long total = chunk * chunks;
        lmp.commands({"timestep " + to_text_precise(p.timestep * 1e-3), "reset_timestep 0", "variable bmg_t equal temp",
                      "variable bmg_v equal vol/atoms", "variable bmg_h equal enthalpy/atoms",
                      "fix md all npt temp " + to_text_precise(p.melt_temperature) + " " + to_text_precise(p.final_temperature) + " " +
                        to_text_precise(p.thermostat_damping) + npt_tail,
                      "fix bmg_avg all ave/time 1 " + std::to_string(chunk) + " " + std::to_string(chunk) +
                        " v_bmg_t v_bmg_v v_bmg_h"});
        for (long c = 0; c < chunks; ++c)
          {
            lmp.command("run " + std::to_string(chunk) + " start 0 stop " + std::to_string(total));
            result.quench.temperature.push_back(lmp.fix_vector("bmg_avg", 0));
            result.quench.volume_per_atom.push_back(lmp.fix_vector("bmg_avg", 1));
            result.quench.enthalpy_per_atom.push_back(lmp.fix_vector("bmg_avg", 2));
          }
        lmp.commands({"unfix bmg_avg", "unfix md"});
        if (rank == 0)
          write_columns(dir + "/quench.csv", "temperature_K,volume_A3_per_atom,enthalpy_eV_per_atom",
                        {&result.quench.temperature, &result.quench.volume_per_atom, &result.quench.enthalpy_per_atom});
        stage_end("quench");
      }
    else
      read_columns(dir + "/quench.csv",
                   {&result.quench.temperature, &result.quench.volume_per_atom, &result.quench.enthalpy_per_atom});

    // Each branch spans at least a quarter of the curve, so that the start of the quench (the
    // melt settling onto the ramp) cannot pass for a branch of its own.
    const unsigned int min_points = std::max<unsigned int>(3, result.quench.temperature.size() / 4);
    result.tg_volume = fit_two_lines(result.quench.temperature, result.quench.volume_per_atom, min_points);
    result.tg_enthalpy = fit_two_lines(result.quench.temperature, result.quench.enthalpy_per_atom, min_points);
    if (rank == 0)
      {
        std::ostringstream csv;
        csv.precision(10);
        csv << "observable,tg_K,glass_slope,glass_intercept,liquid_slope,liquid_intercept,rms,transition_found\n";
        for (const auto &[name, f] : {std::make_pair(std::string("volume_A3_per_atom"), result.tg_volume),
                                      std::make_pair(std::string("enthalpy_eV_per_atom"), result.tg_enthalpy)})
          csv << name << "," << f.tg << "," << f.low_slope << "," << f.low_intercept << "," << f.high_slope << ","
              << f.high_intercept << "," << f.rms << "," << (f.found ? "yes" : "no") << "\n";
        write_file_atomically(dir + "/tg.csv", csv.str());
      }

    // Compression test of the as-quenched glass along y at the final temperature, x and z free
    // of stress (NPT on them), strain rate constant (fix deform erate); stress from the pressure
    // tensor, compressive positive in GPa.
    if (!is_done("compression"))
      {
        const long chunk = steps_of(p.compression_record_strain / p.compression_rate, p.timestep);
        const long chunks = std::max(4L, std::lround(p.compression_max_strain / p.compression_record_strain));
        const std::string T = to_text_precise(p.final_temperature);
        lmp.commands({"timestep " + to_text_precise(p.timestep * 1e-3), "reset_timestep 0",
                      "variable bmg_ly0 equal " + to_text_precise(lmp.box_lengths()[1]),
                      "variable bmg_strain equal (v_bmg_ly0-ly)/v_bmg_ly0", "variable bmg_syy equal pyy*1.0e-4",
                      "fix md all npt temp " + T + " " + T + " " + to_text_precise(p.thermostat_damping) + " x 0.0 0.0 " +
                        to_text_precise(p.barostat_damping) + " z 0.0 0.0 " + to_text_precise(p.barostat_damping),
                      "fix bmg_deform all deform 1 y erate " + to_text_precise(-p.compression_rate) + " remap x",
                      "fix bmg_avg all ave/time 1 " + std::to_string(chunk) + " " + std::to_string(chunk) +
                        " v_bmg_strain v_bmg_syy"});
        result.compression_strain.push_back(0.0);
        result.compression_stress.push_back(0.0);
        for (long c = 0; c < chunks; ++c)
          {
            lmp.command("run " + std::to_string(chunk));
            result.compression_strain.push_back(lmp.fix_vector("bmg_avg", 0));
            result.compression_stress.push_back(lmp.fix_vector("bmg_avg", 1));
          }
        lmp.commands({"unfix bmg_avg", "unfix bmg_deform", "unfix md"});
        if (rank == 0)
          write_columns(dir + "/compression.csv", "strain,stress_GPa",
                        {&result.compression_strain, &result.compression_stress});
        stage_end("compression");
      }
    else
      read_columns(dir + "/compression.csv", {&result.compression_strain, &result.compression_stress});
    result.yield = read_yield(result.compression_strain, result.compression_stress, 0.002,
                              std::max(0.01, 3.5 * p.compression_record_strain));
    if (rank == 0)
      write_file_atomically(dir + "/yield.csv",
                            "youngs_modulus_GPa,offset_yield_GPa,peak_stress_GPa,peak_strain\n" +
                              to_text_precise(result.yield.modulus) + "," + to_text_precise(result.yield.offset_yield) +
                              "," + to_text_precise(result.yield.peak) + "," + to_text_precise(result.yield.peak_strain) +
                              "\n");
    return result;
  }
} // namespace bmgcreep::atomistic
