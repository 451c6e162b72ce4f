// Work that only the first MPI process does (taking an output folder's lock, checking its
// files), with its failure shared: every process throws the same error, so none of them goes
// on into collective work that the first one has left.
#pragma once

#include <mpi.h>

#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep::app
{
  /// Runs `work` on rank 0 of `comm`; if it throws, every rank throws the same message
  /// (std::invalid_argument stays one, anything else becomes std::runtime_error).
  inline void on_first_rank(MPI_Comm comm, const std::function<void()> &work)
  {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::string error; // first character: I (invalid_argument) or R (runtime)
    if (rank == 0)
      try
        {
          work();
        }
      catch (const std::invalid_argument &e)
        {
          error = std::string("I") + e.what();
        }
      catch (const std::exception &e)
        {
          error = std::string("R") + e.what();
        }
    int length = static_cast<int>(error.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, comm);
    error.resize(static_cast<std::size_t>(length));
    if (length > 0)
      MPI_Bcast(error.data(), length, MPI_CHAR, 0, comm);
    if (length == 0)
      return;
    if (error[0] == 'I')
      throw std::invalid_argument(error.substr(1));
    throw std::runtime_error(error.substr(1));
  }
} // namespace bmgcreep::app
