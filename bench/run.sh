#!/bin/sh
# bench/run.sh: whole-process comparison of `certreq -new` against the tools
# people would use instead, in one run on one machine:
#   openssl req, GnuTLS certtool, Python `cryptography` (Debian's python3),
#   and bench/floor.c (static mbedTLS: load or make the key, fixed CSR, sign,
#   write).
# With an existing key (UseExistingKeySet): P-256 and RSA-2048, PKCS#10
# requests and self-signed certificates. With a new P-256 key: PKCS#10.
# certreq's key store is on the disk, as a user's is (it fsyncs each change);
# the last tables repeat certreq and the floor with everything on tmpfs.
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

# The work directory (keys, key store, outputs) is on the disk by default
# (/var/tmp), where certreq's store pays for its flushes as it does for a
# user; BENCH_TMPDIR overrides. The tmpfs tables use /dev/shm.
tmp=${BENCH_TMPDIR:-/var/tmp}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
work=$(mktemp -d -p "$tmp")
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm=$tmp
mem=$(mktemp -d -p "$shm")
trap 'rm -rf "$work" "$mem"' EXIT
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
# A new P-256 key each run: no KeyContainer, so each run makes a new container.
sed -e '/^UseExistingKeySet/d' -e '/^KeyContainer/d' -e 's/^HashAlgorithm = SHA256/KeyAlgorithm = ECDSA_P256\nHashAlgorithm = SHA256/' \
    p256-PKCS10.inf >p256-NEWKEY.inf
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
if sys.argv[1] == "newkey":
    import os
    from cryptography.hazmat.primitives.asymmetric import ec
    key = ec.generate_private_key(ec.SECP256R1())
    path = f"{sys.argv[2]}.{os.getpid()}"
    open(path, "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
else:
    key = serialization.load_pem_private_key(open(sys.argv[2], "rb").read(), None)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Ltd"),
                  x509.NameAttribute(NameOID.COUNTRY_NAME, "GB")])
exts = [(x509.SubjectAlternativeName([x509.DNSName("www.example.com"), x509.DNSName("example.com"),
                                      x509.IPAddress(ipaddress.ip_address("192.0.2.10"))]), False),
        (x509.KeyUsage(True, False, False, False, False, False, False, False, False), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)]
if sys.argv[1] in ("csr", "newkey"):
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
    if [ "$type" = NEWKEY ]; then
        # Fresh key files each run: the floor and python add their pid, openssl overwrites.
        printf 'certreq\t%s -new -q -f %s out-certreq\n' "$certreq" "$k-$type.inf"
        printf 'floor\t%s newkey-csr p256 nk-floor out-floor\n' "$floor"
        printf 'floor, key not flushed\t%s newkey-csr-nosync p256 nk-floor-nosync out-floor\n' "$floor"
        printf 'openssl req\topenssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout nk-openssl.pem -subj "%s" -addext "%s" -addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth -out out-openssl\n' "$subj" "$addext_san"
        printf 'python cryptography\t/usr/bin/python3 py_csr.py newkey nk-python out-python\n'
    elif [ "$type" = PKCS10 ]; then
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

echo "# work dir $work on $(df -T "$work" | awk 'NR==2{print $2}'); $mem on $(df -T "$mem" | awk 'NR==2{print $2}') for the tmpfs table"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(openssl version | cut -d' ' -f1-2), certtool $(certtool --version | sed -n '1s/.* //p'), cryptography $(/usr/bin/python3 -c 'import cryptography; print(cryptography.__version__)'), hyperfine $(hyperfine --version | cut -d' ' -f2), $((rounds * per_round)) runs each ($rounds rounds)"
for case in p256:NEWKEY p256:PKCS10 p256:Cert rsa2048:PKCS10 rsa2048:Cert; do
        k=${case%%:*} type=${case#*:}
        rm -rf store/keys/certreq-* nk-*  # the new keys of the last case
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
            # Each run starts from the bare key: pending requests made with
            # UseExistingKeySet pile up in keys/<name>.requests otherwise (untimed).
            hyperfine -N --style none --warmup 2 --runs "$per_round" --export-json "t-$r.json" \
                --prepare "sh -c 'for k in p256 rsa2048; do install -m 0600 \$k.pem store/keys/bench-\$k.key; rm -f store/keys/bench-\$k.requests; done'" \
                "$@" >/dev/null 2>err.txt || {
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
what = {"PKCS10": "PKCS#10 request, existing key", "Cert": "self-signed certificate (RequestType = Cert), existing key",
        "NEWKEY": "PKCS#10 request with a new key (certtool needs two runs: left out)"}[typ]
print(f"\n## {'P-256' if k == 'p256' else 'RSA-2048'}, {what}; key store and outputs on disk\n")
print("| tool | median ms | min ms | CPU ms (user+sys, mean) | median: tool / certreq | peak RSS KiB | RSS: tool / certreq |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, r in res.items():
    m = r["median"]
    cpu = (r["user"] + r["system"]) * 1e3
    print(f"| {name} | {m*1e3:.2f} | {r['min']*1e3:.2f} | {cpu:.2f} | {m/base:.2f}x | {rss[name]} | {int(rss[name])/base_rss:.2f}x |")
peers = {n: r["median"] for n, r in res.items() if not n.startswith(("certreq", "floor"))}
fastest = min(peers, key=peers.get)
print(f"\ncertreq / floor: time {base/res['floor']['median']:.2f}x (target <= 1.25x on disk), peak RSS {base_rss/int(rss['floor']):.2f}x (target <= 1.2x); "
      f"fastest peer: {fastest}, {peers[fastest]/base:.2f}x certreq's time (target > 1); openssl req / certreq: {peers['openssl req']/base:.2f}x")
PY
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

# The same runs of certreq and the floor with the key store and outputs on
# tmpfs (no flush costs anything there) beside the disk, paired in one
# hyperfine run. Both through env(1) so they match.
mkdir -m 0700 -p "$mem/store/keys"
install -m 0600 p256.pem "$mem/store/keys/bench-p256.key"
cp p256.pem p256-PKCS10.inf p256-NEWKEY.inf "$mem/"
rm -rf store/keys/certreq-* nk-* "$mem"/nk-*
hyperfine -N --style none --warmup 3 --runs "$runs" --export-json t.json \
    --prepare "sh -c 'install -m 0600 $work/p256.pem $work/store/keys/bench-p256.key; install -m 0600 $mem/p256.pem $mem/store/keys/bench-p256.key; rm -f $work/store/keys/bench-p256.requests $mem/store/keys/bench-p256.requests'" \
    -n "certreq, existing key, disk" "env CERTREQ_USER_STORE=$work/store $certreq -new -q -f $work/p256-PKCS10.inf $work/out-fsync" \
    -n "certreq, existing key, tmpfs" "env CERTREQ_USER_STORE=$mem/store $certreq -new -q -f $mem/p256-PKCS10.inf $mem/out-fsync" \
    -n "floor, existing key, disk" "env $floor csr $work/p256.pem $work/out-fsync-floor" \
    -n "floor, existing key, tmpfs" "env $floor csr $mem/p256.pem $mem/out-fsync-floor" \
    -n "certreq, new key, disk" "env CERTREQ_USER_STORE=$work/store $certreq -new -q -f $work/p256-NEWKEY.inf $work/out-fsync" \
    -n "certreq, new key, tmpfs" "env CERTREQ_USER_STORE=$mem/store $certreq -new -q -f $mem/p256-NEWKEY.inf $mem/out-fsync" \
    -n "floor, new key (flushed), disk" "env $floor newkey-csr p256 $work/nk-floor $work/out-fsync-floor" \
    -n "floor, new key (flushed), tmpfs" "env $floor newkey-csr p256 $mem/nk-floor $mem/out-fsync-floor" >/dev/null
/usr/bin/python3 - <<'PY'
import json
res = {r["command"]: r for r in json.load(open("t.json"))["results"]}
print("\n## P-256 request: key store and output on disk vs tmpfs\n")
print("| run | median ms | min ms | certreq / floor (same key, same place) |")
print("|---|---:|---:|---:|")
for name, r in res.items():
    ratio = ""
    if name.startswith("certreq"):
        peer = name.replace("certreq", "floor").replace("new key,", "new key (flushed),")
        ratio = f"{r['median'] / res[peer]['median']:.2f}x"
    print(f"| {name} | {r['median']*1e3:.2f} | {r['min']*1e3:.2f} | {ratio} |")
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
