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
#include <set>
#include <random>

namespace bmgcreep::solver
{
  using namespace dealii;

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

    // Supports: u_r = 0 on the axis, u_z = 0 on the bottom platen; bonded platens also u_r = 0
    // on both end faces.
    const FEValuesExtractors::Scalar ur(0), uz(1);
    all_dofs = complete_index_set(dof_handler.n_dofs());
    const auto add_supports = [this](const ComponentMask &mask, const std::set<types::boundary_id> &ids) {
      for (const auto i : DoFTools::extract_boundary_dofs(dof_handler, mask, ids))
        support_dofs.push_back(i);
    };
    add_supports(fe.component_mask(ur), {axis});
    add_supports(fe.component_mask(uz), {bottom});
    if (p.friction == PlatenFriction::bonded)
      add_supports(fe.component_mask(ur), {bottom, top});

    const IndexSet top_dofs = DoFTools::extract_boundary_dofs(dof_handler, fe.component_mask(uz), {top});
    top_axial_dofs.assign(top_dofs.begin(), top_dofs.end());
    AssertThrow(!top_axial_dofs.empty(), ExcMessage("no axial degrees of freedom on the top face"));

    for (const bool force_control : {false, true})
      {
        DynamicSparsityPattern dsp(dof_handler.n_dofs());
        DoFTools::make_sparsity_pattern(dof_handler, dsp,
                                        platen_constraints(all_dofs, support_dofs, top_axial_dofs, top_axial_dofs.front(),
                                                           force_control, 0.0),
                                        false);
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
    : CylinderBase(MPI_COMM_SELF, 1, model_->parameters.length, model_->area, model_->volume,
                   model_->triangulation.n_active_cells() * model_->n_q_points, model_->law),
      model(std::move(model_))
  {
    solution.reinit(model->dof_handler.n_dofs());
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
                model->law.scale_disorder(history.states[k], std::exp(s * g(Point<3>(rz[0], rz[1], 0.0)) - 0.5 * s * s));
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
    const auto master = m.top_axial_dofs.front();
    const double u_top_target = force_control ? 0.0 : target * m.parameters.length;
    const AffineConstraints<double> inhomogeneous =
      platen_constraints(m.all_dofs, m.support_dofs, m.top_axial_dofs, master, force_control, u_top_target);
    const AffineConstraints<double> homogeneous =
      platen_constraints(m.all_dofs, m.support_dofs, m.top_axial_dofs, master, force_control, 0.0);
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
    const double target_force = force_control ? target * m.area : 0.0;
    std::vector<MaterialState> trial;
    std::vector<double> trial_volumetric;
    double force = 0.0;
    NewtonControl control;
    control.tolerance = m.parameters.newton_tolerance * m.law.elastic_constants().youngs_modulus * m.area;
    control.max_iterations = m.parameters.max_newton_iterations;
    // The direct solver: UMFPACK's factorisation of the tangent, every iteration.
    return newton_iterate(
      control, false,
      [&](bool, double &residual) {
        if (!assemble(u, dt, homogeneous, true, rhs, trial, trial_volumetric, force))
          return false;
        if (force_control)
          rhs(master) += target_force;
        residual = rhs.linfty_norm();
        return true;
      },
      [&] {
        m.direct_solver.initialize(m.matrix);
        m.direct_solver.vmult(du, rhs);
        homogeneous.distribute(du);
        u += du;
        return true;
      },
      [&](const unsigned int iterations) {
        solution = u;
        history.states = std::move(trial);
        history.volumetric_strain = std::move(trial_volumetric);
        top_displacement = u(master);
        axial_force = force;
        newton_iterations = iterations;
      },
      [] {}, last_failure);
  }

  void AxisymmetricCylinder::extrapolate(const AxisymmetricCylinder &A, const AxisymmetricCylinder &B)
  {
    solution = B.solution;
    solution.sadd(2.0, -1.0, A.solution);
    extrapolate_state(A, B);
  }

  void AxisymmetricCylinder::write_vtu(std::ostream &out, std::string *section) const
  {
    std::vector<SectionCell> cells;
    const CylinderModel &m = *model;
    const unsigned int n_cells = m.triangulation.n_active_cells(), nq = m.n_q_points;
    std::vector<Vector<float>> fields(QuadratureHistory::n_cell_fields, Vector<float>(n_cells));
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
            history.add_cell_fields(k, eps, m.law, 1, sum);
          }
        SectionCell cell_values;
        for (unsigned int j = 0; j < QuadratureHistory::n_cell_fields; ++j)
          cell_values.fields[j] = fields[j][c] = sum[j] / sum[QuadratureHistory::n_cell_fields];
        const BoundingBox<2> box = cell->bounding_box(); // the cells are rectangles in (r, z)
        cell_values.r_min = box.lower_bound(0);
        cell_values.r_max = box.upper_bound(0);
        cell_values.z_min = box.lower_bound(1);
        cell_values.z_max = box.upper_bound(1);
        cells.push_back(cell_values);
      }
    if (section)
      *section = section_csv_rows(cells);
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
