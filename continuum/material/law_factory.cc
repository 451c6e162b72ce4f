#include "continuum/material/law_factory.h"

#include "continuum/material/free_volume_law.h"
#include "continuum/material/free_volume_relaxation_law.h"
#include "continuum/material/stz_law.h"
#include "coupling/units.h"

#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;

  const std::vector<std::string> &law_names()
  {
    static const std::vector<std::string> names = {"free-volume", "free-volume-relaxation",
                                                   "stz-effective-temperature"};
    return names;
  }

  void declare_material_parameters(ParameterHandler &prm)
  {
    std::string selection;
    for (const auto &n : law_names())
      selection += (selection.empty() ? "" : "|") + n;

    prm.enter_subsection("Material");
    prm.declare_entry("Law", "free-volume-relaxation", Patterns::Selection(selection),
                      "Constitutive law: " + selection);
    prm.declare_entry("Youngs modulus", "95", Patterns::Double(1.0, 1000.0),
                      "Young's modulus E (GPa), 1 to 1000");
    prm.declare_entry("Poisson ratio", "0.36", Patterns::Double(0.0, 0.499),
                      "Poisson's ratio nu (-), 0 to 0.499");
    prm.declare_entry("Initial internal variable", "0.05", Patterns::Double(1e-4, 10.0),
                      "As-cast value of the internal variable: normalised free volume xi or "
                      "effective temperature chi (-), 1e-4 to 10");
    prm.declare_entry("Dilatation per unit internal variable", "1", Patterns::Double(0.0, 1e3),
                      "Plastic volume strain per unit change of the internal variable, the density "
                      "link d tr(eps_p)/dx (-), 0 to 1e3");
    prm.declare_entry("Enthalpy per unit internal variable", "1000", Patterns::Double(0.0, 1e7),
                      "Relaxation enthalpy per unit change of the internal variable, "
                      "beta_H = d dH_relax/dx (J/g), 0 to 1e7");
    FreeVolumeParameters::declare_parameters(prm);
    AnnihilationParameters::declare_parameters(prm);
    StzParameters::declare_parameters(prm);
    prm.leave_subsection();
  }

  CommonParameters parse_common_parameters(ParameterHandler &prm, const double temperature)
  {
    CommonParameters c;
    prm.enter_subsection("Material");
    c.elastic.youngs_modulus = units::gpa_to_pa(prm.get_double("Youngs modulus"));
    c.elastic.poisson_ratio = prm.get_double("Poisson ratio");
    c.initial_internal_variable = prm.get_double("Initial internal variable");
    c.dilatation_per_unit_x = prm.get_double("Dilatation per unit internal variable");
    prm.leave_subsection();
    c.temperature = temperature;
    return c;
  }

  std::unique_ptr<ActivatedFlowLaw> create_law(ParameterHandler &prm, const double temperature)
  {
    const CommonParameters common = parse_common_parameters(prm, temperature);
    prm.enter_subsection("Material");
    const std::string name = prm.get("Law");
    FreeVolumeParameters fv;
    fv.parse_parameters(prm);
    AnnihilationParameters an;
    an.parse_parameters(prm);
    StzParameters stz;
    stz.parse_parameters(prm);
    prm.leave_subsection();

    if (name == "free-volume")
      return std::make_unique<FreeVolumeLaw>(common, fv);
    if (name == "free-volume-relaxation")
      return std::make_unique<FreeVolumeRelaxationLaw>(common, fv, an);
    if (name == "stz-effective-temperature")
      return std::make_unique<StzLaw>(common, stz);
    throw std::invalid_argument("unknown law \"" + name + "\"");
  }
} // namespace bmgcreep::material
