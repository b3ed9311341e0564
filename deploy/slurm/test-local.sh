#!/usr/bin/env bash
# Proves the Slurm deployment on this one machine: installs Slurm and munge from Debian packages if
# they are missing, starts a private one-node cluster without systemd (configuration, state, sockets
# and logs in one temporary folder; munged, slurmctld and slurmd started here and stopped by their
# PID files), submits a 4-task array and the dependent merge through submit.sh, and compares the
# merged files byte for byte with an unsharded run of the same command. It stops its daemons and
# removes its folder on success, failure, time-out and Ctrl-C, so it can run again at once.
#
#   deploy/slurm/test-local.sh [BEYONDPOC_BINARY]   # without one: swift build -c release
#
# Environment: TEST_COMMAND (run, compare or decide; default compare), TEST_SCENARIO (default
# scenarios/reference.scenario), TEST_TRIALS (default 4000), TEST_SEED (default 7), TEST_SHARDS
# (default 4), TEST_TIMEOUT (seconds for the jobs, default 300), KEEP_FOLDER=1 (keep the folder
# after a failure, daemons stopped, to read its logs), TEST_RESUME=1 (array index 1 fails once;
# the test then reruns it with `submit.sh --rerun 1`, as the README tells users to, before comparing).
#
# Needs root (apt-get, the munge user, the daemons). Exit 0 when every file is identical; 1 on a
# difference, a failed job or a time-out; 2 on a set-up problem; 130 on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=deploy/slurm

command=${TEST_COMMAND:-compare}
scenario=${TEST_SCENARIO:-scenarios/reference.scenario}
trials=${TEST_TRIALS:-4000}
seed=${TEST_SEED:-7}
shards=${TEST_SHARDS:-4}
job_timeout=${TEST_TIMEOUT:-300}
daemon_timeout=30
folder_prefix="${TMPDIR:-/tmp}/beyondpoc-slurm."

say() { echo "test-local: $*"; }
die() { echo "test-local: FAIL: $*" >&2; exit "${2:-1}"; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[ "$(id -u)" -eq 0 ] || die "needs root (apt-get, the munge user, the Slurm daemons): run it with sudo" 2

# --- the binary ---------------------------------------------------------------------------------
if [ $# -ge 1 ]; then
  binary=$1
else
  say "building beyondpoc (swift build -c release)"
  build_log=$(mktemp)
  swift build -c release >"$build_log" 2>&1 || { tail -n 30 "$build_log" >&2; rm -f "$build_log"; die "swift build -c release failed" 2; }
  rm -f "$build_log"
  binary=.build/release/beyondpoc
fi
[ -x "$binary" ] || die "$binary is not an executable" 2
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

# --- Slurm and munge from Debian packages -------------------------------------------------------
missing=()
for program in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge; do
  command -v "${program%%:*}" >/dev/null 2>&1 || missing+=("${program##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} with apt-get"
  apt-get update -qq >/dev/null || die "apt-get update failed" 2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed" 2
fi

# --- stopping daemons by PID file ---------------------------------------------------------------
# True when PID_FILE names a live process of the program NAME (a PID file can outlive its process
# and the number be reused).
daemon_alive() {
  local pid
  [ -s "$1" ] && pid=$(tr -dc 0-9 <"$1") && [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

# Stops the daemons named in PID files (arguments NAME:PID_FILE) all at once: TERM, then KILL those
# still alive after 10 s.
stop_by_pid_files() {
  local entry name pid_file pid pids=() tries alive
  for entry in "$@"; do
    name=${entry%%:*} pid_file=${entry#*:}
    daemon_alive "$pid_file" "$name" || continue
    pid=$(tr -dc 0-9 <"$pid_file")
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  for ((tries = 0; tries < 100; tries++)); do
    alive=0
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; break; fi
    done
    [ "$alive" -eq 1 ] || return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "test-local: $(cat "/proc/$pid/comm" 2>/dev/null) (pid $pid) ignored TERM for 10 s: KILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

stop_cluster_in() {
  local dir=$1 tries
  if [ -f "$dir/slurm.conf" ] && daemon_alive "$dir/run/slurmctld.pid" slurmctld; then
    # Jobs first: slurmd's step daemons outlive it otherwise.
    SLURM_CONF="$dir/slurm.conf" scancel --quiet --user=root >/dev/null 2>&1 || true
    for ((tries = 0; tries < 100; tries++)); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  stop_by_pid_files "slurmd:$dir/run/slurmd.pid" "slurmctld:$dir/run/slurmctld.pid" "munged:$dir/munge/munged.pid"
}

# A run killed outright (kill -9, a lost machine) leaves its folder and maybe its daemons behind:
# stop those whose owning test is gone and remove their folders. A live run's folder is left alone.
for stale in "$folder_prefix"*; do
  [ -d "$stale" ] || continue
  owner=$(cat "$stale/owner.pid" 2>/dev/null || true)
  if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then continue; fi
  say "cleaning the leftovers of an earlier run: $stale"
  stop_cluster_in "$stale"
  rm -rf "$stale"
done

# --- one folder for everything ------------------------------------------------------------------
started=$(now)
work=$(mktemp -d "${folder_prefix}XXXXXX")
chmod 0755 "$work"   # munged, running as munge, must reach its folder inside
echo $$ >"$work/owner.pid"

cleanup() {
  local status=$? stop_started
  trap - EXIT INT TERM
  set +e
  stop_started=$(now)
  stop_cluster_in "$work"
  if [ "$status" -ne 0 ] && [ "${KEEP_FOLDER:-0}" = 1 ]; then
    rm -f "$work/owner.pid"
    say "kept $work (daemons stopped)"
  else
    rm -rf "$work"
  fi
  say "stop: $(seconds_since "$stop_started") s; whole cycle: $(seconds_since "$started") s"
  exit "$status"
}
trap cleanup EXIT
trap 'echo "test-local: interrupted" >&2; exit 130' INT
trap 'echo "test-local: terminated" >&2; exit 143' TERM

# Prints the tail of every log of the cluster and the jobs (called before failing).
show_logs() {
  local log
  for log in "$work"/log/*.log "$work"/munge/munged.log "$work"/parts/logs/*.out; do
    [ -s "$log" ] || continue
    echo "----- ${log#"$work"/} (last lines)" >&2
    tail -n 15 "$log" >&2
  done
}

# --- munge --------------------------------------------------------------------------------------
mkdir -p "$work/munge"
head -c 1024 /dev/urandom >"$work/munge/munge.key"
chown -R munge:munge "$work/munge"
chmod 0755 "$work/munge"
chmod 0400 "$work/munge/munge.key"
socket="$work/munge/munge.socket.2"
runuser -u munge -- munged --socket="$socket" --key-file="$work/munge/munge.key" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munged.seed" || { show_logs; die "munged did not start" 2; }
for ((tries = 0; ; tries++)); do
  munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1 && break
  [ "$tries" -lt $((daemon_timeout * 10)) ] || { show_logs; die "munged does not answer on $socket after ${daemon_timeout} s" 2; }
  sleep 0.1
done

# --- slurm.conf ---------------------------------------------------------------------------------
node=$(hostname -s)
# CPUs and memory as slurmd itself measures them, so that it does not drain the node for a mismatch.
hardware=$(slurmd -C | head -n 1)
cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$hardware")
memory=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$hardware")
[ -n "$cpus" ] && [ -n "$memory" ] || die "cannot read CPUs and RealMemory from slurmd -C: $hardware" 2

# Two free TCP ports, the usual ones if nothing (a real Slurm, another test) holds them.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port=6817
while port_in_use "$ctld_port" || port_in_use $((ctld_port + 1)); do ctld_port=$((ctld_port + 2)); done

mkdir -p "$work/state" "$work/spool" "$work/run" "$work/log" "$work/parts"
cat >"$work/slurm.conf" <<CONF
# A one-node cluster for deploy/slurm/test-local.sh; everything lives in $work.
ClusterName=beyondpoc-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
MinJobAge=3600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

# --- slurmctld and slurmd (both daemonise) ------------------------------------------------------
slurmctld -f "$SLURM_CONF" || { show_logs; die "slurmctld did not start" 2; }
slurmd -f "$SLURM_CONF" -N "$node" || { show_logs; die "slurmd did not start" 2; }
for ((tries = 0; ; tries++)); do
  state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  if [ "$tries" -ge $((daemon_timeout * 10)) ]; then
    show_logs
    die "node $node is not idle after ${daemon_timeout} s (state: ${state:-none}; $(sinfo -h -R 2>/dev/null))" 2
  fi
  sleep 0.1
done
say "cluster up: node $node, $cpus CPUs, ${memory} MB, ports $ctld_port-$((ctld_port + 1)) ($(seconds_since "$started") s)"

# --- the array and the merge --------------------------------------------------------------------
# Queues the array (indexes: all, or those given to --rerun) and the merge through submit.sh with
# the binary $1; sets array_job and merge_job.
submit() {
  local binary_for_jobs=$1 submitted
  shift
  submitted=$(BEYONDPOC="$binary_for_jobs" BEYONDPOC_COMMAND="$command" BEYONDPOC_SCENARIO="$scenario" \
    BEYONDPOC_TRIALS="$trials" BEYONDPOC_SEED="$seed" BEYONDPOC_SHARDS="$shards" \
    BEYONDPOC_PARTS="$work/parts" BEYONDPOC_RESULT="$work/merged" \
    "$here/submit.sh" "$@" --cpus-per-task=1 --mem=1G --time=00:10:00) || { show_logs; die "submit.sh failed" 2; }
  echo "$submitted"
  array_job=$(sed -n 's/^submitted array job \([0-9]*\).*/\1/p' <<<"$submitted")
  merge_job=$(sed -n 's/^submitted merge job \([0-9]*\).*/\1/p' <<<"$submitted")
  [ -n "$array_job" ] && [ -n "$merge_job" ] || die "cannot read the job ids from submit.sh's output" 2
}

# Waits until every task of the array and the merge have ended (squeue lists ended jobs for
# MinJobAge; a failed task makes Slurm cancel the merge, --kill-on-invalid-dep), or dies at the
# time-out. Sets final_states to "id state" lines.
wait_for_jobs() {
  local waiting_since daemon states
  waiting_since=$(now)
  while :; do
    states=$(squeue -h -t all -j "$array_job,$merge_job" -o '%i %T %r')
    if [ -n "$states" ] &&
      ! grep -Eqv '^[^ ]+ (COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|BOOT_FAIL|DEADLINE|PREEMPTED) ' <<<"$states"; then
      break
    fi
    for daemon in slurmctld slurmd; do
      daemon_alive "$work/run/$daemon.pid" "$daemon" || { show_logs; die "$daemon has stopped"; }
    done
    if awk -v s="$(seconds_since "$waiting_since")" -v t="$job_timeout" 'BEGIN { exit !(s > t) }'; then
      show_logs
      die "time-out: the jobs have not ended after $job_timeout s:
$states"
    fi
    sleep 0.2
  done
  final_states=$(awk '{ print $1, $2 }' <<<"$states" | sort -V)
  say "jobs $array_job (array) and $merge_job (merge) ended after $(seconds_since "$waiting_since") s:"
  squeue -h -t all -j "$array_job,$merge_job" -o '  %i %T on %N, start %S end %e' | sort -V
}

jobs_started=$(now)
if [ "${TEST_RESUME:-0}" = 1 ]; then
  [ "$shards" -ge 2 ] || die "TEST_RESUME=1 needs TEST_SHARDS ≥ 2" 2
  # The README's recovery, end to end: array index 1 fails once (a test double in front of the
  # binary, as a lost node would), the merge is cancelled, then `submit.sh --rerun 1` reruns that
  # index alone and a new merge joins its part with the three that were done.
  flaky="$work/flaky-beyondpoc"
  cat >"$flaky" <<FLAKY
#!/usr/bin/env bash
if [ "\${SLURM_ARRAY_TASK_ID:-}" = 1 ] && mkdir "$work/flaky-failed-once" 2>/dev/null; then
  echo "flaky-beyondpoc: array index 1 fails this once (test double)" >&2
  exit 75
fi
exec "$binary" "\$@"
FLAKY
  chmod +x "$flaky"
  submit "$flaky"
  wait_for_jobs
  expected_states=$(for ((index = 0; index < shards; index++)); do
    if [ "$index" = 1 ]; then echo "${array_job}_$index FAILED"; else echo "${array_job}_$index COMPLETED"; fi
  done; echo "$merge_job CANCELLED")
  [ "$final_states" = "$expected_states" ] || { show_logs; die "expected index 1 to fail and the merge to be cancelled, got:
$final_states"; }
  say "as expected: index 1 failed and the merge was cancelled; rerunning index 1 and the merge"
  submit "$flaky" --rerun 1
else
  submit "$binary"
fi
wait_for_jobs
bad=$(grep -v ' COMPLETED$' <<<"$final_states" || true)
[ -z "$bad" ] || { show_logs; die "a job ended badly:
$bad"; }
say "array and merge done ($(seconds_since "$jobs_started") s)"
part_file=part.json
for ((shard = 1; shard <= shards; shard++)); do
  [ -f "$work/parts/part-$shard-of-$shards/$part_file" ] || { show_logs; die "part $shard of $shards has no $part_file"; }
done

# --- the same command unsharded, and the comparison ---------------------------------------------
say "unsharded reference: $command $scenario --trials $trials --seed $seed"
"$binary" "$command" "$scenario" --trials "$trials" --seed "$seed" --no-progress --out "$work/unsharded" \
  >"$work/log/unsharded.log" 2>&1 || { show_logs; die "the unsharded run failed" 2; }
# Every result file must be identical; run.json differs by design (it lists the parts).
result_files() {
  local file
  for file in "$1"/*; do
    if [ -f "$file" ] && [ "${file##*/}" != run.json ]; then printf '%s ' "${file##*/}"; fi
  done
}
expected=$(result_files "$work/unsharded")
got=$(result_files "$work/merged")
differ=0
if [ "$expected" != "$got" ]; then
  echo "test-local: DIFFERENT file lists: unsharded has [$expected], merged has [$got]" >&2
  differ=1
fi
for file in $expected; do
  if cmp "$work/unsharded/$file" "$work/merged/$file"; then
    say "same       $file"
  else
    say "DIFFERENT  $file"
    differ=1
  fi
done
[ "$differ" -eq 0 ] || die "the merged files differ from the unsharded run"
say "PASS: $shards shards merged byte for byte equal to the unsharded $command"
