#include "continuum/material/critical_stress.h"

#include "coupling/text.h"

#include <stdexcept>
#include <string>

namespace bmgcreep::material
{
  std::size_t first_upward_crossing(const std::vector<std::pair<double, double> > &holds)
  {
    for (std::size_t i = 1; i < holds.size(); ++i)
      if (holds[i - 1].second < 0.0 && holds[i].second >= 0.0)
        return i;
    return 0;
  }

  double refine_crossing(const std::function<double(double)> &change, double lo, double change_lo, double hi,
                         double change_hi, const double tolerance)
  {
    if (!(change_lo < 0.0 && change_hi >= 0.0 && lo < hi))
      throw std::logic_error("refine_crossing: [" + to_text(lo) + ", " + to_text(hi)
                             + "] brackets no sign change");
    while (hi - lo > tolerance)
      {
        const double mid = 0.5 * (lo + hi);
        const double c = change(mid);
        if (c < 0.0)
          {
            lo = mid;
            change_lo = c;
          }
        else
          {
            hi = mid;
            change_hi = c;
          }
      }
    return lo + (hi - lo) * (-change_lo) / (change_hi - change_lo);
  }
} // namespace bmgcreep::material
