#include "continuum/solver/axisymmetric_cylinder.h"

#include "coupling/text.h"

#include <deal.II/base/function.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/vector_tools.h>

#include <cmath>
#include <map>
#include <random>

namespace bmgcreep::solver
{
  using namespace dealii;

  // ------------------------------------------------------------------ parameters

  void CylinderParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Cylinder");
    prm.declare_entry("Diameter", "3", Patterns::Double(1e-3, 1e3), "Specimen diameter D (mm), 1e-3 to 1e3");
    prm.declare_entry("Length", "6", Patterns::Double(1e-3, 1e3), "Specimen length H (mm), 1e-3 to 1e3");
    prm.declare_entry("Model", "axisymmetric", Patterns::Selection("axisymmetric|3d"),
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
    diameter = 1e-3 * prm.get_double("Diameter");
    length = 1e-3 * prm.get_double("Length");
    three_dimensional = prm.get("Model") == "3d";
    degree = prm.get_integer("Polynomial degree");
    refinement = prm.get_integer("Refinement level");
    friction = prm.get("Platen friction") == "bonded" ? PlatenFriction::bonded : PlatenFriction::frictionless;
    consistent_tangent = prm.get("Tangent") == "consistent";
    reuse_tangent = prm.get("Tangent updates") == "when slow";
    const std::string solver = prm.get("Linear solver");
    if (three_dimensional ? solver == "direct" : (solver == "gamg" || solver == "boomeramg"))
      throw std::invalid_argument("\"Linear solver\" = " + solver + " is not available with \"Model\" = " +
                                  prm.get("Model") + " (axisymmetric: automatic or direct; 3d: automatic, gamg or boomeramg)");
    linear_solver = solver == "boomeramg" ? LinearSolver::boomeramg
                    : (solver == "gamg" || (solver == "automatic" && three_dimensional)) ? LinearSolver::gamg
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

  // ------------------------------------------------------------------ RandomField

  RandomField::RandomField(const double correlation_length, const unsigned int modes, const unsigned int seed)
  {
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> normal(0.0, 1.0 / correlation_length);
    std::uniform_real_distribution<double> uniform(0.0, 2.0 * M_PI);
    for (unsigned int m = 0; m < modes; ++m)
      {
        Tensor<1, 3> k;
        for (unsigned int d = 0; d < 3; ++d)
          k[d] = normal(generator);
        wave_vectors.push_back(k);
        phases.push_back(uniform(generator));
      }
  }

  double RandomField::operator()(const Point<3> &p) const
  {
    double sum = 0.0;
    for (std::size_t m = 0; m < phases.size(); ++m)
      sum += std::cos(wave_vectors[m] * p + phases[m]);
    return std::sqrt(2.0 / phases.size()) * sum;
  }

  // ------------------------------------------------------------------ CylinderModel

  namespace
  {
    // Boundary ids of the colorized rectangle [0, R] x [0, H] in (r, z).
    constexpr types::boundary_id axis = 0, bottom = 2, top = 3;

    /// The small-strain tensor of shape function i at q, in (0: r, 1: z, 2: theta).
    SymmetricTensor<2, 3> shape_strain(const FEValues<2> &fev, const FESystem<2> &fe, const unsigned int i,
                                       const unsigned int q, const double r)
    {
      SymmetricTensor<2, 3> B;
      const Tensor<1, 2> g = fev.shape_grad(i, q);
      if (fe.system_to_component_index(i).first == 0) // u_r
        {
          B[0][0] = g[0];
          B[2][2] = fev.shape_value(i, q) / r;
          B[0][1] = 0.5 * g[1];
        }
      else // u_z
        {
          B[1][1] = g[1];
          B[0][1] = 0.5 * g[0];
        }
      return B;
    }

    SymmetricTensor<4, 3> hooke(const material::ElasticConstants &e)
    {
      const auto I = unit_symmetric_tensor<3>();
      return e.bulk_modulus() * outer_product(I, I) + 2.0 * e.shear_modulus() * deviator_tensor<3>();
    }

    /// Support constraints plus the top platen: axial displacement `u_top` (displacement
    /// control) or all top axial DOFs tied to the first (force control).
    AffineConstraints<double> platen_constraints(const CylinderModel &m, const bool force_control,
                                                 const double u_top)
    {
      AffineConstraints<double> c;
      c.merge(m.support_constraints);
      const auto master = m.top_axial_dofs.front();
      for (const auto i : m.top_axial_dofs)
        {
          if (c.is_constrained(i))
            continue;
          if (!force_control)
            {
              c.add_line(i);
              c.set_inhomogeneity(i, u_top);
            }
          else if (i != master)
            {
              c.add_line(i);
              c.add_entry(i, master, 1.0);
            }
        }
      c.close();
      return c;
    }
  } // namespace

  CylinderModel::CylinderModel(const ConstitutiveLaw &law_, const CylinderParameters &p)
    : law(law_), parameters(p), fe(FE_Q<2>(p.degree), 2), quadrature(p.degree + 1)
  {
    const double R = 0.5 * p.diameter, H = p.length;
    const unsigned int nz = std::max(1u, static_cast<unsigned int>(std::lround(H / R)));
    GridGenerator::subdivided_hyper_rectangle(triangulation, {1u, nz}, Point<2>(0.0, 0.0), Point<2>(R, H), true);
    triangulation.refine_global(p.refinement);
    dof_handler.reinit(triangulation);
    dof_handler.distribute_dofs(fe);

    const FEValuesExtractors::Scalar ur(0), uz(1);
    std::map<types::boundary_id, const Function<2> *> none;
    VectorTools::interpolate_boundary_values(dof_handler, axis, Functions::ZeroFunction<2>(2), support_constraints,
                                             fe.component_mask(ur));
    VectorTools::interpolate_boundary_values(dof_handler, bottom, Functions::ZeroFunction<2>(2),
                                             support_constraints, fe.component_mask(uz));
    if (p.friction == PlatenFriction::bonded)
      for (const auto id : {bottom, top})
        VectorTools::interpolate_boundary_values(dof_handler, id, Functions::ZeroFunction<2>(2),
                                                 support_constraints, fe.component_mask(ur));
    support_constraints.close();

    const IndexSet top_dofs = DoFTools::extract_boundary_dofs(dof_handler, fe.component_mask(uz), {top});
    top_axial_dofs.assign(top_dofs.begin(), top_dofs.end());
    AssertThrow(!top_axial_dofs.empty(), ExcMessage("no axial degrees of freedom on the top face"));

    for (const bool force_control : {false, true})
      {
        DynamicSparsityPattern dsp(dof_handler.n_dofs());
        DoFTools::make_sparsity_pattern(dof_handler, dsp, platen_constraints(*this, force_control, 0.0), false);
        (force_control ? sparsity_force : sparsity_displacement).copy_from(dsp);
      }

    support_points.resize(dof_handler.n_dofs());
    DoFTools::map_dofs_to_support_points(MappingQ1<2>(), dof_handler, support_points);
    dof_component.resize(dof_handler.n_dofs());
    {
      std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
      for (const auto &cell : dof_handler.active_cell_iterators())
        {
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < dofs.size(); ++i)
            dof_component[dofs[i]] = fe.system_to_component_index(i).first;
        }
    }

    area = M_PI * R * R;
    volume = area * H;
    n_q_points = quadrature.size();
  }

  // ------------------------------------------------------------------ AxisymmetricCylinder

  AxisymmetricCylinder::AxisymmetricCylinder(std::shared_ptr<CylinderModel> model_)
    : model(std::move(model_)), solution(model->dof_handler.n_dofs()),
      history(model->triangulation.n_active_cells() * model->n_q_points, model->law.initial_state())
  {
    // Quadrature history.weights 2 pi r JxW, cell-major like the states, and the random initial state.
    const CylinderParameters &p = model->parameters;
    const double s = p.initial_spread;
    const RandomField g(p.correlation_length, p.random_modes, p.seed);
    FEValues<2> fev(model->fe, model->quadrature, update_quadrature_points | update_JxW_values);
    for (const auto &cell : model->dof_handler.active_cell_iterators())
      {
        fev.reinit(cell);
        for (unsigned int q = 0; q < model->n_q_points; ++q)
          {
            const unsigned int k = cell->active_cell_index() * model->n_q_points + q;
            history.weights[k] = 2.0 * M_PI * fev.quadrature_point(q)[0] * fev.JxW(q);
            if (s > 0.0)
              {
                const Point<2> rz = fev.quadrature_point(q);
                history.states[k].internal_variable *= std::exp(s * g(Point<3>(rz[0], rz[1], 0.0)) - 0.5 * s * s);
              }
          }
      }
  }

  bool AxisymmetricCylinder::assemble(const Vector<double> &u, const double dt,
                                      const AffineConstraints<double> &constraints, const bool with_matrix,
                                      Vector<double> &rhs, std::vector<MaterialState> &trial,
                                      std::vector<double> &trial_volumetric, double &force) const
  {
    CylinderModel &m = *model;
    const unsigned int dpc = m.fe.n_dofs_per_cell(), nq = m.n_q_points;
    FEValues<2> fev(m.fe, m.quadrature, update_values | update_gradients | update_quadrature_points | update_JxW_values);
    FullMatrix<double> cell_matrix(dpc, dpc);
    Vector<double> cell_rhs(dpc);
    std::vector<types::global_dof_index> dofs(dpc);
    std::vector<SymmetricTensor<2, 3>> B(dpc), CB(dpc);
    const SymmetricTensor<4, 3> C_elastic = hooke(m.law.elastic_constants());

    if (with_matrix)
      m.matrix = 0.0;
    rhs = 0.0;
    trial.resize(history.states.size());
    trial_volumetric.resize(history.states.size());
    force = 0.0;
    for (const auto &cell : m.dof_handler.active_cell_iterators())
      {
        fev.reinit(cell);
        cell->get_dof_indices(dofs);
        cell_matrix = 0.0;
        cell_rhs = 0.0;
        for (unsigned int q = 0; q < nq; ++q)
          {
            const double r = fev.quadrature_point(q)[0];
            SymmetricTensor<2, 3> eps;
            for (unsigned int i = 0; i < dpc; ++i)
              {
                B[i] = shape_strain(fev, m.fe, i, q, r);
                eps += u(dofs[i]) * B[i];
              }
            const unsigned int k = cell->active_cell_index() * nq + q;
            const double w = history.weights[k];
            material::Update upd;
            try
              {
                upd = m.law.integrate(history.states[k], eps, dt, trial[k]);
              }
            catch (const material::LocalSolveFailure &e)
              {
                last_failure = std::string("material update failed: ") + e.what();
                return false;
              }
            trial_volumetric[k] = trace(eps);
            force += upd.stress[1][1] * w / m.parameters.length;
            const SymmetricTensor<4, 3> &C = m.parameters.consistent_tangent ? upd.tangent : C_elastic;
            for (unsigned int j = 0; j < dpc; ++j)
              {
                cell_rhs(j) -= (B[j] * upd.stress) * w;
                if (with_matrix)
                  CB[j] = C * B[j];
              }
            if (with_matrix)
              for (unsigned int i = 0; i < dpc; ++i)
                for (unsigned int j = 0; j < dpc; ++j)
                  cell_matrix(i, j) += (B[i] * CB[j]) * w;
          }
        if (with_matrix)
          constraints.distribute_local_to_global(cell_matrix, cell_rhs, dofs, m.matrix, rhs);
        else
          constraints.distribute_local_to_global(cell_rhs, dofs, rhs);
      }
    return true;
  }

  bool AxisymmetricCylinder::solve(const bool force_control, const double target, const double dt)
  {
    CylinderModel &m = *model;
    const double u_top_target = force_control ? 0.0 : target * m.parameters.length;
    const AffineConstraints<double> inhomogeneous = platen_constraints(m, force_control, u_top_target);
    const AffineConstraints<double> homogeneous = platen_constraints(m, force_control, 0.0);
    const SparsityPattern &sp = force_control ? m.sparsity_force : m.sparsity_displacement;
    if (&m.matrix.get_sparsity_pattern() != &sp)
      m.matrix.reinit(sp);

    // Predictor: the elastic uniaxial increment (u_z = d eps z, u_r = -nu d eps r) on top of
    // the last state, so that the first iterate is not a strain jump in the top cells.
    Vector<double> u = solution, rhs(u.size()), du(u.size());
    {
      const material::ElasticConstants &el = m.law.elastic_constants();
      const double d_eps = force_control ? (target - axial_stress()) / el.youngs_modulus
                                         : target - axial_strain();
      for (types::global_dof_index i = 0; i < u.size(); ++i)
        u(i) += m.dof_component[i] == 1 ? d_eps * m.support_points[i][1]
                                        : -el.poisson_ratio * d_eps * m.support_points[i][0];
    }
    inhomogeneous.distribute(u);
    const auto master = m.top_axial_dofs.front();
    const double target_force = force_control ? target * m.area : 0.0;
    const double tolerance = m.parameters.newton_tolerance * m.law.elastic_constants().youngs_modulus * m.area;
    std::vector<MaterialState> trial;
    std::vector<double> trial_volumetric;
    double force = 0.0, residual = 0.0;
    for (unsigned int it = 1; it <= m.parameters.max_newton_iterations; ++it)
      {
        if (!assemble(u, dt, homogeneous, true, rhs, trial, trial_volumetric, force))
          return false;
        if (force_control)
          rhs(master) += target_force;
        residual = rhs.linfty_norm();
        if (!std::isfinite(residual))
          {
            last_failure = "non-finite out-of-balance force";
            return false;
          }
        if (residual <= tolerance)
          {
            solution = u;
            history.states = std::move(trial);
            history.volumetric_strain = std::move(trial_volumetric);
            top_displacement = u(master);
            axial_force = force;
            newton_iterations = it;
            return true;
          }
        m.direct_solver.initialize(m.matrix);
        m.direct_solver.vmult(du, rhs);
        homogeneous.distribute(du);
        u += du;
      }
    last_failure = "Newton did not converge in " + to_text(m.parameters.max_newton_iterations) +
                   " iterations (out-of-balance force " + to_text(residual) + " N)";
    return false;
  }

  bool AxisymmetricCylinder::step_to_strain(const double axial_strain, const double dt)
  {
    return solve(false, axial_strain, dt);
  }

  bool AxisymmetricCylinder::step_to_stress(const double axial_stress, const double dt)
  {
    return solve(true, axial_stress, dt);
  }

  double AxisymmetricCylinder::axial_plastic_strain() const
  {
    return history.axial_plastic_strain_integral(1) / model->volume;
  }

  double AxisymmetricCylinder::internal_variable() const { return history.internal_variable_integral() / model->volume; }

  double AxisymmetricCylinder::density(const Observables &o) const
  {
    // Mass conservation: rho = rho_0 V_0 / V with V = int (1 + tr eps) dV_0.
    return o.density_at_volume_ratio(history.current_volume() / model->volume);
  }

  double AxisymmetricCylinder::max_shear_increment_since(const AxisymmetricCylinder &before) const
  {
    return history.max_shear_increment_since(before.history);
  }

  double AxisymmetricCylinder::max_log_x_change_since(const AxisymmetricCylinder &before) const
  {
    return history.max_log_x_change_since(before.history);
  }

  bool AxisymmetricCylinder::can_extrapolate_from(const AxisymmetricCylinder &A) const
  {
    return history.can_extrapolate_from(A.history);
  }

  void AxisymmetricCylinder::extrapolate(const AxisymmetricCylinder &A, const AxisymmetricCylinder &B)
  {
    solution = B.solution;
    solution.sadd(2.0, -1.0, A.solution);
    history.extrapolate(A.history, B.history);
    top_displacement = 2.0 * B.top_displacement - A.top_displacement;
    axial_force = 2.0 * B.axial_force - A.axial_force;
  }


  void AxisymmetricCylinder::write_vtu(std::ostream &out) const
  {
    const CylinderModel &m = *model;
    const unsigned int n_cells = m.triangulation.n_active_cells(), nq = m.n_q_points;
    std::vector<Vector<float>> fields(QuadratureHistory::n_cell_fields, Vector<float>(n_cells));
    const material::ElasticConstants &el = m.law.elastic_constants();
    FEValues<2> fev(m.fe, m.quadrature, update_values | update_gradients | update_quadrature_points);
    std::vector<types::global_dof_index> dofs(m.fe.n_dofs_per_cell());
    for (const auto &cell : m.dof_handler.active_cell_iterators())
      {
        fev.reinit(cell);
        cell->get_dof_indices(dofs);
        const unsigned int c = cell->active_cell_index();
        std::array<double, QuadratureHistory::n_cell_fields + 1> sum{};
        for (unsigned int q = 0; q < nq; ++q)
          {
            const double r = fev.quadrature_point(q)[0];
            SymmetricTensor<2, 3> eps;
            for (unsigned int i = 0; i < dofs.size(); ++i)
              eps += solution(dofs[i]) * shape_strain(fev, m.fe, i, q, r);
            const unsigned int k = c * nq + q;
            history.add_cell_fields(k, eps, el, 1, sum);
          }
        for (unsigned int j = 0; j < QuadratureHistory::n_cell_fields; ++j)
          fields[j][c] = sum[j] / sum[QuadratureHistory::n_cell_fields];
      }
    DataOut<2> data_out;
    data_out.attach_dof_handler(m.dof_handler);
    const std::vector<std::string> names = {"displacement", "displacement"};
    const std::vector<DataComponentInterpretation::DataComponentInterpretation> kinds(
      2, DataComponentInterpretation::component_is_part_of_vector);
    data_out.add_data_vector(solution, names, DataOut<2>::type_dof_data, kinds);
    for (unsigned int j = 0; j < QuadratureHistory::n_cell_fields; ++j)
      data_out.add_data_vector(fields[j], QuadratureHistory::cell_field_names[j]);
    data_out.build_patches(m.parameters.degree);
    // No date and time in the header: a rerun or a resumed run writes the same bytes.
    DataOutBase::VtkFlags flags;
    flags.print_date_and_time = false;
    data_out.set_flags(flags);
    data_out.write_vtu(out);
  }
} // namespace bmgcreep::solver
