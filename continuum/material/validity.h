// The validity window of a calibrated deck: the range of hold stress (fraction of yield), hold
// time, temperature and loading rate its data covered. `bmgcreep calibrate` writes it into
// calibrated.prm (subsection Validity); `point`, `creep` and `map` warn, one line per quantity,
// when a run leaves it (as MOOSE's LAROMANCE creep surrogates flag inputs outside their
// training range). An empty entry means the deck states no range for that quantity.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bmgcreep::material
{
  struct ValidityWindow
  {
    using Range = std::optional<std::pair<double, double>>;
    Range hold_fraction; ///< of the reference yield stress (-)
    Range hold_time;     ///< h
    Range temperature;   ///< K
    Range loading_rate;  ///< 1/s

    /// Declares subsection "Validity" (the caller is at top level).
    static void declare_parameters(dealii::ParameterHandler &prm);
    /// Reads subsection "Validity"; throws std::invalid_argument naming the key for a value that
    /// is not "low, high" with low <= high.
    void parse_parameters(dealii::ParameterHandler &prm);
    /// Sets subsection "Validity" of `prm` to this window (empty entries for unknown ranges).
    void set_parameters(dealii::ParameterHandler &prm) const;

    /// What a run with these values leaves: one line per quantity outside its range, naming the
    /// quantity, the run's values outside and the range ("" when inside or unknown).
    std::vector<std::string> warnings(const std::vector<double> &hold_fractions, const std::vector<double> &hold_times_h,
                                      double temperature_K, double loading_rate) const;
  };
} // namespace bmgcreep::material
