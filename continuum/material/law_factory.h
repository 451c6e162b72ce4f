// The registry of constitutive laws: one explicit table (law_table()), no self-registration.
// A row names a law, declares its own parameter subsection of "Material" and creates it from
// the parsed deck. Adding a law: its class and a row here (docs/architecture.md, "add a law");
// the generic tests (tests/test_material.cc, LawTable.*) then run on it too.
#pragma once

#include "continuum/material/activated_flow_law.h"

#include <deal.II/base/parameter_handler.h>

#include <memory>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  /// One constitutive law of the registry.
  struct LawEntry
  {
    std::string name; ///< the deck's Material/Law value
    /// Declares the law's own subsection of "Material" (entered by the caller); nullptr when
    /// the law only reads sections another row declares.
    void (*declare)(dealii::ParameterHandler &prm) = nullptr;
    /// Creates the law from subsection "Material" (entered by the caller) and the common
    /// parameters (elasticity, the test temperature, the specimen's as-cast density and
    /// enthalpy, the internal-variable links).
    std::unique_ptr<ConstitutiveLaw> (*create)(dealii::ParameterHandler &prm, const CommonParameters &common) = nullptr;
  };

  /// Every law, in the order of the deck's documentation.
  const std::vector<LawEntry> &law_table();

  /// Names a deck may give as "Law" in subsection Material.
  const std::vector<std::string> &law_names();

  /// Declares subsection "Material" (entered by the caller's ParameterHandler at top level):
  /// the law name, elasticity, the internal-variable links, and every law's own subsection.
  void declare_material_parameters(dealii::ParameterHandler &prm);

  /// Reads subsection "Material" and the specimen's as-cast density and relaxation enthalpy;
  /// `temperature` (K) comes from the specimen section.
  CommonParameters parse_common_parameters(dealii::ParameterHandler &prm, double temperature);

  /// Creates the law named in subsection "Material" with its parameters.
  std::unique_ptr<ConstitutiveLaw> create_law(dealii::ParameterHandler &prm, double temperature);
} // namespace bmgcreep::material
