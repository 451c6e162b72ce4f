// Work that only the first MPI process does (taking an output folder's lock, checking its
// files), with its failure shared: every process throws the same error, so none of them goes
// on into collective work that the first one has left.
#pragma once

#include "coupling/shared_error.h"

#include <mpi.h>

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
    const std::string error = rank == 0 ? encoded_error_of(work) : std::string();
    int length = static_cast<int>(error.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, comm);
    if (length == 0)
      return;
    std::string shared = error;
    shared.resize(static_cast<std::size_t>(length));
    MPI_Bcast(shared.data(), length, MPI_CHAR, 0, comm);
    throw_encoded_error(shared);
  }
} // namespace bmgcreep::app
