// Input decks in one place: deal.II's ParameterHandler behind a reader that checks files
// before deal.II parses them (size, line length, NUL bytes, BOM and CRLF), expands includes
// relative to the including file, and names the true file and line of every error; the
// --set overrides; and the effective values of a parsed deck. Every command's deck (point,
// creep, md, calibrate) goes through here.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep
{
  /// A user error in a deck or data file; what() is one line naming file, key, value and range.
  class InputError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// Parses `path` into `prm` (declared by the caller); throws InputError with one line for a
  /// missing file, an unknown key or subsection, or a value outside its pattern.
  void parse_deck_file(dealii::ParameterHandler &prm, const std::string &path);

  /// Parses `path` and then the --set `overrides` ("Section/Sub/Key=value") into `prm`;
  /// throws InputError.
  void parse_deck(dealii::ParameterHandler &prm, const std::string &path, const std::vector<std::string> &overrides);

  /// One warning line (starting "warning: ") per key a deck file sets twice in one subsection (the last value counts),
  /// naming both lines, and per --set key given twice (e.g. `deck.prm:12: "Hold time" set again
  /// (first at deck.prm:9): the last value, 24, counts`). A key an included deck sets and the
  /// including one sets again is an override, not a repeat. Call after parse_deck succeeded.
  std::vector<std::string> repeated_settings(const std::string &path, const std::vector<std::string> &overrides);

  /// The help text declared for entry `name` (searched in every subsection), or "".
  std::string documentation_of(dealii::ParameterHandler &prm, const std::string &name);

  /// The effective deck (after includes and --set) as deal.II prints it, every entry with its
  /// documentation, headed by a comment naming `deck_path` and the `overrides`. Each entry of
  /// `path_keys` ("Section/Key") that names a file relative to the deck's folder is written as
  /// an absolute path, so the text runs the same case from any folder (deck-used.prm).
  std::string effective_deck(dealii::ParameterHandler &prm, const std::string &deck_path,
                             const std::vector<std::string> &overrides, const std::vector<std::string> &path_keys);

  /// Every entry of `prm` as "Section/Sub/Key = value", in deal.II's order.
  std::vector<std::string> deck_values(const dealii::ParameterHandler &prm);
} // namespace bmgcreep
