#include "continuum/solver/cylinder_3d.h"

#include "coupling/text.h"

#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/manifold_lib.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/exceptions.h>

#include <petscpc.h>
#include <deal.II/lac/petsc_solver.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/sparsity_tools.h>

#include <array>
#include <chrono>
#include <cmath>
#include <limits>

namespace bmgcreep::solver
{
  using namespace dealii;

  namespace
  {
    // Boundary ids of GridGenerator::cylinder: hull 0, bottom platen 1, top platen 2; after the
    // mesh is turned upright, the bottom at z = 0 and the top at z = H (as in the axisymmetric
    // model). The load axis z is strain component 2.
    constexpr types::boundary_id bottom = 1, top = 2;
    constexpr unsigned int axial = 2;

    /// Widens the section cell `c` to hold the point `p` of the plane y = 0 (r = x).
    void cut_include(SectionCell &c, const Point<3> &p)
    {
      c.r_min = std::min(c.r_min, p[0]);
      c.r_max = std::max(c.r_max, p[0]);
      c.z_min = std::min(c.z_min, p[2]);
      c.z_max = std::max(c.z_max, p[2]);
    }
  } // namespace

  void PreconditionGAMG::initialize(const PETScWrappers::MatrixBase &A, const PETScWrappers::MPI::Vector &coordinates)
  {
    clear();
    matrix = static_cast<Mat>(A);
    create_pc();
    MatNullSpace rigid_body_modes;
    Vec xyz;
    VecDuplicate(coordinates, &xyz);
    VecCopy(coordinates, xyz);
    VecSetBlockSize(xyz, 3);
    PetscErrorCode ierr = MatNullSpaceCreateRigidBody(xyz, &rigid_body_modes);
    AssertThrow(ierr == 0, ExcPETScError(ierr));
    MatSetNearNullSpace(matrix, rigid_body_modes);
    MatNullSpaceDestroy(&rigid_body_modes);
    VecDestroy(&xyz);
    ierr = PCSetType(pc, PCGAMG);
    AssertThrow(ierr == 0, ExcPETScError(ierr));
    PCSetFromOptions(pc); // -pc_gamg_* and -mg_levels_* options reach it
    ierr = PCSetUp(pc);
    AssertThrow(ierr == 0, ExcPETScError(ierr));
  }

  Cylinder3DModel::Cylinder3DModel(const ConstitutiveLaw &law_, const CylinderParameters &p, MPI_Comm comm_)
    : law(law_), parameters(p), comm(comm_), triangulation(comm_), fe(FE_Q<3>(p.degree), 3),
      quadrature(p.degree + 1), mapping(p.degree)
  {
    const double R = 0.5 * p.diameter, H = p.length;
    // GridGenerator::cylinder lies along x, from -H/2 to H/2: turned upright, (x, y, z) ->
    // (y, z, x + H/2), an exact permutation; the hull's manifold then has the axis z.
    GridGenerator::cylinder(triangulation, R, 0.5 * H);
    GridTools::transform([H](const Point<3> &p) { return Point<3>(p[1], p[2], p[0] + 0.5 * H); }, triangulation);
    triangulation.set_manifold(0, CylindricalManifold<3>(Tensor<1, 3>({0.0, 0.0, 1.0}), Point<3>()));
    triangulation.refine_global(p.refinement);
    dof_handler.reinit(triangulation);
    dof_handler.distribute_dofs(fe);
    owned = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);

    const FEValuesExtractors::Scalar ux(0), uy(1), uz(2);
    const IndexSet top_dofs = DoFTools::extract_boundary_dofs(dof_handler, fe.component_mask(uz), {top});
    types::global_dof_index first = std::numeric_limits<types::global_dof_index>::max();
    for (const auto i : top_dofs)
      if (relevant.is_element(i))
        {
          top_axial_dofs.push_back(i);
          first = std::min(first, i);
        }
    master = Utilities::MPI::min(first, comm);
    relevant.add_index(master);
    relevant.compress();

    // Supports: u_z = 0 on the bottom platen; bonded: u_x = u_y = 0 on both end faces;
    // frictionless: the symmetry planes x = 0 (u_x = 0) and y = 0 (u_y = 0) remove the rigid
    // modes without disturbing the symmetric solution.
    DoFTools::map_dofs_to_support_points(mapping, dof_handler, support_points);
    std::map<types::global_dof_index, unsigned int> component;
    {
      std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (!cell->is_artificial())
          {
            cell->get_dof_indices(dofs);
            for (unsigned int i = 0; i < dofs.size(); ++i)
              component[dofs[i]] = fe.system_to_component_index(i).first;
          }
    }
    coordinates.reinit(owned, comm);
    for (const auto &[i, point] : support_points)
      if (owned.is_element(i))
        coordinates(i) = point[component[i]];
    coordinates.compress(VectorOperation::insert);
    const IndexSet bottom_axial = DoFTools::extract_boundary_dofs(dof_handler, fe.component_mask(uz), {bottom});
    for (const auto i : bottom_axial)
      support_dofs.push_back(i);
    if (p.friction == PlatenFriction::bonded)
      {
        const ComponentMask lateral(std::vector<bool>{true, true, false});
        for (const auto i : DoFTools::extract_boundary_dofs(dof_handler, lateral, {bottom, top}))
          support_dofs.push_back(i);
      }
    else
      for (const auto &[i, point] : support_points)
        if ((component[i] == 0 && std::abs(point[0]) < 1e-9 * R) || (component[i] == 1 && std::abs(point[1]) < 1e-9 * R))
          support_dofs.push_back(i);

    for (const bool force_control : {false, true})
      {
        DynamicSparsityPattern dsp(relevant);
        DoFTools::make_sparsity_pattern(dof_handler, dsp,
                                        platen_constraints(relevant, support_dofs, top_axial_dofs, master, force_control, 0.0),
                                        false);
        SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
        (force_control ? matrix_force : matrix_displacement).reinit(owned, owned, dsp, comm);
      }

    // Area and volume of the discrete geometry (the hull is curved by the mapping of the
    // element's degree), so that F / A0 is exactly the axial stress of a homogeneous state.
    n_q_points = quadrature.size();
    FEValues<3> fev(mapping, fe, quadrature, update_JxW_values);
    double v = 0.0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fev.reinit(cell);
          for (unsigned int q = 0; q < n_q_points; ++q)
            v += fev.JxW(q);
        }
    volume = Utilities::MPI::sum(v, comm);
    area = volume / H;
  }

  Cylinder3D::Cylinder3D(std::shared_ptr<Cylinder3DModel> model_)
    : CylinderBase(model_->comm, axial, model_->parameters.length, model_->area, model_->volume,
                   model_->triangulation.n_active_cells() * model_->n_q_points, model_->law),
      model(std::move(model_))
  {
    solution.reinit(model->owned, model->relevant, model->comm);
    // Weights JxW on the cells this process owns, and the random initial state (as in the
    // axisymmetric model, here sampled in 3D).
    const CylinderParameters &p = model->parameters;
    const double s = p.initial_spread;
    const RandomField g(p.correlation_length, p.random_modes, p.seed);
    FEValues<3> fev(model->mapping, model->fe, model->quadrature, update_JxW_values | update_quadrature_points);
    for (const auto &cell : model->dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fev.reinit(cell);
          for (unsigned int q = 0; q < model->n_q_points; ++q)
            {
              const unsigned int k = cell->active_cell_index() * model->n_q_points + q;
              history.weights[k] = fev.JxW(q);
              if (s > 0.0)
                model->law.scale_disorder(history.states[k], std::exp(s * g(fev.quadrature_point(q)) - 0.5 * s * s));
            }
        }
  }


  bool Cylinder3D::assemble(const PETScWrappers::MPI::Vector &u, const double dt,
                            const AffineConstraints<double> &constraints, PETScWrappers::MPI::SparseMatrix *matrix,
                            PETScWrappers::MPI::Vector &rhs, std::vector<MaterialState> &trial,
                            std::vector<double> &trial_volumetric, double &force) const
  {
    const Cylinder3DModel &m = *model;
    const unsigned int dpc = m.fe.n_dofs_per_cell(), nq = m.n_q_points;
    FEValues<3> fev(m.mapping, m.fe, m.quadrature, update_gradients | update_JxW_values);
    FullMatrix<double> cell_matrix(dpc, dpc);
    Vector<double> cell_rhs(dpc), local_u(dpc);
    std::vector<types::global_dof_index> dofs(dpc);
    // Voigt order xx, yy, zz, yz, xz, xy; for a shape function of component c the strain
    // (engineering shear) is non-zero at voigt[c][n], with the gradient component voigt_gradient[c][n].
    static constexpr unsigned int voigt_pair[6][2] = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
    static constexpr unsigned int voigt[3][3] = {{0, 5, 4}, {1, 5, 3}, {2, 4, 3}};
    static constexpr unsigned int voigt_gradient[3][3] = {{0, 1, 2}, {1, 0, 2}, {2, 0, 1}};
    std::vector<std::array<unsigned int, 3>> index(dpc);
    std::vector<std::array<double, 3>> value(dpc);
    std::vector<std::array<double, 6>> DB(dpc);
    const auto &el = m.law.elastic_constants();
    const auto I = unit_symmetric_tensor<3>();
    const SymmetricTensor<4, 3> C_elastic =
      el.bulk_modulus() * outer_product(I, I) + 2.0 * el.shear_modulus() * deviator_tensor<3>();

    if (matrix)
      *matrix = 0.0;
    rhs = 0.0;
    trial = history.states;
    trial_volumetric = history.volumetric_strain;
    double local_force = 0.0;
    int ok = 1;
    for (const auto &cell : m.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && ok)
        {
          fev.reinit(cell);
          cell->get_dof_indices(dofs);
          cell->get_dof_values(u, local_u);
          cell_matrix = 0.0;
          cell_rhs = 0.0;
          for (unsigned int q = 0; q < nq && ok; ++q)
            {
              // Voigt form (engineering shear): each shape function's strain has three
              // non-zeros, at voigt[c][0..2] with values g[c] and the two other g[j].
              double eps_v[6] = {0, 0, 0, 0, 0, 0};
              for (unsigned int i = 0; i < dpc; ++i)
                {
                  const unsigned int c = m.fe.system_to_component_index(i).first;
                  const Tensor<1, 3> g = fev.shape_grad(i, q);
                  for (unsigned int n = 0; n < 3; ++n)
                    {
                      index[i][n] = voigt[c][n];
                      value[i][n] = g[voigt_gradient[c][n]];
                      eps_v[index[i][n]] += local_u(i) * value[i][n];
                    }
                }
              SymmetricTensor<2, 3> eps;
              for (unsigned int a = 0; a < 6; ++a)
                eps[voigt_pair[a][0]][voigt_pair[a][1]] = a < 3 ? eps_v[a] : 0.5 * eps_v[a];
              const unsigned int k = cell->active_cell_index() * nq + q;
              const double w = fev.JxW(q);
              material::Update upd;
              try
                {
                  upd = m.law.integrate(history.states[k], eps, dt, trial[k]);
                }
              catch (const material::LocalSolveFailure &e)
                {
                  last_failure = std::string("material update failed: ") + e.what();
                  ok = 0;
                  break;
                }
              trial_volumetric[k] = trace(eps);
              local_force += upd.stress[axial][axial] * w / m.parameters.length;
              const SymmetricTensor<4, 3> &C = m.parameters.consistent_tangent ? upd.tangent : C_elastic;
              double D[6][6], sigma_v[6];
              for (unsigned int a = 0; a < 6; ++a)
                {
                  sigma_v[a] = upd.stress[voigt_pair[a][0]][voigt_pair[a][1]];
                  for (unsigned int b = 0; b < 6; ++b)
                    D[a][b] = C[voigt_pair[a][0]][voigt_pair[a][1]][voigt_pair[b][0]][voigt_pair[b][1]];
                }
              for (unsigned int j = 0; j < dpc; ++j)
                {
                  double r = 0.0;
                  for (unsigned int n = 0; n < 3; ++n)
                    r += value[j][n] * sigma_v[index[j][n]];
                  cell_rhs(j) -= r * w;
                  if (!matrix)
                    continue;
                  for (unsigned int a = 0; a < 6; ++a)
                    DB[j][a] = w * (D[a][index[j][0]] * value[j][0] + D[a][index[j][1]] * value[j][1] +
                                    D[a][index[j][2]] * value[j][2]);
                }
              for (unsigned int i = 0; i < dpc && matrix; ++i)
                {
                  const auto &ii = index[i];
                  const auto &vi = value[i];
                  for (unsigned int j = 0; j < dpc; ++j)
                    cell_matrix(i, j) += vi[0] * DB[j][ii[0]] + vi[1] * DB[j][ii[1]] + vi[2] * DB[j][ii[2]];
                }
            }
          if (ok && matrix)
            constraints.distribute_local_to_global(cell_matrix, cell_rhs, dofs, *matrix, rhs);
          else if (ok)
            constraints.distribute_local_to_global(cell_rhs, dofs, rhs);
        }
    if (matrix)
      matrix->compress(VectorOperation::add);
    rhs.compress(VectorOperation::add);
    force = Utilities::MPI::sum(local_force, m.comm);
    // Every rank must take the same branch.
    if (Utilities::MPI::min(ok, m.comm) == 0)
      {
        if (ok)
          last_failure = "material update failed on another process";
        return false;
      }
    return true;
  }

  bool Cylinder3D::solve(const bool force_control, const double target, const double dt)
  {
    Cylinder3DModel &m = *model;
    const double H = m.parameters.length;
    const AffineConstraints<double> inhomogeneous =
      platen_constraints(m.relevant, m.support_dofs, m.top_axial_dofs, m.master, force_control, target * H);
    const AffineConstraints<double> homogeneous =
      platen_constraints(m.relevant, m.support_dofs, m.top_axial_dofs, m.master, force_control, 0.0);
    PETScWrappers::MPI::SparseMatrix &matrix = force_control ? m.matrix_force : m.matrix_displacement;

    // Predictor: the elastic uniaxial increment (u_z = d eps z, lateral -nu d eps x and y).
    PETScWrappers::MPI::Vector u_owned(m.owned, m.comm), rhs(m.owned, m.comm), du(m.owned, m.comm);
    u_owned = solution;
    {
      const auto &el = m.law.elastic_constants();
      const double d_eps = force_control ? (target - axial_stress()) / el.youngs_modulus : target - axial_strain();
      std::vector<types::global_dof_index> dofs(m.fe.n_dofs_per_cell());
      std::vector<bool> done(m.owned.n_elements(), false);
      for (const auto &cell : m.dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            cell->get_dof_indices(dofs);
            for (unsigned int i = 0; i < dofs.size(); ++i)
              if (m.owned.is_element(dofs[i]) && !done[m.owned.index_within_set(dofs[i])])
                {
                  done[m.owned.index_within_set(dofs[i])] = true;
                  const unsigned int c = m.fe.system_to_component_index(i).first;
                  const Point<3> &p = m.support_points.at(dofs[i]);
                  u_owned(dofs[i]) += c == axial ? d_eps * p[axial] : -el.poisson_ratio * d_eps * p[c];
                }
          }
      u_owned.compress(VectorOperation::add);
    }
    inhomogeneous.distribute(u_owned);
    PETScWrappers::MPI::Vector u(m.owned, m.relevant, m.comm);
    u = u_owned;

    const double target_force = force_control ? target * m.area : 0.0;
    std::vector<MaterialState> trial;
    std::vector<double> trial_volumetric;
    double force = 0.0;
    Cylinder3DModel::Preconditioner &pre = force_control ? m.preconditioner_force : m.preconditioner_displacement;
    NewtonControl control;
    control.tolerance = m.parameters.newton_tolerance * m.law.elastic_constants().youngs_modulus * m.area;
    control.max_iterations = m.parameters.max_newton_iterations;
    control.reuse_tangent = m.parameters.reuse_tangent;
    bool tangent_assembled = false;
    return newton_iterate(
      control, pre.matrix_ready,
      [&](const bool with_tangent, double &residual) {
        const auto start = std::chrono::steady_clock::now();
        const bool assembled =
          assemble(u, dt, homogeneous, with_tangent ? &matrix : nullptr, rhs, trial, trial_volumetric, force);
        m.assembly_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!assembled)
          return false;
        tangent_assembled = with_tangent;
        ++(with_tangent ? m.tangent_assemblies : m.residual_assemblies);
        if (force_control)
          {
            if (m.owned.is_element(m.master))
              rhs(m.master) += target_force;
            rhs.compress(VectorOperation::add);
          }
        residual = rhs.linfty_norm();
        return true;
      },
      [&] {
        if (tangent_assembled)
          pre.matrix_ready = true;
        if (!solve_linear(matrix, pre, rhs, du, control.tolerance))
          return false;
        homogeneous.distribute(du);
        u_owned += du;
        u = u_owned;
        return true;
      },
      [&](const unsigned int iterations) {
        solution = u;
        history.states = std::move(trial);
        history.volumetric_strain = std::move(trial_volumetric);
        top_displacement = u(m.master);
        axial_force = force;
        newton_iterations = iterations;
      },
      [&pre] { pre.matrix_ready = false; /* may hold a partly assembled tangent */ }, last_failure);
  }

  bool Cylinder3D::solve_linear(PETScWrappers::MPI::SparseMatrix &matrix, Cylinder3DModel::Preconditioner &pre,
                                const PETScWrappers::MPI::Vector &rhs, PETScWrappers::MPI::Vector &du,
                                const double tolerance) const
  {
    Cylinder3DModel &m = *model;
    // GMRES (the consistent tangent is unsymmetric) with BoomerAMG on 3 x 3 blocks. The
    // hierarchy is kept while it works (PETSc would otherwise rebuild it whenever the matrix
    // changes) and rebuilt once it costs too many iterations or a solve fails.
    bool converged = false;
    const auto t_solver = std::chrono::steady_clock::now();
    for (unsigned int attempt = 0; attempt < 2 && !converged; ++attempt)
      {
        const bool setup = pre.stale() || attempt > 0;
        if (setup)
          {
            MatSetBlockSize(matrix.petsc_matrix(), 3);
            if (m.parameters.linear_solver == CylinderParameters::LinearSolver::boomeramg)
              {
                PETScWrappers::PreconditionBoomerAMG::AdditionalData amg;
                amg.symmetric_operator = false;
                amg.strong_threshold = 0.5;
                pre.amg.initialize(matrix, amg);
              }
            else
              pre.gamg.initialize(matrix, m.coordinates);
            pre.ready = false;
            ++m.preconditioner_setups;
          }
        PETScWrappers::PreconditionBase &pc = m.parameters.linear_solver == CylinderParameters::LinearSolver::boomeramg
                                                ? static_cast<PETScWrappers::PreconditionBase &>(pre.amg)
                                                : static_cast<PETScWrappers::PreconditionBase &>(pre.gamg);
        PCSetReusePreconditioner(pc.get_pc(), setup ? PETSC_FALSE : PETSC_TRUE);
        // Right preconditioning, so that GMRES measures the true out-of-balance force; it
        // stops where Newton's tolerance is met (the l2 norm bounds the largest entry), or at
        // 1e-10 of the right-hand side.
        SolverControl control(2000, std::max(0.5 * tolerance, 1e-10 * rhs.l2_norm()));
        PETScWrappers::SolverGMRES gmres(control, m.comm, PETScWrappers::SolverGMRES::AdditionalData(100, true));
        du = 0.0;
        try
          {
            gmres.solve(matrix, du, rhs, pc);
            converged = true;
          }
        catch (const std::exception &)
          {
            pre.ready = false;
            continue;
          }
        pre.last_iterations = control.last_step();
        if (!pre.ready)
          {
            pre.ready = true;
            pre.fresh_iterations = control.last_step();
          }
        m.linear_iterations += control.last_step();
      }
    m.solver_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t_solver).count();
    if (!converged)
      {
        last_failure = "linear solver (GMRES + algebraic multigrid) did not converge in 2000 iterations";
        return false;
      }
    ++m.linear_solves;
    return true;
  }

  void Cylinder3D::extrapolate(const Cylinder3D &A, const Cylinder3D &B)
  {
    PETScWrappers::MPI::Vector a(model->owned, model->comm), b(model->owned, model->comm);
    a = A.solution;
    b = B.solution;
    b.sadd(2.0, -1.0, a);
    solution = b;
    extrapolate_state(A, B);
  }

  void Cylinder3D::write_vtu_piece(std::ostream &out, std::ostream *pvtu, std::string *section) const
  {
    std::vector<SectionCell> cells;
    const double tiny = 1e-9 * model->parameters.diameter;
    const Cylinder3DModel &m = *model;
    const unsigned int n_cells = m.triangulation.n_active_cells(), nq = m.n_q_points;
    std::vector<Vector<float>> fields(QuadratureHistory::n_cell_fields, Vector<float>(n_cells));
    FEValues<3> fev(m.mapping, m.fe, m.quadrature, update_gradients);
    const FEValuesExtractors::Vector displacement(0);
    std::vector<SymmetricTensor<2, 3>> strains(nq);
    for (const auto &cell : m.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fev.reinit(cell);
          fev[displacement].get_function_symmetric_gradients(solution, strains);
          const unsigned int c = cell->active_cell_index();
          std::array<double, QuadratureHistory::n_cell_fields + 1> sum{};
          for (unsigned int q = 0; q < nq; ++q)
            {
              const unsigned int k = c * nq + q;
              history.add_cell_fields(k, strains[q], m.law, axial, sum);
            }
          SectionCell cut{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                          std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), {}};
          for (unsigned int j = 0; j < QuadratureHistory::n_cell_fields; ++j)
            cut.fields[j] = fields[j][c] = sum[j] / sum[QuadratureHistory::n_cell_fields];
          // The cut of the plane y = 0 through the cell (straight edges): where its edges cross
          // or touch the plane. A face on the plane counts for the cell on its y > 0 side only.
          for (unsigned int l = 0; l < GeometryInfo<3>::lines_per_cell; ++l)
            {
              const Point<3> a = cell->vertex(GeometryInfo<3>::line_to_cell_vertices(l, 0)),
                             b = cell->vertex(GeometryInfo<3>::line_to_cell_vertices(l, 1));
              for (const Point<3> &p : {a, b})
                if (std::abs(p[1]) <= tiny)
                  cut_include(cut, p);
              if ((a[1] < -tiny && b[1] > tiny) || (a[1] > tiny && b[1] < -tiny))
                cut_include(cut, a + (b - a) * (a[1] / (a[1] - b[1])));
            }
          const BoundingBox<3> box = cell->bounding_box();
          if (box.upper_bound(1) > tiny && cut.r_max - cut.r_min > tiny && cut.z_max - cut.z_min > tiny)
            cells.push_back(cut);
        }
    if (section)
      *section = section_csv_rows(cells);
    DataOut<3> data_out;
    data_out.attach_dof_handler(m.dof_handler);
    const std::vector<std::string> names(3, "displacement");
    const std::vector<DataComponentInterpretation::DataComponentInterpretation> kinds(
      3, DataComponentInterpretation::component_is_part_of_vector);
    data_out.add_data_vector(solution, names, DataOut<3>::type_dof_data, kinds);
    for (unsigned int j = 0; j < QuadratureHistory::n_cell_fields; ++j)
      data_out.add_data_vector(fields[j], QuadratureHistory::cell_field_names[j]);
    data_out.build_patches(m.mapping, m.parameters.degree, DataOut<3>::curved_inner_cells);
    // No date and time in the header: a rerun or a resumed run writes the same bytes.
    DataOutBase::VtkFlags flags;
    flags.print_date_and_time = false;
    data_out.set_flags(flags);
    data_out.write_vtu(out);
    if (pvtu)
      {
        std::vector<std::string> pieces;
        for (unsigned int r = 0; r < Utilities::MPI::n_mpi_processes(m.comm); ++r)
          pieces.push_back("@NAME@." + std::to_string(r) + ".vtu");
        data_out.write_pvtu_record(*pvtu, pieces);
      }
  }
} // namespace bmgcreep::solver
