// `bmgcreep calibrate DECK.prm`: fits the deck's constitutive parameters (subsection
// Calibration) to a lab summary with PETSc TAO and writes the calibrated deck, the parameters
// with their standard errors, the correlation matrix and the fit.
#pragma once

#include <string>
#include <vector>

namespace bmgcreep::app
{
  int run_calibrate(const std::vector<std::string> &args);
} // namespace bmgcreep::app
