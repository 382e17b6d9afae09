#!/usr/bin/python3
"""Nothing lost in the key store (issue 17): parallel -accept of one
certificate, -new -f against an existing KeyContainer, -accept against a key
that is not the certificate's. Each check failed before the fix.

The store's cost: a -new is one commit of one file (two flushes, counted
with strace); what a killed run left is swept; a store others can change
is refused; a write that fails (a full disk) leaves no new directory.

Usage: store_safety_test.py CERTREQ"""
import hashlib
import os
import resource
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
ROUNDS = int(os.environ.get("CERTREQ_ACCEPT_ROUNDS", "40"))
PARALLEL = 6


def env_for(d):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(d, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"))
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run(args, d):
    return subprocess.run([CERTREQ] + args, cwd=d, capture_output=True, text=True, env=env_for(d))


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def store_files(d):
    root = os.path.join(d, "user-store")
    out = {}
    for dp, _, fs in os.walk(root):
        for f in fs:
            if f != "lock":
                out[os.path.relpath(os.path.join(dp, f), root)] = sha(os.path.join(dp, f))
    return out


@case
def parallel_accept_of_one_certificate_loses_nothing():
    with tempfile.TemporaryDirectory() as d:
        r = run(["-ca", "init", "-config", "ca"], d)
        assert r.returncode == 0, r.stderr
        for i in range(ROUNDS):
            write(d, "r.inf", f'[NewRequest]\nSubject = "CN=race{i}.example"\nKeyAlgorithm = ECDSA_P256\n')
            r = run(["-new", "-q", "-f", "r.inf", "r.req"], d)
            assert r.returncode == 0, r.stderr
            r = run(["-submit", "-q", "-f", "-config", "ca", "r.req", "c.cer"], d)
            assert r.returncode == 0 and os.path.exists(os.path.join(d, "c.cer")), r.stdout + r.stderr
            procs = [subprocess.Popen([CERTREQ, "-accept", "c.cer"], cwd=d, env=env_for(d),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(PARALLEL)]
            results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
            for p in procs:
                p.stdout.close(), p.stderr.close()
            # One installs it; the others find its pending request gone, as a second -accept does.
            winners = [out for rc, out, _ in results if rc == 0]
            assert len(winners) == 1 and "Installed Certificate:" in winners[0], f"round {i}: {results}"
            assert all("no pending request matches" in err for rc, _, err in results if rc != 0), f"round {i}: {results}"
            thumbs = {line.split()[-1] for out in winners for line in out.splitlines() if "Thumbprint:" in line}
            assert len(thumbs) == 1, thumbs
            thumb = thumbs.pop().lower()
            my = os.path.join(d, "user-store", "my")
            assert os.path.exists(os.path.join(my, thumb + ".cer")), f"round {i}: the certificate was lost"
            meta = open(os.path.join(my, thumb + ".meta")).read()
            container = [ln.split("=", 1)[1] for ln in meta.splitlines() if ln.startswith("key_container=")][0]
            key = os.path.join(d, "user-store", "keys", container + ".key")
            assert container and os.path.exists(key), meta
            assert "# certreq pending request" not in open(key).read(), f"round {i}: a pending request is left"


@case
def new_with_f_never_replaces_a_key_container():
    with tempfile.TemporaryDirectory() as d:
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=keep"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = keep-me\n')
        assert run(["-new", "-q", "r.inf", "r.req"], d).returncode == 0
        before = store_files(d)
        out_before = sha(os.path.join(d, "r.req"))
        r = run(["-new", "-q", "-f", "r.inf", "r.req"], d)
        assert r.returncode != 0, r.stdout
        assert 'r.inf:4:16: error: KeyContainer "keep-me" already exists in' in r.stderr, r.stderr
        assert "UseExistingKeySet = TRUE" in r.stderr, r.stderr
        assert store_files(d) == before, "the store changed"
        assert sha(os.path.join(d, "r.req")) == out_before, "the output file changed"
        # UseExistingKeySet reuses it, and -f then replaces only the output file
        write(d, "r2.inf", '[NewRequest]\nSubject = "CN=keep"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = keep-me\n'
                           'UseExistingKeySet = TRUE\n')
        r = run(["-new", "-q", "-f", "r2.inf", "r.req"], d)
        assert r.returncode == 0, r.stderr
        # the container gained the second request, beside its key file, which is unchanged
        path = os.path.join(d, "user-store", "keys", "keep-me.key")
        text = open(path).read()
        assert sha(path) == before[os.path.join("keys", "keep-me.key")], "the key file changed"
        assert text.count("# certreq pending request") == 1, text
        later = open(os.path.join(d, "user-store", "keys", "keep-me.requests")).read()
        assert later.count("# certreq pending request") == 1 and "-----BEGIN PRIVATE KEY" not in later, later
        key_part = subprocess.run(["openssl", "pkey", "-in", path], capture_output=True, text=True).stdout
        assert key_part and key_part in text, key_part


@case
def accept_refuses_a_certificate_whose_key_is_not_the_stored_one():
    with tempfile.TemporaryDirectory() as d:
        assert run(["-ca", "init", "-config", "ca"], d).returncode == 0
        write(d, "a.inf", '[NewRequest]\nSubject = "CN=a"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = a\n')
        write(d, "b.inf", '[NewRequest]\nSubject = "CN=b"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = b\n')
        assert run(["-new", "-q", "a.inf", "a.req"], d).returncode == 0
        assert run(["-new", "-q", "b.inf", "b.req"], d).returncode == 0
        assert run(["-submit", "-q", "-config", "ca", "a.req", "a.cer"], d).returncode == 0
        keys = os.path.join(d, "user-store", "keys")
        # the container of a's pending request now holds b's key (a damaged or swapped store)
        a_text = open(os.path.join(keys, "a.key")).read()
        b_text = open(os.path.join(keys, "b.key")).read()
        marker = "\n# certreq pending request\n"
        swapped = b_text[:b_text.index(marker)] + a_text[a_text.index(marker):]
        write(keys, "a.key", swapped)
        before = store_files(d)
        r = run(["-accept", "a.cer"], d)
        assert r.returncode != 0, r.stdout
        assert "is not the key stored in container 'a'" in r.stderr, r.stderr
        assert store_files(d) == before, "the store changed"


@case
def interrupted_ca_init_can_be_redone():
    with tempfile.TemporaryDirectory() as d:
        assert run(["-ca", "init", "-config", "ca"], d).returncode == 0
        # killed between ca.key and ca.cer: the key (and settings) are there, the certificate is not
        os.remove(os.path.join(d, "ca", "ca.cer"))
        old_key = sha(os.path.join(d, "ca", "ca.key"))
        r = run(["-ca", "init", "-config", "ca"], d)
        assert r.returncode == 0, r.stderr
        assert sha(os.path.join(d, "ca", "ca.key")) != old_key
        r = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", os.path.join(d, "ca", "ca.cer"), "-noout",
                            "-pubkey"], capture_output=True, text=True)
        k = subprocess.run(["openssl", "pkey", "-in", os.path.join(d, "ca", "ca.key"), "-pubout"], capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout == k.stdout, "the certificate is not the new key's"


@case
def ca_policy_too_large_to_read_back_writes_nothing():
    with tempfile.TemporaryDirectory() as d:
        url = "http://crl.example/" + "a" * 3900 + "/"
        lines = "".join(f"URL = {url}{i}.crl\n" for i in range(300))
        write(d, "CAPolicy.inf", '[Version]\nSignature = "$Windows NT$"\n[CRLDistributionPoint]\n' + lines)
        r = run(["-ca", "init", "-config", "ca", "CAPolicy.inf"], d)
        assert r.returncode != 0, r.stdout
        assert "more than the 1048576 a CA reads back; nothing written" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "ca", "ca.key")) and not os.path.exists(os.path.join(d, "ca", "ca.cer"))


@case
def retrieve_refuses_a_damaged_certificate_file():
    with tempfile.TemporaryDirectory() as d:
        assert run(["-ca", "init", "-config", "ca"], d).returncode == 0
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=r"\nKeyAlgorithm = ECDSA_P256\n')
        assert run(["-new", "-q", "r.inf", "r.req"], d).returncode == 0
        assert run(["-submit", "-q", "-config", "ca", "r.req", "r.cer"], d).returncode == 0
        stored = os.path.join(d, "ca", "requests", "1", "cert.der")
        good = open(stored, "rb").read()
        for damaged in (good[:-7], b"\x30\x00", good[:20] + bytes([good[20] ^ 0xff]) + good[21:]):
            with open(stored, "wb") as f:
                f.write(damaged)
            r = run(["-retrieve", "-config", "ca", "1", "out.cer"], d)
            if damaged[:20] == good[:20] and len(damaged) == len(good):
                # a changed serial byte still parses: the serial must match the record
                assert r.returncode != 0 and "serial differs" in r.stderr, (r.returncode, r.stderr)
            else:
                assert r.returncode != 0 and "damaged" in r.stderr, (r.returncode, r.stderr)
            assert not os.path.exists(os.path.join(d, "out.cer"))


def fsyncs(args, d):
    """Runs certreq under strace; returns (result, its fsync count, the renames it made).
    arm64 has no rename(2): glibc calls renameat there (the cross pass under qemu)."""
    trace = os.path.join(d, "trace")
    env = env_for(d)
    # LeakSanitizer cannot run under ptrace: off for this run of the ASan pass (the rest of it checks leaks).
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))
    r = subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,link",
                        CERTREQ] + args, cwd=d, capture_output=True, text=True, env=env)
    calls = open(trace).read().splitlines()
    return r, sum(1 for c in calls if "fsync(" in c or "fdatasync(" in c), [c for c in calls if "rename" in c]


@case
def new_is_one_commit_of_one_file():
    with tempfile.TemporaryDirectory() as d:
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=r"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = k\n')
        write(d, "again.inf", '[NewRequest]\nSubject = "CN=r"\nKeyContainer = k\nUseExistingKeySet = TRUE\n')
        assert run(["-new", "-q", "-f", "r.inf", "first.req"], d).returncode == 0  # makes the store's directories
        os.remove(os.path.join(d, "user-store", "keys", "k.key"))
        # A new key with its pending request: was 8 flushes (key, request.der, request.meta, output: file + directory each).
        r, n, renames = fsyncs(["-new", "-q", "r.inf", "r.req"], d)
        assert r.returncode == 0, r.stderr
        assert n == 2, (n, renames)
        assert len(renames) == 2 and "keys/k.key" in renames[0] and "r.req" in renames[1], renames
        # The same key again (UseExistingKeySet): was 6 flushes, then 2; now its request is
        # committed beside the key without a flush (the key file, already durable, is not rewritten).
        key_before = sha(os.path.join(d, "user-store", "keys", "k.key"))
        r, n, renames = fsyncs(["-new", "-q", "again.inf", "again.req"], d)
        assert r.returncode == 0, r.stderr
        assert n == 0, (n, renames)
        assert len(renames) == 2 and "keys/k.requests" in renames[0] and "again.req" in renames[1], renames
        assert sha(os.path.join(d, "user-store", "keys", "k.key")) == key_before
        text = open(os.path.join(d, "user-store", "keys", "k.requests")).read()
        assert text.count("# certreq pending request") == 1, text
        # A self-signed certificate (RequestType = Cert) is installed without a flush (was 2):
        # its output file holds it too, and its key is durable: flushed when new, untouched when not.
        write(d, "cert.inf", '[NewRequest]\nSubject = "CN=c"\nKeyContainer = k\nUseExistingKeySet = TRUE\nRequestType = Cert\n')
        r, n, renames = fsyncs(["-new", "-q", "cert.inf", "c0.cer"], d)
        assert r.returncode == 0, r.stderr
        assert n == 1, (n, renames)  # the store's new my/ directory is made durable, once
        r, n, renames = fsyncs(["-new", "-q", "cert.inf", "c.cer"], d)
        assert r.returncode == 0, r.stderr
        assert n == 0, (n, renames)
        assert sha(os.path.join(d, "user-store", "keys", "k.key")) == key_before
        assert any(".meta" in x for x in renames) and any("c.cer" in x for x in renames), renames
        write(d, "newcert.inf", '[NewRequest]\nSubject = "CN=n"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = n\nRequestType = Cert\n')
        r, n, renames = fsyncs(["-new", "-q", "newcert.inf", "n.cer"], d)
        assert r.returncode == 0, r.stderr
        assert n == 2, (n, renames)  # the new key: file and directory
        assert "keys/n.key" in renames[0], renames
        listed = run(["-v", "-accept", "n.cer"], d)  # already installed with its key: -accept finds no pending request
        assert listed.returncode != 0, listed.stdout
        my = os.path.join(d, "user-store", "my")
        assert sum(1 for f in os.listdir(my) if f.endswith(".meta")) == 3, os.listdir(my)


@case
def killed_writers_leave_nothing_for_long():
    with tempfile.TemporaryDirectory() as d:
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=r"\nKeyAlgorithm = ECDSA_P256\n')
        assert run(["-new", "-q", "r.inf", "a.req"], d).returncode == 0
        store = os.path.join(d, "user-store")
        # What a kill -9 between the temporary and the rename leaves.
        left = write(store, ".tmp-4194304-0123456789ab", "-----BEGIN PRIVATE KEY-----\n")
        assert run(["-new", "-q", "r.inf", "b.req"], d).returncode == 0
        assert not os.path.exists(left), os.listdir(store)
        assert sorted(os.listdir(store)) == ["keys", "lock"], os.listdir(store)


@case
def a_store_others_can_change_is_refused():
    with tempfile.TemporaryDirectory() as d:
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=r"\nKeyAlgorithm = ECDSA_P256\nKeyContainer = k\n')
        assert run(["-new", "-q", "r.inf", "a.req"], d).returncode == 0
        write(d, "n.inf", '[NewRequest]\nSubject = "CN=n"\nKeyAlgorithm = ECDSA_P256\n')
        keys = os.path.join(d, "user-store", "keys")
        for path, mode in ((keys, 0o777), (os.path.join(d, "user-store"), 0o720)):
            os.chmod(path, mode)
            before = store_files(d)
            r = run(["-new", "-q", "n.inf", "b.req"], d)
            assert r.returncode != 0, r.stdout
            assert f"{path}: group- or world-writable (mode {mode:04o}); refusing a key store others can change" in r.stderr, r.stderr
            assert not os.path.exists(os.path.join(d, "b.req")) and store_files(d) == before
            write(d, "sign.inf", '[NewRequest]\nSubject = "CN=r"\nKeyContainer = k\nUseExistingKeySet = TRUE\n')
            r = run(["-new", "-q", "sign.inf", "c.req"], d)  # reading the key is refused as well
            assert r.returncode != 0 and "refusing a key store" in r.stderr, r.stderr
            os.chmod(path, 0o700)
        if os.geteuid() == 0:
            os.chown(keys, 4242, 4242)
            r = run(["-new", "-q", "n.inf", "d.req"], d)
            assert r.returncode != 0 and f"{keys}: owned by uid 4242, not by you (uid 0)" in r.stderr, r.stderr


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


@case
def a_failed_write_leaves_no_empty_directory():
    with tempfile.TemporaryDirectory() as d:
        write(d, "r.inf", '[NewRequest]\nSubject = "CN=r"\nKeyAlgorithm = ECDSA_P256\n')
        # No byte can be written (as on a full disk): -new fails and leaves the root with its lock only.
        r = subprocess.run([CERTREQ, "-new", "-q", "r.inf", "r.req"], cwd=d, capture_output=True, text=True, env=env_for(d),
                           preexec_fn=limit_file_size)
        assert r.returncode != 0 and "File too large" in r.stderr, (r.returncode, r.stderr)
        assert not os.path.exists(os.path.join(d, "r.req"))
        assert os.listdir(os.path.join(d, "user-store")) == ["lock"], os.listdir(os.path.join(d, "user-store"))


finish()
