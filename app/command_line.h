// The command line of a bmgcreep command: positional arguments, flags (--quiet), options with a
// value (--output DIR), and repeated --set overrides, checked against what the command knows.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep::app
{
  struct CommandLine
  {
    std::vector<std::string> positional;
    std::set<std::string> flags;                 ///< given flags
    std::map<std::string, std::string> values;   ///< option -> value (the last one given)
    std::vector<std::string> overrides;          ///< every --set value, in order

    bool has(const std::string &flag) const { return flags.count(flag) > 0; }
    std::string value(const std::string &option) const
    {
      const auto it = values.find(option);
      return it == values.end() ? std::string() : it->second;
    }
  };

  /// Splits `args` into `known_flags`, `known_options` (each takes the next argument), --set
  /// (repeatable) and positional arguments; throws std::invalid_argument with one line for an
  /// unknown option or an option without its value.
  inline CommandLine parse_command_line(const std::vector<std::string> &args, const std::set<std::string> &known_flags,
                                        const std::set<std::string> &known_options)
  {
    CommandLine c;
    for (std::size_t i = 0; i < args.size(); ++i)
      {
        const std::string &a = args[i];
        if (known_flags.count(a))
          c.flags.insert(a);
        else if (a == "--set" || known_options.count(a))
          {
            if (i + 1 >= args.size())
              throw std::invalid_argument(a + " needs a value");
            if (args[i + 1].empty())
              throw std::invalid_argument(a + " \"\": give a non-empty value");
            (a == "--set" ? c.overrides.push_back(args[i + 1]) : void(c.values[a] = args[i + 1]));
            ++i;
          }
        else if (!a.empty() && a[0] == '-')
          throw std::invalid_argument("unknown option " + a);
        else
          c.positional.push_back(a);
      }
    return c;
  }
} // namespace bmgcreep::app
