#!/bin/sh
# bench/run.sh: whole-process comparison of `certreq -new` (existing key)
# against the tools people would use instead, in one run on one machine:
#   openssl req, GnuTLS certtool, Python `cryptography` (Debian's python3),
#   and bench/floor.c (static mbedTLS: load key, fixed CSR, sign, write).
# For P-256 and RSA-2048, PKCS#10 requests and self-signed certificates.
# Wall time: hyperfine medians (-N, no shell); peak RSS: /usr/bin/time -f %M.
# Prints one table per case with ratios against certreq.
#
#   bench/run.sh [BUILD_DIR] [RUNS]     (default build-bench, 50: 5 rounds of 10)
#
# BUILD_DIR must be configured with -Dbench=true --buildtype=release (it holds
# driver/certreq, bench/floor and bench/min_example; run.sh rebuilds them).
# Needs hyperfine, openssl, certtool (gnutls-bin), python3-cryptography, GNU
# time; valgrind and perf are optional (scripts/deps.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-build-bench}
runs=${2:-50}
rounds=5
per_round=$(( (runs + rounds - 1) / rounds ))
case $build in /*) ;; *) build=$root/$build ;; esac
certreq=$build/driver/certreq
floor=$build/bench/floor
# Bring the measured binaries up to date (a no-op when they are).
if [ -f "$build/build.ninja" ] && command -v ninja >/dev/null; then
    ninja -C "$build" -j2 driver/certreq bench/floor bench/floor_os bench/min_example >/dev/null ||
        { echo "run.sh: ninja -C $build failed" >&2; exit 2; }
fi
for f in "$certreq" "$floor"; do
    [ -x "$f" ] || { echo "run.sh: $f missing (meson setup $build -Dbench=true --buildtype=release && ninja -C $build)" >&2; exit 2; }
done
for t in hyperfine openssl certtool /usr/bin/python3 /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "run.sh: $t not found (scripts/deps.sh)" >&2; exit 2; }
done

# The work directory (keys, key store, outputs) is on tmpfs by default, so the
# table compares computation and process start-up: certreq's store writes are
# fsync'ed (6 fsyncs per request), which on a disk costs far more than the
# rest; the last table measures that separately. BENCH_TMPDIR overrides.
tmp=${BENCH_TMPDIR:-/dev/shm}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
work=$(mktemp -d -p "$tmp")
disk=$(mktemp -d -p /var/tmp)
trap 'rm -rf "$work" "$disk"' EXIT
cd "$work"
export CERTREQ_USER_STORE="$work/store"
mkdir -m 0700 -p store/keys
for k in p256 rsa2048; do
    cp "$root/tests/mbed/data/$k.pkcs8.pem" "$k.pem"
    install -m 0600 "$k.pem" "store/keys/bench-$k.key"
done

# The request of examples/webserver.inf, for every tool.
subj_dn="CN=www.example.com, O=Example Ltd, C=GB"
for k in p256 rsa2048; do
    for type in PKCS10 Cert; do
        cat >"$k-$type.inf" <<INF
[Version]
Signature = "\$Windows NT\$"

[NewRequest]
Subject = "$subj_dn"
UseExistingKeySet = TRUE
KeyContainer = bench-$k
HashAlgorithm = SHA256
KeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE"
RequestType = $type
ValidityPeriod = Years
ValidityPeriodUnits = 1

[EnhancedKeyUsageExtension]
OID = 1.3.6.1.5.5.7.3.1 ; Server Authentication

[Extensions]
2.5.29.17 = "{text}"
_continue_ = "DNS=www.example.com&"
_continue_ = "DNS=example.com&"
_continue_ = "IPAddress=192.0.2.10"
INF
        # ValidityPeriod belongs to RequestType = Cert only.
        [ "$type" = Cert ] || sed -i '/^ValidityPeriod/d' "$k-$type.inf"
    done
done
cat >certtool.tmpl <<'TMPL'
cn = "www.example.com"
organization = "Example Ltd"
country = "GB"
dns_name = "www.example.com"
dns_name = "example.com"
ip_address = "192.0.2.10"
signing_key
tls_www_server
expiration_days = 365
serial = 1
TMPL
cat >py_csr.py <<'PY'
import sys, ipaddress
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
key = serialization.load_pem_private_key(open(sys.argv[2], "rb").read(), None)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Ltd"),
                  x509.NameAttribute(NameOID.COUNTRY_NAME, "GB")])
exts = [(x509.SubjectAlternativeName([x509.DNSName("www.example.com"), x509.DNSName("example.com"),
                                      x509.IPAddress(ipaddress.ip_address("192.0.2.10"))]), False),
        (x509.KeyUsage(True, False, False, False, False, False, False, False, False), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)]
if sys.argv[1] == "csr":
    b = x509.CertificateSigningRequestBuilder().subject_name(name)
else:
    import datetime
    now = datetime.datetime.utcnow()
    b = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now)
         .not_valid_after(now + datetime.timedelta(days=365)))
for e, crit in exts:
    b = b.add_extension(e, critical=crit)
open(sys.argv[3], "wb").write(b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
PY

# Each tool once, so a broken command fails here rather than inside hyperfine.
subj="/CN=www.example.com/O=Example Ltd/C=GB"
addext_san="subjectAltName=DNS:www.example.com,DNS:example.com,IP:192.0.2.10"
cmds() {  # cmds KEY TYPE: prints "name<TAB>command" lines
    k=$1 type=$2
    if [ "$type" = PKCS10 ]; then
        printf 'certreq\t%s -new -q -f %s out-certreq\n' "$certreq" "$k-$type.inf"
        printf 'floor\t%s csr %s out-floor\n' "$floor" "$k.pem"
        printf 'openssl req\topenssl req -new -key %s -subj "%s" -addext "%s" -addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth -out out-openssl\n' "$k.pem" "$subj" "$addext_san"
        printf 'certtool\tcerttool --generate-request --no-text --load-privkey %s --template certtool.tmpl --outfile out-certtool\n' "$k.pem"
        printf 'python cryptography\t/usr/bin/python3 py_csr.py csr %s out-python\n' "$k.pem"
    else
        printf 'certreq\t%s -new -q -f %s out-certreq\n' "$certreq" "$k-$type.inf"
        printf 'floor\t%s cert %s out-floor\n' "$floor" "$k.pem"
        printf 'openssl req\topenssl req -x509 -new -days 365 -key %s -subj "%s" -addext "%s" -addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth -out out-openssl\n' "$k.pem" "$subj" "$addext_san"
        printf 'certtool\tcerttool --generate-self-signed --no-text --load-privkey %s --template certtool.tmpl --outfile out-certtool\n' "$k.pem"
        printf 'python cryptography\t/usr/bin/python3 py_csr.py cert %s out-python\n' "$k.pem"
    fi
}

echo "# work dir on $(df -T "$work" | awk 'NR==2{print $2}'), $(df -T "$disk" | awk 'NR==2{print $2}') for the fsync table"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(openssl version | cut -d' ' -f1-2), certtool $(certtool --version | sed -n '1s/.* //p'), cryptography $(/usr/bin/python3 -c 'import cryptography; print(cryptography.__version__)'), hyperfine $(hyperfine --version | cut -d' ' -f2), $((rounds * per_round)) runs each ($rounds rounds)"
for k in p256 rsa2048; do
    for type in PKCS10 Cert; do
        cmds "$k" "$type" >cmds.tsv
        set --
        while IFS="$(printf '\t')" read -r name cmd; do
            sh -c "$cmd" >/dev/null 2>err.txt || { echo "run.sh: '$cmd' failed:" >&2; cat err.txt >&2; exit 1; }
            set -- "$@" -n "$name" "$cmd"
        done <cmds.tsv
        # hyperfine runs one command's runs back to back; on a shared machine a
        # burst of load would hit one tool only. So: $rounds rounds, samples pooled.
        rm -f t-*.json
        r=1
        while [ "$r" -le "$rounds" ]; do
            hyperfine -N --style none --warmup 2 --runs "$per_round" --export-json "t-$r.json" "$@" >/dev/null 2>err.txt || {
                cat err.txt >&2; exit 1; }
            r=$((r + 1))
        done
        # Peak RSS: median of 5 runs of each command.
        : >rss.tsv
        while IFS="$(printf '\t')" read -r name cmd; do
            for i in 1 2 3 4 5; do
                # eval, not sh -c: the peak would be the shell's when larger.
                eval "/usr/bin/time -f %M -o rss.txt $cmd" >/dev/null 2>&1
                cat rss.txt
            done | sort -n | sed -n 3p | sed "s/^/$name\t/" >>rss.tsv
        done <cmds.tsv
        /usr/bin/python3 - "$k" "$type" <<'PY'
import glob, json, statistics, sys
k, typ = sys.argv[1], sys.argv[2]
res = {}
for f in sorted(glob.glob("t-*.json")):
    for r in json.load(open(f))["results"]:
        a = res.setdefault(r["command"], {"times": [], "user": [], "system": []})
        a["times"] += r["times"]
        a["user"].append(r["user"])
        a["system"].append(r["system"])
for a in res.values():
    a["median"] = statistics.median(a["times"])
    a["min"] = min(a["times"])
    a["user"] = statistics.mean(a["user"])
    a["system"] = statistics.mean(a["system"])
rss = dict(l.rstrip("\n").split("\t") for l in open("rss.tsv"))
base = res["certreq"]["median"]
base_rss = int(rss["certreq"])
print(f"\n## {'P-256' if k == 'p256' else 'RSA-2048'}, {'PKCS#10 request' if typ == 'PKCS10' else 'self-signed certificate (RequestType = Cert)'}\n")
print("| tool | median ms | min ms | CPU ms (user+sys, mean) | median: tool / certreq | peak RSS KiB | RSS: tool / certreq |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, r in res.items():
    m = r["median"]
    cpu = (r["user"] + r["system"]) * 1e3
    print(f"| {name} | {m*1e3:.2f} | {r['min']*1e3:.2f} | {cpu:.2f} | {m/base:.2f}x | {rss[name]} | {int(rss[name])/base_rss:.2f}x |")
peers = {n: r["median"] for n, r in res.items() if n not in ("certreq", "floor")}
fastest = min(peers, key=peers.get)
print(f"\ncertreq / floor: time {base/res['floor']['median']:.2f}x (target <= 1.15x), peak RSS {base_rss/int(rss['floor']):.2f}x (target <= 1.2x); "
      f"fastest peer: {fastest}, {peers[fastest]/base:.2f}x certreq's time (target > 1); openssl req / certreq: {peers['openssl req']/base:.2f}x")
PY
    done
done

# Instructions (callgrind: repeatable on a loaded machine), certreq vs floor.
if command -v valgrind >/dev/null; then
    echo
    echo "## Instructions executed, whole process (valgrind --tool=callgrind)"
    echo
    echo "| case | certreq | floor | certreq / floor |"
    echo "|---|---:|---:|---:|"
    for k in p256 rsa2048; do
        for type in PKCS10 Cert; do
            mode=csr; [ "$type" = Cert ] && mode=cert
            a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$certreq" -new -q -f "$k-$type.inf" out-cg 2>&1 | sed -n 's/.*Collected : //p')
            b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$floor" "$mode" "$k.pem" out-cg 2>&1 | sed -n 's/.*Collected : //p')
            echo "| $k $type | $a | $b | $(/usr/bin/python3 -c "print(f'{$a/$b:.3f}x')") |"
        done
    done
fi

# What the store's durability costs: the same certreq run with the store and
# output on tmpfs and on disk (/var/tmp). Both through env(1) so they match.
mkdir -m 0700 -p "$disk/store/keys"
install -m 0600 p256.pem "$disk/store/keys/bench-p256.key"
cp p256-PKCS10.inf "$disk/"
hyperfine -N --style none --warmup 3 --runs "$runs" --export-json t.json \
    -n "tmpfs ($tmp)" "env CERTREQ_USER_STORE=$work/store $certreq -new -q -f $work/p256-PKCS10.inf $work/out-fsync" \
    -n "disk (/var/tmp)" "env CERTREQ_USER_STORE=$disk/store $certreq -new -q -f $disk/p256-PKCS10.inf $disk/out-fsync" >/dev/null
/usr/bin/python3 - <<'PY'
import json
res = json.load(open("t.json"))["results"]
print("\n## certreq P-256 request: store and output on tmpfs vs on disk (fsync)\n")
print("| where | median ms | min ms |")
print("|---|---:|---:|")
for r in res:
    print(f"| {r['command']} | {r['median']*1e3:.2f} | {r['min']*1e3:.2f} |")
PY

# CPU time per process (perf stat task-clock, 50 runs): steadier than wall
# time when the machine is shared. Skipped where perf cannot count.
if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
    echo
    echo "## CPU time per process (perf stat -r 50 -e task-clock)"
    echo
    echo "| case | certreq ms | floor ms | certreq / floor |"
    echo "|---|---:|---:|---:|"
    tc() { perf stat -r 50 -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/{print $1}'; }
    for k in p256 rsa2048; do
        for type in PKCS10 Cert; do
            mode=csr; [ "$type" = Cert ] && mode=cert
            a=$(tc "$certreq" -new -q -f "$k-$type.inf" out-tc)
            b=$(tc "$floor" "$mode" "$k.pem" out-tc)
            echo "| $k $type | $a | $b | $(/usr/bin/python3 -c "print(f'{$a/$b:.3f}x')") |"
        done
    done
fi

# Size: a static, -Os, stripped program on the headers against the floor built the same way.
if [ -f "$build/bench/min_example" ] && [ -f "$build/bench/floor_os" ]; then
    a=$(stat -c %s "$build/bench/min_example")
    b=$(stat -c %s "$build/bench/floor_os")
    echo
    echo "## Size (static, -Os, stripped)"
    echo
    echo "| min_example | floor_os | ratio (target <= 1.3x) | driver/certreq (static, -O3) |"
    echo "|---:|---:|---:|---:|"
    echo "| $a | $b | $(/usr/bin/python3 -c "print(f'{$a/$b:.2f}x')") | $(stat -c %s "$certreq") |"
fi
