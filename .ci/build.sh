#!/usr/bin/env bash
# Configures (Ninja, ccache) and builds the whole workstation into ${HCCWS_BUILD_DIR:-build}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HCCWS_BUILD_DIR:-$root/build}
jobs=${HCCWS_JOBS:-$(nproc)}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${HCCWS_BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build" -j "$jobs"
