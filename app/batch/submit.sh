#!/usr/bin/env bash
# Submits an `hccws batch` to Slurm: an array of TASKS tasks (app/batch/hccws-batch.sbatch) and the merge that
# runs after every task has ended (afterany: a task with a failed case still lets the merge report it), which
# writes OUT_DIR/cohort.csv. Prints the two job IDs ("ARRAY MERGE").
# Usage: app/batch/submit.sh TASKS MANIFEST.csv OUT_DIR [sbatch options for the array, e.g. --partition=gpu
#        --gres=gpu:1] [-- hccws batch run options, e.g. --device cuda --no-report]
# Environment: HCCWS (the hccws executable, default: hccws on the PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tasks=$1
manifest=$(realpath "$2")
out=$(realpath -m "$3")
shift 3
sbatch_opts=()
while [[ $# -gt 0 && $1 != -- ]]; do sbatch_opts+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
mkdir -p "$out/slurm"
array=$(sbatch --parsable --array=0-$((tasks - 1)) --chdir="$out/slurm" "${sbatch_opts[@]}" \
  "$here/hccws-batch.sbatch" "$manifest" "$out" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterany:"$array" --job-name=hccws-merge --chdir="$out/slurm" \
  --output=%x-%j.out --wrap "\"${HCCWS:-hccws}\" batch merge --manifest \"$manifest\" --out \"$out\"")
echo "$array ${merge%%;*}"
