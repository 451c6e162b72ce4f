#include "continuum/solver/creep_case.h"

#include "continuum/material/protocol_driver.h"
#include "coupling/text.h"

#include <cmath>
#include <sstream>

#include <ostream>

namespace bmgcreep::solver
{
  void declare_deck(dealii::ParameterHandler &prm)
  {
    material::declare_point_deck(prm);
    CylinderParameters::declare_parameters(prm);
  }

  CreepCase read_creep_case(const std::string &path, const std::vector<std::string> &overrides)
  {
    dealii::ParameterHandler prm;
    declare_deck(prm);
    material::parse_deck(prm, path, overrides);
    CreepCase c{material::point_case_from(prm, path), {}};
    c.cylinder.parse_parameters(prm);
    // The direct solver's memory grows fast with the unknowns: refuse what this machine
    // (24 GiB) cannot factorise rather than fail late.
    const double cells_r = std::pow(2.0, c.cylinder.refinement);
    const double cells_z = cells_r * std::max(1L, std::lround(2.0 * c.cylinder.length / c.cylinder.diameter));
    const double unknowns = 2.0 * (c.cylinder.degree * cells_r + 1) * (c.cylinder.degree * cells_z + 1);
    if (unknowns > max_unknowns)
      throw material::InputError(path + ": \"Refinement level\" = " + std::to_string(c.cylinder.refinement) +
                                 " with \"Polynomial degree\" = " + std::to_string(c.cylinder.degree) + " gives " +
                                 to_text(unknowns) + " unknowns, more than the " + to_text(max_unknowns) +
                                 " the direct solver can factorise in memory; lower either");
    return c;
  }

  material::PointCaseResult run_creep_case(const CreepCase &c, std::ostream *progress,
                                           const std::string &checkpoint_dir)
  {
    const material::Observables observables(c.point.specimen,
                                            c.point.law->common_parameters().initial_internal_variable,
                                            c.point.enthalpy_per_unit_x);
    auto model = std::make_shared<CylinderModel>(*c.point.law, c.cylinder);
    if (progress)
      *progress << "cylinder: D = " << 1e3 * c.cylinder.diameter << " mm, H = " << 1e3 * c.cylinder.length
                << " mm, axisymmetric, " << model->triangulation.n_active_cells() << " cells of degree "
                << c.cylinder.degree << ", " << model->dof_handler.n_dofs() << " unknowns, "
                << (c.cylinder.friction == PlatenFriction::bonded ? "bonded" : "frictionless") << " platens\n";
    material::ProtocolDriver<AxisymmetricCylinder> driver(AxisymmetricCylinder(model), observables,
                                                          c.point.protocol, c.point.stepping);
    driver.field_writer = [](const AxisymmetricCylinder &s) {
      std::ostringstream vtu;
      s.write_vtu(vtu);
      return vtu.str();
    };
    return material::run_protocol(driver, c.point, progress, checkpoint_dir);
  }
} // namespace bmgcreep::solver

// The protocol code, instantiated for the cylinder.
template class bmgcreep::material::ProtocolDriver<bmgcreep::solver::AxisymmetricCylinder>;
