#!/usr/bin/env bash
# `bmgcreep map` as a user runs it: a small map of the default law-2 deck writes map.csv,
# critical-stress.csv and map.gp (map.png with gnuplot) with the lab file's column spelling;
# one thread and two give the same bytes; the 48 h rows are `point`'s holds; a bad Map entry,
# a bad --threads and a user's map.csv are refused with one line and nothing written.
# Usage: cli_map.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work"
mkdir -p "$work"
deck=$src/cases/zhang2017/holds.prm
small=(--set "Map/Hold fraction from=0.3" --set "Map/Hold fraction to=0.9" --set "Map/Hold fraction count=4"
       --set "Map/Hold time from=1" --set "Map/Hold time to=100" --set "Map/Hold times per decade=1")

help=$("$bmgcreep" map --help) && grep -q -- "--threads N" <<< "$help" || fail "map --help lists no --threads"
help=$("$bmgcreep" point --help-deck) && grep -q "Hold fraction count" <<< "$help" || fail "point --help-deck lists no Map section"

"$bmgcreep" map "$deck" "${small[@]}" --threads 1 --output "$work/one" > "$work/one.log"
"$bmgcreep" map "$deck" "${small[@]}" -j 2 --output "$work/two" --quiet > "$work/two.log"
[ ! -s "$work/two.log" ] || fail "--quiet printed: $(cat "$work/two.log")"
for f in map.csv critical-stress.csv map.gp; do
  [ -s "$work/one/$f" ] || fail "no $f"
  cmp -s "$work/one/$f" "$work/two/$f" || fail "$f differs between one and two threads"
done
if command -v gnuplot > /dev/null; then [ -s "$work/one/map.png" ] || fail "gnuplot is installed but no map.png"; fi
[ "$(head -1 "$work/one/map.csv")" = \
  "hold_fraction_of_yield,hold_stress_MPa,hold_time_h,relaxation_enthalpy_change_J_per_g,density_change_percent,yield_change_percent,creep_strain,failed" ] \
  || fail "map.csv header: $(head -1 "$work/one/map.csv")"
[ "$(wc -l < "$work/one/map.csv")" -eq $((1 + 4 * 4)) ] || fail "map.csv: 4 hold stresses x 4 hold times (1, 10, 48, 100 h)"
grep -q "^48,0\.[0-9]*,[0-9.]*,[0-9]*,crossing$" "$work/one/critical-stress.csv" || fail "no sigma_c at 48 h: $(cat "$work/one/critical-stress.csv")"
grep -q "^  48 h \*" "$work/one.log" || fail "the console summary has no 48 h row: $(cat "$work/one.log")"

# The 48 h rows of the deck's holds are point's summary: the same changes.
"$bmgcreep" point "$deck" --output "$work/point" --quiet
awk -F, 'NR == FNR { if (FNR > 1) { rho[$1] = $6; H[$1] = $8; Y[$1] = $9 } next }
         FNR > 1 && $3 == 48 && ($1 in rho) && $1 > 0 {
           n++
           dH = H[$1] - H["0"]; dY = 100 * (Y[$1] / Y["0"] - 1); dr = 100 * (rho[$1] / rho["0"] - 1)
           if ((dH - $4)^2 > 1e-16 || (dY - $6)^2 > 1e-12 || (dr - $5)^2 > 1e-12) { print "hold " $1 ": " $0; bad = 1 }
         }
         END { exit bad || n != 3 }' "$work/point/summary.csv" "$work/one/map.csv" || fail "48 h rows differ from point's summary"

expect_refusal "\"Map/Hold fraction to\" = 0.2 must be above \"Map/Hold fraction from\" = 0.3" "$work/x" \
  "$bmgcreep" map "$deck" --set "Map/Hold fraction to=0.2" --output "$work/x"
expect_refusal "the deck has no key \"Map/Hold fractoin to\" (did you mean \"Map/Hold fraction to\"?)" "$work/x" \
  "$bmgcreep" map "$deck" --set "Map/Hold fractoin to=0.9" --output "$work/x"
expect_refusal "Hold times per decade" "$work/x" "$bmgcreep" map "$deck" --set "Map/Hold times per decade=0" --output "$work/x"
usage=1 expect_refusal "--threads 0: give a whole number of threads from 1 to 1024" "$work/x" \
  "$bmgcreep" map "$deck" --threads 0 --output "$work/x"
mkdir -p "$work/mine" && echo mine > "$work/mine/map.csv"
exit_code=1 expect_refusal "map.csv: exists and was not written by bmgcreep" "$work/mine/map.gp" \
  "$bmgcreep" map "$deck" "${small[@]}" --output "$work/mine"
[ "$(cat "$work/mine/map.csv")" = mine ] || fail "a user's map.csv was changed"
echo "map: outputs, one and two threads alike, 48 h rows = point, bad Map entries and a user's file refused"
