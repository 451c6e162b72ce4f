#include "coupling/units.h"

#include <stdexcept>

namespace bmgcreep::units
{
  double ev_per_atom_to_j_per_g(const double ev_per_atom, const double molar_mass_g_per_mol)
  {
    if (!(molar_mass_g_per_mol > 0.0))
      throw std::invalid_argument("molar mass must be > 0 g/mol");
    // (eV/atom) * (J/eV) * (atoms/mol) / (g/mol) = J/g
    return ev_per_atom * electron_volt * avogadro / molar_mass_g_per_mol;
  }
} // namespace bmgcreep::units
