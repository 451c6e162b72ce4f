// `bmgcreep creep`: the lab protocol on the finite-element cylinder, with the material,
// specimen, protocol and time-stepping sections of a point deck plus subsection Cylinder.
#pragma once

#include "continuum/material/point_case.h"
#include "continuum/solver/axisymmetric_cylinder.h"

#include <deal.II/base/parameter_handler.h>

#include <iosfwd>
#include <string>
#include <vector>

namespace bmgcreep::solver
{
  /// Declares every section a deck may have (point sections and Cylinder), so that one deck
  /// serves both `bmgcreep point` and `bmgcreep creep`.
  void declare_deck(dealii::ParameterHandler &prm);

  struct CreepCase
  {
    material::PointCase point;
    CylinderParameters cylinder;
  };

  /// Largest axisymmetric problem accepted (unknowns), for the direct solver's memory.
  constexpr double max_unknowns = 1e6;
  /// Largest 3D problem accepted (unknowns, all processes), for 24 GiB of memory.
  constexpr double max_unknowns_3d = 3e6;

  /// Memory of a creep run, a-priori: a base for the program and libraries plus a share per
  /// quadrature point (history, the sparse factorisation or AMG hierarchy, the field output of
  /// every stage), fitted to peak resident memory of `bmgcreep creep` at refinement levels 2-4
  /// (axisymmetric, degree 2: 184, 193, 230 MB; 3D, degree 1, levels 0-2: 187, 190, 208 MB),
  /// rounded up (docs/continuum-solver.md, "Mesh size and memory").
  constexpr double base_memory_bytes = 0.2e9;
  constexpr double bytes_per_quadrature_point = 6e3;

  struct ResourceEstimate
  {
    double cells = 0.0, unknowns = 0.0, memory_GB = 0.0;
  };

  /// Cells, unknowns and memory of a cylinder before it is built.
  ResourceEstimate estimate_resources(const CylinderParameters &p);

  /// Reads and validates a deck; throws InputError.
  CreepCase read_creep_case(const std::string &path, const std::vector<std::string> &overrides = {});

  /// Runs the as-cast test and every hold on the cylinder; `progress` gets one line per hold.
  /// Each condition keeps the VTU fields of the cylinder at the end of every stage.
  material::PointCaseResult run_creep_case(const CreepCase &c, std::ostream *progress,
                                           const material::CheckpointOptions &checkpoints = {});
} // namespace bmgcreep::solver
