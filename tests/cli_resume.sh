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
echo "$err" | grep -q "checkpoint written by a different deck" || { echo "FAIL: $err"; exit 1; }

# The checkpoints of a creep run are not taken by the point command on the same deck.
if err=$("$bmgcreep" point "$deck" "${args[@]}" --resume "$work/killed" 2>&1); then
  echo "FAIL: point resumed from creep checkpoints"; exit 1
fi
echo "$err" | grep -q "checkpoint written by a different deck" || { echo "FAIL: $err"; exit 1; }

log=$("$bmgcreep" creep "$deck" "${loud[@]}" --resume "$work/killed")
echo "$log" | grep -q "as-cast read from" || { echo "FAIL: the as-cast condition was not read from its checkpoint"; exit 1; }
cmp "$work/reference/summary.csv" "$work/killed/summary.csv" || { echo "FAIL: resumed summary differs"; exit 1; }
[ ! -d "$work/killed/checkpoint" ] || { echo "FAIL: checkpoint left after a finished run"; exit 1; }

# A corrupt checkpoint is refused with one line.
mkdir -p "$work/corrupt/checkpoint"
echo "garbage" > "$work/corrupt/checkpoint/as-cast.checkpoint"
if err=$("$bmgcreep" creep "$deck" "${args[@]}" --resume "$work/corrupt" 2>&1); then
  echo "FAIL: accepted a corrupt checkpoint"; exit 1
fi
[ "$(echo "$err" | wc -l)" -eq 1 ] && echo "$err" | grep -q "corrupt checkpoint" || { echo "FAIL: $err"; exit 1; }
echo "resume: killed after $n conditions, resumed summary identical to the uninterrupted run"
