#!/usr/bin/env bash
# Installs what is missing, builds newsline with warnings as errors and runs
# the whole test suite. Build folder: build/ (override with BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -DNEWSLINE_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
