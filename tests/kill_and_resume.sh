#!/usr/bin/env bash
# Kill-and-resume mode of a case (as MOOSE's TestHarness reruns transient tests in recover
# mode): the case runs once uninterrupted; then again, killed with SIGKILL at a moment drawn
# from SEED, resumed and killed again, and resumed to the end. Every output file of the two
# folders must be the same, byte for byte (CSV, VTU, PVD, stage tables and records).
#
# Usage: kill_and_resume.sh MODE SEED WORK_DIR COMMAND...
#   MODE  checkpoint: point/creep; every run adds --checkpoint-every 5 (the uninterrupted one
#                     too) and the resumes use --resume;
#         rerun:      md; a resume is the same command again (stages.done).
#   COMMAND: the case's command line with @OUT@ where the output folder goes.
# BMGCREEP_RESUME_SEED overrides SEED (to try other kill moments).
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
mode=$1 seed=${BMGCREEP_RESUME_SEED:-$2} work=$3
shift 3
rm -rf "$work"
mkdir -p "$work"

with_output() { # folder, then the command with @OUT@ replaced
  local out=$1 a
  shift
  cmd=()
  for a in "$@"; do cmd+=("${a//@OUT@/$out}"); done
}
# Fractions of the uninterrupted wall time at which to kill, drawn from the seed.
read -r f1 f2 < <(awk -v s="$seed" 'BEGIN { srand(s); printf "%.3f %.3f\n", 0.2 + 0.6 * rand(), 0.2 + 0.6 * rand() }')

# The uninterrupted run, with the same checkpoint options as the interrupted ones (the 3D model
# drops its kept multigrid set-up at each checkpoint, so a checkpoint is part of the result).
start=$(date +%s.%N)
with_output "$work/reference" "$@"
[ "$mode" = rerun ] || cmd+=(--checkpoint-every 5)
"${cmd[@]}" > /dev/null
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')

# The command that continues the interrupted run in $work/killed: --resume when it left its
# checkpoint folder, else (killed before the first checkpoint) the start again.
continue_command() {
  with_output "$work/killed" "$@"
  [ "$mode" = checkpoint ] || return 0
  if [ ! -d "$work/killed/checkpoint" ]; then
    cmd+=(--checkpoint-every 5)
    return 0
  fi
  local c=() skip=0 a
  for a in "${cmd[@]}"; do # --resume DIR names the output folder itself: no --output
    if [ $skip = 1 ]; then skip=0; continue; fi
    if [ "$a" = --output ]; then skip=1; continue; fi
    c+=("$a")
  done
  cmd=("${c[@]}" --resume "$work/killed" --checkpoint-every 5)
}

run_killed() { # resume (0/1), fraction of the wall time after which to kill, the command
  local resume=$1 fraction=$2 pid
  if [ "$resume" = 1 ]; then
    continue_command "${@:3}"
  else
    with_output "$work/killed" "${@:3}"
    [ "$mode" = rerun ] || cmd+=(--checkpoint-every 5)
  fi
  # A process group of its own, so that the kill reaches every MPI process under mpirun.
  setsid "${cmd[@]}" > /dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v w="$wall" -v f="$fraction" 'BEGIN { print w * f }')"
  if kill -9 -- -$pid 2>/dev/null; then
    wait $pid 2>/dev/null || true
    for _ in $(seq 100); do kill -0 -- -$pid 2>/dev/null || break; sleep 0.1; done
    echo "killed after $fraction of the uninterrupted wall time"
  else
    wait $pid || fail "the interrupted run failed on its own"
    echo "finished before the kill at $fraction of the wall time"
  fi
}
run_killed 0 "$f1" "$@"
run_killed 1 "$(awk -v a="$f1" -v b="$f2" 'BEGIN { printf "%.3f", b * (1 - a) }')" "$@" # of what is left
# The last resume, to the end.
continue_command "$@"
"${cmd[@]}" > /dev/null || fail "the final resume failed"

# Every file, byte for byte, except what records time or the process: logs (LAMMPS's and
# run.log: timings), provenance.json (start, wall time, command line)
# and the output folder's lock; the LAMMPS inputs of MD stages name their folder, which is
# taken out before they are compared.
list() { (cd "$1" && find . -type f ! -name '*.log' ! -name '.bmgcreep-lock' ! -name provenance.json | sort); }
diff <(list "$work/reference") <(list "$work/killed") || fail "the resumed run has other files"
n=0
while read -r f; do
  if [[ $f == *.in ]]; then
    cmp -s <(sed "s|$work/reference/||g" "$work/reference/$f") <(sed "s|$work/killed/||g" "$work/killed/$f") || fail "$f differs after kill and resume"
  else
    cmp -s "$work/reference/$f" "$work/killed/$f" || fail "$f differs after kill and resume"
  fi
  n=$((n + 1))
done < <(list "$work/reference")
echo "kill and resume (seed $seed): $n files identical to the uninterrupted run"
