#!/usr/bin/env bash
# `hccws batch` on a real single-node Slurm (issue 18): munged, slurmctld and slurmd started here (root; a private
# configuration in a temporary folder, free ports on this host), six synthetic phantom cases submitted with
# app/batch/submit.sh as an array of 3 tasks plus the merge that waits for them, one task cancelled while it works
# and resubmitted alone, and the merged cohort CSV compared with a one-process run's. The daemons are stopped at
# the end. Skipped (exit 77) with the reason when Slurm cannot start - a failure under CI=true.
# Usage: tests/app/slurm_batch.sh HCCWS_EXE
set -uo pipefail
hccws=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${HCCWS_TEST_TMP:-/tmp}/slurm_batch
skip() {
  echo "SKIPPED: $*"
  [[ ${CI:-} == true ]] && exit 1
  exit 77
}
for tool in munged slurmctld slurmd sbatch squeue scancel sinfo; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (Debian packages slurm-wlm and munge)"
done
[[ $(id -u) == 0 ]] || skip "slurmd needs root"
rm -rf "$work"
mkdir -p "$work/state" "$work/spool" "$work/munge"
chmod 700 "$work/munge"
head -c 1024 /dev/urandom >"$work/munge/munge.key"
chmod 600 "$work/munge/munge.key"
cleanup() {
  for p in slurmd slurmctld; do [[ -f $work/$p.pid ]] && kill "$(cat "$work/$p.pid")" 2>/dev/null; done
  [[ -f $work/munge/munged.pid ]] && kill "$(cat "$work/munge/munged.pid")" 2>/dev/null
  sleep 1
}
trap cleanup EXIT
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munge.seed" || skip "munged did not start"
free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    (echo >/dev/tcp/127.0.0.1/"$p") 2>/dev/null || { echo "$p"; return; }
  done
}
ctld_port=$(free_port)
d_port=$(free_port)
host=$(hostname)
mem=$(awk '/MemTotal/{print int($2 / 1024 * 0.8)}' /proc/meminfo)
cat >"$work/slurm.conf" <<CONF
ClusterName=hccwstest
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
NodeName=$host CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -c || skip "slurmctld did not start: $(tail -n 3 "$work/slurmctld.log" 2>/dev/null)"
slurmd || skip "slurmd did not start: $(tail -n 3 "$work/slurmd.log" 2>/dev/null)"
for _ in $(seq 1 30); do
  [[ $(sinfo -h -o %t 2>/dev/null) == idle ]] && break
  sleep 1
done
[[ $(sinfo -h -o %t 2>/dev/null) == idle ]] || skip "the Slurm node did not become idle: $(tail -n 3 "$work/slurmd.log")"
echo "slurm: controller on port $ctld_port, node $host idle"

# six phantoms and their manifest
echo "id,arterial,portal_venous" >"$work/manifest.csv"
for k in 0 1 2 3 4 5; do
  "$hccws" -q phantom --out "$work/ph$k" --seed $((400 + k)) --size 64,64,32 --spacing 4,4,5 >/dev/null || exit 1
  echo "case$k,ph$k/arterial.nii.gz,ph$k/portal_venous.nii.gz" >>"$work/manifest.csv"
done
# the one-process reference
"$hccws" batch run --no-report --manifest "$work/manifest.csv" --out "$work/one" >/dev/null 2>&1 || exit 1
"$hccws" batch merge --manifest "$work/manifest.csv" --out "$work/one" >/dev/null || exit 1

wait_for() {  # job ids: until none is queued or running (at most $2 seconds)
  for _ in $(seq 1 "$2"); do
    [[ -z $(squeue -h -j "$1" 2>/dev/null) ]] && return 0
    sleep 1
  done
  echo "FAIL: jobs $1 still queued after $2 s"; squeue; exit 1
}
ids=$(HCCWS=$hccws "$root/app/batch/submit.sh" 3 "$work/manifest.csv" "$work/out" -- --no-report) || exit 1
array=${ids% *}
merge=${ids#* }
echo "submitted: array $array (3 tasks), merge $merge (afterany)"
# task 1 cancelled while it works
for _ in $(seq 1 60); do
  [[ $(squeue -h -j "${array}_1" -o %T 2>/dev/null) == RUNNING ]] && break
  sleep 0.5
done
sleep 2
scancel "${array}_1"
echo "cancelled task ${array}_1 while it ran"
wait_for "$array,$merge" 300
grep -q "case1,done" "$work/out/cohort.csv" && grep -q "case4,done" "$work/out/cohort.csv" &&
  { echo "FAIL: task 1 was cancelled, yet both its cases are done"; exit 1; }
# task 1 resubmitted alone (its shard named: an array of one task would be shard 0/1), then the merge again
export HCCWS=$hccws
again=$(sbatch --parsable --array=1 --chdir="$work/out/slurm" "$root/app/batch/hccws-batch.sbatch" \
  "$work/manifest.csv" "$work/out" --no-report --shard 1/3 2>&1 | sed 's/;.*//')
remerge=$(sbatch --parsable --dependency=afterany:"$again" --chdir="$work/out/slurm" --output=%x-%j.out \
  --wrap "\"$hccws\" batch merge --manifest \"$work/manifest.csv\" --out \"$work/out\"" | sed 's/;.*//')
wait_for "$again,$remerge" 300
if ! diff "$work/one/cohort.csv" "$work/out/cohort.csv"; then
  echo "FAIL: the merged cohort CSV differs from the one-process run's"
  exit 1
fi
echo "OK: 6 cases as an array of 3 tasks on Slurm, task 1 cancelled and resubmitted; cohort.csv equals the one-process run's"
