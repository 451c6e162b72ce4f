// Timing of calibrate's forward model (Google Benchmark), on the default case's calibration
// deck: the set-up of one forward run (trial parameters into the deck's values, the point case
// and its law from them) and a whole forward run (set-up, the protocol over the lab's holds,
// the model values). Run through `scripts/bench calibrate`.
#include "calibration/forward_model.h"
#include "coupling/lab_summary.h"

#include <benchmark/benchmark.h>

using namespace bmgcreep;
using namespace bmgcreep::calibration;

namespace
{
  const std::string deck = std::string(BMGCREEP_SOURCE_DIR) + "/cases/zhang2017/calibrate.prm";

  struct Fit
  {
    dealii::ParameterHandler prm;
    CalibrationSettings settings;
    std::vector<Observation> observations;
    std::vector<double> start;
    Fit()
    {
      material::declare_point_deck(prm);
      declare_calibration(prm);
      parse_deck(prm, deck, {});
      settings = read_calibration(prm, deck);
      const auto base = material::point_case_from(prm, deck);
      observations = lab_observations(read_lab_summary(base.lab_summary_path), settings, {});
      for (const auto &p : settings.parameters)
        start.push_back(p.start);
    }
  };

  void forward_run_setup(benchmark::State &state)
  {
    Fit f;
    const ForwardModel fit(deck, f.prm, f.settings, f.observations);
    for (auto _ : state)
      {
        material::PointCase c = fit.point_case(f.start, {0.5, 0.7, 0.9});
        benchmark::DoNotOptimize(c.law);
      }
  }
  BENCHMARK(forward_run_setup)->Unit(benchmark::kMicrosecond);

  void forward_run(benchmark::State &state)
  {
    Fit f;
    const ForwardModel fit(deck, f.prm, f.settings, f.observations);
    for (auto _ : state)
      {
        std::vector<double> v = fit.predict(f.start);
        benchmark::DoNotOptimize(v);
      }
  }
  BENCHMARK(forward_run)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
