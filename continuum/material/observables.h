// What the lab measures of a specimen: its density (Archimedes) from the volume change. The
// relaxation enthalpy (DSC) is each law's own (ConstitutiveLaw::relaxation_enthalpy,
// docs/constitutive-laws.md, "Observables").
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
    explicit Observables(const SpecimenParameters &specimen);

    /// Density (g/cm^3) of a volume element under total small strain: rho0 / (1 + tr eps).
    /// At zero stress tr eps = tr eps_p, the plastic dilatation.
    double density(const SymmetricTensor<2, 3> &strain) const;
    /// Density (g/cm^3) at a ratio V / V0 of current to as-cast volume: rho0 V0 / V.
    double density_at_volume_ratio(double ratio) const { return rho0 / ratio; }

  private:
    double rho0;
  };

  /// The observables of a specimen.
  Observables make_observables(const SpecimenParameters &specimen);
} // namespace bmgcreep::material
