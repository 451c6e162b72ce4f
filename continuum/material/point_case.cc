#include "continuum/material/point_case.h"

#include "continuum/material/observable_table.h"

#include "continuum/material/law_factory.h"
#include "continuum/material/point_driver.h"
#include "coupling/atomic_file.h"
#include "coupling/lab_summary.h"
#include "coupling/output_folder.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <limits>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace bmgcreep::material
{
  using namespace dealii;

  void declare_point_deck(ParameterHandler &prm)
  {
    declare_material_parameters(prm);
    SpecimenParameters::declare_parameters(prm);
    ProtocolParameters::declare_parameters(prm);
    TimeSteppingParameters::declare_parameters(prm);
    ValidityWindow::declare_parameters(prm);
    prm.enter_subsection("Comparison");
    prm.declare_entry("Lab summary", "", Patterns::Anything(),
                      "Optional lab summary CSV (format of cases/zhang2017/zhang2017_lab.csv), relative to "
                      "the deck's folder; empty: no comparison");
    prm.declare_entry("Lab protocol mismatch", "refuse", Patterns::Selection("refuse|warn"),
                      "A lab row whose hold time, temperature or hold stress is not the deck's (beyond 1 %, 1 K, "
                      "2 %): refuse, the default, before any work; warn, compare anyway with a warning line on the "
                      "console and in report.md");
    prm.leave_subsection();
  }

  std::vector<std::string> lab_protocol_warnings(const PointCase &c, const std::string &lab_path,
                                                 const std::vector<LabCondition> &rows, const std::string &where,
                                                 const std::string &anyway)
  {
    const std::vector<std::string> mismatches = lab_protocol_mismatches(
      lab_path, rows,
      {units::s_to_hours(c.protocol.hold_time), c.specimen.temperature,
       c.protocol.model_yield_as_reference ? std::nan("") : units::pa_to_mpa(c.protocol.reference_yield)});
    if (!mismatches.empty() && !c.lab_mismatch_warn)
      throw InputError(where + ": " + mismatches.front() +
                       (mismatches.size() > 1 ? " (and " + std::to_string(mismatches.size() - 1) + " more)" : "") +
                       ": set \"Comparison/Lab protocol mismatch = warn\" to " + anyway);
    std::vector<std::string> warnings;
    for (const std::string &m : mismatches)
      warnings.push_back("warning: lab summary row not of this run: " + m);
    return warnings;
  }

  PointCase read_point_case(const std::string &path, const std::vector<std::string> &overrides)
  {
    ParameterHandler prm;
    declare_point_deck(prm);
    parse_deck(prm, path, overrides);
    return point_case_from(prm, path);
  }

  PointCase point_case_from(ParameterHandler &prm, const std::string &path, const PointCaseReading &reading)
  {
    PointCase c;
    c.deck_path = path;
    if (reading.fingerprint)
      {
        std::ostringstream all;
        prm.print_parameters(all, ParameterHandler::ShortPRM);
        c.fingerprint = all.str();
      }
    c.specimen.parse_parameters(prm);
    c.protocol.parse_parameters(prm);
    c.stepping.parse_parameters(prm);
    try
      {
        c.validity.parse_parameters(prm);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(path + ": " + e.what());
      }
    if (c.stepping.fixed_hold_steps > c.stepping.max_steps)
      throw InputError(path + ": \"Time stepping/Fixed hold steps\" = " + std::to_string(c.stepping.fixed_hold_steps) +
                       " exceeds \"Max steps per stage\" = " + std::to_string(c.stepping.max_steps) +
                       ": at most that many, or raise the limit");
    try
      {
        c.law = create_law(prm, c.specimen.temperature);
      }
    catch (const std::invalid_argument &e)
      {
        throw InputError(path + ": " + e.what());
      }
    // Checkpoints hold states: the fingerprint they are checked against names the state's layout
    // (format 2: plastic strain, shear strain, the law's values), so that a checkpoint of another
    // layout is refused, never misread.
    if (reading.fingerprint)
      {
        c.fingerprint += "# state format 2:";
        for (const StateVariable &v : c.law->state_variables())
          c.fingerprint += " " + v.name + "[" + std::to_string(v.size) + "]";
        c.fingerprint += "\n";
      }
    prm.enter_subsection("Comparison");
    const std::string lab = prm.get("Lab summary");
    c.lab_mismatch_warn = prm.get("Lab protocol mismatch") == "warn";
    prm.leave_subsection();
    if (!lab.empty())
      {
        const std::filesystem::path p(lab);
        c.lab_summary_path =
          p.is_absolute() ? lab : (std::filesystem::path(path).parent_path() / p).lexically_normal().string();
        if (reading.check_lab_summary)
          {
            std::vector<LabCondition> rows;
            try
              {
                rows = read_lab_summary(c.lab_summary_path);
              }
            catch (const std::runtime_error &e)
              {
                throw InputError(path + ": \"Lab summary\": " + e.what());
              }
            // The lab rows must be of this run's protocol: a 1 h or 350 K row compared with a
            // 48 h, 298 K run is a silent wrong result.
            c.lab_warnings = lab_protocol_warnings(c, c.lab_summary_path, rows, path + ": \"Lab summary\"", "compare anyway");
          }
      }

    const double hold_h = units::s_to_hours(c.protocol.hold_time);
    const double step_h = units::s_to_hours(c.stepping.initial_hold_step);
    if (!(step_h < hold_h))
      throw InputError(path + ": \"Initial hold step\" = " + to_text(c.stepping.initial_hold_step) +
                       " s must be shorter than \"Hold time\" = " + to_text(hold_h) + " h");
    for (std::size_t i = 1; i < c.protocol.hold_fractions.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (to_text(c.protocol.hold_fractions[i]) == to_text(c.protocol.hold_fractions[j]))
          throw InputError(path + ": \"Hold fractions\" lists " +
                           to_text(c.protocol.hold_fractions[i]) + " twice: each hold once");
    return c;
  }

  std::function<void(double, const TimeSeriesRow &)> console_steps(Console &console, const ProtocolParameters &protocol)
  {
    // The hold's start, from its first step (a resumed hold starts where it left off: its bar
    // then counts from there, which only the time left estimate sees).
    auto hold_start = std::make_shared<double>(-1.0);
    return [&console, hold_time = protocol.hold_time, hold_start](const double fraction, const TimeSeriesRow &r) {
      const std::string condition = fraction == 0.0 ? std::string("as-cast") : "hold " + to_text(fraction);
      std::ostringstream line;
      line << std::left << std::setw(10) << condition << " " << std::setw(11) << r.stage << std::right
           << std::scientific << std::setprecision(4) << " t " << r.time << " s  dt " << std::setprecision(2) << r.step
           << " s  stress " << std::fixed << std::setprecision(1) << units::pa_to_mpa(r.stress) << " MPa  strain "
           << std::scientific << std::setprecision(5) << r.strain << "  x " << std::setprecision(5)
           << r.internal_variable << "  Newton " << r.newton_iterations;
      console.step(line.str());
      if (r.stage != "hold")
        {
          *hold_start = -1.0;
          std::ostringstream detail;
          detail << "t = " << to_text(r.time) << " s, stress " << std::fixed << std::setprecision(0)
                 << units::pa_to_mpa(r.stress) << " MPa";
          console.bar(condition + " " + r.stage, -1.0, detail.str(), -1.0);
          return;
        }
      if (*hold_start < 0.0)
        *hold_start = r.time - r.step;
      const double held = r.time - *hold_start;
      // Steps grow through a hold, so its work goes as the logarithm of time, not as time.
      const double scale = 1.0; // s
      const double work = std::log1p(held / scale) / std::log1p(hold_time / scale);
      std::ostringstream detail;
      detail << std::fixed << std::setprecision(held < 36000.0 ? 2 : 1) << units::s_to_hours(held) << " h of "
             << to_text(units::s_to_hours(hold_time)) << " h";
      console.bar(condition + " hold", held / hold_time, detail.str(), work);
    };
  }

  PointCaseResult run_point_case(const PointCase &c, Console *progress, const CheckpointOptions &checkpoints)
  {
    const Observables observables = make_observables(c.specimen);
    const PointDriver driver(*c.law, observables, c.protocol, c.stepping);
    return run_protocol(driver, c, progress, checkpoints);
  }

  void run_controls(const PointCase &c, PointCaseResult &r)
  {
    const Observables observables = make_observables(c.specimen);
    r.controls.clear();
    for (const double time : {c.protocol.hold_time, shelf_control_time})
      {
        ProtocolParameters protocol = c.protocol;
        protocol.hold_time = time;
        const PointDriver driver(*c.law, observables, protocol, c.stepping);
        r.controls.push_back(driver.hold(0.0, 0.0));
      }
  }
} // namespace bmgcreep::material
