// `bmgcreep creep`: the lab protocol on the finite-element cylinder, with the material,
// specimen, protocol and time-stepping sections of a point deck plus subsection Cylinder.
#pragma once

#include "continuum/material/point_case.h"
#include "continuum/solver/cylinder_parameters.h"
#include "continuum/solver/geometry_table.h"

#include <deal.II/base/parameter_handler.h>

#include <iosfwd>
#include <string>
#include <vector>

namespace bmgcreep::solver
{
  /// Declares every section a deck may have (point sections, Cylinder and Map), so that one
  /// deck serves `bmgcreep point`, `creep` and `map`.
  void declare_deck(dealii::ParameterHandler &prm);

  struct CreepCase
  {
    material::PointCase point;
    CylinderParameters cylinder;
    std::string effective_deck; ///< the deck as parsed, paths absolute (deck-used.prm)
  };

  /// Cells, unknowns and memory of a cylinder before it is built.
  ResourceEstimate estimate_resources(const CylinderParameters &p);

  /// Reads and validates a deck; throws InputError.
  CreepCase read_creep_case(const std::string &path, const std::vector<std::string> &overrides = {});

  /// Runs the as-cast test and every hold on the cylinder; `progress` gets one line per hold.
  /// Each condition keeps the VTU fields of the cylinder at the end of every stage.
  material::PointCaseResult run_creep_case(const CreepCase &c, Console *progress,
                                           const material::CheckpointOptions &checkpoints = {});
} // namespace bmgcreep::solver
