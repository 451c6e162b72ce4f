#include "continuum/material/observables.h"

namespace bmgcreep::material
{
  using namespace dealii;

  void SpecimenParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Specimen");
    prm.declare_entry("Temperature", "298", Patterns::Double(1.0, 2000.0),
                      "Test temperature T (K), 1 to 2000");
    prm.declare_entry("As-cast density", "6.018", Patterns::Double(0.1, 30.0),
                      "Density of the as-cast glass (g/cm^3), 0.1 to 30");
    prm.declare_entry("As-cast relaxation enthalpy", "3.935", Patterns::Double(0.0, 1000.0),
                      "Relaxation enthalpy dH_relax of the as-cast glass by DSC (J/g), 0 to 1000");
    prm.leave_subsection();
  }

  void SpecimenParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Specimen");
    temperature = prm.get_double("Temperature");
    as_cast_density = prm.get_double("As-cast density");
    as_cast_enthalpy = prm.get_double("As-cast relaxation enthalpy");
    prm.leave_subsection();
  }

  Observables::Observables(const SpecimenParameters &specimen) : rho0(specimen.as_cast_density) {}

  double Observables::density(const SymmetricTensor<2, 3> &strain) const
  {
    return rho0 / (1.0 + trace(strain));
  }

  Observables make_observables(const SpecimenParameters &specimen) { return Observables(specimen); }
} // namespace bmgcreep::material
