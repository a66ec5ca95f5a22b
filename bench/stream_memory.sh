#!/usr/bin/env bash
# Streams SIZE bytes (default 1 GB) of JSON Lines articles through
# `newsline analyze --format jsonl -` and reports throughput and the peak
# resident memory of the newsline process. Target: under 300 MB.
#   bench/stream_memory.sh [BUILD_DIR] [SIZE] [JOBS]
set -euo pipefail
build="${1:-build}"
size="${2:-1000000000}"
jobs="${3:-$(nproc)}"
start=$(date +%s.%N)
"$build/bench/make_stream" "$size" |
  /usr/bin/time -f "%M" -o /tmp/newsline_stream_rss \
    "$build/tools/newsline" analyze --format jsonl --jobs "$jobs" - >/dev/null
end=$(date +%s.%N)
rss_kb=$(tail -n 1 /tmp/newsline_stream_rss)
awk -v s="$size" -v t0="$start" -v t1="$end" -v rss="$rss_kb" -v j="$jobs" 'BEGIN {
  printf "streamed %.0f MB with %d jobs in %.1f s (%.1f MB/s of JSONL), peak RSS %.0f MB\n",
         s / 1e6, j, t1 - t0, s / 1e6 / (t1 - t0), rss / 1024 }'
