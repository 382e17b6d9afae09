#!/usr/bin/python3
"""Driver behaviour: the command line, output rules and the key store, through
the real binary. Usage: behaviour_test.py CERTREQ"""
import os
import re
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])


def run(args, cwd, env_extra=None):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(cwd, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(cwd, "machine-store"))
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(env_extra or {})
    return subprocess.run([CERTREQ] + args, cwd=cwd, capture_output=True, text=True, env=env)


def files_under(path):
    out = []
    for root, _, files in os.walk(path):
        out += [os.path.join(root, f) for f in files]
    return sorted(out)


EC_INF = '[NewRequest]\nSubject = "CN=behaviour.example.com"\nKeyAlgorithm = ECDSA_P256\n'


@case
def help_and_usage_errors():
    with tempfile.TemporaryDirectory() as d:
        r = run(["-?"], d)
        assert r.returncode == 0 and "certreq -new" in r.stdout, r.stdout
        r = run(["/NEW", "/?"], d)
        assert r.returncode == 0 and "PolicyFileIn" in r.stdout and "-binary" in r.stdout, r.stdout
        r = run(["-v", "-?"], d)
        assert r.returncode == 0 and "Options:" in r.stdout and "-attrib" in r.stdout
        r = run(["-new", "-bogus", "a.inf", "b.req"], d)
        assert r.returncode == 2, r.returncode
        assert r.stderr.rstrip().endswith("Unknown argument: -bogus"), r.stderr
        assert "Usage:" in r.stderr
        r = run([], d)
        assert r.returncode == 2
        r = run(["-new", "only-one.inf"], d)
        assert r.returncode == 2 and "expected PolicyFileIn and RequestFileOut" in r.stderr, r.stderr
        r = run(["-submit", "x.req"], d)  # no CertFileOut: Windows opens a dialog, we give a usage error
        assert r.returncode == 2 and "expected RequestFileIn CertFileOut" in r.stderr, r.stderr


@case
def verbs_and_options_are_case_insensitive_and_take_slash():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF)
        r = run(["/New", "-Q", "a.inf", "a.req"], d)
        assert r.returncode == 0, r.stderr
        assert open(os.path.join(d, "a.req"), "rb").read().startswith(b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\n")
        # An absolute path that starts with '/' stays a path.
        r = run(["-new", "-q", os.path.join(d, "a.inf"), os.path.join(d, "b.req")], d)
        assert r.returncode == 0, r.stderr


@case
def binary_writes_der():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF)
        r = run(["-new", "-binary", "-q", "a.inf", "a.der"], d)
        assert r.returncode == 0, r.stderr
        der = open(os.path.join(d, "a.der"), "rb").read()
        assert der[0] == 0x30, der[:4]
        v = subprocess.run(["openssl", "req", "-inform", "DER", "-in", os.path.join(d, "a.der"), "-noout", "-verify"],
                           capture_output=True, text=True)
        assert "verify OK" in v.stdout + v.stderr, v.stderr


@case
def never_overwrites_without_f():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF)
        out = write(d, "a.req", "precious\n")
        keys_before = files_under(os.path.join(d, "user-store"))
        r = run(["-new", "-q", "a.inf", "a.req"], d)
        assert r.returncode == 1, r.returncode
        assert "exists (use -f to overwrite)" in r.stderr, r.stderr
        assert open(out).read() == "precious\n"
        assert files_under(os.path.join(d, "user-store")) == keys_before, "store changed on a refused run"
        r = run(["-new", "-q", "-f", "a.inf", "a.req"], d)
        assert r.returncode == 0, r.stderr
        assert open(out).read().startswith("-----BEGIN NEW CERTIFICATE REQUEST-----")


@case
def bad_input_positioned_error_no_output_no_store_entry():
    with tempfile.TemporaryDirectory() as d:
        write(d, "bad.inf", "[NewRequest]\nSubject = \"CN=x\"\nKeyLength = banana\n")
        r = run(["-new", "bad.inf", "bad.req"], d)
        assert r.returncode == 1, r.returncode
        assert re.search(r"^bad\.inf:3:13: error: .*KeyLength.*banana", r.stderr, re.M), r.stderr
        assert "    KeyLength = banana\n" in r.stderr and "^" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "bad.req"))
        assert files_under(os.path.join(d, "user-store")) == [], files_under(os.path.join(d, "user-store"))
        r = run(["-new", "missing.inf", "x.req"], d)
        assert r.returncode == 1 and "missing.inf" in r.stderr, r.stderr


@case
def store_layout_and_modes():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF + 'KeyContainer = web-2026\nFriendlyName = "Web 2026"\n')
        r = run(["-new", "-q", "a.inf", "a.req"], d)
        assert r.returncode == 0, r.stderr
        store = os.path.join(d, "user-store")
        key = os.path.join(store, "keys", "web-2026.key")
        assert stat.S_IMODE(os.stat(key).st_mode) == 0o600, oct(os.stat(key).st_mode)
        for sub in ["", "keys"]:
            assert stat.S_IMODE(os.stat(os.path.join(store, sub)).st_mode) == 0o700, sub
        # One file: the key, then the pending request with its metadata.
        assert sorted(os.path.relpath(f, store) for f in files_under(store)) == ["keys/web-2026.key", "lock"], files_under(store)
        text = open(key).read()
        meta = text[text.index("# certreq pending request"):]
        assert "friendly_name=Web 2026" in meta and "request_type=PKCS10" in meta, meta
        stored = subprocess.run(["openssl", "req", "-in", key, "-outform", "DER"], capture_output=True).stdout
        assert stored == subprocess.run(["openssl", "req", "-in", os.path.join(d, "a.req"), "-outform", "DER"],
                                        capture_output=True).stdout, "the stored request is not the output's"
        # The stored key is the request's key.
        pub_req = subprocess.run(["openssl", "req", "-in", os.path.join(d, "a.req"), "-noout", "-pubkey"],
                                 capture_output=True, text=True).stdout
        pub_key = subprocess.run(["openssl", "pkey", "-in", key, "-pubout"], capture_output=True, text=True).stdout
        assert pub_req and pub_req == pub_key
        # A second -new with the same container refuses to replace the key.
        r = run(["-new", "-q", "a.inf", "b.req"], d)
        assert r.returncode == 1 and "web-2026" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "b.req"))


@case
def machine_store():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF)
        r = run(["-new", "-machine", "-q", "a.inf", "a.req"], d)
        assert r.returncode == 0, r.stderr
        assert files_under(os.path.join(d, "machine-store")), "nothing in the machine store"
        assert not os.path.exists(os.path.join(d, "user-store", "keys"))
        write(d, "m.inf", EC_INF + "MachineKeySet = TRUE\n")
        before = len(files_under(os.path.join(d, "machine-store")))
        r = run(["-new", "-q", "m.inf", "m.req"], d)
        assert r.returncode == 0, r.stderr
        assert len(files_under(os.path.join(d, "machine-store"))) > before


@case
def machine_key_set_reuses_a_machine_store_key():
    with tempfile.TemporaryDirectory() as d:
        write(d, "m.inf", EC_INF + "MachineKeySet = TRUE\nKeyContainer = plant-7\n")
        assert run(["-new", "-q", "m.inf", "m.req"], d).returncode == 0
        write(d, "again.inf", EC_INF + "MachineKeySet = TRUE\nKeyContainer = plant-7\nUseExistingKeySet = TRUE\n")
        r = run(["-new", "-q", "again.inf", "again.req"], d)
        assert r.returncode == 0, r.stderr
        pubs = [subprocess.run(["openssl", "req", "-in", os.path.join(d, f), "-noout", "-pubkey"],
                               capture_output=True, text=True).stdout for f in ("m.req", "again.req")]
        assert pubs[0] and pubs[0] == pubs[1]
        assert not os.path.exists(os.path.join(d, "user-store")), "the user store was touched"
        # -user with MachineKeySet = TRUE is an error at the INF line, as on
        # Windows (it used to override MachineKeySet with a warning).
        r = run(["-new", "-q", "-user", "again.inf", "user.req"], d)
        assert r.returncode == 1 and "again.inf:4:17: error: -user: MachineKeySet = TRUE" in r.stderr, r.stderr
        assert r.stderr.endswith("0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)\n"), r.stderr
        assert not os.path.exists(os.path.join(d, "user.req"))


@case
def verbose_shows_notes_and_unknown_keys_warn():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF + "ProviderType = 12\nFrobnicate = yes\n")
        r = run(["-new", "-q", "a.inf", "a.req"], d)
        assert r.returncode == 0, r.stderr
        assert re.search(r"a\.inf:5:1: warning: .*Frobnicate", r.stderr), r.stderr
        assert ": note: " not in r.stderr
        r = run(["-new", "-q", "-v", "-f", "a.inf", "a.req"], d)
        assert re.search(r"a\.inf:4:\d+: note: .*ProviderType", r.stderr), r.stderr


@case
def self_signed_then_renewal_cert_reuses_the_key():
    with tempfile.TemporaryDirectory() as d:
        write(d, "ss.inf", '[NewRequest]\nSubject = "CN=renew-me"\nKeyAlgorithm = ECDSA_P384\nRequestType = Cert\n')
        r = run(["-new", "ss.inf", "ss.cer"], d)
        assert r.returncode == 0, r.stderr
        m = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout)
        assert m and "Installed Certificate:" in r.stdout and "CertReq: Request Created" in r.stdout, r.stdout
        der = subprocess.run(["openssl", "x509", "-in", os.path.join(d, "ss.cer"), "-outform", "DER"],
                             capture_output=True).stdout
        import hashlib
        assert hashlib.sha1(der).hexdigest() == m.group(1)
        write(d, "renew.inf", '[NewRequest]\nSubject = "CN=renew-me"\nUseExistingKeySet = TRUE\n'
                              f'RenewalCert = "{m.group(1).upper()}"\nKeyAlgorithm = ECDSA_P384\n')
        r = run(["-new", "-q", "renew.inf", "renew.req"], d)
        assert r.returncode == 0, r.stderr
        pub_cert = subprocess.run(["openssl", "x509", "-in", os.path.join(d, "ss.cer"), "-noout", "-pubkey"],
                                  capture_output=True, text=True).stdout
        pub_req = subprocess.run(["openssl", "req", "-in", os.path.join(d, "renew.req"), "-noout", "-pubkey"],
                                 capture_output=True, text=True).stdout
        assert pub_cert and pub_cert == pub_req
        write(d, "nokey.inf", '[NewRequest]\nUseExistingKeySet = TRUE\nKeyContainer = nope\n')
        r = run(["-new", "-q", "nokey.inf", "nokey.req"], d)
        assert r.returncode == 1 and re.search(r"nokey\.inf:3:\d+: error: .*nope", r.stderr), r.stderr


@case
def existing_key_gives_identical_requests():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF + "KeyContainer = fixed\n")
        assert run(["-new", "-q", "a.inf", "first.req"], d).returncode == 0
        write(d, "b.inf", EC_INF + "KeyContainer = fixed\nUseExistingKeySet = TRUE\n")
        assert run(["-new", "-q", "b.inf", "b1.req"], d).returncode == 0
        assert run(["-new", "-q", "b.inf", "b2.req"], d).returncode == 0
        b1 = open(os.path.join(d, "b1.req"), "rb").read()
        assert b1 == open(os.path.join(d, "b2.req"), "rb").read(), "RFC 6979: same key + INF must give the same bytes"


@case
def rsa_key_reuse_keeps_its_blinding_pair_beside_the_key():
    with tempfile.TemporaryDirectory() as d:
        keys = os.path.join(d, "user-store", "keys")
        os.makedirs(keys, mode=0o700)
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mbed", "data", "rsa2048.pkcs8.pem")
        with open(src) as f, open(os.path.join(keys, "rsa.key"), "w") as k:
            k.write(f.read())
        os.chmod(os.path.join(keys, "rsa.key"), 0o600)
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=rsa reuse"\nUseExistingKeySet = TRUE\nKeyContainer = rsa\n')
        blind = os.path.join(keys, "rsa.blind")
        outs, pairs = [], []
        for i in range(3):
            r = run(["-new", "-q", "r.inf", f"r{i}.req"], d)
            assert r.returncode == 0, r.stderr
            outs.append(open(os.path.join(d, f"r{i}.req"), "rb").read())
            assert stat.S_IMODE(os.stat(blind).st_mode) == 0o600
            pairs.append(open(blind, "rb").read())
            assert len(pairs[-1]) == 512, len(pairs[-1])  # Vf and Vi, 256 bytes each
        assert outs[0] == outs[1] == outs[2]  # PKCS#1 v1.5: blinding never shows in the signature
        assert pairs[0] != pairs[1] != pairs[2] and pairs[0] != pairs[2]  # each run takes the next pair
        with open(blind, "wb") as f:
            f.write(b"\x01" * 512)  # not a pair for this key: ignored, a new one is made
        r = run(["-new", "-q", "r.inf", "r3.req"], d)
        assert r.returncode == 0 and open(os.path.join(d, "r3.req"), "rb").read() == outs[0], r.stderr
        assert open(blind, "rb").read() not in (b"\x01" * 512, pairs[2])
        verify = subprocess.run(["openssl", "req", "-verify", "-noout", "-in", os.path.join(d, "r3.req")],
                                capture_output=True, text=True)
        assert verify.returncode == 0, verify.stderr
        # CMC signs twice with the key (PKCS#10, then the SignedData): the cache is left alone, since the
        # second signature would blind with the pair the next run takes.
        before = open(blind, "rb").read()
        write(d, "c.inf", '[NewRequest]\nSubject = "CN=rsa reuse"\nUseExistingKeySet = TRUE\nKeyContainer = rsa\n'
                          'RequestType = CMC\n')
        for i in range(2):
            r = run(["-new", "-q", "c.inf", f"c{i}.req"], d)
            assert r.returncode == 0, r.stderr
            assert open(blind, "rb").read() == before


@case
def cert_option_issues_with_an_installed_ca():
    with tempfile.TemporaryDirectory() as d:
        write(d, "ca.inf", '[NewRequest]\nSubject = "CN=Test Issuing CA, O=Example"\nKeyAlgorithm = ECDSA_P256\n'
                           'RequestType = Cert\nKeyUsage = "CERT_KEY_CERT_SIGN_KEY_USAGE | CERT_CRL_SIGN_KEY_USAGE"\n'
                           '[BasicConstraintsExtension]\nPathLength = 0\nCritical = TRUE\n')
        r = run(["-new", "ca.inf", "ca.cer"], d)
        assert r.returncode == 0, r.stderr
        thumb = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        write(d, "leaf.inf", '[NewRequest]\nSubject = "CN=leaf.example.com"\nKeyAlgorithm = RSA\nKeyLength = 2048\n'
                             'RequestType = Cert\n[Extensions]\n2.5.29.17 = "{text}dns=leaf.example.com"\n')
        r = run(["-new", "-q", "-cert", thumb, "leaf.inf", "leaf.cer"], d)
        assert r.returncode == 0, r.stderr
        v = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(d, "ca.cer"), os.path.join(d, "leaf.cer")],
                           capture_output=True, text=True)
        assert v.returncode == 0 and "leaf.cer: OK" in v.stdout, v.stdout + v.stderr
        t = subprocess.run(["openssl", "x509", "-in", os.path.join(d, "leaf.cer"), "-noout", "-issuer", "-ext",
                            "authorityKeyIdentifier"], capture_output=True, text=True).stdout
        ski = subprocess.run(["openssl", "x509", "-in", os.path.join(d, "ca.cer"), "-noout", "-ext",
                              "subjectKeyIdentifier"], capture_output=True, text=True).stdout.splitlines()[-1].strip()
        assert "issuer=O = Example, CN = Test Issuing CA" in t and ski in t, t  # DER root first (spec 6.4)
        # A request (not a certificate) with -cert, and an unknown certificate, are refused.
        write(d, "req.inf", EC_INF)
        r = run(["-new", "-q", "-cert", thumb, "req.inf", "req.req"], d)
        assert r.returncode == 1 and "-cert with -new issues RequestType = Cert" in r.stderr, r.stderr
        r = run(["-new", "-q", "-cert", "00" * 20, "leaf.inf", "x.cer"], d)
        assert r.returncode == 1 and "no installed certificate matches" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "x.cer"))


@case
def source_date_epoch_must_be_a_number():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF + "RequestType = Cert\n")
        r = run(["-new", "-q", "a.inf", "a.cer"], d, {"SOURCE_DATE_EPOCH": "yesterday"})
        assert r.returncode == 1 and "SOURCE_DATE_EPOCH" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "a.cer"))


finish()
