#include "continuum/material/point_driver.h"
#include "continuum/material/protocol_driver.templates.h"

#include "coupling/text.h"
#include "coupling/units.h"

#include <deal.II/base/utilities.h>

#include <cmath>
#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;

  // ------------------------------------------------------------------ UniaxialPoint

  UniaxialPoint::UniaxialPoint(const ConstitutiveLaw &law_, const MaterialState &state)
    : law(&law_), current_state(state)
  {}

  bool UniaxialPoint::step_to_strain(const double axial_strain, const double dt)
  {
    return solve(false, axial_strain, dt);
  }

  bool UniaxialPoint::step_to_stress(const double axial_stress, const double dt)
  {
    return solve(true, axial_stress, dt);
  }

  void UniaxialPoint::extrapolate(const UniaxialPoint &A, const UniaxialPoint &B)
  {
    total_strain = 2.0 * B.total_strain - A.total_strain;
    current_state = MaterialState::extrapolate(A.current_state, B.current_state);
    stress_zz = 2.0 * B.stress_zz - A.stress_zz;
  }

  bool UniaxialPoint::solve(const bool stress_control, const double target, const double dt)
  {
    SymmetricTensor<2, 3> eps = total_strain;
    if (!stress_control)
      eps[2][2] = target;
    const unsigned int n = stress_control ? 3 : 2; // unknown normal strains: xx, yy (, zz)
    const double tolerance = 1e-12 * law->elastic_constants().youngs_modulus;

    // Residual (stresses off their targets) at `e`; false if the material update fails.
    MaterialState trial;
    Update u;
    double r[3];
    auto evaluate = [&](const SymmetricTensor<2, 3> &e, double &rmax) {
      try
        {
          u = law->integrate(current_state, e, dt, trial);
        }
      catch (const LocalSolveFailure &e)
        {
          last_failure = e.what();
          return false;
        }
      rmax = 0.0;
      for (unsigned int i = 0; i < n; ++i)
        {
          r[i] = u.stress[i][i] - (i == 2 ? target : 0.0);
          rmax = std::max(rmax, std::abs(r[i]));
        }
      if (!std::isfinite(rmax))
        last_failure = "non-finite stress in the uniaxial-stress Newton";
      return std::isfinite(rmax);
    };

    double rmax;
    if (!evaluate(eps, rmax))
      return false;
    for (unsigned int it = 1; it <= 40; ++it)
      {
        if (rmax <= tolerance)
          {
            total_strain = eps;
            current_state = trial;
            stress_zz = u.stress[2][2];
            newton_iterations = it;
            return true;
          }
        // Newton direction from the consistent tangent (Gaussian elimination; J is an
        // elastic-like, diagonally dominant block).
        double J[3][3], d[3];
        for (unsigned int i = 0; i < n; ++i)
          {
            d[i] = r[i];
            for (unsigned int j = 0; j < n; ++j)
              J[i][j] = u.tangent[i][i][j][j];
          }
        for (unsigned int k = 0; k < n; ++k)
          for (unsigned int i = k + 1; i < n; ++i)
            {
              const double f = J[i][k] / J[k][k];
              for (unsigned int j = k; j < n; ++j)
                J[i][j] -= f * J[k][j];
              d[i] -= f * d[k];
            }
        for (int i = n - 1; i >= 0; --i)
          {
            for (unsigned int j = i + 1; j < n; ++j)
              d[i] -= J[i][j] * d[j];
            d[i] /= J[i][i];
          }
        // Backtracking line search on the largest residual: the flow rate is exponential
        // in stress, so a full Newton step can overshoot far from the solution.
        const double r_old = rmax;
        double lambda = 1.0;
        bool improved = false;
        for (unsigned int k = 0; k < 30 && !improved; ++k, lambda *= 0.5)
          {
            SymmetricTensor<2, 3> e = eps;
            for (unsigned int i = 0; i < n; ++i)
              e[i][i] -= lambda * d[i];
            double r_new;
            if (evaluate(e, r_new) && r_new < (1.0 - 1e-4 * lambda) * r_old)
              {
                eps = e;
                rmax = r_new;
                improved = true;
              }
          }
        if (!improved)
          {
            last_failure = "uniaxial-stress Newton stalled at a residual stress of " + to_text(rmax) + " Pa";
            return false;
          }
      }
    last_failure = "uniaxial-stress Newton did not converge in 40 iterations";
    return false;
  }

  template class ProtocolDriver<UniaxialPoint>;
} // namespace bmgcreep::material
