#!/usr/bin/env bash
# A --checkpoint run killed (SIGKILL) after its first finished conditions and resumed with
# --resume ends with the same summary as an uninterrupted run; a checkpoint from another deck
# and a corrupt one are refused with one line.
# Usage: cli_resume.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
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
kill -9 $pid 2>/dev/null || { echo "FAIL: the run ended before it could be killed"; exit 1; }
wait $pid 2>/dev/null || true
[ ! -f "$work/killed/summary.csv" ] || { echo "FAIL: a killed run left summary.csv"; exit 1; }

# A checkpoint from a different deck is refused, naming the file.
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --set "Protocol/Hold time=47" --resume "$work/killed" 2>&1); then
  echo "FAIL: resumed with a different deck"; exit 1
fi
grep -q "checkpoint written by a different deck" <<< "$err" || { echo "FAIL: $err"; exit 1; }

# The checkpoints of a creep run are not taken by the point command on the same deck.
if err=$("$bmgcreep" point "$deck" "${args[@]}" --resume "$work/killed" 2>&1); then
  echo "FAIL: point resumed from creep checkpoints"; exit 1
fi
grep -q "checkpoint written by a different deck" <<< "$err" || { echo "FAIL: $err"; exit 1; }

log=$("$bmgcreep" creep "$deck" "${loud[@]}" --resume "$work/killed")
grep -q "as-cast read from" <<< "$log" || { echo "FAIL: the as-cast condition was not read from its checkpoint"; exit 1; }
cmp "$work/reference/summary.csv" "$work/killed/summary.csv" || { echo "FAIL: resumed summary differs"; exit 1; }
[ ! -d "$work/killed/checkpoint" ] || { echo "FAIL: checkpoint left after a finished run"; exit 1; }

# A corrupt checkpoint is refused with one line.
mkdir -p "$work/corrupt/checkpoint"
echo "garbage" > "$work/corrupt/checkpoint/as-cast.checkpoint"
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --resume "$work/corrupt" 2>&1); then
  echo "FAIL: accepted a corrupt checkpoint"; exit 1
fi
[ "$(echo "$err" | wc -l)" -eq 1 ] && grep -q "corrupt checkpoint" <<< "$err" || { echo "FAIL: $err"; exit 1; }
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
kill -9 $pid 2>/dev/null || { echo "FAIL: the run ended before it could be killed mid-hold"; exit 1; }
wait $pid 2>/dev/null || true
log=$("$bmgcreep" creep "$deck" "${loud[@]}" --resume "$work/mid" --checkpoint-every 20)
grep -q "hold-0.5 resumed from" <<< "$log" || { echo "FAIL: the hold was not resumed from its partial checkpoint"; exit 1; }
cmp "$work/reference/summary.csv" "$work/mid/summary.csv" || { echo "FAIL: summary resumed mid-hold differs"; exit 1; }
cmp "$work/reference/hold-0.5.csv" "$work/mid/hold-0.5.csv" || { echo "FAIL: time series resumed mid-hold differs"; exit 1; }

# A corrupt partial checkpoint is refused with one line.
mkdir -p "$work/corrupt2/checkpoint"
echo 3 > "$work/corrupt2/checkpoint/hold-0.5.partial"
echo "garbage" > "$work/corrupt2/checkpoint/hold-0.5.partial.0.1"
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --resume "$work/corrupt2" --checkpoint-every 20 2>&1); then
  echo "FAIL: accepted a corrupt partial checkpoint"; exit 1
fi
[ "$(echo "$err" | wc -l)" -eq 1 ] && grep -q "corrupt checkpoint" <<< "$err" || { echo "FAIL: $err"; exit 1; }
echo "resume: killed mid-hold and resumed, summary and time series identical"
