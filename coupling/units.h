// Units and physical constants, in one place. Everything inside bmgcreep is SI
// (Pa, s, m, J, K, kg); decks and CSV files use the field's units (MPa, GPa, h,
// eV, A^3, g/cm^3, J/g), converted here and nowhere else.
#pragma once

namespace bmgcreep::units
{
  // CODATA 2018 exact values.
  constexpr double boltzmann = 1.380649e-23;       // J/K
  constexpr double electron_volt = 1.602176634e-19; // J
  constexpr double avogadro = 6.02214076e23;        // 1/mol

  constexpr double pascal_per_mpa = 1.0e6;
  constexpr double pascal_per_gpa = 1.0e9;
  constexpr double pascal_per_bar = 1.0e5;
  constexpr double seconds_per_hour = 3600.0;
  constexpr double seconds_per_ps = 1.0e-12;
  constexpr double cubic_metre_per_cubic_angstrom = 1.0e-30;

  constexpr double mpa_to_pa(const double x) { return x * pascal_per_mpa; }
  constexpr double pa_to_mpa(const double x) { return x / pascal_per_mpa; }
  constexpr double gpa_to_pa(const double x) { return x * pascal_per_gpa; }
  constexpr double pa_to_gpa(const double x) { return x / pascal_per_gpa; }
  constexpr double gpa_to_mpa(const double x) { return x * pascal_per_gpa / pascal_per_mpa; }
  constexpr double bar_to_pa(const double x) { return x * pascal_per_bar; }
  constexpr double hours_to_s(const double x) { return x * seconds_per_hour; }
  constexpr double s_to_hours(const double x) { return x / seconds_per_hour; }
  constexpr double ev_to_j(const double x) { return x * electron_volt; }
  constexpr double cubic_angstrom_to_m3(const double x) { return x * cubic_metre_per_cubic_angstrom; }

  /// Thermal energy k_B T in J for a temperature in K.
  constexpr double thermal_energy(const double temperature_K) { return boltzmann * temperature_K; }

  /// Energy per atom (eV/atom) to specific energy (J/g) for an alloy of molar mass M (g/mol).
  double ev_per_atom_to_j_per_g(double ev_per_atom, double molar_mass_g_per_mol);

  /// Mass density (g/cm^3) of atoms of mean molar mass M (g/mol) occupying V (A^3) each.
  double density_g_per_cm3(double molar_mass_g_per_mol, double volume_A3_per_atom);

  /// Uniaxial stress (GPa, compressive positive) as a LAMMPS pressure component (bar, metal units).
  constexpr double gpa_to_bar(const double x) { return x * pascal_per_gpa / pascal_per_bar; }
  constexpr double bar_to_gpa(const double x) { return x * pascal_per_bar / pascal_per_gpa; }
} // namespace bmgcreep::units
