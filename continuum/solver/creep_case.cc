#include "continuum/solver/creep_case.h"

#include "continuum/material/relaxation_map.h"
#include "continuum/solver/geometry_table.h"
#include "coupling/text.h"

#include <deal.II/base/mpi.h>

#include <cmath>
#include <iomanip>
#include <sstream>

#include <ostream>

namespace bmgcreep::solver
{
  void declare_deck(dealii::ParameterHandler &prm)
  {
    material::declare_point_deck(prm);
    CylinderParameters::declare_parameters(prm);
    material::MapParameters::declare_parameters(prm); // `bmgcreep map`'s grid
  }

  ResourceEstimate estimate_resources(const CylinderParameters &p) { return geometry(p.model).size(p); }

  CreepCase read_creep_case(const std::string &path, const std::vector<std::string> &overrides)
  {
    dealii::ParameterHandler prm;
    declare_deck(prm);
    bmgcreep::parse_deck(prm, path, overrides);
    CreepCase c{material::point_case_from(prm, path), {}, effective_deck(prm, path, overrides, {"Comparison/Lab summary"})};
    try
      {
        c.cylinder.parse_parameters(prm);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(path + ": Cylinder: " + e.what());
      }
    if (material::MaterialState probe = c.point.law->initial_state();
        c.cylinder.initial_spread > 0.0 && !c.point.law->scale_disorder(probe, 1.0))
      throw InputError(path + ": Cylinder/Initial state/Spread = " + std::to_string(c.cylinder.initial_spread) +
                                 " perturbs a scalar internal variable; law \"" + c.point.law->name() +
                                 "\" has a vector state: use 0");
    // Size before work: the direct solver's memory grows fast with the unknowns, and every
    // quadrature point carries its history and field output. Refuse what the machine cannot
    // hold (the unknowns' cap) or what exceeds the deck's memory limit, before building a mesh.
    const ResourceEstimate size = estimate_resources(c.cylinder);
    const double max_unknowns = geometry(c.cylinder.model).max_unknowns;
    if (size.unknowns > max_unknowns)
      throw InputError(path + ": \"Refinement level\" = " + std::to_string(c.cylinder.refinement) +
                                 " with \"Polynomial degree\" = " + std::to_string(c.cylinder.degree) + " gives " +
                                 to_text(size.unknowns) + " unknowns, more than the " + to_text(max_unknowns) +
                                 " this solver can hold in memory here; lower either");
    if (size.memory_GB > c.cylinder.memory_limit_GB)
      throw InputError(path + ": \"Refinement level\" = " + std::to_string(c.cylinder.refinement) +
                                 " with \"Polynomial degree\" = " + std::to_string(c.cylinder.degree) + " needs about " +
                                 to_text(size.memory_GB) + " GB (" + to_text(size.cells) + " cells, " +
                                 to_text(size.unknowns) + " unknowns), above \"Cylinder/Memory limit\" = " +
                                 to_text(c.cylinder.memory_limit_GB) + " GB: lower the level or raise the limit");
    return c;
  }

  material::PointCaseResult run_creep_case(const CreepCase &c, Console *progress,
                                           const material::CheckpointOptions &checkpoints)
  {
    const material::Observables observables =
      material::make_observables(c.point.specimen);
    return geometry(c.cylinder.model).run(c, observables, progress, checkpoints);
  }
} // namespace bmgcreep::solver
