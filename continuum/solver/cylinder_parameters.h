// The deck's subsection Cylinder: the specimen's size, mesh, platens, geometry (Model: a row of
// geometry_table()), tangent, linear solver, Newton tolerance and the random initial state.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace bmgcreep::solver
{
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
    std::string model = "axisymmetric"; ///< the geometry (Cylinder/Model): a name of geometry_table()
    bool three_dimensional() const { return model == "3d"; }
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
    unsigned int hold_field_frames = 0; ///< field frames inside each hold, log-spaced (Hold field frames)
    // Heterogeneous initial state: x0 (r, z) = x0_mean exp(s g - s^2/2), g a zero-mean,
    // unit-variance Gaussian random field with covariance exp(-d^2 / (2 l^2)).
    double initial_spread = 0.0;       ///< s (-); 0: uniform
    double correlation_length = 2e-4;  ///< l (m)
    unsigned int seed = 1;
    unsigned int random_modes = 256;   ///< random Fourier modes of g

    static void declare_parameters(dealii::ParameterHandler &prm);
    void parse_parameters(dealii::ParameterHandler &prm);
  };
} // namespace bmgcreep::solver
