#!/usr/bin/python3
"""-sign and -policy through the real binary (spec §1.2, §5.3, §9.3): outputs
read with an independent DER reader (cms_cases/cmsder.py), signatures checked
with python3-cryptography and `openssl cms -verify`, and every -policy
extension checked field by field (python3-cryptography's X.509 parser where it
knows the extension, the DER reader where it does not).
Usage: sign_policy_test.py CERTREQ"""
import ipaddress
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cms_cases"))
import cmsder  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))


def run(args, cwd):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(cwd, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(cwd, "machine-store"))
    return subprocess.run([CERTREQ] + args, cwd=cwd, capture_output=True, text=True, env=env)


class Setup:
    """A temp dir with an enrollment agent certificate (and key) in the user
    store, a PKCS#10, a CMC and a PKCS#7 renewal request made by -new."""

    def __init__(self, d):
        self.d = d
        write(d, "agent.inf", '[NewRequest]\nSubject = "CN=Signing Agent"\nRequestType = Cert\nKeyLength = 2048\n'
                              "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.20.2.1\n")
        self.must(["-new", "-q", "-user", "agent.inf", "agent.cer"])
        self.agent = cmsder.load_cert(os.path.join(d, "agent.cer"))
        self.agent_der = self.agent.public_bytes(cmsder.serialization.Encoding.DER)
        self.tp = self.agent.fingerprint(hashes.SHA1()).hex()
        write(d, "p10.inf", '[NewRequest]\nSubject = "CN=sub.example.com"\nKeyAlgorithm = ECDSA_P256\n')
        self.must(["-new", "-q", "p10.inf", "p10.req"])
        write(d, "cmc.inf", '[NewRequest]\nSubject = "CN=cmc.example.com"\nRequestType = CMC\nKeyAlgorithm = ECDSA_P256\n')
        self.must(["-new", "-q", "cmc.inf", "cmc.req"])

    def must(self, args):
        r = run(args, self.d)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    def read(self, name):
        return cmsder.pem_or_der(os.path.join(self.d, name))


def openssl_verify(d, der, cafile):
    with open(os.path.join(d, "v.der"), "wb") as f:
        f.write(der)
    return subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "v.der", "-CAfile", cafile,
                           "-purpose", "any", "-out", "v.out"], cwd=d, capture_output=True, text=True)


@case
def sign_pkcs10_makes_cmc_signed_by_the_agent():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        r = s.must(["-sign", "-cert", s.tp, "p10.req", "signed.req"])
        assert r.stdout.startswith("Signed PKCS10 request as CMC with 1 signer"), r.stdout
        sd = cmsder.SignedData(s.read("signed.req"))
        assert sd.version == 3 and sd.content_type == "1.3.6.1.5.5.7.12.2"
        assert sd.certificates == [s.agent_der]
        (si,) = sd.signers
        assert si.version == 1 and si.issuer_serial() == cmsder.cert_issuer_serial(s.agent_der)
        cmsder.verify_signer(sd, si, s.agent.public_key())
        controls, reqs, cms_seq, other = cmsder.parse(sd.content).children()
        assert controls.content == b"" and cms_seq.content == b"" and other.content == b""
        (tcr,) = reqs.children()
        assert cmsder.integer(tcr.children()[0]) == 1
        assert tcr.children()[1].whole == s.read("p10.req"), "the PKCS#10 verbatim"
        v = openssl_verify(d, s.read("signed.req"), "agent.cer")
        assert v.returncode == 0, v.stderr


@case
def sign_cmc_adds_a_signer_and_keeps_the_first():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        before = cmsder.SignedData(s.read("cmc.req"))
        r = s.must(["-sign", "-cert", s.tp, "-HashAlgorithm", "sha384", "cmc.req", "signed.req"])
        assert "CMC request as CMC with 2 signers" in r.stdout, r.stdout
        sd = cmsder.SignedData(s.read("signed.req"))
        assert sd.content == before.content, "the PKIData unchanged"
        assert sd.certificates == [s.agent_der]
        assert len(sd.signers) == 2
        kept = [x for x in sd.signers if x.whole == before.signers[0].whole]
        assert len(kept) == 1, "the request key's SignerInfo kept byte for byte"
        (new,) = [x for x in sd.signers if not x.by_ski]
        assert new.digest_oid == "2.16.840.1.101.3.4.2.2"
        assert sorted(sd.digest_algorithms) == sorted([bytes.fromhex("300d06096086480165030402010500"),
                                                       bytes.fromhex("300d06096086480165030402020500")])
        cmsder.verify_signer(sd, new, s.agent.public_key())
        csr = x509.load_der_x509_csr(cmsder.parse(sd.content).children()[1].children()[0].children()[1].whole)
        cmsder.verify_signer(sd, kept[0], csr.public_key())
        # Signing twice: three signers, still one copy of the agent certificate.
        s.must(["-sign", "-cert", s.tp, "signed.req", "twice.req"])
        sd2 = cmsder.SignedData(s.read("twice.req"))
        assert len(sd2.signers) == 3 and sd2.certificates == [s.agent_der]


@case
def sign_pkcs7_renewal_adds_a_signer_of_the_same_kind():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        write(d, "old.inf", '[NewRequest]\nSubject = "CN=old"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n')
        s.must(["-new", "-q", "-user", "old.inf", "old.cer"])
        old = cmsder.load_cert(os.path.join(d, "old.cer"))
        write(d, "p7.inf", f"[NewRequest]\nRequestType = PKCS7\nRenewalCert = {old.fingerprint(hashes.SHA1()).hex()}\n")
        s.must(["-new", "-q", "-user", "p7.inf", "p7.req"])
        s.must(["-sign", "-cert", s.tp, "p7.req", "signed.req"])
        sd = cmsder.SignedData(s.read("signed.req"))
        assert sd.version == 1 and sd.content_type == "1.2.840.113549.1.7.1"
        assert len(sd.signers) == 2 and all(x.signed_attrs is None for x in sd.signers)
        for x in sd.signers:
            cert = old if x.issuer_serial() == cmsder.cert_issuer_serial(old.public_bytes(cmsder.serialization.Encoding.DER)) else s.agent
            cmsder.verify_signer(sd, x, cert.public_key())


@case
def sign_refuses_a_broken_request_and_bad_usage():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        der = bytearray(s.read("cmc.req"))
        at = der.find(b"cmc.example.com")
        der[at] ^= 0x20  # "Cmc.example.com": the messageDigest no longer matches
        with open(os.path.join(d, "bad.req"), "wb") as f:
            f.write(der)
        r = run(["-sign", "-cert", s.tp, "bad.req", "out.req"], d)
        assert r.returncode == 1, r.returncode
        assert "the CMC request's signature does not verify" in r.stderr and "messageDigest" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "out.req"))
        r = run(["-sign", "-cert", "00112233", "p10.req", "out.req"], d)
        assert r.returncode == 1 and "-cert: no installed certificate matches '00112233'" in r.stderr, r.stderr
        r = run(["-sign", "-cert", s.tp, "p10.req"], d)
        assert r.returncode == 2, r.returncode
        s.must(["-sign", "-q", "-cert", s.tp, "p10.req", "out.req"])
        r = run(["-sign", "-cert", s.tp, "p10.req", "out.req"], d)
        assert r.returncode == 1 and "file exists (use -f to overwrite)" in r.stderr, r.stderr


POLICY_INF = r"""[Version]
Signature = "$Windows NT$"

[PolicyStatementExtension]
Policies = LegalPolicy, AnyPolicy
Critical = FALSE

[LegalPolicy]
OID = 1.3.6.1.4.1.311.21.43
Notice = "Legal policy statement text."
URL = "http://www.example.com/policy.asp"

[AnyPolicy]
OID = 2.5.29.32.0

[ApplicationPolicyStatementExtension]
Policies = AppPolicy

[AppPolicy]
OID = 1.3.6.1.5.5.7.3.2

[PolicyMappingsExtension]
1.3.6.1.4.1.311.21.43 = 1.2.3.4.5

[ApplicationPolicyMappingsExtension]
1.3.6.1.5.5.7.3.2 = 1.3.6.1.5.5.7.3.4

[PolicyConstraintsExtension]
RequireExplicitPolicy = 0
InhibitPolicyMapping = 2

[ApplicationPolicyConstraintsExtension]
RequireExplicitPolicy = 3

[NameConstraintsExtension]
Include = Permitted
Exclude = Excluded
Critical = TRUE

[Permitted]
DNS = example.com
Email = example.com

[Excluded]
DNS = bad.example.com
IPAddress = 10.0.0.0,255.0.0.0

[BasicConstraintsExtension]
PathLength = 0
Critical = TRUE

[EnhancedKeyUsageExtension]
OID = 1.3.6.1.5.5.7.3.1
OID = 1.3.6.1.5.5.7.3.2
"""

POLICY_OIDS = ["2.5.29.32", "1.3.6.1.4.1.311.21.10", "2.5.29.33", "1.3.6.1.4.1.311.21.11", "2.5.29.36",
               "1.3.6.1.4.1.311.21.12", "2.5.29.30", "2.5.29.19", "2.5.29.37"]


def check_policy_extensions(exts):
    """Every extension of POLICY_INF, field by field. `exts` is a cryptography Extensions."""
    by = {e.oid.dotted_string: e for e in exts}
    cp = by["2.5.29.32"]
    assert not cp.critical
    pols = cp.value
    assert [p.policy_identifier.dotted_string for p in pols] == ["1.3.6.1.4.1.311.21.43", "2.5.29.32.0"]
    q = pols[0].policy_qualifiers
    notices = [x for x in q if isinstance(x, x509.UserNotice)]
    cps = [x for x in q if isinstance(x, str)]
    assert len(notices) == 1 and notices[0].explicit_text == "Legal policy statement text." and notices[0].notice_reference is None
    assert cps == ["http://www.example.com/policy.asp"]
    assert pols[1].policy_qualifiers is None

    def der_of(ext_oid):
        v = by[ext_oid].value
        return v.value if isinstance(v, x509.UnrecognizedExtension) else v.public_bytes()

    # Application policies: CertificatePolicies syntax under Microsoft's OID.
    app = cmsder.parse(der_of("1.3.6.1.4.1.311.21.10"))
    assert [cmsder.oid(p.children()[0]) for p in app.children()] == ["1.3.6.1.5.5.7.3.2"]
    assert len(app.children()[0].children()) == 1, "no qualifiers"
    for ext_oid, pairs in (("2.5.29.33", [("1.3.6.1.4.1.311.21.43", "1.2.3.4.5")]),
                           ("1.3.6.1.4.1.311.21.11", [("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4")])):
        m = cmsder.parse(der_of(ext_oid))
        got = [(cmsder.oid(x.children()[0]), cmsder.oid(x.children()[1])) for x in m.children()]
        assert got == pairs, (ext_oid, got)
        assert not by[ext_oid].critical
    pc = by["2.5.29.36"].value
    assert pc.require_explicit_policy == 0 and pc.inhibit_policy_mapping == 2
    apc = cmsder.parse(der_of("1.3.6.1.4.1.311.21.12")).children()
    assert [(x.tag, int.from_bytes(x.content, "big")) for x in apc] == [(0x80, 3)], apc
    nc = by["2.5.29.30"]
    assert nc.critical
    assert nc.value.permitted_subtrees == [x509.DNSName("example.com"), x509.RFC822Name("example.com")]
    assert nc.value.excluded_subtrees == [x509.DNSName("bad.example.com"), x509.IPAddress(ipaddress.ip_network("10.0.0.0/8"))]
    bc = by["2.5.29.19"]
    assert bc.critical and bc.value.ca and bc.value.path_length == 0
    eku = by["2.5.29.37"]
    assert not eku.critical and list(eku.value) == [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]


def extension_ders(der_list):
    return {cmsder.oid(cmsder.parse(e).children()[0]): e for e in der_list}


@case
def policy_on_a_pkcs10_every_extension_field_by_field():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        write(d, "policy.inf", POLICY_INF)
        r = s.must(["-policy", "-cert", s.tp, "-attrib", "RequesterName:DOM\\user\\nCertificateTemplate:SubCA",
                    "p10.req", "policy.inf", "out.req", "out10.req"])
        assert r.stdout == "CertReq: Request Created\n", r.stdout
        sd = cmsder.SignedData(s.read("out.req"))
        assert sd.content_type == "1.3.6.1.5.5.7.12.2" and sd.certificates == [s.agent_der]
        (si,) = sd.signers
        cmsder.verify_signer(sd, si, s.agent.public_key())
        controls, reqs, _, _ = cmsder.parse(sd.content).children()
        assert reqs.children()[0].children()[1].whole == s.read("p10.req"), "the original PKCS#10 verbatim"
        c = [x.children() for x in controls.children()]
        assert [(cmsder.integer(x[0]), cmsder.oid(x[1])) for x in c] == [(2, "1.3.6.1.5.5.7.7.8"), (3, "1.3.6.1.5.5.7.7.18")]
        (reg,) = c[1][2].children()
        assert reg.content == b"RequesterName=DOM%5Cuser&CertificateTemplate=SubCA&", reg.content
        # AddExtensions { pkiDataReference 0, certReferences { 1 }, extensions }
        (ae,) = c[0][2].children()
        ref, certrefs, exts = ae.children()
        assert cmsder.integer(ref) == 0 and [cmsder.integer(x) for x in certrefs.children()] == [1]
        added = [e.whole for e in exts.children()]
        assert [cmsder.oid(cmsder.parse(e).children()[0]) for e in added] == POLICY_OIDS
        # The PKCS#10 form: the request's subject and key, its extensions plus the policy's, signed by the agent.
        p10 = x509.load_der_x509_csr(s.read("out10.req"))
        orig = x509.load_der_x509_csr(s.read("p10.req"))
        assert p10.subject == orig.subject and cmsder.spki_of(p10) == cmsder.spki_of(orig)
        s.agent.public_key().verify(p10.signature, p10.tbs_certrequest_bytes, padding.PKCS1v15(), hashes.SHA256())
        check_policy_extensions(p10.extensions)
        # The same DER in both outputs, and the request's own extensions kept.
        p10_exts = {e.oid.dotted_string for e in p10.extensions}
        assert {e.oid.dotted_string for e in orig.extensions} <= p10_exts
        ext_req = [a for a in cmsder.parse(s.read("out10.req")).children()[0].children()[3].children()
                   if cmsder.oid(a.children()[0]) == "1.2.840.113549.1.9.14"][0]
        in_p10 = extension_ders([e.whole for e in ext_req.children()[1].children()[0].children()])
        for e in added:
            assert in_p10[cmsder.oid(cmsder.parse(e).children()[0])] == e
        v = openssl_verify(d, s.read("out.req"), "agent.cer")
        assert v.returncode == 0, v.stderr


@case
def policy_cross_certifies_a_ca_certificate():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        write(d, "foreign.inf", '[NewRequest]\nSubject = "CN=Foreign Root, O=Other"\nRequestType = Cert\nKeyLength = 2048\n'
                                "[BasicConstraintsExtension]\nPathLength = 3\nCritical = TRUE\n")
        # Issued by the agent (-new -cert): the certificate has an authority key identifier to drop.
        s.must(["-new", "-q", "-user", "-cert", s.tp, "foreign.inf", "foreign.cer"])
        foreign = cmsder.load_cert(os.path.join(d, "foreign.cer"))
        assert foreign.extensions.get_extension_for_oid(x509.oid.ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
        write(d, "policy.inf", POLICY_INF)
        s.must(["-policy", "-q", "-cert", s.tp, "foreign.cer", "policy.inf", "x.req", "x10.req"])
        p10 = x509.load_der_x509_csr(s.read("x10.req"))
        assert p10.subject == foreign.subject and cmsder.spki_of(p10) == cmsder.spki_of(foreign)
        s.agent.public_key().verify(p10.signature, p10.tbs_certrequest_bytes, padding.PKCS1v15(), hashes.SHA256())
        check_policy_extensions(p10.extensions)
        oids = [e.oid.dotted_string for e in p10.extensions]
        assert "2.5.29.35" not in oids, "the old authority key identifier is dropped"
        assert oids.count("2.5.29.19") == 1, "the policy's basic constraints replace the certificate's"
        assert "2.5.29.14" in oids, "the certificate's subject key identifier is kept"
        sd = cmsder.SignedData(s.read("x.req"))
        reqs = cmsder.parse(sd.content).children()[1]
        assert reqs.children()[0].children()[1].whole == s.read("x10.req"), "the CMC carries the PKCS#10 form"
        cmsder.verify_signer(sd, sd.signers[0], s.agent.public_key())


@case
def without_cert_the_picker_takes_the_one_certificate_with_the_purpose():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        # -sign: the agent is the only certificate with the Certificate Request Agent EKU.
        r = s.must(["-sign", "p10.req", "auto.req"])
        assert r.stdout.startswith("Signed PKCS10 request as CMC with 1 signer (" + s.tp + ")"), r.stdout
        assert cmsder.SignedData(s.read("auto.req")).certificates == [s.agent_der]
        # -policy wants Qualified Subordination, which the agent lacks; -noEKU takes any certificate.
        write(d, "policy.inf", POLICY_INF)
        r = run(["-policy", "p10.req", "policy.inf", "o.req"], d)
        assert r.returncode == 1, r.returncode
        assert ("certreq -policy: no -cert given, and no certificate with a private key and the Qualified Subordination "
                "EKU (1.3.6.1.4.1.311.10.3.10; -noEKU: any) in ") in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "o.req"))
        s.must(["-policy", "-noEKU", "p10.req", "policy.inf", "o.req"])
        assert cmsder.SignedData(s.read("o.req")).certificates == [s.agent_der]
        # A certificate without a private key is never a candidate; a qualified-subordination one is, for -policy.
        write(d, "qs.inf", '[NewRequest]\nSubject = "CN=QS"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n'
                           "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.4.1.311.10.3.10\n")
        s.must(["-new", "-q", "qs.inf", "qs.cer"])
        qs_der = cmsder.load_cert(os.path.join(d, "qs.cer")).public_bytes(cmsder.serialization.Encoding.DER)
        s.must(["-policy", "-f", "p10.req", "policy.inf", "o.req"])
        assert cmsder.SignedData(s.read("o.req")).certificates == [qs_der]
        # Two certificates qualify under -noEKU: an error listing both thumbprints, no output.
        r = run(["-sign", "-noEKU", "p10.req", "two.req"], d)
        assert r.returncode == 1 and "no -cert given, and 2 certificates qualify" in r.stderr, r.stderr
        assert s.tp in r.stderr and not os.path.exists(os.path.join(d, "two.req")), r.stderr
        # A certificate without an EKU extension is good for every purpose (as on Windows).
        write(d, "any.inf", '[NewRequest]\nSubject = "CN=Any"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n')
        s.must(["-new", "-q", "any.inf", "any.cer"])
        r = run(["-sign", "p10.req", "three.req"], d)
        assert r.returncode == 1 and "no -cert given, and 2 certificates qualify (certificate with a private key and " \
                                     "the Certificate Request Agent EKU" in r.stderr, r.stderr
        # -machine: the machine store is empty.
        r = run(["-sign", "-machine", "p10.req", "m.req"], d)
        assert r.returncode == 1 and "machine-store" in r.stderr and "no -cert given" in r.stderr, r.stderr


@case
def policy_errors():
    with tempfile.TemporaryDirectory() as d:
        s = Setup(d)
        write(d, "empty.inf", "[Version]\nSignature = \"$Windows NT$\"\n")
        r = run(["-policy", "-cert", s.tp, "p10.req", "empty.inf", "o.req"], d)
        assert r.returncode == 1 and "error: no policy section" in r.stderr, r.stderr
        write(d, "bad.inf", "[BasicConstraintsExtension]\nPathLength = banana\n")
        r = run(["-policy", "-cert", s.tp, "p10.req", "bad.inf", "o.req"], d)
        assert r.returncode == 1 and r.stderr.startswith("bad.inf:2:"), r.stderr
        write(d, "policy.inf", POLICY_INF)
        write(d, "junk.req", "not a request")
        r = run(["-policy", "-cert", s.tp, "junk.req", "policy.inf", "o.req"], d)
        assert r.returncode == 1 and "junk.req:" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(d, "o.req"))
        r = run(["-policy", "-cert", s.tp, "p10.req", "policy.inf"], d)
        assert r.returncode == 2


finish()
