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

  double density_g_per_cm3(const double molar_mass_g_per_mol, const double volume_A3_per_atom)
  {
    if (!(molar_mass_g_per_mol > 0.0) || !(volume_A3_per_atom > 0.0))
      throw std::invalid_argument("density needs a molar mass > 0 g/mol and a volume > 0 A^3 per atom");
    // (g/mol) / (atoms/mol) = g per atom; A^3 = 1e-24 cm^3
    return molar_mass_g_per_mol / avogadro / (volume_A3_per_atom * 1.0e-24);
  }
} // namespace bmgcreep::units
