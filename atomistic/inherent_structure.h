// Inherent structures (issue 16): the structure and potential energy of a glass are measured on
// energy-minimised snapshots rather than on one thermal configuration, so that thermal
// vibration, which at a few thousand atoms scatters W6-hat, CN and Voronoi volumes more than any
// effect of a hold, does not swamp them. From the end of a zero-stress run (a stage's relax
// phase), K snapshots a fixed time apart are taken from a continued zero-stress NPT run; each is
// minimised at fixed box (conjugate gradients to a force tolerance) and analysed, and the
// trajectory goes on from the thermal configuration, not the minimised one. The state's
// structure is the mean over its snapshots.
#pragma once

#include "atomistic/lammps_session.h"
#include "atomistic/md_parameters.h"
#include "atomistic/structure.h"

#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// Potential energy per atom (eV) before and after a minimisation.
  struct Minimisation
  {
    double before = 0.0, after = 0.0;
  };
  /// Minimises the atoms in `lmp` at fixed box (`min_style cg`, energy tolerance 0, force
  /// tolerance `force_tolerance` eV/A, at most 10,000 iterations).
  Minimisation minimise_at_fixed_box(LammpsSession &lmp, double force_tolerance = 1e-6);

  struct InherentSnapshot
  {
    double time_ps = 0.0;        ///< after the start of the sampling
    double thermal_pe = 0.0;     ///< eV/atom, the configuration before minimisation
    double inherent_pe = 0.0;    ///< eV/atom, after
    std::vector<GroupStructure> groups; ///< all, then each species
  };

  /// Samples `p.inherent_snapshots` inherent structures of the glass in `lmp`, `p.snapshot_spacing`
  /// ps of zero-stress NPT at the final temperature apart (the first at once), each minimised
  /// and analysed with `cutoff` (A). `scratch` is a restart file the thermal configuration is
  /// kept in while a snapshot is minimised (removed at the end). Leaves `lmp` at the last
  /// snapshot's inherent structure.
  std::vector<InherentSnapshot> sample_inherent_structures(LammpsSession &lmp, const MdParameters &p, double cutoff,
                                                           const std::string &scratch);

  /// The mean over the snapshots of each group's structure, as a StructureResult without per-atom
  /// values (for structure_csv).
  StructureResult mean_structure(const std::vector<InherentSnapshot> &snapshots, const std::vector<std::string> &species,
                                 double cutoff);
  /// Mean inherent potential energy per atom (eV).
  double mean_inherent_energy(const std::vector<InherentSnapshot> &snapshots);

  /// CSV text, one row per snapshot: snapshot, time_ps, thermal_energy_eV_per_atom,
  /// inherent_energy_eV_per_atom, then w6hat, cn, voronoi_volume_A3 of each group.
  std::string inherent_csv(const std::vector<InherentSnapshot> &snapshots);
  /// Reads inherent_csv's text back: the mean inherent energy per atom (eV). `what` names it in
  /// errors (std::runtime_error).
  double read_mean_inherent_energy(const std::string &csv, const std::string &what);
} // namespace bmgcreep::atomistic
