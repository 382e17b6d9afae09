#!/usr/bin/python3
"""Windows fidelity of -cert, -enroll and dates (issue 16), through the real
binary:

  - `-cert CertId` takes a thumbprint (any case, with spaces), a serial, a
    subject CN or a FriendlyName in every verb that has -cert (-new Cert
    issuer, -new PKCS7 and CMC, -sign, -policy, -enroll Renew); an ambiguous
    name lists the matching thumbprints, an unknown one says so;
  - `-enroll -cert ID Renew [ReuseKeys]` sends a PKCS#7 renewal (spec §9.1),
    read here with an independent DER reader (cms_cases/cmsder.py),
    python3-cryptography and `openssl cms`; the local CA issues it with the old
    subject, the old key with ReuseKeys; an expired or not yet valid
    certificate is refused with nothing written; the CA itself denies a
    renewal of a certificate it did not issue, a revoked or an expired one;
  - `-enroll` template names are case-insensitive;
  - NotBefore/NotAfter are local time (TZ), across a DST change.
Usage: certid_enroll_test.py CERTREQ"""
import datetime
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cms_cases"))
import cmsder  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.x509.oid import ExtensionOID  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, pending_requests, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
WEB_INF = open(os.path.join(HERE, "..", "..", "examples", "webserver.inf")).read()
RENEWAL_CERT_OID = "1.3.6.1.4.1.311.13.1"


def run(args, d, env_extra=None, expect=None):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(d, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"), TZ="UTC")
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(env_extra or {})
    r = subprocess.run([CERTREQ] + args, cwd=d, capture_output=True, text=True, env=env)
    if expect is not None:
        assert r.returncode == expect, f"{args}: exit {r.returncode}, expected {expect}\n{r.stdout}\n{r.stderr}"
    return r


def tool(args, d):
    return subprocess.run(args, cwd=d, capture_output=True, text=True)


def valid_utc(cert):
    """notBefore and notAfter as aware UTC datetimes (python3-cryptography 38 has no *_utc)."""
    return (cert.not_valid_before.replace(tzinfo=datetime.timezone.utc),
            cert.not_valid_after.replace(tzinfo=datetime.timezone.utc))


def not_before(cert):
    return valid_utc(cert)[0].timestamp()


def not_after(cert):
    return valid_utc(cert)[1].timestamp()


def thumb_of(cert):
    return cert.fingerprint(hashes.SHA1()).hex()


def self_signed(d, name, subject, extra=""):
    """A RequestType = Cert certificate installed with its key; returns (thumbprint, cert)."""
    write(d, name + ".inf", f'[NewRequest]\nSubject = "{subject}"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n{extra}')
    run(["-new", "-q", "-user", name + ".inf", name + ".cer"], d, expect=0)
    cert = cmsder.load_cert(os.path.join(d, name + ".cer"))
    return thumb_of(cert), cert


def spaced_upper(tp):
    return " ".join(tp[i:i + 2] for i in range(0, 40, 2)).upper()


def snapshot(*dirs):
    """Every file under `dirs` with a hash of its content."""
    out = {}
    for top in dirs:
        for root, _, files in os.walk(top):
            for f in files:
                p = os.path.join(root, f)
                out[p] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def pem_file(d, name, der):
    p = os.path.join(d, name)
    with open(p, "wb") as f:
        f.write(x509.load_der_x509_certificate(der).public_bytes(cmsder.serialization.Encoding.PEM))
    return p


def openssl_text(path, *what):
    inform = [] if open(path, "rb").read().startswith(b"-----") else ["-inform", "DER"]
    r = subprocess.run(["openssl", "x509", *inform, "-in", path, "-noout", *what], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def openssl_verify(d, ca_cer, cert_path):
    ca_pem = pem_file(d, "ca-anchor.pem", cmsder.pem_or_der(ca_cer))
    leaf = pem_file(d, "leaf-check.pem", cmsder.pem_or_der(cert_path))
    r = tool(["openssl", "verify", "-CAfile", ca_pem, leaf], d)
    assert r.returncode == 0 and "OK" in r.stdout, r.stdout + r.stderr


# ---- -cert CertId in every verb -------------------------------------------------


@case
def cert_name_or_spaced_thumbprint_picks_the_issuer_of_new_cert():
    with tempfile.TemporaryDirectory() as d:
        tp, issuer = self_signed(d, "ca", "CN=Test Issuing CA, O=Example", 'FriendlyName = "Lab Issuer"\nKeyUsage = 0x86\n'
                                 "[BasicConstraintsExtension]\nPathLength = 0\n")
        write(d, "leaf.inf", '[NewRequest]\nSubject = "CN=leaf.example.com"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n')
        for n, cert_id in enumerate(["test issuing ca", "LAB ISSUER", spaced_upper(tp), tp.upper()]):
            out = f"leaf{n}.cer"
            run(["-new", "-q", "-cert", cert_id, "leaf.inf", out], d, expect=0)
            leaf = cmsder.load_cert(os.path.join(d, out))
            assert leaf.issuer == issuer.subject, (cert_id, leaf.issuer)
        # Unquoted, as certreq's documentation writes it: twenty two-digit tokens.
        run(["-new", "-q", "-cert", *spaced_upper(tp).lower().split(), "leaf.inf", "leaf4.cer"], d, expect=0)
        assert cmsder.load_cert(os.path.join(d, "leaf4.cer")).issuer == issuer.subject
        assert "issuer=O = Example, CN = Test Issuing CA" in openssl_text(os.path.join(d, "leaf0.cer"), "-issuer")
        for n in range(5):
            openssl_verify(d, os.path.join(d, "ca.cer"), os.path.join(d, f"leaf{n}.cer"))


@case
def cert_name_picks_the_signer_of_sign_and_policy():
    with tempfile.TemporaryDirectory() as d:
        agent_tp, agent = self_signed(d, "agent", "CN=Signing Agent", "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.20.2.1\n")
        qs_tp, qs = self_signed(d, "qs", "CN=Policy Signer", 'FriendlyName = "QS Key"\n'
                                "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.10.3.10\n")
        write(d, "p10.inf", '[NewRequest]\nSubject = "CN=sub.example.com"\nKeyAlgorithm = ECDSA_P256\n')
        run(["-new", "-q", "p10.inf", "p10.req"], d, expect=0)
        r = run(["-sign", "-cert", "signing agent", "p10.req", "signed.req"], d, expect=0)
        assert r.stdout.startswith("Signed PKCS10 request as CMC with 1 signer") and agent_tp in r.stdout, r.stdout
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "signed.req")))
        agent_der = agent.public_bytes(cmsder.serialization.Encoding.DER)
        assert sd.certificates == [agent_der]
        cmsder.verify_signer(sd, sd.signers[0], agent.public_key())
        write(d, "policy.inf", "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1\n")
        run(["-policy", "-cert", "qs key", "p10.req", "policy.inf", "policy.req"], d, expect=0)
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "policy.req")))
        assert sd.certificates == [qs.public_bytes(cmsder.serialization.Encoding.DER)]
        cmsder.verify_signer(sd, sd.signers[-1], qs.public_key())
        run(["-policy", "-f", "-cert", spaced_upper(qs_tp), "p10.req", "policy.inf", "policy.req"], d, expect=0)


@case
def cert_name_picks_the_old_certificate_of_pkcs7_and_the_agent_of_cmc():
    with tempfile.TemporaryDirectory() as d:
        old_tp, old = self_signed(d, "old", "CN=old.example.com")
        agent_tp, agent = self_signed(d, "agent", "CN=Signing Agent", "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.20.2.1\n")
        write(d, "p7.inf", "[NewRequest]\nRequestType = PKCS7\nKeyAlgorithm = ECDSA_P256\n")
        run(["-new", "-q", "-cert", "OLD.example.com", "p7.inf", "p7.req"], d, expect=0)
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "p7.req")))
        old_der = old.public_bytes(cmsder.serialization.Encoding.DER)
        assert sd.certificates == [old_der]
        assert sd.signers[0].issuer_serial() == cmsder.cert_issuer_serial(old_der)
        cmsder.verify_signer(sd, sd.signers[0], old.public_key())
        write(d, "cmc.inf", '[NewRequest]\nSubject = "CN=user.example.com"\nRequestType = CMC\nKeyAlgorithm = ECDSA_P256\n'
                            'RequesterName = "CORP\\alice"\n')
        run(["-new", "-q", "-cert", "signing agent", "cmc.inf", "cmc.req"], d, expect=0)
        sd = cmsder.SignedData(cmsder.pem_or_der(os.path.join(d, "cmc.req")))
        assert sd.certificates == [agent.public_bytes(cmsder.serialization.Encoding.DER)]
        assert len(sd.signers) == 2
        cmsder.verify_signer(sd, sd.signers[1], agent.public_key())
        assert old_tp != agent_tp


@case
def ambiguous_and_unknown_cert_names_are_errors():
    with tempfile.TemporaryDirectory() as d:
        tp1, _ = self_signed(d, "twin1", "CN=twin.example.com")
        tp2, _ = self_signed(d, "twin2", "CN=Twin.Example.com, O=Second")
        write(d, "leaf.inf", '[NewRequest]\nSubject = "CN=leaf"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n')
        write(d, "p10.inf", '[NewRequest]\nSubject = "CN=sub.example.com"\nKeyAlgorithm = ECDSA_P256\n')
        run(["-new", "-q", "p10.inf", "p10.req"], d, expect=0)
        before = snapshot(os.path.join(d, "user-store"))
        root = os.path.join(d, "user-store")
        want = (f"2 installed certificates in {root} match 'twin.example.com'; give the thumbprint of one:\n"
                f"  {min(tp1, tp2)}\n  {max(tp1, tp2)}")
        for args, out in ((["-new", "-q", "-cert", "twin.example.com", "leaf.inf", "x.cer"], "x.cer"),
                          (["-sign", "-cert", "twin.example.com", "p10.req", "x.req"], "x.req"),
                          (["-policy", "-cert", "twin.example.com", "p10.req", "leaf.inf", "y.req"], "y.req")):
            r = run(args, d, expect=1)
            assert want in r.stderr, (args, r.stderr)
            assert not os.path.exists(os.path.join(d, out))
        r = run(["-new", "-q", "-cert", "nobody.example.com", "leaf.inf", "x.cer"], d, expect=1)
        assert f"-cert: no installed certificate matches 'nobody.example.com' in {root}" in r.stderr, r.stderr
        r = run(["-sign", "-cert", "twin", "p10.req", "x.req"], d, expect=1)  # exact names only
        assert "no installed certificate matches 'twin'" in r.stderr, r.stderr
        # The thumbprint still picks one of the twins.
        run(["-new", "-q", "-cert", tp2, "leaf.inf", "x.cer"], d, expect=0)
        assert cmsder.load_cert(os.path.join(d, "x.cer")).issuer.rfc4514_string() == "CN=Twin.Example.com,O=Second"
        after = snapshot(os.path.join(d, "user-store"))
        new_files = sorted(os.path.relpath(p, root).split("/")[0] for p in after if p not in before)
        assert new_files == ["keys", "my", "my"], new_files  # x.cer's key, certificate and metadata; nothing else
        assert all(before[p] == after[p] for p in before)


# ---- -enroll ------------------------------------------------------------------


def init_ca(d, policy=None):
    cadir = os.path.join(d, "ca")
    args = ["-ca", "init", "-q", "-config", cadir]
    if policy:
        args.append(write(d, "capolicy.inf", policy))
    run(args, d, expect=0)
    return cadir


def installed_thumb(stdout):
    m = re.search(r"Thumbprint: ([0-9a-f]{40})", stdout)
    assert m, stdout
    return m.group(1)


def installed(d, tp):
    return x509.load_der_x509_certificate(open(os.path.join(d, "user-store", "my", tp + ".cer"), "rb").read())


@case
def enroll_template_names_are_case_insensitive():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        write(d, "user-store/templates/WebServer.inf", WEB_INF)
        for name in ("webserver", "WEBSERVER", "WebServer"):
            r = run(["-enroll", "-config", cadir, name], d, expect=0)
            assert "Certificate retrieved(Issued) Issued" in r.stdout, r.stdout
            assert installed(d, installed_thumb(r.stdout)).subject.rfc4514_string() == "CN=www.example.com,O=Example Ltd,C=GB"
        # The CA's templates directory, in any case, when the store has none.
        write(d, "ca/templates/CodeSigning.INF", '[NewRequest]\nSubject = "CN=code"\nKeyAlgorithm = ECDSA_P256\n')
        r = run(["-enroll", "-config", cadir, "codesigning"], d, expect=0)
        assert installed(d, installed_thumb(r.stdout)).subject.rfc4514_string() == "CN=code"
        # Two files differing only in case: an error naming both, nothing enrolled.
        write(d, "user-store/templates/WEBSERVER.inf", WEB_INF)
        before = snapshot(os.path.join(d, "user-store"), cadir)
        r = run(["-enroll", "-config", cadir, "webServer"], d, expect=1)
        tdir = os.path.join(d, "user-store", "templates")
        assert (f"template 'webServer' is ambiguous: {tdir} holds WEBSERVER.inf, WebServer.inf "
                "(names differ only in case; rename or remove one)") in r.stderr, r.stderr
        assert snapshot(os.path.join(d, "user-store"), cadir) == before
        r = run(["-enroll", "-config", cadir, "NoSuch"], d, expect=1)
        assert "template 'NoSuch' not found (looked for NoSuch.inf, in any case, in " in r.stderr, r.stderr


def ca_request(cadir, rid):
    return open(os.path.join(cadir, "requests", str(rid), "request.der"), "rb").read()


def csr_attributes(csr_der):
    """{oid: [value TLV...]} of a PKCS#10's attributes, read with cmsder."""
    info = cmsder.parse(csr_der).children()[0].children()
    assert info[3].tag == 0xA0
    out = {}
    for a in info[3].children():
        c = a.children()
        out.setdefault(cmsder.oid(c[0]), []).extend(c[1].children())
    return out, info[1]


@case
def enroll_renew_sends_a_pkcs7_renewal_and_the_ca_issues_the_old_subject():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        write(d, "user-store/templates/WebServer.inf", WEB_INF)
        r = run(["-enroll", "-config", cadir, "WebServer"], d, expect=0)
        tp1 = installed_thumb(r.stdout)
        old = installed(d, tp1)
        old_der = old.public_bytes(cmsder.serialization.Encoding.DER)
        keys_before = sorted(os.listdir(os.path.join(d, "user-store", "keys")))
        # By subject CN, in another case.
        r = run(["-enroll", "-config", cadir, "-cert", "WWW.EXAMPLE.COM", "Renew"], d, expect=0)
        assert "Certificate retrieved(Issued) Issued" in r.stdout, r.stdout
        tp2 = installed_thumb(r.stdout)
        new = installed(d, tp2)

        # What went to the CA: SignedData { id-data, PKCS#10 }, signed by the old key (spec §9.1).
        der = ca_request(cadir, 2)
        assert "format=PKCS7" in open(os.path.join(cadir, "requests", "2", "record")).read()
        sd = cmsder.SignedData(der)
        assert sd.version == 1 and sd.content_type == "1.2.840.113549.1.7.1", (sd.version, sd.content_type)
        assert sd.certificates == [old_der]
        assert len(sd.signers) == 1 and sd.signers[0].signed_attrs is None
        assert sd.signers[0].issuer_serial() == cmsder.cert_issuer_serial(old_der)
        cmsder.verify_signer(sd, sd.signers[0], old.public_key())
        csr = x509.load_der_x509_csr(sd.content)
        assert csr.is_signature_valid
        assert len(csr.subject) == 0 and cmsder.parse(sd.content).children()[0].children()[1].whole == b"\x30\x00"
        attrs, _ = csr_attributes(sd.content)
        assert [v.whole for v in attrs[RENEWAL_CERT_OID]] == [old_der], attrs.keys()
        assert cmsder.spki_of(csr) == cmsder.spki_of(new) != cmsder.spki_of(old)
        san = ExtensionOID.SUBJECT_ALTERNATIVE_NAME
        assert csr.extensions.get_extension_for_oid(san).value == old.extensions.get_extension_for_oid(san).value
        # openssl reads the same structure and verifies the old key's signature.
        p = os.path.join(d, "renewal.p7")
        open(p, "wb").write(der)
        t = tool(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", p], d)
        assert t.returncode == 0, t.stderr
        assert "contentType: pkcs7-signedData" in t.stdout and "eContentType: pkcs7-data" in t.stdout, t.stdout
        assert re.search(r"signedAttrs:\n +<ABSENT>", t.stdout), t.stdout
        assert re.search(r"d\.issuerAndSerialNumber: *\n +issuer: CN=certreq Local CA\n +serialNumber: " + str(old.serial_number) + "\n",
                         t.stdout), t.stdout
        v = tool(["openssl", "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", p, "-out", "inner.der"], d)
        assert v.returncode == 0 and "Verification successful" in v.stderr, v.stderr
        assert open(os.path.join(d, "inner.der"), "rb").read() == sd.content

        # The issued certificate: the old subject (the request had none), the new key, the CA's signature.
        new_path = os.path.join(d, "user-store", "my", tp2 + ".cer")
        subj = openssl_text(new_path, "-subject")
        assert subj == openssl_text(os.path.join(d, "user-store", "my", tp1 + ".cer"), "-subject"), subj
        assert subj.strip() == "subject=C = GB, O = Example Ltd, CN = www.example.com", subj
        assert new.subject.public_bytes() == old.subject.public_bytes()
        assert new.extensions.get_extension_for_oid(san).value == old.extensions.get_extension_for_oid(san).value
        openssl_verify(d, os.path.join(cadir, "ca.cer"), new_path)
        assert "friendly_name=www.example.com TLS" in open(os.path.join(d, "user-store", "my", tp2 + ".meta")).read()
        assert len(os.listdir(os.path.join(d, "user-store", "keys"))) == len(keys_before) + 1  # a new key
        assert not pending_requests(os.path.join(d, "user-store"))

        # ReuseKeys, by the thumbprint written certutil's way: the same key again.
        keys_before = sorted(os.listdir(os.path.join(d, "user-store", "keys")))
        r = run(["-enroll", "-config", cadir, "-cert", spaced_upper(tp2), "renew", "ReuseKeys"], d, expect=0)
        tp3 = installed_thumb(r.stdout)
        third_path = os.path.join(d, "user-store", "my", tp3 + ".cer")
        assert openssl_text(third_path, "-pubkey") == openssl_text(new_path, "-pubkey")
        assert openssl_text(third_path, "-subject") == subj
        assert sorted(os.listdir(os.path.join(d, "user-store", "keys"))) == keys_before  # no new key
        sd3 = cmsder.SignedData(ca_request(cadir, 3))
        assert sd3.certificates == [new.public_bytes(cmsder.serialization.Encoding.DER)]
        assert cmsder.spki_of(x509.load_der_x509_csr(sd3.content)) == cmsder.spki_of(new)
        openssl_verify(d, os.path.join(cadir, "ca.cer"), third_path)


@case
def enroll_renew_refuses_a_certificate_that_is_not_valid_now():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        write(d, "user-store/templates/WebServer.inf", WEB_INF)
        tp = installed_thumb(run(["-enroll", "-config", cadir, "WebServer"], d, expect=0).stdout)
        old = installed(d, tp)
        before = snapshot(os.path.join(d, "user-store"), cadir)
        after_end = int(not_after(old)) + 86400
        r = run(["-enroll", "-config", cadir, "-cert", tp, "Renew"], d, {"SOURCE_DATE_EPOCH": str(after_end)}, expect=1)
        assert f"-cert: certificate {tp}: the certificate expired on " in r.stderr, r.stderr
        assert "only valid (unexpired) certificates can be renewed" in r.stderr, r.stderr
        assert r.stdout == "", r.stdout
        before_start = int(not_before(old)) - 86400
        r = run(["-enroll", "-config", cadir, "-cert", "www.example.com", "Renew", "ReuseKeys"], d,
                {"SOURCE_DATE_EPOCH": str(before_start)}, expect=1)
        assert f"-cert: certificate {tp}: the certificate is not valid until " in r.stderr, r.stderr
        assert snapshot(os.path.join(d, "user-store"), cadir) == before  # nothing written anywhere
        # Now (valid) it renews; the thumbprint unquoted in pairs, as certreq's documentation shows it.
        r = run(["-enroll", "-config", cadir, "-cert", *spaced_upper(tp).split(), "Renew"], d, expect=0)
        assert installed(d, installed_thumb(r.stdout)).subject == old.subject


@case
def scep_renew_refuses_a_certificate_that_is_not_valid_now_before_any_network():
    with tempfile.TemporaryDirectory() as d:
        for name, nb, na, why in (("expired", "1/1/2020", "1/1/2021", "the certificate expired on "),
                                  ("future", "1/1/2090", "1/1/2091", "the certificate is not valid until ")):
            tp, _ = self_signed(d, name, f"CN={name}.example.com", f'NotBefore = "{nb}"\nNotAfter = "{na}"\n')
            before = snapshot(os.path.join(d, "user-store"))
            # Port 9 (discard): nothing may be sent; the refusal comes first.
            r = run(["-enroll", "-config", "http://127.0.0.1:9/scep", "-cert", f"{name}.example.com", "Renew"], d,
                    {"CERTREQ_HTTP": "/nonexistent/certreq-http"}, expect=1)
            assert f"-cert: certificate {tp}: {why}" in r.stderr, r.stderr
            assert "only valid (unexpired) certificates can be renewed" in r.stderr, r.stderr
            assert snapshot(os.path.join(d, "user-store")) == before


@case
def local_ca_denies_renewals_of_certificates_it_cannot_vouch_for():
    with tempfile.TemporaryDirectory() as d:
        cadir = init_ca(d)
        # Not issued by this CA (self-signed): its subject is not copied; denied.
        stp, _ = self_signed(d, "stranger", "CN=admin.example.com")
        write(d, "s.inf", f"[NewRequest]\nRequestType = PKCS7\nRenewalCert = {stp}\nKeyAlgorithm = ECDSA_P256\n")
        run(["-new", "-q", "s.inf", "s.req"], d, expect=0)
        r = run(["-submit", "-config", cadir, "s.req", "s.cer"], d, expect=0)
        assert "Certificate not issued (Denied) Denied by Policy Module: the certificate to renew (serial " in r.stdout, r.stdout
        assert ") was not issued by this CA" in r.stdout and not os.path.exists(os.path.join(d, "s.cer")), r.stdout
        # Issued by this CA: renewed with its subject; revoked: denied.
        write(d, "user-store/templates/Web.inf", WEB_INF)
        tp = installed_thumb(run(["-enroll", "-config", cadir, "web"], d, expect=0).stdout)
        old = installed(d, tp)
        write(d, "p7.inf", f"[NewRequest]\nRequestType = PKCS7\nRenewalCert = {tp}\nKeyAlgorithm = ECDSA_P256\n")
        run(["-new", "-q", "p7.inf", "p7.req"], d, expect=0)
        run(["-submit", "-config", cadir, "p7.req", "p7.cer"], d, expect=0)
        assert cmsder.load_cert(os.path.join(d, "p7.cer")).subject == old.subject
        # Expired by the CA's clock.
        late = str(int(not_after(old)) + 60)
        r = run(["-submit", "-config", cadir, "p7.req", "late.cer"], d, {"SOURCE_DATE_EPOCH": late}, expect=0)
        assert "is not valid now (" in r.stdout and "only valid (unexpired) certificates can be renewed" in r.stdout, r.stdout
        serial = format(old.serial_number, "x")
        run(["-ca", "revoke", serial, "-config", cadir], d, expect=0)
        r = run(["-submit", "-config", cadir, "p7.req", "r.cer"], d, expect=0)
        assert f"the certificate to renew (serial {serial}) has been revoked" in r.stdout, r.stdout
        # A pending renewal is checked again when the administrator issues it.
        cadir2 = os.path.join(d, "ca2")
        run(["-ca", "init", "-q", "-config", cadir2,
             write(d, "pend.inf", "[certsrv_server]\nRequestDisposition = Pending\n")], d, expect=0)
        write(d, "ca2/templates/Web2.inf", WEB_INF)
        r = run(["-enroll", "-config", cadir2, "web2"], d, expect=0)
        run(["-ca", "issue", "1", "-config", cadir2], d, expect=0)
        run(["-retrieve", "-config", cadir2, "1", "w2.cer"], d, expect=0)
        run(["-accept", "-q", "w2.cer"], d, expect=0)
        tp2 = thumb_of(cmsder.load_cert(os.path.join(d, "w2.cer")))
        run(["-enroll", "-config", cadir2, "-cert", tp2, "renew"], d, expect=0)
        run(["-ca", "revoke", format(cmsder.load_cert(os.path.join(d, "w2.cer")).serial_number, "x"), "-config", cadir2],
            d, expect=0)
        r = run(["-ca", "issue", "2", "-config", cadir2], d)
        r = run(["-retrieve", "-config", cadir2, "2", "w3.cer"], d, expect=0)
        assert "has been revoked" in r.stdout, r.stdout


# ---- NotBefore / NotAfter in local time -----------------------------------------------


def dated_cert(d, name, not_before, not_after, tz):
    write(d, name + ".inf", '[NewRequest]\nSubject = "CN=dated"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n'
                            f'NotBefore = "{not_before}"\nNotAfter = "{not_after}"\n')
    run(["-new", "-q", name + ".inf", name + ".cer"], d, {"TZ": tz}, expect=0)
    path = os.path.join(d, name + ".cer")
    text = openssl_text(path, "-startdate", "-enddate")
    c = cmsder.load_cert(path)
    return (*valid_utc(c), text)


def utc(*a):
    return datetime.datetime(*a, tzinfo=datetime.timezone.utc)


@case
def not_before_and_not_after_are_local_time():
    with tempfile.TemporaryDirectory() as d:
        nb, na, text = dated_cert(d, "tokyo", "7/24/2012 10:31 AM", "1/15/2030", "Asia/Tokyo")
        assert (nb, na) == (utc(2012, 7, 24, 1, 31), utc(2030, 1, 14, 15, 0)), (nb, na)
        assert "notBefore=Jul 24 01:31:00 2012 GMT" in text and "notAfter=Jan 14 15:00:00 2030 GMT" in text, text
        # Across the 2024 spring-forward in New York: EST (UTC-5) before, EDT (UTC-4) after.
        nb, na, text = dated_cert(d, "ny", "3/9/2024 12:00 PM", "3/11/2024 12:00 PM", "America/New_York")
        assert (nb, na) == (utc(2024, 3, 9, 17, 0), utc(2024, 3, 11, 16, 0)), (nb, na)
        assert "notBefore=Mar  9 17:00:00 2024 GMT" in text and "notAfter=Mar 11 16:00:00 2024 GMT" in text, text
        # ... and the fall-back (EDT before, EST after), with month names.
        nb, na, _ = dated_cert(d, "ny2", "November 2, 2024 08:00", "4 November 2024 08:00", "America/New_York")
        assert (nb, na) == (utc(2024, 11, 2, 12, 0), utc(2024, 11, 4, 13, 0)), (nb, na)
        # An explicit Z is UTC in any zone; TZ=UTC reads the plain form the same way.
        for tz in ("Asia/Tokyo", "America/New_York", "UTC"):
            nb, na, _ = dated_cert(d, "z" + tz.replace("/", "_"), "2012-07-24T10:31:00Z", "2030-01-15T00:00:00Z", tz)
            assert (nb, na) == (utc(2012, 7, 24, 10, 31), utc(2030, 1, 15)), (tz, nb, na)
        nb, na, _ = dated_cert(d, "plain_utc", "7/24/2012 10:31 AM", "1/15/2030", "UTC")
        assert (nb, na) == (utc(2012, 7, 24, 10, 31), utc(2030, 1, 15)), (nb, na)
        # NotBefore + ValidityPeriod: the base is the local date too.
        write(d, "vp.inf", '[NewRequest]\nSubject = "CN=vp"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n'
                           'NotBefore = "1/1/2025"\nValidityPeriod = Days\nValidityPeriodUnits = 10\n')
        run(["-new", "-q", "vp.inf", "vp.cer"], d, {"TZ": "Asia/Tokyo"}, expect=0)
        c = cmsder.load_cert(os.path.join(d, "vp.cer"))
        assert (valid_utc(c)) == (utc(2024, 12, 31, 15), utc(2025, 1, 10, 15)), c


finish()
