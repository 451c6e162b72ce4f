#!/usr/bin/env bash
# The 3D model on 1 and 2 MPI ranks gives the same summary up to the linear-solver tolerance
# (bonded platens, so that the fields are not homogeneous).
# Usage: cli_ranks.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
bmgcreep=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
args=(--quiet --set "Cylinder/Model=3d" --set "Cylinder/Refinement level=0" --set "Cylinder/Platen friction=bonded"
      --set "Protocol/Hold fractions=0.7" --set "Protocol/Hold time=0.1" --set "Comparison/Lab summary=")
for np in 1 2; do
  mpirun -np $np "$bmgcreep" creep "$src/cases/zhang2017/cylinder.prm" "${args[@]}" --output "$work/np$np"
done
paste -d, "$work/np1/summary.csv" "$work/np2/summary.csv" | awk -F, 'NR > 1 {
  n = NF / 2
  for (i = 1; i <= n; ++i) {
    a = $i; b = $(i + n); d = a - b; if (d < 0) d = -d; s = (a < 0 ? -a : a)
    if (d > 1e-6 * s + 1e-12) { printf "FAIL: column %d: %s (1 rank) vs %s (2 ranks)\n", i, a, b; bad = 1 }
  }
} END { exit bad }'
echo "1 and 2 ranks agree to 1e-6"
