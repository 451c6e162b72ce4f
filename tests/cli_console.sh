#!/usr/bin/env bash
# What a run shows and leaves (issue 15): on a pipe, plain lines without control characters, one
# per condition and no step lines (unless --verbose); on a terminal, a progress bar drawn in
# place; run.log with everything (step lines too), deck-used.prm that runs the same case again
# bit for bit (point and creep), provenance.json; --check reads and checks, prints the
# effective deck and writes nothing; the time series' hold clock and creep strain agree with
# the summary; exit codes 0 (done), 1 (a run that cannot finish), 2 (bad input or usage).
# Usage: cli_console.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work"
mkdir -p "$work"
deck=$src/cases/zhang2017/holds.prm
short=(--set "Protocol/Hold time=2" --set "Comparison/Lab protocol mismatch=warn" --set "Protocol/Hold fractions=0.5, 0.7")

# A pipe: plain lines, one per condition (as cast, each hold), no step lines, no control characters.
"$bmgcreep" point "$deck" "${short[@]}" --output "$work/a" > "$work/a.out" 2>&1 || fail "point exits $?" # the screen: both streams
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/a.out"; then fail "control characters on a pipe"; fi
[ "$(grep -c '^hold 0\.[57]0* x yield' "$work/a.out")" -eq 2 ] && grep -q '^as cast: yield' "$work/a.out" ||
  fail "not one line per condition: $(head -5 "$work/a.out")"
if grep -q 'Newton [0-9]' "$work/a.out"; then fail "step lines on the screen without --verbose"; fi
# run.log: what the screen showed and every step.
for f in run.log deck-used.prm provenance.json summary.csv; do [ -s "$work/a/$f" ] || fail "no $f"; done
grep -q 'hold 0.7 *hold .*Newton [0-9]' "$work/a/run.log" || fail "run.log has no step lines"
grep -q 'trend signs reproduced' "$work/a/run.log" || fail "run.log lacks the summary"
[ "$(grep -vc 'Newton [0-9]' "$work/a/run.log")" -eq "$(wc -l < "$work/a.out")" ] || fail "run.log without step lines is not the screen"
# provenance.json: the keys, the command line, one process, valid JSON.
for k in '"program": "bmgcreep"' '"commit": ' '"deal.II": "9' '"PETSc": "3' '"LAMMPS": ' '"host": ' \
  '"start_utc": "20' '"wall_time_s": ' '"mpi_processes": 1' '"outcome": "completed"' '"command_line": \["bmgcreep", "point"'; do
  grep -q "$k" "$work/a/provenance.json" || fail "provenance.json lacks $k"
done
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/a/provenance.json" || fail "provenance.json is not JSON"
# --verbose: step lines on the screen too, still plain.
"$bmgcreep" point "$deck" "${short[@]}" --output "$work/v" --verbose > "$work/v.out"
grep -q 'Newton [0-9]' "$work/v.out" || fail "--verbose shows no step lines"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/v.out"; then fail "control characters with --verbose"; fi
# --quiet: nothing on the screen, the same log.
[ -z "$("$bmgcreep" point "$deck" "${short[@]}" --output "$work/q" --quiet)" ] || fail "--quiet printed"
cmp -s <(grep -c . "$work/q/run.log") <(grep -c . "$work/a/run.log") || fail "--quiet changed run.log"

# deck-used.prm runs the same case again from another folder, bit for bit.
(cd "$work" && "$bmgcreep" point a/deck-used.prm --output again -q)
for f in "$work"/a/*.csv; do cmp -s "$f" "$work/again/$(basename "$f")" || fail "$(basename "$f") differs when run from deck-used.prm"; done
cmp -s <(tail -n +2 "$work/a/deck-used.prm") <(tail -n +2 "$work/again/deck-used.prm") ||
  fail "deck-used.prm of the rerun differs (but for its first line, which names the deck)"
creep=(--set "Cylinder/Refinement level=1" --set "Cylinder/Platen friction=bonded" --set "Protocol/Hold fractions=0.7"
  --set "Protocol/Hold time=1" --set "Comparison/Lab protocol mismatch=warn" --set "Cylinder/Hold field frames=3")
"$bmgcreep" creep "$src/cases/zhang2017/cylinder.prm" "${creep[@]}" --output "$work/c" -q
(cd / && "$bmgcreep" creep "$work/c/deck-used.prm" --output "$work/c-again" -q)
n=0
for f in "$work"/c/*.csv "$work"/c/*.vtu "$work"/c/*.pvd; do
  cmp -s "$f" "$work/c-again/$(basename "$f")" || fail "creep: $(basename "$f") differs when run from deck-used.prm"
  n=$((n + 1))
done
[ "$n" -ge 13 ] || fail "creep wrote only $n files"
# Field frames inside the hold (Cylinder/Hold field frames = 3): in the .pvd between the end of
# loading and the end of the hold, at increasing times.
grep -o 'timestep="[^"]*" group="" part="0" file="hold-0.7-[a-z0-9-]*' "$work/c/hold-0.7.pvd" |
  sed 's/timestep="\([^"]*\)".*file="hold-0.7-\(.*\)/\2 \1/' > "$work/frames"
[ "$(cut -d' ' -f1 "$work/frames" | tr '\n' ' ')" = "load hold-1 hold-2 hold-3 hold unload wait compression " ] ||
  fail "hold frames in the .pvd: $(tr '\n' ' ' < "$work/frames")"
sort -c -g -k2 "$work/frames" || fail "the .pvd's times do not increase"

# The time series: hold_time_h runs from 0 to the hold time, the last hold row's creep_strain is
# the summary's creep strain.
awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) c[$i] = i; next }
  $c["stage"] == "hold" { t = $c["hold_time_h"]; e = $c["creep_strain"]; if (first == "") first = t }
  END { if (first < 0 || first > 0.01 || t < 1.999999 || t > 2.000001) exit 1; printf "%.9g\n", e }' \
  "$work/a/hold-0.7.csv" > "$work/creep_from_series" || fail "hold_time_h of hold-0.7.csv does not run from 0 to 2 h"
awk -F, -v e="$(cat "$work/creep_from_series")" 'NR == 1 { for (i = 1; i <= NF; ++i) c[$i] = i; next }
  $c["hold_fraction_of_yield"] == 0.7 { d = $c["creep_strain"] - e; if (d < 0) d = -d; exit (d <= 1e-8 * $c["creep_strain"] + 1e-15) ? 0 : 1 }' \
  "$work/a/summary.csv" || fail "creep_strain of the series' last hold row is not the summary's"
awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) c[$i] = i; next } $c["stage"] != "hold" && ($c["hold_time_h"] != "" || $c["creep_strain"] != "") { exit 1 }' \
  "$work/a/hold-0.7.csv" || fail "hold_time_h or creep_strain outside the hold"

# A terminal: the progress bar, drawn in place, erased before each line.
if command -v script > /dev/null; then
  TERM=xterm script -qec "$bmgcreep point $deck --set 'Protocol/Hold fractions=0.7' --output $work/t" /dev/null > "$work/t.out" ||
    fail "point on a terminal exits $?"
  grep -q $'\r' "$work/t.out" || fail "no progress bar on a terminal"
fi
# Under mpirun each process sees a pseudo-terminal even when mpirun's output goes to a file:
# plain lines there (a bar in a log file is control characters), unless BMGCREEP_PROGRESS=bar.
if command -v mpirun > /dev/null; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  TERM=xterm mpirun -np 1 "$bmgcreep" point "$deck" --set 'Protocol/Hold fractions=0.7' --output "$work/m" > "$work/m.out" ||
    fail "point under mpirun exits $?"
  if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/m.out"; then fail "control characters in mpirun's output file"; fi
  grep -q '^hold 0\.70* x yield' "$work/m.out" || fail "no hold line under mpirun: $(head -3 "$work/m.out")"
  TERM=xterm BMGCREEP_PROGRESS=bar mpirun -x BMGCREEP_PROGRESS -np 1 "$bmgcreep" point "$deck" --set 'Protocol/Hold fractions=0.7' \
    --output "$work/mb" > "$work/mb.out" || fail "point under mpirun with BMGCREEP_PROGRESS=bar exits $?"
  grep -q $'\r' "$work/mb.out" || fail "BMGCREEP_PROGRESS=bar drew no bar under mpirun"
fi

# --check: the effective deck on the screen, nothing run, nothing written; a bad deck exits 2.
"$bmgcreep" point "$deck" --check --output "$work/checked" > "$work/check.out" || fail "--check exits $?"
grep -q "^subsection Protocol" "$work/check.out" && grep -q "nothing run (--check)" "$work/check.out" || fail "--check output"
[ ! -e "$work/checked" ] || fail "--check wrote an output folder"
expect_refusal "Hold time" "$work/checked" "$bmgcreep" point "$deck" --check --set "Protocol/Hold time=-1"
"$bmgcreep" map "$deck" --check | grep -q "nothing run (--check)" || fail "map --check"
"$bmgcreep" md "$src/cases/md-smoke/campaign.prm" --check > "$work/md-check.out" || fail "md --check exits $?"
grep -q "nothing run (--check)" "$work/md-check.out" || fail "md --check"
"$bmgcreep" calibrate "$src/cases/zhang2017/calibrate.prm" --check > "$work/cal-check.out" || fail "calibrate --check exits $?"
grep -q "nothing fitted (--check)" "$work/cal-check.out" || fail "calibrate --check"
[ ! -e "$src/results/zhang2017-calibration.partial" ] || fail "calibrate --check made a staging folder"

# Exit codes: 0 done (above), 2 bad usage or input, 1 a run that cannot finish.
usage=1 expect_refusal "unknown option --verbos" "$work/x" "$bmgcreep" point "$deck" --verbos
expect_refusal "contradict" "$work/x" "$bmgcreep" point "$deck" --quiet --verbose --output "$work/x"
exit_code=1 expect_refusal "failed" "$work/x" "$bmgcreep" point "$deck" --set "Protocol/Hold fractions=0.95" --output "$work/x"
echo "console and run record: pipe, --verbose, --quiet, terminal, run.log, deck-used.prm (point and creep bit for bit), provenance.json, --check, exit codes"
