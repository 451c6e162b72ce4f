// The lab specimen as a finite-element model: a cylinder (diameter D, length H) compressed
// between rigid platens, in axisymmetric (r, z) small-strain form. Quadratic elements by
// default, quadrature-point history of the constitutive law's state, Newton's method with the
// consistent tangent. It implements the Specimen interface of ProtocolDriver, so the very
// protocol code of the material point drives it (see protocol_driver.h).
#pragma once

#include "continuum/material/constitutive_law.h"
#include "continuum/material/observables.h"
#include "continuum/solver/cylinder_base.h"
#include "continuum/solver/cylinder_parameters.h"
#include "continuum/solver/quadrature_history.h"

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/grid/tria.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/sparse_direct.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/sparsity_pattern.h>
#include <deal.II/lac/vector.h>

#include <memory>
#include <string>
#include <vector>

namespace bmgcreep::solver
{
  using material::ConstitutiveLaw;
  using material::MaterialState;
  using material::Observables;

  /// Everything the copies of a cylinder share: mesh, elements, constraints, matrix.
  class CylinderModel
  {
  public:
    CylinderModel(const ConstitutiveLaw &law, const CylinderParameters &parameters);

    const ConstitutiveLaw &law;
    const CylinderParameters parameters;
    dealii::Triangulation<2> triangulation;
    dealii::FESystem<2> fe;
    dealii::DoFHandler<2> dof_handler;
    dealii::QGauss<2> quadrature;
    dealii::IndexSet all_dofs;                                    ///< every DOF (one process)
    std::vector<dealii::types::global_dof_index> support_dofs;   ///< fixed: axis u_r, bottom u_z (bonded: end faces u_r)
    std::vector<dealii::types::global_dof_index> top_axial_dofs; ///< u_z on the top face
    std::vector<dealii::Point<2>> support_points;   ///< of every DOF, (r, z)
    std::vector<unsigned int> dof_component;        ///< 0: u_r, 1: u_z
    double area = 0.0;   ///< pi R^2 (m^2)
    double volume = 0.0; ///< pi R^2 H (m^3)
    unsigned int n_q_points = 0;

    // Scratch shared by all copies (single-threaded use).
    dealii::SparsityPattern sparsity_displacement, sparsity_force;
    dealii::SparseMatrix<double> matrix;
    dealii::SparseDirectUMFPACK direct_solver;
  };

  class AxisymmetricCylinder : public CylinderBase<dealii::Vector<double>>
  {
  public:
    /// The undeformed specimen with the law's initial state at every quadrature point.
    explicit AxisymmetricCylinder(std::shared_ptr<CylinderModel> model);

    bool step_to_strain(double axial_strain, double dt) { return solve(false, axial_strain, dt); }
    bool step_to_stress(double axial_stress, double dt) { return solve(true, axial_stress, dt); }

    // The rest of the Specimen interface of ProtocolDriver (nominal axial values, tension
    // positive) is CylinderBase's.
    double youngs_modulus() const { return model->law.elastic_constants().youngs_modulus; }
    double stored_free_energy() const { return stored_free_energy_of(model->law); }
    void extrapolate(const AxisymmetricCylinder &A, const AxisymmetricCylinder &B);

    const std::vector<MaterialState> &states() const { return history.states; }
    const CylinderModel &shared_model() const { return *model; }

    /// The fields as a VTU file for ParaView, in the (r, z) half-plane: displacement (m), and
    /// per cell (averaged over its quadrature points) axial stress (MPa) and axial plastic
    /// strain, both compressive-positive, von Mises stress (MPa), accumulated plastic shear
    /// strain, internal variable, density change (%). With `section`, also those cell values
    /// as the rows of the section CSV (section_csv_rows).
    void write_vtu(std::ostream &out, std::string *section = nullptr) const;

    /// The state (not the shared model) for checkpoints within a condition.
    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &solution &history.states &history.volumetric_strain &top_displacement &axial_force;
    }

  private:
    bool solve(bool force_control, double target, double dt);
    /// Assembles the tangent and the out-of-balance force (external minus internal) at `u`,
    /// updating `trial` states from the committed ones; false if a material update fails.
    bool assemble(const dealii::Vector<double> &u, double dt, const dealii::AffineConstraints<double> &constraints,
                  bool with_matrix, dealii::Vector<double> &rhs, std::vector<MaterialState> &trial,
                  std::vector<double> &trial_volumetric, double &force) const;

    std::shared_ptr<CylinderModel> model;
  };
} // namespace bmgcreep::solver
