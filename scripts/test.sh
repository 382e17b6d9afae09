#!/bin/sh
# test.sh: the whole test suite. Installs missing dependencies, configures
# ./build if needed, builds, and runs every meson test suite; then the same
# suite again built with AddressSanitizer + UndefinedBehaviorSanitizer
# (./build-asan; the headers suite only in the first pass).
# CERTREQ_SKIP_SANITIZERS=1 skips the second pass locally.
# In CI (CI=true, or CERTREQ_MBEDTLS3=1) the suite also runs against mbedTLS
# 3.6 LTS, built from Debian 13's source into build-deps/mbedtls3
# (scripts/mbedtls3.sh; CERTREQ_MBEDTLS3_PREFIX overrides), in ./build-mbedtls3.
# That pass is built with --buildtype=release (-O3, -Werror): the tree must
# compile warning-free as users build it, and one build serves both checks.
# In CI (CI=true) the tree is also cross built for arm64, tested under qemu (scripts/cross-arm64.sh),
# and with clang++ installed every libFuzzer target then runs for
# CERTREQ_FUZZ_SECONDS (default 20) each (scripts/fuzz.sh; 16 targets: ~6 min;
# a smoke run within CI's 90 minutes — long runs are scripts/fuzz.sh -t 600).
# Extra arguments go to both `meson test` runs (e.g. --suite inf).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh

setup() {  # setup DIR [meson options...]: configure once, reconfigure after
  dir=$1
  shift
  [ -f "$dir/build.ninja" ] && set -- --reconfigure "$@"
  # meson prints its errors on stdout: shown when the set-up fails.
  log=$(mktemp)
  meson setup "$dir" "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
  rm -f "$log"
}

setup build
meson compile -C build
meson test -C build --print-errorlogs "$@"

# targets DIR: what `meson test --no-suite headers` runs (programs, libraries,
# generated files) and, of the headers suite, only mbed/'s one-header TUs
# compiled (the layer that differs between mbedTLS versions), not all 160.
targets() {
  ninja -C "$1" -t targets all | awk -F': ' '
    $1 ~ /^meson-/ { next }
    $1 ~ /test_headers/ { if ($1 ~ /alone_certreq_mbed_/ && $2 == "cpp_COMPILER") print $1; next }
    $2 ~ /^(cpp_LINKER|c_LINKER|STATIC_LINKER|CUSTOM_COMMAND)$/ { print $1 }'
}

# The headers suite (one TU per header, compiled and nothing run) is built in
# the first pass only: the later passes compile what they run, which keeps CI
# within its time (the one-header TUs cost ~10 CPU-minutes per pass).
if [ "${CERTREQ_SKIP_SANITIZERS:-0}" != 1 ]; then
  # The sanitizer runtimes need a dynamically linked driver.
  setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Ddriver_static=false --buildtype=debug
  # shellcheck disable=SC2046
  ninja -C build-asan $(targets build-asan)
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --no-rebuild --print-errorlogs --no-suite headers "$@"
fi

if [ "${CI:-}" = true ] || [ "${CERTREQ_MBEDTLS3:-0}" = 1 ]; then
  # The passes above use Debian 12's mbedTLS 2.28; this one 3.6 LTS (Debian
  # 13's), static as the default build links it. The ASan pass stays on 2.28.
  m3=${CERTREQ_MBEDTLS3_PREFIX:-build-deps/mbedtls3}
  scripts/mbedtls3.sh "$m3"
  m3=$(cd "$m3" && pwd)
  # -O3 warns differently (GCC 12's false -Wrestrict/-Warray-bounds in
  # libstdc++): built as users build it, so this pass is also the release check.
  setup build-mbedtls3 -Dmbedtls_prefix="$m3" --buildtype=release
  # shellcheck disable=SC2046
  ninja -C build-mbedtls3 $(targets build-mbedtls3)
  meson test -C build-mbedtls3 --no-rebuild --print-errorlogs --no-suite headers "$@"
fi

if [ "${CI:-}" = true ]; then
  # The arm64 cross build under qemu (~12 min on 2 idle cores): the unit,
  # driver and hardening suites on a machine where char is unsigned.
  scripts/cross-arm64.sh
fi

if [ "${CI:-}" = true ] && command -v clang++ >/dev/null; then
  scripts/fuzz.sh -t "${CERTREQ_FUZZ_SECONDS:-20}"
fi
