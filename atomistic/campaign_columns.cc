#include "atomistic/campaign_columns.h"

#include "coupling/units.h"

#include <cmath>

namespace bmgcreep::atomistic
{
  namespace
  {
    double enthalpy_change(const CampaignCondition &c)
    {
      return c.hold ? c.hold->outcome.enthalpy_per_atom - c.sample.reference_enthalpy : 0.0;
    }
    double volume(const CampaignCondition &c)
    {
      return c.hold ? c.hold->outcome.volume_per_atom : c.sample.reference_volume;
    }
    double density(const CampaignCondition &c) { return units::density_g_per_cm3(c.molar_mass, volume(c)); }
    const YieldPoint &yield(const CampaignCondition &c) { return c.hold ? c.hold->yield : c.sample.yield; }
    const std::vector<GroupStructure> &structure(const CampaignCondition &c)
    {
      return c.hold ? c.hold->structure : c.sample.structure;
    }
    /// A quantity of the hold, 0 for the as-quenched glass.
    std::function<double(const CampaignCondition &)> of_hold(const std::function<double(const HoldResult &)> &f)
    {
      return [f](const CampaignCondition &c) { return c.hold ? f(*c.hold) : 0.0; };
    }
  } // namespace

  double held_stress_error_percent(const HoldResult &h, const double yield_peak_gpa)
  {
    const double scale = h.stress_gpa > 0.0 ? h.stress_gpa : yield_peak_gpa;
    return 100.0 * (h.outcome.stress_mean - h.stress_gpa) / scale;
  }

  std::vector<CampaignColumn> campaign_columns(const std::vector<std::string> &species, const bool inherent)
  {
    std::vector<CampaignColumn> columns = {
      {"hold_stress_GPa", "GPa", "target hold stress, compressive positive", of_hold([](const HoldResult &h) { return h.stress_gpa; })},
      {"hold_stress_fraction", "-", "target over the sample's peak yield stress", of_hold([](const HoldResult &h) { return h.fraction; })},
      {"measured_hold_stress_GPa", "GPa", "mean stress over the hold phase",
       of_hold([](const HoldResult &h) { return h.outcome.stress_mean; })},
      {"held_stress_error_percent", "%",
       "100 (measured - target) / target; of a zero-stress hold, 100 measured / the sample's peak yield stress",
       [](const CampaignCondition &c) { return c.hold ? held_stress_error_percent(*c.hold, c.sample.yield.peak) : 0.0; }},
      {"held_stress_off_target", "-", "1 if the held stress is more than 2 % off its target (as above), else 0",
       [](const CampaignCondition &c) {
         return c.hold && std::abs(held_stress_error_percent(*c.hold, c.sample.yield.peak)) > held_stress_tolerance_percent ? 1.0 : 0.0;
       }},
      {"creep_strain", "-", "strain at the end of the hold minus at its start",
       of_hold([](const HoldResult &h) { return h.outcome.creep_strain; })},
      {"residual_strain", "-", "mean strain over the second half of the relaxation, from the reference length",
       of_hold([](const HoldResult &h) { return h.outcome.residual_strain; })},
      {"enthalpy_change_eV_per_atom", "eV/atom", "after the hold minus the reference run", enthalpy_change},
      {"enthalpy_change_J_per_g", "J/g", "the same with the alloy's molar mass",
       [](const CampaignCondition &c) { return units::ev_per_atom_to_j_per_g(enthalpy_change(c), c.molar_mass); }},
      {"volume_A3_per_atom", "A^3", "mean over the second half of the zero-stress run after the hold (or the reference run)", volume},
      {"density_g_per_cm3", "g/cm^3", "from the volume per atom and the molar mass", density},
      {"density_change_percent", "%", "100 (density / as-quenched density - 1)",
       [](const CampaignCondition &c) {
         return c.hold ? 100.0 * (density(c) / units::density_g_per_cm3(c.molar_mass, c.sample.reference_volume) - 1.0) : 0.0;
       }},
      {"youngs_modulus_GPa", "GPa", "of the (post-hold) compression test", [](const CampaignCondition &c) { return yield(c).modulus; }},
      {"yield_peak_GPa", "GPa", "peak stress of the compression test", [](const CampaignCondition &c) { return yield(c).peak; }},
      {"yield_offset_GPa", "GPa", "0.2 % offset yield stress", [](const CampaignCondition &c) { return yield(c).offset_yield; }},
      {"yield_change_percent", "%", "100 (post-hold peak / the same sample's as-quenched peak - 1)",
       [](const CampaignCondition &c) { return c.hold ? 100.0 * (c.hold->yield.peak / c.sample.yield.peak - 1.0) : 0.0; }},
      {"yield_peak_at_test_end", "-",
       "1 if the compression test's largest stress is its last point (the test ended before the stress peaked: the peak is a lower bound), else 0",
       [](const CampaignCondition &c) { return yield(c).peak_at_end ? 1.0 : 0.0; }},
    };
    if (inherent)
      {
        columns.push_back({"inherent_energy_eV_per_atom", "eV/atom",
                           "potential energy of the inherent structures (energy-minimised snapshots), their mean",
                           [](const CampaignCondition &c) { return c.hold ? c.hold->inherent_energy : c.sample.reference_inherent_energy; }});
        columns.push_back({"inherent_energy_change_J_per_g", "J/g", "after the hold minus the as-quenched glass, with the molar mass",
                           [](const CampaignCondition &c) {
                             return c.hold ? units::ev_per_atom_to_j_per_g(c.hold->inherent_energy - c.sample.reference_inherent_energy,
                                                                          c.molar_mass)
                                           : 0.0;
                           }});
      }
    std::vector<std::string> groups = {"all"};
    groups.insert(groups.end(), species.begin(), species.end());
    for (std::size_t g = 0; g < groups.size(); ++g)
      {
        const std::string who = groups[g] == "all" ? "all atoms" : groups[g] + " atoms";
        columns.push_back({"w6hat_" + groups[g], "-", "mean W6-hat of " + who,
                           [g](const CampaignCondition &c) { return structure(c)[g].w6hat; }});
        columns.push_back({"cn_" + groups[g], "-", "mean coordination number of " + who,
                           [g](const CampaignCondition &c) { return structure(c)[g].cn; }});
        for (std::size_t t = 0; t < species.size(); ++t)
          columns.push_back({"cn_" + groups[g] + "_" + species[t], "-", "mean number of " + species[t] + " neighbours of " + who,
                             [g, t](const CampaignCondition &c) { return structure(c)[g].partial_cn[t]; }});
        columns.push_back({"voronoi_volume_A3_" + groups[g], "A^3", "mean Voronoi volume of " + who,
                           [g](const CampaignCondition &c) { return structure(c)[g].voronoi_volume; }});
      }
    return columns;
  }
} // namespace bmgcreep::atomistic
