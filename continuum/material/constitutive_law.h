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

  /// One named variable of a law's state: `size` consecutive entries of MaterialState::values
  /// (1 for a scalar, 6 for a symmetric tensor stored as its raw entries, n for a spectrum).
  struct StateVariable
  {
    std::string name; ///< e.g. "free_volume", "stz_strain", "fictive_temperature"
    std::string unit; ///< e.g. "-", "J/g", "K"
    unsigned int size = 1;
  };

  /// Everything a material point remembers between time steps. Two parts every law has (what
  /// the elastic strain and the step control are measured from), then the law's own variables,
  /// as many as it declares (ConstitutiveLaw::state_variables(), in that order). Checkpoints
  /// (Boost serialisation), the FE quadrature history and Richardson extrapolation treat the
  /// values alike, so a new law needs no new slot here.
  struct MaterialState
  {
    SymmetricTensor<2, 3> plastic_strain; ///< inelastic strain, deviatoric flow plus dilatation (-)
    double shear_strain = 0.0;            ///< accumulated equivalent inelastic shear strain gamma (-)
    std::vector<double> values;           ///< the law's own variables, laid out by its state_variables()

    /// The symmetric tensor stored from entry `offset` (its six raw entries).
    SymmetricTensor<2, 3> tensor(const std::size_t offset) const
    {
      SymmetricTensor<2, 3> t;
      for (unsigned int i = 0; i < SymmetricTensor<2, 3>::n_independent_components; ++i)
        t.access_raw_entry(i) = values.at(offset + i);
      return t;
    }
    void set_tensor(const std::size_t offset, const SymmetricTensor<2, 3> &t)
    {
      for (unsigned int i = 0; i < SymmetricTensor<2, 3>::n_independent_components; ++i)
        values.at(offset + i) = t.access_raw_entry(i);
    }

    /// The Richardson combination 2 b - a of two states, component by component.
    static MaterialState extrapolate(const MaterialState &a, const MaterialState &b)
    {
      if (a.values.size() != b.values.size())
        throw std::invalid_argument("MaterialState::extrapolate: states of different laws (" +
                                    std::to_string(a.values.size()) + " and " + std::to_string(b.values.size()) +
                                    " values)");
      MaterialState s;
      s.plastic_strain = 2.0 * b.plastic_strain - a.plastic_strain;
      s.shear_strain = 2.0 * b.shear_strain - a.shear_strain;
      s.values.resize(b.values.size());
      for (std::size_t i = 0; i < b.values.size(); ++i)
        s.values[i] = 2.0 * b.values[i] - a.values[i];
      return s;
    }

    template <class Archive>
    void serialize(Archive &ar, const unsigned int /*version*/)
    {
      for (unsigned int i = 0; i < SymmetricTensor<2, 3>::n_independent_components; ++i)
        ar &plastic_strain.access_raw_entry(i);
      ar &shear_strain &values;
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

    /// The law's own variables, in the order of MaterialState::values (their sizes sum to the
    /// number of values every state of this law has).
    virtual std::vector<StateVariable> state_variables() const = 0;

    /// The number of MaterialState::values of this law.
    std::size_t state_size() const
    {
      std::size_t n = 0;
      for (const StateVariable &v : state_variables())
        n += v.size;
      return n;
    }

    /// The law's one scalar summary of its structure, positive: the free volume x or
    /// effective temperature chi (laws 1 to 3), the stored enthalpy in J/g (laws 4 and 5). The
    /// drivers report it (`internal_variable` columns), limit the change of its logarithm per
    /// step, and refuse a Richardson extrapolation that would make it non-positive.
    virtual double internal_variable(const MaterialState &state) const = 0;

    /// The relaxation enthalpy a DSC scan of `state` would measure (J/g), the as-cast value
    /// being the deck's "As-cast relaxation enthalpy".
    virtual double relaxation_enthalpy(const MaterialState &state) const = 0;

    /// The inelastic dilatation tr(eps_p) of `state` (-): the density change after unloading is
    /// -dilatation / (1 + dilatation).
    virtual double dilatation(const MaterialState &state) const { return dealii::trace(state.plastic_strain); }

    /// Scales the state's disorder by `factor` > 0 (the FE solver's "Initial spread": a random
    /// field over the specimen). False for a law whose structure is not one scalar (laws 4, 5).
    virtual bool scale_disorder(MaterialState & /*state*/, double /*factor*/) const { return false; }

    virtual const ElasticConstants &elastic_constants() const = 0;

    /// The free energy the state stores relative to the equilibrium glass at the test temperature
    /// (J/g): what the second law bounds by the inelastic work done (energy.csv). NaN for a law
    /// that states none (laws 1 to 4).
    virtual double stored_free_energy(const MaterialState & /*state*/) const
    {
      return std::numeric_limits<double>::quiet_NaN();
    }

    /// The elastic strain of `state` under total strain `strain` (what Hooke's law turns into
    /// the stress): the total less the inelastic strain; a law with strains outside
    /// plastic_strain (laws 1 to 3's Kelvin-Voigt elements) subtracts them too.
    virtual SymmetricTensor<2, 3> elastic_strain(const MaterialState &state, const SymmetricTensor<2, 3> &strain) const
    {
      return strain - state.plastic_strain;
    }

    /// Implicit (backward-Euler) update from `old` over `dt` (s) under total small strain
    /// `strain`; writes the new state to `current` and returns stress and consistent tangent.
    /// Throws LocalSolveFailure if the local problem cannot be solved.
    virtual Update integrate(const MaterialState &old, const SymmetricTensor<2, 3> &strain,
                             double dt, MaterialState &current) const = 0;
  };
} // namespace bmgcreep::material
