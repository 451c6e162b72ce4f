// The MD campaign `bmgcreep md DECK.prm`. For each sample (an independent glass, its own melt
// seed) in DIR/sample-<k>/: build a random Zr-Cu alloy, melt, quench (cooling curve, Tg),
// compression test (yield), a zero-stress reference run of the as-quenched glass (its state
// and structure), then for each hold stress a hold (load, hold, unload, relax; structure after)
// and a post-hold compression test. Every stage starts from its parent's restart file, ends with
// its own and a record in stages.done, and writes its LAMMPS input `<stage>.in` and log
// `<stage>.log`; a campaign run again skips completed stages. DIR/campaign.csv has one row per
// sample and condition, DIR/campaign-summary.csv the mean and standard error per condition.
// Everything LAMMPS is asked to do is checked first (files, species, ranges), since LAMMPS
// ends the process on an error.
#pragma once

#include "atomistic/md_stages.h"
#include "atomistic/potential_file.h"
#include "atomistic/structure.h"

#include <mpi.h>

#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::atomistic
{
  /// Checks what LAMMPS would otherwise die on: the potential file and its elements, species,
  /// fractions and ranges; throws std::invalid_argument with one line naming `deck`.
  void validate(const MdParameters &p, const std::string &deck);

  struct QuenchRecord
  {
    std::vector<double> temperature;       ///< K (averaged over each interval)
    std::vector<double> volume_per_atom;   ///< A^3
    std::vector<double> enthalpy_per_atom; ///< eV
  };

  struct HoldResult
  {
    double stress_gpa = 0.0;     ///< target, compressive positive
    double fraction = 0.0;       ///< of the sample's yield (peak) stress
    HoldSchedule schedule;
    HoldCurve curve;
    HoldOutcome outcome;
    std::vector<double> test_strain, test_stress; ///< post-hold compression test
    YieldPoint yield;
    std::vector<GroupStructure> structure; ///< after the hold (inherent structures: their mean)
    double inherent_energy = 0.0;          ///< eV/atom, mean over the inherent structures after the hold
  };

  struct SampleResult
  {
    unsigned int index = 1, seed = 1;
    QuenchRecord quench;
    TwoLineFit tg_volume, tg_enthalpy;
    std::vector<double> compression_strain, compression_stress; ///< (-), GPa, compressive positive
    YieldPoint yield;                                           ///< GPa, as quenched
    HoldCurve reference;              ///< zero-stress run of the as-quenched glass
    double reference_ly = 0.0;        ///< A, mean of the reference run's second half
    double reference_volume = 0.0, reference_enthalpy = 0.0; ///< per atom, same mean
    double cutoff = 0.0;              ///< A, structure analysis
    std::vector<GroupStructure> structure; ///< as quenched (end of the reference run; inherent structures: their mean)
    double reference_inherent_energy = 0.0; ///< eV/atom, mean over the as-quenched inherent structures
    std::vector<HoldResult> holds;
    std::vector<std::string> stages_run, stages_skipped;
  };

  struct MdResult
  {
    std::vector<SampleResult> samples; ///< complete on the first rank of `comm`
    double molar_mass = 0.0;           ///< g/mol of the alloy
    bool stopped = false;              ///< stopped after MdParameters::until (no campaign tables)
  };

  /// Runs (or resumes) the campaign in `dir` on `comm` (split into `p.partitions` groups of
  /// ranks, samples dealt out in turn); `progress` (may be null) gets one line per stage.
  /// `deck` names the input in error messages.
  MdResult run_md_campaign(MPI_Comm comm, const MdParameters &p, const std::string &deck, const std::string &dir,
                           std::ostream *progress);

  /// Writes every stage's LAMMPS input (`<stage>.in`) that the results so far determine, without
  /// running anything; returns the stages it could not write yet (they need earlier results).
  std::vector<std::string> write_md_inputs(const MdParameters &p, const std::string &dir);

  /// The campaign tables as CSV text: one row per sample and condition (as-quenched, hold-1,
  /// ...), and their mean and standard error per condition.
  std::string campaign_csv(const MdParameters &p, const MdResult &r);
  std::string campaign_summary_csv(const MdParameters &p, const MdResult &r);
} // namespace bmgcreep::atomistic
