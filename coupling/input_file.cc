#include "coupling/input_file.h"

#include <filesystem>

namespace bmgcreep
{
  std::string input_file_problem(const std::string &path, const std::string &what, const std::uintmax_t max_bytes)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st))
      return path + ": " + what + " not found";
    switch (st.type())
      {
        case fs::file_type::regular:
          break;
        case fs::file_type::directory:
          return path + ": " + what + " is a folder, not a file";
        case fs::file_type::fifo:
          return path + ": " + what + " is a FIFO (named pipe), not a regular file: it is not read (a pipe could block)";
        case fs::file_type::character:
        case fs::file_type::block:
          return path + ": " + what + " is a device, not a regular file";
        case fs::file_type::socket:
          return path + ": " + what + " is a socket, not a regular file";
        default:
          return path + ": " + what + " is not a regular file";
      }
    const std::uintmax_t bytes = fs::file_size(path, ec);
    if (ec)
      return path + ": " + what + " cannot be read: " + ec.message();
    if (bytes > max_bytes)
      return path + ": " + what + " of " + std::to_string(bytes) + " bytes; at most " + std::to_string(max_bytes) +
             " bytes are read";
    return "";
  }
} // namespace bmgcreep
