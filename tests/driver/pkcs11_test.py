#!/usr/bin/python3
"""Keys on a PKCS#11 token, end to end through the real binary, against a real
SoftHSM2 token each case makes in its own temporary directory (SOFTHSM2_CONF
points there; softhsm2-util initializes it). Requests are verified with
`openssl req -verify`, CMC and -sign outputs with python3-cryptography (and
`openssl cms -verify`), and key objects are read back with OpenSC's
pkcs11-tool. SoftHSM2 and OpenSC are test dependencies (scripts/deps.sh): a
missing one fails the test, it is not skipped.
Usage: pkcs11_test.py CERTREQ"""
import glob
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cms_cases"))
import cmsder  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "731946"  # never to be seen in any output or file
SO_PIN = "10293847"

for tool, package in (("softhsm2-util", "softhsm2"), ("pkcs11-tool", "opensc")):
    if not shutil.which(tool):
        print(f"FAIL: {tool} not found: install the Debian package {package} (scripts/deps.sh)")
        sys.exit(1)
if not os.path.exists(MODULE):
    print(f"FAIL: {MODULE} not found: install the Debian package softhsm2 (scripts/deps.sh)")
    sys.exit(1)


class Hsm:
    """A temp dir with a SoftHSM2 token "certreq-test" (and more if asked), a
    user and a machine store, and ProviderName "Acme HSM" mapped to SoftHSM2."""

    def __init__(self, d, *more_tokens):
        self.d = d
        os.makedirs(os.path.join(d, "tokens"))
        self.conf = write(d, "softhsm2.conf", f"directories.tokendir = {d}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
        self.env = dict(os.environ, SOFTHSM2_CONF=self.conf, CERTREQ_USER_STORE=os.path.join(d, "user-store"),
                        CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"),
                        CERTREQ_PROVIDERS=f"Acme HSM = {MODULE}")
        self.env.pop("CERTREQ_PIN", None)
        for label in ("certreq-test",) + more_tokens:
            r = subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN],
                               env=self.env, capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
        self.outputs = []  # every stdout/stderr, for the PIN check

    def run(self, args, **env):
        r = subprocess.run([CERTREQ] + args, cwd=self.d, capture_output=True, text=True, env=dict(self.env, **env),
                           stdin=subprocess.DEVNULL)
        self.outputs += [r.stdout, r.stderr]
        return r

    def must(self, args, **env):
        r = self.run(args, **env)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    def tool(self, *args, login=True):
        cmd = ["pkcs11-tool", "--module", MODULE, "--token-label", "certreq-test"] + (["--login", "--pin", PIN] if login else [])
        r = subprocess.run(cmd + list(args), env=self.env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def objects(self):
        """[(kind, {field: value})] of the token's objects, as pkcs11-tool -O lists them."""
        out, cur = [], None
        for line in self.tool("-O").splitlines():
            if line and not line.startswith(" "):
                cur = (line.split(";")[0].strip(), {})
                out.append(cur)
            elif cur and ":" in line:
                k, v = line.split(":", 1)
                cur[1][k.strip()] = v.strip()
        return out

    def private_key(self, label):
        keys = [o for k, o in self.objects() if k == "Private Key Object" and o.get("label") == label]
        assert len(keys) == 1, self.objects()
        return keys[0]

    def public_key_der(self, label):
        """The SubjectPublicKeyInfo of the token's public key object `label`:
        pkcs11-tool reads RSA keys; an EC key is rebuilt from the CKA_EC_POINT
        and CKA_EC_PARAMS pkcs11-tool lists (its --read-object fails on them)."""
        (pub,) = [o for k, o in self.objects() if k == "Public Key Object" and o.get("label") == label]
        if "EC_POINT" in pub:
            curves = {"06082a8648ce3d030107": ec.SECP256R1(), "06052b81040022": ec.SECP384R1()}
            point = cmsder.parse(bytes.fromhex(pub["EC_POINT"])).content  # an OCTET STRING around the point
            return spki(ec.EllipticCurvePublicKey.from_encoded_point(curves[pub["EC_PARAMS"]], point))
        path = os.path.join(self.d, label + ".pub.der")
        self.tool("--read-object", "--type", "pubkey", "--label", label, "-o", path)
        with open(path, "rb") as f:
            return f.read()

    def store_files(self):
        return [p for p in glob.glob(os.path.join(self.d, "*-store", "**"), recursive=True) if os.path.isfile(p)]

    def assert_pin_nowhere(self):
        for text in self.outputs:
            assert PIN not in text, text
        for p in self.store_files() + glob.glob(os.path.join(self.d, "*.req")) + glob.glob(os.path.join(self.d, "*.cer")):
            with open(p, "rb") as f:
                assert PIN.encode() not in f.read(), p


def verify_req(d, name):
    r = subprocess.run(["openssl", "req", "-verify", "-noout", "-in", os.path.join(d, name)], capture_output=True, text=True)
    assert r.returncode == 0 and "verify OK" in (r.stdout + r.stderr), r.stderr
    with open(os.path.join(d, name), "rb") as f:
        return x509.load_pem_x509_csr(f.read())


def spki(key):
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def inf(subject, *lines, provider="Acme HSM"):
    body = f'[NewRequest]\nSubject = "CN={subject}"\n'
    if provider:
        body += f'ProviderName = "{provider}"\n'
    return body + "".join(line + "\n" for line in lines)


@case
def new_makes_the_key_on_the_token_and_the_csr_verifies():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        kinds = [("p256", "KeyAlgorithm = ECDSA_P256", "EC"), ("p384", "KeyAlgorithm = ECDSA_P384", "EC"),
                 ("rsa", "KeyLength = 2048", "RSA"), ("pss", "KeyLength = 3072\nAlternateSignatureAlgorithm = TRUE", "RSA")]
        for label, key_lines, _ in kinds:
            write(d, f"{label}.inf", inf(label, f"KeyContainer = {label}", key_lines))
            r = h.must(["-new", "-pin", PIN, f"{label}.inf", f"{label}.req"])
            assert r.stdout == "CertReq: Request Created\n", r.stdout
            csr = verify_req(d, f"{label}.req")
            # the request's key is the token's key
            assert spki(csr.public_key()) == h.public_key_der(label), label
            key = h.private_key(label)
            assert "sensitive" in key["Access"] and "never extractable" in key["Access"], key
            assert "always sensitive" in key["Access"] and "local" in key["Access"], key
            assert "sign" in key["Usage"], key
            # the store references the key, it holds no key material
            with open(os.path.join(d, "user-store", "keys", f"{label}.key")) as f:
                text = f.read()
            assert text.startswith("# certreq token key\nuri=pkcs11:token=certreq-test;"), text
            assert f";object={label};" in text and "module-path=" + MODULE in text, text
            # no PIN field (pin-value, pin-source) in the key lines; the PEM body is
            # base64, where "pin" in any case turns up by chance (~2% per request)
            fields = text.split("-----BEGIN", 1)[0]
            assert "PRIVATE KEY" not in text and "pin" not in fields.lower(), text
        pss = verify_req(d, "pss.req")
        assert pss.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.10"  # RSASSA-PSS
        rsa = h.private_key("rsa")
        assert "decrypt" not in rsa["Usage"], rsa  # no KeySpec: a KSP signing key... see key_usage_of
        h.assert_pin_nowhere()


@case
def exportable_and_keyspec_set_the_token_attributes():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        write(d, "x.inf", inf("x", "KeyContainer = exp", "KeyLength = 2048", "Exportable = TRUE", "KeySpec = 1"))
        h.must(["-new", "-q", "-pin", PIN, "x.inf", "x.req"])
        key = h.private_key("exp")
        assert "never extractable" not in key["Access"] and "extractable" in key["Access"], key
        assert "sensitive" in key["Access"], key  # sensitive always
        assert "decrypt" in key["Usage"] and "sign" in key["Usage"], key
        write(d, "s.inf", inf("s", "KeyContainer = sig", "KeyLength = 2048", "KeySpec = 2"))
        h.must(["-new", "-q", "-pin", PIN, "s.inf", "s.req"])
        key = h.private_key("sig")
        assert "decrypt" not in key["Usage"] and "sign" in key["Usage"], key
        assert "never extractable" in key["Access"], key
        write(d, "k.inf", inf("k", "KeyContainer = kup", "KeyLength = 2048",
                              "KeyUsageProperty = NCRYPT_ALLOW_DECRYPT_FLAG | NCRYPT_ALLOW_SIGNING_FLAG"))
        h.must(["-new", "-q", "-pin", PIN, "k.inf", "k.req"])
        key = h.private_key("kup")
        assert "decrypt" in key["Usage"] and "sign" in key["Usage"], key


@case
def a_wrong_pin_is_a_clear_error_that_leaves_nothing_behind():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        write(d, "a.inf", inf("a", "KeyContainer = web", "KeyAlgorithm = ECDSA_P256"))
        r = h.run(["-new", "-v", "-pin", "111111", "a.inf", "a.req"])
        assert r.returncode == 1, r
        assert 'error: token "certreq-test": login: the PIN is incorrect (CKR_PIN_INCORRECT)' in r.stderr, r.stderr
        assert "111111" not in r.stdout + r.stderr
        # What certreq.exe prints for a smart card's wrong PIN (SCARD_W_WRONG_CHV).
        assert r.stderr.rstrip().splitlines()[-1] == (
            "Certificate Request Processor: The card cannot be accessed because the wrong PIN was presented. "
            "0x8010006b (-2146434965 SCARD_W_WRONG_CHV)"), r.stderr
        assert not os.path.exists(os.path.join(d, "a.req"))
        assert h.store_files() == [], h.store_files()
        assert h.objects() == [], h.objects()
        # the PIN from the environment, and none at all without a terminal (-q: no prompt)
        r = h.run(["-new", "-q", "a.inf", "a.req"])
        assert r.returncode == 1 and ('token "certreq-test" needs a PIN: give -pin, set CERTREQ_PIN, or add pin-source'
                                      in r.stderr), r.stderr
        h.must(["-new", "-q", "a.inf", "a.req"], CERTREQ_PIN=PIN)
        verify_req(d, "a.req")
        h.assert_pin_nowhere()


def run_on_terminal(h, args, typed):
    """Runs certreq with a pseudo-terminal as its controlling terminal (and its
    stdin, stdout and stderr), types `typed` and Enter when the PIN prompt shows
    (None: never), and returns (exit code, all the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(h.d)
            os.execve(CERTREQ, [CERTREQ] + args, h.env)
        finally:
            os._exit(127)
    seen, sent, deadline = b"", False, time.time() + 120
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if fd not in ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: certreq ended and the terminal closed
            break
        if not chunk:
            break
        seen += chunk
        if typed is not None and not sent and b'Enter the PIN of token "certreq-test": ' in seen:
            os.write(fd, typed.encode() + b"\r")
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = seen.decode(errors="replace")
    h.outputs.append(text)
    return os.waitstatus_to_exitcode(status), text


@case
def the_pin_prompt_on_a_terminal_reads_without_echo():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        write(d, "a.inf", inf("a", "KeyContainer = prompted", "KeyAlgorithm = ECDSA_P256"))
        # no -pin, no CERTREQ_PIN: certreq asks on the terminal; the typed PIN is not echoed
        code, shown = run_on_terminal(h, ["-new", "a.inf", "a.req"], PIN)
        assert code == 0, shown
        assert 'Enter the PIN of token "certreq-test": ' in shown, shown
        verify_req(d, "a.req")
        assert h.public_key_der("prompted")
        # a wrong PIN typed at the prompt: the card's error, nothing written, not echoed either
        write(d, "b.inf", inf("b", "KeyContainer = wrong", "KeyAlgorithm = ECDSA_P256"))
        code, shown = run_on_terminal(h, ["-new", "b.inf", "b.req"], "864209")
        assert code == 1 and "864209" not in shown, shown
        assert "0x8010006b (-2146434965 SCARD_W_WRONG_CHV)" in shown, shown
        assert not os.path.exists(os.path.join(d, "b.req"))
        # -q never prompts, even on a terminal
        code, shown = run_on_terminal(h, ["-new", "-q", "b.inf", "b.req"], None)
        assert code == 1 and "Enter the PIN" not in shown and "needs a PIN" in shown, shown
        h.assert_pin_nowhere()


@case
def private_key_archive_of_a_token_key_is_refused_and_leaves_nothing():
    # The key cannot leave the token, so it cannot be archived with the CA: a clear error at the
    # INF line, no request written, the key just made removed from the token again.
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "xchg.key", "-out",
                            "xchg.pem", "-subj", "/CN=CA Exchange", "-days", "30"], cwd=d, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        write(d, "a.inf", inf("archived", "KeyContainer = archived", "KeyLength = 2048", "RequestType = CMC",
                              "PrivateKeyArchive = TRUE", "Exportable = TRUE"))
        r = h.run(["-new", "-q", "-pin", PIN, "-xchg", "xchg.pem", "a.inf", "a.req"])
        assert r.returncode == 1, r
        assert "PrivateKeyArchive: the request's key is on a token (or the caller's) and cannot be exported to the CA" \
            in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "a.req"))
        assert h.objects() == [], h.objects()
        assert h.store_files() == [], h.store_files()
        h.assert_pin_nowhere()


@case
def a_missing_module_or_token_names_what_is_missing():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d, "second-token")
        write(d, "m.inf", inf("m", "KeyContainer = m", provider="Vendor KSP"))
        r = h.run(["-new", "-q", "-pin", PIN, "m.inf", "m.req"], CERTREQ_PROVIDERS="Vendor KSP = /nonexistent/libvendor.so")
        assert r.returncode == 1, r
        assert "error: PKCS#11 module /nonexistent/libvendor.so cannot be loaded: " in r.stderr, r.stderr
        write(d, "t.inf", inf("t", 'KeyContainer = "pkcs11:token=no-such-card;object=t"'))
        r = h.run(["-new", "-q", "-pin", PIN, "t.inf", "t.req"])
        assert r.returncode == 1, r
        assert (f'error: no token "no-such-card" in PKCS#11 module {MODULE} (it has: "' in r.stderr
                and '"certreq-test" (serial ' in r.stderr and '"second-token" (serial ' in r.stderr), r.stderr
        write(d, "two.inf", inf("two", "KeyContainer = two"))
        r = h.run(["-new", "-q", "-pin", PIN, "two.inf", "two.req"])
        assert r.returncode == 1 and "several tokens" in r.stderr and "token=" in r.stderr, r.stderr
        write(d, "s.inf", inf("s", 'KeyContainer = "pkcs11:object=s"', provider=None))
        r = h.run(["-new", "-q", "-pin", PIN, "s.inf", "s.req"])
        assert r.returncode == 1 and "KeyContainer is a pkcs11: URI without module-path" in r.stderr, r.stderr
        assert not glob.glob(os.path.join(d, "*.req")) and h.store_files() == []
        h.assert_pin_nowhere()


@case
def a_pkcs11_uri_names_module_token_key_and_pin_source():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d, "other")
        pin_file = write(d, "pin.txt", PIN + "\n")
        uri = f"pkcs11:token=certreq-test;object=uri%20key?module-path={MODULE}&pin-source={pin_file}"
        write(d, "u.inf", inf("u", f'KeyContainer = "{uri}"', "KeyAlgorithm = ECDSA_P256", provider=None))
        r = h.must(["-new", "-v", "u.inf", "u.req"])
        csr = verify_req(d, "u.req")
        assert spki(csr.public_key()) == h.public_key_der("uri key")
        # the store container is named after the key's label and holds the reference
        (ref,) = glob.glob(os.path.join(d, "user-store", "keys", "*.key"))
        assert os.path.basename(ref) == "uri key.key", ref
        assert ";object=uri%20key;" in open(ref).read()
        # an object name the store cannot take gets a generated container name
        uri3 = f"pkcs11:token=certreq-test;object=a%2Fb?module-path={MODULE}&pin-source={pin_file}"
        write(d, "w.inf", inf("w", f'KeyContainer = "{uri3}"', "KeyAlgorithm = ECDSA_P256", provider=None))
        h.must(["-new", "-q", "w.inf", "w.req"])
        verify_req(d, "w.req")
        gen = [p for p in glob.glob(os.path.join(d, "user-store", "keys", "*.key")) if os.path.basename(p) not in ("uri key.key", "k2.key")]
        assert len(gen) == 1 and os.path.basename(gen[0]).startswith("certreq-"), gen
        assert ";object=a%2Fb;" in open(gen[0]).read()
        # pin-value in the URI works too, and is kept out of every file and message
        uri2 = f"pkcs11:token=certreq-test;object=k2?module-path={MODULE}&pin-value={PIN}"
        write(d, "v.inf", inf("v", f'KeyContainer = "{uri2}"', "KeyAlgorithm = ECDSA_P256", provider=None))
        r = h.must(["-new", "-v", "v.inf", "v.req"])
        verify_req(d, "v.req")
        h.assert_pin_nowhere()


@case
def accept_binds_the_certificate_to_the_token_key():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        h.must(["-ca", "init", "-config", "./ca"])
        write(d, "w.inf", inf("www.example.com", "KeyContainer = web", "KeyAlgorithm = ECDSA_P256",
                              'FriendlyName = "token web"'))
        h.must(["-new", "-q", "-pin", PIN, "w.inf", "w.req"])
        h.must(["-submit", "-config", "./ca", "w.req", "w.cer"])
        r = h.must(["-accept", "-pin", PIN, "w.cer"])
        assert "Installed Certificate:" in r.stdout and r.stderr == "", (r.stdout, r.stderr)
        cert = cmsder.load_cert(os.path.join(d, "w.cer"))
        tp = cert.fingerprint(hashes.SHA1()).hex()
        with open(os.path.join(d, "user-store", "my", tp + ".meta")) as f:
            assert "key_container=web" in f.read()
        # the certificate object sits beside the key on the token, with its CKA_ID
        objs = h.objects()
        (c,) = [o for k, o in objs if k == "Certificate Object"]
        assert c["label"] == "web" and c["ID"] == h.private_key("web")["ID"], objs
        assert "CN=www.example.com" in c["subject"], c
        # the pending request is gone; the container still references the key
        with open(os.path.join(d, "user-store", "keys", "web.key")) as f:
            text = f.read()
        assert text.startswith("# certreq token key\n") and "pending request" not in text, text
        # a second -accept finds no pending request
        assert h.run(["-accept", "-pin", PIN, "w.cer"]).returncode == 1
        # UseExistingKeySet makes another request with the same token key
        write(d, "again.inf", inf("again", "KeyContainer = web", "UseExistingKeySet = TRUE"))
        h.must(["-new", "-q", "-pin", PIN, "again.inf", "again.req"])
        again = verify_req(d, "again.req")
        assert spki(again.public_key()) == spki(cert.public_key())
        assert len([1 for k, _ in h.objects() if k == "Private Key Object"]) == 1
        # -accept of a certificate for another key is refused, nothing installed
        h.assert_pin_nowhere()


@case
def a_self_signed_certificate_and_a_cmc_request_signed_by_the_token_key_verify():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        write(d, "c.inf", inf("cmc.example.com", "KeyContainer = cmc", "KeyAlgorithm = ECDSA_P256", "RequestType = CMC"))
        h.must(["-new", "-q", "-pin", PIN, "c.inf", "c.req"])
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "c.req")))
        assert sd.content_type == "1.3.6.1.5.5.7.12.2"
        (si,) = sd.signers
        token_key = serialization.load_der_public_key(h.public_key_der("cmc"))
        cmsder.verify_signer(sd, si, token_key)
        write(d, "r.inf", inf("rsa cmc", "KeyContainer = rcmc", "KeyLength = 2048", "RequestType = CMC"))
        h.must(["-new", "-q", "-pin", PIN, "r.inf", "r.req"])
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "r.req")))
        cmsder.verify_signer(sd, sd.signers[0], serialization.load_der_public_key(h.public_key_der("rcmc")))
        # RequestType = Cert: self-signed with the token key, installed with its reference
        write(d, "s.inf", inf("self", "KeyContainer = self", "KeyAlgorithm = ECDSA_P384", "RequestType = Cert"))
        h.must(["-new", "-q", "-pin", PIN, "s.inf", "s.cer"])
        v = subprocess.run(["openssl", "verify", "-CAfile", "s.cer", "-check_ss_sig", "s.cer"], cwd=d, capture_output=True, text=True)
        assert v.returncode == 0, v.stderr
        cert = cmsder.load_cert(os.path.join(d, "s.cer"))
        assert spki(cert.public_key()) == h.public_key_der("self")
        h.assert_pin_nowhere()


@case
def sign_with_an_agent_key_on_the_token():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        # the enrollment agent: a certificate whose key is on the token
        write(d, "agent.inf", inf("Token Agent", "KeyContainer = agent", "KeyLength = 2048", "RequestType = Cert")
              + "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.20.2.1\n")
        h.must(["-new", "-q", "-pin", PIN, "agent.inf", "agent.cer"])
        agent = cmsder.load_cert(os.path.join(d, "agent.cer"))
        write(d, "p10.inf", '[NewRequest]\nSubject = "CN=sub.example.com"\nKeyAlgorithm = ECDSA_P256\n')
        h.must(["-new", "-q", "p10.inf", "p10.req"])
        r = h.must(["-sign", "-pin", PIN, "p10.req", "signed.req"])
        assert r.stdout.startswith("Signed PKCS10 request as CMC with 1 signer"), r.stdout
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "signed.req")))
        (si,) = sd.signers
        cmsder.verify_signer(sd, si, agent.public_key())
        with open(os.path.join(d, "v.der"), "wb") as f:
            f.write(cmsder.pem_or_der(os.path.join(d, "signed.req")))
        v = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "v.der", "-CAfile", "agent.cer",
                            "-purpose", "any", "-out", "v.out"], cwd=d, capture_output=True, text=True)
        assert v.returncode == 0, v.stderr
        # a wrong PIN: -sign fails and writes nothing
        r = h.run(["-sign", "-q", "-pin", "246802", "p10.req", "signed2.req"])
        assert r.returncode == 1 and "CKR_PIN_INCORRECT" in r.stderr and "246802" not in r.stderr, r.stderr
        # the card's HRESULT, as for -new (was E_FAIL: the key's error lost its code on the way)
        assert r.stderr.rstrip().splitlines()[-1].endswith("0x8010006b (-2146434965 SCARD_W_WRONG_CHV)"), r.stderr
        assert not os.path.exists(os.path.join(d, "signed2.req"))
        h.assert_pin_nowhere()


def der_to_pem(d, name):
    out = os.path.join(d, name + ".pem")
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", os.path.join(d, name), "-out", out], check=True)
    return out


@case
def the_local_ca_with_its_key_in_the_hsm():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        write(d, "capolicy.inf", '[Version]\nSignature = "$Windows NT$"\n' +
              inf("HSM Issuing CA", "KeyContainer = ca-key", "KeyAlgorithm = ECDSA_P384"))
        r = h.must(["-ca", "init", "-config", "./ca", "-pin", PIN, "capolicy.inf"])
        assert "CertReq: CA created in ./ca" in r.stdout, r.stdout
        with open(os.path.join(d, "ca", "ca.key")) as f:
            text = f.read()
        assert text.startswith("# certreq token key\nuri=pkcs11:token=certreq-test;") and "PRIVATE KEY" not in text, text
        key = h.private_key("ca-key")
        assert "never extractable" in key["Access"] and "sign" in key["Usage"], key
        ca_pem = der_to_pem(d, "ca/ca.cer")
        ca_cert = cmsder.load_cert(os.path.join(d, "ca", "ca.cer"))
        assert spki(ca_cert.public_key()) == h.public_key_der("ca-key")
        v = subprocess.run(["openssl", "verify", "-CAfile", ca_pem, ca_pem], capture_output=True, text=True)
        assert v.returncode == 0, v.stderr
        # a leaf issued with the HSM key verifies; so does the CRL it signs
        write(d, "leaf.inf", '[NewRequest]\nSubject = "CN=leaf.example.com"\nKeyAlgorithm = ECDSA_P256\n')
        h.must(["-new", "-q", "leaf.inf", "leaf.req"])
        h.must(["-submit", "-config", "./ca", "leaf.req", "leaf.cer"], CERTREQ_PIN=PIN)
        v = subprocess.run(["openssl", "verify", "-CAfile", ca_pem, os.path.join(d, "leaf.cer")], capture_output=True, text=True)
        assert v.returncode == 0, v.stderr
        h.must(["-ca", "crl", "-config", "./ca", "-pin", PIN, "ca.crl"])
        v = subprocess.run(["openssl", "crl", "-in", os.path.join(d, "ca.crl"), "-CAfile", ca_pem, "-noout"],
                           capture_output=True, text=True)
        assert v.returncode == 0 and "verify OK" in v.stderr, v.stderr
        # a wrong PIN: nothing issued
        r = h.run(["-submit", "-config", "./ca", "-pin", "246802", "leaf.req", "leaf2.cer"])
        assert r.returncode == 1 and "CKR_PIN_INCORRECT" in r.stderr and "246802" not in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "leaf2.cer"))
        # a second init is refused before anything is made on the token
        r = h.run(["-ca", "init", "-config", "./ca", "-pin", PIN, "capolicy.inf"])
        assert r.returncode == 1 and "a CA already exists here" in r.stderr, r.stderr
        assert len([1 for k, _ in h.objects() if k == "Private Key Object"]) == 1
        h.assert_pin_nowhere()


@case
def enroll_and_policy_with_keys_on_the_token():
    with tempfile.TemporaryDirectory() as d:
        h = Hsm(d)
        h.must(["-ca", "init", "-config", "./ca"])
        write(d, "user-store/templates/Device.inf", inf("device-7", "KeyContainer = device", "KeyAlgorithm = ECDSA_P256"))
        r = h.must(["-enroll", "-config", "./ca", "-pin", PIN, "Device"])
        assert "Installed Certificate:" in r.stdout, r.stdout
        tp = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        cert = cmsder.load_cert(os.path.join(d, "user-store", "my", tp + ".cer"))
        assert spki(cert.public_key()) == h.public_key_der("device")
        assert [k for k, _ in h.objects()].count("Certificate Object") == 1
        # its renewal: the PKCS#7 renewal signed by the token key, for the same token key (ReuseKeys);
        # a new key would be made in software, so plain Renew is refused and nothing is issued
        r = h.run(["-enroll", "-q", "-config", "./ca", "-pin", PIN, "-cert", tp, "Renew"])
        assert r.returncode == 1 and "is on a token" in r.stderr and "ReuseKeys" in r.stderr, r.stderr
        r = h.must(["-enroll", "-config", "./ca", "-pin", PIN, "-cert", tp, "Renew", "ReuseKeys"])
        renewed_tp = re.search(r"Thumbprint: ([0-9a-f]{40})", r.stdout).group(1)
        renewed = cmsder.load_cert(os.path.join(d, "user-store", "my", renewed_tp + ".cer"))
        assert renewed_tp != tp and spki(renewed.public_key()) == h.public_key_der("device")
        assert renewed.subject == cert.subject, (renewed.subject, cert.subject)
        # -policy with a Qualified Subordination certificate whose key is on the token
        write(d, "qs.inf", inf("QS Signer", "KeyContainer = qs", "KeyLength = 2048", "RequestType = Cert")
              + "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.10.3.10\n")
        h.must(["-new", "-q", "-pin", PIN, "qs.inf", "qs.cer"])
        qs = cmsder.load_cert(os.path.join(d, "qs.cer"))
        write(d, "sub.inf", '[NewRequest]\nSubject = "CN=Sub CA"\nKeyAlgorithm = ECDSA_P256\n')
        h.must(["-new", "-q", "sub.inf", "sub.req"])
        write(d, "policy.inf", '[Version]\nSignature = "$Windows NT$"\n[BasicConstraintsExtension]\nPathLength = 0\n')
        # a wrong PIN: -policy fails with the card's HRESULT and writes nothing
        r = h.run(["-policy", "-q", "-pin", "246802", "-cert", qs.fingerprint(hashes.SHA1()).hex(), "sub.req", "policy.inf",
                   "out.req"])
        assert r.returncode == 1 and "246802" not in r.stdout + r.stderr, r.stderr
        assert r.stderr.rstrip().splitlines()[-1].endswith("0x8010006b (-2146434965 SCARD_W_WRONG_CHV)"), r.stderr
        assert not os.path.exists(os.path.join(d, "out.req"))
        h.must(["-policy", "-q", "-pin", PIN, "-cert", qs.fingerprint(hashes.SHA1()).hex(), "sub.req", "policy.inf", "out.req"])
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "out.req")))
        (si,) = sd.signers
        cmsder.verify_signer(sd, si, qs.public_key())
        h.assert_pin_nowhere()


finish()
