// The LAMMPS inputs of the MD campaign's stages, as plain command lists (a person can run each
// with `lmp -in`), and the readers of what they record. Each stage after the first starts from
// its parent stage's restart file (`clear`, `read_restart`, the potential) and ends with its own
// restart file; what it records goes to a `fix ave/time ... file` table that LAMMPS writes.
// Sign convention of the whole module: stress and strain along the load axis y are
// compressive-positive; LAMMPS's pressure is compressive-positive, so a uniaxial stress s (GPa)
// is a y pressure of s * 1e4 bar.
#pragma once

#include "atomistic/glass_transition.h"
#include "atomistic/md_parameters.h"

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// Number of MD steps for `ps` picoseconds, at least 1.
  long steps_of(double ps, double timestep_fs);

  /// `fix md` (NPT) at the final temperature and zero stress on x, y and z independently.
  std::string zero_stress_npt(const MdParameters &p);

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
