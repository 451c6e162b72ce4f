// The registry of constitutive laws: one explicit table of names, no self-registration.
#pragma once

#include "continuum/material/activated_flow_law.h"

#include <deal.II/base/parameter_handler.h>

#include <memory>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  /// Names a deck may give as "Law" in subsection Material.
  const std::vector<std::string> &law_names();

  /// Declares subsection "Material" (entered by the caller's ParameterHandler at top level):
  /// the law name, elasticity, the internal-variable links, and every law's own subsection.
  void declare_material_parameters(dealii::ParameterHandler &prm);

  /// Reads subsection "Material"; `temperature` (K) comes from the specimen section.
  CommonParameters parse_common_parameters(dealii::ParameterHandler &prm, double temperature);

  /// Creates the law named in subsection "Material" with its parameters.
  std::unique_ptr<ConstitutiveLaw> create_law(dealii::ParameterHandler &prm, double temperature);
} // namespace bmgcreep::material
