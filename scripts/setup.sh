#!/usr/bin/env bash
# Installs the Debian 12 packages newsline needs to build and test, when missing.
# Safe to run again: it installs only what dpkg does not report as installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libicu-dev libre2-dev nlohmann-json3-dev libxml2-dev libcld2-dev
  libcli11-dev libxxhash-dev
  libcurl4-openssl-dev libsqlite3-dev zlib1g-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev libvalijson-dev libcpp-httplib-dev
  nghttp2-server
  time
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
