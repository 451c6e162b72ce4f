// The relaxation-rejuvenation map of `bmgcreep map DECK.prm`: the lab protocol of `point` at a
// material point over a grid of hold stress x hold time. Each cell is one hold from the
// as-cast state (load, hold, unload, wait, compression test), reported as changes against the
// as-cast condition (relaxation enthalpy, density, yield stress: the observable table), and
// for each hold time the critical stress sigma_c(t), where the enthalpy change turns from
// relaxation to rejuvenation, found by the root finder of `calibrate` (critical_stress.h).
// The cells are independent and run on threads (TBB); the results do not depend on how many.
// Definitions: relaxation_map.cc (grid and run), map_outputs.cc (tables, figure, summary).
#pragma once

#include "continuum/material/point_case.h"
#include "coupling/lab_summary.h"

#include <deal.II/base/parameter_handler.h>

#include <cmath>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  /// Deck subsection "Map": the map's grid and the tolerance of sigma_c(t).
  struct MapParameters
  {
    double fraction_from = 0.30;       ///< lowest hold stress, of the reference yield stress (-)
    double fraction_to = 0.98;         ///< highest (-)
    unsigned int fraction_count = 18;  ///< evenly spaced, both ends included (0.04 apart by default)
    double time_from = 60.0;           ///< shortest hold (s): 1 min
    double time_to = 3.6e6;            ///< longest hold (s): 1000 h
    unsigned int times_per_decade = 2; ///< hold times at 10^(k / n) h between the two ends
    double tolerance = 1e-6;           ///< bisection width of sigma_c (fraction of yield)

    static void declare_parameters(dealii::ParameterHandler &prm);
    /// Reads subsection Map; throws InputError naming `deck`, the key and what is allowed when
    /// an upper end is not above its lower end.
    void parse_parameters(dealii::ParameterHandler &prm, const std::string &deck);
  };

  /// The map's hold fractions, ascending: `fraction_count` evenly from `fraction_from` to
  /// `fraction_to` (rounded to 12 decimals), and the deck's Protocol/Hold fractions inside that
  /// range, so that the lab's holds are cells of the map.
  std::vector<double> map_hold_fractions(const MapParameters &m, const ProtocolParameters &protocol);
  /// The map's hold times (s), ascending: both ends, every 10^(k / times_per_decade) h between
  /// them, and the deck's Protocol/Hold time (the lab's) when it lies inside.
  std::vector<double> map_hold_times(const MapParameters &m, const ProtocolParameters &protocol);

  /// One cell of the map: a hold at one stress for one time, and its changes after the wait.
  struct MapCell
  {
    double hold_fraction = 0.0;               ///< of the reference yield stress (-)
    double hold_stress = 0.0;                 ///< Pa
    double hold_time = 0.0;                   ///< s
    bool failed = false;                      ///< the hold could not finish (runaway creep, above yield, ...)
    std::string failure;                      ///< why, when it failed
    double enthalpy_change = std::nan("");    ///< relaxation enthalpy minus the as-cast one (J/g)
    double density_change_percent = std::nan(""); ///< 100 (density / as-cast density - 1)
    double yield_change_percent = std::nan("");   ///< 100 (yield stress / as-cast yield stress - 1)
    double creep_strain = std::nan("");       ///< axial strain gained during the hold (-)
  };

  /// The critical stress at one hold time.
  struct CriticalStress
  {
    double hold_time = 0.0;           ///< s
    double fraction = std::nan("");   ///< of the reference yield stress; NaN: none in range
    double stress = std::nan("");     ///< Pa
    unsigned int bisection_holds = 0; ///< single holds the bisection ran
    std::string note;                 ///< "crossing", or "none in range: <why>"
    bool found() const { return std::isfinite(fraction); }
  };

  struct RelaxationMap
  {
    std::string law_name;
    double model_yield = 0.0;             ///< as-cast yield of the model (Pa)
    double reference_yield = 0.0;         ///< what the hold fractions refer to (Pa)
    double deck_hold_time = 0.0;          ///< the deck's Protocol/Hold time (s)
    double tolerance = 0.0;               ///< of sigma_c (fraction of yield)
    std::vector<double> fractions;        ///< ascending
    std::vector<double> times;            ///< s, ascending
    std::vector<MapCell> cells;           ///< time by time, fractions ascending within each time
    std::vector<CriticalStress> critical; ///< one per time
    unsigned int threads = 1;
    double seconds = 0.0; ///< wall time of the run

    const MapCell &cell(const std::size_t time_index, const std::size_t fraction_index) const
    {
      return cells[time_index * fractions.size() + fraction_index];
    }
    unsigned int failed_cells() const;
  };

  /// Runs the map of `c` (its law, specimen, protocol and time stepping) on `threads` threads
  /// (0: MultithreadInfo::n_threads(), all cores unless DEAL_II_NUM_THREADS says fewer; never
  /// more than those; RelaxationMap::threads says how many ran). The
  /// as-cast test runs once; every cell is a hold of the protocol from the as-cast state, as
  /// `point` runs it (the cells at the deck's hold time and hold fractions are `point`'s
  /// holds, to the bit). A cell whose hold fails is marked and the map goes on; then, per hold
  /// time, sigma_c is bracketed on the map's column (up to its first failed cell) and found by
  /// bisection on single holds to m.tolerance. `progress` (may be null) gets a few lines.
  /// Throws (std::runtime_error) only if the as-cast compression test fails.
  RelaxationMap run_relaxation_map(const PointCase &c, const MapParameters &m, unsigned int threads,
                                   std::ostream *progress);

  // ------------------------------------------------------------------ outputs (map_outputs.cc)

  /// map.csv: one row per cell (time by time), the columns named as in the lab file.
  std::string map_csv(const RelaxationMap &r);
  /// critical-stress.csv: one row per hold time.
  std::string critical_stress_csv(const RelaxationMap &r);
  /// map.gp, the gnuplot script (its data inline) that draws map.png: one filled-contour panel
  /// per change (log time axis), the sigma_c(t) line, and the `lab` holds (hold fraction > 0)
  /// as points coloured by their measured change. `title` heads the figure.
  std::string map_gnuplot(const RelaxationMap &r, const std::vector<LabCondition> &lab,
                          const std::string &title);
  /// Whether `name` is a file `map` writes.
  bool is_map_output_name(const std::string &name);
  /// Writes map.csv, critical-stress.csv and map.gp into `dir` (atomically, listed in its
  /// manifest; the files an earlier run listed there go first) and draws map.png when gnuplot
  /// is installed; returns whether it did. `lab` may be empty.
  bool write_map_outputs(const RelaxationMap &r, const std::string &dir, const std::vector<LabCondition> &lab,
                         const std::string &title);
  /// The console summary: sigma_c at each whole decade of hold time, both ends and the deck's
  /// hold time, and the failed cells.
  std::string map_summary(const RelaxationMap &r);
  /// A hold time for people: "1 min", "0.316 h", "48 h".
  std::string hold_time_text(double seconds);
} // namespace bmgcreep::material
