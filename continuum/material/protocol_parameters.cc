#include "continuum/material/protocol_driver.h"

#include "coupling/units.h"

#include <deal.II/base/utilities.h>

namespace bmgcreep::material
{
  using namespace dealii;

  void ProtocolParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Protocol");
    prm.declare_entry("Hold fractions", "0.5, 0.7, 0.9",
                      Patterns::List(Patterns::Double(1e-3, 0.999), 1, 100),
                      "Hold stresses as fractions of the reference yield stress (-), each 0.001 to 0.999");
    prm.declare_entry("Hold time", "48", Patterns::Double(1e-18, 1e6),
                      "Duration of each hold at constant stress (h), 1e-18 to 1e6 (MD holds: 100 ps = 2.7778e-14 h)");
    prm.declare_entry("Loading rate", "5e-4", Patterns::Double(1e-12, 1e12),
                      "Strain rate of loading to and unloading from the hold (1/s), 1e-12 to 1e12 (MD: 1e7 to 1e10)");
    prm.declare_entry("Wait after unloading", "600", Patterns::Double(0.0, 1e9),
                      "Time at zero stress between unloading and the post-hold test (s), 0 to 1e9");
    prm.declare_entry("Compression rate", "5e-4", Patterns::Double(1e-12, 1e12),
                      "Strain rate of the as-cast and post-hold compression tests (1/s), 1e-12 to 1e12");
    prm.declare_entry("Reference yield stress", "1687", Patterns::Double(1.0, 1e5),
                      "Yield stress the hold fractions refer to (MPa), 1 to 1e5; the lab's as-cast value by default");
    prm.declare_entry("Use model yield as reference", "false", Patterns::Bool(),
                      "true: hold fractions refer to the model's own as-cast yield stress instead (true|false)");
    prm.declare_entry("Yield measure", "offset", Patterns::Selection("offset|peak"),
                      "How yield is read from a compression curve: offset (stress at the offset plastic "
                      "strain eps - sigma/E) or peak (maximum stress) (offset|peak)");
    prm.declare_entry("Offset strain", "0.002", Patterns::Double(1e-6, 0.1),
                      "Plastic strain of the offset yield measure (-), 1e-6 to 0.1");
    prm.declare_entry("Compression strain limit", "0.1", Patterns::Double(1e-4, 1.0),
                      "Largest strain of a compression test before it gives up (-), 1e-4 to 1");
    prm.leave_subsection();
  }

  void ProtocolParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Protocol");
    hold_fractions = Utilities::string_to_double(Utilities::split_string_list(prm.get("Hold fractions")));
    hold_time = units::hours_to_s(prm.get_double("Hold time"));
    loading_rate = prm.get_double("Loading rate");
    wait_time = prm.get_double("Wait after unloading");
    compression_rate = prm.get_double("Compression rate");
    reference_yield = units::mpa_to_pa(prm.get_double("Reference yield stress"));
    model_yield_as_reference = prm.get_bool("Use model yield as reference");
    yield_measure = prm.get("Yield measure") == "peak" ? YieldMeasure::peak : YieldMeasure::offset;
    offset_strain = prm.get_double("Offset strain");
    compression_strain_limit = prm.get_double("Compression strain limit");
    prm.leave_subsection();
  }

  void TimeSteppingParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    prm.declare_entry("Initial hold step", "0.01", Patterns::Double(1e-18, 1e6),
                      "First time step of a hold (s), 1e-18 to 1e6");
    prm.declare_entry("Growth factor", "2", Patterns::Double(1.01, 10.0),
                      "Largest ratio of two consecutive hold steps (-), 1.01 to 10");
    prm.declare_entry("Max shear increment", "2e-3", Patterns::Double(1e-9, 1.0),
                      "Cap of the plastic shear strain increment per step (-), 1e-9 to 1");
    prm.declare_entry("Max internal variable change", "0.02", Patterns::Double(1e-9, 1.0),
                      "Cap of |Delta ln x| of the internal variable per step (-), 1e-9 to 1");
    prm.declare_entry("Hold tolerance", "1e-4", Patterns::Double(1e-12, 1.0),
                      "Local error per hold step, relative to the change since the hold began (-), 1e-12 to 1");
    prm.declare_entry("Load strain increment", "1e-4", Patterns::Double(1e-9, 0.01),
                      "Axial strain per step while loading and unloading (-), 1e-9 to 0.01");
    prm.declare_entry("Compression strain increment", "5e-5", Patterns::Double(1e-9, 0.01),
                      "Axial strain per step of a compression test (-), 1e-9 to 0.01");
    prm.declare_entry("Ramp shear increment", "0", Patterns::Double(0.0, 1.0),
                      "0: load, unload and compression take the fixed increments above. > 0: adaptive ramps: "
                      "those increments start each ramp, then steps grow while the largest plastic shear "
                      "increment per step stays below this value (-), 0 to 1");
    prm.declare_entry("Max ramp strain increment", "2e-3", Patterns::Double(1e-9, 0.05),
                      "Largest axial strain per step of an adaptive ramp (-), 1e-9 to 0.05");
    prm.declare_entry("Max steps per stage", "100000", Patterns::Integer(10, 100000000),
                      "Accepted plus rejected steps one stage may take before the run stops with an error (-), 10 to 1e8");
    prm.declare_entry("Max creep strain", "0.2", Patterns::Double(1e-6, 10.0),
                      "A hold whose creep strain exceeds this is a runaway and stops the run (-), 1e-6 to 10");
    prm.declare_entry("Fixed hold steps", "0", Patterns::Integer(0, 100000000),
                      "0: adaptive hold steps; N > 0: N equal plain backward-Euler steps (a reference) (-)");
    prm.leave_subsection();
  }

  void TimeSteppingParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    initial_hold_step = prm.get_double("Initial hold step");
    growth_factor = prm.get_double("Growth factor");
    max_shear_increment = prm.get_double("Max shear increment");
    max_log_x_change = prm.get_double("Max internal variable change");
    hold_tolerance = prm.get_double("Hold tolerance");
    load_strain_increment = prm.get_double("Load strain increment");
    compression_strain_increment = prm.get_double("Compression strain increment");
    ramp_shear_increment = prm.get_double("Ramp shear increment");
    max_ramp_strain_increment = prm.get_double("Max ramp strain increment");
    fixed_hold_steps = prm.get_integer("Fixed hold steps");
    max_steps = prm.get_integer("Max steps per stage");
    max_creep_strain = prm.get_double("Max creep strain");
    prm.leave_subsection();
  }

} // namespace bmgcreep::material
