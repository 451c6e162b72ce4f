#include "atomistic/md_campaign.h"

#include "atomistic/campaign_columns.h"
#include "atomistic/inherent_structure.h"
#include "atomistic/lammps_session.h"
#include "atomistic/paired_statistics.h"
#include "atomistic/potential_file.h"
#include "atomistic/stage_runner.h"
#include "coupling/atomic_file.h"
#include "coupling/output_folder.h"
#include "coupling/shared_error.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::atomistic
{
  namespace
  {
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

    /// The means per group of a structure CSV (structure_csv), its columns found by name;
    /// `cutoff` gets its cutoff.
    std::vector<GroupStructure> read_structure_csv(const std::string &path, const std::vector<std::string> &species,
                                                   double &cutoff)
    {
      const auto lines = read_lines(path);
      if (lines.size() < 2)
        throw std::runtime_error(path + ": no structure rows");
      const std::vector<std::string> header = split_csv_line(lines[0]);
      const auto column = [&](const std::string &name) {
        const auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end())
          throw std::runtime_error(path + ": no column \"" + name + "\"");
        return static_cast<std::size_t>(it - header.begin());
      };
      const std::size_t group = column("group"), atoms = column("atoms"), w6hat = column("w6hat"), cn = column("cn"),
                        voronoi = column("voronoi_volume_A3"), rc = column("cutoff_A");
      std::vector<std::size_t> partial;
      for (const auto &sp : species)
        partial.push_back(column("cn_" + sp));
      std::vector<GroupStructure> groups;
      for (std::size_t i = 1; i < lines.size(); ++i)
        {
          const std::vector<std::string> f = split_csv_line(lines[i]);
          if (f.size() != header.size())
            throw std::runtime_error(path + ":" + std::to_string(i + 1) + ": expected " + std::to_string(header.size()) +
                                     " columns");
          GroupStructure g;
          g.group = f[group];
          g.atoms = std::stoll(f[atoms]);
          g.w6hat = std::stod(f[w6hat]);
          g.cn = std::stod(f[cn]);
          for (const std::size_t c : partial)
            g.partial_cn.push_back(std::stod(f[c]));
          g.voronoi_volume = std::stod(f[voronoi]);
          cutoff = std::stod(f[rc]);
          groups.push_back(g);
        }
      return groups;
    }

    /// `after` callback of a stage: analyse the structure and write it to `file` (first rank).
    std::function<void(LammpsSession &)> structure_writer(const MdParameters &p, const std::string &file,
                                                          const std::function<double(LammpsSession &)> &cutoff)
    {
      return [&p, file, cutoff](LammpsSession &lmp) {
        const StructureResult r = analyze_structure(lmp, p.species, cutoff(lmp));
        int rank = 0;
        MPI_Comm_rank(lmp.communicator(), &rank);
        if (rank == 0)
          write_file_atomically(file, structure_csv(r));
      };
    }

    /// `after` callback of a state's inherent-structure stage: sample, minimise and analyse
    /// the snapshots; write `<state>-inherent.csv` (one row per snapshot) and
    /// `<state>-inherent-structure.csv` (their mean, as a structure CSV) (first rank).
    std::function<void(LammpsSession &)> inherent_writer(const MdParameters &p, const std::string &dir, const std::string &state,
                                                         const double cutoff)
    {
      return [&p, dir, state, cutoff](LammpsSession &lmp) {
        const auto snapshots = sample_inherent_structures(lmp, p, cutoff, dir + "/" + state + "-inherent-scratch.restart");
        int rank = 0;
        MPI_Comm_rank(lmp.communicator(), &rank);
        if (rank == 0)
          {
            write_file_atomically(dir + "/" + state + "-inherent.csv", inherent_csv(snapshots));
            write_file_atomically(dir + "/" + state + "-inherent-structure.csv",
                                  structure_csv(mean_structure(snapshots, p.species, cutoff)));
          }
      };
    }

    std::string inherent_analysis(const MdParameters &p, const double cutoff)
    {
      return "inherent structures: " + std::to_string(p.inherent_snapshots) + " snapshots " + to_text_precise(p.snapshot_spacing) +
             " ps apart, each minimised (cg, force tolerance " + to_text_precise(p.minimisation_force_tolerance) +
             " eV/A) at fixed box; cutoff " + to_text_precise(cutoff) + " A";
    }

    /// A compression test's curve from its table (strain, stress), starting at (0, 0).
    void read_compression_curve(const std::string &table, std::vector<double> &strain, std::vector<double> &stress)
    {
      strain.assign(1, 0.0);
      stress.assign(1, 0.0);
      for (const auto &row : read_ave_time_table(table, 2))
        {
          strain.push_back(row[0]);
          stress.push_back(row[1]);
        }
    }

    double molar_mass(const MdParameters &p)
    {
      const auto m = element_masses(p.potential, p.species);
      double sum = 0.0;
      for (std::size_t i = 0; i < m.size(); ++i)
        sum += p.fractions[i] * m[i];
      return sum;
    }

    void write_curve(const std::string &file, const HoldCurve &c, const double molar_mass,
                     const std::function<std::string(double)> &phase)
    {
      std::ostringstream csv;
      csv.precision(10);
      csv << "time_ps,stage,strain,stress_GPa,volume_A3_per_atom,enthalpy_eV_per_atom,density_g_per_cm3\n";
      for (std::size_t i = 0; i < c.time.size(); ++i)
        csv << c.time[i] << "," << phase(c.time[i]) << "," << c.strain[i] << "," << c.stress[i] << ","
            << c.volume_per_atom[i] << "," << c.enthalpy_per_atom[i] << ","
            << units::density_g_per_cm3(molar_mass, c.volume_per_atom[i]) << "\n";
      write_file_atomically(file, csv.str());
    }

    std::string yield_csv(const YieldPoint &y)
    {
      return "youngs_modulus_GPa,offset_yield_GPa,peak_stress_GPa,peak_strain\n" + to_text_precise(y.modulus) + "," +
             to_text_precise(y.offset_yield) + "," + to_text_precise(y.peak) + "," + to_text_precise(y.peak_strain) + "\n";
    }

    YieldPoint yield_of(const MdParameters &p, const std::vector<double> &strain, const std::vector<double> &stress)
    {
      return read_yield(strain, stress, 0.002, std::max(0.01, 3.5 * p.compression_record_strain));
    }

    /// One sample's stages (run, resumed, written or loaded, as `mode` says) and results.
    SampleResult run_sample(MPI_Comm comm, const MdParameters &p, const std::string &potential_crc, const std::string &deck,
                            const std::string &dir, const unsigned int k, std::ostream *progress,
                            const StageRunner::Mode mode, std::vector<std::string> *unwritten = nullptr)
    {
      std::filesystem::create_directories(dir);
      SampleResult s;
      s.index = k;
      s.seed = p.seed + k - 1;
      const double M = molar_mass(p);
      StageRunner st(comm, p, potential_crc, dir, k, progress, mode);
      const bool write = mode == StageRunner::Mode::write;
      st.run("build", "", build_commands(p, s.seed, element_masses(p.potential, p.species)));
      st.run("melt", "build", melt_commands(p));
      st.run("quench", "melt", quench_commands(p, st.path("quench.dat")), {"quench.dat"});
      st.run("compression", "quench", compression_commands(p, st.path("compression.dat")), {"compression.dat"});
      const std::function<double(LammpsSession &)> own_cutoff = [&p](LammpsSession &lmp) {
        return p.structure_cutoff > 0.0 ? p.structure_cutoff : first_minimum_of_rdf(lmp, 6.0, 120);
      };
      std::string species = "species";
      for (const auto &sp : p.species)
        species += " " + sp;
      st.run("reference", "quench", reference_commands(p, st.path("reference.dat")), {"reference.dat", "reference-structure.csv"},
             species + (p.structure_cutoff > 0.0 ? "; cutoff " + to_text_precise(p.structure_cutoff) + " A"
                                                  : "; cutoff at the first minimum of g(r) to 6 A in 120 bins"),
             structure_writer(p, st.path("reference-structure.csv"), own_cutoff));
      if (write && !st.done("compression"))
        {
          if (p.inherent_snapshots > 0)
            unwritten->push_back(dir + "/reference-inherent");
          for (std::size_t i = 1; i <= p.hold_stresses.size(); ++i)
            for (const std::string stage : {"hold-", "test-"})
              {
                unwritten->push_back(dir + "/" + stage + std::to_string(i));
                if (p.inherent_snapshots > 0 && stage == std::string("hold-"))
                  unwritten->push_back(dir + "/" + stage + std::to_string(i) + "-inherent");
              }
          return s;
        }

      // Results of the completed stages, read back from the tables LAMMPS wrote.
      if (!write)
        {
          for (const auto &row : read_ave_time_table(st.path("quench.dat"), 3))
            {
              s.quench.temperature.push_back(row[0]);
              s.quench.volume_per_atom.push_back(row[1]);
              s.quench.enthalpy_per_atom.push_back(row[2]);
            }
          // Each branch spans at least a quarter of the curve, so that the start of the quench
          // (the melt settling onto the ramp) cannot pass for a branch of its own.
          // With Tg fit maximum, only the curve below it (the supercooled liquid near Tg).
          std::vector<double> T, V, H;
          for (std::size_t i = 0; i < s.quench.temperature.size(); ++i)
            if (!(p.tg_fit_max > 0.0) || s.quench.temperature[i] <= p.tg_fit_max)
              {
                T.push_back(s.quench.temperature[i]);
                V.push_back(s.quench.volume_per_atom[i]);
                H.push_back(s.quench.enthalpy_per_atom[i]);
              }
          const unsigned int min_points = std::max<unsigned int>(3, T.size() / 4);
          if (T.size() < 2 * min_points)
            throw std::invalid_argument(deck + ": Melt and quench/Tg fit maximum = " + to_text(p.tg_fit_max) + " K leaves " +
                                        std::to_string(T.size()) + " points of the cooling curve of sample " +
                                        std::to_string(k) + ": at least 6 needed; raise it or set 0 (the whole curve)");
          s.tg_volume = fit_two_lines(T, V, min_points);
          s.tg_enthalpy = fit_two_lines(T, H, min_points);
        }
      read_compression_curve(st.path("compression.dat"), s.compression_strain, s.compression_stress);
      s.yield = yield_of(p, s.compression_strain, s.compression_stress);
      if (!(s.yield.modulus > 0.0) || !(s.yield.peak > 0.0))
        throw std::runtime_error(st.path("compression.csv") + ": the compression test gives no positive modulus and peak stress");

      for (std::size_t i = 0; i < p.hold_stresses.size(); ++i)
        {
          HoldResult h;
          h.stress_gpa = p.stresses_are_fractions ? p.hold_stresses[i] * s.yield.peak : p.hold_stresses[i];
          h.fraction = h.stress_gpa / s.yield.peak;
          if (!(h.stress_gpa < s.yield.peak))
            throw std::invalid_argument(deck + ": Holds/Stresses: " + to_text(h.stress_gpa) +
                                        " GPa is not below the yield (peak) stress " + to_text(s.yield.peak) +
                                        " GPa measured for sample " + std::to_string(k) + " (" + st.path("yield.csv") +
                                        "): hold below yield, or give fractions of it with Holds/Stress unit = fraction of yield");
          h.schedule = hold_schedule(p, h.stress_gpa, s.yield.modulus);
          s.holds.push_back(h);
        }
      if (!write)
        {
          // Zero-stress reference run of the as-quenched glass: its equilibrated second half
          // gives the length, volume and enthalpy that the holds are measured against.
          const auto rows = read_ave_time_table(st.path("reference.dat"), 5);
          std::vector<double> ly;
          for (const auto &r : rows)
            ly.push_back(r[1]);
          s.reference_ly = second_half_mean(ly);
          s.reference = hold_curve(rows, s.reference_ly);
          s.reference_volume = second_half_mean(s.reference.volume_per_atom);
          s.reference_enthalpy = second_half_mean(s.reference.enthalpy_per_atom);
        }
      if (!write || st.done("reference")) // writing inputs: the holds' analysis needs the reference's cutoff
        s.structure = read_structure_csv(st.path("reference-structure.csv"), p.species, s.cutoff);
      // The inherent structures of a state: a stage of their own after it (from its restart),
      // so that the state's trajectory and its later stages do not depend on them.
      const bool inherent = p.inherent_snapshots > 0;
      const auto inherent_stage = [&](const std::string &state, std::vector<GroupStructure> &structure, double &energy) {
        if (!inherent)
          return;
        if (write && !st.done("reference"))
          {
            unwritten->push_back(dir + "/" + state + "-inherent");
            return;
          }
        st.run(state + "-inherent", state, {}, {state + "-inherent.csv", state + "-inherent-structure.csv"},
               inherent_analysis(p, s.cutoff), inherent_writer(p, dir, state, s.cutoff));
        if (write)
          return;
        double unused = 0.0;
        structure = read_structure_csv(st.path(state + "-inherent-structure.csv"), p.species, unused);
        energy = read_mean_inherent_energy(read_file(st.path(state + "-inherent.csv")), st.path(state + "-inherent.csv"));
      };
      inherent_stage("reference", s.structure, s.reference_inherent_energy);
      for (std::size_t i = 0; i < s.holds.size(); ++i)
        {
          HoldResult &h = s.holds[i];
          const std::string hold = "hold-" + std::to_string(i + 1), test = "test-" + std::to_string(i + 1);
          const double cutoff = s.cutoff;
          st.run(hold, "reference", hold_commands(p, h.stress_gpa, h.schedule, st.path(hold + ".dat")),
                 {hold + ".dat", hold + "-structure.csv"}, species + "; cutoff " + to_text_precise(cutoff) + " A",
                 structure_writer(p, st.path(hold + "-structure.csv"), [cutoff](LammpsSession &) { return cutoff; }));
          st.run(test, hold, compression_commands(p, st.path(test + ".dat")), {test + ".dat"});
          inherent_stage(hold, h.structure, h.inherent_energy);
          if (write)
            continue;
          h.curve = hold_curve(read_ave_time_table(st.path(hold + ".dat"), 5), s.reference_ly);
          h.outcome = hold_outcome(h.curve, h.schedule);
          double unused = 0.0;
          if (!inherent)
            h.structure = read_structure_csv(st.path(hold + "-structure.csv"), p.species, unused);
          read_compression_curve(st.path(test + ".dat"), h.test_strain, h.test_stress);
          h.yield = yield_of(p, h.test_strain, h.test_stress);
        }
      s.stages_run = st.ran;
      s.stages_skipped = st.skipped;
      if (write || st.rank != 0)
        return s;

      // The sample's tables (rewritten from the records each time: same content on a resume).
      write_columns(st.path("quench.csv"), "temperature_K,volume_A3_per_atom,enthalpy_eV_per_atom",
                    {&s.quench.temperature, &s.quench.volume_per_atom, &s.quench.enthalpy_per_atom});
      std::ostringstream tg;
      tg.precision(10);
      tg << "observable,tg_K,glass_slope,glass_intercept,liquid_slope,liquid_intercept,rms,transition_found\n";
      for (const auto &[name, f] : {std::make_pair(std::string("volume_A3_per_atom"), s.tg_volume),
                                    std::make_pair(std::string("enthalpy_eV_per_atom"), s.tg_enthalpy)})
        tg << name << "," << f.tg << "," << f.low_slope << "," << f.low_intercept << "," << f.high_slope << ","
           << f.high_intercept << "," << f.rms << "," << (f.found ? "yes" : "no") << "\n";
      write_file_atomically(st.path("tg.csv"), tg.str());
      write_columns(st.path("compression.csv"), "strain,stress_GPa", {&s.compression_strain, &s.compression_stress});
      write_file_atomically(st.path("yield.csv"), yield_csv(s.yield));
      write_curve(st.path("reference.csv"), s.reference, M, [](double) { return std::string("relax"); });
      for (std::size_t i = 0; i < s.holds.size(); ++i)
        {
          const HoldResult &h = s.holds[i];
          const HoldSchedule &t = h.schedule;
          write_curve(st.path("hold-" + std::to_string(i + 1) + ".csv"), h.curve, M, [&t](const double time) {
            return std::string(time < t.load ? "load" : time < t.load + t.hold ? "hold" : time < t.load + t.hold + t.unload ? "unload" : "relax");
          });
          write_columns(st.path("test-" + std::to_string(i + 1) + ".csv"), "strain,stress_GPa", {&h.test_strain, &h.test_stress});
        }
      return s;
    }

    /// Throws on every rank of `comm` if any rank has an error (so that partitions that
    /// finished do not wait for one that failed); invalid_argument if that was one.
    void share_error(MPI_Comm comm, const std::string &error)
    {
      constexpr int width = 1024;
      int size = 1;
      MPI_Comm_size(comm, &size);
      std::vector<char> mine(width, '\0'), all(static_cast<std::size_t>(width) * size);
      std::strncpy(mine.data(), error.c_str(), width - 1);
      MPI_Allgather(mine.data(), width, MPI_CHAR, all.data(), width, MPI_CHAR, comm);
      for (int r = 0; r < size; ++r)
        if (all[static_cast<std::size_t>(r) * width] != '\0')
          throw_encoded_error(std::string(&all[static_cast<std::size_t>(r) * width]));
    }

    std::string sample_dir(const std::string &dir, const unsigned int k) { return dir + "/sample-" + std::to_string(k); }

    /// CRC-32 of the potential file (read once per campaign, for the stage fingerprints).
    std::string potential_checksum(const MdParameters &p)
    {
      unsigned long long bytes = 0;
      return file_crc32_hex(p.potential, bytes);
    }
  } // namespace

  void validate(const MdParameters &p, const std::string &deck)
  {
    if (p.species.size() != p.fractions.size())
      throw std::invalid_argument(deck + ": System/Species names " + std::to_string(p.species.size()) +
                                  " species but System/Fractions gives " + std::to_string(p.fractions.size()) + " values");
    const double sum = std::accumulate(p.fractions.begin(), p.fractions.end(), 0.0);
    if (std::abs(sum - 1.0) > 1e-6)
      throw std::invalid_argument(deck + ": System/Fractions must sum to 1 (they sum to " + to_text_precise(sum) + ")");
    for (std::size_t i = 0; i < p.fractions.size(); ++i)
      if (!(p.fractions[i] * p.atoms >= 1.0))
        throw std::invalid_argument(deck + ": System/Fractions gives " + p.species[i] + " " + to_text_precise(p.fractions[i]) + " of " +
                                    std::to_string(p.atoms) + " atoms, less than one atom: drop the species, or give it at least 1/" +
                                    std::to_string(p.atoms));
    element_masses(p.potential, p.species);
    if (!(p.final_temperature < p.melt_temperature))
      throw std::invalid_argument(deck + ": Melt and quench/Final temperature (" + to_text_precise(p.final_temperature) +
                                  " K) must be below the Melt temperature (" + to_text_precise(p.melt_temperature) + " K)");
    if (p.compression_max_strain / p.compression_record_strain < 8)
      throw std::invalid_argument(deck + ": Compression test/Record strain = " + to_text_precise(p.compression_record_strain) +
                                  " gives fewer than 8 points up to the Max strain " + to_text_precise(p.compression_max_strain));
    for (const double x : p.hold_stresses)
      if (!(x >= 0.0) || (p.stresses_are_fractions && !(x < 1.0)))
        throw std::invalid_argument(deck + ": Holds/Stresses = " + to_text_precise(x) +
                                    (p.stresses_are_fractions ? " is not a fraction of the yield stress in [0, 1)"
                                                              : " GPa is not a compressive stress >= 0 GPa"));
    if (!p.hold_stresses.empty() && (p.hold_time / p.hold_record_time < 2 || p.relax_time / p.hold_record_time < 2))
      throw std::invalid_argument(deck + ": Holds/Record time = " + to_text_precise(p.hold_record_time) +
                                  " ps gives fewer than 2 points in the Hold time or the Relax time: record more often");
    if (!p.until.empty())
      {
        const bool inherent = p.inherent_snapshots > 0;
        std::vector<std::string> stages = {"build", "melt", "quench", "compression", "reference"};
        if (inherent)
          stages.push_back("reference-inherent");
        for (std::size_t i = 1; i <= p.hold_stresses.size(); ++i)
          for (const std::string s : {"hold-", "test-"})
            {
              stages.push_back(s + std::to_string(i));
              if (inherent && s == std::string("hold-"))
                stages.push_back(s + std::to_string(i) + "-inherent");
            }
        if (std::find(stages.begin(), stages.end(), p.until) == stages.end())
          throw std::invalid_argument("--until " + p.until + ": not a stage of " + deck + " (stages: build, melt, quench, compression, reference" +
                                      (inherent ? ", reference-inherent" : "") + ", hold-1 ... hold-" + std::to_string(p.hold_stresses.size()) +
                                      ", test-1 ... test-" + std::to_string(p.hold_stresses.size()) +
                                      (inherent ? ", hold-1-inherent ... hold-" + std::to_string(p.hold_stresses.size()) + "-inherent" : "") + ")");
      }
    if (p.partitions > p.samples)
      throw std::invalid_argument(deck + ": Samples/Partitions = " + std::to_string(p.partitions) + " exceeds Samples/Count = " +
                                  std::to_string(p.samples));
    const double points = (p.melt_temperature - p.final_temperature) / p.record_interval;
    if (points < 8)
      throw std::invalid_argument(deck + ": Melt and quench/Record interval = " + to_text_precise(p.record_interval) +
                                  " K gives " + to_text_precise(std::floor(points)) + " points of the cooling curve, at least 8 are needed for the Tg fit");
    if (p.tg_fit_max > 0.0 && (p.tg_fit_max - p.final_temperature) / p.record_interval < 8)
      throw std::invalid_argument(deck + ": Melt and quench/Tg fit maximum = " + to_text_precise(p.tg_fit_max) +
                                  " K leaves fewer than 8 points of the cooling curve for the Tg fit (allowed: 0, or at least Final "
                                  "temperature + 8 x Record interval = " +
                                  to_text_precise(p.final_temperature + 8 * p.record_interval) + " K)");
  }


  MdResult run_md_campaign(MPI_Comm comm, const MdParameters &p, const std::string &deck, const std::string &dir,
                           std::ostream *progress)
  {
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    if (static_cast<int>(p.partitions) > size)
      throw std::invalid_argument(deck + ": Samples/Partitions = " + std::to_string(p.partitions) + " needs at least as many MPI processes (have " +
                                  std::to_string(size) + ")");
    const int color = static_cast<int>(static_cast<long>(rank) * p.partitions / size);
    MPI_Comm part;
    MPI_Comm_split(comm, color, rank, &part);
    int part_rank = 0;
    MPI_Comm_rank(part, &part_rank);
    MdResult result;
    result.molar_mass = molar_mass(p);
    const std::string potential_crc = potential_checksum(p);
    const std::string error = encoded_error_of([&] {
      for (unsigned int k = 1; k <= p.samples; ++k)
        if (static_cast<int>((k - 1) % p.partitions) == color)
          try
            {
              result.samples.push_back(run_sample(part, p, potential_crc, deck, sample_dir(dir, k), k,
                                                  part_rank == 0 ? progress : nullptr, StageRunner::Mode::run));
            }
          catch (const StopAfterStage &)
            {
              result.stopped = true;
            }
    });
    MPI_Comm_free(&part);
    share_error(comm, error);
    if (!p.until.empty())
      {
        result.stopped = true;
        MPI_Barrier(comm);
        return result;
      }
    if (p.partitions > 1 && rank == 0) // the other partitions' samples, from their records
      {
        result.samples.clear();
        for (unsigned int k = 1; k <= p.samples; ++k)
          result.samples.push_back(
            run_sample(MPI_COMM_SELF, p, potential_crc, deck, sample_dir(dir, k), k, nullptr, StageRunner::Mode::load));
      }
    if (rank == 0)
      {
        write_output(dir, "campaign.csv", campaign_csv(p, result));
        write_output(dir, "campaign-summary.csv", campaign_summary_csv(p, result));
        write_campaign_statistics(dir, campaign_csv(p, result), dir + "/campaign.csv",
                                  "MD campaign: paired changes and the critical stress");
        std::ostringstream tg;
        tg.precision(10);
        tg << "sample,seed,tg_volume_K,volume_transition_found,tg_enthalpy_K,enthalpy_transition_found,fit_max_K\n";
        for (const auto &s : result.samples)
          tg << s.index << "," << s.seed << "," << s.tg_volume.tg << "," << (s.tg_volume.found ? "yes" : "no") << ","
             << s.tg_enthalpy.tg << "," << (s.tg_enthalpy.found ? "yes" : "no") << ","
             << (p.tg_fit_max > 0.0 ? p.tg_fit_max : p.melt_temperature) << "\n";
        write_output(dir, "tg.csv", tg.str());
      }
    MPI_Barrier(comm);
    return result;
  }

  std::vector<std::string> write_md_inputs(const MdParameters &p, const std::string &dir)
  {
    std::vector<std::string> unwritten;
    const std::string potential_crc = potential_checksum(p);
    for (unsigned int k = 1; k <= p.samples; ++k)
      run_sample(MPI_COMM_SELF, p, potential_crc, "", sample_dir(dir, k), k, nullptr, StageRunner::Mode::write, &unwritten);
    return unwritten;
  }

  namespace
  {
    struct CampaignRow
    {
      unsigned int sample = 0, seed = 0;
      std::string condition;
      std::vector<double> values;
    };

    /// The rows of campaign.csv: per sample its as-quenched glass, then its holds.
    std::vector<CampaignRow> campaign_rows(const std::vector<CampaignColumn> &columns, const MdResult &r)
    {
      std::vector<CampaignRow> rows;
      for (const auto &s : r.samples)
        for (std::size_t i = 0; i <= s.holds.size(); ++i)
          {
            const CampaignCondition c{s, i == 0 ? nullptr : &s.holds[i - 1], r.molar_mass};
            CampaignRow row{s.index, s.seed, i == 0 ? "as-quenched" : "hold-" + std::to_string(i), {}};
            for (const auto &column : columns)
              row.values.push_back(column.value(c));
            rows.push_back(row);
          }
      return rows;
    }
  } // namespace

  std::string campaign_csv(const MdParameters &p, const MdResult &r)
  {
    std::ostringstream csv;
    csv << "sample,seed,condition";
    const auto columns = campaign_columns(p.species, p.inherent_snapshots > 0);
    for (const auto &c : columns)
      csv << "," << c.name;
    csv << "\n";
    for (const auto &row : campaign_rows(columns, r))
      {
        csv << row.sample << "," << row.seed << "," << row.condition;
        for (const double v : row.values)
          csv << "," << to_text_precise(v);
        csv << "\n";
      }
    return csv.str();
  }

  std::string campaign_summary_csv(const MdParameters &p, const MdResult &r)
  {
    const auto columns = campaign_columns(p.species, p.inherent_snapshots > 0);
    const auto rows = campaign_rows(columns, r);
    std::vector<std::string> conditions;
    for (const auto &row : rows)
      if (std::find(conditions.begin(), conditions.end(), row.condition) == conditions.end())
        conditions.push_back(row.condition);
    std::ostringstream csv;
    csv << "condition,samples";
    for (const auto &c : columns)
      csv << "," << c.name << "_mean," << c.name << "_se";
    csv << "\n";
    for (const auto &c : conditions)
      {
        std::vector<const CampaignRow *> of;
        for (const auto &row : rows)
          if (row.condition == c)
            of.push_back(&row);
        csv << c << "," << of.size();
        for (std::size_t j = 0; j < of.front()->values.size(); ++j)
          {
            // A sample whose value is not a number (a post-hold test that never reached the
            // 0.2 % offset) is left out of this column only, as in the paired statistics.
            std::vector<double> v;
            for (const auto *row : of)
              if (std::isfinite(row->values[j]))
                v.push_back(row->values[j]);
            // The mean and its standard error over the samples (nan for a single sample): the
            // paired statistics' estimator, here of values rather than differences.
            double mean = std::nan(""), se = std::nan("");
            if (!v.empty())
              {
                const PairedChange m = paired_change(v);
                mean = m.mean;
                se = m.se;
              }
            csv << "," << to_text_precise(mean) << "," << to_text_precise(se);
          }
        csv << "\n";
      }
    return csv.str();
  }
} // namespace bmgcreep::atomistic
