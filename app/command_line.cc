#include "app/command_line.h"

#include "coupling/text.h"

#include <boost/program_options.hpp>

#include <petscsys.h>

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace bmgcreep::app
{
  namespace po = boost::program_options;

  std::vector<OptionSpec> common_options()
  {
    return {{"--set", 's', "Section/Key=value", "override one deck entry, e.g. --set \"Protocol/Hold time=24\" (repeatable)"},
            {"--output", 'o', "DIR", "output folder"},
            {"--quiet", 'q', "", "nothing on the screen but errors (run.log keeps everything)"},
            {"--verbose", 'v', "", "one line per accepted time step on the screen too (run.log has them always)"},
            {"--check", 0, "", "read and check the deck and the data files it names, print the effective deck, run nothing"}};
  }

  CommandLine parse_command_line(const std::vector<std::string> &all_args, const std::vector<OptionSpec> &options,
                                 const bool petsc)
  {
    CommandLine c;
    // Everything after "--" is PETSc's.
    const auto dashes = std::find(all_args.begin(), all_args.end(), "--");
    const std::vector<std::string> args(all_args.begin(), dashes);
    if (dashes != all_args.end())
      {
        c.petsc.assign(dashes + 1, all_args.end());
        if (!petsc)
          throw std::invalid_argument("the arguments after \"--\" go to PETSc, which this command does not use");
        if (!c.petsc.empty() && (c.petsc.front().empty() || c.petsc.front()[0] != '-'))
          throw std::invalid_argument("after \"--\" come PETSc options (-tao_monitor, -ksp_view ...), not \"" +
                                      c.petsc.front() + "\"");
      }
    std::vector<OptionSpec> all = options;
    all.push_back({"--help", 'h', "", "this list"});
    po::options_description description;
    std::vector<std::string> names;
    for (const auto &o : all)
      {
        const std::string name = o.name.substr(2) + (o.short_name ? std::string(",") + o.short_name : std::string());
        names.push_back(o.name);
        if (o.value_name.empty())
          description.add_options()(name.c_str(), po::bool_switch());
        else
          description.add_options()(name.c_str(), po::value<std::vector<std::string>>());
      }
    description.add_options()("positional", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("positional", -1);
    po::variables_map vm;
    try
      {
        // Unix style without guessing abbreviations: --out is not --output.
        const int style = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(args).options(description).positional(positional).style(style).run(), vm);
      }
    catch (const po::unknown_option &e)
      {
        const std::string given = e.get_option_name();
        const std::string suggestion = nearest_name(given.substr(0, given.find('=')), names);
        throw std::invalid_argument("unknown option " + given +
                                    (suggestion.empty() ? std::string() : " (did you mean " + suggestion + "?)"));
      }
    catch (const po::error_with_option_name &e)
      {
        throw std::invalid_argument(e.get_option_name() + " needs a value");
      }
    catch (const po::error &e)
      {
        throw std::invalid_argument(e.what());
      }
    for (const auto &o : all)
      {
        const std::string key = o.name.substr(2);
        if (!vm.count(key))
          continue;
        if (o.value_name.empty())
          {
            if (vm[key].as<bool>())
              c.flags.insert(o.name);
            continue;
          }
        for (const auto &v : vm[key].as<std::vector<std::string>>())
          if (v.empty())
            throw std::invalid_argument(o.name + " \"\": give a non-empty value");
        const auto &given = vm[key].as<std::vector<std::string>>();
        if (o.name == "--set")
          c.overrides = given;
        else
          c.values[o.name] = given.back();
      }
    c.help = c.has("--help");
    c.flags.erase("--help");
    if (vm.count("positional"))
      c.positional = vm["positional"].as<std::vector<std::string>>();
    return c;
  }

  std::string options_help(const std::vector<OptionSpec> &options)
  {
    std::vector<OptionSpec> all = options;
    all.push_back({"--help", 'h', "", "this list"});
    std::vector<std::string> left;
    std::size_t width = 0;
    for (const auto &o : all)
      {
        left.push_back((o.short_name ? std::string("-") + o.short_name + ", " : std::string("    ")) + o.name +
                       (o.value_name.empty() ? std::string() : " " + o.value_name));
        width = std::max(width, left.back().size());
      }
    std::ostringstream out;
    for (std::size_t i = 0; i < all.size(); ++i)
      out << "  " << std::left << std::setw(static_cast<int>(width)) << left[i] << "  " << all[i].help << "\n";
    return out.str();
  }

  std::string command_help(const std::string &synopsis, const std::string &what, const std::vector<OptionSpec> &options)
  {
    return "usage: bmgcreep " + synopsis + "\n" + what + "\n" + options_help(options);
  }

  void insert_petsc_options(const std::vector<std::string> &args)
  {
    std::string text;
    for (const auto &a : args)
      text += (text.empty() ? "" : " ") + a;
    if (!text.empty() && PetscOptionsInsertString(nullptr, text.c_str()) != 0)
      throw std::invalid_argument("PETSc refused the options after \"--\": " + text);
  }
} // namespace bmgcreep::app
