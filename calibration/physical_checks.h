// What a fitted law does beyond the fitted numbers, for model selection: the creep of the
// highest hold and whether any hold's creep accelerates, the unloaded control, and how robust
// the trend signs are (every fitted parameter moved by +-5 %, and the posterior samples).
#pragma once

#include "calibration/forward_model.h"

#include <algorithm>
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

  /// The least inelastic strain that stores an enthalpy rise `dH_J_per_g` in a glass of density
  /// `density_g_per_cm3` held at `stress_MPa`, if all the work sigma * eps were stored (an upper
  /// bound on storage: the rest is heat): eps >= rho dH / sigma.
  double least_inelastic_strain(double dH_J_per_g, double density_g_per_cm3, double stress_MPa);

  /// The residual strain of a hold whose lab enthalpy rises, against the energy balance: the
  /// least strain that rise needs, the model's residual strain and the lab's (NaN: not measured).
  struct ResidualStrainCheck
  {
    double hold_fraction = 0.0, hold_stress_MPa = 0.0;
    double lab_enthalpy_rise = 0.0;   ///< J/g, against as cast
    double least_strain = 0.0;        ///< least_inelastic_strain of that rise (-)
    double model_residual_strain = std::nan(""), lab_residual_strain = std::nan("");
    bool model_consistent() const { return model_residual_strain >= least_strain; }
  };

  struct PhysicalChecks
  {
    double top_hold_fraction = std::nan("");
    double top_hold_creep = std::nan(""); ///< creep strain of the highest hold (-)
    bool any_accelerating = false;        ///< some hold creeps at a rising rate
    double control_density_change_percent = std::nan(""), control_enthalpy_change = std::nan(""),
           control_yield_change_percent = std::nan(""); ///< unloaded hold for the hold time, vs as cast
    std::string control_failure;          ///< why the control could not run ("" when it ran)
    /// Every fitted parameter at 0.95 and 1.05 of its value: all signs right and no hold fails.
    bool signs_survive_5pct = false;
    std::vector<std::string> robustness_failures; ///< each move that broke them, and how
    unsigned int moves_beyond_bounds = 0; ///< moves the law refused (beyond a physical bound): skipped
    double posterior_fraction = std::nan(""); ///< of the posterior samples checked, the share with all signs
    unsigned int posterior_checked = 0;
    /// Holds whose lab enthalpy rises (rejuvenation): their residual strain against the energy
    /// balance, where the lab gives no residual strain a check of the model's.
    std::vector<ResidualStrainCheck> residual_strain;
    /// All of them consistent (true when there are none).
    bool residual_strain_consistent() const
    {
      return std::all_of(residual_strain.begin(), residual_strain.end(),
                         [](const ResidualStrainCheck &c) { return c.model_consistent(); });
    }
  };

  /// The checks at fitted parameters `x` (physical values) on the lab holds `fractions`;
  /// `samples` (physical parameter vectors, may be empty) are posterior samples to count.
  PhysicalChecks physical_checks(const ForwardModel &fit, const std::vector<double> &x, const std::vector<double> &fractions,
                                 const std::string &lab_path, const std::vector<std::vector<double>> &samples = {});
  /// The report's section "Physical checks" (markdown) of a fit of `parameters` parameters;
  /// `mcmc`: a posterior chain was asked for.
  std::string physical_checks_report(const PhysicalChecks &pc, std::size_t parameters, bool mcmc);
  /// The same in one console line.
  std::string physical_checks_line(const PhysicalChecks &pc, std::size_t parameters);
} // namespace bmgcreep::calibration
