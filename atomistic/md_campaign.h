// The MD campaign `bmgcreep md DECK.prm`, first part: build a random Zr-Cu alloy, melt it and
// quench it to a glass, recording volume and enthalpy on cooling and fitting Tg. Each stage ends
// with a LAMMPS restart file and a record in DIR/stages.done; a campaign run again resumes after
// its last completed stage. Everything LAMMPS is asked to do is checked first (files, species,
// ranges), since LAMMPS ends the process on an error.
#pragma once

#include "atomistic/glass_transition.h"

#include <mpi.h>

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  struct MdParameters
  {
    // System
    std::vector<std::string> species{"Zr", "Cu"}; ///< in type order
    std::vector<double> fractions{0.6, 0.4};      ///< atom fractions, sum 1
    unsigned int atoms = 500;
    double aspect[3] = {1.0, 2.0, 1.0};           ///< box X:Y:Z
    std::string potential = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
    unsigned int seed = 1;
    double volume_per_atom = 20.0;                ///< initial guess for the melt (A^3)
    // Melt and quench
    double timestep = 1.0;                        ///< fs
    double melt_temperature = 2000.0;             ///< K
    double melt_time = 2000.0;                    ///< ps
    double quench_rate = 1.0;                     ///< K/ps
    double final_temperature = 355.0;             ///< K
    double record_interval = 50.0;                ///< K of cooling per recorded point
    double thermostat_damping = 0.1;              ///< ps
    double barostat_damping = 1.0;                ///< ps
    // Compression test of the glass at the final temperature (load axis y, x and z stress-free)
    double compression_rate = 1e-5;               ///< engineering strain rate (1/ps)
    double compression_max_strain = 0.1;          ///< (-)
    double compression_record_strain = 0.002;     ///< strain between recorded points (-)
  };

  /// Checks what LAMMPS would otherwise die on: the potential file and its elements, species
  /// and fractions; throws std::invalid_argument with one line.
  void validate(const MdParameters &p, const std::string &deck);

  /// Masses (g/mol) of `species` from the eam/fs file's element lines.
  std::vector<double> element_masses(const std::string &potential, const std::vector<std::string> &species);

  struct QuenchRecord
  {
    std::vector<double> temperature;     ///< K (averaged over each interval)
    std::vector<double> volume_per_atom; ///< A^3
    std::vector<double> enthalpy_per_atom; ///< eV
  };

  struct MdResult
  {
    QuenchRecord quench;
    TwoLineFit tg_volume, tg_enthalpy;
    std::vector<double> compression_strain, compression_stress; ///< (-), GPa, compressive positive
    YieldPoint yield;                                           ///< GPa
    std::vector<std::string> stages_run, stages_resumed;
  };

  /// Runs (or resumes) the stages build, melt, quench, compression in `dir`: restart files, the
  /// LAMMPS input of each stage (`<stage>.in`), the cooling curve `quench.csv`, `tg.csv`, the
  /// as-quenched compression test `compression.csv` and `yield.csv`; `progress` (may be null) gets
  /// one line per stage.
  MdResult run_md_campaign(MPI_Comm comm, const MdParameters &p, const std::string &dir, std::ostream *progress);
} // namespace bmgcreep::atomistic
