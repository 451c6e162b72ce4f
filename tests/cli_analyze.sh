#!/usr/bin/env bash
# `bmgcreep analyze` as a user runs it: an fcc crystal written as a LAMMPS data file (by this
# script, not by LAMMPS) gives coordination 12 and W6-hat -0.013161, the same on 2 MPI ranks;
# bad files and options give one line on stderr, exit code 2 and no output file.
# Usage: cli_analyze.sh BMGCREEP WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# fcc, a = 4 A, 4 x 4 x 4 cells, types alternating 1, 2 by atom.
write_fcc_data "$work/fcc.data" 4

check() { # file: every group has cn 12 and w6hat -0.013161
  awk -F, 'NR > 1 { if ($4 < 11.999999 || $4 > 12.000001 || $3 < -0.01326 || $3 > -0.01306) { print "FAIL: " $0; bad = 1 } }
           END { if (NR != 4) { print "FAIL: expected 3 groups, got " NR - 1; bad = 1 } exit bad }' "$1"
}
"$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/fcc.csv" --per-atom "$work/atoms" >/dev/null
check "$work/fcc.csv"
[ "$(wc -l < "$work/atoms.csv")" -eq 257 ] || fail "per-atom CSV"
grep -q "ITEM: ATOMS id type x y z w6hat cn voronoi_volume" "$work/atoms.dump" || fail "dump"
mpirun -np 2 "$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --output "$work/fcc-2.csv" >/dev/null
check "$work/fcc-2.csv"

expect_error() { # message-fragment, args...
  expect_refusal "$1" "$work/bad.csv" "$bmgcreep" analyze "${@:2}" --output "$work/bad.csv"
}
expect_error "LAMMPS data file not found" "$work/missing.data" --species Cu,Zr
expect_error "2 atom types, but --species names 1" "$work/fcc.data" --species Cu
expect_error "half the shortest box length" "$work/fcc.data" --species Cu,Zr --cutoff 9
usage=1 expect_error "expected a positive distance" "$work/fcc.data" --species Cu,Zr --cutoff -1
usage=1 expect_error "needs --species" "$work/fcc.data"
usage=1 expect_error "unknown option" "$work/fcc.data" --species Cu,Zr --bogus
head -n 12 "$work/fcc.data" > "$work/truncated.data"
expect_error "atom lines, the header announces 256" "$work/truncated.data" --species Cu,Zr
# What LAMMPS would abort on (a repeated atom ID) is refused before it starts; what only LAMMPS
# notices (here a Velocities section of the wrong shape) ends the process inside LAMMPS: its
# error still reaches the user as one line, with a non-zero exit, no output and no log left in
# the temporary folder.
printf 'dup\n\n2 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # atomic\n\n1 1 1 1 1\n1 1 5 5 5\n' > "$work/dup.data"
expect_error "dup.data:12: atom ID 1 appears twice" "$work/dup.data" --species Cu --cutoff 3
(cat "$work/fcc.data"; printf '\nVelocities\n\n1 0 0\n') > "$work/velocities.data"
mkdir -p "$work/tmp"
if err=$(TMPDIR=$work/tmp "$bmgcreep" analyze "$work/velocities.data" --species Cu,Zr --cutoff 3 --output "$work/bad.csv" 2>&1 >/dev/null); then
  fail "accepted a malformed Velocities section"
fi
[ "$(echo "$err" | wc -l)" -eq 1 ] && grep -q "error: LAMMPS: Incorrect velocity format in data file" <<< "$err" || fail "$err"
[ ! -e "$work/bad.csv" ] || fail "output written after a LAMMPS error"
[ -z "$(ls -A "$work/tmp")" ] || fail "left in the temporary folder: $(ls "$work/tmp")"
echo "analyze: fcc gives CN 12 and W6-hat -0.01316 on 1 and 2 ranks, bad input refused"
