#include "calibration/posterior.h"

#include "calibration/mcmc.h"
#include "coupling/text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

namespace bmgcreep::calibration
{
  namespace
  {
    std::string num(const double x) { return to_text_precise(x); }
  } // namespace

  PosteriorResult posterior(const ForwardModel &fit, const Residuals &f, const LeastSquaresResult &best, const Uncertainty &unc,
                            const std::vector<double> &scale, const CalibrationSettings &settings,
                            const std::vector<Observation> &observations, const std::vector<double> &model,
                            std::ostream &report)
  {
    PosteriorResult r;
    const std::size_t n = best.u.size();
    std::vector<std::vector<double>> cov_u(n, std::vector<double>(n));
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b)
        cov_u[a][b] = unc.identifiable[a] && unc.identifiable[b] ? unc.covariance[a][b] / (scale[a] * scale[b])
                                                                 : std::numeric_limits<double>::infinity();
    const McmcResult chain = metropolis(f, best.u, cov_u, settings.mcmc_samples, settings.mcmc_burn_in, settings.seed);
    r.evaluations += chain.evaluations;
    // The robustness check counts distinct samples: a chain that barely moved says nothing.
    const std::size_t stride = std::max<std::size_t>(1, chain.u.size() / 200);
    if (chain.acceptance >= 0.05)
      for (std::size_t k = 0; k < chain.u.size(); k += stride)
        r.samples.push_back(fit.physical(chain.u[k]));
    std::ostringstream post, bands;
    post << "parameter,mean,sd,q2.5,q50,q97.5,effective_sample_size\n";
    report << "\n## Posterior (Metropolis, " << settings.mcmc_samples << " samples after " << settings.mcmc_burn_in
           << " burn-in, seed " << settings.seed << "): acceptance " << to_text(chain.acceptance) << "\n\n"
           << "| parameter | mean | sd | 95 % interval | effective sample size |\n|---|---|---|---|---|\n";
    for (std::size_t a = 0; a < n; ++a)
      {
        std::vector<double> xs;
        for (const auto &u : chain.u)
          xs.push_back(settings.parameters[a].value(u[a]));
        const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / xs.size();
        double var = 0.0;
        for (const double v : xs)
          var += (v - mean) * (v - mean);
        const double sd = std::sqrt(var / std::max<std::size_t>(1, xs.size() - 1));
        post << "\"" << settings.parameters[a].path << "\"," << num(mean) << "," << num(sd) << "," << num(quantile(xs, 0.025))
             << "," << num(quantile(xs, 0.5)) << "," << num(quantile(xs, 0.975)) << ","
             << num(chain.effective_sample_size[a]) << "\n";
        report << "| " << settings.parameters[a].path << " | " << to_text(mean) << " | " << to_text(sd) << " | "
               << to_text(quantile(xs, 0.025)) << " - " << to_text(quantile(xs, 0.975)) << " | "
               << to_text(chain.effective_sample_size[a]) << " |\n";
      }
    bands << "hold_fraction_of_yield,observable,measured,fitted,q2.5,q50,q97.5\n";
    for (std::size_t i = 0; i < observations.size(); ++i)
      {
        std::vector<double> values; // the model's value at each sample: measured + residual x uncertainty
        for (const auto &residuals : chain.residuals)
          values.push_back(observations[i].measured + residuals[i] * observations[i].uncertainty);
        const Observation &o = observations[i];
        bands << num(o.hold_fraction) << "," << o.observable << "," << num(o.measured) << "," << num(model[i]) << "," << num(quantile(values, 0.025)) << "," << num(quantile(values, 0.5)) << ","
              << num(quantile(values, 0.975)) << "\n";
      }
    r.posterior_csv = post.str();
    r.bands_csv = bands.str();
    r.summary = "MCMC: " + std::to_string(settings.mcmc_samples) + " samples, acceptance " + to_text(chain.acceptance) +
                " (proposal scaled by " + to_text(chain.step_scale) + " in burn-in), effective sample sizes ";
    for (std::size_t a = 0; a < chain.effective_sample_size.size(); ++a)
      r.summary += (a == 0 ? "" : ", ") + to_text(chain.effective_sample_size[a]);
    return r;
  }
} // namespace bmgcreep::calibration
