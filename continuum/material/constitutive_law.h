// The interface every constitutive law of bmgcreep implements. The finite-element
// solver and the material-point driver call the same `integrate`, so a homogeneous
// finite-element case agrees with the point driver to round-off.
#pragma once

#include <deal.II/base/symmetric_tensor.h>

#include <boost/serialization/access.hpp>
#include <boost/serialization/vector.hpp>

#include <array>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmgcreep::material
{
  using dealii::SymmetricTensor;

  /// Most Kelvin-Voigt (anelastic) elements a law may carry.
  constexpr unsigned int max_anelastic_elements = 6;

  /// Everything a material point remembers between time steps.
  struct MaterialState
  {
    SymmetricTensor<2, 3> plastic_strain; ///< inelastic strain, deviatoric flow plus dilatation (-)
    double internal_variable = 0.0;       ///< xi (free-volume laws) or chi (STZ law), dimensionless
    double shear_strain = 0.0;            ///< accumulated equivalent plastic shear strain gamma (-)
    /// Recoverable (anelastic) deviatoric strain of each Kelvin-Voigt element (-); law 4 keeps
    /// its back-stress-limited STZ strain in element 0.
    std::array<SymmetricTensor<2, 3>, max_anelastic_elements> anelastic_strain;
    /// Further internal variables, as many as the law needs (law 4: the unrelaxed fraction of
    /// each bin of its activation-energy spectrum); empty for laws 1 to 3.
    std::vector<double> structure;

    /// Sum of the anelastic strains.
    SymmetricTensor<2, 3> total_anelastic_strain() const
    {
      SymmetricTensor<2, 3> sum;
      for (const auto &e : anelastic_strain)
        sum += e;
      return sum;
    }

    /// The Richardson combination 2 b - a of two states, component by component.
    static MaterialState extrapolate(const MaterialState &a, const MaterialState &b)
    {
      MaterialState s;
      s.plastic_strain = 2.0 * b.plastic_strain - a.plastic_strain;
      s.internal_variable = 2.0 * b.internal_variable - a.internal_variable;
      s.shear_strain = 2.0 * b.shear_strain - a.shear_strain;
      for (unsigned int i = 0; i < max_anelastic_elements; ++i)
        s.anelastic_strain[i] = 2.0 * b.anelastic_strain[i] - a.anelastic_strain[i];
      s.structure.resize(b.structure.size());
      for (std::size_t i = 0; i < b.structure.size(); ++i)
        s.structure[i] = 2.0 * b.structure[i] - a.structure[i];
      return s;
    }

    template <class Archive>
    void serialize(Archive &ar, const unsigned int /*version*/)
    {
      for (unsigned int i = 0; i < SymmetricTensor<2, 3>::n_independent_components; ++i)
        ar &plastic_strain.access_raw_entry(i);
      ar &internal_variable &shear_strain;
      for (auto &e : anelastic_strain)
        for (unsigned int i = 0; i < SymmetricTensor<2, 3>::n_independent_components; ++i)
          ar &e.access_raw_entry(i);
      ar &structure;
    }
  };

  /// What one implicit update returns besides the new state.
  struct Update
  {
    SymmetricTensor<2, 3> stress;  ///< Cauchy stress, tension positive (Pa)
    SymmetricTensor<4, 3> tangent; ///< consistent (algorithmic) tangent d stress / d strain (Pa)
    unsigned int newton_iterations = 0; ///< local Newton iterations, summed over substeps
    unsigned int substeps = 1;          ///< substeps the local solve needed
  };

  /// Thrown when the local update fails even after the largest allowed substepping:
  /// callers (time-step control) cut the step back and retry.
  class LocalSolveFailure : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// Isotropic linear elasticity.
  struct ElasticConstants
  {
    double youngs_modulus = 0.0; ///< E (Pa)
    double poisson_ratio = 0.0;  ///< nu (-)
    double shear_modulus() const { return youngs_modulus / (2.0 * (1.0 + poisson_ratio)); }
    double bulk_modulus() const { return youngs_modulus / (3.0 * (1.0 - 2.0 * poisson_ratio)); }
  };

  class ConstitutiveLaw
  {
  public:
    virtual ~ConstitutiveLaw() = default;

    /// The registry name of the law, as written in a deck ("free-volume", ...).
    virtual std::string name() const = 0;

    /// The state of the undeformed as-cast material.
    virtual MaterialState initial_state() const = 0;

    /// True if MaterialState::internal_variable is itself the stored relaxation enthalpy (J/g),
    /// so the enthalpy map is the identity; false if the deck's "Enthalpy per unit internal
    /// variable" maps it (laws 1 to 3).
    virtual bool internal_variable_is_enthalpy() const { return false; }

    virtual const ElasticConstants &elastic_constants() const = 0;

    /// The free energy the state stores relative to the equilibrium glass at the test temperature
    /// (J/g): what the second law bounds by the inelastic work done (energy.csv). NaN for a law
    /// that states none (laws 1 to 4).
    virtual double stored_free_energy(const MaterialState & /*state*/) const
    {
      return std::numeric_limits<double>::quiet_NaN();
    }

    /// The elastic strain of `state` under total strain `strain` (what Hooke's law turns into
    /// the stress): the total less the inelastic and the anelastic strains. A law whose
    /// plastic_strain already holds its anelastic strain (law 4) overrides it.
    virtual SymmetricTensor<2, 3> elastic_strain(const MaterialState &state, const SymmetricTensor<2, 3> &strain) const
    {
      return strain - state.plastic_strain - state.total_anelastic_strain();
    }

    /// Implicit (backward-Euler) update from `old` over `dt` (s) under total small strain
    /// `strain`; writes the new state to `current` and returns stress and consistent tangent.
    /// Throws LocalSolveFailure if the local problem cannot be solved.
    virtual Update integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain,
                             double dt, MaterialState &current) const = 0;
  };
} // namespace bmgcreep::material
