#include "continuum/material/observable_table.h"

#include "coupling/units.h"

#include <algorithm>
#include <stdexcept>

namespace bmgcreep::material
{
  namespace
  {
    std::vector<ObservableSpec> make_table()
    {
      std::vector<ObservableSpec> t;
      ObservableSpec s;

      s = {};
      s.name = "yield_stress_MPa";
      s.label = "yield stress (MPa)";
      s.unit = "MPa";
      s.lab = s.md = true;
      s.uncertainty_key = "Yield uncertainty";
      s.default_uncertainty = 20.0;
      s.description = "peak (or 0.2 % offset, Protocol/Yield measure) stress of the simulated compression test at "
                      "the protocol's strain rate after unloading and the wait; MD: the as-quenched glass's";
      s.model = [](const ConditionResult &c) { return units::pa_to_mpa(c.yield_stress); };
      s.lab_value = [](const LabCondition &l) { return l.yield_stress_MPa; };
      s.lab_uncertainty = [](const LabCondition &l) { return l.yield_stress_uncertainty_MPa; };
      t.push_back(s);

      s = {};
      s.name = "relaxation_enthalpy_J_per_g";
      s.label = "relaxation enthalpy (J/g)";
      s.unit = "J/g";
      s.lab = true;
      s.uncertainty_key = "Enthalpy uncertainty";
      s.default_uncertainty = 0.3;
      s.description = "stored (DSC relaxation) enthalpy of the state after unloading and the wait, from the "
                      "law's enthalpy functional of its internal variables";
      s.model = [](const ConditionResult &c) { return c.relaxation_enthalpy; };
      s.lab_value = [](const LabCondition &l) { return l.relaxation_enthalpy_J_per_g; };
      s.lab_uncertainty = [](const LabCondition &l) { return l.relaxation_enthalpy_uncertainty_J_per_g; };
      t.push_back(s);

      s = {};
      s.name = "density_g_per_cm3";
      s.label = "density (g/cm^3)";
      s.unit = "g/cm^3";
      s.lab = true;
      s.uncertainty_key = "Density uncertainty";
      s.default_uncertainty = 0.005;
      s.description = "mass density after unloading and the wait: the as-cast density over (1 + volumetric "
                      "inelastic strain) and the law's density functional (FE: volume average)";
      s.model = [](const ConditionResult &c) { return c.density; };
      s.lab_value = [](const LabCondition &l) { return l.density_g_per_cm3; };
      s.lab_uncertainty = [](const LabCondition &l) { return l.density_uncertainty_g_per_cm3; };
      t.push_back(s);

      s = {};
      s.name = "residual_strain";
      s.label = "residual strain (-)";
      s.unit = "-";
      s.lab = s.md = true;
      s.uncertainty_key = "Residual strain uncertainty";
      s.default_uncertainty = 1e-4;
      s.description = "axial strain after unloading and the wait (compression positive; FE: platen displacement "
                      "over the length)";
      s.model = [](const ConditionResult &c) { return c.residual_strain; };
      s.lab_value = [](const LabCondition &l) { return l.residual_strain; };
      s.lab_uncertainty = [](const LabCondition &l) { return l.residual_strain_uncertainty; };
      t.push_back(s);

      s = {};
      s.name = "creep_strain";
      s.label = "creep strain (-)";
      s.unit = "-";
      s.md = true;
      s.uncertainty_key = "Creep strain uncertainty";
      s.default_uncertainty = 2e-5;
      s.description = "axial strain gained during the hold, from the end of loading to the end of the hold";
      s.model = [](const ConditionResult &c) { return c.creep_strain; };
      t.push_back(s);

      s = {};
      s.name = "density_change_percent";
      s.label = "density change (%)";
      s.unit = "%";
      s.kind = ObservableKind::percent_change;
      s.base = "density_g_per_cm3";
      s.md = true;
      s.comparison_name = "density_change_percent";
      s.uncertainty_key = "Density change uncertainty";
      s.default_uncertainty = 0.01;
      s.description = "100 (density / as-cast density - 1)";
      t.push_back(s);

      s = {};
      s.name = "enthalpy_change_J_per_g";
      s.label = "enthalpy change (J/g)";
      s.unit = "J/g";
      s.kind = ObservableKind::difference;
      s.base = "relaxation_enthalpy_J_per_g";
      s.md = true;
      s.comparison_name = "relaxation_enthalpy_change_J_per_g";
      s.uncertainty_key = "Enthalpy uncertainty";
      s.default_uncertainty = 0.3;
      s.description = "relaxation enthalpy minus the as-cast (as-quenched) condition's";
      t.push_back(s);

      s = {};
      s.name = "yield_change_percent";
      s.label = "yield change (%)";
      s.unit = "%";
      s.kind = ObservableKind::percent_change;
      s.base = "yield_stress_MPa";
      s.md = true;
      s.comparison_name = "yield_change_percent";
      s.uncertainty_key = "Yield change uncertainty";
      s.default_uncertainty = 1.0;
      s.description = "100 (yield stress / as-cast yield stress - 1)";
      t.push_back(s);
      return t;
    }
  } // namespace

  const std::vector<ObservableSpec> &observable_table()
  {
    static const std::vector<ObservableSpec> table = make_table();
    return table;
  }

  const ObservableSpec &observable(const std::string &name)
  {
    const auto &t = observable_table();
    const auto it = std::find_if(t.begin(), t.end(), [&](const ObservableSpec &s) { return s.name == name; });
    if (it == t.end())
      throw std::logic_error("unknown observable \"" + name + "\"");
    return *it;
  }

  std::string observable_names(const bool md, const std::string &separator)
  {
    std::string out;
    for (const auto &s : observable_table())
      if (md ? s.md : s.lab)
        out += (out.empty() ? "" : separator) + s.name;
    return out;
  }

  namespace
  {
    double change(const ObservableKind kind, const double v, const double v0)
    {
      return kind == ObservableKind::difference ? v - v0 : 100.0 * (v / v0 - 1.0);
    }
  } // namespace

  double model_observable(const ObservableSpec &spec, const ConditionResult &c, const ConditionResult &as_cast)
  {
    if (spec.kind == ObservableKind::value)
      return spec.model(c);
    const ObservableSpec &base = observable(spec.base);
    return change(spec.kind, base.model(c), base.model(as_cast));
  }

  double lab_observable(const ObservableSpec &spec, const LabCondition &l, const LabCondition &lab0)
  {
    if (spec.kind == ObservableKind::value)
      return spec.lab_value ? spec.lab_value(l) : std::nan("");
    const ObservableSpec &base = observable(spec.base);
    if (!base.lab_value)
      return std::nan("");
    return change(spec.kind, base.lab_value(l), base.lab_value(lab0));
  }

  double lab_observable_uncertainty(const ObservableSpec &spec, const LabCondition &l, const LabCondition &lab0)
  {
    if (spec.kind == ObservableKind::value)
      return spec.lab_uncertainty ? spec.lab_uncertainty(l) : std::nan("");
    const ObservableSpec &base = observable(spec.base);
    if (!base.lab_value || !base.lab_uncertainty)
      return std::nan("");
    double u = base.lab_uncertainty(l), u0 = base.lab_uncertainty(lab0);
    if (std::isnan(u) && std::isnan(u0))
      return std::nan("");
    u = std::isnan(u) ? 0.0 : u;
    u0 = std::isnan(u0) ? 0.0 : u0;
    if (spec.kind == ObservableKind::difference)
      return std::hypot(u, u0);
    // 100 (v / v0 - 1): d/dv = 100 / v0, d/dv0 = -100 v / v0^2
    const double v = base.lab_value(l), v0 = base.lab_value(lab0);
    return 100.0 / std::abs(v0) * std::hypot(u, v / v0 * u0);
  }
} // namespace bmgcreep::material
