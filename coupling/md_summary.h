// What MD hold campaigns teach the lab fit, read from their summaries: the critical stress
// ratio sigma_c / sigma_y at which a hold turns from relaxing the glass (enthalpy down) to
// rejuvenating it (enthalpy up). Two formats: the study's reference values
// (quantity,value,unit with critical_stress and yield_stress) and bmgcreep md's
// campaign-summary.csv (enthalpy change against hold stress fraction, with standard errors).
#pragma once

#include <string>
#include <vector>

namespace bmgcreep
{
  struct CriticalRatio
  {
    double value = 0.0;       ///< sigma_c / sigma_y (-)
    double uncertainty = 0.0; ///< one standard deviation (-)
    std::string how;          ///< one line: where it came from
  };

  /// Reads an MD summary and returns its critical ratio. A bridge.csv written by an MD-scale
  /// fit (quantity,value,unit with critical_ratio and critical_ratio_uncertainty): those. The study's format: sigma_c /
  /// sigma_y with the uncertainty of a crossing known to one stress step (hold_stress_step /
  /// sqrt(12) / sigma_y). A campaign summary: the onset of the step of the enthalpy change from
  /// negative to positive (step_onset, coupling/critical_stress.h: the estimator of bmgcreep
  /// md's campaign statistics) over the per-sample points of the campaign.csv beside it where it
  /// holds the same samples, else over the condition means; the uncertainty is that of a value
  /// known to lie in the step's 95 % interval (width / sqrt(12)). Throws std::runtime_error naming the file for
  /// missing columns or values, or when the enthalpy change never turns positive.
  CriticalRatio critical_ratio_from_md(const std::string &path);

  /// A value of an MD campaign summary: the mean over samples and its standard error.
  struct MeanSe
  {
    double mean = 0.0, se = 0.0;
  };

  /// One row of bmgcreep md's campaign-summary.csv: the as-quenched glass or one hold, the
  /// values an MD-scale fit uses (changes are against the as-quenched row of the same samples).
  struct MdCampaignCondition
  {
    std::string name;             ///< "as-quenched" or "hold-<i>"
    unsigned int samples = 0;
    MeanSe hold_fraction;         ///< hold stress over each sample's peak yield stress (-)
    MeanSe hold_stress_GPa;          ///< the target
    MeanSe measured_hold_stress_GPa; ///< what the barostat held on average (below the target while a glass flows)
    MeanSe creep_strain, residual_strain;
    MeanSe enthalpy_change_J_per_g, density_change_percent;
    MeanSe yield_peak_GPa;
    /// Post-hold over as-quenched peak yield, 100 (y / y0 - 1) (holds only): the mean of the
    /// per-sample changes when known (paired), else from the means with both errors combined.
    MeanSe yield_change_percent;
    bool yield_change_paired = false;
  };

  /// Reads a campaign-summary.csv (as-quenched row first, then the holds); throws
  /// std::runtime_error with one line naming the file, line and column for a missing file or
  /// column, a value that is not a finite number, a negative standard error, hold stress or
  /// fraction, a fraction of 1 or more, a non-positive yield stress, or no as-quenched row or
  /// hold. A one-sample summary's standard errors (nan) read as 0. Yield changes: the summary's
  /// yield_change_percent columns, else paired per sample from the campaign.csv beside it (for
  /// conditions where it has the summary's number of samples; a sample with two as-quenched rows
  /// is refused), else from the means (100 sqrt((se_h / y0)^2 + (y_h se_0 / y0^2)^2)).
  std::vector<MdCampaignCondition> read_md_campaign_summary(const std::string &path);
} // namespace bmgcreep
