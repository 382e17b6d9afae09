#!/usr/bin/python3
"""The request life cycle on a local CA, through the real binary:
-ca init/list/issue/deny/revoke/crl, -submit, -retrieve, -accept, -enroll.
Every issued certificate is verified with `openssl verify` against the CA
certificate and read back with python3-cryptography. Includes parallel
submits and kill -9 during a loop of submits, then a consistency check.
Usage: ca_test.py CERTREQ"""
import os
import random
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, pending_requests, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
TEST_DATA = os.environ.get("CERTREQ_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "data"))


def env_for(d):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(d, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"))
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run(args, d, expect=None, env_extra=None):
    r = subprocess.run([CERTREQ] + args, cwd=d, capture_output=True, text=True, env=dict(env_for(d), **(env_extra or {})))
    if expect is not None:
        assert r.returncode == expect, f"{args}: exit {r.returncode}, expected {expect}\n{r.stdout}\n{r.stderr}"
    return r


def load_cert(path):
    data = open(path, "rb").read()
    return x509.load_pem_x509_certificate(data) if data.startswith(b"-----") else x509.load_der_x509_certificate(data)


def openssl_verify(ca_cer, cert, extra=()):
    """openssl verify with the CA certificate (DER) as the only trust anchor."""
    pem = ca_cer + ".pem"
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", ca_cer, "-out", pem], check=True)
    if not open(cert, "rb").read().startswith(b"-----"):
        subprocess.run(["openssl", "x509", "-inform", "DER", "-in", cert, "-out", cert + ".pem"], check=True)
        cert = cert + ".pem"
    r = subprocess.run(["openssl", "verify", "-CAfile", pem, *extra, cert], capture_output=True, text=True)
    return r.returncode == 0 and cert + ": OK" in r.stdout, r.stdout + r.stderr


def request_id(stdout):
    m = re.search(r'RequestId: "?(\d+)"?', stdout)
    assert m, stdout
    return int(m.group(1))


FULL = ["web.full"]  # FullResponseFileOut
WEB_INF = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "webserver.inf")).read()
EC_INF = '[NewRequest]\nSubject = "CN={cn}"\nKeyAlgorithm = ECDSA_P256\nFriendlyName = "{cn} key"\n'


def init_ca(d, policy_text=None, name="ca"):
    cadir = os.path.join(d, name)
    args = ["-ca", "init", "-config", cadir]
    if policy_text is not None:
        args.append(write(d, name + ".inf", policy_text))
    r = run(args, d, expect=0)
    assert "CertReq: CA created in " + cadir in r.stdout, r.stdout
    return cadir


def new_request(d, name, inf_text):
    inf = write(d, name + ".inf", inf_text)
    run(["-new", inf, os.path.join(d, name + ".req")], d, expect=0)
    return os.path.join(d, name + ".req")


@case
def default_ca_is_p256_ten_years_with_private_files():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        cert = x509.load_der_x509_certificate(open(os.path.join(cadir, "ca.cer"), "rb").read())
        assert cert.subject.rfc4514_string() == "CN=certreq Local CA", cert.subject
        assert cert.public_key().curve.name == "secp256r1"
        years = (cert.not_valid_after - cert.not_valid_before).days / 365.25
        assert 9.99 < years < 10.01, years
        bc = cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS)
        assert bc.critical and bc.value.ca
        ku = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
        assert ku.key_cert_sign and ku.crl_sign and ku.digital_signature
        assert stat.S_IMODE(os.stat(cadir).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(os.path.join(cadir, "ca.key")).st_mode) == 0o600
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), os.path.join(cadir, "ca.cer"))
        assert ok, out
        r = run(["-ca", "init", "-config", cadir], d, expect=1)
        assert "a CA already exists here" in r.stderr, r.stderr


@case
def submit_issue_retrieve_accept_full_cycle():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        req = new_request(d, "web", WEB_INF)
        csr = x509.load_pem_x509_csr(open(req, "rb").read())
        r = run(["-submit", "-config", cadir, req, "web.cer", "web.p7b"] + FULL, d, expect=0)
        assert r.stdout.startswith('RequestId: 1\nRequestId: "1"\nCertificate retrieved(Issued) Issued'), r.stdout
        cert = load_cert(os.path.join(d, "web.cer"))
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), os.path.join(d, "web.cer"))
        assert ok, out
        assert cert.subject == csr.subject
        assert cert.public_key().public_numbers() == csr.public_key().public_numbers()
        for oid in (ExtensionOID.SUBJECT_ALTERNATIVE_NAME, ExtensionOID.EXTENDED_KEY_USAGE, ExtensionOID.KEY_USAGE):
            assert cert.extensions.get_extension_for_oid(oid).value == csr.extensions.get_extension_for_oid(oid).value, oid
        ca = x509.load_der_x509_certificate(open(os.path.join(cadir, "ca.cer"), "rb").read())
        aki = cert.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
        ski = ca.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
        assert aki.key_identifier == ski.digest
        assert cert.serial_number & 0xffffffff == 1, hex(cert.serial_number)  # the request id ends the serial
        # The chain: a certs-only PKCS#7 with the certificate and the CA's.
        p7 = subprocess.run(["openssl", "pkcs7", "-print_certs", "-in", os.path.join(d, "web.p7b")],
                            capture_output=True, text=True)
        assert p7.returncode == 0 and p7.stdout.count("BEGIN CERTIFICATE") == 2, p7.stdout + p7.stderr
        if FULL:  # The full response: a CMS SignedData signed by the CA.
            full = subprocess.run(["openssl", "cms", "-verify", "-inform", "PEM", "-in", os.path.join(d, "web.full"),
                                   "-CAfile", os.path.join(cadir, "ca.cer") + ".pem", "-out", os.devnull],
                                  capture_output=True, text=True)
            assert full.returncode == 0, full.stderr
        # -retrieve: by decimal id, hex id and serial number, the same certificate.
        serial_hex = format(cert.serial_number, "x")
        for which in ("1", "0x1", serial_hex):
            out = "again-" + which + ".cer"
            r = run(["-retrieve", "-config", cadir, which, out], d, expect=0)
            assert "Certificate retrieved(Issued) Issued" in r.stdout, r.stdout
            assert open(os.path.join(d, out), "rb").read() == open(os.path.join(d, "web.cer"), "rb").read()
        r = run(["-retrieve", "-config", cadir, "1", "web.cer"], d, expect=1)
        assert "exists (use -f to overwrite)" in r.stderr, r.stderr
        # -accept installs it with the key of the pending request.
        pending = pending_requests(os.path.join(d, "user-store"))
        assert len(pending) == 1, pending
        r = run(["-accept", "web.full" if FULL else "web.p7b"], d, expect=0)
        assert r.stdout.startswith("Installed Certificate:\n  Serial Number: "), r.stdout
        assert "Subject: CN=www.example.com, O=Example Ltd, C=GB (DNS Name=www.example.com, DNS Name=example.com)" in r.stdout, r.stdout
        thumb = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        meta = open(os.path.join(d, "user-store", "my", thumb + ".meta")).read()
        assert "friendly_name=www.example.com TLS" in meta, meta
        assert not pending_requests(os.path.join(d, "user-store"))
        r = run(["-accept", "web.cer"], d, expect=1)
        assert "no pending request matches" in r.stderr and "user-store" in r.stderr, r.stderr


@case
def pending_policy_then_issue_deny_and_messages():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d, "[certsrv_server]\nRequestDisposition = Pending\nValidityPeriod = Days\nValidityPeriodUnits = 30\n")
        a = new_request(d, "a", EC_INF.format(cn="a.example"))
        b = new_request(d, "b", EC_INF.format(cn="b.example"))
        # Pending and denied requests exit 0, as certreq.exe (the disposition is
        # in the text); CERTREQ_DISPOSITION_EXIT_CODES=1 keeps our old 3 and 4.
        r = run(["-submit", "-config", cadir, a, "a.cer"], d, expect=0)
        assert r.stdout == 'RequestId: 1\nRequestId: "1"\nCertificate request is pending: Taken Under Submission\n', r.stdout
        assert not os.path.exists(os.path.join(d, "a.cer"))
        r = run(["-submit", "-config", cadir, b, "b.cer"], d, expect=3, env_extra={"CERTREQ_DISPOSITION_EXIT_CODES": "1"})
        assert request_id(r.stdout) == 2
        r = run(["-retrieve", "-config", cadir, "1", "a.cer", "a.p7b", "a.full"], d, expect=0)
        assert not os.path.exists(os.path.join(d, "a.cer")) and not os.path.exists(os.path.join(d, "a.p7b"))
        r = run(["-dump", "a.full"], d, expect=0)
        assert "status: 3 (pending)" in r.stdout and "pendToken: 00000001" in r.stdout, r.stdout
        r = run(["-ca", "list", "-config", cadir], d, expect=0)
        lines = r.stdout.splitlines()
        assert lines[1].startswith("1          pending  ") and lines[1].endswith("CN=a.example"), r.stdout
        run(["-ca", "issue", "1", "-config", cadir], d, expect=0)
        r = run(["-ca", "deny", "2", "-config", cadir], d, expect=0)
        r = run(["-ca", "issue", "2", "-config", cadir], d, expect=1)
        assert "request 2 is denied, not pending" in r.stderr, r.stderr
        assert r.stderr.endswith(" 0x80094003 (-2146877437 CERTSRV_E_BAD_REQUESTSTATUS)\n"), r.stderr
        r = run(["-retrieve", "-config", cadir, "1", "a.cer"], d, expect=0)
        cert = load_cert(os.path.join(d, "a.cer"))
        assert (cert.not_valid_after - cert.not_valid_before).days == 30, cert.not_valid_after
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), os.path.join(d, "a.cer"))
        assert ok, out
        r = run(["-retrieve", "-config", cadir, "2", "b.cer"], d, expect=0)
        assert "Certificate not issued (Denied) Denied by the CA administrator" in r.stdout, r.stdout
        run(["-retrieve", "-config", cadir, "2", "b.cer"], d, expect=4, env_extra={"CERTREQ_DISPOSITION_EXIT_CODES": "1"})
        r = run(["-retrieve", "-config", cadir, "3", "c.cer"], d, expect=1)
        assert "no request or certificate 3" in r.stderr, r.stderr
        assert r.stderr.endswith(" 0x80070490 (WIN32: 1168 ERROR_NOT_FOUND)\n"), r.stderr


@case
def revoke_and_crl():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        req = new_request(d, "r", EC_INF.format(cn="revoked.example"))
        run(["-submit", "-config", cadir, req, "r.cer"], d, expect=0)
        serial = format(load_cert(os.path.join(d, "r.cer")).serial_number, "x")
        r = run(["-ca", "revoke", serial, "keyCompromise", "-config", cadir], d, expect=0)
        assert "Revoked: serial" in r.stdout and "(RequestId 1)" in r.stdout, r.stdout
        run(["-ca", "revoke", serial, "-config", cadir], d, expect=1)
        r = run(["-retrieve", "-config", cadir, "1", "r2.cer"], d, expect=0)
        assert "Certificate retrieved(Revoked) Revoked" in r.stdout, r.stdout
        run(["-ca", "crl", "-config", cadir, "ca.crl"], d, expect=0)
        crl = x509.load_pem_x509_crl(open(os.path.join(d, "ca.crl"), "rb").read())
        entry = crl.get_revoked_certificate_by_serial_number(int(serial, 16))
        assert entry is not None
        assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.key_compromise
        assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 1
        ca = x509.load_der_x509_certificate(open(os.path.join(cadir, "ca.cer"), "rb").read())
        assert crl.is_signature_valid(ca.public_key())
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), os.path.join(d, "r.cer"), ("-crl_check", "-CRLfile", os.path.join(d, "ca.crl")))
        assert not ok and "certificate revoked" in out, out
        run(["-ca", "crl", "-config", cadir, "ca.crl"], d, expect=1)
        run(["-ca", "crl", "-f", "-binary", "-config", cadir, "ca.crl"], d, expect=0)
        crl2 = x509.load_der_x509_crl(open(os.path.join(d, "ca.crl"), "rb").read())
        assert crl2.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 2
        # -crl puts the CRL into the chain file.
        req2 = new_request(d, "s", EC_INF.format(cn="s.example"))
        run(["-submit", "-crl", "-config", cadir, req2, "s.cer", "s.p7b"], d, expect=0)
        p7 = subprocess.run(["openssl", "pkcs7", "-print_certs", "-in", os.path.join(d, "s.p7b")], capture_output=True, text=True)
        assert "Certificate Revocation List" in p7.stdout or "BEGIN X509 CRL" in p7.stdout, p7.stdout


@case
def capolicy_from_the_corpus_and_cdp_aia():
    with tempfile.TemporaryDirectory() as d:
        corpus = os.path.join(TEST_DATA, "corpus", "capolicy-wild", "001-sandmanzac-policy-cps-url.inf")
        cadir = os.path.join(d, "corpus-ca")
        r = run(["-ca", "init", "-config", cadir, corpus], d, expect=0)
        ca = x509.load_der_x509_certificate(open(os.path.join(cadir, "ca.cer"), "rb").read())
        assert ca.public_key().key_size == 2048  # RenewalKeyLength
        years = (ca.not_valid_after - ca.not_valid_before).days / 365.25
        assert 19.99 < years < 20.01, years  # RenewalValidityPeriodUnits = 20
        pol = ca.extensions.get_extension_for_oid(ExtensionOID.CERTIFICATE_POLICIES).value
        assert pol[0].policy_identifier.dotted_string == "1.2.3.4.1455.67.89.5"
        assert "http://pki.caz.one/pki/cps.txt" in [q for q in pol[0].policy_qualifiers if isinstance(q, str)]
        cadir2 = init_ca(d, "[CRLDistributionPoint]\nURL=http://pki.example/ca.crl\n[AuthorityInformationAccess]\n"
                            "URL=http://pki.example/ca.cer\n[NewRequest]\nSubject = \"CN=Example Issuing CA, O=Example\"\n"
                            "KeyAlgorithm = ECDSA_P384\nHashAlgorithm = SHA384\n[BasicConstraintsExtension]\nPathLength = 0\n", "ca2")
        ca2 = x509.load_der_x509_certificate(open(os.path.join(cadir2, "ca.cer"), "rb").read())
        assert ca2.subject.rfc4514_string() == "CN=Example Issuing CA,O=Example"  # read leaf first (spec 6.4)
        assert ca2.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value.path_length == 0
        req = new_request(d, "leaf", EC_INF.format(cn="leaf.example"))
        run(["-submit", "-config", cadir2, req, "leaf.cer"], d, expect=0)
        leaf = load_cert(os.path.join(d, "leaf.cer"))
        cdp = leaf.extensions.get_extension_for_oid(ExtensionOID.CRL_DISTRIBUTION_POINTS).value
        assert cdp[0].full_name[0].value == "http://pki.example/ca.crl"
        aia = leaf.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_INFORMATION_ACCESS).value
        assert aia[0].access_location.value == "http://pki.example/ca.cer"
        assert leaf.signature_hash_algorithm.name == "sha384"
        ok, out = openssl_verify(os.path.join(cadir2, "ca.cer"), os.path.join(d, "leaf.cer"))
        assert ok, out
        # pathLen 0: a request for a CA certificate is denied.
        sub = new_request(d, "sub", EC_INF.format(cn="sub") + "[BasicConstraintsExtension]\nPathLength = 0\n")
        r = run(["-submit", "-config", cadir2, sub, "sub.cer"], d, expect=0)  # denied: exit 0 as certreq.exe
        assert "Certificate not issued (Denied) Denied by Policy Module: the request asks for a CA certificate" in r.stdout, r.stdout


@case
def bad_input_and_bad_signature():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        junk = write(d, "junk.req", "-----BEGIN NEW CERTIFICATE REQUEST-----\nMIIBAAAA\n-----END NEW CERTIFICATE REQUEST-----\n")
        r = run(["-submit", "-config", cadir, junk, "j.cer"], d, expect=1)
        assert "junk.req: " in r.stderr and "offset" in r.stderr, r.stderr
        assert r.stderr.endswith(" 0x8007000d (WIN32: 13 ERROR_INVALID_DATA)\n"), r.stderr
        assert not os.path.exists(os.path.join(cadir, "requests")) or not os.listdir(os.path.join(cadir, "requests"))
        req = new_request(d, "t", EC_INF.format(cn="tampered.example"))
        run(["-new", "-binary", write(d, "t2.inf", EC_INF.format(cn="tampered.example")), "t.der"], d, expect=0)
        der = bytearray(open(os.path.join(d, "t.der"), "rb").read())
        der[-3] ^= 0x01  # inside the ECDSA signature
        open(os.path.join(d, "t.der"), "wb").write(der)
        r = run(["-submit", "-config", cadir, "t.der", "t.cer"], d, expect=0)  # denied: exit 0 as certreq.exe
        assert "Certificate not issued (Denied) The request's signature does not verify" in r.stdout, r.stdout
        assert not os.path.exists(os.path.join(d, "t.cer"))
        r = run(["-submit", "-config", os.path.join(d, "nowhere"), req, "x.cer"], d, expect=1)
        assert "no CA in " in r.stderr and "certreq -ca init -config" in r.stderr, r.stderr
        assert r.stderr.endswith(" 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\n"), r.stderr
        write(d, "exists.cer", "keep me")
        r = run(["-submit", "-config", cadir, req, "exists.cer"], d, expect=1)
        assert "exists (use -f to overwrite)" in r.stderr and open(os.path.join(d, "exists.cer")).read() == "keep me"
        r = run(["-ca", "list", "-config", cadir], d, expect=0)
        assert len(r.stdout.splitlines()) == 2, r.stdout  # only the tampered request was recorded


@case
def enroll_template_then_renew():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        write(d, "user-store/templates/WebServer.inf", WEB_INF)
        r = run(["-enroll", "-config", cadir, "WebServer"], d, expect=0)
        assert "Certificate retrieved(Issued) Issued" in r.stdout and "Installed Certificate:" in r.stdout, r.stdout
        thumb = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        first = os.path.join(d, "user-store", "my", thumb + ".cer")
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), first)
        assert ok, out
        old = x509.load_der_x509_certificate(open(first, "rb").read())
        assert not pending_requests(os.path.join(d, "user-store"))
        r = run(["-enroll", "-config", cadir, "-cert", "www.example.com", "renew"], d, expect=0)
        thumb2 = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        new = x509.load_der_x509_certificate(open(os.path.join(d, "user-store", "my", thumb2 + ".cer"), "rb").read())
        assert new.subject.public_bytes() == old.subject.public_bytes()
        san = ExtensionOID.SUBJECT_ALTERNATIVE_NAME
        assert new.extensions.get_extension_for_oid(san).value == old.extensions.get_extension_for_oid(san).value
        assert new.public_key().public_numbers() != old.public_key().public_numbers()
        meta = open(os.path.join(d, "user-store", "my", thumb2 + ".meta")).read()
        assert "friendly_name=www.example.com TLS" in meta, meta
        r = run(["-enroll", "-config", cadir, "-cert", thumb2, "renew", "reusekeys"], d, expect=0)
        thumb3 = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        third = x509.load_der_x509_certificate(open(os.path.join(d, "user-store", "my", thumb3 + ".cer"), "rb").read())
        assert third.public_key().public_numbers() == new.public_key().public_numbers()
        r = run(["-enroll", "-config", cadir, "NoSuchTemplate"], d, expect=1)
        assert "template 'NoSuchTemplate' not found" in r.stderr, r.stderr


@case
def cmc_and_pkcs7_requests_are_unwrapped_checked_and_answered():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        cmc = new_request(d, "cmc", EC_INF.format(cn="cmc.example") + "RequestType = CMC\n")
        r = run(["-submit", "-config", cadir, cmc, "cmc.cer", "cmc.p7b", "cmc.full"], d, expect=0)
        assert "Certificate retrieved(Issued) Issued" in r.stdout, r.stdout
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), os.path.join(d, "cmc.cer"))
        assert ok, out
        assert load_cert(os.path.join(d, "cmc.cer")).subject.rfc4514_string() == "CN=cmc.example"
        assert "format=CMC" in open(os.path.join(cadir, "requests", "1", "record")).read()
        r = run(["-dump", "cmc.full"], d, expect=0)
        assert "status: 0 (success)" in r.stdout and "verified: yes" in r.stdout, r.stdout
        r = run(["-accept", "cmc.full"], d, expect=0)
        thumb = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        # A PKCS#7 renewal signed by that certificate's key.
        p7 = new_request(d, "renew", "[NewRequest]\nRequestType = PKCS7\nKeyAlgorithm = ECDSA_P256\nRenewalCert = " + thumb + "\n")
        r = run(["-submit", "-config", cadir, p7, "renew.cer"], d, expect=0)
        assert request_id(r.stdout) == 2 and "format=PKCS7" in open(os.path.join(cadir, "requests", "2", "record")).read()
        ok, out = openssl_verify(os.path.join(cadir, "ca.cer"), os.path.join(d, "renew.cer"))
        assert ok, out
        # A CMC request whose signature was tampered with is recorded and denied.
        run(["-new", "-binary", write(d, "bad.inf", EC_INF.format(cn="bad.example") + "RequestType = CMC\n"), "bad.der"], d, expect=0)
        der = bytearray(open(os.path.join(d, "bad.der"), "rb").read())
        der[-5] ^= 0x01  # inside the SignerInfo's signature
        open(os.path.join(d, "bad.der"), "wb").write(der)
        r = run(["-submit", "-config", cadir, "bad.der", "bad.cer", "bad.p7b", "bad.full"], d, expect=0)  # denied
        assert "Certificate not issued (Denied) The CMC request's signature does not verify" in r.stdout, r.stdout
        assert not os.path.exists(os.path.join(d, "bad.cer"))
        r = run(["-dump", "bad.full"], d, expect=0)
        assert "status: 2 (failed)" in r.stdout and "failInfo: 2 (badRequest)" in r.stdout, r.stdout


def consistency_check(cadir, at_least):
    """Every committed request is whole; ids are 1..N without gaps or repeats;
    serials are unique; every issued certificate verifies."""
    reqdir = os.path.join(cadir, "requests")
    names = sorted(os.listdir(reqdir))
    partial = [n for n in names if n.startswith(".")]
    ids = sorted(int(n) for n in names if not n.startswith("."))
    assert len(ids) >= at_least, (len(ids), at_least)
    assert ids == list(range(1, len(ids) + 1)), ids
    serials = set()
    ca_pem = os.path.join(cadir, "ca.cer") + ".pem"
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", os.path.join(cadir, "ca.cer"), "-out", ca_pem], check=True)
    pems = []
    for i in ids:
        rec = open(os.path.join(reqdir, str(i), "record")).read()
        assert "status=issued" in rec, (i, rec)
        cert = x509.load_der_x509_certificate(open(os.path.join(reqdir, str(i), "cert.der"), "rb").read())
        assert cert.serial_number not in serials
        assert cert.serial_number & 0xffffffff == i
        serials.add(cert.serial_number)
        pems.append(cert.public_bytes(__import__("cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]).Encoding.PEM))
    bundle = os.path.join(cadir, "all.pem")
    # openssl verify checks each certificate of a file argument separately.
    for n, pem in enumerate(pems):
        p = bundle + str(n)
        open(p, "wb").write(pem)
        r = subprocess.run(["openssl", "verify", "-CAfile", ca_pem, p], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    # The counter is written after a request's commit point: a process killed in between (the first
    # submit too, when the kill comes before any submit finished, as under ASan) leaves it behind or
    # absent; the CA reads an absent counter as 1 and skips ids whose directory exists.
    counter = os.path.join(cadir, "next_request_id")
    # Kills in that window on consecutive submits leave it several behind (seen under load: 17 with 18
    # requests); it is a hint, never ahead of the requests.
    nxt = int(open(counter).read()) if os.path.exists(counter) else 1
    assert 1 <= nxt <= len(ids) + 1, (nxt, len(ids))
    return partial


@case
def parallel_submits_get_unique_ids_and_serials():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        req = new_request(d, "p", EC_INF.format(cn="parallel.example"))
        procs = [subprocess.Popen([CERTREQ, "-submit", "-config", cadir, req, f"p{i}.cer"], cwd=d, env=env_for(d),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(24)]
        ids = []
        for p in procs:
            o, e = p.communicate()
            assert p.returncode == 0, e
            ids.append(request_id(o))
        assert sorted(ids) == list(range(1, 25)), sorted(ids)
        consistency_check(cadir, 24)


@case
def kill_during_submits_leaves_a_consistent_ca():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        req = new_request(d, "k", EC_INF.format(cn="kill.example"))
        script = f'i=0; while :; do i=$((i+1)); "{CERTREQ}" -submit -q -f -config "{cadir}" "{req}" k.cer || exit 9; done'
        # Kill points scale with one submit's time here (0.03 s plain, 0.4 s under ASan on a busy
        # machine): from inside the first submit to a few submits in.
        start = time.monotonic()
        run(["-submit", "-q", "-f", "-config", cadir, req, "k.cer"], d, expect=0)
        one = time.monotonic() - start
        rng = random.Random(7)
        for round_ in range(12):
            p = subprocess.Popen(["sh", "-c", script], cwd=d, env=env_for(d), start_new_session=True)
            time.sleep(one * (0.3 + rng.random() * 4))
            os.killpg(p.pid, signal.SIGKILL)  # the loop and the certreq it is running, mid-write
            p.wait()
        partial = consistency_check(cadir, 1)
        # The next submit clears any half-written request and carries on.
        run(["-submit", "-q", "-f", "-config", cadir, req, "k.cer"], d, expect=0)
        assert not [n for n in os.listdir(os.path.join(cadir, "requests")) if n.startswith(".")]
        consistency_check(cadir, 2)
        del partial


finish()
