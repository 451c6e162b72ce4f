// The lab specimen as a finite-element model: a cylinder (diameter D, length H) compressed
// between rigid platens, in axisymmetric (r, z) small-strain form. Quadratic elements by
// default, quadrature-point history of the constitutive law's state, Newton's method with the
// consistent tangent. It implements the Specimen interface of ProtocolDriver, so the very
// protocol code of the material point drives it (see protocol_driver.h).
#pragma once

#include "continuum/material/constitutive_law.h"
#include "continuum/material/observables.h"
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

  enum class PlatenFriction
  {
    frictionless, ///< the end faces slide freely on the platens
    bonded        ///< no slip: radial displacement zero on both end faces
  };

  struct CylinderParameters
  {
    double diameter = 3e-3;          ///< m
    double length = 6e-3;            ///< m
    unsigned int degree = 2;         ///< polynomial degree of the elements
    unsigned int refinement = 2;     ///< global refinements of the 1 x 4 base mesh of square cells
    PlatenFriction friction = PlatenFriction::frictionless;
    bool three_dimensional = false;  ///< false: axisymmetric (r, z); true: 3D on a distributed mesh
    bool consistent_tangent = true;  ///< false: elastic tangent (for comparison)
    /// 3D only. false: the tangent is assembled at every Newton iteration (full Newton). true:
    /// the last assembled tangent and its AMG hierarchy are kept across iterations and steps,
    /// and reassembled when an iteration reduces the out-of-balance force less than tenfold.
    bool reuse_tangent = false;
    /// Linear solver: the axisymmetric model factorises (UMFPACK); the 3D model uses GMRES with
    /// PETSc GAMG (rigid-body modes as near-null space) or hypre BoomerAMG.
    enum class LinearSolver { direct, gamg, boomeramg } linear_solver = LinearSolver::direct;
    double newton_tolerance = 1e-12; ///< residual force relative to E A0
    unsigned int max_newton_iterations = 25;
    double memory_limit_GB = 4.0;    ///< runs whose estimated memory exceeds this are refused
    // Heterogeneous initial state: x0 (r, z) = x0_mean exp(s g - s^2/2), g a zero-mean,
    // unit-variance Gaussian random field with covariance exp(-d^2 / (2 l^2)).
    double initial_spread = 0.0;       ///< s (-); 0: uniform
    double correlation_length = 2e-4;  ///< l (m)
    unsigned int seed = 1;
    unsigned int random_modes = 256;   ///< random Fourier modes of g

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };

  /// A stationary Gaussian random field in space with Gaussian covariance, by random Fourier
  /// modes: g(p) = sqrt(2/M) sum_m cos(k_m . p + phi_m), k_m ~ N(0, I / l^2), phi_m ~ U(0, 2 pi).
  /// Zero mean, unit variance, covariance exp(-|p - q|^2 / (2 l^2)) as M grows; seeded. The
  /// axisymmetric model samples it on the plane (r, z, 0).
  class RandomField
  {
  public:
    RandomField(double correlation_length, unsigned int modes, unsigned int seed);
    double operator()(const dealii::Point<3> &p) const;

  private:
    std::vector<dealii::Tensor<1, 3>> wave_vectors;
    std::vector<double> phases;
  };

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
    dealii::AffineConstraints<double> support_constraints; ///< axis, bottom platen (and bonding)
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

  class AxisymmetricCylinder
  {
  public:
    /// The undeformed specimen with the law's initial state at every quadrature point.
    explicit AxisymmetricCylinder(std::shared_ptr<CylinderModel> model);

    bool step_to_strain(double axial_strain, double dt);
    bool step_to_stress(double axial_stress, double dt);

    // The Specimen interface of ProtocolDriver (nominal axial values, tension positive).
    double axial_strain() const { return top_displacement / model->parameters.length; }
    double axial_stress() const { return axial_force / model->area; }
    double axial_plastic_strain() const;
    double internal_variable() const;
    double density(const Observables &o) const;
    double youngs_modulus() const { return model->law.elastic_constants().youngs_modulus; }
    double max_shear_increment_since(const AxisymmetricCylinder &before) const;
    double max_log_x_change_since(const AxisymmetricCylinder &before) const;
    bool can_extrapolate_from(const AxisymmetricCylinder &A) const;
    void extrapolate(const AxisymmetricCylinder &A, const AxisymmetricCylinder &B);
    std::string failure_reason() const { return last_failure; }
    unsigned int last_newton_iterations() const { return newton_iterations; }

    const dealii::Vector<double> &displacement() const { return solution; }
    const std::vector<MaterialState> &states() const { return history.states; }
    const CylinderModel &shared_model() const { return *model; }
    /// Axial platen force (N), tension positive.
    double platen_force() const { return axial_force; }

    /// The fields as a VTU file for ParaView, in the (r, z) half-plane: displacement (m), and
    /// per cell (averaged over its quadrature points) axial stress (MPa) and axial plastic
    /// strain, both compressive-positive, von Mises stress (MPa), accumulated plastic shear
    /// strain, internal variable, density change (%).
    void write_vtu(std::ostream &out) const;

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
    dealii::Vector<double> solution;
    QuadratureHistory history; ///< weights 2 pi r JxW
    double top_displacement = 0.0;
    double axial_force = 0.0;
    unsigned int newton_iterations = 0;
    mutable std::string last_failure = "no failure";
  };
} // namespace bmgcreep::solver
