// The relaxation-rejuvenation map: its deck section, its grid, and its run on threads.
#include "continuum/material/relaxation_map.h"

#include "continuum/material/critical_stress.h"
#include "continuum/material/observable_table.h"
#include "continuum/material/point_driver.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <deal.II/base/multithread_info.h>

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <stdexcept>

namespace bmgcreep::material
{
  using namespace dealii;

  void MapParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Map");
    prm.declare_entry(
        "Hold fraction from", "0.30", Patterns::Double(1e-3, 0.999),
        "`bmgcreep map`: lowest hold stress, as a fraction of the reference yield stress (-), 0.001 "
        "to 0.999");
    prm.declare_entry(
        "Hold fraction to", "0.98", Patterns::Double(1e-3, 0.999),
        "`bmgcreep map`: highest hold stress, as a fraction of the reference yield stress (-), above "
        "\"Hold fraction from\", at most 0.999");
    prm.declare_entry(
        "Hold fraction count", "18", Patterns::Integer(2, 200),
        "`bmgcreep map`: hold stresses evenly spaced from the lowest to the highest, both included "
        "(-), 2 to 200; the deck's Protocol/Hold fractions in that range are added");
    prm.declare_entry("Hold time from", "0.0166666666667", Patterns::Double(1e-18, 1e6),
                      "`bmgcreep map`: shortest hold (h), 1e-18 to 1e6; 1 min = 0.0166666666667 h");
    prm.declare_entry("Hold time to", "1000", Patterns::Double(1e-18, 1e6),
                      "`bmgcreep map`: longest hold (h), above \"Hold time from\", at most 1e6");
    prm.declare_entry("Hold times per decade", "2", Patterns::Integer(1, 20),
                      "`bmgcreep map`: hold times at 10^(k/n) h between the shortest and the longest (both "
                      "included) (-), 1 to 20; the deck's Protocol/Hold time in that range is added");
    prm.declare_entry(
        "Critical stress tolerance", "1e-6", Patterns::Double(1e-10, 1e-2),
        "`bmgcreep map`: width of the last bisection bracket of the critical stress sigma_c(t), "
        "as a fraction of the reference yield stress (-), 1e-10 to 0.01");
    prm.leave_subsection();
  }

  void MapParameters::parse_parameters(ParameterHandler &prm, const std::string &deck)
  {
    prm.enter_subsection("Map");
    fraction_from = prm.get_double("Hold fraction from");
    fraction_to = prm.get_double("Hold fraction to");
    fraction_count = prm.get_integer("Hold fraction count");
    time_from = units::hours_to_s(prm.get_double("Hold time from"));
    time_to = units::hours_to_s(prm.get_double("Hold time to"));
    times_per_decade = prm.get_integer("Hold times per decade");
    tolerance = prm.get_double("Critical stress tolerance");
    prm.leave_subsection();
    if (!(fraction_to > fraction_from))
      throw InputError(deck + ": \"Map/Hold fraction to\" = " + to_text(fraction_to)
                       + " must be above \"Map/Hold fraction from\" = " + to_text(fraction_from)
                       + " (both 0.001 to 0.999)");
    if (!(time_to > time_from))
      throw InputError(deck + ": \"Map/Hold time to\" = " + to_text(units::s_to_hours(time_to))
                       + " h must be above \"Map/Hold time from\" = " + to_text(units::s_to_hours(time_from))
                       + " h (both 1e-18 to 1e6 h)");
  }

  namespace
  {
    /// `kept` and the values of `grid` that are not within a relative 1e-9 of one of them,
    /// ascending: a deck's value (or an end of the range) replaces a grid point next to it.
    std::vector<double> merged(const std::vector<double> &kept, const std::vector<double> &grid)
    {
      std::vector<double> all = kept;
      for (const double g : grid)
        if (std::none_of(kept.begin(), kept.end(), [g](const double k) { return std::abs(g - k) <= 1e-9 * k; }))
          all.push_back(g);
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      return all;
    }
  } // namespace

  std::vector<double> map_hold_fractions(const MapParameters &m, const ProtocolParameters &protocol)
  {
    std::vector<double> kept = {m.fraction_from, m.fraction_to};
    for (const double f : protocol.hold_fractions)
      if (f >= m.fraction_from && f <= m.fraction_to)
        kept.push_back(f);
    std::vector<double> grid;
    const double step = (m.fraction_to - m.fraction_from) / (m.fraction_count - 1);
    for (unsigned int i = 1; i + 1 < m.fraction_count; ++i)
      grid.push_back(std::round((m.fraction_from + i * step) * 1e12) / 1e12);
    return merged(kept, grid);
  }

  std::vector<double> map_hold_times(const MapParameters &m, const ProtocolParameters &protocol)
  {
    std::vector<double> kept = {m.time_from, m.time_to};
    if (protocol.hold_time >= m.time_from && protocol.hold_time <= m.time_to)
      kept.push_back(protocol.hold_time);
    // 10^(k/n) h strictly between the ends.
    std::vector<double> grid;
    const double n = m.times_per_decade;
    const double lo = std::log10(units::s_to_hours(m.time_from)), hi = std::log10(units::s_to_hours(m.time_to));
    for (long k = static_cast<long>(std::floor(lo * n)) + 1; k < hi * n; ++k)
      grid.push_back(units::hours_to_s(std::pow(10.0, k / n)));
    return merged(kept, grid);
  }

  unsigned int RelaxationMap::failed_cells() const
  {
    return static_cast<unsigned int>(
        std::count_if(cells.begin(), cells.end(), [](const MapCell &c) { return c.failed; }));
  }

  namespace
  {
    /// Holds of the protocol from the as-cast state, as run_point_case runs them: run(f, t) is
    /// one at `f` of the reference yield for `t` (s). Each call makes its own driver (a driver
    /// keeps per-run statistics, so it is not shared between threads); the law is shared
    /// read-only: ConstitutiveLaw::integrate is const and no law keeps mutable state.
    struct HoldRunner
    {
      const PointCase &c;
      const Observables observables;
      const ConditionResult as_cast; ///< run once
      const double reference_yield;  ///< Pa
      const double model_yield;      ///< Pa

      MapCell run(const double fraction, const double hold_time) const
      {
        MapCell cell;
        cell.hold_fraction = fraction;
        cell.hold_stress = fraction * reference_yield;
        cell.hold_time = hold_time;
        if (cell.hold_stress >= model_yield)
          {
            cell.failed = true;
            cell.failure = "the hold stress " + to_text(units::pa_to_mpa(cell.hold_stress))
                           + " MPa is not below the model's as-cast yield stress "
                           + to_text(units::pa_to_mpa(model_yield)) + " MPa";
            return cell;
          }
        try
          {
            ProtocolParameters protocol = c.protocol;
            protocol.hold_time = hold_time;
            const PointDriver driver(*c.law, observables, protocol, c.stepping);
            const ConditionResult h = driver.hold(fraction, cell.hold_stress);
            cell.enthalpy_change = model_observable(observable("enthalpy_change_J_per_g"), h, as_cast);
            cell.density_change_percent = model_observable(observable("density_change_percent"), h, as_cast);
            cell.yield_change_percent = model_observable(observable("yield_change_percent"), h, as_cast);
            cell.creep_strain = h.creep_strain;
          }
        catch (const std::exception &e) // runaway creep near yield, a failed local solve, ...
          {
            cell.failed = true;
            cell.failure = e.what();
            cell.enthalpy_change = cell.density_change_percent = cell.yield_change_percent = cell.creep_strain
                = std::nan("");
          }
        return cell;
      }
    };

    /// sigma_c at time index `j` of `map`: the first upward crossing of the enthalpy change in
    /// the column (up to its first failed cell), refined by bisection on single holds. When the
    /// column relaxes up to a failed cell, the crossing may lie between the two: halving that
    /// interval (a hold that fails: the upper end; one that relaxes: the lower) finds a
    /// rejuvenating hold below the failing ones, or shows there is none.
    CriticalStress critical_stress(const RelaxationMap &map, const std::size_t j, const HoldRunner &holds)
    {
      CriticalStress s;
      s.hold_time = map.times[j];
      std::vector<std::pair<double, double> > column;
      double failed_from = std::nan(""); // the lowest failed cell
      for (std::size_t i = 0; i < map.fractions.size() && std::isnan(failed_from); ++i)
        if (map.cell(j, i).failed)
          failed_from = map.fractions[i];
        else
          column.emplace_back(map.fractions[i], map.cell(j, i).enthalpy_change);
      if (column.empty())
        {
          s.note = "none in range: every hold failed";
          return s;
        }
      if (column.front().second >= 0.0)
        {
          s.note
              = "none in range: the enthalpy change is not negative even at " + to_text(column.front().first);
          return s;
        }
      const auto hold = [&](const double f) {
        ++s.bisection_holds;
        return holds.run(f, s.hold_time);
      };
      double lo = column.back().first, lo_change = column.back().second, hi = 0.0, hi_change = 0.0;
      bool bracketed = false;
      if (const std::size_t i = first_upward_crossing(column))
        {
          bracketed = true;
          lo = column[i - 1].first;
          lo_change = column[i - 1].second;
          hi = column[i].first;
          hi_change = column[i].second;
        }
      else
        {
          double fails = failed_from;
          while (!std::isnan(fails) && fails - lo > map.tolerance && !bracketed)
            {
              const double mid = 0.5 * (lo + fails);
              const MapCell one = hold(mid);
              if (one.failed)
                fails = mid;
              else if (one.enthalpy_change < 0.0)
                {
                  lo = mid;
                  lo_change = one.enthalpy_change;
                }
              else
                {
                  hi = mid;
                  hi_change = one.enthalpy_change;
                  bracketed = true;
                }
            }
          if (!bracketed)
            {
              s.note = std::isnan(fails)
                           ? "none in range: the enthalpy change stays negative up to " + to_text(lo)
                           : "none in range: the enthalpy change stays negative up to the holds that "
                             "fail (from "
                                 + to_text(fails) + " up)";
              return s;
            }
        }
      try
        {
          s.fraction = refine_crossing(
              [&](const double f) {
                const MapCell one = hold(f);
                if (one.failed)
                  throw std::runtime_error("the hold at " + to_text(f) + " failed: " + one.failure);
                return one.enthalpy_change;
              },
              lo, lo_change, hi, hi_change, map.tolerance);
          s.stress = s.fraction * map.reference_yield;
          s.note = "crossing";
        }
      catch (const std::runtime_error &e)
        {
          s.note = "none found between " + to_text(lo) + " and " + to_text(hi) + ": " + e.what();
        }
      return s;
    }

    /// Calls f(k) for k in [0, n) on `threads` threads; each k writes only its own results.
    template <class Function>
    void for_each_index(const std::size_t n, const unsigned int threads, const Function &f)
    {
      tbb::task_arena arena(static_cast<int>(threads));
      arena.execute([&] { tbb::parallel_for(std::size_t(0), n, [&](const std::size_t k) { f(k); }); });
    }
  } // namespace

  RelaxationMap run_relaxation_map(const PointCase &c, const MapParameters &m, const unsigned int threads,
                                   std::ostream *progress)
  {
    const auto t0 = std::chrono::steady_clock::now();
    RelaxationMap map;
    map.law_name = c.law->name();
    // As many as asked, up to what deal.II lets TBB run (its cores or DEAL_II_NUM_THREADS).
    const unsigned int allowed = static_cast<unsigned int>(
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    map.threads = std::max(1u, std::min(threads > 0 ? threads : MultithreadInfo::n_threads(), allowed));
    map.tolerance = m.tolerance;
    map.deck_hold_time = c.protocol.hold_time;
    map.fractions = map_hold_fractions(m, c.protocol);
    map.times = map_hold_times(m, c.protocol);

    const Observables observables = make_observables(c.specimen);
    ConditionResult as_cast = PointDriver(*c.law, observables, c.protocol, c.stepping).as_cast();
    map.model_yield = as_cast.yield_stress;
    map.reference_yield = c.protocol.model_yield_as_reference ? map.model_yield : c.protocol.reference_yield;
    const HoldRunner holds{ c, observables, std::move(as_cast), map.reference_yield, map.model_yield };
    if (progress)
      *progress << "as cast: yield " << std::fixed << std::setprecision(1)
                << units::pa_to_mpa(map.model_yield) << " MPa (" << map.law_name
                << ")\nmap: " << map.fractions.size() << " hold stresses (" << to_text(map.fractions.front())
                << " to " << to_text(map.fractions.back()) << " of "
                << to_text(units::pa_to_mpa(map.reference_yield)) << " MPa) x " << map.times.size()
                << " hold times (" << hold_time_text(map.times.front()) << " to "
                << hold_time_text(map.times.back()) << ") = " << map.fractions.size() * map.times.size()
                << " holds on " << map.threads << (map.threads == 1 ? " thread" : " threads") << std::endl;

    map.cells.resize(map.fractions.size() * map.times.size());
    for_each_index(map.cells.size(), map.threads, [&](const std::size_t k) {
      map.cells[k] = holds.run(map.fractions[k % map.fractions.size()], map.times[k / map.fractions.size()]);
    });
    const auto t1 = std::chrono::steady_clock::now();
    if (progress)
      *progress << "holds: " << map.cells.size() << " in " << std::setprecision(1)
                << std::chrono::duration<double>(t1 - t0).count() << " s, " << map.failed_cells() << " failed"
                << std::endl;

    map.critical.resize(map.times.size());
    for_each_index(map.times.size(), map.threads,
                   [&](const std::size_t j) { map.critical[j] = critical_stress(map, j, holds); });
    map.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (progress)
      {
        unsigned int bisection = 0;
        for (const auto &s : map.critical)
          bisection += s.bisection_holds;
        *progress << "critical stress: " << bisection << " bisection holds in " << std::setprecision(1)
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count()
                  << " s; total " << map.seconds << " s" << std::endl;
      }
    return map;
  }
} // namespace bmgcreep::material
