#include "coupling/atomic_file.h"

#include <boost/crc.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>
#include <unistd.h>

namespace bmgcreep
{
  void write_file_atomically(const std::string &path, const std::string &content)
  {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out)
        throw std::runtime_error(path + ": cannot open for writing");
      out << content;
      out.flush();
      if (!out)
        {
          std::remove(tmp.c_str());
          throw std::runtime_error(path + ": write failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
      {
        std::remove(tmp.c_str());
        throw std::runtime_error(path + ": cannot rename into place: " + ec.message());
      }
  }

  namespace
  {
    std::string hex_of(const boost::crc_32_type &crc)
    {
      char hex[16];
      std::snprintf(hex, sizeof(hex), "%08x", static_cast<unsigned int>(crc.checksum()));
      return hex;
    }
  } // namespace

  std::string crc32_hex(const std::string &bytes)
  {
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    return hex_of(crc);
  }

  std::string file_crc32_hex(const std::string &path, unsigned long long &bytes)
  {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw std::runtime_error(path + ": cannot be read");
    boost::crc_32_type crc;
    std::vector<char> block(1 << 20);
    bytes = 0;
    while (in)
      {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const std::streamsize n = in.gcount();
        crc.process_bytes(block.data(), static_cast<std::size_t>(n));
        bytes += static_cast<unsigned long long>(n);
      }
    if (in.bad())
      throw std::runtime_error(path + ": read failed");
    return hex_of(crc);
  }

  std::string seal(const std::string &payload)
  {
    return "bmgcreep-record crc32=" + crc32_hex(payload) + " bytes=" + std::to_string(payload.size()) + "\n" + payload;
  }

  std::string unseal(const std::string &path, const std::string &record)
  {
    const std::string head = "bmgcreep-record crc32=";
    const auto eol = record.find('\n');
    if (record.compare(0, head.size(), head) != 0 || eol == std::string::npos || eol > 80)
      throw std::runtime_error(path + ": not a bmgcreep record (no checksum header): written by an older version or damaged");
    const std::string crc = record.substr(head.size(), 8);
    const auto b = record.find(" bytes=", head.size());
    unsigned long long bytes = 0;
    try
      {
        bytes = std::stoull(record.substr(b + 7, eol - b - 7));
      }
    catch (const std::exception &)
      {
        throw std::runtime_error(path + ": damaged record header");
      }
    std::string payload = record.substr(eol + 1);
    if (payload.size() != bytes)
      throw std::runtime_error(path + ": damaged record: " + std::to_string(payload.size()) + " bytes where its header says " +
                               std::to_string(bytes) + " (truncated?)");
    if (const std::string actual = crc32_hex(payload); actual != crc)
      throw std::runtime_error(path + ": damaged record: its CRC-32 is " + actual + ", its header says " + crc);
    return payload;
  }

  std::string read_file(const std::string &path)
  {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw std::runtime_error(path + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
} // namespace bmgcreep
