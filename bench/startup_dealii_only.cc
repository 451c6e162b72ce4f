// The least a bmgcreep command costs at start: load deal.II (and the ~200 libraries it links:
// PETSc, Trilinos, p4est, OpenCASCADE, MPI...) and read one parameter. scripts/bench startup
// times it against `bmgcreep --version` and `bmgcreep point`.
#include <deal.II/base/parameter_handler.h>

#include <iostream>

int main()
{
  dealii::ParameterHandler prm;
  prm.declare_entry("Hold time", "48", dealii::Patterns::Double(0.0));
  std::cout << prm.get_double("Hold time") << "\n";
  return 0;
}
