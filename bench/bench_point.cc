// Timing of the material-point driver (Google Benchmark): one full 48 h hold protocol
// (load, hold, unload, wait, post-hold compression test) and the whole default case.
// Run through scripts/bench, which also reports the accuracy study (hold_accuracy).
#include "continuum/material/point_case.h"

#include <benchmark/benchmark.h>

using namespace bmgcreep::material;

namespace
{
  const std::string deck = std::string(BMGCREEP_SOURCE_DIR) + "/cases/zhang2017/holds.prm";

  void hold_protocol(benchmark::State &state)
  {
    const auto c = read_point_case(deck);
    const Observables obs = make_observables(c.specimen);
    const PointDriver driver(*c.law, obs, c.protocol, c.stepping);
    const double fraction = state.range(0) / 100.0;
    unsigned int steps = 0;
    for (auto _ : state)
      {
        ConditionResult r = driver.hold(fraction, fraction * c.protocol.reference_yield);
        steps = r.hold_steps;
        benchmark::DoNotOptimize(r.yield_stress);
      }
    state.counters["hold_steps"] = steps;
  }
  BENCHMARK(hold_protocol)->Arg(50)->Arg(70)->Arg(90)->Unit(benchmark::kMillisecond);

  void default_case(benchmark::State &state)
  {
    const auto c = read_point_case(deck);
    for (auto _ : state)
      {
        PointCaseResult r = run_point_case(c, nullptr);
        benchmark::DoNotOptimize(r.model_yield);
      }
  }
  BENCHMARK(default_case)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
