#!/usr/bin/python3
"""The bad-input catalogue: malformed INF and DER inputs and bad output
arguments by class, each run through the real binary (`certreq -new` or
`certreq -dump`) with the exact
first error line expected, exit code 1, certreq.exe's HRESULT line last
(windows_form), no output file, no stray files, and the key store unchanged
(its tree hashed before and after).

Usage: catalogue_test.py CERTREQ CASES_DIR [--show]
  --show prints what each case gives instead of checking (to write rows).
CERTREQ_WRAPPER (e.g. "valgrind --error-exitcode=99 -q") is put in front of
every certreq run; a wrapper failure (exit 99) fails the case."""
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "driver"))
from harness import first_error, nested  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
CASES = os.path.abspath(sys.argv[2])
SHOW = "--show" in sys.argv[3:]
WRAPPER = shlex.split(os.environ.get("CERTREQ_WRAPPER", ""))

HEAD = '[NewRequest]\nSubject = "CN=hardening.example"\nKeyAlgorithm = ECDSA_P256\n'
CERT = HEAD + "RequestType = Cert\n"
REQUEST = open(os.path.join(CASES, "request.der"), "rb").read()
CERTIFICATE = open(os.path.join(CASES, "certificate.der"), "rb").read()
P7B = open(os.path.join(CASES, "certs_only.p7b"), "rb").read()


def pem(label, der, body=None):
    import base64
    b = body if body is not None else base64.encodebytes(der).decode()
    return f"-----BEGIN {label}-----\n{b}-----END {label}-----\n".encode()


# (class, name, verb, input bytes, expected first error line, options). The
# input file is bad.inf for -new and bad.der for -dump; {store} in the
# expectation is the user store; options go before the file names.
ROWS = []
# A challenge password the "secrets" rows carry: it must never be printed, nor
# its halves (rows split it at 8 over a _continue_ line).
PASSWORD = "Pw-catalogue-5e0c1d"


def new(cls, name, text, expect, options=()):
    ROWS.append((cls, name, "new", text.encode("utf-8") if isinstance(text, str) else text, expect, list(options)))


def dump(cls, name, data, expect):
    ROWS.append((cls, name, "dump", data, expect, []))


# --- encoding ---------------------------------------------------------------
new("encoding", "utf16le_odd_length", b"\xff\xfe" + (HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = 2048").encode("utf-16-le")[:-1],
    'bad.inf:4:13: error: KeyLength: expected a number, got "204�"')
new("encoding", "utf16le_lone_surrogate_in_email",
    b"\xff\xfe" + '[NewRequest]\nKeyAlgorithm = ECDSA_P256\nSubject = "E=a'.encode("utf-16-le") +
    b"\x00\xd8" + '@x.example"\n'.encode("utf-16-le"),
    'bad.inf:3:15: error: Subject: character "�" is not allowed in an IA5String (e-mail addresses must be ASCII; CERT_NAME_STR_ENABLE_PUNYCODE_FLAG converts a non-ASCII host)')
new("encoding", "utf16be_lone_surrogate_in_number", b"\xfe\xff" + (HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = 20").encode("utf-16-be") +
    b"\xdc\x00" + "48\n".encode("utf-16-be"),
    'bad.inf:4:13: error: KeyLength: expected a number, got "20�48"')
new("encoding", "nul_byte", HEAD.encode() + b"Exportable = TR\x00UE\n",
    "bad.inf:4:16: error: NUL character in the file (binary data, or UTF-16 without a BOM?)")
new("encoding", "binary_garbage", bytes(range(256)) * 4,
    "bad.inf:1:1: error: entry before the first [section] header")
new("encoding", "empty_file", b"",
    "bad.inf:1:1: error: no [NewRequest] section: certreq -new needs one (Windows: INF file line not found 0xe0000102)")
new("encoding", "utf8_bom_only", b"\xef\xbb\xbf",
    "bad.inf:1:1: error: no [NewRequest] section: certreq -new needs one (Windows: INF file line not found 0xe0000102)")
new("encoding", "windows1252_in_san_email", HEAD.encode() + b'[Extensions]\n2.5.29.17 = "{text}email=j\xf6rg@example.com"\n',
    'bad.inf:5:27: error: SubjectAltName: non-ASCII character in "jörg@example.com" (an IA5String)')
dump("encoding", "dump_empty_file", b"",
    "bad.der: DER offset 0: error: empty file")
dump("encoding", "dump_text_not_base64", b"hello, world\n",
    "bad.der: DER offset 5: error: bad base64: not a base64 character")
dump("encoding", "dump_base64_slack_bits", b"MAMBAf9=\n",
    "bad.der: DER offset 9: error: bad base64: non-zero trailing bits")
dump("encoding", "dump_utf16_odd", b"\xff\xfeM\x00I\x00I\x00",
    "bad.der: DER offset 2: error: decoded DER: length truncated")

# --- syntax -----------------------------------------------------------------
new("syntax", "unclosed_section", "[NewRequest\nSubject = \"CN=x\"\n",
    "bad.inf:1:12: error: expected ']' to close the section name")
new("syntax", "no_newrequest_section", "[Version]\nSignature = \"$Windows NT$\"\n",
    "bad.inf:1:1: error: no [NewRequest] section: certreq -new needs one (Windows: INF file line not found 0xe0000102)")
new("syntax", "entry_before_section", "Subject = \"CN=x\"\n" + HEAD,
    "bad.inf:1:1: error: entry before the first [section] header")
# An orphan _continue_ is ignored with a warning (certreq.exe ignores it, spec 10.1): the section is then empty.
new("syntax", "continue_first", "[NewRequest]\n_continue_ = \"CN=x\"\n",
    "bad.inf:1:1: error: [NewRequest] is empty: it needs at least one key (Windows: Incorrect function. 0x1)")
new("syntax", "undefined_string_in_number", HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = %len%\n",
    'bad.inf:4:13: error: KeyLength: expected a number, got "%len%"')
new("syntax", "list_where_one_value", HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = 1024,2048\n",
    'bad.inf:4:13: error: KeyLength: expected a number, got "1024,2048"')
new("syntax", "empty_section_name", "[]\n" + HEAD,
    "bad.inf:1:1: error: empty section name")
new("syntax", "two_words_for_a_boolean", HEAD + "Exportable = TRUE FALSE\n",
    'bad.inf:4:14: error: Exportable: expected TRUE or FALSE, got "TRUE FALSE"')
new("syntax", "strings_value_not_a_name", HEAD.replace('"CN=hardening.example"', "%h%") + '[Strings]\nh = "hardening"\n',
    'bad.inf:2:11: error: Subject: expected \'=\' after "hardening"')

# --- secrets: the challenge password, however it is spelled, is starred -------
PW_STRINGS = "[Strings]\npw_key = ChallengePassword\n"
new("secrets", "challenge_key_via_strings_before_any_section", f'%pw_key% = "{PASSWORD}\n' + HEAD + PW_STRINGS,
    "bad.inf:1:1: error: entry before the first [section] header")
new("secrets", "challenge_value_reused_as_keyspec", HEAD + "ChallengePassword = %pw%\nKeySpec = %pw%\n"
    f"[Strings]\npw = {PASSWORD}\npw = {PASSWORD}\n",
    'bad.inf:5:11: error: KeySpec: unknown value "' + "*" * len(PASSWORD) + '" (expected AT_NONE, AT_KEYEXCHANGE, AT_SIGNATURE)')
new("secrets", "challenge_value_too_long_via_strings", HEAD + "ChallengePassword = %pw%\n" + f"[Strings]\npw = {PASSWORD * 216}\n",
    "bad.inf:4:21: error: value longer than 4096 characters after %string% substitution")
new("secrets", "challenge_key_quoted_in_parts_then_error", HEAD + f'"Challenge"Password = {PASSWORD} \u201c\nKeySpec = 9\n',
    'bad.inf:5:11: error: KeySpec: unknown value "9" (expected AT_NONE, AT_KEYEXCHANGE, AT_SIGNATURE)')
new("secrets", "challenge_continued_then_error", HEAD + f'ChallengePassword = "{PASSWORD[:8]}"\n_continue_ = "{PASSWORD[8:]}" %u%\nKeySpec = 9\n',
    'bad.inf:6:11: error: KeySpec: unknown value "9" (expected AT_NONE, AT_KEYEXCHANGE, AT_SIGNATURE)')
new("secrets", "attrib_challenge_with_equals", HEAD, "bad.inf: error: -attrib: ChallengePassword needs ':' between name and "
    'value (ChallengePassword:value), got "ChallengePassword=' + "*" * len(PASSWORD) + '"',
    options=["-attrib", f"ChallengePassword={PASSWORD}"])

# --- values -----------------------------------------------------------------
new("values", "keylength_word", HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = banana\n",
    'bad.inf:4:13: error: KeyLength: expected a number, got "banana"')
new("values", "keylength_too_small", HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = 512\n",
    "bad.inf:4:13: error: KeyLength: RSA keys must be 1024 to 8192 bits, got 512")
new("values", "keylength_too_large", HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = 16384\n",
    "bad.inf:4:13: error: KeyLength: RSA keys must be 1024 to 8192 bits, got 16384")
new("values", "keylength_overflow", HEAD.replace("ECDSA_P256", "RSA") + "KeyLength = 99999999999999999999\n",
    'bad.inf:4:13: error: KeyLength: expected a number, got "99999999999999999999"')
new("values", "unknown_key_algorithm", HEAD.replace("ECDSA_P256", "ROT13"),
    'bad.inf:3:16: error: KeyAlgorithm: unknown algorithm "ROT13" (expected RSA, ECDSA_P256, ECDSA_P384, ECDSA_P521, ECDH_P256, ECDH_P384 or ECDH_P521)')
new("values", "unknown_hash", HEAD + "HashAlgorithm = md9\n",
    'bad.inf:4:17: error: HashAlgorithm: unknown algorithm "md9" (expected sha256, sha384, sha512 or sha1)')
new("values", "unknown_request_type", HEAD + "RequestType = Banana\n",
    'bad.inf:4:15: error: RequestType: unknown value "Banana" (expected PKCS10, PKCS7, CMC, Cert, SCEP)')
new("values", "bad_boolean", HEAD + "Exportable = maybe\n",
    'bad.inf:4:14: error: Exportable: expected TRUE or FALSE, got "maybe"')
new("values", "bad_key_usage_flag", HEAD + "KeyUsage = CERT_NOT_A_FLAG\n",
    'bad.inf:4:12: error: KeyUsage: unknown flag "CERT_NOT_A_FLAG"')
new("values", "bad_x500_flag", HEAD + "X500NameFlags = CERT_NAME_STR_NOPE\n",
    'bad.inf:4:17: error: X500NameFlags: unknown flag "CERT_NAME_STR_NOPE"')
new("values", "bad_key_spec", HEAD + "KeySpec = 7\n",
    'bad.inf:4:11: error: KeySpec: unknown value "7" (expected AT_NONE, AT_KEYEXCHANGE, AT_SIGNATURE)')
new("values", "subject_unknown_attribute", HEAD.replace("CN=hardening.example", "XX=foo"),
    'bad.inf:2:12: error: Subject: unknown attribute "XX" (use OID.1.2.3= for attributes without a keyword)')
new("values", "subject_country_three_letters", HEAD.replace("CN=hardening.example", "C=USA"),
    'bad.inf:2:14: error: Subject: C (country) must be a 2-letter code, got "USA"')
new("values", "subject_unterminated_quote", HEAD.replace('"CN=hardening.example"', '"CN=""abc"'),
    'bad.inf:2:15: error: Subject: unterminated quoted value (no closing \'"\')')
new("values", "key_container_with_slash", HEAD + "KeyContainer = ../../x/key\n",
    "bad.inf:4:16: error: KeyContainer: invalid key container name '../../x/key': contains '/'")
new("values", "missing_existing_key", HEAD + "UseExistingKeySet = TRUE\nKeyContainer = not-there\n",
    'bad.inf:5:16: error: KeyContainer "not-there": key container \'not-there\' not found in {store}')
new("values", "subject_email_non_ascii", HEAD.replace("CN=hardening.example", "E=j\u00f6rg@example.com"),
    'bad.inf:2:15: error: Subject: character "ö" is not allowed in an IA5String (e-mail addresses must be ASCII; CERT_NAME_STR_ENABLE_PUNYCODE_FLAG converts a non-ASCII host)')
new("values", "subject_bad_oid", HEAD.replace("CN=hardening.example", "OID.1.x=foo"),
    'bad.inf:2:12: error: Subject: invalid object identifier "OID.1.x"')
new("values", "subject_bad_hex", HEAD.replace("CN=hardening.example", "CN=#04zz"),
    'bad.inf:2:18: error: Subject: expected a hex digit in \'#\' value, got "z"')

# --- extension grammars -----------------------------------------------------
EXT = HEAD + "[Extensions]\n"
new("extensions", "san_unknown_kind", EXT + '2.5.29.17 = "{text}foo=bar"\n',
    'bad.inf:5:20: error: SubjectAltName: unknown name type "foo" (expected DNS, EMail, UPN, URL, IPAddress, DirectoryName, RegisteredId, GUID or an OID)')
new("extensions", "san_empty_dns", EXT + '2.5.29.17 = "{text}dns="\n',
    "bad.inf:5:24: error: SubjectAltName: dns= needs a value")
new("extensions", "san_bad_ipv4", EXT + '2.5.29.17 = "{text}ipaddress=999.1.1.1"\n',
    'bad.inf:5:30: error: SubjectAltName: not an IPv4 or IPv6 address: "999.1.1.1"')
new("extensions", "san_bad_ipv6", EXT + '2.5.29.17 = "{text}ipaddress=2001:db8:::1"\n',
    'bad.inf:5:30: error: SubjectAltName: not an IPv4 or IPv6 address: "2001:db8:::1"')
new("extensions", "san_bad_guid", EXT + '2.5.29.17 = "{text}guid=0123"\n',
    'bad.inf:5:25: error: SubjectAltName: expected a GUID like f7c3ac41-b8ce-4fb4-aa58-3d1dc0e36b39, got "0123"')
new("extensions", "san_email_non_ascii", EXT + '2.5.29.17 = "{text}email=j\u00f6rg@example.com"\n',
    'bad.inf:5:27: error: SubjectAltName: non-ASCII character in "jörg@example.com" (an IA5String)')
new("extensions", "eku_not_an_oid", EXT + '2.5.29.37 = "{text}1.3.6.1.5.5.7.3.x"\n',
    'bad.inf:5:20: error: EnhancedKeyUsage: invalid object identifier "1.3.6.1.5.5.7.3.x"')
new("extensions", "bc_bad_ca", EXT + '2.5.29.19 = "{text}ca=maybe"\n',
    'bad.inf:5:23: error: BasicConstraints ca: expected TRUE or FALSE, got "maybe"')
new("extensions", "bc_missing_ampersand", EXT + '2.5.29.19 = "{text}ca=0pathlength=3"\n',
    'bad.inf:5:24: error: BasicConstraints: missing \'&\' before "pathlength" (write ca=0&pathlength=3)')
new("extensions", "bc_negative_pathlength", EXT + '2.5.29.19 = "{text}ca=1&pathlength=-1"\n',
    'bad.inf:5:36: error: BasicConstraints pathlength: expected a number, got "-1"')
new("extensions", "policies_bad_oid", EXT + '2.5.29.32 = "{text}OID=one.two"\n',
    'bad.inf:5:24: error: CertificatePolicies: invalid object identifier "one.two"')
new("extensions", "name_constraints_bad_subtree", EXT + '2.5.29.30 = "{text}SubTree=Sideways"\n',
    'bad.inf:5:28: error: NameConstraints: subtree must be include or exclude, got "Sideways"')
new("extensions", "policy_mapping_no_equals", EXT + '2.5.29.33 = "{text}1.2.3"\n',
    'bad.inf:5:20: error: PolicyMappings: expected name=value, got "1.2.3"')
new("extensions", "unknown_prefix", EXT + '2.5.29.19 = "{bogus}3000"\n',
    'bad.inf:5:14: error: extension 2.5.29.19: unknown value prefix "{bogus}" (expected {text}, {hex}, {asn}, {octet}, {utf8} or {critical})')
new("extensions", "bad_hex", EXT + '2.5.29.19 = "{hex}30 0z"\n',
    "bad.inf:5:23: error: extension 2.5.29.19: expected hex byte pairs")
new("extensions", "bad_base64", EXT + '2.5.29.19 = "MA!A"\n',
    "bad.inf:5:16: error: extension 2.5.29.19: bad base64 (not a base64 character)")
new("extensions", "key_usage_text", EXT + '2.5.29.15 = "{text}digitalSignature"\n',
    'bad.inf:5:14: error: KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest] (e.g. "CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE") or a base64/{hex} value')
new("extensions", "no_text_form", EXT + '1.2.3.4 = "{text}x"\n',
    "bad.inf:5:12: error: extension 1.2.3.4 has no {text} form: give its DER as base64 or {hex}")
new("extensions", "bad_extension_oid", EXT + '2.5.x = "{hex}0500"\n',
    'bad.inf:5:1: error: [Extensions]: expected an extension OID as key, got "2.5.x"')

# --- dates (RequestType = Cert) ---------------------------------------------
new("dates", "notbefore_word", CERT + "NotBefore = tomorrow\n",
    'bad.inf:5:13: error: NotBefore: expected a date like 7/24/2012 10:31 AM, 24 July 2012 or 2012-07-24T10:31:00Z, got "tomorrow"')
new("dates", "notafter_feb30", CERT + "NotAfter = 2/30/2023\n",
    "bad.inf:5:14: error: NotAfter: day 30 does not exist in 2023-02")
new("dates", "notbefore_month13", CERT + "NotBefore = 13/1/2023\n",
    "bad.inf:5:13: error: NotBefore: month 13 is out of range (1-12)")
new("dates", "notafter_two_digit_year", CERT + "NotAfter = 1/1/23\n",
    'bad.inf:5:16: error: NotAfter: write the year with four digits, got "23"')
new("dates", "notbefore_year_1600", CERT + "NotBefore = 1/1/1600\n",
    "bad.inf:5:17: error: NotBefore: year 1600 is out of range (1601-9999)")
new("dates", "notafter_hour_25", CERT + "NotAfter = 7/24/2030 25:00\n",
    "bad.inf:5:22: error: NotAfter: time of day out of range")
new("dates", "notafter_before_notbefore", CERT + "NotBefore = 1/1/2030\nNotAfter = 1/1/2029\n",
    "bad.inf:6:12: error: NotAfter: must be later than NotBefore")
new("dates", "validity_unit_unknown", CERT + "ValidityPeriod = Fortnights\nValidityPeriodUnits = 2\n",
    'bad.inf:5:18: error: ValidityPeriod: unknown unit "Fortnights" (expected Years, Months, Weeks, Days, Hours, Minutes or Seconds)')
new("dates", "validity_units_negative", CERT + "ValidityPeriod = Years\nValidityPeriodUnits = -5\n",
    'bad.inf:6:23: error: ValidityPeriodUnits: expected a number, got "-5"')

# --- sizes ------------------------------------------------------------------
new("sizes", "value_4097_chars", HEAD + "FriendlyName = " + "v" * 4097 + "\n",
    "bad.inf:4:16: error: value longer than 4096 characters after %string% substitution")
new("sizes", "key_4097_chars", HEAD + "k" * 4097 + " = 1\n",
    "bad.inf:4:1: error: key longer than 4096 characters after %string% substitution")
new("sizes", "line_64KiB_plus_1", HEAD + "; " + "c" * (64 * 1024 - 1) + "\n",
    "bad.inf:4:1: error: line longer than 65536 bytes")
new("sizes", "section_name_256", "[" + "s" * 256 + "]\n" + HEAD,
    "bad.inf:1:1: error: section name longer than 255 characters")
new("sizes", "file_16MiB_plus_1", (HEAD + ";" * (16 * 1024 * 1024)).encode()[: 16 * 1024 * 1024 + 1],
    "bad.inf: error: file larger than 16 MiB")
dump("sizes", "der_length_4GiB", b"\x30\x84\xff\xff\xff\xff\x02\x01\x00",
    "bad.der: DER offset 1: error: length 4294967295 runs past the end of the data (3 bytes left)")
dump("sizes", "der_length_8_bytes", b"\x30\x88\x00\x00\x00\x00\x00\x00\x00\x03\x02\x01\x00",
    "bad.der: DER offset 1: error: length of 8 octets is too large")

# --- nesting ----------------------------------------------------------------
new("nesting", "strings_self_reference", HEAD.replace("CN=hardening.example", "%a%") + "[Strings]\na = %a%x\n",
    'bad.inf:2:12: error: Subject: expected \'=\' after "%a%x"')
new("nesting", "strings_exponential", HEAD.replace("CN=hardening.example", "%a9%") + "[Strings]\na0 = xxxxxxxxxx\n" +
    "".join(f"a{i} = %a{i-1}%%a{i-1}%%a{i-1}%%a{i-1}%\n" for i in range(1, 10)),
    'bad.inf:2:12: error: Subject: expected \'=\' after "%a8%%a8%%a8%%a8%"')
dump("nesting", "der_depth_65", nested(65),
    "bad.der: DER offset 130: error: nesting deeper than 64 levels")
dump("nesting", "der_depth_1000", nested(1000),
    "bad.der: DER offset 256: error: nesting deeper than 64 levels")
dump("nesting", "der_depth_64_is_read", nested(64),
    "bad.der: DER offset 0: error: not a certificate, request, CRL, CMS or CMP message: CertificationRequest: does not match the ASN.1 type: unexpected tag (element 'certificationRequestInfo.version')")

# --- truncation -------------------------------------------------------------
new("truncation", "eof_in_quoted_value", HEAD + 'HashAlgorithm = "sha',
    'bad.inf:4:18: error: HashAlgorithm: unknown algorithm "sha" (expected sha256, sha384, sha512 or sha1)')
new("truncation", "eof_in_section_header", HEAD + "[Extens",
    "bad.inf:4:8: error: expected ']' to close the section name")
new("truncation", "continue_at_eof", HEAD + "[Extensions]\n2.5.29.17 = \"{text}\"\n_continue_ = \"dns=a&ip=",
    "bad.inf:6:24: error: SubjectAltName: ip= needs a value")
new("truncation", "hex_extension_cut", HEAD + '[Extensions]\n2.5.29.19 = "{hex}30 0"\n',
    "bad.inf:5:22: error: extension 2.5.29.19: expected hex byte pairs")
dump("truncation", "request_half", REQUEST[: len(REQUEST) // 2],
    "bad.der: DER offset 1: error: length 1045 runs past the end of the data (520 bytes left)")
dump("truncation", "request_minus_one", REQUEST[:-1],
    "bad.der: DER offset 1: error: length 1045 runs past the end of the data (1044 bytes left)")
dump("truncation", "request_header_only", REQUEST[:4],
    "bad.der: DER offset 1: error: length 1045 runs past the end of the data (0 bytes left)")
dump("truncation", "certificate_in_signature", CERTIFICATE[:-20],
    "bad.der: DER offset 1: error: length 767 runs past the end of the data (747 bytes left)")
dump("truncation", "p7b_half", P7B[: len(P7B) // 2],
    "bad.der: DER offset 1: error: length 2133 runs past the end of the data (1064 bytes left)")
dump("truncation", "pem_without_end", pem("CERTIFICATE REQUEST", REQUEST).split(b"-----END")[0],
    "bad.der: DER offset 1455: error: missing -----END CERTIFICATE REQUEST-----")
dump("truncation", "pem_cut_base64", pem("CERTIFICATE", CERTIFICATE)[:200] + b"\n-----END CERTIFICATE-----\n",
    "bad.der: DER offset 201: error: bad base64: non-zero trailing bits")
dump("truncation", "request_trailing_garbage", REQUEST + b"\x00",
    "bad.der: DER offset 1049: error: trailing data after the DER element (1 bytes)")
dump("truncation", "der_indefinite_length", b"\x30\x80\x02\x01\x00\x00\x00",
    "bad.der: DER offset 1: error: indefinite length (BER, not DER)")
dump("truncation", "der_non_minimal_length", b"\x30\x81\x03\x02\x01\x00",
    "bad.der: DER offset 1: error: non-minimal length encoding (long form for a length below 128)")

# --- outputs ----------------------------------------------------------------
# A good INF and a bad output argument (issue 17), run with -f (unless the row
# says not): refused all the same, nothing written, nothing waited on, no key stored. (setup makes the
# output in the work directory; the row's own Windows line comes last.)
NOT_REGULAR = "an output must be a regular file (use - for standard output)"
ACCESS_DENIED = "Access is denied. 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)"
BAD_PARAMETER = "The parameter is incorrect. 0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)"
NOT_FOUND = "The system cannot find the file specified. 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)"


def output(cls, name, setup, target, expect, windows, force=True):
    ROWS.append((cls, name, "new-out", (setup, target, windows, force), expect, []))


output("outputs", "fifo", lambda w: os.mkfifo(os.path.join(w, "out.req")), "out.req",
       "certreq: out.req: a FIFO; " + NOT_REGULAR, BAD_PARAMETER)
output("outputs", "directory", lambda w: os.mkdir(os.path.join(w, "out.req")), "out.req",
       "certreq: out.req: a directory; " + NOT_REGULAR, ACCESS_DENIED)
# Without -f: a build without the fix, run as root with -f, renames over /dev/null itself.
output("outputs", "dev_null", None, "/dev/null", "certreq: /dev/null: a device; " + NOT_REGULAR, BAD_PARAMETER, force=False)
output("outputs", "symlink_to_directory", lambda w: os.symlink(".", os.path.join(w, "out.req")), "out.req",
       "certreq: out.req: a symbolic link to ., which is a directory; " + NOT_REGULAR, ACCESS_DENIED)
output("outputs", "dangling_symlink", lambda w: os.symlink("nowhere.req", os.path.join(w, "out.req")), "out.req",
       "certreq: out.req: a symbolic link to nowhere.req, which does not exist (an output link must point to a regular file)",
       NOT_FOUND)
output("outputs", "missing_directory", None, "missing/out.req",
       "certreq: cannot create missing/out.req: No such file or directory", NOT_FOUND)
output("outputs", "not_a_file_name", None, "out/", "certreq: out/: not a file name", ACCESS_DENIED)


def windows_form(expect):
    """certreq.exe's HRESULT for a row, from its first error: the line every
    failure ends with (spec §1.5, §10)."""
    if expect and ": error: Subject: " in expect:
        return "The string contains an invalid X500 name attribute key, oid, value or delimiter. 0x80092023 (-2146885597 CRYPT_E_INVALID_X500_STRING)"
    if expect and "no [NewRequest] section" in expect:
        return "INF file line not found 0xe0000102 (INF: -536870654)"
    if expect and "[NewRequest] is empty" in expect:
        return "Incorrect function. 0x80070001 (WIN32: 1 ERROR_INVALID_FUNCTION)"
    return "The data is invalid. 0x8007000d (WIN32: 13 ERROR_INVALID_DATA)"


def tree_hash(path):
    h = hashlib.sha256()
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for n in sorted(dirs + files):
            p = os.path.join(root, n)
            st = os.lstat(p)
            h.update(f"{os.path.relpath(p, path)} {st.st_mode:o}\n".encode())
            if n in files:
                h.update(hashlib.sha256(open(p, "rb").read()).digest())
    return h.hexdigest()


def run(args, cwd, store):
    env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(store, "user"),
               CERTREQ_MACHINE_STORE=os.path.join(store, "machine"), SOURCE_DATE_EPOCH="1700000000",
               CERTREQ_CLIENT_MACHINE="host", CERTREQ_CLIENT_USER="user", CERTREQ_CLIENT_OS_VERSION="10.0")
    return subprocess.run(WRAPPER + [CERTREQ] + args, cwd=cwd, capture_output=True, env=env, timeout=600)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as top:
        store = os.path.join(top, "store")
        seed = os.path.join(top, "seed")
        os.makedirs(seed)
        open(os.path.join(seed, "ok.inf"), "w").write(HEAD)
        r = run(["-new", "ok.inf", "ok.req"], seed, store)
        assert r.returncode == 0, r.stderr
        keys = [os.path.join(store, "user", "keys", k) for k in os.listdir(os.path.join(store, "user", "keys"))]
        key_lines = [l for k in keys for l in open(k).read().splitlines() if len(l) >= 16 and "-----" not in l]
        assert key_lines, "the store holds a key to look for"
        before = tree_hash(store)
        for cls, name, verb, data, expect, options in ROWS:
            work = os.path.join(top, "w-" + name)
            os.makedirs(work)
            infile = "bad.der" if verb == "dump" else "bad.inf"
            windows = windows_form(expect)
            if verb == "new-out":
                setup, target, windows, force = data
                infile = "ok.inf"
                data = HEAD.encode()
                if setup:
                    setup(work)
            open(os.path.join(work, infile), "wb").write(data)
            before_run = sorted(os.listdir(work))
            args = (["-new", *(["-f"] if force else []), infile, target] if verb == "new-out" else
                    ["-" + verb] + options + ([infile, "out.req"] if verb == "new" else [infile]))
            r = run(args, work, store)
            got = first_error(r.stderr)
            if SHOW:
                print(f"{cls}/{name}: rc={r.returncode} {got!r}")
                continue
            why = []
            if r.returncode != 1:
                why.append(f"exit {r.returncode}, expected 1")
            want = expect.replace("{store}", os.path.join(store, "user")) if expect else None
            if got != want:
                why.append(f"first error {got!r}, expected {expect!r}")
            last = r.stderr.decode("utf-8", "replace").splitlines()[-1:] or [""]
            if last[0] != "Certificate Request Processor: " + windows:
                why.append(f"last line {last[0]!r}, expected certreq.exe's {windows!r}")
            left = sorted(os.listdir(work))
            if left != before_run:
                why.append(f"files left behind: {left}")
            if tree_hash(store) != before:
                why.append("the key store changed")
            out = r.stdout + r.stderr
            if any(l.encode() in out for l in key_lines):
                why.append("key material in the output")
            if any(piece.encode() in out for piece in (PASSWORD, PASSWORD[:8], PASSWORD[8:])):
                why.append("the challenge password (or the part a _continue_ line holds) in the output")
            if why:
                failures.append(f"{cls}/{name}: " + "; ".join(why))
    if SHOW:
        return 0
    classes = sorted({c for c, *_ in ROWS})
    print(f"{len(ROWS)} bad inputs in {len(classes)} classes ({', '.join(classes)}); {len(failures)} failed")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
