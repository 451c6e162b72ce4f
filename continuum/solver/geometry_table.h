// The specimen geometries of `bmgcreep creep`, one row each, as the laws are in
// continuum/material/law_factory.cc: the deck's Cylinder/Model names a row. A row says whether
// the geometry runs on several MPI processes, how large a mesh it accepts, its a-priori size
// and memory, and how to run the lab protocol on it (ProtocolDriver<Specimen>, instantiated in
// geometry_table.cc). Adding a geometry: its specimen class (derived from CylinderBase,
// cylinder_base.h) and a row here (docs/architecture.md, "add a geometry").
#pragma once

#include "continuum/material/observables.h"
#include "continuum/material/point_case.h"
#include "continuum/solver/cylinder_parameters.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace bmgcreep::solver
{
  struct CreepCase;

  struct ResourceEstimate
  {
    double cells = 0.0, unknowns = 0.0, memory_GB = 0.0;
  };

  /// Memory of a creep run, a-priori: a base for the program and libraries plus a share per
  /// quadrature point (history, the sparse factorisation or AMG hierarchy, the field output of
  /// every stage), fitted to peak resident memory of `bmgcreep creep` at refinement levels 2-4
  /// (axisymmetric, degree 2: 184, 193, 230 MB; 3D, degree 1, levels 0-2: 187, 190, 208 MB),
  /// rounded up (docs/continuum-solver.md, "Mesh size and memory").
  constexpr double base_memory_bytes = 0.2e9;
  constexpr double bytes_per_quadrature_point = 6e3;

  struct Geometry
  {
    std::string name;        ///< the value of Cylinder/Model
    bool parallel = false;   ///< runs on several MPI processes (else one)
    double max_unknowns = 0; ///< largest mesh accepted (unknowns, all processes), for 24 GiB
    /// Cells and unknowns of the mesh the parameters give, before it is built.
    ResourceEstimate (*size)(const CylinderParameters &) = nullptr;
    /// The lab protocol on this geometry; `progress` gets the mesh line and one line per step.
    material::PointCaseResult (*run)(const CreepCase &, const material::Observables &, Console *progress,
                                     const material::CheckpointOptions &) = nullptr;
  };

  const std::vector<Geometry> &geometry_table();
  /// The row of `name`; throws std::invalid_argument for a name not in the table.
  const Geometry &geometry(const std::string &name);
  /// "axisymmetric|3d": the names, for the deck's pattern.
  std::string geometry_names();
} // namespace bmgcreep::solver
