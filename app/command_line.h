// The command line of a bmgcreep command, parsed by Boost.ProgramOptions: positional arguments,
// flags (--quiet, -q), options with a value (--output DIR, --output=DIR, -o DIR, -oDIR), repeated
// --set overrides, and after "--" the options handed to PETSc (-tao_monitor, -ksp_view, ...), as
// PETSc programs take them. Unknown options are refused with the nearest known one suggested.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep::app
{
  /// One option a command knows.
  struct OptionSpec
  {
    std::string name;          ///< long name with its dashes, "--output"
    char short_name = 0;       ///< 'o' for -o, 0: none
    std::string value_name;    ///< "DIR" for an option with a value, "" for a flag
    std::string help;          ///< one line for `bmgcreep COMMAND --help`
  };

  struct CommandLine
  {
    std::vector<std::string> positional;
    std::set<std::string> flags;                 ///< given flags, by long name ("--quiet")
    std::map<std::string, std::string> values;   ///< option -> value (the last one given)
    std::vector<std::string> overrides;          ///< every --set value, in order
    std::vector<std::string> petsc;              ///< the arguments after "--"
    bool help = false;                           ///< --help or -h

    bool has(const std::string &flag) const { return flags.count(flag) > 0; }
    std::string value(const std::string &option) const
    {
      const auto it = values.find(option);
      return it == values.end() ? std::string() : it->second;
    }
  };

  /// The options every deck command shares: --set (-s), --output (-o), --quiet (-q), --help (-h).
  std::vector<OptionSpec> common_options();

  /// Parses `args` (without the command's name) against `options` (and --help); throws
  /// std::invalid_argument with one line for an unknown option (naming the nearest known one),
  /// an option without its value, an empty value, or arguments after "--" for a command that
  /// does not use PETSc (`petsc` false).
  CommandLine parse_command_line(const std::vector<std::string> &args, const std::vector<OptionSpec> &options,
                                 bool petsc = false);

  /// The option list of `bmgcreep COMMAND --help`: one line per option, aligned.
  std::string options_help(const std::vector<OptionSpec> &options);

  /// The whole text of `bmgcreep COMMAND --help`: "usage: bmgcreep <synopsis>", what the
  /// command does (one paragraph), the option list.
  std::string command_help(const std::string &synopsis, const std::string &what, const std::vector<OptionSpec> &options);

  /// Hands `args` (the arguments after "--") to PETSc's options database; PETSc must be
  /// initialised. Each must start with '-'.
  void insert_petsc_options(const std::vector<std::string> &args);
} // namespace bmgcreep::app
