#!/bin/sh
# cross-arm64.sh: the arm64 cross build, checked. Installs Debian's aarch64
# cross compiler, qemu user mode and the arm64 -dev packages (idempotent),
# configures ./build-arm64 with cross/aarch64-linux-gnu.ini, builds the driver
# (static, as on amd64) and the unit test programs, and runs them under
# qemu-aarch64-static: the unit suites, then the driver and hardening suites,
# whose scripts start the arm64 driver through driver/wrapped.sh.in.
# Not built: the per-header TUs (headers suite) and the fuzz replays; their
# code is the same on every machine and costs most of the build.
# Arguments choose the tests instead (`meson test` options: --suite der).
# Run by scripts/test.sh in CI. From scratch: ~20 CPU-minutes, ~12 min on 2
# idle cores (README, "Testing and fuzzing").
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh   # the native tools the test scripts use (python3, openssl, certtool)

# Boost and doctest are headers only: the native packages serve both machines.
PKGS="g++-aarch64-linux-gnu qemu-user-static file pkgconf:arm64 libstdc++6:arm64
libmbedtls-dev:arm64 libtasn1-6-dev:arm64 libidn2-dev:arm64 libunistring-dev:arm64 libpugixml-dev:arm64
libp11-kit-dev:arm64"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "cross-arm64.sh: installing:$missing" >&2
  dpkg --print-foreign-architectures | grep -qx arm64 || $SUDO dpkg --add-architecture arm64
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# -O2 as the native build, without -g: a quarter less compile time.
dir=build-arm64
opts="--cross-file cross/aarch64-linux-gnu.ini -Ddebug=false"
# meson prints its errors on stdout: shown when the set-up fails (CI's log).
[ -f "$dir/build.ninja" ] && opts="--reconfigure $opts"
log=$(mktemp)
# shellcheck disable=SC2086
meson setup "$dir" $opts >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log"

# Not p11: its tests load Debian's amd64 SoftHSM2 module, which an arm64
# process cannot (the pkcs11 driver test is left out of cross builds too).
units="core text inf der x509 model mbed os store asn1 cms cmc scep xml adcs ca verbs"
targets="driver/certreq"
for s in $units; do targets="$targets tests/test_$s"; done
# shellcheck disable=SC2086
meson compile -C "$dir" $targets

# A native certreq here would mean the cross file was not used.
file -L "$dir/driver/certreq" | grep -q "ARM aarch64" || {
  echo "cross-arm64.sh: $dir/driver/certreq is not an aarch64 program:" >&2
  file -L "$dir/driver/certreq" >&2
  exit 1
}

# meson test builds what the chosen tests need (the man page, made by running
# the driver under qemu) and nothing else.
if [ $# -eq 0 ]; then
  for s in $units driver hardening; do set -- "$@" --suite "$s"; done
fi
meson test -C "$dir" --print-errorlogs "$@"
