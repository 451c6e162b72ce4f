#include "calibration/least_squares.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include <petsctao.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace bmgcreep::calibration
{
  namespace
  {
    struct Context
    {
      const Residuals *f;
      std::size_t n, m;
      unsigned int evaluations = 0;
      double h;
      // The best point seen (TAO's last iterate is its best for these methods, but keep our own).
      std::vector<double> best_u, best_r;
      double best_chi2 = std::numeric_limits<double>::infinity();

      std::vector<double> evaluate(const std::vector<double> &u)
      {
        ++evaluations;
        std::vector<double> r = (*f)(u);
        if (r.size() != m)
          throw std::logic_error("residual function returned the wrong number of residuals");
        const double chi2 = std::inner_product(r.begin(), r.end(), r.begin(), 0.0);
        if (chi2 < best_chi2)
          {
            best_chi2 = chi2;
            best_u = u;
            best_r = r;
          }
        return r;
      }
    };

    std::vector<double> read(Vec v)
    {
      PetscInt n;
      VecGetLocalSize(v, &n);
      const PetscScalar *a;
      VecGetArrayRead(v, &a);
      std::vector<double> out(a, a + n);
      VecRestoreArrayRead(v, &a);
      return out;
    }

    PetscErrorCode residual_callback(Tao, Vec X, Vec F, void *ptr)
    {
      auto *c = static_cast<Context *>(ptr);
      const std::vector<double> r = c->evaluate(read(X));
      PetscScalar *a;
      VecGetArray(F, &a);
      std::copy(r.begin(), r.end(), a);
      VecRestoreArray(F, &a);
      return 0;
    }

    PetscErrorCode jacobian_callback(Tao, Vec X, Mat J, Mat, void *ptr)
    {
      auto *c = static_cast<Context *>(ptr);
      const Residuals evaluate = [c](const std::vector<double> &u) { return c->evaluate(u); };
      unsigned int already_counted = 0; // by c->evaluate
      const auto jac = jacobian(evaluate, read(X), c->h, already_counted);
      for (std::size_t i = 0; i < c->m; ++i)
        for (std::size_t j = 0; j < c->n; ++j)
          MatSetValue(J, static_cast<PetscInt>(i), static_cast<PetscInt>(j), jac[i][j], INSERT_VALUES);
      MatAssemblyBegin(J, MAT_FINAL_ASSEMBLY);
      MatAssemblyEnd(J, MAT_FINAL_ASSEMBLY);
      return 0;
    }

    void check(const PetscErrorCode ierr, const char *what)
    {
      if (ierr)
        throw std::runtime_error(std::string("PETSc TAO: ") + what + " failed (error " + std::to_string(ierr) + ")");
    }

    /// One TAO solve from `u0`; returns the converged reason's name.
    std::string solve_once(Context &c, const std::vector<double> &u0, const Method method, const unsigned int max_evaluations,
                           bool &converged)
    {
      const PetscInt n = static_cast<PetscInt>(c.n), m = static_cast<PetscInt>(c.m);
      Tao tao;
      Vec x, f, lo, hi;
      Mat J = nullptr;
      check(TaoCreate(PETSC_COMM_SELF, &tao), "TaoCreate");
      check(TaoSetType(tao, method == Method::pounders ? TAOPOUNDERS : TAOBRGN), "TaoSetType");
      VecCreateSeq(PETSC_COMM_SELF, n, &x);
      VecCreateSeq(PETSC_COMM_SELF, m, &f);
      VecDuplicate(x, &lo);
      VecDuplicate(x, &hi);
      VecSet(lo, 0.0);
      VecSet(hi, 1.0);
      // POUNDERS builds its first model on x0 +- delta (0.1 by default) and refuses a start
      // closer than that to a bound: its starts are kept inside [0.1, 0.9].
      const double margin = method == Method::pounders ? 0.1 + 1e-9 : 0.0;
      for (PetscInt j = 0; j < n; ++j)
        VecSetValue(x, j, std::clamp(u0[j], margin, 1.0 - margin), INSERT_VALUES);
      VecAssemblyBegin(x);
      VecAssemblyEnd(x);
      check(TaoSetSolution(tao, x), "TaoSetSolution");
      check(TaoSetVariableBounds(tao, lo, hi), "TaoSetVariableBounds");
      check(TaoSetResidualRoutine(tao, f, residual_callback, &c), "TaoSetResidualRoutine");
      if (method == Method::brgn)
        {
          MatCreateSeqDense(PETSC_COMM_SELF, m, n, nullptr, &J);
          check(TaoSetJacobianResidualRoutine(tao, J, J, jacobian_callback, &c), "TaoSetJacobianResidualRoutine");
          check(TaoBRGNSetRegularizerWeight(tao, 0.0), "TaoBRGNSetRegularizerWeight"); // plain Gauss-Newton
        }
      check(TaoSetTolerances(tao, 1e-8, 1e-6, 0.0), "TaoSetTolerances"); // gradient: absolute, relative to the objective
      check(TaoSetMaximumFunctionEvaluations(tao, static_cast<PetscInt>(max_evaluations)), "TaoSetMaximumFunctionEvaluations");
      check(TaoSetMaximumIterations(tao, static_cast<PetscInt>(max_evaluations)), "TaoSetMaximumIterations");
      check(TaoSetFromOptions(tao), "TaoSetFromOptions"); // -tao_* options reach it (PETSC_OPTIONS)
      check(TaoSolve(tao), "TaoSolve");
      TaoConvergedReason reason;
      TaoGetConvergedReason(tao, &reason);
      converged = reason > 0;
      const std::string name = TaoConvergedReasons[reason];
      if (J)
        MatDestroy(&J);
      VecDestroy(&x);
      VecDestroy(&f);
      VecDestroy(&lo);
      VecDestroy(&hi);
      TaoDestroy(&tao);
      return name;
    }
  } // namespace

  Method method_from_name(const std::string &name)
  {
    if (name == "pounders")
      return Method::pounders;
    if (name == "brgn")
      return Method::brgn;
    throw std::invalid_argument("unknown least-squares method \"" + name + "\" (known: pounders, brgn)");
  }

  std::vector<std::vector<double>> latin_hypercube(const std::size_t n, const unsigned int count, const unsigned int seed)
  {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<std::vector<double>> points(count, std::vector<double>(n));
    for (std::size_t j = 0; j < n; ++j)
      {
        std::vector<unsigned int> strata(count);
        std::iota(strata.begin(), strata.end(), 0u);
        std::shuffle(strata.begin(), strata.end(), rng);
        for (unsigned int k = 0; k < count; ++k)
          points[k][j] = (strata[k] + uniform(rng)) / count;
      }
    return points;
  }

  std::vector<std::vector<double>> jacobian(const Residuals &f, const std::vector<double> &u, const double h,
                                            unsigned int &evaluations)
  {
    const std::size_t n = u.size();
    std::vector<std::vector<double>> columns(n);
    for (std::size_t j = 0; j < n; ++j)
      {
        std::vector<double> up = u, down = u;
        up[j] = std::min(1.0, u[j] + h);
        down[j] = std::max(0.0, u[j] - h);
        const auto rp = f(up), rm = f(down);
        evaluations += 2;
        columns[j].resize(rp.size());
        for (std::size_t i = 0; i < rp.size(); ++i)
          columns[j][i] = (rp[i] - rm[i]) / (up[j] - down[j]);
      }
    const std::size_t m = columns.empty() ? 0 : columns[0].size();
    std::vector<std::vector<double>> J(m, std::vector<double>(n));
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j)
        J[i][j] = columns[j][i];
    return J;
  }

  LeastSquaresResult minimize(const Residuals &f, const std::size_t n, const std::size_t m, const Method method,
                              const std::vector<std::vector<double>> &given_starts, const unsigned int starts,
                              const unsigned int seed, const unsigned int max_evaluations, const double fd_step,
                              const unsigned int screening)
  {
    std::vector<std::vector<double>> points = given_starts;
    unsigned int evaluations = 0;
    if (points.size() < starts)
      {
        const unsigned int wanted = starts - static_cast<unsigned int>(points.size());
        auto candidates = latin_hypercube(n, wanted * std::max(1u, screening), seed);
        if (screening > 1)
          {
            std::vector<std::pair<double, std::size_t>> ranked; // (chi^2, candidate)
            for (std::size_t k = 0; k < candidates.size(); ++k)
              {
                const auto r = f(candidates[k]);
                ++evaluations;
                double chi2 = 0.0;
                for (const double v : r)
                  chi2 += v * v;
                ranked.emplace_back(std::isfinite(chi2) ? chi2 : std::numeric_limits<double>::infinity(), k);
              }
            std::stable_sort(ranked.begin(), ranked.end());
            std::vector<std::vector<double>> kept;
            for (unsigned int k = 0; k < wanted; ++k)
              kept.push_back(candidates[ranked[k].second]);
            candidates = kept;
          }
        for (const auto &p : candidates)
          points.push_back(p);
      }
    LeastSquaresResult best;
    best.chi2 = std::numeric_limits<double>::infinity();
    for (const auto &u0 : points)
      {
        Context c{&f, n, m, 0, fd_step};
        bool converged = false;
        const std::string reason = solve_once(c, u0, method, max_evaluations, converged);
        evaluations += c.evaluations;
        if (c.best_chi2 < best.chi2)
          {
            best.u = c.best_u;
            best.residuals = c.best_r;
            best.chi2 = c.best_chi2;
            best.reason = reason;
            best.converged = converged;
          }
      }
    best.evaluations = evaluations;
    best.starts = static_cast<unsigned int>(points.size());
    return best;
  }

  Uncertainty uncertainty(const std::vector<std::vector<double>> &J, const std::vector<double> &scale, const double max_u_error)
  {
    const std::size_t n = scale.size();
    dealii::LAPACKFullMatrix<double> A(n, n); // J^T J, symmetric positive semi-definite
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b)
        {
          double s = 0.0;
          for (const auto &row : J)
            s += row[a] * row[b];
          A(a, b) = s;
        }
    A.compute_svd(); // = eigen-decomposition for a symmetric PSD matrix: A = V diag(l) V^T
    const auto &V = A.get_svd_u();
    std::vector<double> lambda(n);
    for (std::size_t k = 0; k < n; ++k)
      lambda[k] = A.singular_value(k);
    Uncertainty out;
    for (const double l : lambda)
      out.singular_values.push_back(std::sqrt(std::max(0.0, l)));
    const double tolerance = 1e-16 * (lambda.empty() ? 0.0 : lambda[0]); // singular values below 1e-8 of the largest
    std::vector<bool> unseen(n, false);
    std::vector<std::vector<double>> cov_u(n, std::vector<double>(n, 0.0));
    for (std::size_t k = 0; k < n; ++k)
      if (lambda[k] > tolerance && lambda[k] > 0.0)
        {
          for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = 0; b < n; ++b)
              cov_u[a][b] += V(a, k) * V(b, k) / lambda[k];
        }
      else
        for (std::size_t a = 0; a < n; ++a)
          if (V(a, k) * V(a, k) > 0.01) // a direction the data do not see has this parameter in it
            unseen[a] = true;
    out.covariance.assign(n, std::vector<double>(n, 0.0));
    out.correlation.assign(n, std::vector<double>(n, std::nan("")));
    out.standard_error.resize(n);
    out.identifiable.resize(n);
    for (std::size_t a = 0; a < n; ++a)
      {
        for (std::size_t b = 0; b < n; ++b)
          out.covariance[a][b] = scale[a] * scale[b] * cov_u[a][b];
        const double se_u = std::sqrt(std::max(0.0, cov_u[a][a]));
        out.identifiable[a] = !unseen[a] && se_u <= max_u_error;
        out.standard_error[a] = unseen[a] ? std::numeric_limits<double>::infinity() : std::abs(scale[a]) * se_u;
      }
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b)
        if (!unseen[a] && !unseen[b] && cov_u[a][a] > 0.0 && cov_u[b][b] > 0.0)
          out.correlation[a][b] = cov_u[a][b] / std::sqrt(cov_u[a][a] * cov_u[b][b]);
    return out;
  }

  double delta_method_sd(const std::vector<double> &dr_du, const Uncertainty &unc, const std::vector<double> &scale)
  {
    const std::size_t n = dr_du.size();
    double variance = 0.0;
    for (std::size_t a = 0; a < n; ++a)
      {
        if (!unc.identifiable[a] && dr_du[a] != 0.0)
          return std::numeric_limits<double>::infinity();
        for (std::size_t b = 0; b < n; ++b)
          if (unc.identifiable[a] && unc.identifiable[b])
            variance += dr_du[a] / scale[a] * unc.covariance[a][b] * dr_du[b] / scale[b];
      }
    return std::sqrt(std::max(0.0, variance));
  }
} // namespace bmgcreep::calibration
