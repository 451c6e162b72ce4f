#include "continuum/material/law_factory.h"

#include "continuum/material/fictive_temperature_law.h"
#include "continuum/material/free_volume_law.h"
#include "continuum/material/free_volume_relaxation_law.h"
#include "continuum/material/relaxation_rejuvenation_law.h"
#include "continuum/material/stz_law.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;

  namespace
  {
    std::unique_ptr<ConstitutiveLaw> free_volume(ParameterHandler &prm, const CommonParameters &common)
    {
      FreeVolumeParameters fv;
      fv.parse_parameters(prm);
      return std::make_unique<FreeVolumeLaw>(common, fv);
    }

    std::unique_ptr<ConstitutiveLaw> free_volume_relaxation(ParameterHandler &prm, const CommonParameters &common)
    {
      FreeVolumeParameters fv;
      fv.parse_parameters(prm);
      AnnihilationParameters an;
      an.parse_parameters(prm);
      return std::make_unique<FreeVolumeRelaxationLaw>(common, fv, an);
    }

    std::unique_ptr<ConstitutiveLaw> stz(ParameterHandler &prm, const CommonParameters &common)
    {
      StzParameters p;
      p.parse_parameters(prm);
      return std::make_unique<StzLaw>(common, p);
    }

    std::unique_ptr<ConstitutiveLaw> relaxation_rejuvenation(ParameterHandler &prm, const CommonParameters &common)
    {
      RelaxationRejuvenationParameters p;
      p.parse_parameters(prm, common.mass_density);
      p.as_cast_enthalpy = common.as_cast_enthalpy;
      return std::make_unique<RelaxationRejuvenationLaw>(common.elastic, common.temperature, p);
    }

    std::unique_ptr<ConstitutiveLaw> fictive_temperature(ParameterHandler &prm, const CommonParameters &common)
    {
      FictiveTemperatureParameters p;
      p.parse_parameters(prm, common.mass_density);
      p.as_cast_enthalpy = common.as_cast_enthalpy;
      return std::make_unique<FictiveTemperatureLaw>(common.elastic, common.temperature, p);
    }
  } // namespace

  const std::vector<LawEntry> &law_table()
  {
    // name, its own parameter subsection, creation (law 2 reads law 1's "Free volume" too)
    static const std::vector<LawEntry> table = {
      {"free-volume", FreeVolumeParameters::declare_parameters, free_volume},
      {"free-volume-relaxation", AnnihilationParameters::declare_parameters, free_volume_relaxation},
      {"stz-effective-temperature", StzParameters::declare_parameters, stz},
      {"relaxation-rejuvenation", RelaxationRejuvenationParameters::declare_parameters, relaxation_rejuvenation},
      {"fictive-temperature", FictiveTemperatureParameters::declare_parameters, fictive_temperature},
    };
    return table;
  }

  const std::vector<std::string> &law_names()
  {
    static const std::vector<std::string> names = [] {
      std::vector<std::string> n;
      for (const auto &law : law_table())
        n.push_back(law.name);
      return n;
    }();
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
    prm.enter_subsection("Anelasticity");
    prm.declare_entry("Elements", "0", Patterns::Integer(0, max_anelastic_elements),
                      "Number of Kelvin-Voigt elements (recoverable deviatoric creep); 0: none (-), 0 to " +
                        std::to_string(max_anelastic_elements));
    prm.declare_entry("Shortest time", "10", Patterns::Double(1e-9, 1e12),
                      "Relaxation time of the fastest element (s), 1e-9 to 1e12; the others log-spaced up to "
                      "the longest");
    prm.declare_entry("Longest time", "1e5", Patterns::Double(1e-9, 1e12),
                      "Relaxation time of the slowest element (s), 1e-9 to 1e12, not below the shortest");
    prm.declare_entry("Compliance fraction", "0", Patterns::Double(0.0, 10.0),
                      "Total anelastic shear compliance over the elastic one, 1/(2 mu), shared equally by the "
                      "elements (-), 0 to 10");
    prm.leave_subsection();
    for (const auto &law : law_table())
      if (law.declare)
        law.declare(prm);
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
    c.enthalpy_per_unit_x = prm.get_double("Enthalpy per unit internal variable");
    prm.enter_subsection("Anelasticity");
    c.anelastic.elements = prm.get_integer("Elements");
    c.anelastic.shortest_time = prm.get_double("Shortest time");
    c.anelastic.longest_time = prm.get_double("Longest time");
    c.anelastic.compliance_fraction = prm.get_double("Compliance fraction");
    prm.leave_subsection();
    prm.leave_subsection();
    if (c.anelastic.longest_time < c.anelastic.shortest_time)
      throw std::invalid_argument("\"Longest time\" = " + to_text(c.anelastic.longest_time) +
                                  " s is below \"Shortest time\" = " + to_text(c.anelastic.shortest_time) + " s");
    c.temperature = temperature;
    prm.enter_subsection("Specimen");
    c.mass_density = prm.get_double("As-cast density");
    c.as_cast_enthalpy = prm.get_double("As-cast relaxation enthalpy");
    prm.leave_subsection();
    return c;
  }

  std::unique_ptr<ConstitutiveLaw> create_law(ParameterHandler &prm, const double temperature)
  {
    const CommonParameters common = parse_common_parameters(prm, temperature);
    prm.enter_subsection("Material");
    const std::string name = prm.get("Law");
    for (const auto &law : law_table())
      if (law.name == name)
        {
          std::unique_ptr<ConstitutiveLaw> created;
          try
            {
              created = law.create(prm, common);
            }
          catch (...)
            {
              prm.leave_subsection();
              throw;
            }
          prm.leave_subsection();
          return created;
        }
    prm.leave_subsection();
    throw std::invalid_argument("unknown law \"" + name + "\"");
  }
} // namespace bmgcreep::material
