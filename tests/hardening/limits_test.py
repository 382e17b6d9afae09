#!/usr/bin/python3
"""Every documented limit (docs/limits.md) at its value and one past it,
through the real binary: at the limit the input is read (success, or a
different, later error); one past it gives the limit's exact error, exit 1,
no output file and no key stored.

Usage: limits_test.py CERTREQ CASES_DIR [--show]   (CERTREQ_WRAPPER as in catalogue_test.py)"""
import os
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "driver"))
from harness import first_error, nested, tlv  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
SHOW = "--show" in sys.argv[3:]
WRAPPER = shlex.split(os.environ.get("CERTREQ_WRAPPER", ""))
HEAD = '[NewRequest]\nSubject = "CN=limits.example"\nKeyAlgorithm = ECDSA_P256\n'
MiB = 1024 * 1024


def padded_inf(size):
    """HEAD then comment lines of at most 64 KiB up to exactly `size` bytes."""
    out = [HEAD.encode()]
    left = size - len(out[0])
    while left > 0:
        n = min(left, 60000)
        out.append(b";" + b"c" * (n - 2) + b"\n" if n >= 2 else b"\n")
        left -= n
    return b"".join(out)


def budget_inf(refs):
    """[Strings] s = 4096 characters, referenced `refs` times (<= 4096 per line)."""
    lines = [HEAD, "[Strings]\ns = " + "x" * 4096 + "\n", "[Padding]\n"]
    i = 0
    while refs > 0:
        n = min(refs, 4096)
        lines.append(f"k{i} = " + "%s%" * n + "\n")
        refs -= n
        i += 1
    return "".join(lines).encode()


def cms_nested(levels):
    """ContentInfo(signedData) whose id-data eContent is the next level, `levels` deep."""
    signed, data = bytes.fromhex("06092a864886f70d010702"), bytes.fromhex("06092a864886f70d010701")
    x = None
    for _ in range(levels):
        encap = tlv(0x30, data + (tlv(0xA0, tlv(0x04, x)) if x is not None else b""))
        x = tlv(0x30, signed + tlv(0xA0, tlv(0x30, tlv(0x02, b"\x01") + tlv(0x31, b"") + encap + tlv(0x31, b""))))
    return x


def octets(size):
    """one OCTET STRING of exactly `size` bytes in all"""
    n = size - 1 - (1 if size - 2 < 0x80 else 1 + ((size - 2).bit_length() + 7) // 8)
    out = tlv(0x04, b"\x00" * n)
    assert len(out) == size
    return out


def nulls(n):
    """a SEQUENCE of n NULLs"""
    return tlv(0x30, b"\x05\x00" * n)


def lists(*sizes):
    """a SEQUENCE of SEQUENCEs of NULLs of the given sizes"""
    return tlv(0x30, b"".join(nulls(n) for n in sizes))


def crl(entries):
    """a CertificateList (signature not checked by -dump) with `entries` revoked
    certificates, each with a cRLReason extension"""
    time = tlv(0x17, b"260101000000Z")
    alg = tlv(0x30, tlv(0x06, bytes.fromhex("2a8648ce3d040302")))
    issuer = tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, b"\x55\x04\x03") + tlv(0x0C, b"ca"))))
    reason = tlv(0x30, tlv(0x30, tlv(0x06, b"\x55\x1d\x15") + tlv(0x04, tlv(0x0A, b"\x01"))))
    revoked = tlv(0x30, b"".join(tlv(0x30, tlv(0x02, (i + 1).to_bytes(((i + 1).bit_length() + 8) // 8, "big")) + time + reason)
                                 for i in range(entries)))
    tbs = tlv(0x30, tlv(0x02, b"\x01") + alg + issuer + time + time + revoked)
    return tlv(0x30, tbs + alg + tlv(0x03, b"\x00" + tlv(0x30, tlv(0x02, b"\x01") + tlv(0x02, b"\x01"))))


# (limit, name, verb, input bytes, expected exit, expected first error line or None)
ROWS = [
    ("INF file size 16 MiB", "at", "new", lambda: padded_inf(16 * MiB), 0, None),
    ("INF file size 16 MiB", "past", "new", lambda: padded_inf(16 * MiB + 1), 1,
     "in.inf: error: file larger than 16 MiB"),
    ("INF line 65536 bytes", "at", "new", lambda: (HEAD + ";" + "c" * 65535 + "\n").encode(), 0, None),
    ("INF line 65536 bytes", "past", "new", lambda: (HEAD + ";" + "c" * 65536 + "\n").encode(), 1,
     "in.inf:4:1: error: line longer than 65536 bytes"),
    ("INF value 4096 characters", "at", "new", lambda: (HEAD + "FriendlyName = " + "\u00e9" * 4096 + "\n").encode(), 0, None),
    ("INF value 4096 characters", "past", "new", lambda: (HEAD + "FriendlyName = " + "\u00e9" * 4097 + "\n").encode(), 1,
     "in.inf:4:16: error: value longer than 4096 characters after %string% substitution"),
    ("INF key 4096 characters", "at", "new", lambda: (HEAD + "[Padding]\n" + "k" * 4096 + " = 1\n").encode(), 0, None),
    ("INF key 4096 characters", "past", "new", lambda: (HEAD + "[Padding]\n" + "k" * 4097 + " = 1\n").encode(), 1,
     "in.inf:5:1: error: key longer than 4096 characters after %string% substitution"),
    ("INF section name 255 characters", "at", "new", lambda: ("[" + "s" * 255 + "]\n" + HEAD).encode(), 0, None),
    ("INF section name 255 characters", "past", "new", lambda: ("[" + "s" * 256 + "]\n" + HEAD).encode(), 1,
     "in.inf:1:1: error: section name longer than 255 characters"),
    ("[Strings] substitution 64 MiB", "at", "new", lambda: budget_inf(16384), 1,
     "in.inf:7:6: error: value longer than 4096 characters after %string% substitution"),
    ("[Strings] substitution 64 MiB", "past", "new", lambda: budget_inf(16385), 1,
     "in.inf:11:6: error: too much %string% substitution in this file (over 64 MiB); the rest is left as written"),
    ("diagnostics 1000", "at", "new", lambda: ("[P] junk\n" * 999 + HEAD).encode(), 0, None),
    ("diagnostics 1000", "past", "new", lambda: ("[P] junk\n" * 1000 + HEAD).encode(), 1,
     "in.inf:1001:1: error: too many errors and warnings; the rest of the file is not read"),
    ("key container name 251 bytes", "at", "new", lambda: (HEAD + "KeyContainer = " + "n" * 251 + "\n").encode(), 0, None),
    ("key container name 251 bytes", "past", "new", lambda: (HEAD + "KeyContainer = " + "n" * 252 + "\n").encode(), 1,
     "in.inf:4:16: error: KeyContainer: invalid key container name 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn': longer than 251 bytes"),
    ("DER nesting 64", "at", "dump", lambda: nested(64), 1,
     "in.der: DER offset 0: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: does not match the ASN.1 type: unexpected tag (element 'certificationRequestInfo.version')"),
    ("DER nesting 64", "past", "dump", lambda: nested(65), 1,
     "in.der: DER offset 130: error: nesting deeper than 64 levels"),
    ("CMS nesting in -dump 8", "at", "dump", lambda: cms_nested(8), 0, None),
    ("CMS nesting in -dump 8", "past", "dump", lambda: cms_nested(9), 1,
     "in.der: DER offset 364: error: CMS content nested more than 8 levels"),
    ("DER list 4096 elements", "at", "dump", lambda: nulls(4096), 1,
     "in.der: DER offset 0: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: does not match the ASN.1 type: unexpected tag (element 'certificationRequestInfo')"),
    ("DER list 4096 elements", "past", "dump", lambda: nulls(4097), 1,
     "in.der: DER offset 0: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: more than 4096 elements in one constructed value (limit)"),
    ("DER list elements 2^26 element pairs in all", "at", "dump", lambda: lists(4096, 4096, 4096, 4095), 1,
     "in.der: DER offset 0: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: does not match the ASN.1 type: unexpected tag (element 'certificationRequestInfo.version')"),
    ("DER list elements 2^26 element pairs in all", "past", "dump", lambda: lists(4096, 4096, 4096, 4096), 1,
     "in.der: DER offset 24592: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: too many list elements in all (over 67108864 element pairs; limit)"),
    ("input file 64 MiB", "at", "dump", lambda: octets(64 * MiB), 1,
     "in.der: DER offset 0: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: does not match the ASN.1 type: unexpected tag"),
    ("input file 64 MiB", "past", "dump", lambda: octets(64 * MiB + 1), 1,
     "certreq: in.der: file too large (limit 67108864 bytes)"),
]


def main():
    failures = []
    for limit, which, verb, make, rc, expect in ROWS:
        with tempfile.TemporaryDirectory() as d:
            infile = "in.inf" if verb == "new" else "in.der"
            data = make()
            with open(os.path.join(d, infile), "wb") as f:
                f.write(data)
            store = os.path.join(d, "store")
            env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(store, "user"),
                       CERTREQ_MACHINE_STORE=os.path.join(store, "machine"))
            args = ["-new", infile, "out.req"] if verb == "new" else ["-dump", infile]
            r = subprocess.run(WRAPPER + [CERTREQ] + args, cwd=d, capture_output=True, env=env, timeout=900)
            got = first_error(r.stderr)
            if SHOW:
                print(f"{limit} / {which} ({len(data)} bytes): rc={r.returncode} {got!r}")
                continue
            why = []
            if r.returncode != rc:
                why.append(f"exit {r.returncode}, expected {rc}")
            if got != expect:
                why.append(f"first error {got!r}, expected {expect!r}")
            if rc != 0:
                if os.path.exists(os.path.join(d, "out.req")):
                    why.append("output file written")
                keys = os.path.join(store, "user", "keys")
                if os.path.isdir(keys) and os.listdir(keys):
                    why.append("a key was stored")
            if why:
                failures.append(f"{limit} / {which}: " + "; ".join(why))
    if SHOW:
        return 0
    # The one long list a real file has: a CRL's entries are exempt from the
    # list limits (each is decoded on its own), so a 100 000-entry CRL dumps.
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "big.crl"), "wb") as f:
            f.write(crl(100000))
        r = subprocess.run(WRAPPER + [CERTREQ, "-dump", "big.crl"], cwd=d, capture_output=True, timeout=900)
        out = r.stdout.decode()
        if r.returncode != 0 or out.count("serialNumber:") != 100000 or "serialNumber: 0186A0" not in out \
                or out.count("reason: 1 (keyCompromise)") != 100000:
            failures.append(f"CRL of 100000 entries: exit {r.returncode}, {out.count('serialNumber:')} entries dumped, "
                            f"{first_error(r.stderr)!r}")
    # A diagnostic on a long line quotes 60 characters either side of the
    # column, not the whole line, and its caret still points at the token.
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "long.inf"), "w") as f:
            f.write('[NewRequest]\nSubject = "CN=' + "a" * 4000 + ',QQ=1"\n')
        r = subprocess.run(WRAPPER + [CERTREQ, "-new", "long.inf", "out.req"], cwd=d, capture_output=True, timeout=900)
        lines = r.stderr.decode().split("\n")
        quoted, caret = (lines[1], lines[2]) if len(lines) > 2 else ("", "")
        if r.returncode != 1 or not lines[0].startswith("long.inf:2:4016: error: Subject: unknown attribute \"QQ\"") \
                or not quoted.startswith("    ...") or len(quoted) > 4 + 3 + 121 + 3 \
                or caret.rstrip() != " " * quoted.index("QQ") + "^":
            failures.append(f"long-line diagnostic: exit {r.returncode}, {lines[:3]!r}")
    # The diagnostics cap: 5000 unknown keys make 5000 warnings; 1000 are shown, then one closing line
    # (a 16 MiB INF once printed 1 988 404 warnings, 247 MB of stderr).
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "many.inf"), "w") as f:
            f.write(HEAD + "".join(f"Unknown{i} = x\n" for i in range(5000)))
        r = subprocess.run(WRAPPER + [CERTREQ, "-new", "many.inf", "out.req"], cwd=d, capture_output=True, timeout=900)
        err = r.stderr.decode()
        shown = err.count(": warning: [NewRequest]: unknown key")
        if r.returncode != 0 or shown != 1000 or \
                "many.inf: 4000 more errors, warnings and notes were left out (at most 1000 errors and 1000 warnings" not in err:
            failures.append(f"diagnostics cap: exit {r.returncode}, {shown} warnings shown, tail {err[-300:]!r}")
    print(f"{len(ROWS) // 2} limits, each at its value and one past, a 100000-entry CRL, a long-line diagnostic and the "
          f"diagnostics cap; "
          f"{len(failures)} failed")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
