#!/usr/bin/python3
"""SCEP end to end: certreq against a real SCEP server (micromdm scepserver
2.1.0, Debian package `scep`) started here on a free loopback port. Every
issued certificate is checked with `openssl verify` against the server's CA.
PENDING and -retrieve run against our own test CA (scep_fake_server), as
scepserver has no pending mode.
Usage: scep_test.py CERTREQ CERTREQ_HTTP [SCEP_FAKE_SERVER]. Exit 77 (skip) only when the scep
package is not installed."""
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scep"))
import http_fixture  # noqa: E402
import scep_server  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
CERTREQ_HTTP = os.path.abspath(sys.argv[2])
FAKE_SERVER = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None  # tests/scep/fake_server.cpp
VECTORS = os.path.join(os.environ.get("CERTREQ_TEST_DATA", os.path.join(os.path.dirname(__file__), "../data")),
                       "vectors", "scep")
CASES = []


def case(fn):
    CASES.append(fn)  # run in order by main(), once the server is up
    return fn


if not scep_server.available():
    print("SKIP: scepserver (Debian package scep) is not installed")
    sys.exit(77)

WORK = tempfile.mkdtemp(prefix="certreq-scep-")
HTTP_LOG = os.path.join(WORK, "http.log")
WRAPPER = os.path.join(WORK, "certreq-http-logged")
with open(WRAPPER, "w") as f:
    # Records each transport call (method and URL) and runs the real helper.
    f.write('#!/bin/sh\necho "$@" >> "%s"\nexec "%s" "$@"\n' % (HTTP_LOG, CERTREQ_HTTP))
os.chmod(WRAPPER, 0o755)
SERVER = scep_server.ScepServer(os.path.join(WORK, "server"))
os.makedirs(SERVER.dir)


def run(args, cwd=WORK, env_extra=None, beside=False):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(WORK, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(WORK, "machine-store"), CERTREQ_HTTP=WRAPPER)
    env.pop("SOURCE_DATE_EPOCH", None)
    if beside:  # no CERTREQ_HTTP: certreq must find certreq-http next to itself
        env.pop("CERTREQ_HTTP")
    env.update(env_extra or {})
    return subprocess.run([CERTREQ] + args, cwd=cwd, capture_output=True, text=True, env=env)


def write(name, text):
    p = os.path.join(WORK, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def http_calls():
    if not os.path.exists(HTTP_LOG):
        return []
    with open(HTTP_LOG) as f:
        lines = [line.split() for line in f]
    os.remove(HTTP_LOG)
    return lines


def openssl_verify(cert):
    r = subprocess.run(["openssl", "verify", "-CAfile", SERVER.ca_pem, cert], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip().endswith(": OK"), f"openssl verify {cert}: {r.stdout}{r.stderr}"


def cert_text(cert):
    return subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-text"], capture_output=True, text=True,
                          check=True).stdout


def inf(name, cn, bits=2048, caps="Renewal SHA-1 SHA-256 AES DES3 SCEPStandard POSTPKIOperation", challenge="s3cret"):
    return write(name, f"""[NewRequest]
Subject = "CN={cn},O=certreq-test"
KeyLength = {bits}
RequestType = SCEP
ChallengePassword = {challenge}
CACerts = server/depot/ca.pem
CACapabilities = "{caps}"
""")


def new_and_submit(stem, cn, bits, caps):
    r = run(["-new", inf(stem + ".inf", cn, bits, caps), stem + ".req"])
    assert r.returncode == 0, r.stderr
    assert r.stdout == "CertReq: Request Created\n", r.stdout
    http_calls()
    r = run(["-submit", "-config", SERVER.url, stem + ".req", stem + ".cer", stem + ".p7b", stem + ".rsp"])
    return r


def check_issued(r, stem, cn, bits):
    assert r.returncode == 0, f"exit {r.returncode}: {r.stdout}{r.stderr}"
    lines = r.stdout.splitlines()
    assert lines[0].startswith("RequestId: ") and lines[1] == 'RequestId: "%s"' % lines[0][11:], r.stdout
    assert lines[2] == "Certificate retrieved(Issued) Issued", r.stdout
    cert = os.path.join(WORK, stem + ".cer")
    openssl_verify(cert)
    text = cert_text(cert)
    assert f"CN = {cn}" in text and f"Public-Key: ({bits} bit)" in text, text
    chain = subprocess.run(["openssl", "pkcs7", "-in", os.path.join(WORK, stem + ".p7b"), "-print_certs", "-noout"],
                           capture_output=True, text=True, check=True).stdout
    assert f"CN = {cn}" in chain and "CN = certreq SCEP test CA" in chain, chain
    dump = run(["-dump", stem + ".rsp"])
    assert "messageType: 3 (CertRep)" in dump.stdout and "pkiStatus: 0 (SUCCESS)" in dump.stdout, dump.stdout


@case
def rsa2048_aes_post():
    r = new_and_submit("p2048", "scep-rsa2048", 2048, "Renewal SHA-1 SHA-256 AES DES3 SCEPStandard POSTPKIOperation")
    check_issued(r, "p2048", "scep-rsa2048", 2048)
    calls = http_calls()
    assert calls == [["POST", SERVER.url + "?operation=PKIOperation", "application/x-pki-message"]], calls
    dump = run(["-dump", "p2048.req"]).stdout
    assert "contentEncryptionAlgorithm: aes-256-cbc" in dump and "messageType: 19 (PKCSReq)" in dump, dump


@case
def rsa3072_des3_get():
    r = new_and_submit("g3072", "scep-rsa3072", 3072, "DES3 SHA-256")
    check_issued(r, "g3072", "scep-rsa3072", 3072)
    calls = http_calls()
    assert len(calls) == 1 and calls[0][0] == "GET", calls
    assert calls[0][1].startswith(SERVER.url + "?operation=PKIOperation&message=MI"), calls
    dump = run(["-dump", "g3072.req"]).stdout
    assert "contentEncryptionAlgorithm: des-ede3-cbc" in dump, dump


@case
def pending_request_is_accepted_into_the_store():
    # After -submit, the key's pending request takes the certificate (-accept), if this build has it.
    r = run(["-accept", "p2048.cer"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Installed Certificate:" in r.stdout, r.stdout


@case
def enroll_template_then_renew():
    r = run(["-enroll", "-config", SERVER.url, "-attrib", "ChallengePassword:s3cret", "ScepTemplate"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Certificate retrieved(Issued) Issued" in r.stdout and "Installed Certificate:" in r.stdout, r.stdout
    thumb = r.stdout.split("Thumbprint: ")[1].split()[0]
    cert = os.path.join(WORK, "user-store", "my", thumb + ".cer")
    openssl_verify(cert)
    calls = [c[1].split("operation=")[1] for c in http_calls()]
    assert calls == ["GetCACaps", "GetCACert", "PKIOperation"], calls
    old_text = cert_text(cert)

    r = run(["-enroll", "-config", SERVER.url, "-cert", thumb, "-attrib", "ChallengePassword:s3cret", "Renew"])
    assert r.returncode == 0, r.stdout + r.stderr
    new_thumb = r.stdout.split("Thumbprint: ")[1].split()[0]
    assert new_thumb != thumb
    new_cert = os.path.join(WORK, "user-store", "my", new_thumb + ".cer")
    openssl_verify(new_cert)
    new_text = cert_text(new_cert)
    subject = [line for line in old_text.splitlines() if "Subject:" in line]
    assert subject == [line for line in new_text.splitlines() if "Subject:" in line], (old_text, new_text)
    old_key = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-pubkey"], capture_output=True, text=True).stdout
    new_key = subprocess.run(["openssl", "x509", "-in", new_cert, "-noout", "-pubkey"], capture_output=True, text=True).stdout
    assert old_key != new_key, "a renewal without ReuseKeys gets a new key"
    # The server saw a RenewalReq (messageType 17) and revoked the old serial in its index.
    with open(os.path.join(SERVER.depot, "index.txt")) as f:
        index = f.read()
    assert index.count("\nR\t") + index.startswith("R\t") >= 1, index


@case
def enroll_with_an_inf_file():
    # An INF file instead of a template name, read as -new reads it: RequestType = SCEP, the
    # server's CA and the -attrib password complete it, unless the INF gives its own.
    write("enroll.inf", '[NewRequest]\nSubject = "CN=scep-inf-enroll,O=certreq-test"\nKeyLength = 2048\n')
    r = run(["-enroll", "-config", SERVER.url, "-attrib", "ChallengePassword:s3cret", "enroll.inf"])
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[2] == "Certificate retrieved(Issued) Issued" and lines[3] == "Installed Certificate:", r.stdout
    thumb = r.stdout.split("Thumbprint: ")[1].split()[0]
    cert = os.path.join(WORK, "user-store", "my", thumb + ".cer")
    openssl_verify(cert)
    assert "CN = scep-inf-enroll" in cert_text(cert)
    assert [c[1].split("operation=")[1] for c in http_calls()] == ["GetCACaps", "GetCACert", "PKIOperation"]

    # The INF's own ChallengePassword wins over -attrib's: the server refuses it (a processed request: exit 0).
    write("enroll-wrong.inf", '[NewRequest]\nSubject = "CN=scep-inf-wrong"\nChallengePassword = wrong\n')
    r = run(["-enroll", "-config", SERVER.url, "-attrib", "ChallengePassword:s3cret", "enroll-wrong.inf"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[2] == "Certificate not issued (Denied) SCEP failInfo: badRequest", r.stdout

    # So does its RequestType: anything but SCEP is refused, after the server was asked, and nothing is kept.
    write("enroll-pkcs10.inf", '[NewRequest]\nSubject = "CN=scep-inf-pkcs10"\nRequestType = PKCS10\n')
    pending = os.listdir(os.path.join(WORK, "user-store", "keys")) if os.path.isdir(
        os.path.join(WORK, "user-store", "keys")) else []
    r = run(["-enroll", "-config", SERVER.url, "-attrib", "ChallengePassword:s3cret", "enroll-pkcs10.inf"])
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout == "", r.stdout
    assert r.stderr == ("certreq: the INF does not make a SCEP request (RequestType = SCEP)\n"
                        "Certificate Request Processor: The data is invalid. 0x8007000d (WIN32: 13 ERROR_INVALID_DATA)\n"), r.stderr
    after = os.listdir(os.path.join(WORK, "user-store", "keys")) if os.path.isdir(
        os.path.join(WORK, "user-store", "keys")) else []
    assert after == pending, (pending, after)
    http_calls()


@case
def helper_found_beside_certreq():
    assert os.path.dirname(CERTREQ) == os.path.dirname(CERTREQ_HTTP), "the build puts both programs in one directory"
    r = run(["-enroll", "-config", SERVER.url, "-attrib", "ChallengePassword:s3cret", "Beside"], beside=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert http_calls() == [], "the logging wrapper must not have been used"
    thumb = r.stdout.split("Thumbprint: ")[1].split()[0]
    openssl_verify(os.path.join(WORK, "user-store", "my", thumb + ".cer"))


@case
def wrong_challenge_is_a_clean_failure():
    r = run(["-new", inf("bad.inf", "scep-bad-challenge", challenge="wrong"), "bad.req"])
    assert r.returncode == 0, r.stderr
    # A FAILURE answer is a processed request: exit 0 as certreq.exe (the
    # disposition is in the text); CERTREQ_DISPOSITION_EXIT_CODES=1 keeps 4.
    r = run(["-submit", "-config", SERVER.url, "bad.req", "bad.cer"])
    assert r.returncode == 0, f"exit {r.returncode}: {r.stdout}{r.stderr}"
    assert r.stdout.splitlines()[2] == "Certificate not issued (Denied) SCEP failInfo: badRequest", r.stdout
    assert not os.path.exists(os.path.join(WORK, "bad.cer"))


@case
def existing_output_refused_before_sending():
    r = run(["-new", inf("exists.inf", "scep-exists"), "exists.req"])
    assert r.returncode == 0, r.stderr
    write("exists.cer", "keep me")
    http_calls()
    r = run(["-submit", "-config", SERVER.url, "exists.req", "exists.cer"])
    assert r.returncode == 1 and "exists.cer: file exists (use -f to overwrite)" in r.stderr, r.stderr
    assert http_calls() == [], "nothing may be sent"
    with open(os.path.join(WORK, "exists.cer")) as f:
        assert f.read() == "keep me"


@case
def outputs_to_standard_output_or_refused_before_sending():
    # Issue 17: `-` is standard output (the disposition lines move to stderr);
    # a FIFO or a second output in a missing directory is refused before anything is sent.
    r = run(["-new", inf("dash.inf", "scep-dash"), "dash.req"])
    assert r.returncode == 0, r.stderr
    os.mkfifo(os.path.join(WORK, "dash.fifo"))
    http_calls()
    refused = {("dash.fifo",): "dash.fifo: a FIFO; an output must be a regular file (use - for standard output)",
               ("dash.cer", "missing/dash.p7b"): "cannot create missing/dash.p7b: No such file or directory",
               ("dash.cer", "dash.cer"): "dash.cer: names the same file as dash.cer (each output needs a file of its own)"}
    for outs, message in refused.items():
        r = run(["-submit", "-f", "-config", SERVER.url, "dash.req", *outs])
        assert r.returncode == 1 and r.stderr.splitlines()[0] == "certreq: " + message, r.stderr
        assert http_calls() == [], "nothing may be sent"
        assert not os.path.exists(os.path.join(WORK, "dash.cer"))
    r = run(["-submit", "-config", SERVER.url, "dash.req", "dash.cer", "-"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Certificate retrieved(Issued) Issued" in r.stderr, r.stderr
    chain = subprocess.run(["openssl", "pkcs7", "-print_certs", "-noout"], input=r.stdout, capture_output=True, text=True,
                           check=True).stdout
    assert "CN = scep-dash" in chain and "CN = certreq SCEP test CA" in chain, chain
    openssl_verify(os.path.join(WORK, "dash.cer"))


@case
def wrong_path_is_an_http_error():
    r = run(["-submit", "-config", SERVER.url.replace("/scep", "/nope"), "exists.req"])
    assert r.returncode == 1, r.stdout + r.stderr
    assert "certreq: PKIOperation: the server answered HTTP 404" in r.stderr, r.stderr


SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_PIN = "582046"  # never to be seen in any output or file


def token_env():
    """A SoftHSM2 token "scep-token" in WORK/hsm (made once), mapped to ProviderName "Acme HSM"."""
    hsm = os.path.join(WORK, "hsm")
    env = {"SOFTHSM2_CONF": os.path.join(hsm, "softhsm2.conf"), "CERTREQ_PROVIDERS": f"Acme HSM = {SOFTHSM}"}
    if not os.path.isdir(hsm):
        os.makedirs(os.path.join(hsm, "tokens"))
        with open(env["SOFTHSM2_CONF"], "w") as f:
            f.write(f"directories.tokendir = {hsm}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
        r = subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "scep-token", "--pin", TOKEN_PIN,
                            "--so-pin", "10293847"], env=dict(os.environ, **env), capture_output=True, text=True)
        assert r.returncode == 0, "softhsm2-util (Debian softhsm2, scripts/deps.sh): " + r.stderr
    return env


def token_public_key(env, label):
    """The token's public key `label` as PEM (pkcs11-tool reads RSA public keys)."""
    der = os.path.join(WORK, "hsm", label + ".pub.der")
    subprocess.run(["pkcs11-tool", "--module", SOFTHSM, "--token-label", "scep-token", "--read-object", "--type", "pubkey",
                    "--label", label, "-o", der], env=dict(os.environ, **env), capture_output=True, check=True)
    return subprocess.run(["openssl", "pkey", "-pubin", "-inform", "DER", "-in", der], capture_output=True, text=True,
                          check=True).stdout


def cert_public_key(cert):
    return subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-pubkey"], capture_output=True, text=True,
                          check=True).stdout


def token_inf(name, cn, container, extra=""):
    return write(name, f"""[NewRequest]
Subject = "CN={cn},O=certreq-test"
ProviderName = "Acme HSM"
KeyContainer = {container}
KeyLength = 2048
RequestType = SCEP
ChallengePassword = s3cret
CACerts = server/depot/ca.pem
CACapabilities = "Renewal SHA-256 AES SCEPStandard POSTPKIOperation"
{extra or "KeySpec = AT_KEYEXCHANGE"}
""")


@case
def a_key_on_a_token_signs_and_decrypts_the_scep_exchange():
    # The key never leaves the token: it signs the PKCSReq and its self-signed
    # certificate (C_Sign) and decrypts the CertRep's key transport (C_Decrypt).
    env = token_env()
    token_inf("tok.inf", "scep-token-key", "scep-tok")
    r = run(["-new", "-q", "-pin", TOKEN_PIN, "tok.inf", "tok.req"], env_extra=env)
    assert r.returncode == 0, r.stdout + r.stderr
    with open(os.path.join(WORK, "user-store", "keys", "scep-tok.key")) as f:
        stored = f.read()
    assert "PRIVATE KEY" not in stored and "pkcs11:" in stored, stored  # a reference, not key material
    # a wrong PIN: the card's HRESULT, nothing sent, the transaction kept for the next try
    http_calls()
    r = run(["-submit", "-q", "-pin", "111111", "-config", SERVER.url, "tok.req", "tok.cer"], env_extra=env)
    assert r.returncode == 1 and "111111" not in r.stdout + r.stderr, r.stdout + r.stderr
    assert r.stderr.rstrip().splitlines()[-1].endswith("0x8010006b (-2146434965 SCARD_W_WRONG_CHV)"), r.stderr
    assert http_calls() == [] and not os.path.exists(os.path.join(WORK, "tok.cer"))
    r = run(["-submit", "-q", "-pin", TOKEN_PIN, "-config", SERVER.url, "tok.req", "tok.cer"], env_extra=env)
    assert r.returncode == 0 and "Certificate retrieved(Issued) Issued" in r.stdout, r.stdout + r.stderr
    cert = os.path.join(WORK, "tok.cer")
    openssl_verify(cert)
    assert cert_public_key(cert) == token_public_key(env, "scep-tok")
    assert TOKEN_PIN not in r.stdout + r.stderr

    # -enroll with an INF naming the token; then a renewal that the same token key signs (ReuseKeys)
    token_inf("tok-enroll.inf", "scep-token-enroll", "scep-tok-enroll")
    r = run(["-enroll", "-q", "-pin", TOKEN_PIN, "-config", SERVER.url, "tok-enroll.inf"], env_extra=env)
    assert r.returncode == 0 and "Installed Certificate:" in r.stdout, r.stdout + r.stderr
    thumb = r.stdout.split("Thumbprint: ")[1].split()[0]
    cert = os.path.join(WORK, "user-store", "my", thumb + ".cer")
    openssl_verify(cert)
    assert cert_public_key(cert) == token_public_key(env, "scep-tok-enroll")
    # a new key would be made in software: refused before anything is sent
    http_calls()
    r = run(["-enroll", "-q", "-pin", TOKEN_PIN, "-config", SERVER.url, "-cert", thumb, "-attrib", "ChallengePassword:s3cret",
             "Renew"], env_extra=env)
    assert r.returncode == 1 and "is on a token" in r.stderr and "ReuseKeys" in r.stderr, r.stdout + r.stderr
    assert [c for c in http_calls() if "PKIOperation" in c[1]] == []
    r = run(["-enroll", "-q", "-pin", TOKEN_PIN, "-config", SERVER.url, "-cert", thumb, "-attrib", "ChallengePassword:s3cret",
             "Renew", "ReuseKeys"], env_extra=env)
    assert r.returncode == 0 and "Installed Certificate:" in r.stdout, r.stdout + r.stderr
    renewed = os.path.join(WORK, "user-store", "my", r.stdout.split("Thumbprint: ")[1].split()[0] + ".cer")
    openssl_verify(renewed)
    assert renewed != cert and cert_public_key(renewed) == token_public_key(env, "scep-tok-enroll")

    # a signing-only token key cannot take the CA's encrypted answer: refused, nothing left on the token
    token_inf("tok-sign.inf", "scep-token-sign", "scep-tok-sign", "KeySpec = AT_SIGNATURE")
    r = run(["-new", "-q", "-pin", TOKEN_PIN, "tok-sign.inf", "tok-sign.req"], env_extra=env)
    assert r.returncode == 1 and "needs a key that decrypts" in r.stderr, r.stdout + r.stderr
    assert not os.path.exists(os.path.join(WORK, "tok-sign.req"))
    objs = subprocess.run(["pkcs11-tool", "--module", SOFTHSM, "--token-label", "scep-token", "--login", "--pin", TOKEN_PIN,
                           "-O"], env=dict(os.environ, **env), capture_output=True, text=True, check=True).stdout
    assert "scep-tok-sign" not in objs, objs


@case
def server_down_is_connection_refused():
    SERVER.stop()
    r = run(["-submit", "-config", SERVER.url, "exists.req"])
    assert r.returncode == 1, r.stdout + r.stderr
    assert "certreq: PKIOperation: cannot connect to " + SERVER.url in r.stderr, r.stderr
    # certreq.exe's form of a refused connection ends the message (scripts grep for 0x).
    assert r.stderr.splitlines()[-1] == ("Certificate Request Processor: A connection with the server could not be "
                                         "established 0x80072efd (WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT)"), r.stderr
    r = run(["-enroll", "-config", SERVER.url, "-attrib", "ChallengePassword:s3cret", "Down"])
    assert r.returncode == 1 and "certreq: GetCACaps: cannot connect to" in r.stderr, r.stderr


@case
def no_transport_program():
    r = run(["-enroll", "-config", "http://127.0.0.1:9/scep", "X"], env_extra={"CERTREQ_HTTP": "/nonexistent/certreq-http"})
    assert r.returncode == 1 and "cannot run the HTTP helper /nonexistent/certreq-http" in r.stderr, r.stderr


def http(args, stdin=b""):
    r = subprocess.run([CERTREQ_HTTP] + args, input=stdin, capture_output=True)
    head, _, body = r.stdout.partition(b"\n")
    return r.returncode, head.decode(), body


@case
def transport_limits():
    srv = http_fixture.Server(WORK)
    try:
        rc, head, body = http(["GET", srv.base + "/ok?operation=GetCACaps"])
        assert (rc, head, body) == (0, "OK 200 text/plain", b"hello /ok?operation=GetCACaps"), (rc, head, body)
        payload = bytes(range(256)) * 40
        rc, head, body = http(["POST", srv.base + "/echo", "application/x-pki-message"], payload)
        assert (rc, head, body) == (0, "OK 200 application/x-pki-message", payload), (rc, head)
        rc, head, body = http(["GET", srv.base + "/redirect"])
        assert rc == 1 and head == f"ERROR redirect HTTP 302 from {srv.base}/redirect to {srv.base}/ok: redirects are not followed", head
        rc, head, _ = http(["GET", srv.base + "/big"])
        assert rc == 1 and head == "ERROR too-large the response exceeds 4194304 bytes", head
        rc, head, _ = http(["--max-size", "4", "GET", srv.base + "/ok"])
        assert rc == 1 and head.startswith("ERROR too-large"), head
        t0 = time.time()
        rc, head, _ = http(["--timeout", "1", "GET", srv.base + "/slow"])
        assert rc == 1 and head == f"ERROR timeout no answer from {srv.base}/slow within 1 s", head
        assert time.time() - t0 < 2.5, "the timeout must cut the wait short"
        rc, head, body = http(["GET", srv.base + "/error"])
        assert (rc, head, body) == (0, "OK 500 text/plain", b"operation not implemented"), (rc, head, body)
        rc, head, _ = http(["GET", "ftp://127.0.0.1/x"])
        assert rc == 1 and head.startswith("ERROR usage only http:// and https:// URLs"), head
        rc, head, _ = http(["DELETE", srv.base])
        assert rc == 1 and head.startswith("ERROR usage "), head
        # Through certreq: an HTTP 500 and a redirect are clean errors naming the operation.
        # Each ends with certreq.exe's HRESULT line (HTTP_E_STATUS_*, WinHttp).
        r = run(["-enroll", "-config", srv.base + "/error", "X"])
        assert r.returncode == 1 and r.stderr == (
            "certreq: GetCACaps: the server answered HTTP 500 (operation not implemented)\n"
            "Certificate Request Processor: The server answered with an HTTP error status "
            "0x801901f4 (-2145844748 HTTP_E_STATUS_SERVER_ERROR)\n"), r.stderr
        r = run(["-enroll", "-config", srv.base + "/redirect", "X"])
        assert r.returncode == 1 and "redirects are not followed" in r.stderr, r.stderr
        assert r.stderr.endswith(" 0x80072f7c (WinHttp: 12156 ERROR_WINHTTP_REDIRECT_FAILED)\n"), r.stderr
    finally:
        srv.stop()


@case
def https_certificates_are_verified():
    srv = http_fixture.Server(WORK, tls=True)
    try:
        rc, head, _ = http(["GET", srv.base + "/ok"])
        assert rc == 1 and head.startswith("ERROR tls TLS with " + srv.base + "/ok"), head
        # Trusted through $CERTREQ_CA_BUNDLE: the same server answers.
        r = subprocess.run([CERTREQ_HTTP, "GET", srv.base + "/ok"], capture_output=True,
                           env=dict(os.environ, CERTREQ_CA_BUNDLE=os.path.join(WORK, "tls.pem")))
        assert r.returncode == 0 and r.stdout.startswith(b"OK 200 text/plain\n"), r.stdout
    finally:
        srv.stop()


@case
def retrieve_unknown_request_id():
    r = run(["-retrieve", "-config", SERVER.url, "0123abcd", "x.cer"])
    assert r.returncode == 1, r.stdout + r.stderr
    assert "certreq: no SCEP transaction 0123abcd in the key store" in r.stderr, r.stderr


@contextlib.contextmanager
def pending_first_server(log_name):
    """Our test CA (tests/scep/fake_server.cpp) answering PENDING first; yields its URL; the log
    lists each PKIOperation's method and messageType."""
    assert FAKE_SERVER, "scep_fake_server not given"
    fake = subprocess.Popen([FAKE_SERVER, os.path.join(WORK, log_name), "--pend-first"], stdout=subprocess.PIPE, text=True)
    try:
        yield f"http://127.0.0.1:{fake.stdout.readline().strip()}/scep"
    finally:
        fake.kill()
        fake.wait()


@case
def pending_then_retrieve_with_certpoll():
    log = os.path.join(WORK, "fake.log")
    with pending_first_server("fake.log") as url:
        write("pend.inf", f"""[NewRequest]
Subject = "CN=scep-pending,O=certreq-test"
RequestType = SCEP
ChallengePassword = s3cret
CACerts = {os.path.join(VECTORS, "ca.pem")}
CACapabilities = "AES SHA-256 POSTPKIOperation"
""")
        r = run(["-new", "pend.inf", "pend.req"])
        assert r.returncode == 0, r.stderr
        # Pending is a processed request: exit 0 as certreq.exe; 3 only with
        # CERTREQ_DISPOSITION_EXIT_CODES=1 (our old codes, opt-in).
        r = run(["-submit", "-config", url, "pend.req", "pend.cer"], env_extra={"CERTREQ_DISPOSITION_EXIT_CODES": "1"})
        assert r.returncode == 3, f"exit {r.returncode}: {r.stdout}{r.stderr}"
        lines = r.stdout.splitlines()
        tid = lines[0][len("RequestId: "):]
        assert lines == [f"RequestId: {tid}", f'RequestId: "{tid}"',
                         "Certificate request is pending: Taken Under Submission"], r.stdout
        assert not os.path.exists(os.path.join(WORK, "pend.cer"))
        with open(os.path.join(WORK, "user-store", "scep", tid + ".meta")) as f:
            meta = f.read()
        assert "status=pending" in meta and f"ca_url={url}" in meta, meta

        # -retrieve polls with CertPoll (messageType 20).
        r = run(["-retrieve", "-config", url, tid, "pend.cer", "pend.p7b", "pend.rsp"])
        assert r.returncode == 0, f"exit {r.returncode}: {r.stdout}{r.stderr}"
        assert r.stdout.splitlines()[2] == "Certificate retrieved(Issued) Issued", r.stdout
        v = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(VECTORS, "ca.pem"), os.path.join(WORK, "pend.cer")],
                           capture_output=True, text=True)
        assert v.returncode == 0, v.stdout + v.stderr
        assert "CN = scep-pending" in cert_text(os.path.join(WORK, "pend.cer"))
        with open(log) as f:
            assert f.read().split("\n") == ["POST 19", "POST 20", ""], "the CA saw PKCSReq, then CertPoll"
        r = run(["-retrieve", "-config", url, tid, "again.cer"])
        assert r.returncode == 1 and "no SCEP transaction " + tid in r.stderr, r.stderr


@case
def a_token_key_polls_a_pending_request():
    # PENDING, then -retrieve: the CertPoll is signed and the CertRep decrypted on the token.
    env = token_env()
    log = os.path.join(WORK, "fake-token.log")
    with pending_first_server("fake-token.log") as url:
        write("tok-pend.inf", f"""[NewRequest]
Subject = "CN=scep-token-pending,O=certreq-test"
ProviderName = "Acme HSM"
KeyContainer = scep-tok-pend
KeyLength = 2048
KeySpec = 1
RequestType = SCEP
ChallengePassword = s3cret
CACerts = {os.path.join(VECTORS, "ca.pem")}
CACapabilities = "AES SHA-256 POSTPKIOperation"
""")
        r = run(["-new", "-q", "-pin", TOKEN_PIN, "tok-pend.inf", "tok-pend.req"], env_extra=env)
        assert r.returncode == 0, r.stdout + r.stderr
        r = run(["-submit", "-q", "-pin", TOKEN_PIN, "-config", url, "tok-pend.req", "tok-pend.cer"], env_extra=env)
        assert r.returncode == 0 and "Certificate request is pending" in r.stdout, r.stdout + r.stderr
        tid = r.stdout.splitlines()[0][len("RequestId: "):]
        r = run(["-retrieve", "-q", "-pin", TOKEN_PIN, "-config", url, tid, "tok-pend.cer"], env_extra=env)
        assert r.returncode == 0 and "Certificate retrieved(Issued) Issued" in r.stdout, r.stdout + r.stderr
        cert = os.path.join(WORK, "tok-pend.cer")
        v = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(VECTORS, "ca.pem"), cert], capture_output=True, text=True)
        assert v.returncode == 0, v.stdout + v.stderr
        assert cert_public_key(cert) == token_public_key(env, "scep-tok-pend")
        with open(log) as f:
            assert f.read().split("\n") == ["POST 19", "POST 20", ""], "the CA saw PKCSReq, then CertPoll"


def main():
    if not os.access(CERTREQ_HTTP, os.X_OK):
        print(f"FAIL: {CERTREQ_HTTP} was not built (libcurl4-openssl-dev missing? run scripts/deps.sh)")
        return 1
    try:
        SERVER.start()
    except Exception as e:  # noqa: BLE001
        print("FAIL: cannot start scepserver:", e)
        return 1
    failed = 0
    try:
        for fn in CASES:
            http_calls()  # each case sees only its own transport calls
            try:
                fn()
                print("ok  ", fn.__name__)
            except Exception as e:  # noqa: BLE001 - an assertion or a crash of the check
                failed += 1
                print("FAIL", fn.__name__ + ":", (str(e) if isinstance(e, AssertionError) else repr(e)) or "assertion failed")
    finally:
        SERVER.stop()
    print(f"{len(CASES) - failed} of {len(CASES)} SCEP cases passed" + (f" (work dir kept: {WORK})" if failed else ""))
    if not failed:
        shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
