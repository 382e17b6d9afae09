"""A small independent DER reader for the CMS/CMC driver tests (not our C++
decoder): TLV walking, OIDs, integers, and the SignedData fields the tests
check. Signatures are verified with python3-cryptography."""
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


class TLV:
    def __init__(self, tag, content, whole):
        self.tag, self.content, self.whole = tag, content, whole

    def children(self):
        return parse_all(self.content)

    def __repr__(self):
        return f"TLV({self.tag:#x}, {len(self.content)} bytes)"


def parse_one(b, at=0):
    tag = b[at]
    assert tag & 0x1F != 0x1F, "high tag numbers not expected"
    n = b[at + 1]
    p = at + 2
    if n & 0x80:
        k = n & 0x7F
        assert 1 <= k <= 4
        n = int.from_bytes(b[p:p + k], "big")
        assert n >= 128 and (k == 1 or b[p] != 0), "non-minimal length (not DER)"
        p += k
    assert p + n <= len(b), "length past the end"
    return TLV(tag, b[p:p + n], b[at:p + n]), p + n


def parse(b):
    t, end = parse_one(b)
    assert end == len(b), f"{len(b) - end} trailing bytes"
    return t


def parse_all(b):
    out, at = [], 0
    while at < len(b):
        t, at = parse_one(b, at)
        out.append(t)
    return out


def oid(t):
    assert t.tag == 0x06, hex(t.tag)
    c = t.content
    first = c[0]
    arcs = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    v = 0
    for x in c[1:]:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            arcs.append(v)
            v = 0
    return ".".join(map(str, arcs))


def integer(t):
    assert t.tag == 0x02, hex(t.tag)
    return int.from_bytes(t.content, "big", signed=True)


HASHES = {"1.3.14.3.2.26": (hashes.SHA1, hashlib.sha1), "2.16.840.1.101.3.4.2.1": (hashes.SHA256, hashlib.sha256),
          "2.16.840.1.101.3.4.2.2": (hashes.SHA384, hashlib.sha384), "2.16.840.1.101.3.4.2.3": (hashes.SHA512, hashlib.sha512)}


class SignerInfo:
    def __init__(self, t):
        f = t.children()
        self.whole = t.whole
        self.version = integer(f[0])
        self.sid = f[1]
        self.by_ski = f[1].tag == 0x80
        self.digest_oid = oid(f[2].children()[0])
        self.digest_alg = f[2].whole
        i = 3
        self.signed_attrs = None
        if f[i].tag == 0xA0:
            self.signed_attrs = f[i]
            i += 1
        self.sig_alg = f[i].whole
        self.sig_alg_oid = oid(f[i].children()[0])
        self.signature = f[i + 1].content
        self.unsigned_attrs = f[i + 2] if len(f) > i + 2 else None

    def attributes(self):
        """{oid: [value TLV...]} of the signed attributes."""
        out = {}
        for a in self.signed_attrs.children() if self.signed_attrs else []:
            c = a.children()
            out[oid(c[0])] = c[1].children()
        return out

    def issuer_serial(self):
        c = self.sid.children()
        return c[0].whole, integer(c[1])


class SignedData:
    def __init__(self, der):
        ci = parse(der)
        assert ci.tag == 0x30
        c = ci.children()
        assert oid(c[0]) == "1.2.840.113549.1.7.2", oid(c[0])
        assert c[1].tag == 0xA0
        sd = c[1].children()[0].children()
        self.version = integer(sd[0])
        self.digest_algorithms = [a.whole for a in sd[1].children()]
        encap = sd[2].children()
        self.content_type = oid(encap[0])
        self.content = encap[1].children()[0].content if len(encap) > 1 else None
        i = 3
        self.certificates, self.crls = [], []
        if sd[i].tag == 0xA0:
            self.certificates = [x.whole for x in sd[i].children()]
            i += 1
        if sd[i].tag == 0xA1:
            self.crls = [x.whole for x in sd[i].children()]
            i += 1
        assert sd[i].tag == 0x31 and i == len(sd) - 1
        self.signers = [SignerInfo(s) for s in sd[i].children()]


def verify_signer(sd, s, public_key):
    """Checks contentType/messageDigest (when signed attributes) and the signature. Raises on failure."""
    h, hl = HASHES[s.digest_oid]
    if s.signed_attrs is not None:
        attrs = s.attributes()
        assert oid(attrs["1.2.840.113549.1.9.3"][0]) == sd.content_type
        assert attrs["1.2.840.113549.1.9.4"][0].content == hl(sd.content).digest(), "messageDigest"
        data = b"\x31" + s.signed_attrs.whole[1:]
    else:
        data = sd.content
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(s.signature, data, padding.PKCS1v15(), h())
    else:
        public_key.verify(s.signature, data, ec.ECDSA(h()))


def cert_issuer_serial(cert_der):
    c = x509.load_der_x509_certificate(cert_der)
    tbs = parse(cert_der).children()[0].children()
    i = 1 if tbs[0].tag == 0xA0 else 0
    return tbs[i + 2].whole, c.serial_number


def pem_or_der(path):
    data = open(path, "rb").read()
    if data.startswith(b"-----BEGIN"):
        import base64
        lines = [l for l in data.splitlines() if l and not l.startswith(b"-----")]
        return base64.b64decode(b"".join(lines))
    return data


def csr_ski(csr):
    return csr.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def load_cert(path):
    return x509.load_der_x509_certificate(pem_or_der(path))


def spki_of(cert):
    return cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
