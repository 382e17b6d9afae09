#!/bin/sh
# bench/p11_cost.sh CERTREQ P11_PHASES [RUNS]: the added cost of a key on a
# PKCS#11 token (SoftHSM2, in a temporary directory) against a software key,
# for `certreq -new` with a new P-256 key and with UseExistingKeySet (whole
# processes, hyperfine -N), and the phases of one token-backed run
# (bench/p11_phases.cpp: median of RUNS cold processes).
set -eu
CERTREQ=$(realpath "$1"); PHASES=$(realpath "$2"); RUNS=${3:-20}
D=$(mktemp -d); trap 'rm -rf "$D"' EXIT
mkdir "$D/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$D" > "$D/softhsm2.conf"
export SOFTHSM2_CONF="$D/softhsm2.conf" CERTREQ_USER_STORE="$D/store" CERTREQ_MACHINE_STORE="$D/mstore"
export CERTREQ_PROVIDERS="Bench HSM = /usr/lib/softhsm/libsofthsm2.so" CERTREQ_PIN=246813
softhsm2-util --init-token --free --label bench --pin 246813 --so-pin 13572468 >/dev/null
cd "$D"
printf '[NewRequest]\nSubject = "CN=www.example.com"\nKeyAlgorithm = ECDSA_P256\n' > soft.inf
printf '[NewRequest]\nSubject = "CN=www.example.com"\nKeyAlgorithm = ECDSA_P256\nProviderName = "Bench HSM"\n' > hsm.inf
printf '[NewRequest]\nSubject = "CN=www.example.com"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = soft-key\n' > soft-key.inf
printf '[NewRequest]\nSubject = "CN=www.example.com"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = hsm-key\nProviderName = "Bench HSM"\n' > hsm-key.inf
"$CERTREQ" -new -q soft-key.inf k1.req >/dev/null
"$CERTREQ" -new -q hsm-key.inf k2.req >/dev/null
sed 's/^KeyAlgorithm.*/UseExistingKeySet = TRUE/' soft-key.inf > soft-reuse.inf
sed 's/^KeyAlgorithm.*/UseExistingKeySet = TRUE/' hsm-key.inf > hsm-reuse.inf
hyperfine -N -w 3 -r "$RUNS" --export-json "$D/hf.json" \
  -n "software, new key" "$CERTREQ -new -q -f soft.inf out.req" \
  -n "SoftHSM2, new key" "$CERTREQ -new -q -f hsm.inf out.req" \
  -n "software, UseExistingKeySet" "$CERTREQ -new -q -f soft-reuse.inf out.req" \
  -n "SoftHSM2, UseExistingKeySet" "$CERTREQ -new -q -f hsm-reuse.inf out.req" >/dev/null
python3 - "$D/hf.json" <<'PY'
import json, statistics, sys
print("| run | median [ms] | min [ms] |\n|---|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {statistics.median(r['times']) * 1000:.1f} | {min(r['times']) * 1000:.1f} |")
PY
echo
for i in $(seq "$RUNS"); do "$PHASES" /usr/lib/softhsm/libsofthsm2.so bench 246813; done > phases.txt
python3 - phases.txt <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
names = rows[0][0::2]
for i, n in enumerate(names):
    print(f"{n:15s} median {statistics.median(float(r[2 * i + 1]) for r in rows):7.2f} ms")
PY
