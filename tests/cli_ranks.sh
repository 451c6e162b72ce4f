#!/usr/bin/env bash
# The 3D model on 1 and 2 MPI ranks gives the same summary up to the linear-solver tolerance
# (bonded platens, so that the fields are not homogeneous).
# Usage: cli_ranks.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
loud=(--set "Cylinder/Model=3d" --set "Cylinder/Refinement level=0" --set "Cylinder/Platen friction=bonded"
      --set "Protocol/Hold fractions=0.7" --set "Protocol/Hold time=0.1" --set "Comparison/Lab summary=")
args=(--quiet "${loud[@]}")
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

# Fields: one VTU piece per rank and a .pvtu record naming them, in the .pvd series.
for stage in load hold unload wait compression; do
  for f in hold-0.7-$stage.pvtu hold-0.7-$stage.0.vtu hold-0.7-$stage.1.vtu; do
    [ -s "$work/np2/$f" ] || fail "$f missing"
  done
  grep -q "hold-0.7-$stage.1.vtu" "$work/np2/hold-0.7-$stage.pvtu" || fail "pvtu does not name its pieces"
  grep -q "hold-0.7-$stage.pvtu" "$work/np2/hold-0.7.pvd" || fail "pvd does not list $stage"
done
grep -q 'Name="internal_variable"' "$work/np2/hold-0.7-hold.0.vtu" || fail "no internal_variable field"

# --checkpoint-every on 2 ranks: killed mid-hold, resumed on 2 ranks, the same summary.
mpirun -np 2 "$bmgcreep" creep "$src/cases/zhang2017/cylinder.prm" "${args[@]}" --set "Protocol/Hold time=48" \
  --output "$work/ref"
mpirun -np 2 "$bmgcreep" creep "$src/cases/zhang2017/cylinder.prm" "${args[@]}" --set "Protocol/Hold time=48" \
  --output "$work/mid" --checkpoint-every 1 &
pid=$!
for _ in $(seq 1 1200); do
  [ -f "$work/mid/checkpoint/hold-0.7.partial" ] && [ "$(cat "$work/mid/checkpoint/hold-0.7.partial")" -ge 20 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -9 $pid 2>/dev/null || fail "the 2-rank run ended before it could be killed mid-hold"
wait $pid 2>/dev/null || true
pkill -9 -f "$work/mid" 2>/dev/null || true
log=$(mpirun -np 2 "$bmgcreep" creep "$src/cases/zhang2017/cylinder.prm" "${loud[@]}" --set "Protocol/Hold time=48" \
  --resume "$work/mid" --checkpoint-every 1)
grep -q "hold-0.7 resumed from" <<< "$log" || fail "2-rank hold not resumed from its partial checkpoint"
cmp "$work/ref/summary.csv" "$work/mid/summary.csv" || fail "2-rank summary resumed mid-hold differs"
echo "2 ranks: fields as .pvtu, killed mid-hold and resumed with the same summary"
