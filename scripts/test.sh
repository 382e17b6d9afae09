#!/bin/sh
# test.sh: the whole test suite. Installs missing dependencies, configures
# ./build if needed, builds, and runs every meson test suite; then the same
# suite again built with AddressSanitizer + UndefinedBehaviorSanitizer
# (./build-asan). CERTREQ_SKIP_SANITIZERS=1 skips the second pass locally.
# In CI (CI=true) the tree is also compiled with --buildtype=release (-O3,
# -Werror) and cross built for arm64, tested under qemu (scripts/cross-arm64.sh),
# and with clang++ installed every libFuzzer target then runs for
# CERTREQ_FUZZ_SECONDS (default 30) each (scripts/fuzz.sh; 13 targets: ~7 min).
# Extra arguments go to both `meson test` runs (e.g. --suite inf).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh

setup() {  # setup DIR [meson options...]: configure once, reconfigure after
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

setup build
meson compile -C build
meson test -C build --print-errorlogs "$@"

if [ "${CERTREQ_SKIP_SANITIZERS:-0}" != 1 ]; then
  # The sanitizer runtimes need a dynamically linked driver.
  setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Ddriver_static=false --buildtype=debug
  meson compile -C build-asan
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --print-errorlogs "$@"
fi

if [ "${CI:-}" = true ]; then
  # -O3 warns differently (GCC 12's false -Wrestrict/-Warray-bounds in
  # libstdc++): the tree must also compile warning-free as users build it.
  setup build-release --buildtype=release
  meson compile -C build-release
fi

if [ "${CI:-}" = true ]; then
  # The arm64 cross build under qemu (~12 min on 2 idle cores): the unit,
  # driver and hardening suites on a machine where char is unsigned.
  scripts/cross-arm64.sh
fi

if [ "${CI:-}" = true ] && command -v clang++ >/dev/null; then
  scripts/fuzz.sh -t "${CERTREQ_FUZZ_SECONDS:-30}"
fi
