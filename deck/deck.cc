#include "deck/deck.h"
#include "coupling/input_file.h"

#include "coupling/text.h"

#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace bmgcreep
{
  using namespace dealii;

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
      if (const std::string problem = input_file_problem(file, depth == 0 ? "deck" : "included deck", ~std::uintmax_t(0));
          !problem.empty())
        throw InputError(problem);
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
              if (const std::string problem = input_file_problem(included.string(), "included deck", ~std::uintmax_t(0));
                  !problem.empty())
                throw InputError(where + ": include: " + printable(problem));
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

  void parse_deck_file(ParameterHandler &prm, const std::string &path)
  {
    if (const std::string problem = input_file_problem(path, "deck file", ~std::uintmax_t(0)); !problem.empty())
      throw InputError(printable(problem));
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
            // A key the deck does not have (with the nearest one), or a value its pattern refuses.
            const std::string path = Utilities::trim(o.substr(0, eq));
            std::vector<std::string> known;
            for (const auto &v : deck_values(prm))
              known.push_back(v.substr(0, v.find(" = ")));
            if (std::find(known.begin(), known.end(), path) == known.end())
              {
                const std::string suggestion = nearest_name(path, known);
                throw InputError("--set \"" + o + "\": the deck has no key \"" + path + "\"" +
                                 (suggestion.empty() ? std::string(" (--help-deck lists them)")
                                                     : " (did you mean \"" + suggestion + "\"?)"));
              }
            const std::string doc = documentation_of(prm, keys.back());
            throw InputError("--set \"" + o + "\": \"" + value + "\" is not allowed" +
                             (doc.empty() ? std::string() : ": " + doc));
          }
        for (; depth > 0; --depth)
          prm.leave_subsection();
      }
  }

  std::vector<std::string> repeated_settings(const std::string &path, const std::vector<std::string> &overrides)
  {
    std::vector<std::string> out;
    std::stringstream text;
    std::vector<std::pair<std::string, unsigned int>> origin;
    expand_includes(path, text, origin, 0);
    std::vector<std::string> stack; // the subsections entered
    std::map<std::pair<std::string, std::string>, std::size_t> first; // (file, Section/Key) -> line index
    std::string line;
    for (std::size_t k = 0; std::getline(text, line) && k < origin.size(); ++k)
      {
        const std::string code = Utilities::trim(line.substr(0, line.find('#')));
        std::istringstream words(code);
        std::string word;
        words >> word;
        if (word == "subsection")
          stack.push_back(Utilities::trim(code.substr(std::string("subsection").size())));
        else if (word == "end" && !stack.empty())
          stack.pop_back();
        else if (word == "set")
          {
            const auto eq = code.find('=');
            if (eq == std::string::npos)
              continue;
            std::string key;
            for (const auto &s : stack)
              key += s + "/";
            const std::string name = Utilities::trim(code.substr(3, eq - 3));
            key += name;
            const auto where = [&](const std::size_t i) { return origin[i].first + ":" + std::to_string(origin[i].second); };
            const auto [it, fresh] = first.emplace(std::make_pair(origin[k].first, key), k);
            if (!fresh)
              {
                out.push_back("warning: " + printable(where(k)) + ": \"" + printable(name) + "\" set again (first at " +
                              printable(where(it->second)) + "): the last value, " +
                              printable(Utilities::trim(code.substr(eq + 1)), 80) + ", counts");
                it->second = k;
              }
          }
      }
    std::map<std::string, std::string> given;
    for (const std::string &o : overrides)
      {
        const auto eq = o.find('=');
        const std::string key = Utilities::trim(o.substr(0, eq));
        if (const auto it = given.find(key); it != given.end())
          out.push_back("warning: --set \"" + printable(key) + "\" given twice (\"" + printable(it->second) + "\", then \"" +
                        printable(o) + "\"): the last counts");
        given[key] = o;
      }
    return out;
  }

  std::string effective_deck(ParameterHandler &prm, const std::string &deck_path,
                             const std::vector<std::string> &overrides, const std::vector<std::string> &path_keys)
  {
    // Visits entry "A/B/Key" of prm: f(key) with the subsections entered.
    const auto at = [&prm](const std::string &path, const auto &f) {
      const std::vector<std::string> keys = Utilities::split_string_list(path, '/');
      for (std::size_t i = 0; i + 1 < keys.size(); ++i)
        prm.enter_subsection(keys[i]);
      f(keys.back());
      for (std::size_t i = 0; i + 1 < keys.size(); ++i)
        prm.leave_subsection();
    };
    std::vector<std::pair<std::string, std::string>> given; // the values to put back
    for (const std::string &path : path_keys)
      at(path, [&](const std::string &key) {
        const std::string value = prm.get(key);
        std::string absolute; // a list of files too (comma-separated), each made absolute
        for (const std::string &file : Utilities::split_string_list(value, ','))
          absolute += (absolute.empty() ? "" : ", ") +
                      (std::filesystem::path(file).is_absolute()
                         ? file
                         : std::filesystem::absolute(std::filesystem::path(deck_path).parent_path() / file)
                             .lexically_normal()
                             .string());
        if (absolute == value)
          return;
        given.emplace_back(path, value);
        prm.set(key, absolute);
      });
    std::ostringstream out;
    out << "# The effective deck of " << deck_path << " (includes expanded";
    for (const std::string &o : overrides)
      out << ", --set \"" << o << "\"";
    out << "), written by bmgcreep: runs the same case again from any folder.\n";
    prm.print_parameters(out, ParameterHandler::PRM);
    for (const auto &[path, value] : given)
      at(path, [&](const std::string &key) { prm.set(key, value); });
    return out.str();
  }

  std::vector<std::string> deck_values(const ParameterHandler &prm)
  {
    std::ostringstream printed;
    prm.print_parameters(printed, ParameterHandler::ShortPRM);
    std::istringstream in(printed.str());
    std::vector<std::string> sections, values;
    for (std::string line; std::getline(in, line);)
      {
        const auto first = line.find_first_not_of(' ');
        if (first == std::string::npos)
          continue;
        line = line.substr(first);
        if (line.rfind("subsection ", 0) == 0)
          sections.push_back(line.substr(11));
        else if (line == "end" && !sections.empty())
          sections.pop_back();
        else if (line.rfind("set ", 0) == 0)
          {
            // PRM output pads the names of a subsection to one width: "set Key   = value".
            const std::string entry = line.substr(4);
            const auto eq = entry.find('=');
            std::string name = entry.substr(0, eq), value = eq == std::string::npos ? "" : entry.substr(eq + 1);
            name.erase(name.find_last_not_of(' ') + 1);
            value.erase(0, value.find_first_not_of(' '));
            std::string key;
            for (const auto &sec : sections)
              key += sec + "/";
            values.push_back(key + name + " = " + value);
          }
      }
    return values;
  }
} // namespace bmgcreep
