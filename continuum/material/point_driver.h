// The material-point driver: one volume element under uniaxial stress along z (lateral
// faces stress-free), run through the elastostatic-compression protocol of the lab:
// as-cast compression test, then per hold: load at a strain rate, hold at constant stress,
// unload, wait, and compress again to read the post-hold yield stress.
#pragma once

#include "continuum/material/constitutive_law.h"
#include "continuum/material/observables.h"

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace bmgcreep::material
{
  enum class YieldMeasure
  {
    offset, ///< stress at 0.2 % offset strain eps - sigma/E (the lab's convention)
    peak    ///< the maximum stress of the compression curve
  };

  struct ProtocolParameters
  {
    std::vector<double> hold_fractions{0.5, 0.7, 0.9}; ///< of the reference yield stress (-)
    double hold_time = 48.0 * 3600.0;        ///< s
    double loading_rate = 5e-4;              ///< load and unload strain rate (1/s)
    double wait_time = 600.0;                ///< at zero stress after unloading (s)
    double compression_rate = 5e-4;          ///< post-hold compression strain rate (1/s)
    double reference_yield = 1687e6;         ///< Pa
    bool model_yield_as_reference = false;   ///< use the model's own as-cast yield instead
    YieldMeasure yield_measure = YieldMeasure::offset;
    double offset_strain = 0.002;            ///< (-)
    double compression_strain_limit = 0.1;   ///< (-)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  struct TimeSteppingParameters
  {
    double initial_hold_step = 1e-2;          ///< s
    double growth_factor = 2.0;               ///< largest ratio of consecutive steps (-)
    double max_shear_increment = 2e-3;        ///< cap of Delta gamma per step (-)
    double max_log_x_change = 0.02;           ///< cap of |Delta ln x| per step (-)
    double hold_tolerance = 1e-4;             ///< relative local error of a hold step (-)
    double load_strain_increment = 1e-4;      ///< axial strain per step while loading (-)
    double compression_strain_increment = 5e-5; ///< axial strain per step in a compression test (-)
    unsigned int fixed_hold_steps = 0;        ///< 0: adaptive; N: N equal plain backward-Euler steps
    unsigned int max_steps = 100000;          ///< accepted plus rejected steps per stage before giving up
    double max_creep_strain = 0.2;            ///< a hold creeping further is a runaway: stop (-)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  /// One row of a time series; strain and stress compressive-positive, as the lab reports them.
  struct TimeSeriesRow
  {
    double time;            ///< s since the start of loading
    std::string stage;      ///< load, hold, unload, wait, compression
    double stress;          ///< axial, Pa
    double strain;          ///< axial total strain (-)
    double plastic_strain;  ///< axial plastic strain (-)
    double internal_variable;
    double density;         ///< g/cm^3
    double step;            ///< s
  };

  /// One condition of the summary table (the as-cast one has hold_fraction 0).
  struct ConditionResult
  {
    double hold_fraction = 0.0;
    double hold_stress = 0.0;      ///< Pa
    double hold_time = 0.0;        ///< s
    double creep_strain = 0.0;     ///< axial strain gained during the hold (-)
    double residual_strain = 0.0;  ///< axial strain after unloading and waiting (-)
    double density = 0.0;          ///< g/cm^3
    double density_change_pct = 0.0;
    double relaxation_enthalpy = 0.0; ///< J/g
    double yield_stress = 0.0;     ///< Pa
    double internal_variable = 0.0;///< at the end of the wait
    unsigned int hold_steps = 0;   ///< accepted steps of the hold
    unsigned int hold_rejected = 0;///< rejected (cut-back) hold steps
    std::vector<TimeSeriesRow> series;
  };

  /// A volume element under uniaxial stress along z; the lateral stresses are kept at zero
  /// by a Newton iteration on the lateral strains with the law's consistent tangent.
  class UniaxialPoint
  {
  public:
    UniaxialPoint(const ConstitutiveLaw &law, const MaterialState &state);

    /// One step of `dt` to axial strain `axial_strain` (strain control); false on failure,
    /// in which case the point is unchanged.
    bool step_to_strain(double axial_strain, double dt);
    /// One step of `dt` to axial stress `axial_stress` (stress control); false on failure.
    bool step_to_stress(double axial_stress, double dt);

    const MaterialState &state() const { return current_state; }
    MaterialState &state() { return current_state; }
    const SymmetricTensor<2, 3> &strain() const { return total_strain; }
    SymmetricTensor<2, 3> &strain() { return total_strain; }
    double axial_stress() const { return stress_zz; }
    double axial_strain() const { return total_strain[2][2]; }
    unsigned int last_newton_iterations() const { return newton_iterations; }

  private:
    bool solve(bool stress_control, double target, double dt);
    const ConstitutiveLaw *law;
    MaterialState current_state;
    SymmetricTensor<2, 3> total_strain;
    double stress_zz = 0.0;
    unsigned int newton_iterations = 0;
  };

  class PointDriver
  {
  public:
    PointDriver(const ConstitutiveLaw &law, const Observables &observables,
                const ProtocolParameters &protocol, const TimeSteppingParameters &stepping);

    /// Compression test of the as-cast material (hold_fraction 0 row).
    ConditionResult as_cast() const;
    /// The full protocol of one hold at `hold_stress` (Pa, compressive positive).
    ConditionResult hold(double hold_fraction, double hold_stress) const;
    /// Hold stage alone from `point` at constant axial stress `stress` (Pa, compressive
    /// positive) for `duration` (s), appending rows to `series`; returns accepted steps.
    unsigned int hold_stage(UniaxialPoint &point, double stress, double duration, double &time,
                            const std::string &stage, std::vector<TimeSeriesRow> &series,
                            unsigned int &rejected) const;
    /// Post-hold (or as-cast) compression test from `point`; returns the yield stress (Pa).
    double compression_test(UniaxialPoint point, double time, std::vector<TimeSeriesRow> *series) const;

  private:
    void ramp_stage(UniaxialPoint &point, double target_stress, double rate, double &time,
                    const std::string &stage, std::vector<TimeSeriesRow> &series) const;
    TimeSeriesRow row(const UniaxialPoint &p, double time, const std::string &stage, double dt) const;

    const ConstitutiveLaw &law;
    const Observables &observables;
    ProtocolParameters protocol;
    TimeSteppingParameters stepping;
  };
} // namespace bmgcreep::material
