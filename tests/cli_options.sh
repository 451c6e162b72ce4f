#!/usr/bin/env bash
# The command line's conventions: --version, help, COMMAND --help, --name=VALUE and short forms
# (the same outputs as the long forms), "did you mean" for a mistyped option, command or deck
# key, options after "--" handed to PETSc (TAO's monitor prints) or refused by a command without
# PETSc, --per-atom with a base name or a .csv name alike.
# Usage: cli_options.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work"
mkdir -p "$work"
deck=$src/cases/zhang2017/holds.prm
short=(--set "Protocol/Hold time=1" --set "Comparison/Lab protocol mismatch=warn" --set "Protocol/Hold fractions=0.7")

out=$("$bmgcreep" --version) || fail "--version exits $?"
grep -q "^bmgcreep [0-9]" <<< "$out" && grep -q "deal.II 9" <<< "$out" && grep -q "PETSc 3" <<< "$out" || fail "--version: $out"
"$bmgcreep" help | grep -q "^usage: bmgcreep COMMAND" || fail "help"
for c in point creep map md calibrate analyze; do
  a=$("$bmgcreep" "$c" --help) || fail "$c --help exits $?"
  b=$("$bmgcreep" help "$c") || fail "help $c exits $?"
  [ "$a" = "$b" ] && grep -q "^usage: bmgcreep $c" <<< "$a" && grep -q -- "-h, --help" <<< "$a" || fail "$c --help: $a"
done
"$bmgcreep" point --help | grep -q -- "--checkpoint-every N" || fail "point --help lists no --checkpoint-every"

# --output=DIR --quiet and -o DIR -q and -s: the same outputs.
"$bmgcreep" point "$deck" "${short[@]}" --output="$work/long" --quiet
"$bmgcreep" point "$deck" -s "Protocol/Hold time=1" -s "Comparison/Lab protocol mismatch=warn" -s"Protocol/Hold fractions=0.7" -o "$work/short" -q
for f in summary.csv hold-0.7.csv energy.csv; do
  cmp -s "$work/long/$f" "$work/short/$f" || fail "$f differs between long and short options"
done

usage=1 expect_refusal "unknown option --outptu (did you mean --output?)" "$work/x" "$bmgcreep" point "$deck" --outptu "$work/x"
usage=1 expect_refusal "unknown command \"pont\" (did you mean point?)" "$work/x" "$bmgcreep" pont "$deck"
expect_refusal "the deck has no key \"Protocol/Hold tme\" (did you mean \"Protocol/Hold time\"?)" "$work/x" \
  "$bmgcreep" point "$deck" --set "Protocol/Hold tme=1" --output "$work/x"
expect_refusal "\"-5\" is not allowed" "$work/x" "$bmgcreep" point "$deck" --set "Protocol/Hold time=-5" --output "$work/x"
usage=1 expect_refusal "go to PETSc, which this command does not use" "$work/x" \
  "$bmgcreep" point "$deck" --output "$work/x" -- -tao_monitor
usage=1 expect_refusal "--output needs a value" "$work/x" "$bmgcreep" point "$deck" --output

# After --, PETSc options reach TAO: its monitor prints an iteration line per TAO iteration.
"$bmgcreep" calibrate "$src/cases/zhang2017/calibrate.prm" "${short[@]}" --set "Calibration/Starts=1" \
  --set "Calibration/Leave one out=false" --set "Calibration/Max evaluations per start=10" \
  --output "$work/cal" -- -tao_monitor > "$work/cal.log"
grep -q "TAO,  Function value" "$work/cal.log" || fail "no TAO monitor lines with -- -tao_monitor: $(head -5 "$work/cal.log")"
"$bmgcreep" calibrate "$src/cases/zhang2017/calibrate.prm" "${short[@]}" --set "Calibration/Starts=1" \
  --set "Calibration/Leave one out=false" --set "Calibration/Max evaluations per start=10" \
  --output "$work/cal2" > "$work/cal2.log"
! grep -q "TAO,  Function value" "$work/cal2.log" || fail "TAO monitor lines without -tao_monitor"

# --per-atom FILE and --per-atom FILE.csv name the same files.
# fcc, a = 4 A, 3 x 3 x 3 cells (as cli_analyze.sh makes it).
write_fcc_data "$work/fcc.data" 3
"$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/s1.csv" --per-atom "$work/a1" > /dev/null
"$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/s2.csv" --per-atom "$work/a2.csv" > /dev/null
[ -s "$work/a1.csv" ] && [ -s "$work/a2.csv" ] && [ ! -e "$work/a2.csv.csv" ] && cmp -s "$work/a1.csv" "$work/a2.csv" \
  || fail "--per-atom with a .csv name"
echo "options: --version, help, --help, --name=value and short forms, did-you-mean, PETSc options after --, --per-atom"
