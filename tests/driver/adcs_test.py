#!/usr/bin/python3
"""AD CS enrollment web service (CES, [MS-WSTEP]) end to end: certreq
-submit/-retrieve against tests/driver/adcs/service.py, a protocol-level
HTTPS test service that validates every SOAP request against the schemas in
tests/data/adcs and issues from certreq's own local CA. TLS is always
verified: the service's certificate comes from a test root that
CERTREQ_CA_BUNDLE names. Every issued certificate passes `openssl verify`.
-Kerberos runs against a real MIT KDC (tests/driver/adcs/kdc.py) started here
on loopback with its own realm; the service accepts SPNEGO with python3-gssapi.
Usage: adcs_test.py CERTREQ CERTREQ_HTTP. A missing component (python3-lxml,
python3-gssapi, openssl, krb5-kdc/krb5-admin-server/krb5-user) skips (77)
locally and fails in CI (CI=true)."""
import atexit
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "adcs"))
from harness import case, finish, write  # noqa: E402


def missing(what):
    print(("FAIL" if os.environ.get("CI") == "true" else "SKIP") + ": " + what + " is not installed")
    sys.exit(1 if os.environ.get("CI") == "true" else 77)


try:
    import service  # noqa: E402 (needs python3-lxml and python3-gssapi)
except ImportError as e:
    missing("python3-lxml or python3-gssapi (%s)" % e)
import kdc  # noqa: E402
if not shutil.which("openssl"):
    missing("openssl")
if not kdc.available():
    missing("the MIT Kerberos KDC and tools (krb5-kdc, krb5-admin-server, krb5-user)")
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
if not shutil.which("softhsm2-util") or not os.path.exists(SOFTHSM):
    missing("SoftHSM2 (softhsm2)")
if subprocess.run(["openssl", "engine", "-t", "pkcs11"], capture_output=True, env=dict(os.environ, OPENSSL_CONF="/dev/null")).returncode:
    missing("OpenSSL's pkcs11 engine (libengine-pkcs11-openssl)")

CERTREQ = os.path.abspath(sys.argv[1])
CERTREQ_HTTP = os.path.abspath(sys.argv[2])
DATA = os.environ.get("CERTREQ_TEST_DATA", os.path.join(HERE, "..", "data"))
PASSWORD = "Corr3ct-H0rse-b4ttery"
WORK = tempfile.mkdtemp(prefix="certreq-adcs-")
HTTP_LOG = os.path.join(WORK, "http.log")
WRAPPER = os.path.join(WORK, "certreq-http-logged")
with open(WRAPPER, "w") as f:  # records each transport command line, runs the real helper
    f.write('#!/bin/sh\necho "$@" >> "%s"\nexec "%s" "$@"\n' % (HTTP_LOG, CERTREQ_HTTP))
os.chmod(WRAPPER, 0o755)
OUTPUTS = []  # every stdout/stderr certreq printed: the password must be in none


def sh(args):
    return subprocess.run(args, capture_output=True, text=True, check=True, cwd=WORK)


def tls_pki():
    """A test root and a server certificate for localhost/127.0.0.1 issued by it."""
    sh(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "root.key", "-out", "root.pem", "-days", "2", "-subj", "/CN=certreq test TLS root"])
    sh(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=localhost"])
    write(WORK, "ext.cnf", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    sh(["openssl", "x509", "-req", "-in", "tls.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
        "-days", "2", "-extfile", "ext.cnf", "-out", "tls.pem"])


def run(args, env_extra=None, bundle=True):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(WORK, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(WORK, "machine-store"), CERTREQ_HTTP=WRAPPER)
    env.pop("CERTREQ_DISPOSITION_EXIT_CODES", None)
    if bundle:
        env["CERTREQ_CA_BUNDLE"] = os.path.join(WORK, "root.pem")
    env.update(env_extra or {})
    r = subprocess.run([CERTREQ] + args, capture_output=True, text=True, env=env, cwd=WORK)
    OUTPUTS.append(r.stdout + r.stderr)
    return r


def init_ca(name, policy=None):
    d = os.path.join(WORK, name)
    args = ["-ca", "init", "-config", d]
    if policy:
        args.append(write(WORK, name + ".inf", policy))
    r = run(args)
    assert r.returncode == 0, r.stderr
    return d


def new_request(stem, cn):
    inf = write(WORK, stem + ".inf", '[NewRequest]\nSubject = "CN=%s,O=certreq-test"\nKeyAlgorithm = ECDSA_P256\n'
                                     'KeyLength = 256\n' % cn)
    r = run(["-new", inf, stem + ".req"])
    assert r.returncode == 0, r.stderr
    return stem + ".req"


def verify(cert, ca_dir, cn):
    ca_pem = os.path.join(WORK, os.path.basename(ca_dir) + "-ca.pem")
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", os.path.join(ca_dir, "ca.cer"), "-out", ca_pem],
                   check=True, capture_output=True)
    r = subprocess.run(["openssl", "verify", "-CAfile", ca_pem, os.path.join(WORK, cert)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip().endswith(": OK"), r.stdout + r.stderr
    subj = subprocess.run(["openssl", "x509", "-in", os.path.join(WORK, cert), "-noout", "-subject"],
                          capture_output=True, text=True, check=True).stdout
    assert "CN = " + cn in subj, subj


def same_key(cert, req):
    pub = lambda args: subprocess.run(["openssl"] + args + ["-noout", "-pubkey"], capture_output=True, text=True,
                                      check=True, cwd=WORK).stdout
    assert pub(["x509", "-in", cert]) == pub(["req", "-in", req]), "the certificate's key is not the request's"


def request_id(stdout):
    m = re.match(r'RequestId: (\d+)\nRequestId: "(\d+)"\n', stdout)
    assert m and m.group(1) == m.group(2), stdout
    return m.group(1)


tls_pki()
KDC = kdc.Kdc(os.path.join(WORK, "kdc"))
atexit.register(KDC.stop)  # also when a check crashes the script
os.environ.update(KDC.env())  # the service (this process) and every certreq run use the test realm
ISSUING = init_ca("Issuing")
PENDING = init_ca("Pending", "[certsrv_server]\nRequestDisposition = Pending\n")
CLIENT_CA = os.path.join(WORK, "client-ca.pem")  # TLS client certificates: those the Issuing CA issued
subprocess.run(["openssl", "x509", "-inform", "DER", "-in", os.path.join(ISSUING, "ca.cer"), "-out", CLIENT_CA], check=True)
SVC = service.Service(WORK, CERTREQ, DATA, {"Issuing": ISSUING, "Pending": PENDING, "Kerb": ISSUING, "Iwa": ISSUING},
                      os.path.join(WORK, "tls.pem"), os.path.join(WORK, "tls.key"), "alice", PASSWORD, CLIENT_CA)
USER = ["-UserName", "alice", "-p", PASSWORD]


@case
def issued_with_username_token_and_template():
    req = new_request("web", "www.example.test")
    r = run(["-submit", "-config", SVC.url("Issuing", "UsernamePassword"), *USER, "-attrib",
             "CertificateTemplate:WebServer", req, "web.cer", "web.p7b", "web.rsp"])
    assert r.returncode == 0, r.stderr
    request_id(r.stdout)
    assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
    text = open(os.path.join(WORK, "web.cer"), newline="").read()
    assert text.startswith("-----BEGIN CERTIFICATE-----\r\n"), text[:40]
    verify("web.cer", ISSUING, "www.example.test")
    same_key("web.cer", req)
    assert SVC.attributes[-1] == "CertificateTemplate:WebServer", SVC.attributes
    # The chain/full response is the CMC response the service sent: a CMS SignedData with the CA certificate.
    p = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-in", "web.rsp", "-inform", "PEM"], capture_output=True,
                       text=True, cwd=WORK)
    assert p.returncode == 0 and "id-cct-PKIResponse" in p.stdout, p.stdout[:300] + p.stderr
    # -accept installs it with the key of the pending request of -new.
    r = run(["-accept", "web.cer"])
    assert r.returncode == 0 and "Installed Certificate:" in r.stdout, r.stdout + r.stderr


@case
def binary_output_and_default_verb():
    req = new_request("bin", "bin.example.test")
    r = run(["-config", SVC.url("Issuing", "UsernamePassword"), *USER, "-binary", req, "bin.cer"])
    assert r.returncode == 0, r.stderr
    der = open(os.path.join(WORK, "bin.cer"), "rb").read()
    assert der[0] == 0x30, der[:4]
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", "bin.cer", "-out", "bin.pem"], cwd=WORK, check=True)
    verify("bin.pem", ISSUING, "bin.example.test")


@case
def pending_then_retrieved():
    req = new_request("pend", "pending.example.test")
    url = SVC.url("Pending", "UsernamePassword")
    r = run(["-submit", "-config", url, *USER, req, "pend.cer"])
    assert r.returncode == 0, r.stderr
    rid = request_id(r.stdout)
    assert r.stdout.endswith("Certificate request is pending: Taken Under Submission\n"), r.stdout
    assert not os.path.exists(os.path.join(WORK, "pend.cer")), "a pending answer wrote a certificate"
    r = run(["-retrieve", "-config", url, *USER, rid, "pend.cer"])
    assert r.returncode == 0 and "pending" in r.stdout and not os.path.exists(os.path.join(WORK, "pend.cer")), r.stdout
    r = run(["-ca", "issue", rid, "-config", PENDING])
    assert r.returncode == 0, r.stderr
    r = run(["-retrieve", "-config", url, *USER, "0x%x" % int(rid), "pend.cer", "pend.p7b"])
    assert r.returncode == 0, r.stderr
    assert request_id(r.stdout) == rid
    assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
    verify("pend.cer", PENDING, "pending.example.test")
    same_key("pend.cer", req)


@case
def denied_on_retrieve():
    req = new_request("deny", "denied.example.test")
    url = SVC.url("Pending", "UsernamePassword")
    r = run(["-submit", "-config", url, *USER, req, "deny.cer"])
    rid = request_id(r.stdout)
    assert run(["-ca", "deny", rid, "-config", PENDING]).returncode == 0
    r = run(["-retrieve", "-config", url, *USER, rid, "deny.cer"])
    assert r.returncode == 0, r.stderr
    assert request_id(r.stdout) == rid
    last = r.stdout.splitlines()[-1]
    assert last.startswith("Certificate not issued (Denied) Denied by Policy Module"), last
    assert last.endswith("0x80094014 (-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)"), last
    assert not os.path.exists(os.path.join(WORK, "deny.cer"))
    r = run(["-retrieve", "-config", url, *USER, rid, "deny.cer"], {"CERTREQ_DISPOSITION_EXIT_CODES": "1"})
    assert r.returncode == 4, r.returncode


@case
def wrong_password_is_a_soap_fault_error():
    req = new_request("wrong", "wrong.example.test")
    r = run(["-submit", "-config", SVC.url("Issuing", "UsernamePassword"), "-UserName", "alice", "-p", "not-it", req,
             "wrong.cer"])
    assert r.returncode == 1, r.stdout + r.stderr
    assert "SOAP fault (env:Sender)" in r.stderr and "verifying security for the message" in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].startswith("Certificate Request Processor: "), r.stderr
    assert "not-it" not in r.stdout + r.stderr
    assert not os.path.exists(os.path.join(WORK, "wrong.cer"))


@case
def soap_fault_with_error_code():
    req = new_request("fault", "fault.example.test")
    r = run(["-submit", "-config", SVC.url("Fault", "UsernamePassword"), *USER, req, "fault.cer"])
    assert r.returncode == 1, r.stdout
    assert 'SOAP fault (env:Receiver): "The requested certificate template is not supported by this CA."' in r.stderr, r.stderr
    assert "0x80094802" in r.stderr.splitlines()[-1], r.stderr


@case
def untrusted_server_certificate():
    req = new_request("tls", "tls.example.test")
    r = run(["-submit", "-config", SVC.url("Issuing", "UsernamePassword"), *USER, req, "tls.cer"], bundle=False)
    assert r.returncode == 1, r.stdout
    assert r.stderr.splitlines()[-1].endswith("0x80072f8f (WinHttp: 12175 ERROR_WINHTTP_SECURE_FAILURE)"), r.stderr
    assert not os.path.exists(os.path.join(WORK, "tls.cer"))


@case
def bad_answers_are_clear_errors():
    req = new_request("bad", "bad.example.test")
    expect = {
        "Huge": ("exceeds", "0x80072f78"),
        "Malformed": ("not XML: malformed XML at byte", "0x80072f78"),
        "Html": ('content type text/html, 76 bytes: "<html><head><title>Service Unavailable</title>', "0x80072f78"),
        "Soap11": ("SOAP 1.1", "0x80072f78"),
        "Redirect": ("to " + SVC.url("Issuing", "UsernamePassword") + ": redirects are not followed", "0x80072f7c"),
    }
    for ca, (text, hr) in expect.items():
        r = run(["-submit", "-config", SVC.url(ca, "UsernamePassword"), *USER, req, "bad.cer"])
        assert r.returncode == 1, (ca, r.stdout)
        assert text in r.stderr, (ca, r.stderr)
        assert hr in r.stderr.splitlines()[-1], (ca, r.stderr)
        assert len(r.stderr) < 1500, (ca, len(r.stderr))
        assert not os.path.exists(os.path.join(WORK, "bad.cer")), ca


@case
def usage_errors():
    req = new_request("use", "use.example.test")
    url = SVC.url("Issuing", "UsernamePassword")
    r = run(["-submit", "-config", url, "-UserName", "alice", req, "use.cer"])
    assert r.returncode == 1 and "-UserName needs -p" in r.stderr, r.stderr
    r = run(["-submit", "-config", url, "-Kerberos", *USER, req, "use.cer"])
    assert r.returncode == 1 and "choose one of" in r.stderr, r.stderr
    r = run(["-retrieve", "-config", url, *USER, "seven", "use.cer"])
    assert r.returncode == 1 and 'RequestId: expected a number' in r.stderr, r.stderr
    # The authentication options stay refused where there is no web service.
    r = run(["-submit", "-config", ISSUING, "-Kerberos", req, "use.cer"])
    assert r.returncode == 1 and "0x80070032" in r.stderr, r.stderr
    r = run(["-new", "-UserName", "alice", "-p", PASSWORD, "x.inf"])
    assert r.returncode == 1 and PASSWORD not in r.stderr, r.stderr


# Web Enrollment (certsrv pages), HTTP Basic with -UserName/-p.

@case
def certsrv_issued_with_basic_and_template():
    req = new_request("cs", "cs.example.test")
    r = run(["-submit", "-config", SVC.certsrv("Issuing"), *USER, "-attrib", "CertificateTemplate:WebServer", req,
             "cs.cer", "cs.p7b"])
    assert r.returncode == 0, r.stderr
    request_id(r.stdout)
    assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
    verify("cs.cer", ISSUING, "cs.example.test")
    same_key("cs.cer", req)
    assert SVC.attributes[-1] == "CertificateTemplate:WebServer", SVC.attributes[-1]
    p = subprocess.run(["openssl", "pkcs7", "-print_certs", "-in", "cs.p7b"], capture_output=True, text=True, cwd=WORK)
    assert p.returncode == 0 and "subject=CN = certreq Local CA" in p.stdout, p.stdout + p.stderr
    posts = [q for q in SVC.requests if q["path"] == "/Issuing/certsrv/certfnsh.asp"]
    assert posts and posts[-1]["headers"].get("Authorization", "").startswith("Basic "), posts[-1]["headers"]
    # Each request twice: first without credentials (libcurl learns what the server offers: Basic here), then Basic.
    gets = [(q["path"], q["headers"].get("Authorization", "")[:6]) for q in SVC.requests[-4:]]
    assert gets == [("/Issuing/certsrv/certnew.cer", ""), ("/Issuing/certsrv/certnew.cer", "Basic "),
                    ("/Issuing/certsrv/certnew.p7b", ""), ("/Issuing/certsrv/certnew.p7b", "Basic ")], gets


@case
def certsrv_pending_retrieved_and_denied():
    url = SVC.certsrv("Pending")
    req = new_request("csp", "csp.example.test")
    r = run(["-submit", "-config", url, *USER, req, "csp.cer"])
    assert r.returncode == 0, r.stderr
    rid = request_id(r.stdout)
    assert r.stdout.endswith("Certificate request is pending: Taken Under Submission\n"), r.stdout
    r = run(["-retrieve", "-config", url, *USER, rid, "csp.cer"])
    assert r.returncode == 0 and r.stdout.endswith("pending: Taken Under Submission\n"), r.stdout + r.stderr
    assert run(["-ca", "issue", rid, "-config", PENDING]).returncode == 0
    r = run(["-retrieve", "-config", url + "/", *USER, rid, "csp.cer", "csp.p7b", "csp.rsp"])
    assert r.returncode == 0 and r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout + r.stderr
    verify("csp.cer", PENDING, "csp.example.test")
    assert open(os.path.join(WORK, "csp.p7b")).read() == open(os.path.join(WORK, "csp.rsp")).read()
    req = new_request("csd", "csd.example.test")
    rid = request_id(run(["-submit", "-config", url, *USER, req, "csd.cer"]).stdout)
    assert run(["-ca", "deny", rid, "-config", PENDING]).returncode == 0
    r = run(["-retrieve", "-config", url, *USER, rid, "csd.cer"])
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == ("Certificate not issued (Denied) Denied by the CA administrator 0x80094014 "
                                         "(-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)"), r.stdout
    assert not os.path.exists(os.path.join(WORK, "csd.cer"))


@case
def certsrv_failures():
    req = new_request("csf", "csf.example.test")
    r = run(["-submit", "-config", SVC.certsrv("Issuing"), "-UserName", "alice", "-p", "wrong", req, "csf.cer"])
    assert r.returncode == 1 and "refused the credentials (HTTP 401)" in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].endswith("0x80190191 (-2145844847 HTTP_E_STATUS_DENIED)"), r.stderr
    r = run(["-submit", "-config", SVC.certsrv("Html"), *USER, req, "csf.cer"])
    assert r.returncode == 1, r.stdout
    assert 'an unexpected page (HTTP 200, content type text/html' in r.stderr and '"Sign in User name:' in r.stderr, r.stderr
    assert "secret" not in r.stderr  # script text is not page text
    r = run(["-submit", "-config", SVC.certsrv("Error"), *USER, req, "csf.cer"])
    assert r.returncode == 1 and "error page" in r.stderr and "no certificate template" in r.stderr, r.stderr
    assert "0x80094801" in r.stderr.splitlines()[-1], r.stderr
    r = run(["-submit", "-config", SVC.certsrv("Issuing"), *USER, req, "csf.cer"], bundle=False)
    assert r.returncode == 1 and "0x80072f8f" in r.stderr.splitlines()[-1], r.stderr
    r = run(["-submit", "-config", "http://localhost:%d/Issuing/certsrv" % SVC.port, *USER, req, "csf.cer"])
    assert r.returncode == 1 and "https:// only" in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(WORK, "csf.cer"))


# Web Enrollment behind IIS's Windows authentication (Negotiate and NTLM offered): -UserName/-p is NTLMv2,
# which the service verifies from the password (tests/driver/adcs/ntlm.py).

@case
def ntlm_md4_and_ntlmv2_known_answers():
    import ntlm
    # RFC 1320 appendix A.5.
    for text, digest in [(b"", "31d6cfe0d16ae931b73c59d7e0c089c0"), (b"abc", "a448017aaf21d8525fc10ae87aa6729d"),
                         (b"message digest", "d9130a8164549fe818874806e1c7014b"),
                         (b"1234567890" * 8, "e33b4ddc9c38f2199c3e7b164fcc0536")]:
        assert ntlm.md4(text).hex() == digest, text
    # MS-NLMP 4.2.4 (NTLMv2 authentication): NTOWFv2 and NTProofStr.
    assert ntlm.ntowfv2("Password", "User", "Domain").hex() == "0c868a403bfd7a93a3001ef22ef02e3f"
    blob = bytes.fromhex("01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
                         "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000")
    assert ntlm.nt_proof_str("Password", "User", "Domain", bytes.fromhex("0123456789abcdef"), blob).hex() == \
        "68cd0ab851e51c96aabc927bebef6a1c"


@case
def certsrv_issued_with_ntlm():
    req = new_request("nt", "nt.example.test")
    before, n = len(SVC.principals), len(SVC.requests)
    r = run(["-submit", "-config", SVC.certsrv("Iwa"), *USER, req, "nt.cer", "nt.p7b"])
    assert r.returncode == 0, (r.stdout + r.stderr, SVC.auth_failures[-2:])
    request_id(r.stdout)
    assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
    verify("nt.cer", ISSUING, "nt.example.test")
    same_key("nt.cer", req)
    # The POST and both GETs, each after its own NTLM handshake (one certreq-http run each).
    assert SVC.principals[before:] == ["ntlm:alice"] * 3, SVC.principals[before:]
    sent = [q["headers"].get("Authorization", "") for q in SVC.requests[n:]]
    assert sum(a.startswith("NTLM ") for a in sent) == 6 and not any(a.startswith("Basic ") for a in sent), sent
    log = open(HTTP_LOG).read().splitlines()
    assert any(line.startswith("--auth basic,ntlm --credentials-fd 3 POST " + SVC.certsrv("Iwa") + "/certfnsh.asp ")
               for line in log), log[-3:]


@case
def certsrv_ntlm_refusals():
    req = new_request("ntf", "ntf.example.test")
    failures = len(SVC.auth_failures)
    r = run(["-submit", "-config", SVC.certsrv("Iwa"), "-UserName", "alice", "-p", "Wr0ng-H0rse", req, "ntf.cer"])
    assert r.returncode == 1 and "refused the credentials (HTTP 401)" in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].endswith("0x80190191 (-2145844847 HTTP_E_STATUS_DENIED)"), r.stderr
    assert SVC.auth_failures[failures:] == ["NTLM: wrong NTProofStr (wrong password)"], SVC.auth_failures[failures:]
    # Plain http://: refused before certreq-http runs, so nothing (not even an NTLM response) leaves.
    n, logged = len(SVC.requests), len(open(HTTP_LOG).read().splitlines())
    r = run(["-submit", "-config", "http://localhost:%d/Iwa/certsrv" % SVC.port, *USER, req, "ntf.cer"])
    assert r.returncode == 1 and "https:// only" in r.stderr, r.stderr
    assert "0x80070057" in r.stderr.splitlines()[-1], r.stderr  # ERROR_INVALID_PARAMETER
    assert len(SVC.requests) == n and len(open(HTTP_LOG).read().splitlines()) == logged
    assert not os.path.exists(os.path.join(WORK, "ntf.cer"))


# Kerberos: SPNEGO with the ticket cache, against the test KDC.

@case
def kerberos_ces_and_certsrv():
    KDC.kinit()
    req = new_request("krb", "krb.example.test")
    for i, (args, url) in enumerate([(["-Kerberos"], SVC.url("Issuing", "Kerberos")),
                                     ([], SVC.url("Issuing", "Kerberos")),  # the default, as certreq.exe
                                     (["-Kerberos"], SVC.certsrv("Kerb"))]):
        before = len(SVC.principals)
        out = "krb%d.cer" % i
        r = run(["-submit", "-config", url, *args, req, out])
        assert r.returncode == 0, (url, r.stdout + r.stderr, SVC.auth_failures[-1:])
        assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
        verify(out, ISSUING, "krb.example.test")
        got = SVC.principals[before:]  # certsrv: the POST and the certificate's GET
        assert got and set(got) == {"alice@" + kdc.REALM}, got
    log = open(HTTP_LOG).read()
    assert "--auth negotiate POST " + SVC.url("Issuing", "Kerberos") in log, log[-400:]


@case
def kerberos_without_a_valid_ticket():
    req = new_request("nokrb", "nokrb.example.test")
    url = SVC.url("Issuing", "Kerberos")
    r = run(["-submit", "-config", url, "-Kerberos", req, "nokrb.cer"],
            {"KRB5CCNAME": "FILE:" + os.path.join(WORK, "no-such-ccache")})
    assert r.returncode == 1 and "refused the credentials (HTTP 401)" in r.stderr, r.stdout + r.stderr
    assert r.stderr.splitlines()[-1].endswith("0x80190191 (-2145844847 HTTP_E_STATUS_DENIED)"), r.stderr
    r = run(["-submit", "-config", url, "-Anonymous", req, "nokrb.cer"])
    assert r.returncode == 1 and "HTTP 401" in r.stderr, r.stderr
    KDC.kinit("2s")  # expired by the time certreq runs
    time.sleep(3)
    r = run(["-submit", "-config", url, "-Kerberos", req, "nokrb.cer"])
    assert r.returncode == 1 and "refused the credentials (HTTP 401)" in r.stderr, r.stdout + r.stderr
    assert not os.path.exists(os.path.join(WORK, "nokrb.cer"))
    KDC.kinit()


# -ClientCertificate: TLS client authentication with an installed certificate and its key.

@case
def client_certificate_authentication():
    # The client certificate: made and installed as any other (-new, the local CA, -accept).
    req = new_request("client", "client.example.test")
    r = run(["-submit", "-config", ISSUING, req, "client.cer"])
    assert r.returncode == 0, r.stderr
    assert run(["-accept", "client.cer"]).returncode == 0
    req2 = new_request("viacert", "viacert.example.test")
    url = SVC.url("Issuing", "Certificate")
    before = len(SVC.principals)
    r = run(["-submit", "-config", url, "-ClientCertificate", "client.example.test", req2, "viacert.cer"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
    verify("viacert.cer", ISSUING, "viacert.example.test")
    assert SVC.principals[before:] == ["cert:client.example.test"], SVC.principals[before:]
    log = open(HTTP_LOG).read().splitlines()
    assert any(line.startswith("--client-cert-fd 4 POST " + url) for line in log), log[-2:]
    # Without a client certificate the endpoint refuses (IIS: 403.7); an unknown one is an error before any request.
    r = run(["-submit", "-config", url, "-Anonymous", req2, "viacert2.cer"])
    assert r.returncode == 1 and "refused the credentials (HTTP 403)" in r.stderr, r.stderr
    n = len(SVC.requests)
    r = run(["-submit", "-config", url, "-ClientCertificate", "nobody.example.test", req2, "viacert2.cer"])
    assert r.returncode == 1 and "-ClientCertificate" in r.stderr, r.stderr
    assert len(SVC.requests) == n
    assert not os.path.exists(os.path.join(WORK, "viacert2.cer"))


@case
def client_certificate_with_its_key_on_a_token():
    """-ClientCertificate whose key is on a PKCS#11 token (SoftHSM2): the TLS handshake signs on the token
    (certreq-http through OpenSSL's pkcs11 engine); the PIN reaches it by a pipe, never a command line."""
    pin = "580214"
    hsm = os.path.join(WORK, "hsm")
    os.makedirs(os.path.join(hsm, "tokens"))
    conf = write(hsm, "softhsm2.conf", "directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n" % hsm)
    env = {"SOFTHSM2_CONF": conf, "CERTREQ_PROVIDERS": "Acme HSM = " + SOFTHSM}
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "adcs-client", "--pin", pin, "--so-pin", "11223344"],
                   env=dict(os.environ, **env), check=True, capture_output=True)
    write(WORK, "tok.inf", '[NewRequest]\nSubject = "CN=token.example.test"\nProviderName = "Acme HSM"\n'
                           'KeyContainer = tokenclient\nKeyAlgorithm = ECDSA_P256\n')
    for args in (["-new", "-q", "-pin", pin, "tok.inf", "tok.req"], ["-submit", "-config", ISSUING, "tok.req", "tok.cer"],
                 ["-accept", "-pin", pin, "tok.cer"]):
        r = run(args, env)
        assert r.returncode == 0, (args, r.stdout + r.stderr)
    with open(os.path.join(WORK, "user-store", "keys", "tokenclient.key")) as f:
        assert f.read().startswith("# certreq token key\n")  # the key itself never left the token
    req = new_request("viatoken", "viatoken.example.test")
    url = SVC.url("Issuing", "Certificate")
    before = len(SVC.principals)
    r = run(["-submit", "-config", url, "-ClientCertificate", "token.example.test", "-pin", pin, req, "viatoken.cer"], env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout
    verify("viatoken.cer", ISSUING, "viatoken.example.test")
    assert SVC.principals[before:] == ["cert:token.example.test"], SVC.principals[before:]
    # A wrong PIN: the token says so before any request.
    n = len(SVC.requests)
    r = run(["-submit", "-config", url, "-ClientCertificate", "token.example.test", "-pin", "999999", req, "viatoken2.cer"], env)
    assert r.returncode == 1 and "-ClientCertificate token.example.test: " in r.stderr and "PIN" in r.stderr, r.stderr
    assert len(SVC.requests) == n and not os.path.exists(os.path.join(WORK, "viatoken2.cer"))
    assert not any(pin in o for o in OUTPUTS) and pin not in open(HTTP_LOG).read()


@case
def ms_wstep_sample_requests_validate_and_issue():
    """MS-WSTEP's own sample requests (section 4.1, tests/data/adcs/ms-wstep) pass the service's schema,
    so it is no stricter than the protocol; the Issue sample's PKCS#10 is issued by the local CA."""
    import http.client
    import ssl
    from lxml import etree
    samples = os.path.join(DATA, "adcs", "ms-wstep")
    for name in ["4.1.1.1.xml", "4.1.3.1.xml"]:
        doc = etree.parse(os.path.join(samples, name))
        assert SVC.schema.validate(doc), (name, SVC.schema.error_log.last_error)
    ctx = ssl.create_default_context(cafile=os.path.join(WORK, "root.pem"))
    conn = http.client.HTTPSConnection("localhost", SVC.port, context=ctx, timeout=30)
    body = open(os.path.join(samples, "4.1.1.1.xml"), "rb").read()
    conn.request("POST", "/Issuing_CES_Anonymous/service.svc/CES", body, {"Content-Type": service.SOAP_CT})
    r = conn.getresponse()
    answer = etree.fromstring(r.read())
    assert r.status == 200, (r.status, etree.tostring(answer)[:300])
    ns = service.NS
    rstr = answer.find("s:Body/wst:RequestSecurityTokenResponseCollection/wst:RequestSecurityTokenResponse", ns)
    cert = rstr.findtext("wst:RequestedSecurityToken/o:BinarySecurityToken", namespaces=ns)
    with open(os.path.join(WORK, "sample.der"), "wb") as f:
        f.write(__import__("base64").b64decode(cert))
    assert answer.findtext("s:Header/wsa:RelatesTo", namespaces=dict(ns, wsa=ns["a"])) == \
        "urn:uuid:b5d1a601-5091-4a7d-b34b-5204c18b5919"
    pub = lambda args: subprocess.run(["openssl"] + args + ["-noout", "-pubkey"], capture_output=True, text=True,
                                      check=True, cwd=WORK).stdout
    csr = os.path.join(WORK, "sample.csr")
    with open(csr, "wb") as f:
        f.write(__import__("base64").b64decode("".join(etree.parse(os.path.join(samples, "4.1.1.1.xml")).findtext(
            "s:Body/wst:RequestSecurityToken/o:BinarySecurityToken", namespaces=ns).split())))
    assert pub(["x509", "-inform", "DER", "-in", "sample.der"]) == pub(["req", "-inform", "DER", "-in", csr])


# -enroll -PolicyServer: the policy from CEP ([MS-XCEP]), the request from the template, enrollment over the CES it names.

def der_oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytes([arcs[0] * 40 + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7f]
        while a > 0x7f:
            a >>= 7
            chunk.insert(0, 0x80 | (a & 0x7f))
        body += bytes(chunk)
    return bytes([6, len(body)]) + body


def request_text(der):
    with open(os.path.join(WORK, "submitted.der"), "wb") as f:
        f.write(der)
    return subprocess.run(["openssl", "req", "-inform", "DER", "-in", "submitted.der", "-noout", "-text"], capture_output=True,
                          text=True, check=True, cwd=WORK).stdout


def installed(stdout, cn):
    assert "Installed Certificate:\n" in stdout and "  Subject: CN=%s\n" % cn in stdout, stdout
    assert re.search(r"  Thumbprint: [0-9a-f]{40}\n", stdout), stdout


@case
def policy_enroll_username_password_issued():
    """CEP with a UsernameToken, the CepWeb template (schema 2, RSA 2048, KU + EKU), CES with the same credentials."""
    cep = SVC.cep_url("ADPolicyProvider", "UsernamePassword")
    n, before = len(SVC.cep_requests), len(SVC.submitted)
    r = run(["-enroll", "-PolicyServer", cep, *USER, "CepWeb"], {"USER": "cep-alice"})
    assert r.returncode == 0, r.stdout + r.stderr
    request_id(r.stdout)
    assert "Certificate retrieved(Issued) Issued\nInstalled Certificate:" in r.stdout, r.stdout
    installed(r.stdout, "cep-alice")
    assert [q["auth"] for q in SVC.cep_requests[n:]] == ["UsernamePassword"], SVC.cep_requests[n:]
    assert len(SVC.submitted) == before + 1
    der = SVC.submitted[-1]
    # Certificate template information v2: the template's OID, major 100, minor 5.
    oid = der_oid("1.3.6.1.4.1.311.21.8.7654321.1234567.1.2.3.4.101")
    info = bytes([0x30, len(oid) + 6]) + oid + bytes([2, 1, 100, 2, 1, 5])
    assert der_oid("1.3.6.1.4.1.311.21.7") + bytes([4, len(info)]) + info in der, der.hex()
    text = request_text(der)
    assert "Public-Key: (2048 bit)" in text and "rsaEncryption" in text, text
    assert "Subject: CN = cep-alice" in text, text
    assert re.search(r"X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment", text), text
    assert re.search(r"X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication", text), text
    assert "sha256WithRSAEncryption" in text, text
    log = open(HTTP_LOG).read().splitlines()
    assert any(("POST %s " % cep) in line for line in log), log[-3:]
    # UsernamePassword is listed first in the policy but with priority 2; it is the only one for these credentials.
    assert log[-1].startswith("POST %s " % SVC.url("Issuing", "UsernamePassword")), log[-3:]


@case
def policy_enroll_kerberos_pending_then_retrieved():
    """CEP and CES with Kerberos (the real KDC): CepPending (schema 4, ECDSA P-256) at the Pending CA; the key waits
    in the store with the pending request, -retrieve and -accept finish it."""
    KDC.kinit()
    cep = SVC.cep_url("ADPolicyProvider", "Kerberos")
    before = len(SVC.principals)
    r = run(["-enroll", "-PolicyServer", cep, "-Kerberos", "CepPending"], {"USER": "cep-bob"})
    assert r.returncode == 0, r.stdout + r.stderr + str(SVC.auth_failures[-1:])
    rid = request_id(r.stdout)
    assert r.stdout.endswith("Certificate request is pending: Taken Under Submission\n"), r.stdout
    assert "Installed Certificate" not in r.stdout
    assert set(SVC.principals[before:]) == {"alice@" + kdc.REALM} and len(SVC.principals[before:]) == 2, SVC.principals[before:]
    text = request_text(SVC.submitted[-1])
    assert "ASN1 OID: prime256v1" in text and "ecdsa-with-SHA256" in text and "Subject: CN = cep-bob" in text, text
    log = open(HTTP_LOG).read()
    assert "--auth negotiate POST " + cep in log and "--auth negotiate POST " + SVC.url("Pending", "Kerberos") in log, log[-500:]
    assert run(["-ca", "issue", rid, "-config", PENDING]).returncode == 0
    r = run(["-retrieve", "-config", SVC.url("Pending", "Kerberos"), rid, "cep-pending.cer"])
    assert r.returncode == 0 and r.stdout.endswith("Certificate retrieved(Issued) Issued\n"), r.stdout + r.stderr
    verify("cep-pending.cer", PENDING, "cep-bob")
    r = run(["-accept", "cep-pending.cer"])
    assert r.returncode == 0, r.stdout + r.stderr
    installed(r.stdout, "cep-bob")


@case
def policy_enroll_kerberos_default_schema1_template():
    """No authentication option: Kerberos, as certreq.exe. CepUser is a schema 1 template: its name travels as
    the certificate template name extension (BMPString), and the certificate is installed."""
    KDC.kinit()
    r = run(["-enroll", "-PolicyServer", SVC.cep_url("ADPolicyProvider", "Kerberos"), "-q", "cepuser"], {"USER": "cep-carol"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Certificate retrieved(Issued) Issued\n" in r.stdout
    installed(r.stdout, "cep-carol")
    name = "CepUser".encode("utf-16-be")
    assert der_oid("1.3.6.1.4.1.311.20.2") + bytes([4, len(name) + 2, 0x1e, len(name)]) + name in SVC.submitted[-1]


@case
def policy_enroll_failures():
    cep = SVC.cep_url("ADPolicyProvider", "UsernamePassword")
    submitted = len(SVC.submitted)
    r = run(["-enroll", "-PolicyServer", cep, *USER, "NoSuchTemplate"])
    assert r.returncode == 1, r.stdout
    assert ("template 'NoSuchTemplate' is not in the policy of %s (it offers CepWeb, CepPending, CepUser)" % cep) in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].endswith("0x80070490 (WIN32: 1168 ERROR_NOT_FOUND)"), r.stderr
    # A policy whose CAs take client certificates only (and Kerberos for renewals only).
    r = run(["-enroll", "-PolicyServer", SVC.cep_url("CertOnly", "UsernamePassword"), *USER, "CepWeb"])
    assert r.returncode == 1, r.stdout
    assert ("template CepWeb: its CAs take Certificate authentication, and the options given use UsernamePassword "
            "(-Kerberos, -UserName with -p, -ClientCertificate or -Anonymous choose)") in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].endswith("0x80070032 (WIN32: 50 ERROR_NOT_SUPPORTED)"), r.stderr
    # The policy service's SOAP fault.
    r = run(["-enroll", "-PolicyServer", SVC.cep_url("Fault", "UsernamePassword"), *USER, "CepWeb"])
    assert r.returncode == 1, r.stdout
    assert ('CEP %s: the enrollment policy service answered with a SOAP fault (env:Receiver): "The Certificate '
            'Enrollment Policy Web Service could not reach Active Directory."' % SVC.cep_url("Fault", "UsernamePassword")) in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].startswith("Certificate Request Processor: "), r.stderr
    # A wrong password: the policy service's fault, before any request is made.
    r = run(["-enroll", "-PolicyServer", cep, "-UserName", "alice", "-p", "not-it", "CepWeb"])
    assert r.returncode == 1 and "verifying security for the message" in r.stderr, r.stderr
    assert len(SVC.submitted) == submitted, "no request may reach a CA"
    # Usage: not a CEP URL; -config with it; -PolicyServer where -enroll is not the verb.
    r = run(["-enroll", "-PolicyServer", SVC.url("Issuing", "Kerberos"), "CepWeb"])
    assert r.returncode == 1 and "-PolicyServer: expected an enrollment policy service URL" in r.stderr, r.stderr
    r = run(["-enroll", "-PolicyServer", cep, "-config", ISSUING, *USER, "CepWeb"])
    assert r.returncode == 1 and "-config or -PolicyServer, not both" in r.stderr, r.stderr
    r = run(["-submit", "-PolicyServer", cep, "x.req", "x.cer"])
    assert r.returncode == 1 and "-enroll takes it" in r.stderr, r.stderr
    assert "0x80070032" in r.stderr.splitlines()[-1], r.stderr


# -enroll -PolicyServer -cert ID Renew [ReuseKeys]: the certificate's template looked up in the policy, a PKCS#7
# renewal (signed by the old key) sent to the template's CES, which verifies it with OpenSSL before its CA issues.

def thumbprint(stdout):
    m = re.search(r"  Thumbprint: ([0-9a-f]{40})\n", stdout)
    assert m, stdout
    return m.group(1)


def cert_file(thumb, name):
    """The installed certificate as PEM in WORK/name."""
    der = os.path.join(WORK, "user-store", "my", thumb + ".cer")
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", der, "-out", os.path.join(WORK, name)], check=True)
    return name


def pubkey(cert):
    return subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-pubkey"], capture_output=True, text=True, check=True,
                          cwd=WORK).stdout


def ces_token_value_type():
    from lxml import etree
    ces = [q for q in SVC.requests if q["path"].endswith("/service.svc/CES")][-1]
    token = etree.fromstring(ces["body"]).find("s:Body/wst:RequestSecurityToken/o:BinarySecurityToken", service.NS)
    return token.get("ValueType")


def enrolled(user, template="CepWeb"):
    r = run(["-enroll", "-PolicyServer", SVC.cep_url("ADPolicyProvider", "UsernamePassword"), *USER, template], {"USER": user})
    assert r.returncode == 0 and "Certificate retrieved(Issued) Issued\n" in r.stdout, r.stdout + r.stderr
    return thumbprint(r.stdout)


def renew(thumb, *extra):
    return run(["-enroll", "-PolicyServer", SVC.cep_url("ADPolicyProvider", "UsernamePassword"), *USER, "-cert", thumb, "Renew",
                *extra])


@case
def policy_renewal_issued_with_a_new_key_then_reusing_it():
    old = enrolled("cep-renew")
    old_pem = cert_file(old, "renew-old.pem")
    checked = len(SVC.renewals)
    r = renew(old)
    assert r.returncode == 0, r.stdout + r.stderr
    request_id(r.stdout)
    assert "Certificate retrieved(Issued) Issued\nInstalled Certificate:" in r.stdout, r.stdout
    installed(r.stdout, "cep-renew")
    new = thumbprint(r.stdout)
    assert new != old
    assert SVC.renewals[checked:] == ["verified"], SVC.renewals[checked:]
    assert ces_token_value_type().endswith("#PKCS7"), ces_token_value_type()
    assert service.SIGNED_DATA in SVC.submitted[-1][:24]
    new_pem = cert_file(new, "renew-new.pem")
    verify(new_pem, ISSUING, "cep-renew")
    assert pubkey(new_pem) != pubkey(old_pem), "a plain Renew makes a new key"
    # The template is kept: the same certificate template information (CepWeb's OID, major 100, minor 5).
    oid = der_oid("1.3.6.1.4.1.311.21.8.7654321.1234567.1.2.3.4.101")
    info = bytes([0x30, len(oid) + 6]) + oid + bytes([2, 1, 100, 2, 1, 5])
    cert_der = open(os.path.join(WORK, "user-store", "my", new + ".cer"), "rb").read()
    assert der_oid("1.3.6.1.4.1.311.21.7") + bytes([4, len(info)]) + info in cert_der
    # ReuseKeys: the renewal of the renewal keeps its key.
    r = renew(new, "ReuseKeys")
    assert r.returncode == 0 and "Certificate retrieved(Issued) Issued\n" in r.stdout, r.stdout + r.stderr
    third = thumbprint(r.stdout)
    third_pem = cert_file(third, "renew-third.pem")
    verify(third_pem, ISSUING, "cep-renew")
    assert third not in (old, new) and pubkey(third_pem) == pubkey(new_pem), "ReuseKeys keeps the key"
    assert SVC.renewals[checked:] == ["verified", "verified"], SVC.renewals[checked:]


@case
def policy_renewal_refusals_before_anything_is_sent():
    # A certificate whose template (by name, schema 1 style) the policy does not hold.
    inf = write(WORK, "other-tpl.inf", '[NewRequest]\nSubject = "CN=other-template"\nKeyAlgorithm = ECDSA_P256\n'
                                       '[RequestAttributes]\nCertificateTemplate = WebServer\n')
    for args in (["-new", inf, "other-tpl.req"], ["-submit", "-config", ISSUING, "other-tpl.req", "other-tpl.cer"],
                 ["-accept", "other-tpl.cer"]):
        r = run(args)
        assert r.returncode == 0, (args, r.stdout + r.stderr)
    thumb = thumbprint(r.stdout)
    submitted = len(SVC.submitted)
    r = renew(thumb)
    assert r.returncode == 1, r.stdout + r.stderr
    cep = SVC.cep_url("ADPolicyProvider", "UsernamePassword")
    assert ("the template of certificate %s ('WebServer') is not in the policy of %s (it offers CepWeb, CepPending, CepUser)"
            % (thumb, cep)) in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1].endswith("0x80070490 (WIN32: 1168 ERROR_NOT_FOUND)"), r.stderr
    # A certificate from no template at all: refused before the policy is even asked for.
    req = new_request("no-tpl", "no-template")
    assert run(["-submit", "-config", ISSUING, req, "no-tpl.cer"]).returncode == 0
    r = run(["-accept", "no-tpl.cer"])
    thumb = thumbprint(r.stdout)
    asked = len(SVC.cep_requests)
    r = renew(thumb)
    assert r.returncode == 1 and "names no certificate template" in r.stderr, r.stderr
    assert len(SVC.cep_requests) == asked
    assert len(SVC.submitted) == submitted, "no renewal may reach a CES"
    # Usage: Renew is the only word after -cert ID (then ReuseKeys).
    r = run(["-enroll", "-PolicyServer", cep, *USER, "-cert", thumb, "Renw"])
    assert r.returncode == 2 and "-cert ID Renew [ReuseKeys]" in r.stderr, r.stderr


@case
def policy_renewal_denied_by_the_ca():
    """A revoked certificate: the service's checks pass (its signature is good), the CA denies; certreq prints the
    denial and exits 0 (3/4 only with CERTREQ_DISPOSITION_EXIT_CODES=1), as for any denied request."""
    old = enrolled("cep-revoked")
    serial = subprocess.run(["openssl", "x509", "-in", cert_file(old, "revoked.pem"), "-noout", "-serial"], capture_output=True,
                            text=True, check=True, cwd=WORK).stdout.strip().split("=")[1]
    r = run(["-ca", "revoke", serial, "-config", ISSUING])
    assert r.returncode == 0, r.stdout + r.stderr
    checked = len(SVC.renewals)
    r = renew(old)
    assert r.returncode == 0, r.stdout + r.stderr
    assert SVC.renewals[checked:] == ["verified"], SVC.renewals[checked:]
    assert "Denied" in r.stdout and "has been revoked" in r.stdout, r.stdout
    assert "Installed Certificate" not in r.stdout
    r = run(["-enroll", "-PolicyServer", SVC.cep_url("ADPolicyProvider", "UsernamePassword"), *USER, "-cert", old, "Renew"],
            {"CERTREQ_DISPOSITION_EXIT_CODES": "1"})
    assert r.returncode == 4 and "has been revoked" in r.stdout, (r.returncode, r.stdout + r.stderr)


@case
def policy_renewal_signed_by_another_key_is_rejected():
    """The old certificate's key container holds another key: the PKCS#7 claims the certificate but its signature
    is not the certificate's key's. The service's OpenSSL check rejects it; nothing is issued."""
    victim = enrolled("cep-victim")
    other = enrolled("cep-other")
    meta = lambda t: dict(line.split("=", 1) for line in open(os.path.join(WORK, "user-store", "my", t + ".meta")).read().splitlines()
                          if "=" in line and not line.startswith("#"))
    keys = os.path.join(WORK, "user-store", "keys")
    shutil.copyfile(os.path.join(keys, meta(other)["key_container"] + ".key"), os.path.join(keys, meta(victim)["key_container"] + ".key"))
    checked, n = len(SVC.renewals), len(SVC.submitted)
    r = renew(victim, "ReuseKeys")
    assert r.returncode == 1, r.stdout + r.stderr
    assert len(SVC.submitted) == n + 1 and SVC.renewals[checked:][0].startswith("its signature does not verify"), SVC.renewals[checked:]
    assert "The renewal request is not valid: its signature does not verify" in r.stderr, r.stderr
    assert "Installed Certificate" not in r.stdout


@case
def policy_renewal_of_a_key_on_a_token():
    """A certificate whose key is on a PKCS#11 token (SoftHSM2, set up by client_certificate_with_its_key_on_a_token)
    and whose template is CepUser by name: Renew is refused (a new key would be made in software), ReuseKeys signs
    the renewal on the token and the new certificate has the token's key."""
    pin = "580214"
    env = {"SOFTHSM2_CONF": os.path.join(WORK, "hsm", "softhsm2.conf"), "CERTREQ_PROVIDERS": "Acme HSM = " + SOFTHSM}
    write(WORK, "tokrenew.inf", '[NewRequest]\nSubject = "CN=tokrenew.example.test"\nProviderName = "Acme HSM"\n'
                                'KeyContainer = tokrenew\nKeyAlgorithm = ECDSA_P256\n[RequestAttributes]\nCertificateTemplate = CepUser\n')
    for args in (["-new", "-q", "-pin", pin, "tokrenew.inf", "tokrenew.req"],
                 ["-submit", "-config", ISSUING, "tokrenew.req", "tokrenew.cer"], ["-accept", "-pin", pin, "tokrenew.cer"]):
        r = run(args, env)
        assert r.returncode == 0, (args, r.stdout + r.stderr)
    old = thumbprint(r.stdout)
    cep = SVC.cep_url("ADPolicyProvider", "UsernamePassword")
    n, checked = len(SVC.submitted), len(SVC.renewals)
    r = run(["-enroll", "-PolicyServer", cep, *USER, "-pin", pin, "-cert", old, "Renew"], env)
    assert r.returncode == 1 and "is on a token" in r.stderr and "ReuseKeys" in r.stderr, r.stdout + r.stderr
    assert len(SVC.submitted) == n
    r = run(["-enroll", "-PolicyServer", cep, *USER, "-pin", pin, "-cert", old, "Renew", "ReuseKeys"], env)
    assert r.returncode == 0 and "Certificate retrieved(Issued) Issued\n" in r.stdout, r.stdout + r.stderr
    assert SVC.renewals[checked:] == ["verified"], SVC.renewals[checked:]
    new_pem = cert_file(thumbprint(r.stdout), "tokrenew-new.pem")
    verify(new_pem, ISSUING, "tokrenew.example.test")
    assert pubkey(new_pem) == pubkey(cert_file(old, "tokrenew-old.pem"))
    assert not any(pin in o for o in OUTPUTS)


# The policy cache ([MS-XCEP] lastUpdate / nextUpdateHours / policiesNotChanged), in a store of its own.

CACHE_STORE = os.path.join(WORK, "cache-store")


def cached_enroll(template, user, clock=None, verbose=True):
    env = {"USER": user, "CERTREQ_USER_STORE": CACHE_STORE}
    if clock is not None:
        env["SOURCE_DATE_EPOCH"] = str(clock)
    args = ["-enroll", "-PolicyServer", SVC.cep_url("Changing", "UsernamePassword"), *USER] + (["-v"] if verbose else []) + [template]
    r = run(args, env)
    assert r.returncode == 0 and "Certificate retrieved(Issued) Issued\n" in r.stdout, r.stdout + r.stderr
    return r


def changing_answers(since):
    return [(q["last_update"], q["full"]) for q in SVC.cep_requests[since:] if q["policy"] == "Changing"]


@case
def policy_cache_last_update_not_changed_and_changed():
    start = len(SVC.cep_requests)
    t0 = int(time.time())
    r = cached_enroll("CepWeb", "cache-1")
    assert changing_answers(start) == [(None, True)], changing_answers(start)
    assert "received and cached for 8 hours" in r.stderr, r.stderr
    files = os.listdir(os.path.join(CACHE_STORE, "policy"))
    assert len(files) == 1 and files[0].endswith(".meta"), files
    path = os.path.join(CACHE_STORE, "policy", files[0])
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask, oct(os.stat(path).st_mode)
    assert PASSWORD not in open(path).read()
    # Within nextUpdateHours (8): the cached policy, no GetPolicies at all.
    r = cached_enroll("CepWeb", "cache-2")
    assert changing_answers(start) == [(None, True)], changing_answers(start)
    assert "from the cache" in r.stderr, r.stderr
    # Nine hours later: GetPolicies with lastUpdate (the first answer's time); the server says policiesNotChanged.
    r = cached_enroll("CepWeb", "cache-3", t0 + 9 * 3600)
    got = changing_answers(start)
    assert len(got) == 2 and got[1][1] is False, got
    sent = datetime.datetime.fromisoformat(got[1][0].replace("Z", "+00:00")).timestamp()
    assert t0 - 1 <= sent <= time.time() + 1 and got[1][0].endswith("Z"), got
    assert "not changed since" in r.stderr, r.stderr
    # Unknown until the policy changes and the cache expires again.
    r = run(["-enroll", "-PolicyServer", SVC.cep_url("Changing", "UsernamePassword"), *USER, "CepNew"],
            {"CERTREQ_USER_STORE": CACHE_STORE, "SOURCE_DATE_EPOCH": str(t0 + 10 * 3600)})
    assert r.returncode == 1 and "template 'CepNew' is not in the policy" in r.stderr, r.stderr
    SVC.change_policy("Changing")
    r = cached_enroll("CepNew", "cache-4", t0 + 18 * 3600)
    got = changing_answers(start)
    assert len(got) == 3 and got[2] == (got[1][0], True), got
    installed(r.stdout, "cache-4")


@case
def policy_cache_corrupt_file_is_ignored():
    start = len(SVC.cep_requests)
    path = os.path.join(CACHE_STORE, "policy", os.listdir(os.path.join(CACHE_STORE, "policy"))[0])
    good = open(path).read()
    bad_body = re.sub(r"(?m)^body=.*$", "body=" + __import__("base64").b64encode(b"<not a policy").decode(), good)
    for damage in ("\x00garbage\nwithout = a format\n", good[:len(good) // 2], bad_body):
        with open(path, "w") as f:
            f.write(damage)
        r = cached_enroll("CepWeb", "cache-5")
        assert "policy cache ignored: " + path in r.stderr, r.stderr
        assert changing_answers(start)[-1] == (None, True), changing_answers(start)
        start = len(SVC.cep_requests)
        assert "from the cache" in cached_enroll("CepWeb", "cache-6").stderr  # rewritten, valid again
        assert changing_answers(start) == []


@case
def password_never_printed_nor_on_a_command_line():
    assert OUTPUTS and not any(PASSWORD in o for o in OUTPUTS)
    log = open(HTTP_LOG).read()
    assert "POST https://localhost:" in log and PASSWORD not in log, log[:500]
    # CES: the password travels in the WS-Security header; certsrv: HTTP Basic or NTLM, given to certreq-http by a pipe.
    ces = [line for line in log.splitlines() if "_CES_UsernamePassword" in line]
    assert ces and all("--auth" not in line for line in ces), ces[:2]
    assert any(line.startswith("--auth basic,ntlm --credentials-fd 3 POST https://localhost:") for line in log.splitlines())
    # The NTLM pages never saw it, not even as Basic: libcurl answered their offer with NTLM only.
    iwa = [q for q in SVC.requests if q["path"].startswith("/Iwa/")]
    assert iwa and all(not q["headers"].get("Authorization", "").startswith("Basic ") for q in iwa)
    assert not any(PASSWORD in repr(q["headers"]) + repr(q["body"]) for q in iwa)


@case
def every_request_was_schema_valid():
    assert len(SVC.requests) >= 20, len(SVC.requests)
    assert SVC.violations == [], SVC.violations


SVC.stop()
shutil.rmtree(WORK, ignore_errors=True)
finish()
