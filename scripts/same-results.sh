#!/usr/bin/env bash
# Shows that a change moved no number: runs every shipped scenario (and ../shared/examples when it
# sits beside the repository) with this checkout's release build and with a base revision's, at a
# fixed seed (compare: the baseline and every mix), on 1 and 2 threads, and compares summary.csv and
# scalars.csv byte for byte (compare.csv gained a column in this round, so it is not compared).
#
#   scripts/same-results.sh BASE_REV            # builds BASE_REV in a temporary worktree
#   BASE_BINARY=path/to/beyondpoc scripts/same-results.sh   # reuses a base binary
#   HEAD_BINARY=.build/debug/beyondpoc …                    # reuses this checkout's build
#
# Options through the environment: TRIALS (default 4000), SEED (default 7).
# Exit 0 when every file is identical, 1 when one differs (named), 2 on a usage or build problem.
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${TRIALS:-4000}
seed=${SEED:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${worktree:-}" ] && git worktree remove --force "$worktree" >/dev/null 2>&1 || true' EXIT

if [ -z "${BASE_BINARY:-}" ]; then
  [ $# -eq 1 ] || { echo "usage: $0 BASE_REV (or BASE_BINARY=… $0)" >&2; exit 2; }
  worktree="$work/base"
  git worktree add --detach -q "$worktree" "$1"
  (cd "$worktree" && swift build -c release >"$work/base-build.log" 2>&1) || { tail -20 "$work/base-build.log" >&2; exit 2; }
  BASE_BINARY="$worktree/.build/release/beyondpoc"
fi
if [ -z "${HEAD_BINARY:-}" ]; then
  swift build -c release >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 2; }
  HEAD_BINARY=.build/release/beyondpoc
fi
head_binary=$HEAD_BINARY

scenarios=(scenarios/*.scenario)
[ -d ../shared/examples ] && scenarios+=(../shared/examples/*.scenario)
differ=0
for s in "${scenarios[@]}"; do
  for threads in 1 2; do
    for side in base head; do
      binary=$BASE_BINARY; [ "$side" = head ] && binary=$head_binary
      "$binary" compare "$s" --trials "$trials" --seed "$seed" --threads "$threads" --no-progress \
        --out "$work/$side" >/dev/null 2>"$work/$side.err" || { cat "$work/$side.err" >&2; exit 2; }
    done
    for f in summary.csv scalars.csv; do
      if cmp -s "$work/base/$f" "$work/head/$f"; then
        echo "same       $s ($threads threads) $f"
      else
        echo "DIFFERENT  $s ($threads threads) $f"
        differ=1
      fi
    done
  done
done
exit $differ
