#!/usr/bin/env bash
# `bmgcreep md` on the smoke deck: the stages run and leave restart files, inputs, the cooling
# curve and the compression test; the quenched glass has a Zr60Cu40-like volume per atom; a rerun resumes after the last
# completed stage without redoing it; bad decks give one line and exit code 2 before LAMMPS runs.
# Usage: cli_md.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
bmgcreep=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
deck=$src/cases/md-smoke/campaign.prm
"$bmgcreep" md "$deck" --output "$work/run" --quiet
for f in build.restart melt.restart quench.restart compression.restart build.in melt.in quench.in compression.in \
         quench.csv tg.csv compression.csv yield.csv stages.done; do
  [ -s "$work/run/$f" ] || { echo "FAIL: $f missing"; exit 1; }
done
grep -q "pair_coeff \* \* .*CuZr_mm.eam.fs Zr Cu" "$work/run/build.in" || { echo "FAIL: build.in lacks the potential"; exit 1; }
# Mendelev's Zr60Cu40 glass: about 19-20 A^3 per atom; the curve has one point per 50 K.
awk -F, 'END { if ($2 < 17 || $2 > 21) { print "FAIL: volume per atom " $2; exit 1 } }' "$work/run/quench.csv"
[ "$(wc -l < "$work/run/quench.csv")" -ge 30 ] || { echo "FAIL: cooling curve too short"; exit 1; }
# The compression test: strain rises steadily to the deck's 0.08, the glass carries GPa stresses.
awk -F, 'NR > 2 && $1 <= prev { print "FAIL: strain not increasing at row " NR; bad = 1 } NR > 1 { prev = $1; if ($2 + 0 > peak) peak = $2 + 0 }
         END { if (prev < 0.07 || prev > 0.085) { print "FAIL: final strain " prev; bad = 1 }
               if (peak < 0.5 || peak > 6) { print "FAIL: peak stress " peak " GPa"; bad = 1 } exit bad }' "$work/run/compression.csv"
grep -q "fix bmg_deform all deform 1 y erate -0.01" "$work/run/compression.in" || { echo "FAIL: compression.in"; exit 1; }

# A rerun does nothing but read the last stage; a run that lost its quench redoes only that.
log=$("$bmgcreep" md "$deck" --output "$work/run")
grep -q "resumed after stage compression" <<< "$log" || { echo "FAIL: $log"; exit 1; }
! grep -q "stage build done" <<< "$log" || { echo "FAIL: build redone"; exit 1; }
printf 'build\nmelt\n' > "$work/run/stages.done"
rm "$work/run/quench.csv" "$work/run/compression.csv"
log=$("$bmgcreep" md "$deck" --output "$work/run")
grep -q "resumed after stage melt" <<< "$log" && grep -q "stage quench done" <<< "$log" && grep -q "stage compression done" <<< "$log" || { echo "FAIL: $log"; exit 1; }
! grep -q "stage melt done" <<< "$log" || { echo "FAIL: melt redone"; exit 1; }

expect_error() { # message-fragment, --set value
  local want=$1; shift
  if err=$("$bmgcreep" md "$deck" --output "$work/bad" "$@" 2>&1 >/dev/null); then echo "FAIL: accepted $*"; exit 1; fi
  [ "$(echo "$err" | wc -l)" -eq 1 ] && grep -q "$want" <<< "$err" || { echo "FAIL: $* -> $err"; exit 1; }
  [ ! -e "$work/bad" ] || { echo "FAIL: output written for $*"; exit 1; }
}
expect_error "element Al is not in the potential" --set "System/Species=Zr, Al"
expect_error "must sum to 1" --set "System/Fractions=0.5, 0.4"
expect_error "cannot open the potential file" --set "System/Potential=/nonexistent/CuZr.eam.fs"
expect_error "must be below the Melt temperature" --set "Melt and quench/Final temperature=2500"
expect_error "Atoms" --set "System/Atoms=1"
expect_error "no such entry\|unknown\|not declared\|Bogus" --set "System/Bogus=1"
echo "md: smoke campaign ran, resumed after its last stage, bad decks refused"
