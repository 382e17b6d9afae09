#!/bin/sh
# consume_test.sh SOURCE_ROOT BUILD_ROOT: the library is usable from outside.
#  1. `meson install` puts the headers and certreq.pc in a staging root, and a
#     program compiles and links with `pkg-config --cflags --libs certreq`.
#  2. Another meson project uses certreq as a subproject via dependency('certreq').
set -eu
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/use.cpp" <<'CPP'
#include <certreq/der/der.hpp>
#include <certreq/core/base64.hpp>
#include <cstdio>
int main() {
    auto der = certreq::der::to_bytes(certreq::der::sequence(certreq::der::integer(5)));
    std::puts(certreq::base64::encode(der).c_str());
    return der == certreq::bytes{0x30, 0x03, 0x02, 0x01, 0x05} ? 0 : 1;
}
CPP

# 1. installed headers + pkg-config
meson install -C "$build" --destdir "$tmp/stage" --no-rebuild --quiet >/dev/null
pc=$(find "$tmp/stage" -name certreq.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no certreq.pc installed"; exit 1; }
[ -f "$(find "$tmp/stage" -path '*include/certreq/der/der.hpp' | head -n 1)" ] || { echo "FAIL: headers not installed"; exit 1; }
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR="$tmp/stage" pkg-config --cflags --libs certreq)
c++ -std=c++20 -Wall -Wextra -Wpedantic -Werror "$tmp/use.cpp" $flags -o "$tmp/use_pc"
[ "$("$tmp/use_pc")" = "MAMCAQU=" ] || { echo "FAIL: pkg-config build printed the wrong thing"; exit 1; }
echo "ok: installed headers + pkg-config"

# 2. as a meson subproject
mkdir -p "$tmp/app/subprojects"
ln -s "$src" "$tmp/app/subprojects/certreq"
cp "$tmp/use.cpp" "$tmp/app/use.cpp"
cat > "$tmp/app/meson.build" <<'MESON'
project('app', 'cpp', default_options : ['cpp_std=c++20', 'warning_level=3', 'werror=true'])
subproject('certreq', default_options : ['mbedtls_static=false'])
executable('use', 'use.cpp', dependencies : dependency('certreq'))
MESON
meson setup "$tmp/app/build" "$tmp/app" >/dev/null
ninja -C "$tmp/app/build" >/dev/null
[ "$("$tmp/app/build/use")" = "MAMCAQU=" ] || { echo "FAIL: subproject build printed the wrong thing"; exit 1; }
echo "ok: meson subproject"
echo "2 passed, 0 failed"
