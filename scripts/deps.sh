#!/bin/sh
# deps.sh: installs everything certreq needs to build and test, from Debian 12
# packages only. Idempotent and quiet when everything is already there.
set -eu
PKGS="g++ clang lld meson ninja-build pkg-config
libboost-dev libmbedtls-dev libtasn1-6-dev libtasn1-bin libidn2-dev libunistring-dev libpugixml-dev doctest-dev
libcurl4-openssl-dev libbenchmark-dev libssl-dev cmake
openssl gnutls-bin python3 python3-cryptography python3-lxml python3-gssapi krb5-kdc krb5-admin-server krb5-user hyperfine valgrind scep strace
libp11-kit-dev softhsm2 opensc libengine-pkcs11-openssl
swtpm libtpm2-pkcs11-1 libtpm2-pkcs11-tools tpm2-tools tpm2-abrmd libtss2-tcti-tabrmd0 dbus-daemon"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
