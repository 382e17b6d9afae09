#!/usr/bin/python3
"""certreq -new over every real INF file of tests/data/corpus/inf-wild.

Each file must either build a request (or self-signed certificate) that
OpenSSL verifies, or fail with a positioned error (file:line:col). The outcome
of every file is compared with tests/driver/corpus_new.golden; each failing
file needs a line in corpus_new.reasons saying why the file is invalid here.
CERTREQ_UPDATE_GOLDEN=1 rewrites the golden file.
"""
import base64
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

CERTREQ, CORPUS, HERE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "corpus_new.golden")
REASONS = os.path.join(HERE, "corpus_new.reasons")
SOFTWARE_PROVIDERS = ("Microsoft Platform Crypto Provider = software; Microsoft Smart Card Key Storage Provider = software;"
                      " Microsoft Base Smart Card Crypto Provider = software")
POSITIONED = re.compile(r"^[^:]+\.(inf|ini):\d+:\d+: error: ")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def outcome(path, tmp):
    name = os.path.basename(path)
    out = os.path.join(tmp, name + ".out")
    # The smart-card and TPM providers of some files map to PKCS#11 modules
    # (p11/providers.hpp); this test is about the INF, so they stay software
    # keys here (tests/driver/pkcs11_test.py covers the tokens).
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(tmp, "store-" + name),
               CERTREQ_MACHINE_STORE=os.path.join(tmp, "mstore-" + name), SOURCE_DATE_EPOCH="1700000000",
               CERTREQ_PROVIDERS=SOFTWARE_PROVIDERS)
    r = run([CERTREQ, "-new", "-q", name, out], env=env, cwd=CORPUS)  # relative name: stable messages
    if r.returncode != 0:
        errors = [l for l in r.stderr.splitlines() if ": error: " in l]
        if not errors:
            return name, "BROKEN", f"exit {r.returncode} without an error line: {r.stderr.strip()[:200]}"
        if not POSITIONED.match(errors[0]):
            return name, "BROKEN", "error without a line:column: " + errors[0]
        if os.path.exists(out):
            return name, "BROKEN", "output file left behind after an error"
        return name, "ERROR", errors[0]
    data = open(out, "rb").read()
    der = base64.b64decode(b"".join(l for l in data.splitlines() if not l.startswith(b"-----")))
    if der.startswith(b"\x30") and SIGNED_DATA in der[:24]:
        return cms_outcome(name, out, der, tmp)
    if data.startswith(b"-----BEGIN CERTIFICATE-----"):
        v = run(["openssl", "x509", "-in", out, "-noout", "-subject", "-ext", "subjectAltName"])
        # Self-signed: the signature must verify with the certificate's own key.
        chk = run(["openssl", "verify", "-check_ss_sig", "-CAfile", out, "-partial_chain", out])
        ok_sig = "OK" in chk.stdout or "self-signed" in (chk.stdout + chk.stderr)
        vv = run(["certtool", "--certificate-info", "--infile", out])
        if v.returncode != 0 or vv.returncode != 0:
            return name, "BROKEN", "certificate does not parse: " + v.stderr + vv.stderr
        subj = v.stdout.splitlines()[0].replace("subject=", "").strip()
        kind = "CERT"
        if not ok_sig:
            sig = run([sys.executable, "-c", VERIFY_CERT, out])
            if sig.returncode != 0:
                return name, "BROKEN", "self-signed signature does not verify: " + sig.stderr.strip()
    else:
        v = run(["openssl", "req", "-in", out, "-noout", "-verify", "-subject"])
        if v.returncode != 0 or "verify OK" not in v.stdout + v.stderr:
            return name, "BROKEN", "openssl req -verify failed: " + v.stderr.strip()
        c = run(["certtool", "--crq-info", "--infile", out])
        if c.returncode != 0:
            return name, "BROKEN", "certtool --crq-info failed: " + c.stderr.strip()
        subj = [l for l in v.stdout.splitlines() if l.startswith("subject=")][0].replace("subject=", "").strip()
        kind = "CSR"
    exts = run(["openssl", "asn1parse", "-in", out])
    oids = re.findall(r"OBJECT\s+:(\S+)", exts.stdout)
    ext_names = [o for o in oids if re.match(r"^(X509v3|Netscape|1\.3\.6\.1\.4\.1\.311\.(20\.2\b|21\.(10|11|12))|2\.5\.29)", o)]
    return name, "OK", f"{kind} subject=[{subj}] ext=[{','.join(ext_names)}]"


SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")  # OID pkcs7-signedData


def tlv(b, i):
    """(tag, content start, end) of the DER element at b[i]."""
    tag, n = b[i], b[i + 1]
    if n < 0x80:
        return tag, i + 2, i + 2 + n
    k = n & 0x7F
    size = int.from_bytes(b[i + 2:i + 2 + k], "big")
    return tag, i + 2 + k, i + 2 + k + size


def children(b, start, end):
    out, i = [], start
    while i < end:
        t, s, e = tlv(b, i)
        out.append((t, i, s, e))
        i = e
    return out


def cms_outcome(name, out, der, tmp):
    """A PKCS7/CMC request: openssl reads the CMS, our -dump verifies every
    signer, and the PKCS#10 inside (PKCS7: the content; CMC: the PKIData's
    TaggedRequest) verifies with openssl and certtool."""
    path = os.path.join(tmp, name + ".cms.der")
    open(path, "wb").write(der)
    parsed = run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", path])
    if parsed.returncode != 0:
        return name, "BROKEN", "openssl cms does not read the request: " + parsed.stderr.strip()[:200]
    d = run([CERTREQ, "-dump", out])
    if d.returncode != 0 or "verified: yes" not in d.stdout or "verified: NO" in d.stdout or "not checked" in d.stdout:
        return name, "BROKEN", "a signer of the CMS does not verify (-dump)"
    # ContentInfo { oid, [0] SignedData { v, digests, encapContentInfo { type, [0] OCTET STRING } ... } }
    _, s, e = tlv(der, 0)
    sd = children(der, *tlv(der, children(der, s, e)[1][2])[1:])
    encap = children(der, sd[2][2], sd[2][3])
    ctype = der[encap[0][2]:encap[0][3]].hex()
    content_os = children(der, encap[1][2], encap[1][3])[0]
    content = der[content_os[2]:content_os[3]]
    if ctype == "2a864886f70d010701":  # id-data: PKCS7 renewal, the PKCS#10 itself
        kind, csr = "PKCS7", content
    else:  # id-cct-PKIData
        kind = "CMC"
        parts = children(content, *tlv(content, 0)[1:])
        tagged = children(content, parts[1][2], parts[1][3])[0]  # reqSequence[0]: [0] TaggedCertificationRequest
        fields = children(content, tagged[2], tagged[3])
        csr = content[fields[1][1]:fields[1][3]]
    csr_path = os.path.join(tmp, name + ".p10.der")
    open(csr_path, "wb").write(csr)
    v = run(["openssl", "req", "-inform", "DER", "-in", csr_path, "-noout", "-verify", "-subject"])
    if v.returncode != 0 or "verify OK" not in v.stdout + v.stderr:
        return name, "BROKEN", "openssl req -verify of the inner PKCS#10 failed: " + v.stderr.strip()
    c = run(["certtool", "--crq-info", "--inder", "--infile", csr_path])
    if c.returncode != 0:
        return name, "BROKEN", "certtool --crq-info of the inner PKCS#10 failed: " + c.stderr.strip()
    subj = [l for l in v.stdout.splitlines() if l.startswith("subject=")][0].replace("subject=", "").strip()
    exts = run(["openssl", "asn1parse", "-inform", "DER", "-in", csr_path])
    oids = re.findall(r"OBJECT\s+:(\S+)", exts.stdout)
    ext_names = [o for o in oids if re.match(r"^(X509v3|Netscape|1\.3\.6\.1\.4\.1\.311\.(20\.2\b|21\.(10|11|12))|2\.5\.29)", o)]
    return name, "OK", f"{kind} subject=[{subj}] ext=[{','.join(ext_names)}]"


VERIFY_CERT = """
import sys
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding
c = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())
k = c.public_key()
if isinstance(k, ec.EllipticCurvePublicKey):
    k.verify(c.signature, c.tbs_certificate_bytes, ec.ECDSA(c.signature_hash_algorithm))
else:
    k.verify(c.signature, c.tbs_certificate_bytes, padding.PKCS1v15(), c.signature_hash_algorithm)
"""


def main():
    files = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith((".inf", ".ini")))
    with tempfile.TemporaryDirectory() as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            results = list(ex.map(lambda p: outcome(p, tmp), files))
    lines = [f"{n}\t{k}\t{d}" for n, k, d in results]
    # Normalise the store path that appears in some messages.
    lines = [re.sub(r"/tmp/tmp[^/ ]+/", "$TMP/", l) for l in lines]
    failures = [l for l in lines if "\tBROKEN\t" in l]
    if os.environ.get("CERTREQ_UPDATE_GOLDEN") == "1":
        open(GOLDEN, "w").write("\n".join(lines) + "\n")
    golden = open(GOLDEN).read().splitlines() if os.path.exists(GOLDEN) else []
    reasons = {}
    if os.path.exists(REASONS):
        for l in open(REASONS).read().splitlines():
            if l.strip() and not l.startswith("#"):
                f, _, why = l.partition("\t")
                reasons[f] = why
    problems = list(failures)
    if lines != golden:
        for a, b in zip(lines, golden + [""] * len(lines)):
            if a != b:
                problems.append(f"outcome changed:\n   got  {a}\n   want {b}")
        if len(golden) > len(lines):
            problems.append("golden has more files than the corpus")
    for n, k, _ in results:
        if k == "ERROR" and n not in reasons:
            problems.append(f"{n}: fails but corpus_new.reasons says nothing about why")
    ok = sum(1 for _, k, _ in results if k == "OK")
    err = sum(1 for _, k, _ in results if k == "ERROR")
    for p in problems:
        print("FAIL", p)
    print(f"corpus: {ok} requests built and verified, {err} positioned errors, {len(failures)} broken")
    print(f"{len(results) - len(problems)} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
