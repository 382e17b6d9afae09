#!/bin/sh
# mbedtls3.sh PREFIX: builds mbedTLS 3.6 LTS, as Debian 13 (trixie) ships it,
# into PREFIX (headers, static and shared libraries, .pc files), so that the
# suite can also run against 3.6 on a Debian 12 machine (scripts/test.sh,
# -Dmbedtls_prefix=PREFIX). Only Debian's archive needs to be reachable: the
# source package comes from a private deb-src list for trixie, so the
# machine's own apt configuration is left alone. Skips when PREFIX has it.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 PREFIX" >&2; exit 2; }
mkdir -p "$1"
prefix=$(cd "$1" && pwd)
if [ -f "$prefix/include/mbedtls/build_info.h" ] && [ -f "$prefix/lib/libmbedcrypto.a" ] &&
   [ -f "$prefix/lib/libmbedcrypto.so" ]; then
  exit 0
fi

# dpkg-dev unpacks and patches the source package and gives Debian's flags.
missing=""
for p in dpkg-dev cmake python3 make gcc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "mbedtls3.sh: installing:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

work=$(mktemp -d /tmp/mbedtls3.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p lists/partial
echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' >trixie.list
apt_private() {
  apt-get -qq -o Dir::Etc::SourceList="$work/trixie.list" -o Dir::Etc::SourceParts=/nonexistent \
    -o Dir::State::Lists="$work/lists" -o APT::Sandbox::User=root "$@"
}
apt_private update >/dev/null
apt_private source mbedtls >/dev/null
src=$(find . -maxdepth 1 -type d -name 'mbedtls-3.*' | head -n 1)
[ -n "$src" ] || { echo "mbedtls3.sh: trixie has no mbedtls 3.x source" >&2; exit 1; }
cd "$src"

# The configuration debian/rules sets (override_dh_auto_configure).
for opt in MBEDTLS_DEPRECATED_WARNING MBEDTLS_THREADING_C MBEDTLS_THREADING_PTHREAD \
           MBEDTLS_CMAC_C MBEDTLS_SSL_DTLS_SRTP; do
  python3 scripts/config.py set "$opt"
done
grep -q 'set MBEDTLS_' debian/rules || echo "mbedtls3.sh: debian/rules sets no options now: check it" >&2

# Debian's compiler flags (-O2, hardening), and its cmake options.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
LDFLAGS=$(dpkg-buildflags --get LDFLAGS) \
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR=lib -DUSE_STATIC_MBEDTLS_LIBRARY=ON -DUSE_SHARED_MBEDTLS_LIBRARY=ON \
    -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DMBEDTLS_FATAL_WARNINGS=OFF >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
cmake --install build >/dev/null
echo "mbedtls3.sh: mbedTLS $(sed -n 's/^#define MBEDTLS_VERSION_STRING *"\(.*\)"/\1/p' \
  "$prefix/include/mbedtls/build_info.h") in $prefix" >&2
