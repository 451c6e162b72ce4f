#!/usr/bin/env bash
# The md-paper campaign as a chain of Slurm jobs. Submit once, from the bmgcreep source folder:
#
#   sbatch cases/md-paper/slurm-chain.sh                # job 1 of the chain
#   cases/md-paper/slurm-chain.sh --dry-run             # print the chain, submit and run nothing
#
# Each job first submits its successor (`--dependency=afterany` on itself), then runs
# `bmgcreep md DECK --output DIR` under srun. The campaign resumes from its stage records
# (docs/atomistic.md, "Resume"): a job stopped by its wall-time limit or a node failure loses at
# most the stage in progress of each sample, and the successor starts from the stages done. A job
# that finishes the campaign (exit 0) cancels its successor; bad input (exit 2: a deck, potential
# or stage record refused) cancels it too and ends the chain, since a resubmission would fail the
# same way; any other end (a LAMMPS abort, exit 1; a kill) leaves the successor to retry. The
# chain stops after MAX_JOBS jobs in any case.
#
# Settings (environment, or edit the #SBATCH lines for the cluster's partition and account):
#   BMGCREEP  the program (default: build/app/bmgcreep of the submit folder)
#   DECK      the campaign deck (default: cases/md-paper/campaign.prm)
#   OUTPUT    the campaign folder (default: results/md-paper)
#   MAX_JOBS  jobs in the chain at most (default 20: 20 x 24 h, over five times the estimated
#             80 h of cases/md-paper/README.md)
#   LAUNCH    the MPI launcher (default: srun; e.g. "mpirun" where srun does not start MPI jobs)
#
#SBATCH --job-name=bmgcreep-md-paper
#SBATCH --ntasks=640
#SBATCH --time=24:00:00
#SBATCH --output=bmgcreep-md-paper-%j.out
set -euo pipefail

dry_run=0
case "${1:-}" in
  --dry-run) dry_run=1 ;;
  "") ;;
  *) echo "slurm-chain.sh: unknown argument '$1' (allowed: --dry-run)" >&2; exit 2 ;;
esac

# Under sbatch the script runs from a copy in Slurm's spool folder: the chain resubmits the file
# the first job was submitted with, which it passes on.
submit_dir=${SLURM_SUBMIT_DIR:-$PWD}
script=${BMGCREEP_CHAIN_SCRIPT:-$(cd "$(dirname "$0")" && pwd)/$(basename "$0")}
bmgcreep=${BMGCREEP:-$submit_dir/build/app/bmgcreep}
deck=${DECK:-$submit_dir/cases/md-paper/campaign.prm}
output=${OUTPUT:-$submit_dir/results/md-paper}
max_jobs=${MAX_JOBS:-20}
launch=${LAUNCH:-srun}
step=${BMGCREEP_CHAIN_STEP:-1}

if ! [[ $max_jobs =~ ^[1-9][0-9]*$ ]]; then
  echo "slurm-chain.sh: MAX_JOBS='$max_jobs' must be a whole number >= 1" >&2
  exit 2
fi
if ! [[ $step =~ ^[1-9][0-9]*$ ]]; then
  echo "slurm-chain.sh: BMGCREEP_CHAIN_STEP='$step' must be a whole number >= 1" >&2
  exit 2
fi

submit_next() { # queues the successor of Slurm job $1; prints its job id
  sbatch --parsable --dependency="afterany:$1" \
    --export="ALL,BMGCREEP_CHAIN_STEP=$((step + 1)),BMGCREEP_CHAIN_SCRIPT=$script" "$script"
}
read -r -a launcher <<< "$launch"
run_campaign() { "${launcher[@]}" "$bmgcreep" md "$deck" --output "$output"; }
run_command="$launch $bmgcreep md $deck --output $output"

if [ "$dry_run" = 1 ]; then
  echo "chain of at most $max_jobs jobs ($script)"
  echo "check: $bmgcreep md $deck --check"
  for ((k = step; k <= max_jobs; ++k)); do
    echo "job $k: $run_command"
    if ((k < max_jobs)); then
      echo "  first submits job $((k + 1)): sbatch --dependency=afterany:<job $k> (BMGCREEP_CHAIN_STEP=$((k + 1)))"
      echo "  exit 0 (campaign complete) or 2 (bad input): scancel job $((k + 1)), the chain ends"
    else
      echo "  the last job: submits none; if the campaign is unfinished, submit again with BMGCREEP_CHAIN_STEP=1"
    fi
    if ((k == step + 2 && max_jobs > step + 3)); then
      echo "... (jobs $((k + 1)) to $((max_jobs - 1)) the same)"
      k=$((max_jobs - 1))
    fi
  done
  if [ -x "$bmgcreep" ] && [ -f "$deck" ]; then
    "$bmgcreep" md "$deck" --check | tail -n 1
  fi
  exit 0
fi

if [ -z "${SLURM_JOB_ID:-}" ]; then
  echo "slurm-chain.sh: not inside a Slurm job: submit it with 'sbatch $script', or see the chain with --dry-run" >&2
  exit 2
fi

cd "$submit_dir"
echo "chain job $step of at most $max_jobs (Slurm job $SLURM_JOB_ID), $(date -u +%FT%TZ)"
# Refuse bad input before any MPI start (and before queueing a successor that would fail too).
if ! "$bmgcreep" md "$deck" --check > /dev/null; then
  echo "chain job $step: the deck does not pass --check; the chain ends" >&2
  exit 2
fi
next=""
if ((step < max_jobs)); then
  next=$(submit_next "$SLURM_JOB_ID")
  echo "chain job $step: submitted job $((step + 1)) as Slurm job $next (runs after this one ends)"
fi
set +e
run_campaign
rc=$?
set -e
case $rc in
  0)
    echo "chain job $step: campaign complete ($output/campaign.csv)"
    [ -z "$next" ] || scancel "$next"
    ;;
  2)
    echo "chain job $step: bad input (exit 2); the chain ends" >&2
    [ -z "$next" ] || scancel "$next"
    ;;
  *)
    if [ -n "$next" ]; then
      echo "chain job $step: ended with exit $rc before the campaign finished; job $next resumes it" >&2
    else
      echo "chain job $step: ended with exit $rc; the chain's $max_jobs jobs are used up (submit again to go on)" >&2
    fi
    ;;
esac
exit "$rc"
