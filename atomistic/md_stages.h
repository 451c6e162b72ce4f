// The LAMMPS inputs of the MD campaign's stages, as plain command lists (a person can run each
// with `lmp -in`), and the readers of what they record. Each stage after the first starts from
// its parent stage's restart file (`clear`, `read_restart`, the potential) and ends with its own
// restart file; what it records goes to a `fix ave/time ... file` table that LAMMPS writes.
// Sign convention of the whole module: stress and strain along the load axis y are
// compressive-positive; LAMMPS's pressure is compressive-positive, so a uniaxial stress s (GPa)
// is a y pressure of s * 1e4 bar.
#pragma once

#include "atomistic/glass_transition.h"

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
    unsigned int seed = 1;                        ///< of the first sample; sample k uses seed + k - 1
    double volume_per_atom = 20.0;                ///< initial guess for the melt (A^3)
    unsigned int samples = 1;                     ///< independent glasses (melt seeds)
    unsigned int partitions = 1;                  ///< groups of MPI ranks running samples side by side
    // Melt and quench
    double timestep = 1.0;                        ///< fs
    double melt_temperature = 2000.0;             ///< K
    double melt_time = 2000.0;                    ///< ps
    double quench_rate = 1.0;                     ///< K/ps
    double final_temperature = 355.0;             ///< K
    double record_interval = 50.0;                ///< K of cooling per recorded point
    double thermostat_damping = 0.1;              ///< ps
    double barostat_damping = 1.0;                ///< ps
    // Compression test at the final temperature (load axis y, x and z stress-free)
    double compression_rate = 1e-5;               ///< engineering strain rate (1/ps)
    double compression_max_strain = 0.1;          ///< (-)
    double compression_record_strain = 0.002;     ///< strain between recorded points (-)
    // Holds
    std::vector<double> hold_stresses;            ///< GPa, or fractions of the yield (peak) stress
    bool stresses_are_fractions = false;
    double loading_rate = 1e-5;                   ///< strain rate of loading and unloading (1/ps)
    double hold_time = 10000.0;                   ///< ps
    double relax_time = 2000.0;                   ///< ps at zero stress after unloading (and for the reference)
    double hold_record_time = 10.0;               ///< ps between recorded points of the strain-time curve
    double structure_cutoff = 0.0;                ///< A; 0: first minimum of g(r) of the reference glass
    std::string until;                            ///< stop each sample after this stage (empty: run all)
    /// The deck's values that define stages, one "Section/Key = value" per entry (Samples/Count
    /// and Samples/Partitions excluded): kept in each sample's stage records, so that a rerun
    /// with another deck can name the keys that changed.
    std::vector<std::string> deck_values;
  };

  /// Number of MD steps for `ps` picoseconds, at least 1.
  long steps_of(double ps, double timestep_fs);

  /// Lines that start a stage from `restart` (clear, read_restart, potential, time step).
  std::vector<std::string> stage_prelude(const MdParameters &p, const std::string &restart);
  std::vector<std::string> potential_commands(const MdParameters &p);

  /// Random alloy (soft push-apart, minimisation), velocities at the melt temperature.
  std::vector<std::string> build_commands(const MdParameters &p, unsigned int seed, const std::vector<double> &masses);
  /// NPT melt at zero pressure.
  std::vector<std::string> melt_commands(const MdParameters &p);
  /// Quench to the final temperature; `table` gets T, volume/atom, enthalpy/atom per interval.
  std::vector<std::string> quench_commands(const MdParameters &p, const std::string &table);
  /// Compression at the deck's strain rate along y (x, z stress-free); `table`: strain, stress (GPa).
  std::vector<std::string> compression_commands(const MdParameters &p, const std::string &table);
  /// Zero-stress NPT (x, y, z independent) for the relax time at the final temperature; `table`:
  /// time (ps), y length (A), volume/atom (A^3), enthalpy/atom (eV), yy stress (GPa).
  std::vector<std::string> reference_commands(const MdParameters &p, const std::string &table);

  /// Phases of a hold, in ps (each a whole number of recording intervals).
  struct HoldSchedule
  {
    double load = 0.0, hold = 0.0, unload = 0.0, relax = 0.0;
  };
  /// Load and unload last stress / (E * loading rate): the stress ramps at the rate an elastic
  /// glass of modulus E (GPa) loaded at the deck's strain rate would see.
  HoldSchedule hold_schedule(const MdParameters &p, double stress_gpa, double modulus_gpa);
  /// Load (y pressure ramped 0 -> stress), hold, unload (stress -> 0), relax at zero stress;
  /// `table` as in reference_commands.
  std::vector<std::string> hold_commands(const MdParameters &p, double stress_gpa, const HoldSchedule &s,
                                         const std::string &table);

  /// The rows of a `fix ave/time ... file` table: the values after the time step column.
  /// Throws std::runtime_error naming the file if it is missing or has no rows.
  std::vector<std::vector<double>> read_ave_time_table(const std::string &path, std::size_t columns);

  /// A recorded hold (or reference) curve: time (ps from the stage start), strain (compressive
  /// positive, against the reference length), stress (GPa, compressive positive), volume and
  /// enthalpy per atom.
  struct HoldCurve
  {
    std::vector<double> time, strain, stress, volume_per_atom, enthalpy_per_atom;
  };
  HoldCurve hold_curve(const std::vector<std::vector<double>> &rows, double reference_ly);

  /// What a hold did, from its curve and schedule: the mean over the second half of the relax
  /// phase gives the state after the hold (as the reference's second half gives the state before).
  struct HoldOutcome
  {
    double stress_mean = 0.0;      ///< GPa, mean over the hold phase
    double creep_strain = 0.0;     ///< strain at the end of the hold minus at its start
    double residual_strain = 0.0;  ///< after unloading and relaxing
    double volume_per_atom = 0.0;  ///< A^3, after
    double enthalpy_per_atom = 0.0; ///< eV, after
  };
  HoldOutcome hold_outcome(const HoldCurve &c, const HoldSchedule &s);
  /// Mean of the second half of `values` (the equilibrated end of a zero-stress run).
  double second_half_mean(const std::vector<double> &values);
} // namespace bmgcreep::atomistic
