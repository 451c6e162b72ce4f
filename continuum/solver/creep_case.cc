#include "continuum/solver/creep_case.h"

#include "continuum/material/protocol_driver.h"
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
