#!/bin/sh
# bench/mbedtls_versions.sh: the instructions one `certreq -new` executes with
# mbedTLS 2.28 (Debian 12) and with 3.6 LTS (Debian 13, built by
# scripts/mbedtls3.sh), whole process under callgrind (repeatable on a loaded
# machine). The requests are bench/run.sh's (examples/webserver.inf with an
# existing key; a new P-256 key), the drivers two release builds of the same
# tree that differ only in -Dmbedtls_prefix:
#
#   meson setup build-bench -Dbench=true --buildtype=release
#   meson setup build-bench-m3 -Dbench=true --buildtype=release -Dmbedtls_prefix=$PWD/build-deps/mbedtls3
#   ninja -C build-bench driver/certreq && ninja -C build-bench-m3 driver/certreq
#   bench/mbedtls_versions.sh build-bench/driver/certreq build-bench-m3/driver/certreq
set -eu
[ $# -eq 2 ] || { echo "usage: $0 CERTREQ_WITH_2_28 CERTREQ_WITH_3_6" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "mbedtls_versions.sh: valgrind not found" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export CERTREQ_USER_STORE="$work/store"
mkdir -m 0700 -p store/keys
for k in p256 rsa2048; do cp "$root/tests/mbed/data/$k.pkcs8.pem" "$k.pem"; done

for k in p256 rsa2048; do
    for type in PKCS10 Cert; do
        {
            printf '[NewRequest]\nSubject = "CN=www.example.com, O=Example Ltd, C=GB"\n'
            printf 'UseExistingKeySet = TRUE\nKeyContainer = bench-%s\nHashAlgorithm = SHA256\n' "$k"
            printf 'KeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE"\nRequestType = %s\n' "$type"
            [ "$type" = Cert ] && printf 'ValidityPeriod = Years\nValidityPeriodUnits = 1\n'
            printf '[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1\n'
            printf '[Extensions]\n2.5.29.17 = "{text}"\n_continue_ = "DNS=www.example.com&"\n'
            printf '_continue_ = "DNS=example.com&"\n_continue_ = "IPAddress=192.0.2.10"\n'
        } >"$k-$type.inf"
    done
done
sed -e '/^UseExistingKeySet/d' -e '/^KeyContainer/d' -e 's/^HashAlgorithm = SHA256/KeyAlgorithm = ECDSA_P256\nHashAlgorithm = SHA256/' \
    p256-PKCS10.inf >p256-NEWKEY.inf

# instructions CERTREQ INF: callgrind's total for one run, from a fresh store
# warmed by one run first (as bench/run.sh's repeated runs are: the store keeps
# the RSA blinding pair and the key's public half after the first use).
instructions() {
    rm -rf store/keys/* store/my
    for k in p256 rsa2048; do install -m 0600 "$k.pem" "store/keys/bench-$k.key"; done
    "$1" -new -q -f "$2" out.req >/dev/null
    rm -f store/keys/*.requests
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" -new -q -f "$2" out.req 2>&1 | sed -n 's/.*Collected : //p'
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $("$old" -version 2>/dev/null | grep -i mbed | head -n 1) vs $("$new" -version 2>/dev/null | grep -i mbed | head -n 1)"
echo
echo "| certreq -new | mbedTLS 2.28 | mbedTLS 3.6 | 3.6 / 2.28 |"
echo "|---|---:|---:|---:|"
for c in p256-PKCS10 p256-Cert rsa2048-PKCS10 rsa2048-Cert p256-NEWKEY; do
    a=$(instructions "$old" "$c.inf")
    b=$(instructions "$new" "$c.inf")
    echo "| $c | $a | $b | $(python3 -c "print(f'{$b/$a:.2f}x')") |"
done
