#!/usr/bin/env bash
# Installs what is missing, builds newsline and prints the event timeline of
# the bundled corpus/. Articles without a publication date of their own (the
# plain-text ones) are read as published on 2024-06-05.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc)" --target newsline >/dev/null
exec ./build/tools/newsline analyze --reference-date 2024-06-05 corpus/ "$@"
