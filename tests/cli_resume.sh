#!/usr/bin/env bash
# A --checkpoint run killed (SIGKILL) after its first finished conditions and resumed with
# --resume ends with the same summary as an uninterrupted run; a checkpoint from another deck
# and a corrupt one are refused with one line.
# Usage: cli_resume.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
deck=$src/cases/zhang2017/cylinder.prm
loud=(--set "Cylinder/Refinement level=1" --set "Cylinder/Platen friction=bonded")
args=("${loud[@]}" --quiet)

"$bmgcreep" creep "$deck" "${args[@]}" --output "$work/reference"

"$bmgcreep" creep "$deck" "${args[@]}" --output "$work/killed" --checkpoint &
pid=$!
# Wait for the as-cast and the first hold's checkpoints, then kill without warning.
for _ in $(seq 1 600); do
  n=$(ls "$work/killed/checkpoint" 2>/dev/null | grep -c '\.checkpoint$' || true)
  [ "$n" -ge 2 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
kill -9 $pid 2>/dev/null || fail "the run ended before it could be killed"
wait $pid 2>/dev/null || true
[ ! -f "$work/killed/summary.csv" ] || fail "a killed run left summary.csv"

# A checkpoint from a different deck is refused, naming the file.
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --set "Protocol/Hold time=47" --set "Comparison/Lab protocol mismatch=warn" --resume "$work/killed" 2>&1); then
  fail "resumed with a different deck"
fi
grep -q "checkpoint written by a different deck" <<< "$err" || fail "$err"

# The checkpoints of a creep run are not taken by the point command on the same deck.
if err=$("$bmgcreep" point "$deck" "${args[@]}" --resume "$work/killed" 2>&1); then
  fail "point resumed from creep checkpoints"
fi
grep -q "checkpoint written by a different deck" <<< "$err" || fail "$err"

log=$("$bmgcreep" creep "$deck" "${loud[@]}" --resume "$work/killed")
grep -q "as-cast read from" <<< "$log" || fail "the as-cast condition was not read from its checkpoint"
cmp "$work/reference/summary.csv" "$work/killed/summary.csv" || fail "resumed summary differs"
[ ! -d "$work/killed/checkpoint" ] || fail "checkpoint left after a finished run"

# A finished --checkpoint run removes its own checkpoint files only: a user's file in the
# checkpoint folder stays, and with it the folder.
mkdir -p "$work/mine/checkpoint"
echo "my notes" > "$work/mine/checkpoint/notes.txt"
"$bmgcreep" point "$deck" "${args[@]}" --output "$work/mine" --checkpoint
[ "$(cat "$work/mine/checkpoint/notes.txt")" = "my notes" ] || fail "a user's file in checkpoint/ was removed"
[ "$(ls "$work/mine/checkpoint")" = "notes.txt" ] || fail "checkpoint files left: $(ls "$work/mine/checkpoint")"

# A corrupt checkpoint is refused with one line.
mkdir -p "$work/corrupt/checkpoint"
echo "garbage" > "$work/corrupt/checkpoint/as-cast.checkpoint"
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --resume "$work/corrupt" 2>&1); then
  fail "accepted a corrupt checkpoint"
fi
[ "$(echo "$err" | wc -l)" -eq 1 ] && grep -q "corrupt checkpoint" <<< "$err" || fail "$err"
echo "resume: killed after $n conditions, resumed summary identical to the uninterrupted run"

# --checkpoint-every: killed in the middle of a hold (after its first partial checkpoint),
# resumed from there, the same summary again.
"$bmgcreep" creep "$deck" "${args[@]}" --output "$work/mid" --checkpoint-every 20 &
pid=$!
for _ in $(seq 1 600); do
  [ -f "$work/mid/checkpoint/hold-0.5.partial" ] && [ "$(cat "$work/mid/checkpoint/hold-0.5.partial")" -ge 3 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -9 $pid 2>/dev/null || fail "the run ended before it could be killed mid-hold"
wait $pid 2>/dev/null || true
log=$("$bmgcreep" creep "$deck" "${loud[@]}" --resume "$work/mid" --checkpoint-every 20)
grep -q "hold-0.5 resumed from" <<< "$log" || fail "the hold was not resumed from its partial checkpoint"
cmp "$work/reference/summary.csv" "$work/mid/summary.csv" || fail "summary resumed mid-hold differs"
cmp "$work/reference/hold-0.5.csv" "$work/mid/hold-0.5.csv" || fail "time series resumed mid-hold differs"

# A corrupt partial checkpoint is refused with one line.
mkdir -p "$work/corrupt2/checkpoint"
echo 3 > "$work/corrupt2/checkpoint/hold-0.5.partial"
echo "garbage" > "$work/corrupt2/checkpoint/hold-0.5.partial.0.1"
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --resume "$work/corrupt2" --checkpoint-every 20 2>&1); then
  fail "accepted a corrupt partial checkpoint"
fi
[ "$(echo "$err" | wc -l)" -eq 1 ] && grep -q "corrupt checkpoint" <<< "$err" || fail "$err"
echo "resume: killed mid-hold and resumed, summary and time series identical"
