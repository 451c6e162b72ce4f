#include "continuum/solver/geometry_table.h"

#include "continuum/material/protocol_driver.templates.h"
#include "continuum/solver/axisymmetric_cylinder.h"
#include "continuum/solver/creep_case.h"
#include "continuum/solver/cylinder_3d.h"
#include "coupling/text.h"

#include <deal.II/base/mpi.h>

#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace bmgcreep::solver
{
  namespace
  {
    /// The quadrature points of `cells` cells of degree p in `dim` dimensions, as memory.
    ResourceEstimate with_memory(ResourceEstimate e, const CylinderParameters &p, const int dim)
    {
      const double quadrature_points = e.cells * std::pow(p.degree + 1.0, dim);
      e.memory_GB = (base_memory_bytes + bytes_per_quadrature_point * quadrature_points) / 1e9;
      return e;
    }

    // ---------------------------------------------------------------- axisymmetric (r, z)

    ResourceEstimate axisymmetric_size(const CylinderParameters &p)
    {
      ResourceEstimate e;
      const double per_direction = std::pow(2.0, p.refinement);
      const double cells_z = per_direction * std::max(1L, std::lround(2.0 * p.length / p.diameter));
      e.cells = per_direction * cells_z;
      e.unknowns = 2.0 * (p.degree * per_direction + 1) * (p.degree * cells_z + 1);
      return with_memory(e, p, 2);
    }

    material::PointCaseResult run_axisymmetric(const CreepCase &c, const material::Observables &observables,
                                               Console *progress, const material::CheckpointOptions &checkpoints)
    {
      const auto model = std::make_shared<CylinderModel>(*c.point.law, c.cylinder);
      if (progress)
        *progress << "cylinder: D = " << 1e3 * c.cylinder.diameter << " mm, H = " << 1e3 * c.cylinder.length
                  << " mm, axisymmetric, " << model->triangulation.n_active_cells() << " cells of degree "
                  << c.cylinder.degree << ", " << model->dof_handler.n_dofs() << " unknowns, "
                  << (c.cylinder.friction == PlatenFriction::bonded ? "bonded" : "frictionless") << " platens\n";
      material::ProtocolDriver<AxisymmetricCylinder> driver(AxisymmetricCylinder(model), observables,
                                                            c.point.protocol, c.point.stepping);
      driver.hold_frames = c.cylinder.hold_field_frames;
      driver.field_writer = [](const AxisymmetricCylinder &s) {
        std::ostringstream vtu;
        material::FieldSnapshot f;
        s.write_vtu(vtu, &f.section);
        f.text = vtu.str();
        f.section = section_csv_header() + f.section;
        return f;
      };
      return material::run_protocol(driver, c.point, progress, checkpoints);
    }

    // ---------------------------------------------------------------- 3D, distributed

    ResourceEstimate three_dimensional_size(const CylinderParameters &p)
    {
      ResourceEstimate e;
      e.cells = 10.0 * std::pow(2.0, 3.0 * p.refinement); // GridGenerator::cylinder: 10 base cells
      e.unknowns = 3.0 * e.cells * std::pow(p.degree, 3);
      return with_memory(e, p, 3);
    }

    material::PointCaseResult run_three_dimensional(const CreepCase &c, const material::Observables &observables,
                                                    Console *progress,
                                                    const material::CheckpointOptions &checkpoints)
    {
      auto model = std::make_shared<Cylinder3DModel>(*c.point.law, c.cylinder, MPI_COMM_WORLD);
      const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
      Console *out = root ? progress : nullptr;
      if (out)
        *out << "3D cylinder: " << model->triangulation.n_global_active_cells() << " cells of degree "
             << c.cylinder.degree << ", " << model->dof_handler.n_dofs() << " unknowns on "
             << dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) << " process(es)\n";
      material::ProtocolDriver<Cylinder3D> driver(Cylinder3D(model), observables, c.point.protocol, c.point.stepping);
      material::CheckpointOptions parallel_checkpoints = checkpoints;
      parallel_checkpoints.rank = dealii::Utilities::MPI::this_mpi_process(model->comm);
      parallel_checkpoints.barrier = [comm = model->comm] { MPI_Barrier(comm); };
      // Fields at the end of every stage: each rank's piece gathered on rank 0, which writes
      // them with a .pvtu record, and the section through the axis (the report's pictures).
      driver.hold_frames = c.cylinder.hold_field_frames;
      driver.field_writer = [comm = model->comm](const Cylinder3D &s) {
        std::ostringstream piece, pvtu;
        std::string section;
        const bool first = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
        s.write_vtu_piece(piece, first ? &pvtu : nullptr, &section);
        const std::vector<std::string> pieces = dealii::Utilities::MPI::gather(comm, piece.str(), 0);
        const std::vector<std::string> sections = dealii::Utilities::MPI::gather(comm, section, 0);
        material::FieldSnapshot f;
        if (first)
          {
            f.text = pvtu.str();
            f.pieces = pieces;
            f.section = section_csv_header();
            for (const std::string &rows : sections)
              f.section += rows;
          }
        return f;
      };
      material::PointCaseResult r = material::run_protocol(driver, c.point, out, parallel_checkpoints);
      if (out)
        *out << "linear solves " << model->linear_solves << ", GMRES iterations per solve "
             << (model->linear_solves ? double(model->linear_iterations) / model->linear_solves : 0.0)
             << ", AMG set-ups " << model->preconditioner_setups << ", tangent assemblies " << model->tangent_assemblies
             << ", residual-only assemblies " << model->residual_assemblies << "; wall time in assembly "
             << model->assembly_seconds << " s, in linear solves (with AMG set-up) " << model->solver_seconds << " s\n";
      return r;
    }
  } // namespace

  const std::vector<Geometry> &geometry_table()
  {
    // name, parallel, largest mesh (unknowns: the direct solver's memory; 3D: 24 GiB), size, run
    static const std::vector<Geometry> table = {
      {"axisymmetric", false, 1e6, axisymmetric_size, run_axisymmetric},
      {"3d", true, 3e6, three_dimensional_size, run_three_dimensional},
    };
    return table;
  }

  const Geometry &geometry(const std::string &name)
  {
    for (const auto &g : geometry_table())
      if (g.name == name)
        return g;
    throw std::invalid_argument("no specimen geometry \"" + name + "\" (" + geometry_names() + ")");
  }

  std::string geometry_names()
  {
    std::string names;
    for (const auto &g : geometry_table())
      names += (names.empty() ? "" : "|") + g.name;
    return names;
  }
} // namespace bmgcreep::solver

// The protocol code, instantiated for the geometries.
template class bmgcreep::material::ProtocolDriver<bmgcreep::solver::AxisymmetricCylinder>;
template class bmgcreep::material::ProtocolDriver<bmgcreep::solver::Cylinder3D>;
