#!/usr/bin/python3
"""Script compatibility (issue 16): drive certreq the way admin scripts written
for Windows' certreq.exe do, and parse its output the way they do.

Scripts run every verb with -q and parse stdout with regexes such as
`RequestId: "?(\\d+)"?` and the substrings below (spec §1.5, §10.1); they throw
on a non-zero exit *before* they look at the disposition, so a request the CA
processed exits 0 whether it was issued, left pending or denied; failures
exit non-zero and end with certreq.exe's HRESULT form, which scripts grep for.
Also: the default verb (-submit), -config HOST\\CA, options a verb does not
take, options that need a Microsoft CA, -UnicodeText and -user with
MachineKeySet = TRUE.
Usage: script_compat_test.py CERTREQ"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])

# What the scripts look for (YKEnroll's parser, PassTheCert, 0xdf's write-ups; spec §1.5).
REQUEST_ID = re.compile(r'RequestId: "?(\d+)"?')
ISSUED = "Certificate retrieved(Issued) Issued"
PENDING = "Certificate request is pending: Taken Under Submission"
DENIED = "Certificate not issued (Denied)"
INSTALLED = "Installed Certificate"
THUMBPRINT = re.compile(r"Thumbprint: ([0-9a-f]{40})")
CREATED = "CertReq: Request Created"
# The end of every failure: certreq.exe's "0x<HRESULT> (<facility>: <code> <SYMBOL>)".
HRESULT_TAIL = re.compile(r"0x[0-9a-f]{8} \(")
PROCESSOR = re.compile(r"^Certificate Request Processor: .+ 0x[0-9a-f]{8} \([^)]*\)$")

EC_INF = '[NewRequest]\nSubject = "CN={cn}"\nKeyAlgorithm = ECDSA_P256\n'


class Box:
    """One temporary directory with its own key stores."""

    def __init__(self, d):
        self.d = d

    def env(self, extra=None):
        env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(self.d, "user-store"),
                   CERTREQ_MACHINE_STORE=os.path.join(self.d, "machine-store"))
        env.pop("SOURCE_DATE_EPOCH", None)
        env.pop("CERTREQ_DISPOSITION_EXIT_CODES", None)
        env.update(extra or {})
        return env

    def run(self, *args, env=None):
        return subprocess.run([CERTREQ, *args], cwd=self.d, capture_output=True, text=True, env=self.env(env))

    def write(self, name, text, mode="w"):
        p = os.path.join(self.d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)
        return p

    def path(self, name):
        return os.path.join(self.d, name)

    def new_request(self, name, cn):
        self.write(name + ".inf", EC_INF.format(cn=cn))
        r = self.run("-new", "-q", name + ".inf", name + ".req")
        assert r.returncode == 0, r.stderr
        return name + ".req"

    def ca(self, name="ca", policy=None):
        args = ["-ca", "init", "-q", "-config", self.path(name)]
        if policy is not None:
            args.append(self.write(name + "-policy.inf", policy))
        r = self.run(*args)
        assert r.returncode == 0, r.stderr
        return self.path(name)


def request_id(stdout):
    """A script's parse: every RequestId line must agree."""
    ids = REQUEST_ID.findall(stdout)
    assert len(ids) == 2 and ids[0] == ids[1], stdout
    lines = stdout.splitlines()
    assert lines[0] == f"RequestId: {ids[0]}" and lines[1] == f'RequestId: "{ids[0]}"', stdout
    return int(ids[0])


def assert_failure(r, hresult_form):
    """A failure as scripts see it: non-zero exit, `0x` in the message, and
    certreq.exe's line last (after our own positioned messages)."""
    assert r.returncode != 0, f"exit 0: {r.stdout}{r.stderr}"
    last = r.stderr.splitlines()[-1] if r.stderr else ""
    assert HRESULT_TAIL.search(last) and PROCESSOR.match(last), r.stderr
    assert last.endswith(" " + hresult_form), f"expected {hresult_form!r} at the end of:\n{r.stderr}"


@case
def new_q_prints_request_created():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        b.write("a.inf", EC_INF.format(cn="script.example"))
        r = b.run("-new", "-q", "a.inf", "a.req")
        assert r.returncode == 0, r.stderr
        assert r.stdout == CREATED + "\n", r.stdout
        # RequestType = Cert installs the certificate: scripts take the thumbprint.
        b.write("s.inf", EC_INF.format(cn="self.example") + "RequestType = Cert\n")
        r = b.run("-new", "-q", "s.inf", "s.cer")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(INSTALLED + ":\n") and CREATED in r.stdout, r.stdout
        thumb = THUMBPRINT.search(r.stdout).group(1)
        assert os.path.exists(b.path(os.path.join("user-store", "my", thumb + ".cer"))), thumb


@case
def submit_q_issued_then_accept_q():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        cadir = b.ca()
        req = b.new_request("web", "www.script.example")
        r = b.run("-submit", "-q", "-config", cadir, req, "web.cer", "web.p7b", "web.rsp")
        assert r.returncode == 0, r.stderr
        assert request_id(r.stdout) == 1 and ISSUED in r.stdout, r.stdout
        assert os.path.exists(b.path("web.cer")) and os.path.exists(b.path("web.p7b"))
        r = b.run("-accept", "-q", "web.rsp")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(INSTALLED + ":\n") and THUMBPRINT.search(r.stdout), r.stdout
        assert "Subject: CN=www.script.example" in r.stdout, r.stdout
        # -retrieve -q prints the same lines again.
        r = b.run("-retrieve", "-q", "-f", "-config", cadir, "1", "again.cer")
        assert r.returncode == 0 and request_id(r.stdout) == 1 and ISSUED in r.stdout, r.stdout + r.stderr


@case
def pending_and_denied_exit_0_with_the_disposition_in_the_text():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        cadir = b.ca(policy="[certsrv_server]\nRequestDisposition = Pending\n")
        one = b.new_request("one", "one.script.example")
        two = b.new_request("two", "two.script.example")
        for n, req in ((1, one), (2, two)):
            r = b.run("-submit", "-q", "-config", cadir, req, f"{n}.cer")
            assert r.returncode == 0, f"pending must exit 0 (scripts throw first): {r.returncode} {r.stdout}{r.stderr}"
            assert request_id(r.stdout) == n and PENDING in r.stdout, r.stdout
            assert not os.path.exists(b.path(f"{n}.cer"))
        r = b.run("-ca", "deny", "-q", "2", "-config", cadir)
        assert r.returncode == 0 and DENIED in r.stdout, r.stdout + r.stderr
        r = b.run("-ca", "issue", "-q", "1", "-config", cadir)
        assert r.returncode == 0 and ISSUED in r.stdout, r.stdout + r.stderr
        r = b.run("-retrieve", "-q", "-config", cadir, "2", "2.cer")
        assert r.returncode == 0, f"denied must exit 0: {r.returncode} {r.stdout}{r.stderr}"
        assert request_id(r.stdout) == 2 and DENIED in r.stdout, r.stdout
        # The denial carries the CA's HRESULT, as a Windows CA's does.
        assert "Denied by the CA administrator 0x80094014 (-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)" in r.stdout, r.stdout
        assert not os.path.exists(b.path("2.cer"))
        r = b.run("-retrieve", "-q", "-config", cadir, "1", "1.cer", "1.p7b")
        assert r.returncode == 0 and request_id(r.stdout) == 1 and ISSUED in r.stdout, r.stdout + r.stderr
        r = b.run("-accept", "-q", "1.p7b")
        assert r.returncode == 0 and INSTALLED in r.stdout and THUMBPRINT.search(r.stdout), r.stdout + r.stderr
        # The old distinct exit codes stay available, opt-in.
        legacy = {"CERTREQ_DISPOSITION_EXIT_CODES": "1"}
        assert b.run("-retrieve", "-q", "-f", "-config", cadir, "2", "2.cer", env=legacy).returncode == 4
        three = b.new_request("three", "three.script.example")
        r = b.run("-submit", "-q", "-config", cadir, three, "3.cer", env=legacy)
        assert r.returncode == 3 and PENDING in r.stdout, r.stdout


@case
def enroll_q_prints_disposition_and_installed():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        cadir = b.ca()
        b.write(os.path.join("ca", "templates", "Script.inf"), EC_INF.format(cn="enroll.script.example"))
        r = b.run("-enroll", "-q", "-config", cadir, "Script")
        assert r.returncode == 0, r.stderr
        assert request_id(r.stdout) == 1 and ISSUED in r.stdout and INSTALLED in r.stdout, r.stdout
        assert THUMBPRINT.search(r.stdout), r.stdout


@case
def sign_and_policy_q_print_their_result_lines():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        b.write("agent.inf", EC_INF.format(cn="agent.script.example") + "RequestType = Cert\n")
        r = b.run("-new", "-q", "agent.inf", "agent.cer")
        assert r.returncode == 0, r.stderr
        thumb = THUMBPRINT.search(r.stdout).group(1)
        req = b.new_request("leaf", "leaf.script.example")
        r = b.run("-sign", "-q", "-cert", thumb, req, "signed.req")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("Signed PKCS10 request as CMC"), r.stdout
        b.write("policy.inf", "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1\n")
        r = b.run("-policy", "-q", "-cert", thumb, req, "policy.inf", "policy.req")
        assert r.returncode == 0, r.stderr
        assert r.stdout == CREATED + "\n", r.stdout


@case
def no_verb_means_submit():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        cadir = b.ca()
        req = b.new_request("dv", "default-verb.script.example")
        r = b.run("-config", cadir, req, "dv.cer")
        assert r.returncode == 0, r.stderr
        assert request_id(r.stdout) == 1 and ISSUED in r.stdout, r.stdout
        assert os.path.exists(b.path("dv.cer"))
        r = b.run("-q", "-config", cadir, req, "dv2.cer")
        assert r.returncode == 0 and request_id(r.stdout) == 2, r.stdout + r.stderr
        # No arguments at all: a usage error (on stderr; certreq.exe would open a file dialog).
        r = b.run()
        assert r.returncode == 2 and "Usage:" in r.stderr and r.stdout == "", r.stdout


@case
def failures_exit_nonzero_with_the_windows_hresult():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        cadir = b.ca()
        assert_failure(b.run("-new", "-q", "missing.inf", "x.req"), "0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)")
        assert_failure(b.run("-submit", "-q", "-config", cadir, "missing.req", "x.cer"),
                       "0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)")
        req = b.new_request("ok", "ok.script.example")
        b.write("taken.cer", "keep me")
        r = b.run("-submit", "-q", "-config", cadir, req, "taken.cer")
        assert_failure(r, "0x80070050 (WIN32: 80 ERROR_FILE_EXISTS)")
        assert open(b.path("taken.cer")).read() == "keep me"
        b.write("a.inf", EC_INF.format(cn="a"))
        r = b.run("-new", "-q", "a.inf", "ok.req")  # exists, no -f
        assert_failure(r, "0x80070050 (WIN32: 80 ERROR_FILE_EXISTS)")
        # Positioned diagnostics stay, the Windows line comes after them.
        b.write("subject.inf", '[NewRequest]\nSubject = "CN=x,NOPE=y"\nKeyAlgorithm = ECDSA_P256\n')
        r = b.run("-new", "-q", "subject.inf", "s.req")
        assert_failure(r, "0x80092023 (-2146885597 CRYPT_E_INVALID_X500_STRING)")
        assert r.stderr.startswith("subject.inf:2:17: error: Subject: "), r.stderr
        assert not os.path.exists(b.path("s.req"))
        b.write("nonr.inf", '[Version]\nSignature = "$Windows NT$"\n')
        r = b.run("-new", "-q", "nonr.inf", "n.req")
        assert_failure(r, "0xe0000102 (INF: -536870654)")
        assert r.stderr.splitlines()[-1] == "Certificate Request Processor: INF file line not found 0xe0000102 (INF: -536870654)"
        b.write("bad.inf", EC_INF.format(cn="b") + "KeyLength = banana\n")
        assert_failure(b.run("-new", "-q", "bad.inf", "b.req"), "0x8007000d (WIN32: 13 ERROR_INVALID_DATA)")
        b.write("junk.req", "-----BEGIN NEW CERTIFICATE REQUEST-----\nMIIBAAAA\n-----END NEW CERTIFICATE REQUEST-----\n")
        assert_failure(b.run("-submit", "-q", "-config", cadir, "junk.req", "j.cer"), "0x8007000d (WIN32: 13 ERROR_INVALID_DATA)")
        assert_failure(b.run("-dump", "junk.req"), "0x8007000d (WIN32: 13 ERROR_INVALID_DATA)")


@case
def dcom_config_is_explained_and_never_created():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        req = b.new_request("r", "dcom.script.example")
        for args in (["-submit", "-config", "ca01.corp.example\\Corp Issuing CA", req, "x.cer"],
                     ["-config", "ca01\\CorpCA", req, "x.cer"],
                     ["-retrieve", "-config", "ca01\\CorpCA", "7", "x.cer"],
                     ["-enroll", "-config", "ca01\\CorpCA", "WebServer"],
                     ["-ca", "init", "-config", "ca01\\CorpCA"]):
            r = b.run(*args)
            assert_failure(r, "0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)")
            assert "DCOM/RPC" in r.stderr and "cannot reach" in r.stderr, r.stderr
            assert "- (the local CA" in r.stderr and "a directory holding a local CA" in r.stderr and "http(s)://" in r.stderr
            assert "certreq -ca init -config ca01" not in r.stderr, "must not suggest a directory with a backslash"
            assert not os.path.exists(b.path("x.cer"))
        assert sorted(os.listdir(d)) == ["r.inf", "r.req", "user-store"], os.listdir(d)


@case
def options_a_verb_does_not_take_are_refused():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        req = b.new_request("r", "opts.script.example")
        for verb, opt, rest in (("-dump", "-config", ["x", req]), ("-accept", "-binary", [req]),
                                ("-sign", "-config", ["x", req, "o.req"]), ("-new", "-crl", ["r.inf", "o.req"]),
                                ("-retrieve", "-attrib", ["a:b", "1", "o.cer"]), ("-dump", "-f", [req])):
            r = b.run(verb, opt, *rest)
            assert r.returncode == 2, f"{verb} {opt}: exit {r.returncode} {r.stderr}"
            assert f"certreq {verb}: option {opt} is not used by {verb}" in r.stderr, r.stderr
            assert "0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)" in r.stderr, r.stderr
            assert not os.path.exists(b.path("o.req")) and not os.path.exists(b.path("o.cer"))


@case
def microsoft_ca_options_say_what_they_need():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        req = b.new_request("r", "msca.script.example")
        cadir = b.ca()
        for opt, value, purpose in (("-PolicyServer", ["https://cep.corp.example/"], "enrollment policy"),
                                    ("-Kerberos", [], "Kerberos"), ("-UserName", ["CORP\\bob"], "user name"),
                                    ("-p", ["hunter2-secret"], "password"),
                                    ("-ClientCertificate", ["abcd"], "client certificate"),
                                    ("-Anonymous", [], "anonymous"), ("-rpc", [], "RPC"),
                                    ("-AdminForceMachine", [], "LocalSystem"), ("-RenewOnBehalfOf", [], "CR_IN_ROBO")):
            r = b.run("-submit", opt, *value, "-config", cadir, req, "x.cer")
            assert r.returncode == 1, f"{opt}: exit {r.returncode} {r.stdout}{r.stderr}"
            assert f"certreq -submit: {opt} " in r.stderr and purpose in r.stderr, r.stderr
            assert "needs a Microsoft CA" in r.stderr and "AD CS" in r.stderr, r.stderr
            assert_failure(r, "0x80070032 (WIN32: 50 ERROR_NOT_SUPPORTED)")
            assert "hunter2" not in r.stdout + r.stderr, "the -p value must never be printed"
            assert not os.path.exists(b.path("x.cer"))
        r = b.run("-new", "-UserName", "bob", "-p", "hunter2-secret", "r.inf", "n.req")
        assert r.returncode == 1 and "hunter2" not in r.stdout + r.stderr, r.stderr


@case
def unicodetext_writes_utf16le_with_a_bom():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        cadir = b.ca()
        req = b.new_request("u", "unicode.script.example")
        r = b.run("-submit", "-q", "-UnicodeText", "-config", cadir, req, "u.cer", "u.p7b")
        assert r.returncode == 0, r.stderr
        r = b.run("-retrieve", "-q", "-config", cadir, "1", "plain.cer")
        assert r.returncode == 0, r.stderr
        data = open(b.path("u.cer"), "rb").read()
        plain = open(b.path("plain.cer"), "rb").read()
        assert data[:2] == b"\xff\xfe", data[:8]
        assert data[2:].decode("utf-16-le") == plain.decode("ascii"), "UTF-16LE text must equal the base64 file"
        assert plain.startswith(b"-----BEGIN CERTIFICATE-----\r\n")
        assert open(b.path("u.p7b"), "rb").read()[:4] == b"\xff\xfe-\x00"
        # -new too, and our own reader takes the UTF-16 file back.
        b.write("n.inf", EC_INF.format(cn="n"))
        r = b.run("-new", "-q", "-unicodetext", "n.inf", "n.req")
        assert r.returncode == 0, r.stderr
        text = open(b.path("n.req"), "rb").read()
        assert text[:2] == b"\xff\xfe" and text[2:].decode("utf-16-le").startswith("-----BEGIN NEW CERTIFICATE REQUEST-----\r\n")
        r = b.run("-dump", "n.req")
        assert r.returncode == 0 and "CN=n" in r.stdout, r.stdout + r.stderr
        # -binary output is DER whatever -UnicodeText says.
        r = b.run("-new", "-q", "-unicodetext", "-binary", "n.inf", "n.der")
        assert r.returncode == 0 and open(b.path("n.der"), "rb").read()[:1] == b"\x30", r.stderr


@case
def user_with_machine_key_set_is_an_error():
    with tempfile.TemporaryDirectory() as d:
        b = Box(d)
        b.write("m.inf", EC_INF.format(cn="machine.script.example") + "MachineKeySet = TRUE\n")
        r = b.run("-new", "-q", "-user", "m.inf", "m.req")
        assert_failure(r, "0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)")
        assert r.stderr.startswith("m.inf:4:17: error: -user: MachineKeySet = TRUE"), r.stderr
        assert not os.path.exists(b.path("m.req")) and not os.path.exists(b.path("user-store"))
        b.write("u.inf", EC_INF.format(cn="user.script.example") + "MachineKeySet = FALSE\n")
        r = b.run("-new", "-q", "-machine", "u.inf", "u.req")
        assert_failure(r, "0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)")
        # Agreeing options, or none, work.
        assert b.run("-new", "-q", "-machine", "m.inf", "m.req").returncode == 0
        assert b.run("-new", "-q", "-user", "u.inf", "u.req").returncode == 0
        assert b.run("-new", "-q", "m.inf", "m2.req").returncode == 0


finish()
