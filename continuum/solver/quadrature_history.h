// The quadrature-point history of a finite-element specimen and the volume measures the
// protocol asks of it, shared by the axisymmetric and the 3D cylinder. Plain vectors, cell-major
// (active_cell_index * n_q + q), so that the step doubling of holds can copy and combine whole
// histories (2 B - A). Points with zero weight (cells another process owns) are skipped; the
// sums and extrema are this process's share, to be reduced over processes by the caller.
#pragma once

#include "continuum/material/constitutive_law.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace bmgcreep::solver
{
  struct QuadratureHistory
  {
    std::vector<material::MaterialState> states;
    std::vector<double> volumetric_strain; ///< tr eps (-)
    std::vector<double> weights;           ///< integration weight of each point (m^3); 0: not ours
    /// The law whose states these are: it says what their internal variable and enthalpy are.
    const material::ConstitutiveLaw *law = nullptr;

    QuadratureHistory() = default;
    QuadratureHistory(const std::size_t n, const material::ConstitutiveLaw &law_)
      : states(n, law_.initial_state()), volumetric_strain(n, 0.0), weights(n, 0.0), law(&law_)
    {}

    /// Sum of f(point) times its weight.
    template <class F>
    double integral(const F &f) const
    {
      double sum = 0.0;
      for (std::size_t k = 0; k < states.size(); ++k)
        if (weights[k] > 0.0)
          sum += f(k) * weights[k];
      return sum;
    }
    double axial_plastic_strain_integral(const unsigned int axis) const
    {
      return integral([&](std::size_t k) { return states[k].plastic_strain[axis][axis]; });
    }
    double internal_variable_integral() const
    {
      return integral([&](std::size_t k) { return law->internal_variable(states[k]); });
    }
    double relaxation_enthalpy_integral() const
    {
      return integral([&](std::size_t k) { return law->relaxation_enthalpy(states[k]); });
    }
    double current_volume() const
    {
      return integral([&](std::size_t k) { return 1.0 + volumetric_strain[k]; });
    }

    double max_shear_increment_since(const QuadratureHistory &before) const
    {
      double d = 0.0;
      for (std::size_t k = 0; k < states.size(); ++k)
        if (weights[k] > 0.0)
          d = std::max(d, states[k].shear_strain - before.states[k].shear_strain);
      return d;
    }
    double max_log_x_change_since(const QuadratureHistory &before) const
    {
      double d = 0.0;
      for (std::size_t k = 0; k < states.size(); ++k)
        if (weights[k] > 0.0)
          d = std::max(d, std::abs(std::log(law->internal_variable(states[k]) / law->internal_variable(before.states[k]))));
      return d;
    }
    bool can_extrapolate_from(const QuadratureHistory &A) const
    {
      for (std::size_t k = 0; k < states.size(); ++k)
        if (weights[k] > 0.0 && !(2.0 * law->internal_variable(states[k]) - law->internal_variable(A.states[k]) > 0.0))
          return false;
      return true;
    }
    /// *this = 2 B - A, point by point (the weights stay).
    void extrapolate(const QuadratureHistory &A, const QuadratureHistory &B)
    {
      for (std::size_t k = 0; k < states.size(); ++k)
        {
          states[k] = material::MaterialState::extrapolate(A.states[k], B.states[k]);
          volumetric_strain[k] = 2.0 * B.volumetric_strain[k] - A.volumetric_strain[k];
        }
    }

    /// The per-cell fields of the VTU output, as weighted averages over a cell's points.
    static constexpr unsigned int n_cell_fields = 6;
    static constexpr const char *cell_field_names[n_cell_fields] = {
      "axial_stress_MPa", "von_mises_MPa", "axial_plastic_strain", "plastic_shear_strain", "internal_variable",
      "density_change_percent"};
    /// Adds point k with total strain `eps` to `sum` (n_cell_fields values and the weight last);
    /// `axis` is the load axis. Axial values are compressive-positive, like every other output.
    void add_cell_fields(const std::size_t k, const dealii::SymmetricTensor<2, 3> &eps,
                         const material::ConstitutiveLaw &law, const unsigned int axis,
                         std::array<double, n_cell_fields + 1> &sum) const
    {
      const material::MaterialState &st = states[k];
      const material::ElasticConstants &el = law.elastic_constants();
      const dealii::SymmetricTensor<2, 3> ee = law.elastic_strain(st, eps);
      const dealii::SymmetricTensor<2, 3> sigma =
        el.bulk_modulus() * trace(ee) * dealii::unit_symmetric_tensor<3>() + 2.0 * el.shear_modulus() * deviator(ee);
      const double w = weights[k];
      sum[0] -= w * 1e-6 * sigma[axis][axis];
      sum[1] += w * 1e-6 * std::sqrt(1.5) * deviator(sigma).norm();
      sum[2] -= w * st.plastic_strain[axis][axis];
      sum[3] += w * st.shear_strain;
      sum[4] += w * law.internal_variable(st);
      sum[5] -= w * 100.0 * volumetric_strain[k];
      sum[n_cell_fields] += w;
    }
  };
} // namespace bmgcreep::solver
