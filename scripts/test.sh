#!/bin/sh
# test.sh: the whole test suite. Installs missing dependencies, configures
# ./build if needed, builds, and runs every meson test suite.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
if [ -f build/build.ninja ]; then
  meson setup --reconfigure build >/dev/null
else
  meson setup build >/dev/null
fi
meson compile -C build
meson test -C build --print-errorlogs "$@"
