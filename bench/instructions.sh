#!/usr/bin/env bash
# Counts the instructions `newsline analyze` executes per byte of text on a
# warm pass, with valgrind's callgrind: a figure that, unlike times on a
# shared machine, does not drift. The input is read twice, once to build
# the regular expressions' automata and once more; the difference between
# the two runs is the warm pass. Instructions are not time (cache misses
# are not counted), so a change that gains here still needs a timing.
#   bench/instructions.sh [BUILD_DIR] INPUT.jsonl
# INPUT is JSON Lines of {"id", "text"} in languages newsline has rules for
# (see docs/PERFORMANCE.md); one job.
set -euo pipefail
if [[ $# -eq 1 ]]; then
  build=build
  input="$1"
elif [[ $# -eq 2 ]]; then
  build="$1"
  input="$2"
else
  echo "usage: $0 [BUILD_DIR] INPUT.jsonl" >&2
  exit 2
fi
command -v valgrind >/dev/null || {
  echo "$0: needs valgrind (apt install valgrind)" >&2
  exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$input" "$input" >"$tmp/twice.jsonl"
count() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" \
    --toggle-collect='newsline::Analyzer::AnalyzeBatch*' \
    "$build/tools/newsline" analyze --jobs 1 --format jsonl "$1" \
    2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); print $NF }' || true
}
once=$(count "$input")
twice=$(count "$tmp/twice.jsonl")
if [[ -z $once || -z $twice ]]; then
  echo "$0: valgrind printed no instruction count" >&2
  exit 1
fi
bytes=$(python3 -c 'import json,sys
print(sum(len(json.loads(l).get("text","").encode()) for l in open(sys.argv[1]) if l.strip()))' "$input")
awk -v a="$once" -v b="$twice" -v n="$bytes" 'BEGIN {
  printf "first pass %.0f M instructions, warm pass %.0f M, %.0f per byte of text (%d bytes)\n",
         a / 1e6, (b - a) / 1e6, (b - a) / n, n }'
