#include "continuum/solver/cylinder_base.h"

#include <iomanip>
#include <random>
#include <sstream>

namespace bmgcreep::solver
{
  // ------------------------------------------------------------------ section

  std::string section_csv_header()
  {
    std::string header = "r_min_mm,r_max_mm,z_min_mm,z_max_mm";
    for (const char *name : QuadratureHistory::cell_field_names)
      header += std::string(",") + name;
    return header + "\n";
  }

  std::string section_csv_rows(const std::vector<SectionCell> &cells)
  {
    std::ostringstream os;
    os << std::setprecision(8);
    for (const SectionCell &c : cells)
      {
        os << 1e3 * c.r_min << ',' << 1e3 * c.r_max << ',' << 1e3 * c.z_min << ',' << 1e3 * c.z_max;
        for (const double v : c.fields)
          os << ',' << v;
        os << '\n';
      }
    return os.str();
  }

  // ------------------------------------------------------------------ RandomField

  RandomField::RandomField(const double correlation_length, const unsigned int modes, const unsigned int seed)
  {
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> normal(0.0, 1.0 / correlation_length);
    std::uniform_real_distribution<double> uniform(0.0, 2.0 * M_PI);
    for (unsigned int m = 0; m < modes; ++m)
      {
        dealii::Tensor<1, 3> k;
        for (unsigned int d = 0; d < 3; ++d)
          k[d] = normal(generator);
        wave_vectors.push_back(k);
        phases.push_back(uniform(generator));
      }
  }

  double RandomField::operator()(const dealii::Point<3> &p) const
  {
    double sum = 0.0;
    for (std::size_t m = 0; m < phases.size(); ++m)
      sum += std::cos(wave_vectors[m] * p + phases[m]);
    return std::sqrt(2.0 / phases.size()) * sum;
  }

  dealii::AffineConstraints<double> platen_constraints(const dealii::IndexSet &relevant,
                                                       const std::vector<dealii::types::global_dof_index> &supports,
                                                       const std::vector<dealii::types::global_dof_index> &top_axial,
                                                       const dealii::types::global_dof_index master,
                                                       const bool force_control, const double u_top)
  {
    dealii::AffineConstraints<double> c(relevant);
    for (const auto i : supports)
      if (!c.is_constrained(i))
        c.add_line(i);
    for (const auto i : top_axial)
      {
        if (c.is_constrained(i))
          continue;
        if (!force_control)
          {
            c.add_line(i);
            c.set_inhomogeneity(i, u_top);
          }
        else if (i != master)
          {
            c.add_line(i);
            c.add_entry(i, master, 1.0);
          }
      }
    c.close();
    return c;
  }
} // namespace bmgcreep::solver
