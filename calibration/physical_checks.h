// What a fitted law does beyond the fitted numbers, for model selection: the creep of the
// highest hold and whether any hold's creep accelerates, the unloaded control, and how robust
// the trend signs are (every fitted parameter moved by +-5 %, and the posterior samples).
#pragma once

#include "calibration/lab_fit.h"

#include <cmath>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  /// Whether a hold's creep accelerates: the mean creep rate over the second half of the hold
  /// [T/2, T] above that over [T/4, T/2] (primary creep decelerates). From the hold-stage rows.
  bool creep_accelerates(const material::ConditionResult &hold);

  /// The trend signs of a run against the lab file, and whether every one agrees.
  struct SignCount
  {
    unsigned int right = 0, total = 0;
    bool all() const { return total > 0 && right == total; }
  };
  SignCount trend_signs(const material::PointCaseResult &r, const std::string &lab_path);

  struct PhysicalChecks
  {
    double top_hold_fraction = std::nan("");
    double top_hold_creep = std::nan(""); ///< creep strain of the highest hold (-)
    bool any_accelerating = false;        ///< some hold creeps at a rising rate
    double control_density_change_pct = std::nan(""), control_enthalpy_change = std::nan(""),
           control_yield_change_pct = std::nan(""); ///< unloaded hold for the hold time, vs as cast
    std::string control_failure;          ///< why the control could not run ("" when it ran)
    /// Every fitted parameter at 0.95 and 1.05 of its value: all signs right and no hold fails.
    bool signs_survive_5pct = false;
    std::vector<std::string> robustness_failures; ///< each move that broke them, and how
    unsigned int moves_beyond_bounds = 0; ///< moves the law refused (beyond a physical bound): skipped
    double posterior_fraction = std::nan(""); ///< of the posterior samples checked, the share with all signs
    unsigned int posterior_checked = 0;
  };

  /// The checks at fitted parameters `x` (physical values) on the lab holds `fractions`;
  /// `samples` (physical parameter vectors, may be empty) are posterior samples to count.
  PhysicalChecks physical_checks(const LabFit &fit, const std::vector<double> &x, const std::vector<double> &fractions,
                                 const std::string &lab_path, const std::vector<std::vector<double>> &samples = {});
} // namespace bmgcreep::calibration
