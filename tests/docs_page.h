// The text of a page of docs/, for tests that check the code's tables against the docs.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace bmgcreep::testing
{
  /// The whole text of docs/<name> ("" if it cannot be read: the caller asserts it is not).
  inline std::string docs_page(const std::string &name)
  {
    std::ifstream in(std::string(BMGCREEP_SOURCE_DIR) + "/docs/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
} // namespace bmgcreep::testing
