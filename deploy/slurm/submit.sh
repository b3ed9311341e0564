#!/usr/bin/env bash
# Queues a sharded beyondpoc run on Slurm: a job array (one shard per task, beyondpoc-array.sbatch)
# and the merge (merge.sbatch), which starts only once every task has ended well
# (--dependency=afterok:<array job id>). Prints both job ids.
#
#   deploy/slurm/submit.sh [--rerun INDEXES] [SBATCH_OPTION…]
#
# Parameters through the environment (see beyondpoc-array.sbatch): BEYONDPOC_SCENARIO, BEYONDPOC_COMMAND,
# BEYONDPOC_TRIALS, BEYONDPOC_SEED, BEYONDPOC_OPTIONS, BEYONDPOC, BEYONDPOC_MODULES, and
#   BEYONDPOC_SHARDS       n, the number of shards (default: 4)
#   BEYONDPOC_MAX_RUNNING  at most this many tasks at once (default: no limit)
#   BEYONDPOC_PARTS        folder of the part folders (default: notebooks-data/<scenario stem>/<command>)
#   BEYONDPOC_RESULT       folder of the final files (default: <parts folder>/merged)
# --rerun INDEXES queues only those array indexes (Slurm syntax: 2, or 1,3, or 4-6), e.g. the tasks
# that failed, and a new merge after them; the other parts stay as they are.
# SBATCH_OPTIONs (e.g. --partition=… --account=… --time=…) go to both jobs.
# Logs go to <parts folder>/logs/. Exit 0 once both jobs are queued, 64 on a usage error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() { echo "usage: $0 [--rerun INDEXES] [SBATCH_OPTION…]  (see the comment at the top of $0)" >&2; exit 64; }

indexes=
sbatch_options=()
while [ $# -gt 0 ]; do
  case $1 in
    --rerun) [ $# -ge 2 ] || usage; indexes=$2; shift 2 ;;
    --rerun=*) indexes=${1#--rerun=}; shift ;;
    -a|--array|--array=*|--dependency*|-d) echo "submit.sh sets --array and --dependency itself; use --rerun INDEXES" >&2; exit 64 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) sbatch_options+=("$1"); shift ;;
  esac
done

absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

export BEYONDPOC_COMMAND=${BEYONDPOC_COMMAND:-run}
scenario=${BEYONDPOC_SCENARIO:-scenarios/reference.scenario}
[ -f "$scenario" ] || { echo "submit.sh: no scenario file $scenario (set BEYONDPOC_SCENARIO)" >&2; exit 66; }
export BEYONDPOC_SCENARIO; BEYONDPOC_SCENARIO=$(absolute "$scenario")
export BEYONDPOC_TRIALS=${BEYONDPOC_TRIALS:-10000}
export BEYONDPOC_SEED=${BEYONDPOC_SEED:-1}
export BEYONDPOC_SHARDS=${BEYONDPOC_SHARDS:-4}
[[ $BEYONDPOC_SHARDS =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: BEYONDPOC_SHARDS must be a whole number ≥ 1 (got $BEYONDPOC_SHARDS)" >&2; exit 64; }
stem=$(basename "$scenario" .scenario)
export BEYONDPOC_PARTS; BEYONDPOC_PARTS=$(absolute "${BEYONDPOC_PARTS:-notebooks-data/$stem/$BEYONDPOC_COMMAND}")
export BEYONDPOC_RESULT; BEYONDPOC_RESULT=$(absolute "${BEYONDPOC_RESULT:-$BEYONDPOC_PARTS/merged}")
# A path to the binary is made absolute (tasks may start elsewhere); a bare name is looked up on the nodes.
export BEYONDPOC=${BEYONDPOC:-beyondpoc}
case $BEYONDPOC in */*) BEYONDPOC=$(absolute "$BEYONDPOC") ;; esac

# A scenario that does not compile fails here, with its diagnostics, rather than in n tasks.
if command -v "$BEYONDPOC" >/dev/null 2>&1; then
  "$BEYONDPOC" check "$BEYONDPOC_SCENARIO" >/dev/null || exit $?
fi

array=${indexes:-0-$((BEYONDPOC_SHARDS - 1))}
[ -z "${BEYONDPOC_MAX_RUNNING:-}" ] || array+="%$BEYONDPOC_MAX_RUNNING"
logs="$BEYONDPOC_PARTS/logs"
mkdir -p "$logs"   # Slurm does not create the folder of --output; a task without one fails silently.

# --parsable prints "id" or "id;cluster".
array_job=$(sbatch --parsable --export=ALL --array="$array" --output="$logs/shard-%A_%a.out" \
  ${sbatch_options[@]+"${sbatch_options[@]}"} "$here/beyondpoc-array.sbatch")
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable --export=ALL --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$logs/merge-%j.out" ${sbatch_options[@]+"${sbatch_options[@]}"} "$here/merge.sbatch")
merge_job=${merge_job%%;*}

echo "submitted array job $array_job: indexes $array of $BEYONDPOC_SHARDS shards, $BEYONDPOC_COMMAND $BEYONDPOC_SCENARIO, parts in $BEYONDPOC_PARTS"
echo "submitted merge job $merge_job: after every task ends well (afterok:$array_job), writes $BEYONDPOC_RESULT"
echo "logs: $logs"
