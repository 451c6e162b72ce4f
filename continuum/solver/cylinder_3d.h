// The lab specimen as a three-dimensional finite-element model on a distributed mesh
// (p4est, MPI): the cylinder of diameter D and length H along z (0 to H, as in the
// axisymmetric model) between rigid platens, small strain, quadratic elements by default. Linear systems: PETSc GMRES with hypre BoomerAMG
// (block size 3). Implements the Specimen interface of ProtocolDriver like
// AxisymmetricCylinder; every rank runs the protocol, reductions keep them in step.
#pragma once

#include "continuum/material/constitutive_law.h"
#include "continuum/material/observables.h"
#include "continuum/solver/axisymmetric_cylinder.h"
#include "continuum/solver/cylinder_base.h"

#include <deal.II/base/index_set.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <boost/serialization/split_member.hpp>
#include <boost/serialization/vector.hpp>

#include <map>
#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

namespace bmgcreep::solver
{
  /// PETSc's smoothed-aggregation multigrid (PCGAMG) with the six rigid-body modes of the
  /// mesh's support points as near-null space (deal.II 9.4 has no wrapper for it).
  class PreconditionGAMG : public dealii::PETScWrappers::PreconditionBase
  {
  public:
    /// `coordinates`: for every locally owned DOF the coordinate of its support point in the
    /// DOF's direction (the three DOFs of a node consecutive, as deal.II numbers them).
    void initialize(const dealii::PETScWrappers::MatrixBase &matrix,
                    const dealii::PETScWrappers::MPI::Vector &coordinates);
  };

  /// Everything the copies of a 3D cylinder share: mesh, elements, constraints, matrices.
  class Cylinder3DModel
  {
  public:
    Cylinder3DModel(const ConstitutiveLaw &law, const CylinderParameters &parameters, MPI_Comm comm);

    const ConstitutiveLaw &law;
    const CylinderParameters parameters;
    MPI_Comm comm;
    dealii::parallel::distributed::Triangulation<3> triangulation;
    dealii::FESystem<3> fe;
    dealii::DoFHandler<3> dof_handler;
    dealii::QGauss<3> quadrature;
    dealii::MappingQ<3> mapping; ///< of the elements' degree: the hull is curved
    dealii::IndexSet owned, relevant; ///< relevant includes the platen master DOF
    std::vector<dealii::types::global_dof_index> support_dofs;   ///< fixed to zero
    std::vector<dealii::types::global_dof_index> top_axial_dofs; ///< locally relevant u_z on the top face
    dealii::types::global_dof_index master = 0;                  ///< the platen DOF under force control
    std::map<dealii::types::global_dof_index, dealii::Point<3>> support_points; ///< locally relevant
    dealii::PETScWrappers::MPI::Vector coordinates; ///< owned DOFs: support point coordinate in the DOF's direction
    double area = 0.0, volume = 0.0; ///< of the discrete geometry (m^2, m^3): area = volume / H
    unsigned int n_q_points = 0;
    dealii::PETScWrappers::MPI::SparseMatrix matrix_displacement, matrix_force;
    unsigned long linear_iterations = 0; ///< summed over all solves (statistics)
    unsigned long linear_solves = 0;
    unsigned long preconditioner_setups = 0;
    unsigned long tangent_assemblies = 0, residual_assemblies = 0;
    double assembly_seconds = 0.0, solver_seconds = 0.0; ///< wall time (statistics)

    /// The AMG hierarchy of one of the two matrices, kept across Newton iterations and steps
    /// while it still works: it is rebuilt when a solve needs more than twice (plus two) the
    /// GMRES iterations of the first solve after its set-up, or fails.
    struct Preconditioner
    {
      dealii::PETScWrappers::PreconditionBoomerAMG amg;
      PreconditionGAMG gamg;
      bool ready = false;
      unsigned int fresh_iterations = 0; ///< of the first solve after the set-up
      unsigned int last_iterations = 0;
      bool stale() const { return !ready || last_iterations > 2 * fresh_iterations + 2; }
      bool matrix_ready = false; ///< the matrix holds a tangent that may be reused
    };
    Preconditioner preconditioner_displacement, preconditioner_force;
  };

  class Cylinder3D : public CylinderBase<dealii::PETScWrappers::MPI::Vector>
  {
  public:
    explicit Cylinder3D(std::shared_ptr<Cylinder3DModel> model);

    bool step_to_strain(double axial_strain, double dt) { return solve(false, axial_strain, dt); }
    bool step_to_stress(double axial_stress, double dt) { return solve(true, axial_stress, dt); }

    // The rest of the Specimen interface of ProtocolDriver is CylinderBase's (with the
    // reductions over the processes).
    double youngs_modulus() const { return model->law.elastic_constants().youngs_modulus; }
    double stored_free_energy() const { return stored_free_energy_of(model->law); }
    void extrapolate(const Cylinder3D &A, const Cylinder3D &B);

    /// The fields of this process's cells as one VTU piece: displacement (m), and per cell
    /// axial stress and plastic strain (compressive positive), von Mises stress, plastic shear
    /// strain, internal variable, density change (%). With `pvtu`, also the .pvtu record (on
    /// any rank) naming the pieces "@NAME@.<rank>.vtu". With `section`, the rows of the
    /// section CSV (section_csv_rows) of this process's cells that the plane y = 0 cuts (or
    /// that touch it from y > 0), each with the extent of its cut in x and z.
    void write_vtu_piece(std::ostream &out, std::ostream *pvtu = nullptr, std::string *section = nullptr) const;
    const Cylinder3DModel &shared_model() const { return *model; }

    /// Drops the kept tangent and multigrid set-up (rebuilt at the next solve): called at each
    /// checkpoint, so that a resumed run repeats the same linear solves.
    void forget_reused_solver_setup() const
    {
      for (auto *pre : {&model->preconditioner_displacement, &model->preconditioner_force})
        {
          pre->ready = false;
          pre->matrix_ready = false;
        }
    }

    /// This process's part of the state for checkpoints within a condition (resume with the
    /// same number of processes).
    template <class Archive>
    void save(Archive &ar, const unsigned int) const
    {
      std::vector<double> owned(solution.locally_owned_size());
      for (unsigned int i = 0; i < owned.size(); ++i)
        owned[i] = solution(model->owned.nth_index_in_set(i));
      ar &owned &history.states &history.volumetric_strain &top_displacement &axial_force;
    }
    template <class Archive>
    void load(Archive &ar, const unsigned int)
    {
      std::vector<double> owned;
      ar &owned &history.states &history.volumetric_strain &top_displacement &axial_force;
      if (owned.size() != model->owned.n_elements() || history.states.size() != history.weights.size())
        throw std::runtime_error("the checkpoint was written by a different number of processes");
      dealii::PETScWrappers::MPI::Vector u(model->owned, model->comm);
      for (unsigned int i = 0; i < owned.size(); ++i)
        u(model->owned.nth_index_in_set(i)) = owned[i];
      u.compress(dealii::VectorOperation::insert);
      solution = u;
    }
    BOOST_SERIALIZATION_SPLIT_MEMBER()

  private:
    bool solve(bool force_control, double target, double dt);
    bool assemble(const dealii::PETScWrappers::MPI::Vector &u, double dt,
                  const dealii::AffineConstraints<double> &constraints, dealii::PETScWrappers::MPI::SparseMatrix *matrix,
                  dealii::PETScWrappers::MPI::Vector &rhs, std::vector<MaterialState> &trial,
                  std::vector<double> &trial_volumetric, double &force) const;

    /// The linear solve of one Newton iteration: GMRES with the kept or a new AMG set-up.
    bool solve_linear(dealii::PETScWrappers::MPI::SparseMatrix &matrix, Cylinder3DModel::Preconditioner &pre,
                      const dealii::PETScWrappers::MPI::Vector &rhs, dealii::PETScWrappers::MPI::Vector &du,
                      double tolerance) const;

    std::shared_ptr<Cylinder3DModel> model;
    // QuadratureHistory weights: JxW on locally owned cells, 0 elsewhere; `solution` ghosted
    // (locally relevant).
  };
} // namespace bmgcreep::solver
