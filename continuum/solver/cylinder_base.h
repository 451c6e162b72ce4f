// What the two cylinders share (axisymmetric, serial; 3D, distributed): the platen
// constraints, the Newton loop, and the specimen state with its reductions. Each cylinder adds
// its mesh, assembly and linear solver (the linear-algebra side: UMFPACK on deal.II vectors,
// or GMRES + algebraic multigrid on PETSc vectors), much as deal.II's step-40 switches its
// `LA` backend. A new geometry derives from CylinderBase and gives the Newton loop its
// assembly and linear solve (docs/architecture.md, "add a geometry").
//
// The load axis is z in both (and in the material point's uniaxial state, index 2 of its
// strain; MD keeps LAMMPS's y, docs/architecture.md "Conventions"); outputs call it "axial".
#pragma once

#include "continuum/material/constitutive_law.h"
#include "continuum/material/observables.h"
#include "continuum/solver/quadrature_history.h"
#include "coupling/text.h"

#include <deal.II/base/index_set.h>
#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/mpi.h>
#include <deal.II/lac/affine_constraints.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace bmgcreep::solver
{
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

  /// The platen constraints of a cylinder: the supports (each DOF fixed at zero), and on the
  /// top platen either every axial DOF at `u_top` (displacement control) or every axial DOF tied
  /// to `master` (force control: the platen stays flat and carries the force). `relevant`: the
  /// DOFs this process stores (all DOFs on one process). A top DOF already supported stays so.
  dealii::AffineConstraints<double> platen_constraints(const dealii::IndexSet &relevant,
                                                       const std::vector<dealii::types::global_dof_index> &supports,
                                                       const std::vector<dealii::types::global_dof_index> &top_axial,
                                                       dealii::types::global_dof_index master, bool force_control,
                                                       double u_top);

  /// One cell of a cylinder's section through its axis, which the report draws
  /// (`<condition>-<stage>-section.csv`): the cell's extent in the section plane (the
  /// axisymmetric model's r-z plane; the 3D model's x-z plane, its r = x signed) in m, and its
  /// cell fields (QuadratureHistory::cell_field_names).
  struct SectionCell
  {
    double r_min, r_max, z_min, z_max;
    std::array<double, QuadratureHistory::n_cell_fields> fields;
  };

  /// The section's CSV header (lengths in mm, each field with its unit) and its rows.
  std::string section_csv_header();
  std::string section_csv_rows(const std::vector<SectionCell> &cells);

  struct NewtonControl
  {
    double tolerance = 0.0;          ///< largest out-of-balance force accepted (N)
    unsigned int max_iterations = 25;
    bool reuse_tangent = false;      ///< keep the tangent while each iteration cuts the force tenfold
  };

  /// Newton's method on a specimen's out-of-balance force, the one loop of both cylinders.
  /// `assemble(with_tangent, residual)`: the out-of-balance force (and the tangent) at the
  /// current iterate and its largest entry; false when a material update fails (the reason in
  /// `failure`). `solve()`: the increment from the tangent, added to the iterate; false when the
  /// linear solver fails. `commit(iterations)`: the converged iterate becomes the state.
  /// `abandon()`: called on every failure. `tangent_ready()`: whether a kept tangent exists.
  template <class Assemble, class Solve, class Commit, class Abandon>
  bool newton_iterate(const NewtonControl &control, bool tangent_ready, Assemble &&assemble, Solve &&solve,
                      Commit &&commit, Abandon &&abandon, std::string &failure)
  {
    bool with_tangent = !control.reuse_tangent || !tangent_ready;
    double residual = 0.0, previous = std::numeric_limits<double>::infinity();
    for (unsigned int it = 1; it <= control.max_iterations; ++it)
      {
        if (!assemble(with_tangent, residual))
          {
            abandon();
            return false;
          }
        if (!std::isfinite(residual))
          {
            failure = "non-finite out-of-balance force";
            abandon();
            return false;
          }
        if (residual <= control.tolerance)
          {
            commit(it);
            return true;
          }
        // With a kept tangent, an iteration that reduced the out-of-balance force less than
        // tenfold asks for the current tangent in the next one.
        const bool slow = residual > 0.1 * previous;
        previous = residual;
        with_tangent = !control.reuse_tangent || slow;
        if (!solve())
          {
            abandon();
            return false;
          }
      }
    failure = "Newton did not converge in " + to_text(control.max_iterations) + " iterations (out-of-balance force " +
              to_text(residual) + " N)";
    abandon();
    return false;
  }

  /// The state of a cylinder and the Specimen functions of ProtocolDriver that do not depend
  /// on the geometry: nominal axial values, volume averages over the quadrature history and
  /// their reductions over the processes of `comm` (MPI_COMM_SELF for a serial model).
  template <class VectorType>
  class CylinderBase
  {
  public:
    double axial_strain() const { return top_displacement / length; }
    double axial_stress() const { return axial_force / area; }
    double axial_plastic_strain() const { return sum(history.axial_plastic_strain_integral(axial_component)) / volume; }
    double internal_variable() const { return sum(history.internal_variable_integral()) / volume; }
    /// The volume average of the law's relaxation enthalpy (J/g).
    double relaxation_enthalpy() const { return sum(history.relaxation_enthalpy_integral()) / volume; }
    /// Mass conservation: rho = rho_0 V_0 / V with V = int (1 + tr eps) dV_0.
    double density(const material::Observables &o) const
    {
      return o.density_at_volume_ratio(sum(history.current_volume()) / volume);
    }
    double max_shear_increment_since(const CylinderBase &before) const
    {
      return dealii::Utilities::MPI::max(history.max_shear_increment_since(before.history), comm);
    }
    double max_log_x_change_since(const CylinderBase &before) const
    {
      return dealii::Utilities::MPI::max(history.max_log_x_change_since(before.history), comm);
    }
    bool can_extrapolate_from(const CylinderBase &A) const
    {
      return dealii::Utilities::MPI::min(history.can_extrapolate_from(A.history) ? 1 : 0, comm) == 1;
    }
    std::string failure_reason() const { return last_failure; }
    unsigned int last_newton_iterations() const { return newton_iterations; }
    /// Axial platen force (N), tension positive.
    double platen_force() const { return axial_force; }
    const VectorType &displacement() const { return solution; }

  protected:
    CylinderBase(const MPI_Comm comm_, const unsigned int axial_component_, const double length_, const double area_,
                 const double volume_, const std::size_t points, const material::ConstitutiveLaw &law)
      : comm(comm_), axial_component(axial_component_), length(length_), area(area_), volume(volume_),
        history(points, law)
    {}

    double sum(const double local) const { return dealii::Utilities::MPI::sum(local, comm); }
    /// The volume average of `law`'s stored free energy over the quadrature history (J/g).
    double stored_free_energy_of(const material::ConstitutiveLaw &law) const
    {
      return sum(history.integral([&](const std::size_t k) { return law.stored_free_energy(history.states[k]); })) /
             volume;
    }
    /// The history and platen values of 2 B - A (the solution vector is the caller's).
    void extrapolate_state(const CylinderBase &A, const CylinderBase &B)
    {
      history.extrapolate(A.history, B.history);
      top_displacement = 2.0 * B.top_displacement - A.top_displacement;
      axial_force = 2.0 * B.axial_force - A.axial_force;
    }

    MPI_Comm comm;
    unsigned int axial_component; ///< of the strain tensor in the model's coordinates
    double length, area, volume;  ///< H, A0, V0 (m, m^2, m^3)
    VectorType solution;
    QuadratureHistory history;
    double top_displacement = 0.0, axial_force = 0.0;
    unsigned int newton_iterations = 0;
    mutable std::string last_failure = "no failure";
  };
} // namespace bmgcreep::solver
