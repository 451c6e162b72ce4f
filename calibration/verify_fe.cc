#include "calibration/verify_fe.h"

#include "continuum/solver/creep_case.h"
#include "coupling/atomic_file.h"
#include "coupling/text.h"

#include <chrono>
#include <cmath>
#include <sstream>

namespace bmgcreep::calibration
{
  VerifyFeResult verify_fe(const dealii::ParameterHandler &prm, const std::vector<double> &holds,
                           const std::vector<Observation> &obs, const std::vector<double> &model, const std::string &dir,
                           std::string &report)
  {
    std::string fractions;
    for (const double f : holds)
      fractions += (fractions.empty() ? "" : ", ") + to_text_precise(f);
    const std::vector<std::string> fe_overrides = {"Protocol/Hold fractions=" + fractions};
    // verify-fe.prm: calibrated.prm (a point deck) plus the deck's Cylinder subsection.
    dealii::ParameterHandler cylinder;
    solver::CylinderParameters::declare_parameters(cylinder);
    copy_values(prm, cylinder);
    std::ostringstream cylinder_text;
    cylinder.print_parameters(cylinder_text, dealii::ParameterHandler::ShortPRM);
    write_file_atomically(dir + "/verify-fe.prm",
                          "# The calibrated deck on the finite-element cylinder (bmgcreep calibrate --verify-fe)\n"
                          "include calibrated.prm\n" + without_empty_subsections(cylinder_text.str()));
    const auto start = std::chrono::steady_clock::now();
    const solver::CreepCase creep = solver::read_creep_case(dir + "/verify-fe.prm", fe_overrides);
    const material::PointCaseResult fe = solver::run_creep_case(creep, nullptr);
    VerifyFeResult r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto fe_values = model_values(fe, obs);
    std::ostringstream csv;
    csv << "hold_fraction_of_yield,observable,point_model,finite_elements,relative_difference\n";
    for (std::size_t i = 0; i < obs.size(); ++i)
      {
        const double d = (fe_values[i] - model[i]) / std::abs(model[i]);
        r.largest_difference = std::max(r.largest_difference, std::abs(d));
        csv << to_text_precise(obs[i].hold_fraction) << "," << obs[i].observable << "," << to_text_precise(model[i]) << ","
            << to_text_precise(fe_values[i]) << "," << to_text_precise(d) << "\n";
      }
    write_file_atomically(dir + "/verify-fe.csv", csv.str());
    report += "\n## The fit on the finite-element cylinder (--verify-fe)\n\nThe calibrated deck run with `creep` (" +
              to_text(r.seconds) + " s): largest relative difference from the point model " +
              to_text(100.0 * r.largest_difference) + " % (verify-fe.csv).\n";
    return r;
  }
} // namespace bmgcreep::calibration
