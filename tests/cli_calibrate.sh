#!/usr/bin/env bash
# `bmgcreep calibrate` on the default case's calibration deck, shortened (1 h holds, 2 starts,
# BRGN): the outputs exist, the fit is no worse than the deck's own parameters, the written
# calibrated.prm runs unchanged with `point` and `creep` and reproduces the fitted values; bad
# decks give one line and exit code 2.
# Usage: cli_calibrate.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work"
mkdir -p "$work"
deck=$src/cases/zhang2017/calibrate.prm
expect_deck_error() { # deck, message-fragment, --set values...
  expect_refusal "$2" "$work/bad" "$bmgcreep" calibrate "$1" --output "$work/bad" "${@:3}"
}
short=(--set "Protocol/Hold time=1" --set "Comparison/Lab protocol mismatch=warn" --set "Calibration/Starts=2" --set "Calibration/Method=brgn")

"$bmgcreep" calibrate "$deck" "${short[@]}" --set "Calibration/MCMC samples=300" --set "Calibration/MCMC burn-in=100" \
  --set "Cylinder/Refinement level=0" --verify-fe --output "$work/fit" > "$work/log"
for f in calibrated.prm parameters.csv correlation.csv fit.csv loo.csv fit-report.md; do
  [ -s "$work/fit/$f" ] || fail "$f missing"
done
[ "$(wc -l < "$work/fit/parameters.csv")" -eq 4 ] || fail "parameters.csv rows"
[ "$(wc -l < "$work/fit/fit.csv")" -eq 11 ] || fail "fit.csv rows (as-cast yield + 3 holds x 3)"
[ "$(wc -l < "$work/fit/loo.csv")" -eq 10 ] || fail "loo.csv rows (3 holds x 3)"
grep -q "forward runs" "$work/log" || fail "no evaluation count: $(cat "$work/log")"
# The posterior: a row per parameter and a band per observation; --verify-fe with frictionless platens (a homogeneous cylinder) gives the point
# model's values to round-off; the trends plot when gnuplot is there.
[ "$(wc -l < "$work/fit/posterior.csv")" -eq 4 ] && [ "$(wc -l < "$work/fit/bands.csv")" -eq 11 ] || fail "posterior.csv / bands.csv rows"
grep -q "acceptance" "$work/fit/fit-report.md" || fail "no acceptance rate in the report"
awk -F, 'NR > 1 { d = $5 < 0 ? -$5 : $5; if (d > 1e-6) { print "FAIL: verify-fe " $0; exit 1 } }' "$work/fit/verify-fe.csv"
[ "$(wc -l < "$work/fit/verify-fe.csv")" -eq 11 ] || fail "verify-fe.csv rows"
if command -v gnuplot > /dev/null; then [ -s "$work/fit/fit-trends.png" ] || fail "no fit-trends.png"; fi
# Every parameter has a finite standard error and lies within its bounds.
awk -F, 'NR > 1 { v = $2 + 0; lo = $4 + 0; hi = $5 + 0; if (v < lo || v > hi || $3 == "inf" || $3 == "nan") { print "FAIL: " $0; exit 1 } }' "$work/fit/parameters.csv"

# The calibrated deck runs as it is with point and creep, and point reproduces fit.csv.
"$bmgcreep" point "$work/fit/calibrated.prm" --output "$work/point" --quiet
"$bmgcreep" creep "$work/fit/calibrated.prm" --output "$work/creep" --quiet --set "Cylinder/Refinement level=0"
awk -F, 'NR == FNR && FNR > 1 && $2 == "yield_stress_MPa" { fitted[$1 + 0] = $5 }
         NR != FNR && FNR > 1 { f = $1 + 0; if (f in fitted) { d = $9 - fitted[f]; if (d < 0) d = -d; if (d > 1e-6 * fitted[f]) { print "FAIL: yield at " f ": " $9 " vs " fitted[f]; bad = 1 } } }
         END { exit bad }' "$work/fit/fit.csv" "$work/point/summary.csv"

# Model selection: two laws on the same data, one table; the MD-informed deck predicts the holds
# it does not fit.
"$bmgcreep" calibrate "$src/cases/zhang2017/calibrate-law3.prm" "$deck" "${short[@]}" --output "$work/ms" --quiet
[ "$(wc -l < "$work/ms/model-selection.csv")" -eq 3 ] || fail "model-selection.csv rows"
head -1 "$work/ms/model-selection.csv" | grep -q "chi2,aic,aicc,bic,loo_rms_weighted_error" || fail "model-selection.csv header"
grep -q "stz-effective-temperature" "$work/ms/model-selection.csv" && [ -s "$work/ms/calibrate/calibrated.prm" ] || fail "model selection outputs"
"$bmgcreep" calibrate "$src/cases/zhang2017/calibrate-md-informed.prm" "${short[@]}" --output "$work/md" --quiet
[ "$(wc -l < "$work/md/prediction.csv")" -eq 7 ] || fail "prediction.csv rows (0.7 and 0.9 x 3)"
grep -q "MD-to-lab bridge: the fit also matched the MD critical ratio 0.72" "$work/md/fit-report.md" || fail "bridge not in the report"
# calibrated.prm states the range the fit's data cover: the lab deck all its holds, the MD-informed
# deck only the hold it fitted (Fit holds = 0.5); the point run of a hold outside warns.
grep -A1 "subsection Validity" "$work/fit/calibrated.prm" | grep -q "Hold fractions = 0.5, 0.9" || fail "Validity of the lab fit"
grep -A1 "subsection Validity" "$work/md/calibrated.prm" | grep -q "Hold fractions = 0.5, 0.5" || fail "Validity of the Fit holds fit"
"$bmgcreep" point "$work/md/calibrated.prm" --output "$work/mdpoint-warn" --quiet 2> "$work/warn.txt"
grep -q "^warning: hold stress 0.7, 0.9 of yield outside the range the law was calibrated on, 0.5 to 0.5" "$work/warn.txt" \
  || fail "no validity warning: $(cat "$work/warn.txt")"

# A creep curve (synthetic, from known parameters) gives back the annihilation energy it was made
# with (within 3 standard errors), and says the migration energy cannot be seen in it.
"$bmgcreep" calibrate "$src/cases/creep-curves-example/calibrate.prm" --output "$work/curve" --quiet
awk -F, 'NR > 1 && $1 ~ /Annihilation energy/ { d = $2 - 0.405256; if (d < 0) d = -d; if (d > 3 * $3 || $10 != "yes") { print "FAIL: " $0; exit 1 } }
         NR > 1 && $1 ~ /Migration energy/ && $10 != "no" { print "FAIL: migration energy called identifiable: " $0; exit 1 }' "$work/curve/parameters.csv"
[ "$(grep -c creep_strain_at_ "$work/curve/fit.csv")" -eq 24 ] || fail "creep-curve points in fit.csv"

# The law at MD scales: law 2 fitted to the project's own MD campaign summary (cases/md-small):
# every MD value in fit.csv, the sign pattern the MD shows (enthalpy down at 0 and 0.4 of yield,
# up at 0.9) reproduced, a critical ratio carried in bridge.csv that a lab deck reads as its MD
# summary, and calibrated.prm runs with point and gives the fitted as-quenched yield.
mddeck=$src/cases/md-small/calibrate.prm
# (6 starts from 50 screened points reach the deck's own optimum here in half its time.)
"$bmgcreep" calibrate "$mddeck" --set "Calibration/Leave one out=false" --set "Calibration/Starts=6" \
  --output "$work/mdfit" > "$work/mdlog"
[ "$(wc -l < "$work/mdfit/fit.csv")" -eq 22 ] || fail "MD fit.csv rows (as-quenched yield + 4 holds x 5)"
[ "$(wc -l < "$work/mdfit/comparison.csv")" -eq 13 ] || fail "MD comparison.csv rows (4 holds x 3 changes)"
awk -F, '$2 == "enthalpy_change_J_per_g" { f = $1 + 0; if ((f < 0.5 && $5 >= 0) || (f > 0.85 && $5 <= 0)) { print "FAIL: sign " $0; exit 1 } }' "$work/mdfit/fit.csv"
awk -F, '$2 == "enthalpy_change_J_per_g" && $1 + 0 > 0.85 { d = ($5 - $3) / $4; if (d < -3 || d > 3) { print "FAIL: 0.9 hold " $0; exit 1 } }' "$work/mdfit/fit.csv"
grep -q "^critical_ratio," "$work/mdfit/bridge.csv" || fail "no bridge.csv"
"$bmgcreep" point "$work/mdfit/calibrated.prm" --output "$work/mdpoint" --quiet
awk -F, 'NR == FNR && FNR > 1 && $2 == "yield_stress_MPa" { y = $5 }
         NR != FNR && FNR == 2 { d = $9 - y; if (d < 0) d = -d; if (d > 1e-6 * y) { print "FAIL: MD yield " $9 " vs " y; exit 1 } }' \
  "$work/mdfit/fit.csv" "$work/mdpoint/summary.csv"
# (An earlier run's optional output in the folder, listed in its manifest, goes; a file not of
# this command stays; a user's file of an output name is refused before any work.)
mkdir -p "$work/userlab" && echo mine > "$work/userlab/loo.csv"
code=0; err=$("$bmgcreep" calibrate "$src/cases/zhang2017/calibrate-md-fit-informed.prm" --output "$work/userlab" 2>&1 >/dev/null) || code=$?
[ $code -eq 1 ] && [[ $err == "error: "*"loo.csv: exists and was not written by bmgcreep"* ]] && [ "$(cat "$work/userlab/loo.csv")" = mine ] \
  || fail "a user's loo.csv: $code $err"
mkdir -p "$work/mdlab" && echo stale > "$work/mdlab/loo.csv" && echo mine > "$work/mdlab/notes.txt"
printf 'loo.csv\n' > "$work/mdlab/.bmgcreep-manifest" # as an earlier run that wrote loo.csv leaves it
"$bmgcreep" calibrate "$src/cases/zhang2017/calibrate-md-fit-informed.prm" "${short[@]}" \
  --set "Calibration/MD summary=$work/mdfit/bridge.csv" --output "$work/mdlab" --quiet
[ ! -e "$work/mdlab/loo.csv" ] && [ -s "$work/mdlab/notes.txt" ] && [ ! -e "$work/mdlab.partial" ] || fail "stale or staging files"
grep -q "critical ratio of the MD-scale fit in $work/mdfit/bridge.csv" "$work/mdlab/fit-report.md" || fail "bridge.csv not used by the lab fit"
[ "$(wc -l < "$work/mdlab/prediction.csv")" -eq 7 ] || fail "MD-fit-informed prediction.csv rows"
expect_md_error() { expect_deck_error "$mddeck" "$@"; }
expect_md_error "are both set" --set "Calibration/Lab summary=$src/cases/zhang2017/zhang2017_lab.csv"
expect_md_error "Yield measure = peak" --set "Protocol/Yield measure=offset"
expect_md_error "Use model yield as reference = true" --set "Protocol/Use model yield as reference=false"
expect_md_error "MD campaign summary not found" --set "Calibration/MD campaign summary=/nonexistent.csv"
expect_md_error "column \"condition\" missing" --set "Calibration/MD campaign summary=$src/cases/zhang2017/zhang2017_lab.csv"

expect_error() { expect_deck_error "$deck" "$@"; }
expect_error "is not an entry of the deck" --set "Calibration/Parameters=Material/Free volume/Bogus, Material/Free volume relaxation/Annihilation energy, Material/Enthalpy per unit internal variable"
expect_error "need lower < upper" --set "Calibration/Lower bounds=2.3, 0.3, 300"
expect_error "outside the entry's allowed range" --set "Calibration/Upper bounds=20, 0.6, 5000"
expect_error "one value per parameter" --set "Calibration/Lower bounds=1.8, 0.3"
expect_error "lab summary not found" --set "Calibration/Lab summary=/nonexistent.csv"
expect_error "MD summary not found" --set "Calibration/MD summary=/nonexistent.csv"
expect_error "is not a hold of" --set "Calibration/Fit holds=0.6"
echo "calibrate: fitted (lab and MD summaries), calibrated.prm runs with point and creep, bridge.csv read, bad decks refused"
