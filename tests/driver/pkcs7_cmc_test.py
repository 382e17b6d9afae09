#!/usr/bin/python3
"""-new with RequestType = PKCS7 and CMC (spec §9.1-§9.3), through the real
binary: each request is read field by field with an independent DER reader
(cms_cases/cmsder.py), its signatures checked with python3-cryptography, and
checked again by `openssl cms -verify`, `openssl asn1parse` and our -dump; the
local CA takes them. Usage: pkcs7_cmc_test.py CERTREQ"""
import hashlib
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cms_cases"))
import cmsder  # noqa: E402
from cryptography import x509  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])

ID_DATA, ID_PKIDATA = "1.2.840.113549.1.7.1", "1.3.6.1.5.5.7.12.2"
SHA256_NULL = bytes.fromhex("300d06096086480165030402010500")
RSA_ENCRYPTION_NULL = bytes.fromhex("300d06092a864886f70d0101010500")


def run(args, cwd):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(cwd, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(cwd, "machine-store"),
               CERTREQ_CLIENT_MACHINE="host.example.com", CERTREQ_CLIENT_USER="DOM\\builder")
    return subprocess.run([CERTREQ] + args, cwd=cwd, capture_output=True, text=True, env=env)


def tool(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True)


def installed_cert(d, name, subject, extra=""):
    """A self-signed certificate with its key in the user store; returns (thumbprint, cert)."""
    write(d, name + ".inf", f'[NewRequest]\nSubject = "{subject}"\nRequestType = Cert\nKeyLength = 2048\n{extra}')
    r = run(["-new", "-q", "-user", name + ".inf", name + ".cer"], d)
    assert r.returncode == 0, r.stderr
    cert = cmsder.load_cert(os.path.join(d, name + ".cer"))
    return cert.fingerprint(cmsder.hashes.SHA1()).hex(), cert


def read_req(d, name):
    return cmsder.pem_or_der(os.path.join(d, name))


def openssl_cms_verify(d, der, cafiles, certfile=None):
    with open(os.path.join(d, "v.der"), "wb") as f:
        f.write(der)
    with open(os.path.join(d, "ca.pem"), "wb") as f:
        for c in cafiles:
            f.write(c.public_bytes(cmsder.serialization.Encoding.PEM))
    args = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "v.der", "-CAfile", "ca.pem", "-purpose", "any",
            "-out", "v.out"]
    if certfile:
        args += ["-certfile", certfile]
    return tool(args, d)


@case
def pkcs7_renewal_matches_spec_9_1():
    with tempfile.TemporaryDirectory() as d:
        tp, old = installed_cert(d, "old", "CN=old.example.com")
        write(d, "renew.inf", f"[NewRequest]\nRequestType = PKCS7\nRenewalCert = {tp}\nKeyLength = 2048\n")
        r = run(["-new", "-user", "renew.inf", "renew.req"], d)
        assert r.returncode == 0, r.stderr
        assert r.stdout == "CertReq: Request Created\n", r.stdout
        assert open(os.path.join(d, "renew.req"), "rb").read().startswith(b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\n")
        der = read_req(d, "renew.req")
        sd = cmsder.SignedData(der)
        assert sd.version == 1, sd.version
        assert sd.digest_algorithms == [SHA256_NULL]
        assert sd.content_type == ID_DATA
        old_der = old.public_bytes(cmsder.serialization.Encoding.DER)
        assert sd.certificates == [old_der], "the renewal certificate, only"
        assert len(sd.signers) == 1
        s = sd.signers[0]
        assert s.version == 1 and not s.by_ski
        issuer, serial = s.issuer_serial()
        assert (issuer, serial) == cmsder.cert_issuer_serial(old_der)
        assert s.signed_attrs is None, "certreq's PKCS7 renewal has no authenticated attributes"
        assert s.sig_alg == RSA_ENCRYPTION_NULL
        cmsder.verify_signer(sd, s, old.public_key())  # the OLD key signed the PKCS#10 bytes
        csr = x509.load_der_x509_csr(sd.content)
        assert csr.is_signature_valid
        assert len(csr.subject) == 0, "empty subject"
        assert csr.public_key().public_numbers() != old.public_key().public_numbers(), "a new key"
        renewal = [a for a in cmsder.parse(sd.content).children()[0].children()[3].children()
                   if cmsder.oid(a.children()[0]) == "1.3.6.1.4.1.311.13.1"]
        assert len(renewal) == 1 and renewal[0].children()[1].children()[0].whole == old_der, "renewal-certificate attribute"
        v = openssl_cms_verify(d, der, [old])
        assert v.returncode == 0, v.stderr
        assert open(os.path.join(d, "v.out"), "rb").read() == sd.content
        dump = run(["-dump", "renew.req"], d)
        assert dump.returncode == 0, dump.stderr


@case
def cmc_matches_spec_9_2():
    with tempfile.TemporaryDirectory() as d:
        write(d, "cmc.inf", '[NewRequest]\nSubject = "CN=cmc.example.com"\nRequestType = CMC\nKeyAlgorithm = ECDSA_P256\n')
        r = run(["-new", "-q", "cmc.inf", "cmc.req"], d)
        assert r.returncode == 0, r.stderr
        der = read_req(d, "cmc.req")
        sd = cmsder.SignedData(der)
        assert sd.version == 3 and sd.content_type == ID_PKIDATA
        assert sd.certificates == [], "no certificates for a plain request"
        assert len(sd.signers) == 1
        s = sd.signers[0]
        assert s.version == 3 and s.by_ski
        body = cmsder.parse(sd.content).children()
        assert len(body) == 4
        controls, reqs, cms_seq, other = body
        assert cms_seq.content == b"" and other.content == b""
        # reqSequence { [0] IMPLICIT { bodyPartID 1, PKCS#10 } }
        (tcr,) = reqs.children()
        assert tcr.tag == 0xA0
        part, csr_tlv = tcr.children()
        assert cmsder.integer(part) == 1
        csr = x509.load_der_x509_csr(csr_tlv.whole)
        assert csr.is_signature_valid
        assert csr.subject.rfc4514_string() == "CN=cmc.example.com"
        assert s.sid.content == cmsder.csr_ski(csr), "signer named by the request's SKI"
        attrs = s.attributes()
        assert set(attrs) == {"1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"}
        assert cmsder.oid(attrs["1.2.840.113549.1.9.3"][0]) == ID_PKIDATA
        assert attrs["1.2.840.113549.1.9.4"][0].content == hashlib.sha256(sd.content).digest()
        cmsder.verify_signer(sd, s, csr.public_key())
        # controlSequence: bodyPartID 2, CMC attributes { 0, { 1 }, { client info } }
        (ctl,) = controls.children()
        c = ctl.children()
        assert cmsder.integer(c[0]) == 2 and cmsder.oid(c[1]) == "1.3.6.1.4.1.311.10.10.1"
        val = c[2].children()[0].children()
        assert cmsder.integer(val[0]) == 0
        assert [cmsder.integer(x) for x in val[1].children()] == [1]
        (ci,) = val[2].children()
        assert cmsder.oid(ci.children()[0]) == "1.3.6.1.4.1.311.21.20"
        info = ci.children()[1].children()[0].children()
        assert [x.content.decode() for x in info[1:]] == ["host.example.com", "DOM\\builder", "certreq.exe"]
        # openssl reads the PKIData too.
        with open(os.path.join(d, "body.der"), "wb") as f:
            f.write(sd.content)
        p = tool(["openssl", "asn1parse", "-inform", "DER", "-in", "body.der"], d)
        assert p.returncode == 0 and ":1.3.6.1.4.1.311.10.10.1" in p.stdout, p.stdout + p.stderr
        dump = run(["-dump", "cmc.req"], d)
        assert dump.returncode == 0 and "CMC request (PKIData)" in dump.stdout, dump.stdout + dump.stderr


@case
def cmc_enroll_on_behalf_of_matches_spec_9_3():
    with tempfile.TemporaryDirectory() as d:
        tp, agent = installed_cert(d, "agent", "CN=Agent", "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.20.2.1\n")
        write(d, "eobo.inf", '[NewRequest]\nRequestType = CMC\nRequesterName = "DOM\\user"\nKeyLength = 2048\n'
                             '[RequestAttributes]\nCertificateTemplate = User\n')
        r = run(["-new", "-q", "-user", "-cert", tp, "eobo.inf", "eobo.req"], d)
        assert r.returncode == 0, r.stderr
        der = read_req(d, "eobo.req")
        sd = cmsder.SignedData(der)
        agent_der = agent.public_bytes(cmsder.serialization.Encoding.DER)
        assert sd.version == 3 and sd.certificates == [agent_der]
        assert sorted(s.version for s in sd.signers) == [1, 3]
        controls, reqs, _, _ = cmsder.parse(sd.content).children()
        csr = x509.load_der_x509_csr(reqs.children()[0].children()[1].whole)
        assert len(csr.subject) == 0
        for s in sd.signers:
            if s.by_ski:
                assert s.sid.content == cmsder.csr_ski(csr)
                cmsder.verify_signer(sd, s, csr.public_key())
            else:
                assert s.issuer_serial() == cmsder.cert_issuer_serial(agent_der)
                assert set(s.attributes()) == {"1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"}
                cmsder.verify_signer(sd, s, agent.public_key())
        ctl = [c.children() for c in controls.children()]
        assert [(cmsder.integer(c[0]), cmsder.oid(c[1])) for c in ctl] == [(2, "1.3.6.1.5.5.7.7.18"), (3, "1.3.6.1.4.1.311.10.10.1")]
        (reg,) = ctl[0][2].children()
        assert reg.tag == 0x04 and reg.content == b"CertificateTemplate=User&RequesterName=DOM%5Cuser&", reg.content


@case
def cmc_renewal_has_one_signer_and_no_certificates():
    with tempfile.TemporaryDirectory() as d:
        tp, old = installed_cert(d, "old", "CN=old.example.com")
        write(d, "r.inf", f"[NewRequest]\nRequestType = CMC\nRenewalCert = {tp}\nKeyAlgorithm = ECDSA_P256\n")
        r = run(["-new", "-q", "-user", "r.inf", "r.req"], d)
        assert r.returncode == 0, r.stderr
        sd = cmsder.SignedData(read_req(d, "r.req"))
        assert sd.certificates == [] and len(sd.signers) == 1 and sd.signers[0].by_ski
        csr = x509.load_der_x509_csr(cmsder.parse(sd.content).children()[1].children()[0].children()[1].whole)
        assert len(csr.subject) == 0
        cmsder.verify_signer(sd, sd.signers[0], csr.public_key())
        assert b"\x2b\x06\x01\x04\x01\x82\x37\x0d\x01" in csr.tbs_certrequest_bytes, "renewal-certificate attribute"


@case
def errors_are_positioned_and_leave_nothing_behind():
    with tempfile.TemporaryDirectory() as d:
        cases = [
            ("[NewRequest]\nRequestType = PKCS7\n",
             "a.inf:2:15: error: RequestType = PKCS7 is a renewal: give RenewalCert (or -cert) naming the certificate to renew"),
            ('[NewRequest]\nRequestType = CMC\nRequesterName = "DOM\\u"\n',
             "a.inf:3:18: error: RequesterName (enroll on behalf of) needs -cert naming the enrollment agent certificate"),
            ("[NewRequest]\nRequestType = CMC\nPrivateKeyArchive = TRUE\n",
             "a.inf:3:21: error: PrivateKeyArchive = TRUE needs the CA's exchange certificate: give -xchg FILE"),
            ("[NewRequest]\nPrivateKeyArchive = TRUE\n",
             "a.inf:2:21: error: PrivateKeyArchive = TRUE works only with RequestType = CMC"),
            ("[NewRequest]\nRequestType = CMC\nRenewalCert = 0011223344556677889900112233445566778899\n",
             "a.inf:3:15: error: RenewalCert: no installed certificate matches '0011223344556677889900112233445566778899'"),
        ]
        for text, want in cases:
            write(d, "a.inf", text)
            r = run(["-new", "-q", "a.inf", "a.req"], d)
            assert r.returncode == 1, (text, r.returncode, r.stderr)
            assert r.stderr.startswith(want), (want, r.stderr)
            assert not os.path.exists(os.path.join(d, "a.req"))
            assert not os.path.exists(os.path.join(d, "user-store", "keys")) or not os.listdir(os.path.join(d, "user-store", "keys"))


@case
def private_key_archive_envelopes_the_new_key_to_the_exchange_certificate():
    with tempfile.TemporaryDirectory() as d:
        r = tool(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "xchg.key", "-out", "xchg.pem",
                  "-subj", "/CN=CA Exchange", "-days", "30"], d)
        assert r.returncode == 0, r.stderr
        write(d, "a.inf", '[NewRequest]\nSubject = "CN=archived"\nRequestType = CMC\nKeyLength = 2048\n'
                          "PrivateKeyArchive = TRUE\nKeyContainer = archived\n")
        r = run(["-new", "-q", "-user", "-xchg", "xchg.pem", "a.inf", "a.req"], d)
        assert r.returncode == 0, r.stderr
        sd = cmsder.SignedData(read_req(d, "a.req"))
        (s,) = sd.signers
        assert s.by_ski and s.unsigned_attrs is not None
        (arch,) = s.unsigned_attrs.children()
        assert cmsder.oid(arch.children()[0]) == "1.3.6.1.4.1.311.21.13"
        env = arch.children()[1].children()[0].whole
        assert cmsder.oid(cmsder.parse(env).children()[0]) == "1.2.840.113549.1.7.3", "EnvelopedData"
        # The hash of that EnvelopedData is signed, in the CMC attributes control.
        ctl = cmsder.parse(sd.content).children()[0].children()[0].children()
        attrs = {cmsder.oid(a.children()[0]): a.children()[1].children() for a in ctl[2].children()[0].children()[2].children()}
        assert attrs["1.3.6.1.4.1.311.21.21"][0].content == hashlib.sha256(env).digest()
        csr = x509.load_der_x509_csr(cmsder.parse(sd.content).children()[1].children()[0].children()[1].whole)
        cmsder.verify_signer(sd, s, csr.public_key())
        # openssl opens the envelope with the exchange key: the stored key, as PKCS#8.
        with open(os.path.join(d, "env.der"), "wb") as f:
            f.write(env)
        r = tool(["openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "env.der", "-recip", "xchg.pem",
                  "-inkey", "xchg.key", "-out", "key.der"], d)
        assert r.returncode == 0, r.stderr
        r = tool(["openssl", "pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in",
                  os.path.join("user-store", "keys", "archived.key"), "-out", "stored.der"], d)
        assert r.returncode == 0, r.stderr
        assert open(os.path.join(d, "key.der"), "rb").read() == open(os.path.join(d, "stored.der"), "rb").read()
        # An exchange certificate without an RSA key cannot take a key transport.
        tool(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
              "ec.key", "-out", "ec.pem", "-subj", "/CN=EC Exchange", "-days", "30"], d)
        r = run(["-new", "-q", "-user", "-xchg", "ec.pem", "a.inf", "b.req"], d)
        assert r.returncode == 1 and "the exchange certificate's key must be RSA" in r.stderr, r.stderr


@case
def local_ca_issues_pkcs7_and_cmc_for_the_new_key():
    with tempfile.TemporaryDirectory() as d:
        r = run(["-ca", "init", "-q", "-config", "ca"], d)
        assert r.returncode == 0, r.stderr
        # The CA renews only certificates it issued (ca/authority.hpp check_renewal): the old one comes from it.
        write(d, "old.inf", '[NewRequest]\nSubject = "CN=old.example.com"\nKeyLength = 2048\n')
        for args in (["-new", "-q", "-user", "old.inf", "old.req"], ["-submit", "-config", "ca", "old.req", "old.cer"],
                     ["-accept", "-q", "-user", "old.cer"]):
            r = run(args, d)
            assert r.returncode == 0, (args, r.stdout, r.stderr)
        old = cmsder.load_cert(os.path.join(d, "old.cer"))
        tp = old.fingerprint(cmsder.hashes.SHA1()).hex()
        write(d, "p7.inf", f"[NewRequest]\nRequestType = PKCS7\nRenewalCert = {tp}\nKeyLength = 2048\n")
        write(d, "cmc.inf", '[NewRequest]\nSubject = "CN=cmc.example.com"\nRequestType = CMC\nKeyAlgorithm = ECDSA_P256\n')
        for name in ("p7", "cmc"):
            r = run(["-new", "-q", "-user", name + ".inf", name + ".req"], d)
            assert r.returncode == 0, r.stderr
            r = run(["-submit", "-config", "ca", name + ".req", name + ".cer"], d)
            assert r.returncode == 0, (name, r.stdout, r.stderr)
            issued = cmsder.load_cert(os.path.join(d, name + ".cer"))
            sd = cmsder.SignedData(read_req(d, name + ".req"))
            inner = sd.content if name == "p7" else cmsder.parse(sd.content).children()[1].children()[0].children()[1].whole
            csr = x509.load_der_x509_csr(inner)
            assert cmsder.spki_of(issued) == cmsder.spki_of(csr), "issued for the request's key"
            if name == "p7":  # the renewal's PKCS#10 has no subject: the CA takes the old certificate's
                assert len(csr.subject) == 0 and issued.subject == old.subject, issued.subject
            r = run(["-accept", "-q", "-user", name + ".cer"], d)
            assert r.returncode == 0, r.stderr


finish()
