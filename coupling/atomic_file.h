// Outputs are written to a temporary name beside the target and renamed into place, so a
// killed run never leaves a half-written file.
#pragma once

#include <string>

namespace bmgcreep
{
  /// Writes `content` to `path` atomically; throws std::runtime_error naming the path on failure.
  void write_file_atomically(const std::string &path, const std::string &content);
} // namespace bmgcreep
