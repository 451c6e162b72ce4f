#!/usr/bin/env bash
# cases/md-paper/slurm-chain.sh, the md-paper campaign as a chain of Slurm jobs: it parses
# (bash -n), --dry-run prints the chain and the deck's check and submits nothing, and inside a
# (simulated) Slurm job each way a job can end does what the script promises: sbatch, srun and
# scancel are stand-ins on the PATH that log their arguments, and bmgcreep is a stand-in that
# ends the run with a chosen exit code.
# Usage: cli_slurm_chain.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
chain=$src/cases/md-paper/slurm-chain.sh
rm -rf "$work"
mkdir -p "$work/bin"

bash -n "$chain" || fail "slurm-chain.sh does not parse"

# The dry run: the chain, the real deck checked by the real program, nothing submitted.
out=$(cd "$src" && PATH="$work/bin:$PATH" BMGCREEP="$bmgcreep" MAX_JOBS=5 "$chain" --dry-run)
grep -q "^chain of at most 5 jobs" <<< "$out" || fail "dry run: no chain header: $out"
grep -q "^job 1: srun $bmgcreep md $src/cases/md-paper/campaign.prm --output $src/results/md-paper$" <<< "$out" ||
  fail "dry run: job 1 is not the campaign under srun: $out"
grep -q "^  first submits job 2: sbatch --dependency=afterany:<job 1>" <<< "$out" || fail "dry run: no successor of job 1"
grep -q "^job 5: " <<< "$out" && grep -q "the last job: submits none" <<< "$out" || fail "dry run: no last job"
grep -q "checked (5 samples of 54000 atoms, 13 holds" <<< "$out" || fail "dry run: the deck's check is missing"
[ ! -e "$work/sbatch.log" ] || fail "dry run submitted a job"

# Stand-ins.
cat > "$work/bin/sbatch" <<'STUB'
#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG/sbatch.log"
echo 4242
STUB
cat > "$work/bin/scancel" <<'STUB'
#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG/scancel.log"
STUB
cat > "$work/bin/srun" <<'STUB'
#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG/srun.log"
exec "$@"
STUB
cat > "$work/bin/fake-bmgcreep" <<'STUB'
#!/usr/bin/env bash
if [ "${3:-}" = --check ]; then exit "${FAKE_CHECK_RC:-0}"; fi
exit "$FAKE_RC"
STUB
chmod +x "$work/bin/"*

# job RC STEP MAX [CHECK_RC]: runs one chain job as Slurm job 100 whose campaign exits RC; the
# logs go to $work/job-RC-STEP; prints the job's exit code.
job() {
  local logs=$work/job-$1-$2 rc=0
  mkdir -p "$logs"
  (cd "$src" && PATH="$work/bin:$PATH" FAKE_LOG=$logs FAKE_RC=$1 FAKE_CHECK_RC=${4:-0} SLURM_JOB_ID=100 \
    SLURM_SUBMIT_DIR=$src BMGCREEP=$work/bin/fake-bmgcreep BMGCREEP_CHAIN_STEP=$2 MAX_JOBS=$3 \
    "$chain" > "$logs/out" 2>&1) || rc=$?
  echo "$rc"
}

# A job stopped unfinished (exit 1): its successor, submitted first, stays queued.
[ "$(job 1 1 3)" = 1 ] || fail "an unfinished job does not pass on its exit code"
grep -q "^--parsable --dependency=afterany:100 --export=ALL,BMGCREEP_CHAIN_STEP=2,BMGCREEP_CHAIN_SCRIPT=$chain $chain$" \
  "$work/job-1-1/sbatch.log" || fail "job 1 did not submit job 2 after itself: $(cat "$work/job-1-1/sbatch.log")"
grep -q "md $src/cases/md-paper/campaign.prm --output $src/results/md-paper$" "$work/job-1-1/srun.log" ||
  fail "the campaign did not run under srun"
[ ! -e "$work/job-1-1/scancel.log" ] || fail "an unfinished job cancelled its successor"
grep -q "job 4242 resumes it" "$work/job-1-1/out" || fail "no line naming the successor"

# The job that completes the campaign cancels its successor.
[ "$(job 0 2 3)" = 0 ] || fail "a complete campaign's job did not exit 0"
[ "$(cat "$work/job-0-2/scancel.log")" = 4242 ] || fail "a complete campaign did not cancel its successor"
grep -q "BMGCREEP_CHAIN_STEP=3" "$work/job-0-2/sbatch.log" || fail "job 2 did not submit job 3"

# Bad input (exit 2) ends the chain.
[ "$(job 2 1 3)" = 2 ] || fail "bad input did not exit 2"
[ "$(cat "$work/job-2-1/scancel.log")" = 4242 ] || fail "bad input did not cancel the successor"

# A deck that fails --check: nothing queued, nothing run.
[ "$(job 0 1 3 2)" = 2 ] || fail "a deck failing --check did not exit 2"
[ ! -e "$work/job-0-1/sbatch.log" ] && [ ! -e "$work/job-0-1/srun.log" ] || fail "a deck failing --check still ran or queued"

# The last job of the chain submits none.
[ "$(job 1 3 3)" = 1 ] || fail "the last job did not pass on its exit code"
[ ! -e "$work/job-1-3/sbatch.log" ] || fail "the last job submitted a successor"
grep -q "jobs are used up" "$work/job-1-3/out" || fail "the last job does not say the chain is used up"

# Outside Slurm, and with bad settings: one line, exit 2.
rc=0; (cd "$src" && env -u SLURM_JOB_ID "$chain" > "$work/outside" 2>&1) || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l < "$work/outside")" = 1 ] || fail "outside Slurm: exit $rc, $(cat "$work/outside")"
rc=0; (cd "$src" && MAX_JOBS=0 "$chain" --dry-run > "$work/bad" 2>&1) || rc=$?
[ "$rc" = 2 ] && grep -q "MAX_JOBS='0'" "$work/bad" || fail "MAX_JOBS=0 accepted"
rc=0; (cd "$src" && "$chain" --now > "$work/bad" 2>&1) || rc=$?
[ "$rc" = 2 ] && grep -q "unknown argument '--now'" "$work/bad" || fail "an unknown argument accepted"
echo "slurm-chain.sh: parses, dry run, successor queued first, cancelled on completion and bad input, kept on failure, chain bounded"
