// An error carried between MPI processes as text: its kind in the first character (I: bad input,
// std::invalid_argument and InputError; R: anything else, std::runtime_error), then the
// message. The process that caught it encodes it; the others (after a broadcast or gather, which
// the caller does) throw it again as the same kind, so every process stops with the same line and
// exit code. Used by app/on_first_rank.h and the MD campaign.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace bmgcreep
{
  /// Runs `work`: "" if it returns, else its exception encoded.
  inline std::string encoded_error_of(const std::function<void()> &work)
  {
    try
      {
        work();
      }
    catch (const std::invalid_argument &e)
      {
        return std::string("I") + e.what();
      }
    catch (const std::exception &e)
      {
        return std::string("R") + e.what();
      }
    return "";
  }

  /// Throws the encoded error `encoded` (not empty) as its kind.
  [[noreturn]] inline void throw_encoded_error(const std::string &encoded)
  {
    if (!encoded.empty() && encoded[0] == 'I')
      throw std::invalid_argument(encoded.substr(1));
    throw std::runtime_error(encoded.empty() ? std::string("unknown error") : encoded.substr(1));
  }
} // namespace bmgcreep
