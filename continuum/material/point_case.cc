#include "continuum/material/point_case.h"

#include "continuum/material/observable_table.h"

#include "continuum/material/law_factory.h"
#include "continuum/material/point_driver.h"
#include "coupling/atomic_file.h"
#include "coupling/lab_summary.h"
#include "coupling/output_folder.h"
#include "coupling/text.h"
#include "coupling/units.h"

#include <deal.II/base/data_out_base.h>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
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
    prm.enter_subsection("Comparison");
    prm.declare_entry("Lab summary", "", Patterns::Anything(),
                      "Optional lab summary CSV (format of cases/zhang2017/zhang2017_lab.csv), relative to "
                      "the deck's folder; empty: no comparison");
    prm.leave_subsection();
  }

  namespace
  {
    std::string collapse_whitespace(const std::string &s)
    {
      std::string out;
      bool space = false;
      for (const char c : s)
        {
          if (std::isspace(static_cast<unsigned char>(c)))
            space = !out.empty();
          else
            {
              if (space)
                out += ' ';
              out += c;
              space = false;
            }
        }
      return out;
    }

    /// ParameterHandler writes names with non-alphanumeric characters as _XX (hex).
    std::string demangle(const std::string &s)
    {
      std::string out;
      for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '_' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2])))
          {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
          }
        else
          out += s[i];
      return out;
    }

    /// The help text declared for entry `name` (searched in every subsection), or "".
    std::string documentation_of(ParameterHandler &prm, const std::string &name)
    {
      std::stringstream json;
      prm.print_parameters(json, ParameterHandler::JSON);
      boost::property_tree::ptree tree;
      boost::property_tree::read_json(json, tree);
      std::string found;
      std::function<void(const boost::property_tree::ptree &)> walk = [&](const auto &node) {
        for (const auto &child : node)
          {
            if (found.empty() && (child.first == name || demangle(child.first) == name) &&
                child.second.count("documentation"))
              found = child.second.template get<std::string>("documentation");
            walk(child.second);
          }
      };
      walk(tree);
      return found;
    }
  } // namespace

  namespace
  {
    /// Limits checked before a deck reaches deal.II's parser: generous for any real deck (the
    /// longest shipped line is about 600 characters), and they keep hostile or broken input out.
    constexpr std::size_t max_deck_bytes = 1 << 20;   ///< per file
    constexpr std::size_t max_deck_line = 10000;      ///< characters per line

    /// The path of an include line ("include path", "include "path with spaces"", an optional
    /// trailing # comment), or "" when the line is not an include.
    std::string include_path(const std::string &line, const std::string &where)
    {
      const std::string t = Utilities::trim(line);
      for (const std::string keyword : {"include", "INCLUDE"})
        if (t.size() > keyword.size() && t.compare(0, keyword.size(), keyword) == 0 &&
            std::isspace(static_cast<unsigned char>(t[keyword.size()])))
          {
            const std::string rest = Utilities::trim(t.substr(keyword.size()));
            if (!rest.empty() && rest.front() == '"')
              {
                const auto close = rest.find('"', 1);
                if (close == std::string::npos)
                  throw InputError(where + ": include path opens a quote (\") it does not close");
                return rest.substr(1, close - 1);
              }
            const std::string path = Utilities::trim(rest.substr(0, rest.find('#')));
            if (path.empty())
              throw InputError(where + ": include names no file");
            return path;
          }
      return "";
    }

    /// Writes `file` to `out` with its include lines replaced by the included files' text,
    /// recursively; origin[k] is the file and line of output line k + 1.
    void expand_includes(const std::string &file, std::ostream &out,
                         std::vector<std::pair<std::string, unsigned int>> &origin, const unsigned int depth)
    {
      if (depth > 16)
        throw InputError(file + ": includes nested more than 16 deep (an include cycle?)");
      std::error_code ec;
      const auto bytes = std::filesystem::file_size(file, ec);
      if (!ec && bytes > max_deck_bytes)
        throw InputError(file + ": " + std::to_string(bytes) + " bytes; a deck file is at most " +
                         std::to_string(max_deck_bytes) + " bytes of text");
      std::ifstream in(file, std::ios::binary);
      if (!in)
        throw InputError(file + ": deck file cannot be read");
      std::string line;
      for (unsigned int n = 1; std::getline(in, line); ++n)
        {
          const std::string where = file + ":" + std::to_string(n);
          if (n == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3); // a UTF-8 byte-order mark some editors write
          if (!line.empty() && line.back() == '\r')
            line.pop_back(); // CRLF line ends
          if (line.size() > max_deck_line)
            throw InputError(where + ": a line of " + std::to_string(line.size()) + " characters; deck lines are at most " +
                             std::to_string(max_deck_line) + " (\"" + printable(line, 40) + "\")");
          if (line.find('\0') != std::string::npos)
            throw InputError(where + ": a NUL byte: not a text file");
          const std::string included_name = include_path(line, where);
          if (!included_name.empty())
            {
              std::filesystem::path included(included_name);
              if (included.is_relative())
                included = std::filesystem::path(file).parent_path() / included;
              if (!std::filesystem::is_regular_file(included))
                throw InputError(where + ": included file \"" + printable(included.string()) + "\" not found");
              expand_includes(included.string(), out, origin, depth + 1);
            }
          else
            {
              out << line << '\n';
              origin.emplace_back(file, n);
            }
        }
    }

    /// Splits deal.II's "Line <n> of file <f>: rest" (f being `file`, the name the parser was
    /// given; some messages of deal.II 9.4 lack the closing '>') into n and rest (n = 0 and the
    /// whole text when there is no such prefix).
    std::pair<unsigned long, std::string> split_line_prefix(const std::string &text, const std::string &file)
    {
      const std::string head = "Line <", of = "> of file <";
      if (text.compare(0, head.size(), head) != 0)
        return {0, text};
      const auto close = text.find(of, head.size());
      if (close == std::string::npos)
        return {0, text};
      const std::string digits = text.substr(head.size(), close - head.size());
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
        return {0, text};
      std::size_t at = close + of.size();
      if (text.compare(at, file.size(), file) != 0)
        return {0, text};
      at += file.size();
      if (at < text.size() && text[at] == '>')
        ++at;
      if (text.compare(at, 2, ": ") == 0)
        at += 2;
      return {std::stoul(digits), text.substr(at)};
    }
  } // namespace

  void parse_deck_file(ParameterHandler &prm, const std::string &path)
  {
    if (!std::filesystem::is_regular_file(path))
      throw InputError(printable(path) + ": deck file not found");
    {
      std::ifstream probe(path);
      if (!probe)
        throw InputError(printable(path) + ": deck file cannot be read");
    }
    // Includes are expanded here, each resolved relative to the file that includes it (deal.II
    // would open them relative to the working directory), and every line remembers where it
    // came from so that errors name the right file and line.
    std::stringstream text;
    std::vector<std::pair<std::string, unsigned int>> origin;
    expand_includes(path, text, origin, 0);
    auto where = [&](const unsigned long n) {
      return n >= 1 && n <= origin.size() ? origin[n - 1].first + ":" + std::to_string(origin[n - 1].second)
                                          : path;
    };
    try
      {
        prm.parse_input(text, path);
      }
    catch (const ParameterHandler::ExcInvalidEntryForPattern &e)
      {
        std::ostringstream info;
        e.print_info(info);
        const auto [line, message] = split_line_prefix(collapse_whitespace(info.str()), path);
        // "The entry value <v> for the entry named <k> does not match the given pattern: <p>"
        const std::string a = "The entry value ", b = " for the entry named ", c = " does not match the given pattern: ";
        const auto pb = message.find(b), pc = message.rfind(c);
        if (message.compare(0, a.size(), a) == 0 && pb != std::string::npos && pc != std::string::npos && pb < pc)
          {
            const std::string value = message.substr(a.size(), pb - a.size());
            const std::string key = message.substr(pb + b.size(), pc - pb - b.size());
            const std::string doc = documentation_of(prm, key);
            throw InputError(where(line) + ": \"" + printable(key) + "\" = \"" + printable(value) +
                             "\" is not allowed: " + printable(doc.empty() ? message.substr(pc + c.size()) : doc, 400));
          }
        throw InputError(where(line) + ": " + printable(message, 400));
      }
    catch (const ExceptionBase &e)
      {
        std::ostringstream info;
        e.print_info(info);
        // deal.II names the file itself as "Line <n> of file <f>:"; name the true origin.
        const auto [line, message] = split_line_prefix(collapse_whitespace(info.str()), path);
        throw InputError(where(line) + ": " + printable(message, 400));
      }
  }

  PointCase read_point_case(const std::string &path, const std::vector<std::string> &overrides)
  {
    ParameterHandler prm;
    declare_point_deck(prm);
    parse_deck(prm, path, overrides);
    return point_case_from(prm, path);
  }

  void parse_deck(ParameterHandler &prm, const std::string &path, const std::vector<std::string> &overrides)
  {
    parse_deck_file(prm, path);
    for (const std::string &o : overrides)
      {
        const auto eq = o.find('=');
        if (eq == std::string::npos)
          throw InputError("--set \"" + o + "\": expected Section/Key=value");
        std::vector<std::string> keys = Utilities::split_string_list(o.substr(0, eq), '/');
        if (keys.empty() || std::any_of(keys.begin(), keys.end(), [](const std::string &k) { return k.empty(); }))
          throw InputError("--set \"" + o + "\": expected Section/Key=value with no empty name");
        const std::string value = Utilities::trim(o.substr(eq + 1));
        unsigned int depth = 0;
        try
          {
            for (; depth + 1 < keys.size(); ++depth)
              prm.enter_subsection(keys[depth]);
            prm.set(keys.back(), value);
          }
        catch (const ExceptionBase &)
          {
            for (; depth > 0; --depth)
              prm.leave_subsection();
            const std::string doc = documentation_of(prm, keys.back());
            throw InputError("--set \"" + o + "\": no such key, or \"" + value + "\" is not allowed" +
                             (doc.empty() ? std::string() : ": " + doc));
          }
        for (; depth > 0; --depth)
          prm.leave_subsection();
      }
  }

  PointCase point_case_from(ParameterHandler &prm, const std::string &path)
  {

    PointCase c;
    c.deck_path = path;
    {
      std::ostringstream all;
      prm.print_parameters(all, ParameterHandler::ShortPRM);
      c.fingerprint = all.str();
    }
    c.specimen.parse_parameters(prm);
    c.protocol.parse_parameters(prm);
    c.stepping.parse_parameters(prm);
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
    prm.enter_subsection("Material");
    c.enthalpy_per_unit_x = prm.get_double("Enthalpy per unit internal variable");
    prm.leave_subsection();

    prm.enter_subsection("Comparison");
    const std::string lab = prm.get("Lab summary");
    prm.leave_subsection();
    if (!lab.empty())
      {
        const std::filesystem::path p(lab);
        c.lab_summary_path =
          p.is_absolute() ? lab : (std::filesystem::path(path).parent_path() / p).lexically_normal().string();
        try
          {
            read_lab_summary(c.lab_summary_path);
          }
        catch (const std::runtime_error &e)
          {
            throw InputError(path + ": \"Lab summary\": " + e.what());
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

  PointCaseResult run_point_case(const PointCase &c, std::ostream *progress, const CheckpointOptions &checkpoints)
  {
    const Observables observables = make_observables(c.specimen, *c.law, c.enthalpy_per_unit_x);
    const PointDriver driver(*c.law, observables, c.protocol, c.stepping);
    return run_protocol(driver, c, progress, checkpoints);
  }

  void run_controls(const PointCase &c, PointCaseResult &r)
  {
    const Observables observables = make_observables(c.specimen, *c.law, c.enthalpy_per_unit_x);
    r.controls.clear();
    for (const double time : {c.protocol.hold_time, shelf_control_time})
      {
        ProtocolParameters protocol = c.protocol;
        protocol.hold_time = time;
        const PointDriver driver(*c.law, observables, protocol, c.stepping);
        r.controls.push_back(driver.hold(0.0, 0.0));
      }
  }

  std::vector<EnergyBalance> energy_balance(const PointCaseResult &r)
  {
    std::vector<EnergyBalance> rows;
    const double rho = 1e6 * r.conditions.front().density; // g/m^3
    const double H0 = r.conditions.front().relaxation_enthalpy;
    for (std::size_t i = 1; i < r.conditions.size(); ++i)
      {
        const ConditionResult &c = r.conditions[i];
        rows.push_back({c.hold_fraction, c.inelastic_work / rho, c.relaxation_enthalpy - H0});
      }
    return rows;
  }

  std::vector<ControlChange> control_changes(const PointCaseResult &r)
  {
    std::vector<ControlChange> rows;
    const ConditionResult &cast = r.conditions.front();
    for (std::size_t i = 0; i < r.controls.size(); ++i)
      {
        const ConditionResult &c = r.controls[i];
        rows.push_back({i == 0 ? "unloaded hold" : "shelf", units::s_to_hours(c.hold_time), c.density_change_pct,
                        c.relaxation_enthalpy - cast.relaxation_enthalpy,
                        100.0 * (c.yield_stress - cast.yield_stress) / cast.yield_stress});
      }
    return rows;
  }

  std::string energy_csv(const PointCaseResult &r)
  {
    std::ostringstream os;
    os << "hold_fraction_of_yield,inelastic_work_J_per_g,relaxation_enthalpy_change_J_per_g,"
          "stored_over_work,within_bound\n";
    os << std::setprecision(10);
    for (const EnergyBalance &e : energy_balance(r))
      os << e.hold_fraction << ',' << e.inelastic_work << ',' << e.enthalpy_change << ','
         << (e.inelastic_work > 0.0 ? e.enthalpy_change / e.inelastic_work : std::nan("")) << ','
         << (e.within_bound() ? 1 : 0) << '\n';
    return os.str();
  }

  std::string controls_csv(const PointCaseResult &r)
  {
    std::ostringstream os;
    os << "control,time_h,density_change_pct,relaxation_enthalpy_change_J_per_g,yield_change_pct\n";
    os << std::setprecision(10);
    for (const ControlChange &c : control_changes(r))
      os << c.name << ',' << c.time_h << ',' << c.density_change_pct << ',' << c.enthalpy_change << ','
         << c.yield_change_pct << '\n';
    return os.str();
  }

  std::string summary_csv(const PointCaseResult &r)
  {
    std::ostringstream os;
    os << "hold_fraction_of_yield,hold_stress_MPa,hold_time_h,creep_strain,residual_strain,"
          "density_g_per_cm3,density_change_pct,relaxation_enthalpy_J_per_g,yield_stress_MPa\n";
    os << std::setprecision(10);
    for (const auto &c : r.conditions)
      os << c.hold_fraction << ',' << units::pa_to_mpa(c.hold_stress) << ','
         << units::s_to_hours(c.hold_time) << ',' << c.creep_strain << ',' << c.residual_strain << ','
         << c.density << ',' << c.density_change_pct << ',' << c.relaxation_enthalpy << ','
         << units::pa_to_mpa(c.yield_stress) << '\n';
    return os.str();
  }

  std::string time_series_csv(const ConditionResult &r, const double area)
  {
    std::ostringstream os;
    os << "time_s,stage,stress_MPa,strain,plastic_strain,internal_variable,density_g_per_cm3,step_s,"
          "newton_iterations"
       << (area > 0.0 ? ",force_N\n" : "\n");
    os << std::setprecision(10);
    for (const auto &row : r.series)
      {
        os << row.time << ',' << row.stage << ',' << units::pa_to_mpa(row.stress) << ',' << row.strain << ','
           << row.plastic_strain << ',' << row.internal_variable << ',' << row.density << ',' << row.step << ','
           << row.newton_iterations;
        if (area > 0.0) // compressive-positive, like the stress
          os << ',' << row.stress * area;
        os << '\n';
      }
    return os.str();
  }

  bool load_condition(const std::string &dir, const std::string &fingerprint, const double hold_fraction,
                      ConditionResult &r)
  {
    const std::string path = dir + "/" + condition_name(hold_fraction) + ".checkpoint";
    if (!std::filesystem::exists(path))
      return false;
    std::string written_by;
    try
      {
        std::istringstream in(unseal(path, read_file(path)));
        boost::archive::binary_iarchive archive(in);
        archive >> written_by;
        if (written_by != fingerprint)
          throw InputError(path + ": checkpoint written by a different deck, options or version; resume with "
                                  "the original ones or remove it");
        archive >> r;
      }
    catch (const InputError &)
      {
        throw;
      }
    catch (const std::exception &e)
      {
        throw InputError("corrupt checkpoint (" + std::string(e.what()) + "); remove " + path +
                         " to recompute that condition");
      }
    if (r.hold_fraction != hold_fraction)
      throw InputError(path + ": corrupt checkpoint (it holds hold fraction " + to_text(r.hold_fraction) + ")");
    return true;
  }

  void save_condition(const std::string &dir, const std::string &fingerprint, const ConditionResult &r)
  {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      throw std::runtime_error(dir + ": cannot create checkpoint directory: " + ec.message());
    std::ostringstream buffer;
    {
      boost::archive::binary_oarchive archive(buffer);
      archive << fingerprint << r;
    }
    write_file_atomically(dir + "/" + condition_name(r.hold_fraction) + ".checkpoint", seal(buffer.str()));
  }

  std::string partial_checkpoint_path(const std::string &dir, const std::string &name, const unsigned int rank,
                                      const unsigned long sequence)
  {
    return dir + "/" + name + ".partial." + std::to_string(rank) + "." + std::to_string(sequence % 2);
  }

  unsigned long committed_partial_checkpoint(const std::string &dir, const std::string &name)
  {
    const std::string path = dir + "/" + name + ".partial";
    if (!std::filesystem::exists(path))
      return 0;
    std::ifstream in(path);
    unsigned long sequence = 0;
    if (!(in >> sequence) || sequence == 0)
      throw InputError(path + ": corrupt checkpoint record (expected a positive step count) - remove it to "
                              "recompute that condition");
    return sequence;
  }

  void commit_partial_checkpoint(const std::string &dir, const std::string &name, const unsigned long sequence)
  {
    write_file_atomically(dir + "/" + name + ".partial", std::to_string(sequence) + "\n");
  }

  void remove_partial_checkpoints(const std::string &dir, const std::string &name, const unsigned int rank)
  {
    std::error_code ec;
    if (rank == 0)
      std::filesystem::remove(dir + "/" + name + ".partial", ec);
    for (const unsigned long generation : {0ul, 1ul})
      std::filesystem::remove(partial_checkpoint_path(dir, name, rank, generation), ec);
  }

  std::string condition_name(const double hold_fraction)
  {
    if (hold_fraction == 0.0)
      return "as-cast";
    char name[64];
    std::snprintf(name, sizeof(name), "hold-%.6g", hold_fraction);
    return name;
  }

  std::vector<ComparisonRow> compare_with_lab(const PointCaseResult &r, const std::string &lab_path)
  {
    const std::vector<LabCondition> lab = read_lab_summary(lab_path);
    const LabCondition &lab0 = lab.front();
    const ConditionResult &model0 = r.conditions.front();

    // Per change of the observable table compared with the lab: the lab change and the model
    // change of each hold both sides have.
    struct Pair
    {
      double fraction, lab, model;
    };
    std::vector<ComparisonRow> rows;
    auto add = [&](const std::string &name, std::vector<Pair> v) {
      std::sort(v.begin(), v.end(), [](const Pair &a, const Pair &b) { return a.fraction < b.fraction; });
      for (std::size_t k = 0; k < v.size(); ++k)
        {
          // The trend sign of hold k: where the lab change keeps the sign of the previous
          // hold's, the sign of the step from it ("more at 70 %"); else the sign of the change.
          const bool step = k > 0 && (v[k].lab > 0.0) == (v[k - 1].lab > 0.0);
          const double lab_sign = step ? v[k].lab - v[k - 1].lab : v[k].lab;
          const double model_sign = step ? v[k].model - v[k - 1].model : v[k].model;
          rows.push_back({v[k].fraction, name, v[k].lab, v[k].model,
                          v[k].lab != 0.0 ? (v[k].model - v[k].lab) / std::abs(v[k].lab)
                                          : std::numeric_limits<double>::quiet_NaN(),
                          (lab_sign > 0.0) == (model_sign > 0.0)});
        }
    };
    for (const ObservableSpec &spec : observable_table())
      if (!spec.comparison_name.empty())
        {
          std::vector<Pair> pairs;
          for (const LabCondition &l : lab)
            for (const ConditionResult &m : r.conditions)
              if (l.hold_fraction > 0.0 && std::abs(l.hold_fraction - m.hold_fraction) < 1e-9)
                pairs.push_back({l.hold_fraction, lab_observable(spec, l, lab0), model_observable(spec, m, model0)});
          add(spec.comparison_name, pairs);
        }
    return rows;
  }

  std::string comparison_csv(const std::vector<ComparisonRow> &rows)
  {
    std::ostringstream os;
    os << "hold_fraction_of_yield,observable,lab_change,model_change,relative_error,trend_sign_agrees\n";
    os << std::setprecision(8);
    for (const auto &c : rows)
      {
        os << c.hold_fraction << ',' << c.observable << ',' << c.lab_change << ',' << c.model_change << ',';
        if (std::isfinite(c.relative_error)) // empty where the lab change is zero
          os << c.relative_error;
        os << ',' << (c.trend_sign_agrees ? 1 : 0) << '\n';
      }
    return os.str();
  }

  bool is_point_output_name(const std::string &name, const std::vector<double> &hold_fractions)
  {
    if (name == "summary.csv" || name == "comparison.csv" || name == "energy.csv" || name == "controls.csv")
      return true;
    const auto ends_with = [&](const std::string &tail) {
      return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    std::vector<double> fractions = {0.0};
    fractions.insert(fractions.end(), hold_fractions.begin(), hold_fractions.end());
    for (const double f : fractions)
      {
        const std::string base = condition_name(f);
        if (name == base + ".csv" || name == base + ".pvd")
          return true;
        // field files: <base>-<stage>.vtu, <base>-<stage>.pvtu, <base>-<stage>.<rank>.vtu
        for (const std::string stage : {"load", "hold", "unload", "wait", "compression"})
          {
            const std::string stem = base + "-" + stage;
            if (name == stem + ".vtu" || name == stem + ".pvtu")
              return true;
            if (name.rfind(stem + ".", 0) == 0 && ends_with(".vtu"))
              {
                const std::string rank = name.substr(stem.size() + 1, name.size() - stem.size() - 5);
                if (!rank.empty() && rank.find_first_not_of("0123456789") == std::string::npos)
                  return true;
              }
          }
      }
    return false;
  }

  void prepare_output_directory(const std::string &dir, const std::vector<double> &hold_fractions)
  {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      throw std::runtime_error(dir + ": cannot create output directory: " + ec.message());
    // Refuse before removing anything if a file of a name this run writes is a user's; then
    // an earlier run's files go (only those its manifest lists, summary.csv first: while it
    // is missing, the folder holds no finished run).
    refuse_foreign_outputs(dir, [&](const std::string &name) { return is_point_output_name(name, hold_fractions); });
    remove_listed_outputs(dir);
  }

  void write_point_outputs(const PointCaseResult &r, const std::string &dir,
                           const std::vector<ComparisonRow> &comparison, const double area,
                           const bool prepare)
  {
    if (prepare)
      {
        std::vector<double> fractions;
        for (const auto &c : r.conditions)
          if (c.hold_fraction > 0.0)
            fractions.push_back(c.hold_fraction);
        prepare_output_directory(dir, fractions);
      }
    for (const auto &c : r.conditions)
      {
        const std::string name = condition_name(c.hold_fraction);
        write_output(dir, name + ".csv", time_series_csv(c, area));
        if (c.fields.empty())
          continue;
        std::vector<std::pair<double, std::string>> record;
        for (const FieldSnapshot &f : c.fields)
          {
            const std::string base = name + "-" + f.stage;
            if (f.pieces.empty())
              {
                record.emplace_back(f.time, base + ".vtu");
                write_output(dir, record.back().second, f.text);
                continue;
              }
            // Distributed: one VTU per rank and the .pvtu record that names them.
            for (std::size_t i = 0; i < f.pieces.size(); ++i)
              write_output(dir, base + "." + std::to_string(i) + ".vtu", f.pieces[i]);
            std::string pvtu = f.text;
            for (std::size_t at = pvtu.find("@NAME@"); at != std::string::npos; at = pvtu.find("@NAME@", at))
              pvtu.replace(at, 6, base);
            record.emplace_back(f.time, base + ".pvtu");
            write_output(dir, record.back().second, pvtu);
          }
        std::ostringstream pvd;
        DataOutBase::write_pvd_record(pvd, record);
        write_output(dir, name + ".pvd", pvd.str());
      }
    if (!comparison.empty())
      write_output(dir, "comparison.csv", comparison_csv(comparison));
    write_output(dir, "energy.csv", energy_csv(r));
    if (!r.controls.empty())
      write_output(dir, "controls.csv", controls_csv(r));
    // The summary last: its presence means the run finished.
    write_output(dir, "summary.csv", summary_csv(r));
  }
} // namespace bmgcreep::material
