// `bmgcreep map DECK.prm`: the relaxation-rejuvenation map of a deck's law at a material point
// (continuum/material/relaxation_map.h); the command line, the deck and the output folder.
#pragma once

#include <string>
#include <vector>

namespace bmgcreep::app
{
  int run_map(const std::vector<std::string> &args);
} // namespace bmgcreep::app
