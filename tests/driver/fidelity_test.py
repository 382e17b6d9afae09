#!/usr/bin/python3
"""Windows fidelity (spec §6.3, §6.4, §7.2, §10.1): the request certreq -new
writes for an INF is the one certreq.exe writes for it. Every check reads the
DER with an independent decoder: python3-cryptography for the parsed view and
the project's independent test DER reader (cms_cases/cmsder.py) for what cryptography does not show (string tags,
attribute contents, extension order), and openssl for the printed subject.

Usage: fidelity_test.py CERTREQ"""
import os
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.x509.oid import NameOID

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cms_cases"))
import cmsder  # noqa: E402
from harness import case, finish  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])

PRINTABLE, UTF8, IA5, BMP = 0x13, 0x0C, 0x16, 0x1E


# --- an independent DER reader: tests/driver/cms_cases/cmsder.py ------------------
def der_children(content):
    """(tag, content, whole) of each element of `content`."""
    return [(t.tag, t.content, t.whole) for t in cmsder.parse_all(content)]


def oid_text(body):
    return cmsder.oid(cmsder.TLV(0x06, body, b""))


def der_read(b):
    t = cmsder.parse(b)
    return t.tag, t.content, len(t.whole)


def csr_parts(der):
    """subject (list of RDNs of (oid, tag, value bytes)), attributes {oid: [values]}, extensions [(oid, critical, value)]."""
    _, req, _ = der_read(der)
    info = der_children(req)[0]
    fields = der_children(info[1])
    subject = [[(oid_text(der_children(atv[1])[0][1]), der_children(atv[1])[1][0], der_children(atv[1])[1][1])
                for atv in der_children(rdn[1])] for rdn in der_children(fields[1][1])]
    attrs = {}
    for a in der_children(fields[3][1]):
        kids = der_children(a[1])
        attrs[oid_text(kids[0][1])] = der_children(kids[1][1])
    exts = []
    if "1.2.840.113549.1.9.14" in attrs:
        exts = extension_list(attrs["1.2.840.113549.1.9.14"][0][1])
    return subject, attrs, exts


def extension_list(body):
    out = []
    for e in der_children(body):
        kids = der_children(e[1])
        critical = len(kids) == 3 and kids[1][1] == b"\xff"
        out.append((oid_text(kids[0][1]), critical, kids[-1][1]))
    return out


def cert_extensions(der):
    _, cert, _ = der_read(der)
    tbs = der_children(der_children(cert)[0][1])
    for t in tbs:
        if t[0] == 0xA3:
            return extension_list(der_children(t[1])[0][1])
    return []


# --- running certreq ------------------------------------------------------------
def run(args, d, env_extra=None):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(d, "user-store"),
               CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"))
    env.update(env_extra or {})
    return subprocess.run([CERTREQ] + args, cwd=d, capture_output=True, env=env)


def new(inf, env_extra=None, binary=True, expect_ok=True):
    """certreq -new -binary on `inf`: (DER, stderr text)."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "r.inf"), "w") as f:
            f.write(inf)
        r = run(["-new", "-q"] + (["-binary"] if binary else []) + ["r.inf", "r.out"], d, env_extra)
        err = r.stderr.decode()
        if not expect_ok:
            assert r.returncode != 0, "expected a failure"
            assert not os.path.exists(os.path.join(d, "r.out"))
            return None, err
        assert r.returncode == 0, err
        return open(os.path.join(d, "r.out"), "rb").read(), err


EC = "KeyAlgorithm = ECDSA_P256\n"


@case
def subject_written_leaf_first_is_encoded_root_first():
    der, _ = new('[NewRequest]\nSubject = "CN=host, O=Org, C=US"\n' + EC)
    csr = x509.load_der_x509_csr(der)
    assert [a.oid for a in csr.subject] == [NameOID.COUNTRY_NAME, NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME]
    subject, _, _ = csr_parts(der)
    assert subject == [[("2.5.4.6", PRINTABLE, b"US")], [("2.5.4.10", UTF8, b"Org")], [("2.5.4.3", UTF8, b"host")]], subject
    # openssl prints the DER order
    r = subprocess.run(["openssl", "req", "-inform", "DER", "-noout", "-subject", "-nameopt", "oneline"],
                       input=der, capture_output=True)
    assert r.stdout.decode().strip() == "subject=C = US, O = Org, CN = host", r.stdout


@case
def ldap_dn_gets_the_order_of_ad_issued_certificates():
    der, _ = new('[NewRequest]\nSubject = "CN=x,CN=Users,DC=contoso,DC=com"\n' + EC)
    subject, _, _ = csr_parts(der)
    assert subject == [[("0.9.2342.19200300.100.1.25", IA5, b"com")], [("0.9.2342.19200300.100.1.25", IA5, b"contoso")],
                       [("2.5.4.3", UTF8, b"Users")], [("2.5.4.3", UTF8, b"x")]], subject


@case
def forward_flag_keeps_written_order_and_disable_utf8_gives_printable():
    der, _ = new('[NewRequest]\nSubject = "CN=host, O=Org, C=US, E=a@b.example"\n'
                 'X500NameFlags = "CERT_NAME_STR_FORWARD_FLAG | CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG"\n' + EC)
    subject, _, _ = csr_parts(der)
    assert subject == [[("2.5.4.3", PRINTABLE, b"host")], [("2.5.4.10", PRINTABLE, b"Org")],
                       [("2.5.4.6", PRINTABLE, b"US")], [("1.2.840.113549.1.9.1", IA5, b"a@b.example")]], subject
    der, _ = new('[NewRequest]\nSubject = "CN=a, O=b"\nX500NameFlags = CERT_NAME_STR_REVERSE_FLAG\n' + EC)
    subject, _, _ = csr_parts(der)
    assert [r[0][0] for r in subject] == ["2.5.4.10", "2.5.4.3"], subject  # REVERSE alone: the default


@case
def dump_prints_names_leaf_first():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "r.inf"), "w") as f:
            f.write('[NewRequest]\nSubject = "CN=host, O=Org, C=US"\n' + EC)
        assert run(["-new", "-q", "r.inf", "r.req"], d).returncode == 0
        r = run(["-dump", "r.req"], d)
        assert r.returncode == 0
        assert "CN=host, O=Org, C=US" in r.stdout.decode(), r.stdout


@case
def directory_name_san_is_reversed_too():
    der, _ = new('[NewRequest]\nSubject = "CN=s"\n' + EC +
                 '[Extensions]\n2.5.29.17 = "{text}DirectoryName=CN=x,O=y,C=US"\n')
    san = x509.load_der_x509_csr(der).extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dn = san.get_values_for_type(x509.DirectoryName)[0]
    assert [a.oid for a in dn] == [NameOID.COUNTRY_NAME, NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME], dn


TEMPLATE_EXT = "1.3.6.1.4.1.311.20.2"


@case
def template_name_extension_in_request_and_certificate():
    inf = '[NewRequest]\nSubject = "CN=t"\n' + EC + '[RequestAttributes]\nCertificateTemplate = WebServer\n'
    der, _ = new(inf)
    _, attrs, exts = csr_parts(der)
    assert exts[0] == (TEMPLATE_EXT, False, bytes([BMP, 18]) + "WebServer".encode("utf-16-be")), exts[0]
    # the name/value attribute stays
    pair = der_children(attrs["1.3.6.1.4.1.311.13.2.1"][0][1])
    assert pair[1][1].decode("utf-16-be") == "WebServer"
    cert, _ = new(inf.replace("[RequestAttributes]", "RequestType = Cert\n[RequestAttributes]"))
    x509.load_der_x509_certificate(cert)
    assert cert_extensions(cert)[0][0] == TEMPLATE_EXT and cert_extensions(cert)[0][2][2:].decode("utf-16-be") == "WebServer"
    # -attrib too, as certreq merges it like [RequestAttributes]
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "r.inf"), "w") as f:
            f.write('[NewRequest]\nSubject = "CN=t"\n' + EC)
        assert run(["-new", "-q", "-binary", "-attrib", "CertificateTemplate:User", "r.inf", "r.der"], d).returncode == 0
        _, _, exts = csr_parts(open(os.path.join(d, "r.der"), "rb").read())
        assert exts[0] == (TEMPLATE_EXT, False, bytes([BMP, 8]) + "User".encode("utf-16-be")), exts


@case
def extension_order_as_certreq_writes_it():
    inf = ('[NewRequest]\nSubject = "CN=o"\n' + EC + 'KeyUsage = 0xa0\n'
           '[BasicConstraintsExtension]\nPathLength = 0\n'
           '[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1\n'
           '[Extensions]\n2.5.29.17 = "{text}dns=o.example"\n'
           '[RequestAttributes]\nCertificateTemplate = SubCA\n')
    der, _ = new(inf)
    _, _, exts = csr_parts(der)
    assert [e[0] for e in exts] == [TEMPLATE_EXT, "2.5.29.15", "2.5.29.17", "2.5.29.37", "2.5.29.19", "2.5.29.14"], exts
    # a defaulted KeyUsage comes last, after the SKI
    der, _ = new('[NewRequest]\nSubject = "CN=o"\n' + EC + '[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.2\n')
    _, _, exts = csr_parts(der)
    assert [e[0] for e in exts] == ["2.5.29.37", "2.5.29.14", "2.5.29.15"], exts
    assert exts[2][1] is True and exts[2][2] == bytes.fromhex("03020780"), exts[2]


def csp_and_client(der):
    _, attrs, _ = csr_parts(der)
    csp = der_children(attrs["1.3.6.1.4.1.311.13.2.2"][0][1])
    client = der_children(attrs["1.3.6.1.4.1.311.21.20"][0][1])
    return int.from_bytes(csp[0][1], "big"), csp[1][1].decode("utf-16-be"), [c[1] for c in client]


def key_usage(der):
    return x509.load_der_x509_csr(der).extensions.get_extension_for_class(x509.KeyUsage).value


@case
def defaults_for_an_rsa_key_with_no_provider():
    der, _ = new('[NewRequest]\nSubject = "CN=d"\nKeyLength = 1024\n')
    spec, provider, client = csp_and_client(der)
    assert (spec, provider) == (2, "Microsoft Strong Cryptographic Provider"), (spec, provider)
    assert client[0] == b"\x09" and client[3] == b"certreq.exe", client
    ku = key_usage(der)
    assert ku.digital_signature and not ku.key_encipherment, ku
    der, _ = new('[NewRequest]\nSubject = "CN=d"\nKeyLength = 1024\nKeySpec = 1\n',
                 {"CERTREQ_CLIENT_PROCESS": "certreq"})
    spec, provider, client = csp_and_client(der)
    assert spec == 1 and client[3] == b"certreq", (spec, client)
    ku = key_usage(der)
    assert ku.key_encipherment and not ku.digital_signature, ku
    # a key storage provider named without KeySpec: AT_NONE
    der, _ = new('[NewRequest]\nSubject = "CN=d"\nKeyLength = 1024\n'
                 'ProviderName = "Microsoft Software Key Storage Provider"\n')
    spec, provider, _ = csp_and_client(der)
    assert (spec, provider) == (0, "Microsoft Software Key Storage Provider"), (spec, provider)
    # an EC key with no provider lives in the software KSP
    der, _ = new('[NewRequest]\nSubject = "CN=d"\n' + EC)
    assert csp_and_client(der)[:2] == (0, "Microsoft Software Key Storage Provider")


@case
def section_and_extensions_line_are_merged():
    der, err = new('[NewRequest]\nSubject = "CN=ca"\n' + EC +
                   '[BasicConstraintsExtension]\nPathLength = 0\n'
                   '[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1\nOID = 1.3.6.1.5.5.7.3.2\n'
                   '[Extensions]\n2.5.29.19 = "{text}ca=True"\nCritical = 2.5.29.19\n'
                   '2.5.29.37 = "{text}1.3.6.1.5.5.7.3.2,1.3.6.1.5.5.7.3.4"\n')
    _, _, exts = csr_parts(der)
    assert [e[0] for e in exts].count("2.5.29.19") == 1 and [e[0] for e in exts].count("2.5.29.37") == 1, exts
    bc = x509.load_der_x509_csr(der).extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca and bc.value.path_length == 0, bc
    eku = x509.load_der_x509_csr(der).extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert [o.dotted_string for o in eku] == ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.1"], eku
    assert "merged into one extension" in err, err


@case
def orphan_continue_is_ignored_with_a_warning():
    der, err = new('[NewRequest]\nSubject = "CN=c"\n' + EC + '[Extensions]\n_continue_ = "dns=x&"\n')
    assert "r.inf:5:1: warning: _continue_ has no previous entry" in err, err
    assert "2.5.29.17" not in [e[0] for e in csr_parts(der)[2]]


@case
def subject_name_flags_fill_from_this_machine():
    env = {"CERTREQ_CLIENT_MACHINE": "host1.corp.example", "CERTREQ_SUBJECT_UPN": "jdoe@corp.example"}
    der, _ = new('[NewRequest]\n' + EC + 'SubjectNameFlags = "CT_FLAG_SUBJECT_REQUIRE_DNS_AS_CN | '
                 'CT_FLAG_SUBJECT_ALT_REQUIRE_DNS | CT_FLAG_SUBJECT_ALT_REQUIRE_UPN"\n', env)
    csr = x509.load_der_x509_csr(der)
    assert [(a.oid, a.value) for a in csr.subject] == [(NameOID.COMMON_NAME, "host1.corp.example")], csr.subject
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["host1.corp.example"]
    upn = san.get_values_for_type(x509.OtherName)[0]
    assert upn.type_id.dotted_string == "1.3.6.1.4.1.311.20.2.3" and upn.value == b"\x0c\x11jdoe@corp.example", upn
    # a flag whose value is not known here is a positioned error; an unknown flag name too
    _, err = new('[NewRequest]\n' + EC + 'SubjectNameFlags = CT_FLAG_SUBJECT_ALT_REQUIRE_UPN\n',
                 {"CERTREQ_SUBJECT_UPN": ""}, expect_ok=False)
    assert "r.inf:3:20: error: SubjectNameFlags: CT_FLAG_SUBJECT_ALT_REQUIRE_UPN needs a user principal name: set CERTREQ_SUBJECT_UPN" in err, err
    _, err = new('[NewRequest]\n' + EC + 'SubjectNameFlags = CT_FLAG_SUBJECT_REQUIRE_BOGUS\n', expect_ok=False)
    assert 'r.inf:3:20: error: SubjectNameFlags: unknown flag "CT_FLAG_SUBJECT_REQUIRE_BOGUS"' in err, err


finish()
