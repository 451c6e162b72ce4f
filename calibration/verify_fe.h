// --verify-fe: a calibrated deck run on the finite-element cylinder (the deck's Cylinder
// subsection, or the default axisymmetric mesh), observable by observable against the point
// model it was fitted with.
#pragma once

#include "calibration/observations.h"

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace bmgcreep::calibration
{
  struct VerifyFeResult
  {
    double seconds = 0.0;        ///< wall time of the creep case
    double largest_difference = 0.0; ///< largest |FE - point| / |point| over the observations
  };

  /// Writes `dir`/verify-fe.prm (`include calibrated.prm` and the Cylinder subsection of the
  /// parsed deck `prm`), runs it with `creep` on the holds `holds`, and writes `dir`/verify-fe.csv
  /// (each observation: the point model's `model` value, the cylinder's, their relative
  /// difference). Appends its section to `report`. calibrated.prm must be in `dir` already.
  VerifyFeResult verify_fe(const dealii::ParameterHandler &prm, const std::vector<double> &holds,
                           const std::vector<Observation> &observations, const std::vector<double> &model,
                           const std::string &dir, std::string &report);
} // namespace bmgcreep::calibration
