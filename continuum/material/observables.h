// What the lab measures, computed from the material state: density (Archimedes) and
// relaxation enthalpy (DSC). Both are linear maps of the internal variable whose
// coefficients are material parameters (docs/constitutive-laws.md, "Observables").
#pragma once

#include "continuum/material/constitutive_law.h"

#include <deal.II/base/parameter_handler.h>

namespace bmgcreep::material
{
  /// The specimen before any test: temperature and the as-cast measurements.
  struct SpecimenParameters
  {
    double temperature = 298.0;       ///< K
    double as_cast_density = 6.018;   ///< g/cm^3
    double as_cast_enthalpy = 3.935;  ///< relaxation enthalpy dH_relax (J/g)

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  class Observables
  {
  public:
    Observables(const SpecimenParameters &specimen, double initial_internal_variable,
                double enthalpy_per_unit_x);

    /// Density (g/cm^3) of a volume element under total small strain: rho0 / (1 + tr eps).
    /// At zero stress tr eps = tr eps_p, the plastic dilatation.
    double density(const SymmetricTensor<2, 3> &strain) const;
    /// Density (g/cm^3) at a ratio V / V0 of current to as-cast volume: rho0 V0 / V.
    double density_at_volume_ratio(double ratio) const { return rho0 / ratio; }
    /// Relaxation enthalpy (J/g): dH0 + beta_H (x - x0).
    double relaxation_enthalpy(double internal_variable) const;

  private:
    double rho0, H0, x0, beta_H;
  };

  /// The observables of `law`: x0 is its as-cast internal variable; the enthalpy map is the
  /// identity for a law whose internal variable is the stored enthalpy, else the deck's beta_H
  /// (J/g per unit x).
  Observables make_observables(const SpecimenParameters &specimen, const ConstitutiveLaw &law,
                               double enthalpy_per_unit_x);
} // namespace bmgcreep::material
