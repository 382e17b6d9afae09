#!/usr/bin/python3
"""End-to-end: run `certreq -new` on INF cases and check every output with
independent implementations: Python `cryptography`, `openssl req -verify`,
GnuTLS `certtool --crq-info` (and `openssl x509` for certificates).

Each case is tests/driver/cases/NAME.inf with a NAME.expect beside it. The
expect file holds one assertion per line, `field = value`:
    subject = CN=www.example.com,O=Example Ltd,C=GB      (RFC 4514, as cryptography prints it)
    san = DNS:www.example.com, DNS:example.com, IP:192.0.2.10
    eku = 1.3.6.1.5.5.7.3.1
    key_usage = digital_signature                        (critical implied unless `ku_critical = no`)
    ext <oid> critical = yes|no
    key = ec secp256r1 | rsa 2048
    sig = ecdsa-with-SHA256 | sha256WithRSAEncryption | rsassa-pss sha256
    kind = csr | cert
    attr <oid> present | absent
    subject_der_hex = 30...                               (exact Name bytes)
    days = 365                                            (cert validity, NotAfter-NotBefore rounded)
"""
import os
import shutil
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtensionOID

CERTREQ = sys.argv[1]
CASES = sys.argv[2]
ROOT = os.environ.get("CERTREQ_SOURCE_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
UPDATE = os.environ.get("CERTREQ_UPDATE_GOLDEN") == "1"
failures = []


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def fail(case, msg):
    failures.append(f"{case}: {msg}")


def describe_names(names):
    out = []
    for n in names:
        if isinstance(n, x509.DNSName):
            out.append("DNS:" + n.value)
        elif isinstance(n, x509.RFC822Name):
            out.append("email:" + n.value)
        elif isinstance(n, x509.UniformResourceIdentifier):
            out.append("URI:" + n.value)
        elif isinstance(n, x509.IPAddress):
            out.append("IP:" + str(n.value))
        elif isinstance(n, x509.DirectoryName):
            out.append("dirname:" + n.value.rfc4514_string())
        elif isinstance(n, x509.RegisteredID):
            out.append("rid:" + n.value.dotted_string)
        elif isinstance(n, x509.OtherName):
            out.append("other:" + n.type_id.dotted_string + ":" + n.value.hex())
    return ", ".join(out)


def key_usage_names(ku):
    names = []
    for f in ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
              "key_agreement", "key_cert_sign", "crl_sign"):
        if getattr(ku, f):
            names.append(f)
    if ku.key_agreement:
        if ku.encipher_only:
            names.append("encipher_only")
        if ku.decipher_only:
            names.append("decipher_only")
    return ",".join(names)


def verify_signature(pub, sig, data, obj):
    algo = obj.signature_algorithm_oid.dotted_string
    if isinstance(pub, ec.EllipticCurvePublicKey):
        pub.verify(sig, data, ec.ECDSA(obj.signature_hash_algorithm))
    elif algo == "1.2.840.113549.1.1.10":
        h = obj.signature_hash_algorithm
        pub.verify(sig, data, padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size), h)
    else:
        pub.verify(sig, data, padding.PKCS1v15(), obj.signature_hash_algorithm)


def install_key(store, name, key_file):
    """Puts a fixed key in the store as container `name` (UseExistingKeySet cases)."""
    os.makedirs(os.path.join(store, "keys"), mode=0o700, exist_ok=True)
    dst = os.path.join(store, "keys", name + ".key")
    shutil.copyfile(key_file, dst)
    os.chmod(dst, 0o600)


def strict_decode(name, der_file, asn1_type):
    """libtasn1 (asn1Decoding --strict) against our grammars/pkix.asn."""
    r = run(["asn1Decoding", "-s", os.path.join(ROOT, "grammars", "pkix.asn"), der_file, "CertreqPKIX." + asn1_type])
    if r.returncode != 0 or "Decoding: SUCCESS" not in r.stdout + r.stderr:
        fail(name, f"libtasn1 strict decoding as {asn1_type} failed: {r.stdout.strip()[-200:]} {r.stderr.strip()}")


def dump_extensions(node, found):
    """Every extension dict (with oid and critical) anywhere in a -dump -json tree."""
    if isinstance(node, dict):
        if "oid" in node and "critical" in node:
            found.append(node)
        for v in node.values():
            dump_extensions(v, found)
    elif isinstance(node, list):
        for v in node:
            dump_extensions(v, found)
    return found


def compare_with_dump(name, dumped, exts):
    """Our decoder and cryptography must agree on every extension of the output."""
    ours = {e["oid"]: e for e in dump_extensions(dumped, [])}
    for e in exts:
        oid = e.oid.dotted_string
        d = ours.get(oid)
        if d is None:
            fail(name, f"-dump does not show extension {oid}")
            continue
        if d["critical"] != e.critical:
            fail(name, f"-dump: extension {oid} critical={d['critical']}, cryptography says {e.critical}")
        if oid == "2.5.29.17":
            want = [("dNSName", n.value) for n in e.value if isinstance(n, x509.DNSName)]
            want += [("iPAddress", str(n.value)) for n in e.value if isinstance(n, x509.IPAddress)]
            want += [("rfc822Name", n.value) for n in e.value if isinstance(n, x509.RFC822Name)]
            want += [("uniformResourceIdentifier", n.value) for n in e.value if isinstance(n, x509.UniformResourceIdentifier)]
            got = [(n.get("type"), n.get("value")) for n in d.get("names", []) if n.get("type") in
                   ("dNSName", "iPAddress", "rfc822Name", "uniformResourceIdentifier")]
            if sorted(got) != sorted(want) or len(d.get("names", [])) != len(list(e.value)):
                fail(name, f"-dump SAN {d.get('names')} differs from cryptography's {list(e.value)}")
        if oid == "2.5.29.37":
            got = [p.split("(")[-1].rstrip(")") for p in d.get("purposes", [])]
            want = [o.dotted_string for o in e.value]
            if got != want:
                fail(name, f"-dump EKU {got} differs from cryptography's {want}")
    if len(ours) != len(list(exts)):
        fail(name, f"-dump shows {len(ours)} extensions, cryptography {len(list(exts))}")


def check_dump(name, out, exts):
    """Our own decoder (-dump) reads the output back, verifies its signature and
    agrees with cryptography on every extension."""
    r = run([CERTREQ, "-dump", out])
    if r.returncode != 0:
        fail(name, "certreq -dump failed: " + r.stderr.strip())
    elif "verified: yes" not in r.stdout:
        fail(name, "certreq -dump did not report a verified signature")
    j = run([CERTREQ, "-dump", "-json", out])
    if j.returncode != 0:
        fail(name, "certreq -dump -json failed: " + j.stderr.strip())
    else:
        import json
        try:
            compare_with_dump(name, json.loads(j.stdout), exts)
        except ValueError as e:
            fail(name, f"certreq -dump -json is not JSON: {e}")


def check_case(name, inf, expect_lines, tmp):
    out = os.path.join(tmp, name + ".out")
    store = os.path.join(tmp, "store-" + name)
    key_file = os.path.join(CASES, name + ".key")
    if os.path.exists(key_file):
        install_key(store, name, key_file)
    env = dict(os.environ, CERTREQ_USER_STORE=store, SOURCE_DATE_EPOCH="1700000000",
               CERTREQ_CLIENT_MACHINE="build01.example.com", CERTREQ_CLIENT_USER="EXAMPLE\\builder",
               CERTREQ_CLIENT_OS_VERSION="10.0.19045.2")
    r = run([CERTREQ, "-new", "-q", inf, out], env=env)
    if r.returncode != 0:
        fail(name, f"certreq -new failed ({r.returncode}): {r.stderr.strip()}")
        return
    data = open(out, "rb").read()
    golden = os.path.join(CASES, name + ".golden")
    if UPDATE and os.path.exists(key_file):
        shutil.copyfile(out, golden)
    if os.path.exists(golden) and open(golden, "rb").read() != data:
        fail(name, "output differs from the byte-exact golden " + os.path.basename(golden))
    der = out + ".der"
    kind0 = "csr" if data.startswith(b"-----BEGIN NEW CERTIFICATE REQUEST") else "cert"
    conv = run(["openssl", "req" if kind0 == "csr" else "x509", "-in", out, "-outform", "DER", "-out", der])
    if conv.returncode == 0:
        strict_decode(name, der, "CertificationRequest" if kind0 == "csr" else "Certificate")
    expect = {}
    for line in expect_lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        k, _, v = line.partition("=")
        expect.setdefault(k.strip(), []).append(v.strip())
    kind = expect.get("kind", ["csr"])[0]

    if kind == "csr":
        if not data.startswith(b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\n"):
            fail(name, "output does not start with certreq's NEW CERTIFICATE REQUEST header")
        obj = x509.load_pem_x509_csr(data)
        is_pss = obj.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.10"
        # Debian's cryptography 38 cannot verify RSASSA-PSS CSRs: OpenSSL and certtool do below.
        if not is_pss and not obj.is_signature_valid:
            fail(name, "cryptography: CSR signature does not verify")
        r = run(["openssl", "req", "-in", out, "-noout", "-verify"])
        if r.returncode != 0 or "verify OK" not in (r.stdout + r.stderr):
            fail(name, "openssl req -verify: " + (r.stdout + r.stderr).strip())
        r = run(["certtool", "--crq-info", "--infile", out])
        if r.returncode != 0:
            fail(name, "certtool --crq-info: " + r.stderr.strip())
        elif "Self signature: verified" not in r.stdout and "verified" not in r.stdout:
            fail(name, "certtool did not verify the self signature")
        exts = obj.extensions
        pub = obj.public_key()
    else:
        if not data.startswith(b"-----BEGIN CERTIFICATE-----\r\n"):
            fail(name, "output does not start with a CERTIFICATE header")
        obj = x509.load_pem_x509_certificate(data)
        pub = obj.public_key()
        try:
            verify_signature(pub, obj.signature, obj.tbs_certificate_bytes, obj)
        except Exception as e:  # noqa: BLE001
            fail(name, f"cryptography: certificate signature does not verify: {e!r}")
        r = run(["openssl", "x509", "-in", out, "-noout", "-text"])
        if r.returncode != 0:
            fail(name, "openssl x509: " + r.stderr.strip())
        r = run(["certtool", "--certificate-info", "--infile", out])
        if r.returncode != 0:
            fail(name, "certtool --certificate-info: " + r.stderr.strip())
        if obj.issuer != obj.subject:
            fail(name, "self-signed certificate: issuer != subject")
        if obj.serial_number <= 0:
            fail(name, "serial number is not positive")
        exts = obj.extensions

    check_dump(name, out, exts)

    for k, values in expect.items():
        for v in values:
            if k == "kind":
                continue
            if k == "subject":
                got = obj.subject.rfc4514_string()
                if got != v:
                    fail(name, f"subject: got {got!r}, want {v!r}")
            elif k == "subject_der_hex":
                got = obj.subject.public_bytes().hex()
                if got != v.replace(" ", "").lower():
                    fail(name, f"subject DER: got {got}, want {v}")
            elif k == "san":
                try:
                    got = describe_names(exts.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value)
                except x509.ExtensionNotFound:
                    got = "<none>"
                if got != v:
                    fail(name, f"san: got {got!r}, want {v!r}")
            elif k == "eku":
                try:
                    got = ",".join(o.dotted_string for o in exts.get_extension_for_oid(ExtensionOID.EXTENDED_KEY_USAGE).value)
                except x509.ExtensionNotFound:
                    got = "<none>"
                if got != v:
                    fail(name, f"eku: got {got!r}, want {v!r}")
            elif k == "key_usage":
                try:
                    e = exts.get_extension_for_oid(ExtensionOID.KEY_USAGE)
                    got = key_usage_names(e.value)
                    if not e.critical:
                        fail(name, "key usage is not critical")
                except x509.ExtensionNotFound:
                    got = "<none>"
                if got != v:
                    fail(name, f"key_usage: got {got!r}, want {v!r}")
            elif k.startswith("ext "):
                parts = k.split()
                oid = x509.ObjectIdentifier(parts[1])
                try:
                    e = exts.get_extension_for_oid(oid)
                except x509.ExtensionNotFound:
                    if v != "absent":
                        fail(name, f"extension {parts[1]} missing")
                    continue
                if v == "absent":
                    fail(name, f"extension {parts[1]} present but should be absent")
                elif parts[2:] == ["critical"] and e.critical != (v == "yes"):
                    fail(name, f"extension {parts[1]} critical={e.critical}, want {v}")
                elif parts[2:] == ["value"]:
                    got = e.value.public_bytes().hex() if hasattr(e.value, "public_bytes") else e.value.value.hex()
                    if got != v.replace(" ", "").lower():
                        fail(name, f"extension {parts[1]} value {got}, want {v}")
            elif k == "key":
                if isinstance(pub, ec.EllipticCurvePublicKey):
                    got = "ec " + pub.curve.name
                else:
                    got = f"rsa {pub.key_size}"
                if got != v:
                    fail(name, f"key: got {got!r}, want {v!r}")
            elif k == "sig":
                got = obj.signature_algorithm_oid._name
                if obj.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.10":
                    text = run(["openssl", "req" if kind == "csr" else "x509", "-in", out, "-noout", "-text"]).stdout
                    hashes = {l.split(":")[1].strip() for l in text.splitlines() if "Hash Algorithm:" in l}
                    mgf = {l.split(":")[1].strip() for l in text.splitlines() if "Mask Algorithm:" in l}
                    salt = {l.split(":")[1].strip() for l in text.splitlines() if "Salt Length:" in l}
                    got = "rsassa-pss " + ",".join(sorted(hashes)) + " " + ",".join(sorted(mgf)) + " salt " + ",".join(sorted(salt))
                if got != v:
                    fail(name, f"sig: got {got!r}, want {v!r}")
            elif k.startswith("attr "):
                oid = k.split()[1]
                present = any(a.oid.dotted_string == oid for a in obj.attributes) if kind == "csr" else False
                if (v == "present") != present:
                    fail(name, f"attribute {oid}: present={present}, want {v}")
            elif k == "days":
                days = round((obj.not_valid_after - obj.not_valid_before).total_seconds() / 86400)
                if str(days) != v:
                    fail(name, f"validity days: got {days}, want {v}")
            elif k == "not_before":
                got = obj.not_valid_before.strftime("%Y-%m-%d %H:%M:%S")
                if got != v:
                    fail(name, f"not_before: got {got}, want {v}")
            elif k == "not_after":
                got = obj.not_valid_after.strftime("%Y-%m-%d %H:%M:%S")
                if got != v:
                    fail(name, f"not_after: got {got}, want {v}")
            else:
                fail(name, f"unknown expectation {k!r}")


def main():
    names = sorted(f[:-4] for f in os.listdir(CASES) if f.endswith(".inf"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            exp = os.path.join(CASES, n + ".expect")
            lines = open(exp).read().splitlines() if os.path.exists(exp) else []
            check_case(n, os.path.join(CASES, n + ".inf"), lines, tmp)
    for f in failures:
        print("FAIL", f)
    print(f"{len(names) - len({f.split(':')[0] for f in failures})} passed, {len({f.split(':')[0] for f in failures})} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
