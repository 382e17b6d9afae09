#!/bin/sh
# consume_test.sh SOURCE_ROOT BUILD_ROOT: the library is usable from outside.
#  1. `meson install` puts the headers, certreq.pc and the CMake package in a
#     staging root; a DER program and examples/inf_to_csr.cpp (INF text -> a
#     signed CSR with the caller's key) compile and link with
#     `pkg-config --cflags --libs certreq`, the CSR verifies with openssl;
#     the example again with CERTREQ_SEPARATE_COMPILATION and certreq/src.hpp.
#  2. A CMake project builds examples/inf_to_csr.cpp with
#     find_package(certreq CONFIG) and certreq::certreq, as C++23 (the package
#     must not lower the standard).
#  3. Another meson project uses certreq as a subproject via dependency('certreq').
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
# The staged .pc with its prefix moved into the staging root (not
# PKG_CONFIG_SYSROOT_DIR: that would move p11-kit's /usr/include too).
mkdir -p "$tmp/pc"
sed "s|^prefix=|prefix=$tmp/stage|" "$pc" > "$tmp/pc/certreq.pc"
flags=$(PKG_CONFIG_PATH="$tmp/pc" pkg-config --cflags --libs certreq)
c++ -std=c++20 -Wall -Wextra -Wpedantic -Werror "$tmp/use.cpp" $flags -o "$tmp/use_pc"
[ "$("$tmp/use_pc")" = "MAMCAQU=" ] || { echo "FAIL: pkg-config build printed the wrong thing"; exit 1; }
echo "ok: installed headers + pkg-config"

# The INF -> CSR example, with a key from the caller.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/key.pem" 2>/dev/null
printf '[NewRequest]\nSubject = "CN=device-0042, O=Example Devices, C=GB"\nKeyAlgorithm = ECDSA_P256\n[Extensions]\n2.5.29.17 = "{text}dns=device-0042.example"\n' > "$tmp/device.inf"
check_csr() {  # check_csr DER_FILE WHAT
  openssl req -inform DER -in "$1" -noout -verify 2>&1 | grep -q "verify OK" || { echo "FAIL: $2: the CSR does not verify"; exit 1; }
  subj=$(openssl req -inform DER -in "$1" -noout -subject -nameopt oneline)
  [ "$subj" = "subject=C = GB, O = Example Devices, CN = device-0042" ] || { echo "FAIL: $2: subject $subj"; exit 1; }
  [ "$(openssl req -inform DER -in "$1" -noout -pubkey)" = "$(openssl pkey -in "$tmp/key.pem" -pubout)" ] || { echo "FAIL: $2: not the caller's key"; exit 1; }
  openssl req -inform DER -in "$1" -noout -text | grep -q "DNS:device-0042.example" || { echo "FAIL: $2: no SAN"; exit 1; }
}
c++ -std=c++20 -O1 -Wall -Wextra -Wpedantic -Werror "$src/examples/inf_to_csr.cpp" $flags -o "$tmp/inf_to_csr_pc"
"$tmp/inf_to_csr_pc" "$tmp/key.pem" < "$tmp/device.inf" > "$tmp/device_pc.der"
check_csr "$tmp/device_pc.der" "pkg-config example"
echo "ok: examples/inf_to_csr.cpp with pkg-config: a verified CSR with the caller's key"
# The same with separate compilation (core/config.hpp): the definitions come
# from the installed certreq/src.hpp, compiled in a TU of its own.
printf '#include <certreq/src.hpp>\n' > "$tmp/certreq_src.cpp"
c++ -std=c++20 -O1 -Wall -Wextra -Wpedantic -Werror -DCERTREQ_SEPARATE_COMPILATION "$src/examples/inf_to_csr.cpp" \
  "$tmp/certreq_src.cpp" $flags -o "$tmp/inf_to_csr_sep"
"$tmp/inf_to_csr_sep" "$tmp/key.pem" < "$tmp/device.inf" > "$tmp/device_sep.der"
check_csr "$tmp/device_sep.der" "pkg-config example, separate compilation"
echo "ok: examples/inf_to_csr.cpp with pkg-config and CERTREQ_SEPARATE_COMPILATION"

# 2. CMake: find_package(certreq CONFIG), certreq::certreq, C++23
cfg=$(find "$tmp/stage" -name certreqConfig.cmake | head -n 1)
[ -n "$cfg" ] || { echo "FAIL: no certreqConfig.cmake installed"; exit 1; }
prefix=$(dirname "$(dirname "$(find "$tmp/stage" -path '*include/certreq' -type d | head -n 1)")")
mkdir -p "$tmp/cmake_app"
cat > "$tmp/cmake_app/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(cmake_app CXX)
set(CMAKE_CXX_STANDARD 23)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
find_package(certreq 0.1 CONFIG REQUIRED)
add_executable(inf_to_csr "$src/examples/inf_to_csr.cpp")
target_link_libraries(inf_to_csr PRIVATE certreq::certreq)
CMAKE
cmake -S "$tmp/cmake_app" -B "$tmp/cmake_app/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/cmake_app/build" -- VERBOSE=1 > "$tmp/cmake_build.log" 2>&1 || { cat "$tmp/cmake_build.log"; echo "FAIL: CMake build"; exit 1; }
grep -q -- "-std=gnu++23\|-std=c++23" "$tmp/cmake_build.log" || { echo "FAIL: the CMake build was not C++23"; exit 1; }
"$tmp/cmake_app/build/inf_to_csr" "$tmp/key.pem" < "$tmp/device.inf" > "$tmp/device_cmake.der"
check_csr "$tmp/device_cmake.der" "CMake example"
echo "ok: CMake package certreq::certreq (C++23 consumer)"

# 3. as a meson subproject
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
echo "5 passed, 0 failed"
