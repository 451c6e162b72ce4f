#include "continuum/solver/creep_case.h"

#include "continuum/material/protocol_driver.templates.h"
#include "continuum/solver/cylinder_3d.h"
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
  }

  ResourceEstimate estimate_resources(const CylinderParameters &p)
  {
    ResourceEstimate e;
    const double per_direction = std::pow(2.0, p.refinement);
    if (p.three_dimensional)
      {
        e.cells = 10.0 * std::pow(per_direction, 3); // GridGenerator::cylinder: 10 base cells
        e.unknowns = 3.0 * e.cells * std::pow(p.degree, 3);
      }
    else
      {
        const double cells_z = per_direction * std::max(1L, std::lround(2.0 * p.length / p.diameter));
        e.cells = per_direction * cells_z;
        e.unknowns = 2.0 * (p.degree * per_direction + 1) * (p.degree * cells_z + 1);
      }
    const double quadrature_points = e.cells * std::pow(p.degree + 1.0, p.three_dimensional ? 3 : 2);
    e.memory_GB = (base_memory_bytes + bytes_per_quadrature_point * quadrature_points) / 1e9;
    return e;
  }

  CreepCase read_creep_case(const std::string &path, const std::vector<std::string> &overrides)
  {
    dealii::ParameterHandler prm;
    declare_deck(prm);
    bmgcreep::parse_deck(prm, path, overrides);
    CreepCase c{material::point_case_from(prm, path), {}};
    try
      {
        c.cylinder.parse_parameters(prm);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(path + ": Cylinder: " + e.what());
      }
    if (c.cylinder.initial_spread > 0.0 && !c.point.law->initial_state().structure.empty())
      throw InputError(path + ": Cylinder/Initial state/Spread = " + std::to_string(c.cylinder.initial_spread) +
                                 " perturbs a scalar internal variable; law \"" + c.point.law->name() +
                                 "\" has a vector state: use 0");
    // Size before work: the direct solver's memory grows fast with the unknowns, and every
    // quadrature point carries its history and field output. Refuse what the machine cannot
    // hold (the unknowns' cap) or what exceeds the deck's memory limit, before building a mesh.
    const ResourceEstimate size = estimate_resources(c.cylinder);
    const double max_unknowns = c.cylinder.three_dimensional ? max_unknowns_3d : solver::max_unknowns;
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

  namespace
  {
    /// One progress line per accepted step (rank 0 only).
    template <class Specimen>
    void print_steps(const material::ProtocolDriver<Specimen> &driver, std::ostream *out)
    {
      if (!out)
        return;
      driver.step_observer = [out](const double fraction, const material::TimeSeriesRow &r) {
        std::ostringstream line;
        line << (fraction == 0.0 ? std::string("as-cast  ") : "hold " + to_text(fraction))
             << std::left << " " << std::setw(11) << r.stage << std::right << std::scientific
             << std::setprecision(4) << " t " << r.time << " s  dt " << std::setprecision(2) << r.step
             << " s  stress " << std::fixed << std::setprecision(1) << r.stress * 1e-6 << " MPa  strain "
             << std::scientific << std::setprecision(5) << r.strain << "  x " << std::setprecision(5)
             << r.internal_variable << "  Newton " << r.newton_iterations << "\n";
        *out << line.str() << std::flush;
      };
    }
  } // namespace

  material::PointCaseResult run_creep_case(const CreepCase &c, std::ostream *progress,
                                           const material::CheckpointOptions &checkpoints)
  {
    const material::Observables observables =
      material::make_observables(c.point.specimen, *c.point.law, c.point.enthalpy_per_unit_x);
    std::shared_ptr<CylinderModel> model;
    if (!c.cylinder.three_dimensional)
      model = std::make_shared<CylinderModel>(*c.point.law, c.cylinder);
    if (progress && model)
      *progress << "cylinder: D = " << 1e3 * c.cylinder.diameter << " mm, H = " << 1e3 * c.cylinder.length
                << " mm, axisymmetric, " << model->triangulation.n_active_cells() << " cells of degree "
                << c.cylinder.degree << ", " << model->dof_handler.n_dofs() << " unknowns, "
                << (c.cylinder.friction == PlatenFriction::bonded ? "bonded" : "frictionless") << " platens\n";
    if (c.cylinder.three_dimensional)
      {
        auto model3 = std::make_shared<Cylinder3DModel>(*c.point.law, c.cylinder, MPI_COMM_WORLD);
        const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
        std::ostream *out = root ? progress : nullptr;
        if (out)
          *out << "3D cylinder: " << model3->triangulation.n_global_active_cells() << " cells of degree "
               << c.cylinder.degree << ", " << model3->dof_handler.n_dofs() << " unknowns on "
               << dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) << " process(es)\n";
        material::ProtocolDriver<Cylinder3D> driver3(Cylinder3D(model3), observables, c.point.protocol,
                                                           c.point.stepping);
        print_steps(driver3, out);
        material::CheckpointOptions parallel_checkpoints = checkpoints;
        parallel_checkpoints.rank = dealii::Utilities::MPI::this_mpi_process(model3->comm);
        parallel_checkpoints.barrier = [comm = model3->comm] { MPI_Barrier(comm); };
        // Fields at the end of every stage: each rank's piece gathered on rank 0, which writes
        // them with a .pvtu record.
        driver3.field_writer = [comm = model3->comm](const Cylinder3D &s) {
          std::ostringstream piece, pvtu;
          const bool first = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
          s.write_vtu_piece(piece, first ? &pvtu : nullptr);
          const std::vector<std::string> pieces = dealii::Utilities::MPI::gather(comm, piece.str(), 0);
          material::FieldSnapshot f;
          if (first)
            {
              f.text = pvtu.str();
              f.pieces = pieces;
            }
          return f;
        };
        material::PointCaseResult r = material::run_protocol(driver3, c.point, out, parallel_checkpoints);
        if (out)
          *out << "linear solves " << model3->linear_solves << ", GMRES iterations per solve "
               << (model3->linear_solves ? double(model3->linear_iterations) / model3->linear_solves : 0.0)
               << ", AMG set-ups " << model3->preconditioner_setups << ", tangent assemblies "
               << model3->tangent_assemblies << ", residual-only assemblies " << model3->residual_assemblies << "; wall time in assembly "
               << model3->assembly_seconds << " s, in linear solves (with AMG set-up) " << model3->solver_seconds << " s\n";
        return r;
      }
    material::ProtocolDriver<AxisymmetricCylinder> driver(AxisymmetricCylinder(model), observables,
                                                          c.point.protocol, c.point.stepping);
    driver.field_writer = [](const AxisymmetricCylinder &s) {
      std::ostringstream vtu;
      s.write_vtu(vtu);
      material::FieldSnapshot f;
      f.text = vtu.str();
      return f;
    };
    print_steps(driver, progress);
    return material::run_protocol(driver, c.point, progress, checkpoints);
  }
} // namespace bmgcreep::solver

// The protocol code, instantiated for the cylinders.
template class bmgcreep::material::ProtocolDriver<bmgcreep::solver::AxisymmetricCylinder>;
template class bmgcreep::material::ProtocolDriver<bmgcreep::solver::Cylinder3D>;
