// Outputs are written to a temporary name beside the target and renamed into place, so a
// killed run never leaves a half-written file.
#pragma once

#include <string>

namespace bmgcreep
{
  /// Writes `content` to `path` atomically; throws std::runtime_error naming the path on failure.
  void write_file_atomically(const std::string &path, const std::string &content);

  /// A record with its integrity check: a header line "bmgcreep-record crc32=XXXXXXXX bytes=N"
  /// (CRC-32 of the payload, Boost.CRC) followed by the payload, for checkpoints and MD stage
  /// records, so that a damaged file is refused on resume instead of being read.
  std::string seal(const std::string &payload);

  /// The payload of a sealed record read from `path`; throws std::runtime_error naming `path`
  /// when the header is missing, the size differs (truncated) or the checksum does not match.
  std::string unseal(const std::string &path, const std::string &record);

  /// CRC-32 of `bytes` as eight hex digits.
  std::string crc32_hex(const std::string &bytes);

  /// CRC-32 (eight hex digits) of the file `path`, read in blocks; `bytes` gets its size. Throws
  /// std::runtime_error naming it when it cannot be read.
  std::string file_crc32_hex(const std::string &path, unsigned long long &bytes);

  /// The whole content of `path`; throws std::runtime_error naming it when it cannot be read.
  std::string read_file(const std::string &path);
} // namespace bmgcreep
