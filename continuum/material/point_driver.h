// The material-point specimen: one volume element under uniaxial stress along z (lateral
// faces stress-free), and the point driver that runs the lab protocol on it.
#pragma once

#include "continuum/material/constitutive_law.h"
#include "continuum/material/observables.h"
#include "continuum/material/protocol_driver.h"

#include <cmath>

namespace bmgcreep::material
{
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

    // The Specimen interface of ProtocolDriver.
    double axial_plastic_strain() const { return current_state.plastic_strain[2][2]; }
    double internal_variable() const { return law->internal_variable(current_state); }
    double relaxation_enthalpy() const { return law->relaxation_enthalpy(current_state); }
    double stored_free_energy() const { return law->stored_free_energy(current_state); }
    double density(const Observables &o) const { return o.density(total_strain); }
    double youngs_modulus() const { return law->elastic_constants().youngs_modulus; }
    double max_shear_increment_since(const UniaxialPoint &before) const
    {
      return current_state.shear_strain - before.current_state.shear_strain;
    }
    double max_log_x_change_since(const UniaxialPoint &before) const
    {
      return std::abs(std::log(law->internal_variable(current_state) / law->internal_variable(before.current_state)));
    }
    bool can_extrapolate_from(const UniaxialPoint &A) const
    {
      return 2.0 * law->internal_variable(current_state) - law->internal_variable(A.current_state) > 0.0;
    }
    void extrapolate(const UniaxialPoint &A, const UniaxialPoint &B);
    std::string failure_reason() const { return last_failure; }

    /// The state (not the law) for checkpoints within a condition.
    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &current_state &total_strain &stress_zz;
    }

  private:
    bool solve(bool stress_control, double target, double dt);
    const ConstitutiveLaw *law;
    MaterialState current_state;
    SymmetricTensor<2, 3> total_strain;
    double stress_zz = 0.0;
    unsigned int newton_iterations = 0;
    std::string last_failure = "no failure";
  };

  /// The protocol on a material point of `law`, starting from the law's as-cast state.
  class PointDriver : public ProtocolDriver<UniaxialPoint>
  {
  public:
    PointDriver(const ConstitutiveLaw &law, const Observables &observables, const ProtocolParameters &protocol,
                const TimeSteppingParameters &stepping)
      : ProtocolDriver<UniaxialPoint>(UniaxialPoint(law, law.initial_state()), observables, protocol, stepping)
    {}
  };

  extern template class ProtocolDriver<UniaxialPoint>;
} // namespace bmgcreep::material
