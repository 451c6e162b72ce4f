// Accuracy of the adaptive hold integration: for each hold of a deck, the adaptive
// (step-doubling, second-order) 48 h hold against a converged reference, and the number
// of fixed plain backward-Euler steps needed to reach the same accuracy.
// Usage: hold_accuracy DECK.prm
#include "continuum/material/point_case.h"

#include <cmath>
#include <cstdio>

using namespace bmgcreep::material;

namespace
{
  struct HoldOutcome
  {
    double creep, dx;
    unsigned int steps;
  };

  HoldOutcome hold(const PointCase &c, const Observables &obs, const double stress, const unsigned int fixed)
  {
    TimeSteppingParameters ts = c.stepping;
    ts.fixed_hold_steps = fixed;
    ts.max_steps = 100000000;
    const PointDriver d(*c.law, obs, c.protocol, ts);
    UniaxialPoint p(*c.law, c.law->initial_state());
    p.step_to_stress(-stress, 1e-6);
    std::vector<TimeSeriesRow> series;
    double time = 0.0;
    unsigned int rejected = 0;
    const double eps0 = p.axial_strain(), x0 = p.internal_variable();
    const unsigned int n = d.hold_stage(p, stress, c.protocol.hold_time, time, "hold", series, rejected);
    return {-(p.axial_strain() - eps0), p.internal_variable() - x0, n + rejected};
  }

  double error(const HoldOutcome &a, const HoldOutcome &ref)
  {
    return std::max(std::abs(a.creep - ref.creep) / std::abs(ref.creep), std::abs(a.dx - ref.dx) / std::abs(ref.dx));
  }
} // namespace

int main(int argc, char **argv)
{
  if (argc != 2)
    {
      std::fprintf(stderr, "usage: hold_accuracy DECK.prm\n");
      return 2;
    }
  const auto c = read_point_case(argv[1]);
  const Observables obs = make_observables(c.specimen);
  std::printf("hold_fraction,adaptive_steps,adaptive_rel_error,fixed_steps_same_accuracy,step_ratio\n");
  for (const double f : c.protocol.hold_fractions)
    {
      const double stress = f * c.protocol.reference_yield;
      // Reference: plain backward Euler with 2^21 and 2^22 fixed steps, extrapolated (first order).
      const HoldOutcome r1 = hold(c, obs, stress, 1u << 21), r2 = hold(c, obs, stress, 1u << 22);
      const HoldOutcome ref{2.0 * r2.creep - r1.creep, 2.0 * r2.dx - r1.dx, 0};
      const HoldOutcome adaptive = hold(c, obs, stress, 0);
      const double e = error(adaptive, ref);
      unsigned int n = 64;
      while (n < (1u << 21) && error(hold(c, obs, stress, n), ref) > e)
        n *= 2;
      // Refine between n/2 and n by bisection on the step count.
      unsigned int lo = n / 2, hi = n;
      while (hi - lo > std::max(1u, lo / 50))
        {
          const unsigned int mid = (lo + hi) / 2;
          (error(hold(c, obs, stress, mid), ref) > e ? lo : hi) = mid;
        }
      std::printf("%.3g,%u,%.3e,%u,%.1f\n", f, adaptive.steps, e, hi, double(hi) / adaptive.steps);
      std::fflush(stdout);
    }
  return 0;
}
