// Bounded nonlinear least squares with PETSc TAO, in scaled coordinates u in [0, 1]^n:
// derivative-free POUNDERS, or bounded Gauss-Newton (BRGN) with a finite-difference Jacobian;
// several starts from a Latin-hypercube design; the parameter covariance from the Jacobian at
// the optimum, with the parameters the data cannot determine flagged.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  enum class Method
  {
    pounders,
    brgn
  };
  Method method_from_name(const std::string &name); ///< "pounders" | "brgn"; throws invalid_argument

  /// Weighted residuals (model - measured) / uncertainty at scaled parameters u in [0, 1]^n.
  using Residuals = std::function<std::vector<double>(const std::vector<double> &u)>;

  struct LeastSquaresResult
  {
    std::vector<double> u;         ///< best scaled parameters
    std::vector<double> residuals; ///< weighted residuals there
    double chi2 = 0.0;             ///< sum of squared weighted residuals
    unsigned int evaluations = 0;  ///< residual evaluations of all starts (Jacobians included)
    unsigned int starts = 0;
    std::string reason;            ///< TAO's converged reason of the best start
    bool converged = false;
  };

  /// Minimises |f(u)|^2 over [0, 1]^n from each start (the given ones, then Latin-hypercube
  /// points up to `starts` in all, seeded), each start at most `max_evaluations` evaluations.
  /// With `screening` > 1, `screening` times as many Latin-hypercube points are evaluated once
  /// and the best of them become the starts (so that starts do not land where every forward
  /// run fails, which gives the optimiser nothing to follow); their evaluations are counted.
  /// Runs on PETSC_COMM_SELF (POUNDERS needs sequential vectors).
  LeastSquaresResult minimize(const Residuals &f, std::size_t n, std::size_t m, Method method,
                              const std::vector<std::vector<double>> &given_starts, unsigned int starts,
                              unsigned int seed, unsigned int max_evaluations, double fd_step = 1e-4,
                              unsigned int screening = 1);

  /// `count` points of a Latin-hypercube design in [0, 1]^n (one per stratum in every
  /// dimension, at a random place inside it), seeded.
  std::vector<std::vector<double>> latin_hypercube(std::size_t n, unsigned int count, unsigned int seed);

  /// Jacobian df/du (m x n, row-major rows) by central differences of step h, one-sided at the
  /// bounds of [0, 1]; `evaluations` is increased by the calls made.
  std::vector<std::vector<double>> jacobian(const Residuals &f, const std::vector<double> &u, double h,
                                            unsigned int &evaluations);

  struct Uncertainty
  {
    std::vector<std::vector<double>> covariance;  ///< of the physical parameters
    std::vector<double> standard_error;           ///< physical units; inf if not identifiable
    std::vector<std::vector<double>> correlation; ///< nan where undefined
    std::vector<bool> identifiable;
    std::vector<double> singular_values;          ///< of the scaled Jacobian, descending
  };

  /// The covariance (J^T J)^-1 of the weighted residuals' Jacobian J in u, mapped to physical
  /// parameters by dx/du (`scale`, one per parameter); by the pseudo-inverse where J^T J is
  /// singular. A parameter is not identifiable when it lies along a direction the data do not
  /// see (singular value below 1e-8 of the largest), or when its standard error exceeds half its
  /// bound interval (`max_u_error` in u).
  Uncertainty uncertainty(const std::vector<std::vector<double>> &J, const std::vector<double> &scale,
                          double max_u_error = 0.5);

  /// Standard deviation of a derived quantity r(u) by the delta method: sqrt(g^T C g) with g
  /// the gradient dr/du (`dr_du`), C the covariance of the physical parameters mapped back to u
  /// by `scale` (dx/du). Infinite when r depends on a parameter that is not identifiable.
  double delta_method_sd(const std::vector<double> &dr_du, const Uncertainty &unc, const std::vector<double> &scale);
} // namespace bmgcreep::calibration
