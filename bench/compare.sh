#!/usr/bin/env bash
# Compares two builds of analyze_bench by running them in alternation, so
# that the drift of a shared machine's speed (30% within an hour on the
# development VM) falls on both alike. Prints each run's throughput in MB/s
# (millions of bytes a second), then the mean and the best of each build.
#   bench/compare.sh OLD_BUILD_DIR NEW_BUILD_DIR [RUNS] [FILTER]
# FILTER is a Google Benchmark filter (default "NewsText/1", which needs
# $NEWSLINE_TEXT_JSONL; see docs/PERFORMANCE.md). Builds of an older commit
# come from a worktree:
#   git worktree add /tmp/old <commit> &&
#   cmake -S /tmp/old -B /tmp/old/build -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
#   cmake --build /tmp/old/build --target analyze_bench
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 OLD_BUILD_DIR NEW_BUILD_DIR [RUNS] [FILTER]" >&2
  exit 2
fi
old="$1"
new="$2"
runs="${3:-6}"
filter="${4:-NewsText/1}"
for build in "$old" "$new"; do
  if [[ ! -x "$build/bench/analyze_bench" ]]; then
    echo "$0: no $build/bench/analyze_bench" >&2
    exit 2
  fi
done
for ((i = 1; i <= runs; i++)); do
  for side in old new; do
    build="$old"
    [[ $side == new ]] && build="$new"
    out=$("$build/bench/analyze_bench" --benchmark_filter="$filter" \
      --benchmark_min_time=2 2>/dev/null || true)
    rate=$(grep -o 'MB/s=[0-9.]*' <<<"$out" | head -n 1 | cut -d= -f2 || true)
    if [[ -z $rate ]]; then
      # Builds before the MB/s counter: bytes_per_second, in units of 2^20.
      rate=$(grep -o 'bytes_per_second=[0-9.]*M' <<<"$out" | head -n 1 |
        tr -dc '0-9.' | awk 'NF { printf "%.3f", $1 * 1.048576 }' || true)
    fi
    if [[ -z $rate ]]; then
      echo "$0: $build/bench/analyze_bench printed no throughput for $filter" >&2
      exit 1
    fi
    echo "$side $rate"
  done
done | awk '
  { print; v = $2 + 0; sum[$1] += v; n[$1]++; if (v > best[$1]) best[$1] = v }
  END {
    for (side in sum)
      printf "%s: mean %.2f, best %.2f (%d runs)\n", side, sum[side] / n[side], best[side], n[side]
  }'
