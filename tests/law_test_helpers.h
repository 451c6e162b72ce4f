// Helpers shared by the constitutive-law tests: a loading path and the finite-difference
// tangent every law's consistent tangent is checked against.
#pragma once

#include "continuum/material/constitutive_law.h"

namespace bmgcreep::material::testing
{
  /// A uniaxial compression of `e` (negative) with Poisson contraction and a little shear.
  inline SymmetricTensor<2, 3> compression(const double e)
  {
    SymmetricTensor<2, 3> eps;
    eps[2][2] = e;
    eps[0][0] = -0.36 * e;
    eps[1][1] = -0.30 * e;
    eps[0][2] = 0.05 * e;
    return eps;
  }

  /// d stress / d strain of `law` from `state` over `dt` at `eps` by central differences
  /// (step 1e-8, symmetric perturbations of eps_kl and eps_lk).
  inline SymmetricTensor<4, 3> finite_difference_tangent(const ConstitutiveLaw &law, const MaterialState &state,
                                                         const SymmetricTensor<2, 3> &eps, const double dt)
  {
    SymmetricTensor<4, 3> fd;
    for (unsigned int k = 0; k < 3; ++k)
      for (unsigned int l = k; l < 3; ++l)
        {
          const double h = 1e-8;
          SymmetricTensor<2, 3> ep = eps, em = eps;
          ep[k][l] += (k == l ? h : 0.5 * h);
          em[k][l] -= (k == l ? h : 0.5 * h);
          MaterialState tmp;
          const SymmetricTensor<2, 3> ds =
            (law.integrate(state, ep, dt, tmp).stress - law.integrate(state, em, dt, tmp).stress) / (2.0 * h);
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = i; j < 3; ++j)
              fd[i][j][k][l] = ds[i][j];
        }
    return fd;
  }
} // namespace bmgcreep::material::testing
