#!/usr/bin/env bash
# `bmgcreep md --statistics CAMPAIGN.csv`: the paired statistics of a shipped campaign table
# (cases/md-small/results/campaign.csv, written before the column names were unified) without
# its sample folders; the outputs, a rerun, and bad input (one line, exit code 2, nothing written).
# Usage: cli_md_statistics.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work"
mkdir -p "$work"
table=$src/cases/md-small/results/campaign.csv

out=$("$bmgcreep" md --statistics "$table" --output "$work/stats")
[ -s "$work/stats/campaign-summary.md" ] && [ -s "$work/stats/campaign-changes.csv" ] || fail "no outputs: $(ls "$work/stats")"
grep -q "^2 samples" "$work/stats/campaign-summary.md" || fail "md-small has 2 samples"
grep -q "^- critical ratio" "$work/stats/campaign-summary.md" || fail "no critical ratio line"
grep -q "^- \`yield_peak_GPa\` crosses zero" "$work/stats/campaign-summary.md" ||
  fail "a table without yield_change_percent: no crossing of the post-hold peak"
# 23 observables x 4 holds against the as-quenched glass, 23 x 3 against the zero-stress hold, a header
[ "$(wc -l < "$work/stats/campaign-changes.csv")" = $((23 * 4 + 23 * 3 + 1)) ] ||
  fail "campaign-changes.csv has $(wc -l < "$work/stats/campaign-changes.csv") lines"
# the enthalpy change at 0.9 of the two samples (+10.04 and +8.87 J/g): mean 9.454, resolved
grep -q "^hold-4,.*,enthalpy_change_J_per_g,as-quenched,2,9.45" "$work/stats/campaign-changes.csv" ||
  fail "the 0.9 hold's enthalpy change is not the mean of the two samples"
grep -q "outputs: $work/stats/campaign-changes.csv" <<< "$out" || fail "no outputs line"
cp "$work/stats/campaign-changes.csv" "$work/first.csv"
"$bmgcreep" md --statistics "$table" --output "$work/stats" --quiet
cmp -s "$work/first.csv" "$work/stats/campaign-changes.csv" || fail "a rerun gives other numbers"

expect_refusal "no such campaign table" "$work/none" "$bmgcreep" md --statistics "$work/missing.csv" --output "$work/none"
expect_refusal "takes no deck" "$work/none" "$bmgcreep" md --statistics "$table" "$src/cases/md-smoke/campaign.prm" --output "$work/none"
printf 'sample,seed,condition,hold_stress_GPa\n1,1,as-quenched,zero\n' > "$work/bad.csv"
expect_refusal "bad.csv:2" "$work/none" "$bmgcreep" md --statistics "$work/bad.csv" --output "$work/none"
mkdir -p "$work/user" && echo mine > "$work/user/campaign-summary.md"
exit_code=1 expect_refusal "campaign-summary.md: exists and was not written by bmgcreep" "$work/user/campaign-changes.csv" \
  "$bmgcreep" md --statistics "$table" --output "$work/user"
[ "$(cat "$work/user/campaign-summary.md")" = mine ] || fail "a user's campaign-summary.md was changed"
echo "md --statistics: md-small's table analysed, rerun identical, bad input refused"
