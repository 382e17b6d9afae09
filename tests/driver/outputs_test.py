#!/usr/bin/python3
"""Nothing lost in the output files (issue 17): `-` is standard output for
every output argument; an output that is not a regular file (FIFO, directory,
device, socket, dangling symlink) is refused with or without -f and nothing is
written; a symlink to a regular file has its target replaced and stays a link;
-submit checks every output before the local CA records the request (a
refused output uses up no request id) and writes its outputs all or nothing;
temporaries a `kill -9` left beside an output or in the CA are removed by the
next write. Each check failed before the fix.

Usage: outputs_test.py CERTREQ"""
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
EC_INF = '[NewRequest]\nSubject = "CN={cn}"\nKeyAlgorithm = ECDSA_P256\n'
# A self-signed certificate with its key in the store: the signer of -sign and -policy (-noEKU).
SIGNER_INF = '[NewRequest]\nSubject = "CN=Outputs Signer"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n'
POLICY_INF = '[Version]\nSignature = "$Windows NT$"\n[BasicConstraintsExtension]\nPathLength = 0\n'
REFUSED = "an output must be a regular file (use - for standard output)"


def env_for(d):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(d, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"))
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run(args, d, umask=None, timeout=120):
    """certreq with stdout as bytes (it may carry DER), stderr as text."""
    pre = (lambda: os.umask(umask)) if umask is not None else None
    r = subprocess.run([CERTREQ] + args, cwd=d, capture_output=True, env=env_for(d), timeout=timeout,
                       stdin=subprocess.DEVNULL, preexec_fn=pre)
    r.stderr = r.stderr.decode("utf-8", "replace")
    return r


def must(args, d, **kw):
    r = run(args, d, **kw)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def openssl(args, data):
    """runs openssl on `data` (stdin); returns its stdout, failing the case when openssl does."""
    r = subprocess.run(["openssl"] + args, input=data, capture_output=True)
    assert r.returncode == 0, (args, r.stderr.decode())
    return r.stdout.decode()


def listing(d):
    """every name under d (outside the key stores), for 'nothing was written'"""
    out = []
    for root, dirs, files in os.walk(d):
        dirs[:] = [x for x in dirs if x not in ("user-store", "machine-store")]
        out += [os.path.relpath(os.path.join(root, n), d) for n in dirs + files]
    return sorted(out)


def request_id(text):
    m = re.search(r'RequestId: "?(\d+)"?', text)
    assert m, text
    return int(m.group(1))


def next_request_id(cadir):
    p = os.path.join(cadir, "next_request_id")
    return int(open(p).read()) if os.path.exists(p) else 1


def dead_pid():
    """the PID of a process that was killed with SIGKILL (and reaped)"""
    p = subprocess.Popen(["sleep", "60"])
    p.send_signal(signal.SIGKILL)
    p.wait()
    return p.pid


def ca_with_request(d):
    """a local CA in d/ca and a P-256 request d/r.req"""
    must(["-ca", "init", "-config", "ca"], d)
    write(d, "r.inf", EC_INF.format(cn="outputs.example"))
    must(["-new", "-q", "r.inf", "r.req"], d)
    return os.path.join(d, "ca")


@case
def dash_is_standard_output_for_every_verb():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF.format(cn="stdout.example"))
        r = must(["-new", "a.inf", "-"], d)
        assert "subject=CN = stdout.example" in openssl(["req", "-noout", "-subject"], r.stdout), r.stdout
        # The lines certreq prints move to stderr: standard output holds the file alone.
        assert r.stdout.startswith(b"-----BEGIN NEW CERTIFICATE REQUEST-----"), r.stdout
        assert "CertReq: Request Created" in r.stderr, r.stderr
        r = must(["-new", "-binary", "a.inf", "-"], d)
        assert r.stdout[:1] == b"\x30", r.stdout[:8]
        openssl(["req", "-inform", "DER", "-noout", "-verify"], r.stdout)

        cadir = ca_with_request(d)
        r = must(["-submit", "-config", "ca", "r.req", "-"], d)
        assert "subject=CN = outputs.example" in openssl(["x509", "-noout", "-subject"], r.stdout)
        assert request_id(r.stderr) == 1 and "Certificate retrieved(Issued) Issued" in r.stderr, r.stderr
        # -retrieve: CertFileOut to a file, CertChainFileOut (DER PKCS#7) to standard output.
        r = must(["-retrieve", "-binary", "-config", "ca", "1", "c.cer", "-"], d)
        chain = openssl(["pkcs7", "-inform", "DER", "-print_certs", "-noout"], r.stdout)
        assert "subject=CN = outputs.example" in chain and "subject=CN = certreq Local CA" in chain, chain
        openssl(["x509", "-inform", "DER", "-noout"], open(os.path.join(d, "c.cer"), "rb").read())
        r = must(["-ca", "crl", "-config", "ca", "-"], d)
        assert "certreq Local CA" in openssl(["crl", "-noout", "-issuer"], r.stdout)

        write(d, "signer.inf", SIGNER_INF)
        must(["-new", "-q", "signer.inf", "signer.cer"], d)
        r = must(["-sign", "-noEKU", "-binary", "r.req", "-"], d)
        openssl(["cms", "-cmsout", "-inform", "DER", "-noout"], r.stdout)
        assert r.stderr.startswith("Signed PKCS10 request as CMC"), r.stderr
        # -policy: RequestFileOut to a file, PKCS10FileOut to standard output.
        write(d, "policy.inf", POLICY_INF)
        r = must(["-policy", "-noEKU", "r.req", "policy.inf", "p.req", "-"], d)
        assert "subject=CN = outputs.example" in openssl(["req", "-noout", "-subject"], r.stdout)
        assert os.path.getsize(os.path.join(d, "p.req")) > 0
        assert not os.path.exists(os.path.join(d, "-")), "a file named - was written"
        assert next_request_id(cadir) == 2


@case
def a_reader_of_standard_output_gone_undoes_the_files():
    # `certreq -retrieve 1 c.cer - | (exit)`: EPIPE (not death by SIGPIPE), exit 1, c.cer not written.
    with tempfile.TemporaryDirectory() as d:
        ca_with_request(d)
        must(["-submit", "-config", "ca", "r.req", "first.cer"], d)
        for args in (["-retrieve", "-config", "ca", "1", "c.cer", "-"], ["-new", "r.inf", "-"]):
            rd, wr = os.pipe()
            os.close(rd)
            r = subprocess.run([CERTREQ] + args, cwd=d, stdout=wr, stderr=subprocess.PIPE, env=env_for(d),
                               stdin=subprocess.DEVNULL, text=True, timeout=120)
            os.close(wr)
            assert r.returncode == 1, (args, r.returncode, r.stderr)
            assert "certreq: cannot write standard output: Broken pipe" in r.stderr, r.stderr
            assert not os.path.exists(os.path.join(d, "c.cer"))
        keys = os.listdir(os.path.join(d, "user-store", "keys"))
        assert len(keys) == 1, f"-new that could not write its output kept a key: {keys}"


@case
def non_regular_outputs_are_refused_and_nothing_is_written():
    with tempfile.TemporaryDirectory() as d:
        cadir = ca_with_request(d)
        os.mkfifo(os.path.join(d, "fifo"))
        os.mkdir(os.path.join(d, "dir"))
        os.symlink("dir", os.path.join(d, "link-to-dir"))
        os.symlink("nowhere", os.path.join(d, "dangling"))
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(os.path.join(d, "sock"))
        if os.geteuid() == 0:  # a device of our own, for the -f runs (see SYSTEM below)
            os.mknod(os.path.join(d, "null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        before = listing(d)
        bad = {"fifo": "fifo: a FIFO; " + REFUSED,
               "dir": "dir: a directory; " + REFUSED,
               "sock": "sock: a socket; " + REFUSED,
               "/dev/null": "/dev/null: a device; " + REFUSED,
               # stdout is a pipe here: /dev/stdout reaches a FIFO.
               "/dev/stdout": "/dev/stdout: a symbolic link to /proc/self/fd/1, which is a FIFO; " + REFUSED,
               "link-to-dir": "link-to-dir: a symbolic link to dir, which is a directory; " + REFUSED,
               "dangling": "dangling: a symbolic link to nowhere, which does not exist (an output link must point to a regular file)"}
        if os.geteuid() == 0:
            bad["null"] = "null: a device; " + REFUSED
        # A build without the fix, run as root with -f, renames over /dev/null
        # and /dev/stdout themselves: those get -f only where /dev is not ours.
        SYSTEM = ("/dev/null", "/dev/stdout")
        for out, message in bad.items():
            for force in ([], ["-f"]) if out not in SYSTEM or os.geteuid() != 0 else ([],):
                for args in (["-new", *force, "r.inf", out], ["-submit", *force, "-config", "ca", "r.req", out],
                             ["-submit", *force, "-config", "ca", "r.req", "ok.cer", out]):
                    try:
                        r = run(args, d, timeout=20)
                    except subprocess.TimeoutExpired:
                        raise AssertionError(f"{args}: blocked")
                    assert r.returncode == 1, (args, r.returncode, r.stderr)
                    assert r.stderr.splitlines()[0] == "certreq: " + message, (args, r.stderr)
                    assert r.stdout == b"", (args, r.stdout)
        sock.close()
        assert listing(d) == before, (before, listing(d))
        assert os.listdir(os.path.join(d, "dir")) == []
        assert next_request_id(cadir) == 1, "a refused -submit used up a request id"


@case
def a_symlink_output_writes_its_target_and_stays_a_link():
    with tempfile.TemporaryDirectory() as d:
        cadir = ca_with_request(d)
        os.mkdir(os.path.join(d, "real"))
        write(d, "real/r.req", "old\n")
        write(d, "real/c.cer", "old\n")
        os.symlink("real/r.req", os.path.join(d, "r-link"))
        os.symlink(os.path.join(d, "real", "c.cer"), os.path.join(d, "c-link"))
        r = run(["-new", "r.inf", "r-link"], d)
        assert r.returncode == 1 and r.stderr.startswith("certreq: r-link: file exists (use -f to overwrite)"), r.stderr
        must(["-new", "-f", "r.inf", "r-link"], d, umask=0o027)
        must(["-submit", "-f", "-config", "ca", "r.req", "c-link"], d, umask=0o027)
        for link, target in (("r-link", "real/r.req"), ("c-link", "real/c.cer")):
            assert os.path.islink(os.path.join(d, link)), f"{link} was replaced by a file"
            data = open(os.path.join(d, target), "rb").read()
            assert data.startswith(b"-----BEGIN"), data[:40]
            mode = stat.S_IMODE(os.stat(os.path.join(d, target)).st_mode)
            assert mode == 0o640, f"{target} is {mode:o} under umask 027"
        assert sorted(os.listdir(os.path.join(d, "real"))) == ["c.cer", "r.req"], os.listdir(os.path.join(d, "real"))
        assert next_request_id(cadir) == 2


@case
def submit_with_a_bad_output_writes_nothing_and_uses_no_request_id():
    with tempfile.TemporaryDirectory() as d:
        cadir = ca_with_request(d)
        r = must(["-submit", "-config", "ca", "r.req", "first.cer"], d)
        assert request_id(r.stdout.decode()) == 1
        write(d, "a-file", "not a directory\n")
        os.mkdir(os.path.join(d, "sub"))
        before = listing(d)
        cases = {
            ("c.cer", "c.cer"): "c.cer: names the same file as c.cer (each output needs a file of its own)",
            ("c.cer", "sub/../c.cer"): "sub/../c.cer: names the same file as c.cer (each output needs a file of its own)",
            ("c.cer", "chain.p7b", "c.cer"): "c.cer: names the same file as c.cer (each output needs a file of its own)",
            ("c.cer", "-", "-"): "-: names the same file as - (each output needs a file of its own)",
            ("c.cer", "missing/chain.p7b"): "cannot create missing/chain.p7b: No such file or directory",
            ("c.cer", "a-file/chain.p7b"): "cannot create a-file/chain.p7b: Not a directory",
        }
        if os.geteuid() != 0:  # root writes anywhere
            os.mkdir(os.path.join(d, "ro"), 0o500)
            before = listing(d)
            cases[("c.cer", "ro/chain.p7b")] = "cannot create ro/chain.p7b: Permission denied"
        for outs, message in cases.items():
            for verb in (["-submit", "-config", "ca", "r.req"], ["-retrieve", "-config", "ca", "1"]):
                r = run(verb + list(outs), d)
                assert r.returncode == 1, (outs, r.returncode, r.stderr)
                assert r.stderr.splitlines()[0] == "certreq: " + message, (outs, r.stderr)
                assert listing(d) == before, (outs, listing(d))
        assert next_request_id(cadir) == 2, "a refused -submit used up a request id"
        r = must(["-submit", "-config", "ca", "r.req", "c.cer", "chain.p7b"], d)
        assert request_id(r.stdout.decode()) == 2, r.stdout
        # -policy: an unwritable PKCS10FileOut leaves RequestFileOut unwritten too.
        write(d, "signer.inf", SIGNER_INF)
        must(["-new", "-q", "signer.inf", "signer.cer"], d)
        write(d, "policy.inf", POLICY_INF)
        r = run(["-policy", "-noEKU", "r.req", "policy.inf", "p.req", "missing/p10.req"], d)
        assert r.returncode == 1 and "cannot create missing/p10.req" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "p.req"))


@case
def stale_temporaries_beside_an_output_are_removed_by_the_next_write():
    with tempfile.TemporaryDirectory() as d:
        write(d, "a.inf", EC_INF.format(cn="stale.example"))
        killed = f".a.req.tmp-{dead_pid()}-0123456789ab"   # a writer killed with kill -9
        live = f".a.req.tmp-{os.getpid()}-0123456789ab"    # a writer still running (this script)
        old = ".a.req.tmp-abcdef012345"                    # named before PIDs, two days old
        other = f".b.req.tmp-{dead_pid()}-0123456789ab"    # another output's: not ours to judge now
        for n in (killed, live, old, other):
            write(d, n, "partial")
        two_days = time.time() - 2 * 24 * 3600
        os.utime(os.path.join(d, old), (two_days, two_days))
        must(["-new", "a.inf", "a.req"], d)
        left = sorted(n for n in os.listdir(d) if n.startswith("."))
        assert left == sorted([live, other]), left


@case
def the_local_ca_removes_its_stale_temporaries():
    with tempfile.TemporaryDirectory() as d:
        cadir = ca_with_request(d)
        must(["-submit", "-config", "ca", "r.req", "c.cer"], d)
        # Left by writers killed with kill -9; under the CA's lock every one is stale, even a live PID's.
        leftovers = [os.path.join(cadir, f".next_request_id.tmp-{dead_pid()}-0123456789ab"),
                     os.path.join(cadir, f".next_request_id.tmp-{os.getpid()}-0123456789ab"),
                     os.path.join(cadir, ".crl_number.tmp-0123456789ab"),
                     os.path.join(cadir, "serials", f".0a1b.tmp-{dead_pid()}-0123456789ab")]
        for p in leftovers:
            write(d, p, "partial")
        r = must(["-submit", "-config", "ca", "r.req", "d.cer"], d)
        assert request_id(r.stdout.decode()) == 2
        assert [p for p in leftovers if os.path.exists(p)] == [], [p for p in leftovers if os.path.exists(p)]
        # In a request's own directory: removed by the next change of that request.
        in_request = os.path.join(cadir, "requests", "1", f".record.tmp-{dead_pid()}-0123456789ab")
        write(d, in_request, "partial")
        serial = open(os.path.join(cadir, "requests", "1", "record")).read()
        serial = re.search(r"^serial=(\w+)", serial, re.M).group(1)
        must(["-ca", "revoke", "-config", "ca", serial], d)
        assert not os.path.exists(in_request)
        assert [n for n in os.listdir(cadir) if ".tmp-" in n] == []


finish()
