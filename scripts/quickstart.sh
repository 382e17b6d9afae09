#!/bin/sh
# quickstart.sh: installs the dependencies, builds certreq, and runs the main
# job: `certreq -new` on the shipped example INF. Safe to run again.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build certreq >/dev/null
out="${1:-webserver.req}"
# A private key store next to the build, so the example never touches ~.
CERTREQ_USER_STORE="$PWD/build/example-store" build/driver/certreq -f -new examples/webserver.inf "$out"
echo "request written to $PWD/$out"
