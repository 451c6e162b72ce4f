// `bmgcreep md DECK.prm`: the MD campaign's deck (deal.II ParameterHandler) and command.
#pragma once

#include "atomistic/md_campaign.h"

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace bmgcreep::app
{
  void declare_md_deck(dealii::ParameterHandler &prm);
  /// Parses and validates a campaign deck (with `until`, the --until stage, "" for none);
  /// throws InputError with one line.
  atomistic::MdParameters read_md_deck(const std::string &path, const std::vector<std::string> &overrides,
                                       const std::string &until = "");
  int run_md(const std::vector<std::string> &args);
} // namespace bmgcreep::app
