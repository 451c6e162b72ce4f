#include "continuum/solver/cylinder_parameters.h"

#include "continuum/solver/geometry_table.h"

#include <stdexcept>

namespace bmgcreep::solver
{
  using namespace dealii;

  // ------------------------------------------------------------------ parameters

  void CylinderParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Cylinder");
    prm.declare_entry("Diameter", "3", Patterns::Double(1e-3, 1e3), "Specimen diameter D (mm), 1e-3 to 1e3");
    prm.declare_entry("Length", "6", Patterns::Double(1e-3, 1e3), "Specimen length H (mm), 1e-3 to 1e3");
    prm.declare_entry("Model", "axisymmetric", Patterns::Selection(geometry_names()),
                      "axisymmetric (r, z) model, serial; or 3d on a distributed p4est mesh with PETSc "
                      "GMRES + BoomerAMG, runs under mpirun (axisymmetric|3d)");
    prm.declare_entry("Polynomial degree", "2", Patterns::Integer(1, 4),
                      "Degree of the Lagrange elements (-), 1 to 4");
    prm.declare_entry("Refinement level", "2", Patterns::Integer(0, 8),
                      "Global refinements of the base mesh (axisymmetric: 1 x round(2H/D) square cells in (r, z); "
                      "3d: GridGenerator::cylinder) (-), 0 to 8");
    prm.declare_entry("Memory limit", "4", Patterns::Double(0.1, 1e4),
                      "Largest memory a run may need by the a-priori estimate of docs/continuum-solver.md (GB); a "
                      "finer mesh is refused before it starts, 0.1 to 1e4");
    prm.declare_entry("Platen friction", "frictionless", Patterns::Selection("frictionless|bonded"),
                      "End faces slide freely on the rigid platens, or are bonded to them (no slip) "
                      "(frictionless|bonded)");
    prm.declare_entry("Tangent", "consistent", Patterns::Selection("consistent|elastic"),
                      "Newton tangent: the law's consistent tangent, or the elastic one (for comparison) "
                      "(consistent|elastic)");
    prm.declare_entry("Tangent updates", "every iteration", Patterns::Selection("every iteration|when slow"),
                      "3D model only: assemble the tangent at every Newton iteration, or keep it (and its "
                      "multigrid set-up) across iterations and steps until an iteration reduces the "
                      "out-of-balance force less than tenfold (every iteration|when slow)");
    prm.declare_entry("Linear solver", "automatic", Patterns::Selection("automatic|direct|gamg|boomeramg"),
                      "automatic: direct (UMFPACK) for the axisymmetric model, GMRES with PETSc GAMG for 3D. "
                      "gamg or boomeramg (hypre): GMRES with that algebraic multigrid, 3D only. direct: "
                      "axisymmetric only (automatic|direct|gamg|boomeramg)");
    prm.declare_entry("Newton tolerance", "1e-12", Patterns::Double(1e-16, 1e-3),
                      "Largest out-of-balance nodal force relative to E A0 (-), 1e-16 to 1e-3");
    prm.declare_entry("Max Newton iterations", "25", Patterns::Integer(3, 1000),
                      "Newton iterations before a step is cut back (-), 3 to 1000");
    prm.declare_entry("Hold field frames", "0", Patterns::Integer(0, 100),
                      "Field frames inside each hold besides the one at its end, at log-spaced hold times "
                      "from 1 s to the hold time (hold-1, hold-2, ... in the condition's .pvd) (-), 0 to 100");
    prm.enter_subsection("Initial state");
    prm.declare_entry("Spread", "0", Patterns::Double(0.0, 2.0),
                      "Standard deviation s of ln(x0) of the random initial internal variable "
                      "x0 = mean exp(s g - s^2/2); 0: uniform (-), 0 to 2");
    prm.declare_entry("Correlation length", "0.2", Patterns::Double(1e-4, 1e3),
                      "Correlation length l of the Gaussian field g, covariance exp(-d^2/(2 l^2)) (mm), 1e-4 to 1e3");
    prm.declare_entry("Seed", "1", Patterns::Integer(0, 2147483647), "Seed of the random field (-), 0 to 2^31-1");
    prm.declare_entry("Modes", "256", Patterns::Integer(1, 100000),
                      "Random Fourier modes of the field (-), 1 to 1e5");
    prm.leave_subsection();
    prm.leave_subsection();
  }

  void CylinderParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Cylinder");
    memory_limit_GB = prm.get_double("Memory limit");
    hold_field_frames = prm.get_integer("Hold field frames");
    diameter = 1e-3 * prm.get_double("Diameter");
    length = 1e-3 * prm.get_double("Length");
    model = prm.get("Model");
    degree = prm.get_integer("Polynomial degree");
    refinement = prm.get_integer("Refinement level");
    friction = prm.get("Platen friction") == "bonded" ? PlatenFriction::bonded : PlatenFriction::frictionless;
    consistent_tangent = prm.get("Tangent") == "consistent";
    reuse_tangent = prm.get("Tangent updates") == "when slow";
    const std::string solver = prm.get("Linear solver");
    if (three_dimensional() ? solver == "direct" : (solver == "gamg" || solver == "boomeramg"))
      throw std::invalid_argument("\"Linear solver\" = " + solver + " is not available with \"Model\" = " +
                                  prm.get("Model") + " (axisymmetric: automatic or direct; 3d: automatic, gamg or boomeramg)");
    linear_solver = solver == "boomeramg" ? LinearSolver::boomeramg
                    : (solver == "gamg" || (solver == "automatic" && three_dimensional())) ? LinearSolver::gamg
                                                                                         : LinearSolver::direct;
    newton_tolerance = prm.get_double("Newton tolerance");
    max_newton_iterations = prm.get_integer("Max Newton iterations");
    prm.enter_subsection("Initial state");
    initial_spread = prm.get_double("Spread");
    correlation_length = 1e-3 * prm.get_double("Correlation length");
    seed = prm.get_integer("Seed");
    random_modes = prm.get_integer("Modes");
    prm.leave_subsection();
    prm.leave_subsection();
  }
} // namespace bmgcreep::solver
