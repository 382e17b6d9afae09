#include "certreq/model/lower.hpp"

#include "certreq/inf/read.hpp"

#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;
using certreq::model::test::messages;

namespace {

struct lowered {
    lower_result r;
    std::string msgs;
};

// run reads INF text with the real reader and lowers it; the messages are
// the lowering's (the reader must not report errors on these snippets).
lowered run(std::string inf, lower_options opt = {}) {
    auto rd = inf::read_text(inf, "t.inf");
    CHECK_FALSE(rd.diags.has_errors());
    diagnostics d(rd.doc.source.get());
    auto r = lower(rd.doc, d, opt);
    return {std::move(r), messages(d)};
}

std::string extension_oids(const request& r) {
    std::string s;
    for (auto& e : r.extensions) s += (s.empty() ? "" : " ") + e.oid + (e.critical ? "!" : "");
    return s;
}

}  // namespace

TEST_CASE("lower: missing or empty [NewRequest]") {
    auto a = run("[Version]\nSignature=\"$Windows NT$\"\n");
    CHECK_FALSE(a.r.ok);
    CHECK(a.msgs == "1:1: error: no [NewRequest] section: certreq -new needs one (Windows: INF file line not found 0xe0000102)");
    auto b = run("[Version]\nSignature=\"$Windows NT$\"\n[NewRequest]\n");
    CHECK_FALSE(b.r.ok);
    CHECK(b.msgs == "3:1: error: [NewRequest] is empty: it needs at least one key (Windows: Incorrect function. 0x1)");
}

TEST_CASE("lower: a typical request") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = \"CN=www.example.com, O=Example, C=US\"\n"
        "KeyLength = 3072\n"
        "Exportable = TRUE\n"
        "MachineKeySet = true\n"
        "FriendlyName = Web\n"
        "KeyContainer = web-2024\n"
        "RequestType = PKCS10\n"
        "HashAlgorithm = SHA384\n"
        "ProviderName = \"Microsoft RSA SChannel Cryptographic Provider\"\n"
        "[Extensions]\n"
        "2.5.29.17 = \"{text}dns=www.example.com&dns=example.com&\"\n"
        "[EnhancedKeyUsageExtension]\n"
        "OID=1.3.6.1.5.5.7.3.1\n");
    CHECK(x.msgs == "");
    REQUIRE(x.r.ok);
    auto& r = x.r.req;
    REQUIRE(r.subject.rdns.size() == 3);  // written leaf first, held root first (spec 6.4)
    CHECK(r.subject.rdns[2][0].value == "www.example.com");
    CHECK(r.subject.rdns[2][0].pos == position{2, 15});
    CHECK(r.subject.rdns[0][0].value == "US");
    CHECK(r.key.algorithm == key_algorithm::rsa);
    CHECK(r.key.rsa_bits == 3072);
    CHECK(r.exportable);
    CHECK(r.machine_key_set);
    CHECK(r.friendly_name == "Web");
    CHECK(r.key_container == "web-2024");
    CHECK(r.type == request_type::pkcs10);
    CHECK(r.hash == hash_algorithm::sha384);
    CHECK(r.defaults.provider_name == "Microsoft RSA SChannel Cryptographic Provider");
    CHECK(r.key_spec == 2);  // a legacy CSP without KeySpec: AT_SIGNATURE, as certreq.exe reports it
    CHECK(extension_oids(r) == "2.5.29.17 2.5.29.37 2.5.29.14 2.5.29.15!");  // the defaulted KeyUsage last (spec 7.2)
    CHECK(std::get<key_usage>(r.extensions[3].value).flags == 0x80);
    CHECK(std::get<subject_key_identifier>(r.extensions[2].value).id.empty());
    CHECK(r.extensions[0].pos == position{12, 1});
}

TEST_CASE("lower: bad values are positioned errors") {
    auto x = run(
        "[NewRequest]\n"
        "KeyLength = banana\n"
        "KeyAlgorithm = ECDSA_P999\n"
        "RequestType = Cert\n"
        "NotBefore = 13/45/2020\n"
        "ValidityPeriod = Fortnights\n"
        "Exportable = sure\n"
        "HashAlgorithm = md5\n"
        "KeySpec = AT_BOTH\n");
    CHECK_FALSE(x.r.ok);
    CHECK(x.msgs ==
          "3:16: error: KeyAlgorithm: unknown algorithm \"ECDSA_P999\" (expected RSA, ECDSA_P256, ECDSA_P384, ECDSA_P521, "
          "ECDH_P256, ECDH_P384 or ECDH_P521)\n"
          "2:13: error: KeyLength: expected a number, got \"banana\"\n"
          "8:17: error: HashAlgorithm: md5 is broken and not supported; use sha256 (or sha384, sha512)\n"
          "9:11: error: KeySpec: unknown value \"AT_BOTH\" (expected AT_NONE, AT_KEYEXCHANGE, AT_SIGNATURE)\n"
          "7:14: error: Exportable: expected TRUE or FALSE, got \"sure\"\n"
          "5:13: error: NotBefore: month 13 is out of range (1-12)\n"
          "6:18: error: ValidityPeriod: unknown unit \"Fortnights\" (expected Years, Months, Weeks, Days, Hours, Minutes or Seconds)");
}

TEST_CASE("lower: key algorithms and lengths") {
    auto ec = run("[NewRequest]\nKeyAlgorithm = ECDSA_P384\nKeyLength = 2048\n");
    CHECK(ec.r.ok);
    CHECK(ec.r.req.key.algorithm == key_algorithm::ec);
    CHECK(ec.r.req.key.ec_curve == curve::p384);
    CHECK(ec.msgs == "3:13: warning: KeyLength: 2048 ignored: the curve P-384 fixes the key size");
    CHECK(extension_oids(ec.r.req) == "2.5.29.14 2.5.29.15!");
    CHECK(std::get<key_usage>(ec.r.req.extensions[1].value).flags == 0x80);
    CHECK(ec.r.req.defaults.provider_name == "Microsoft Software Key Storage Provider");
    CHECK(ec.r.req.key_spec == 0);
    auto ecdh = run("[NewRequest]\nKeyAlgorithm = ecdh_p256\nKeyLength=256\n");
    CHECK(ecdh.msgs == "");
    CHECK(ecdh.r.req.key.ecdh);
    CHECK(std::get<key_usage>(ecdh.r.req.extensions[1].value).flags == 0x08);
    auto dsa = run("[NewRequest]\nKeyAlgorithm = DSA\n");
    CHECK(dsa.msgs == "2:16: error: KeyAlgorithm: DSA keys are not supported (use RSA or ECDSA_P256/P384/P521)");
    auto weak = run("[NewRequest]\nKeyLength = 1024\nKeySpec = AT_SIGNATURE\n");
    CHECK(weak.r.ok);
    CHECK(weak.msgs == "2:13: warning: KeyLength: 1024-bit RSA keys are weak; use 2048 or more");
    CHECK(std::get<key_usage>(weak.r.req.extensions[1].value).flags == 0x80);
    // Defaults as real certreq.exe (spec 7.2): no ProviderName/KeySpec -> Strong CSP, AT_SIGNATURE, KU 0x80;
    // KeySpec 1 -> keyEncipherment 0x20; a key storage provider without KeySpec -> AT_NONE, 0xa0.
    auto plain = run("[NewRequest]\nSubject = CN=a\n");
    CHECK(plain.r.req.defaults.provider_name == "Microsoft Strong Cryptographic Provider");
    CHECK(plain.r.req.key_spec == 2);
    CHECK(std::get<key_usage>(plain.r.req.extensions[1].value).flags == 0x80);
    CHECK(plain.r.req.defaults.process == "certreq.exe");
    auto xchg = run("[NewRequest]\nSubject = CN=a\nKeySpec = AT_KEYEXCHANGE\n");
    CHECK(xchg.r.req.key_spec == 1);
    CHECK(std::get<key_usage>(xchg.r.req.extensions[1].value).flags == 0x20);
    auto ksp = run("[NewRequest]\nProviderName = \"Microsoft Platform Crypto Provider\"\n");
    CHECK(ksp.r.req.key_spec == 0);
    CHECK(std::get<key_usage>(ksp.r.req.extensions[1].value).flags == 0xa0);
    auto big = run("[NewRequest]\nKeyLength = 16384\n");
    CHECK(big.msgs == "2:13: error: KeyLength: RSA keys must be 1024 to 8192 bits, got 16384");
}

TEST_CASE("lower: hash spellings") {
    auto a = run("[NewRequest]\nHashAlgorithm = sha256RSA\n");
    CHECK(a.r.ok);
    CHECK(a.r.req.hash == hash_algorithm::sha256);
    CHECK(a.msgs == "2:17: warning: HashAlgorithm: \"sha256RSA\" read as sha256");
    auto b = run("[NewRequest]\nHashAlgorithm = SHA-512\n");
    CHECK(b.r.req.hash == hash_algorithm::sha512);
    CHECK(b.msgs == "");
    auto c = run("[NewRequest]\nHashAlgorithm = sha1\n");
    CHECK(c.r.req.hash == hash_algorithm::sha1);
    CHECK(c.msgs == "2:17: warning: HashAlgorithm: SHA-1 signatures are deprecated; prefer sha256");
    auto m = run("[NewRequest]\nHashAlgorithm = md2RSA\n");
    CHECK(m.msgs == "2:17: error: HashAlgorithm: md2RSA is broken and not supported; use sha256 (or sha384, sha512)");
    auto d = run("[NewRequest]\nHashAlgorithm = whirlpool\n");
    CHECK(d.msgs == "2:17: error: HashAlgorithm: unknown algorithm \"whirlpool\" (expected sha256, sha384, sha512 or sha1)");
}

TEST_CASE("lower: Windows-only keys are notes, unknown keys warnings, duplicates warned") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = CN=a\n"
        "ProviderType = 12\n"
        "KeyUsageProperty = NCRYPT_ALLOW_SIGNING_FLAG\n"
        "KeyProtection = XCN_NCRYPT_UI_NO_PROTCTION_FLAG\n"
        "SecurityDescriptor = D:P(A;;GA;;;SY)\n"
        "Silent = TRUE\n"
        "UserProtected = FALSE\n"
        "Flavor = vanilla\n"
        "Subject = CN=b\n");
    CHECK(x.r.ok);
    CHECK(x.msgs == "9:1: warning: [NewRequest]: unknown key \"Flavor\" ignored\n"
                    "10:1: warning: [NewRequest]: Subject given again; the first one (line 2) is used\n"
                    "4:1: note: KeyUsageProperty is a Windows key property; it sets a token key's CKA_SIGN/CKA_DECRYPT, no effect on software keys\n"
                    "5:1: note: KeyProtection is a Windows key property; accepted, no effect here\n"
                    "8:1: note: UserProtected is a Windows key property; accepted, no effect here\n"
                    "3:1: note: ProviderType selects a Windows CSP; accepted, no effect here\n"
                    "6:1: note: SecurityDescriptor is a Windows key ACL; accepted, no effect here\n"
                    "7:1: note: Silent controls Windows provider UI; accepted, no effect here");
    CHECK(x.r.req.subject.rdns[0][0].value == "a");
}

TEST_CASE("lower: validity for RequestType = Cert") {
    auto x = run("[NewRequest]\nRequestType = Cert\nNotBefore = 7/24/2012 10:31 AM\nValidityPeriod = \"Weeks\"\nValidityPeriodUnits = 3\n");
    CHECK(x.msgs == "");
    REQUIRE(x.r.ok);
    CHECK(x.r.req.type == request_type::cert);
    CHECK(x.r.req.valid.not_before == 1343125860);
    CHECK(x.r.req.valid.period == validity::unit::weeks);
    CHECK(x.r.req.valid.period_units == 3);
    CHECK(x.r.req.valid.period_given);
    auto y = run("[NewRequest]\nNotAfter = 1/1/2030\n");
    CHECK(y.msgs == "2:1: warning: NotAfter is only used with RequestType = Cert; ignored");
    auto z = run("[NewRequest]\nRequestType = 4\nNotBefore = 2/1/2030\nNotAfter = 1/1/2030\n");
    CHECK(z.msgs == "4:12: error: NotAfter: must be later than NotBefore");
}

TEST_CASE("lower: X500NameFlags applied to Subject") {
    auto x = run("[NewRequest]\nX500NameFlags = \"CERT_NAME_STR_REVERSE_FLAG | CERT_NAME_STR_SEMICOLON_FLAG\"\nSubject = \"CN=a,b;O=c\"\n");
    CHECK(x.msgs == "");
    REQUIRE(x.r.req.subject.rdns.size() == 2);
    CHECK(x.r.req.subject.rdns[0][0].value == "c");
    CHECK(x.r.req.subject.rdns[1][0].value == "a,b");
    auto y = run("[NewRequest]\nX500NameFlags = 1\nSubject = CN=a\n");
    CHECK(y.msgs == "2:17: error: X500NameFlags: CERT_SIMPLE_NAME_STR cannot be used to parse a name (CertStrToName refuses it)");
    auto z = run("[NewRequest]\nSubject = \"CN=a, C=pais\"\n");
    CHECK(z.msgs == "2:20: error: Subject: C (country) must be a 2-letter code, got \"pais\"");
}

TEST_CASE("lower: extension assembly, Critical list, duplicates") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = CN=a\n"
        "KeyUsage = \"CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE | CERT_CRL_SIGN_KEY_USAGE\"\n"
        "SMIME = TRUE\n"
        "[Extensions]\n"
        "2.5.29.19 = \"{text}ca=1&pathlength=0\"\n"
        "1.3.6.1.5.5.7.48.1.5 = {hex}05 00\n"
        "1.2.3.4 =\n"
        "Critical = 2.5.29.19, 2.5.29.37\n"
        "[EnhancedKeyUsageExtension]\n"
        "OID = 1.3.6.1.5.5.7.3.9\n");
    CHECK(x.msgs == "8:1: note: extension 1.2.3.4 has an empty value and is not added");
    REQUIRE(x.r.ok);
    // certreq's order (spec 7.2): explicit KeyUsage, the INF's extensions and sections, BasicConstraints, SKI.
    CHECK(extension_oids(x.r.req) == "2.5.29.15! 1.3.6.1.5.5.7.48.1.5 2.5.29.37! 1.2.840.113549.1.9.15 2.5.29.19! 2.5.29.14");
    CHECK(std::get<key_usage>(x.r.req.extensions[0].value).flags == 0x86);
    CHECK(std::get<smime_capabilities>(x.r.req.extensions[3].value).capabilities.size() == 4);
    // A section and an [Extensions] line for the same extension are merged (spec 10.1).
    auto dup = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n2.5.29.37 = \"{text}1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2\"\n"
                   "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.2\nOID = 1.3.6.1.5.5.7.3.4\n");
    CHECK(dup.r.ok);
    CHECK(dup.msgs == "5:1: warning: extension 2.5.29.37 is also given in [Extensions] (line 4): merged into one extension, as certreq.exe does");
    CHECK(std::get<extended_key_usage>(dup.r.req.extensions[0].value).oids ==
          std::vector<std::string>{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"});
    auto bc = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n2.5.29.19 = \"{text}ca=True\"\n"
                  "[BasicConstraintsExtension]\nPathLength = 0\nCritical = TRUE\n");
    REQUIRE(bc.r.ok);
    CHECK(extension_oids(bc.r.req) == "2.5.29.19! 2.5.29.14 2.5.29.15!");
    auto& merged = std::get<basic_constraints>(bc.r.req.extensions[0].value);
    CHECK(merged.ca);
    CHECK(merged.path_length == 0u);
    auto raw = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n2.5.29.19 = MAYBAf8CAQA=\n"
                   "[BasicConstraintsExtension]\nPathLength = 2\n");
    CHECK(raw.r.ok);
    CHECK(raw.msgs == "5:1: warning: extension 2.5.29.19 is also given in [Extensions] (line 4); that value is kept and this section is not used");
    auto twice = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n2.5.29.37 = \"{text}1.3.6.1.5.5.7.3.1\"\n"
                     "2.5.29.37 = \"{text}1.3.6.1.5.5.7.3.2\"\n");
    CHECK_FALSE(twice.r.ok);
    CHECK(twice.msgs == "5:1: error: extension 2.5.29.37 given twice (first at line 4)");
    auto sup = run("[NewRequest]\nSuppressDefaults = TRUE\n[Extensions]\nCritical = 1.2.3\n");
    CHECK(sup.r.ok);
    CHECK(extension_oids(sup.r.req) == "");
    CHECK(sup.msgs == "4:12: warning: Critical: extension 1.2.3 is not in this request; ignored");
    auto raw_ski = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n2.5.29.14 = BBQAAQIDBAUGBwgJCgsMDQ4PEBESEw==\n2.5.29.15 = AwIHgA==\n");
    CHECK(extension_oids(raw_ski.r.req) == "2.5.29.15 2.5.29.14");
    auto bad_key = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n%szOID_X% = AA==\n");
    CHECK(bad_key.msgs == "4:1: error: [Extensions]: expected an extension OID as key, got \"%szOID_X%\" (is it defined in [Strings]?)");
    auto ku_text = run("[NewRequest]\nSubject = CN=a\n[Extensions]\n2.5.29.15 = \"{text}Digital Signature\"\n");
    CHECK(ku_text.msgs == "4:14: error: KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest] (e.g. "
                          "\"CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE\") or a base64/{hex} value");
}

TEST_CASE("lower: policy-style sections") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = CN=Sub CA\n"
        "SuppressDefaults = true\n"
        "[BasicConstraintsExtension]\n"
        "PathLength = 0\n"
        "Critical = Yes\n"
        "[PolicyStatementExtension]\n"
        "Policies = LegalPolicy, AllIssuance\n"
        "[LegalPolicy]\n"
        "OID = 1.2.3.4.1455.67.89.5\n"
        "Notice = \"Legal Policy Statement\"\n"
        "URL = http://pki/cps.txt\n"
        "[AllIssuance]\n"
        "OID = 2.5.29.32.0\n"
        "[PolicyConstraintsExtension]\n"
        "RequireExplicitPolicy = 0\n"
        "[PolicyMappingsExtension]\n"
        "1.2.3.1 = 1.2.3.2\n"
        "[NameConstraintsExtension]\n"
        "Include = Allowed\n"
        "Exclude = Denied\n"
        "Critical = TRUE\n"
        "[Allowed]\n"
        "DNS = .corp.example\n"
        "IPAddress = 10.0.0.0,255.0.0.0\n"
        "[Denied]\n"
        "Email = @bad.example\n"
        "[RequestAttributes]\n"
        "CertificateTemplate = SubCA\n"
        "SAN = \"dns=a&dns=b\"\n");
    CHECK(x.msgs == "");
    REQUIRE(x.r.ok);
    auto& r = x.r.req;
    // The template name first, BasicConstraints after the other sections (spec 7.2).
    CHECK(extension_oids(r) == "1.3.6.1.4.1.311.20.2 2.5.29.32 2.5.29.36 2.5.29.33 2.5.29.30! 2.5.29.19!");
    CHECK(std::get<template_name>(r.extensions[0].value).name == "SubCA");
    auto& bc = std::get<basic_constraints>(r.extensions[5].value);
    CHECK(bc.ca);
    CHECK(bc.path_length == 0u);
    auto& pol = std::get<certificate_policies>(r.extensions[1].value).policies;
    REQUIRE(pol.size() == 2);
    CHECK(pol[0].oid == "1.2.3.4.1455.67.89.5");
    REQUIRE(pol[0].qualifiers.size() == 2);
    CHECK(pol[0].qualifiers[0].type == policy_qualifier::kind::user_notice);
    CHECK(pol[0].qualifiers[0].text == "Legal Policy Statement");
    CHECK(pol[0].qualifiers[1].text == "http://pki/cps.txt");
    CHECK(pol[1].oid == "2.5.29.32.0");
    CHECK(std::get<policy_constraints>(r.extensions[2].value).require_explicit_policy == 0u);
    auto& pm = std::get<policy_mappings>(r.extensions[3].value).mappings;
    REQUIRE(pm.size() == 1);
    CHECK(pm[0].issuer_domain == "1.2.3.1");
    CHECK(pm[0].subject_domain == "1.2.3.2");
    auto& nc = std::get<name_constraints>(r.extensions[4].value);
    REQUIRE(nc.permitted.size() == 2);
    CHECK(std::get<dns_name>(nc.permitted[0]).value == ".corp.example");
    CHECK(std::get<ip_address>(nc.permitted[1]).octets == bytes{10, 0, 0, 0, 255, 0, 0, 0});
    REQUIRE(nc.excluded.size() == 1);
    CHECK(std::get<rfc822_name>(nc.excluded[0]).value == "@bad.example");
    REQUIRE(r.name_values.size() == 2);
    CHECK(r.name_values[0].name == "CertificateTemplate");
    CHECK(r.name_values[0].value == "SubCA");
    CHECK(r.name_values[1].value == "dns=a&dns=b");
    CHECK(r.name_values[1].pos == position{30, 1});
}

TEST_CASE("lower: section errors and unreferenced sections") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = CN=a\n"
        "[PolicyStatementExtension]\n"
        "Policies = Missing\n"
        "[NameConstraintsExtension]\n"
        "Include = Inc\n"
        "[Inc]\n"
        "IPAddress = 10.0.0.0\n"
        "[EnhancedKeyUsageExtension]\n"
        "OID = serverAuth\n"
        "[RequestAttributes]\n"
        "RequesterName = CORP\\bob\n"
        "[Leftovers]\n"
        "a = b\n");
    CHECK_FALSE(x.r.ok);
    CHECK(x.msgs == "10:7: error: EnhancedKeyUsageExtension OID: invalid object identifier \"serverAuth\"\n"
                    "4:12: error: [PolicyStatementExtension]: policy section [Missing] not found\n"
                    "8:13: error: [Inc]: expected IPAddress=address,mask in a name constraint, got \"10.0.0.0\"\n"
                    "12:1: error: [RequestAttributes]: RequesterName is not allowed here (Windows: \"The data is invalid\"); "
                    "put it in [NewRequest]\n"
                    "13:1: warning: unreferenced section [Leftovers]: certreq -new does not read it");
}

TEST_CASE("lower: -attrib adds name/value pairs after [RequestAttributes]") {
    lower_options opt;
    opt.attrib = "CertificateTemplate:WebServer\\nSAN:dns=x.example&dns=y.example\nbroken";
    auto x = run("[NewRequest]\nSubject = CN=a\n[RequestAttributes]\nFoo = Bar\n", opt);
    REQUIRE(x.r.req.name_values.size() == 3);
    CHECK(x.r.req.name_values[0].name == "Foo");
    CHECK(x.r.req.name_values[1].name == "CertificateTemplate");
    CHECK(x.r.req.name_values[1].value == "WebServer");
    CHECK(x.r.req.name_values[2].name == "SAN");
    CHECK(x.r.req.name_values[2].value == "dns=x.example&dns=y.example");
    CHECK(x.msgs == "0:0: error: -attrib: expected Name:Value, got \"broken\"");
}

TEST_CASE("lower: an -attrib ChallengePassword is secret, also mistyped with '='") {
    lower_options opt;
    opt.attrib = "challengepassword : Pw-1a2b\\nChallengePassword= Pw-3c4d:x\nFoo:Pw-1a2b";
    auto rd = inf::read_text("[NewRequest]\nSubject = CN=a\n", "t.inf");
    diagnostics d(rd.doc.source.get());
    auto r = lower(rd.doc, d, opt);
    CHECK_FALSE(r.ok);
    REQUIRE(r.req.name_values.size() == 2);  // the typo is no name/value pair
    CHECK(r.req.name_values[0].value == "Pw-1a2b");
    REQUIRE(d.items().size() == 1);
    CHECK(d.format(d.items()[0]) ==
          "t.inf: error: -attrib: ChallengePassword needs ':' between name and value (ChallengePassword:value), "
          "got \"ChallengePassword= *********\"\n");
    d.note({}, "Foo is Pw-1a2b");  // anything that quotes the first password
    CHECK(d.format(d.items()[1]) == "t.inf: note: Foo is *******\n");
}

TEST_CASE("lower: existing keys") {
    auto x = run("[NewRequest]\nUseExistingKeySet = TRUE\n");
    CHECK(x.msgs == "2:21: error: UseExistingKeySet: needs KeyContainer or RenewalCert to name the key");
    auto y = run("[NewRequest]\nUseExistingKeySet = TRUE\nKeyContainer = k1\n");
    CHECK(y.r.ok);
    CHECK(y.r.req.use_existing_key_set);
    CHECK(y.r.req.key_container == "k1");
    auto z = run("[NewRequest]\nRenewalCert = 248f7d3c00000000086e\n");
    CHECK(z.r.ok);
    CHECK(z.r.req.renewal_cert == "248f7d3c00000000086e");
    CHECK(z.msgs == "2:1: warning: RenewalCert is only used with RequestType = PKCS7 or CMC, or with UseExistingKeySet; ignored");
    auto w = run("[NewRequest]\nRequestType = PKCS7\nRenewalCert = 248f7d3c00000000086e\n");
    CHECK(w.msgs == "");
    CHECK(w.r.req.type == request_type::pkcs7);
}

TEST_CASE("lower: errors inside _continue_ fragments and %strings% point at the source line") {
    auto x = run(
        "[Strings]\n"
        "szOID_SAN = \"2.5.29.17\"\n"
        "[NewRequest]\n"
        "Subject = CN=a\n"
        "[Extensions]\n"
        "%szOID_SAN% = \"{text}\"\n"
        "_continue_ = \"dns=a.example&\"\n"
        "_continue_ = \"ipaddress=10.0.0.300&\"\n");
    CHECK_FALSE(x.r.ok);
    CHECK(x.msgs == "8:25: error: SubjectAltName: not an IPv4 or IPv6 address: \"10.0.0.300\"");
    auto y = run(
        "[Strings]\n"
        "szOID_SAN = \"2.5.29.17\"\n"
        "[NewRequest]\n"
        "Subject = CN=a\n"
        "[Extensions]\n"
        "%szOID_SAN% = \"{text}\"\n"
        "_continue_ = \"dns=a.example&\"\n"
        "_continue_ = \"dns=b.example&\"\n");
    CHECK(x.msgs.find("warning") == std::string::npos);
    REQUIRE(y.r.ok);
    auto& san = std::get<alt_name>(y.r.req.extensions.at(0).value);
    REQUIRE(san.names.size() == 2);
    CHECK(std::get<dns_name>(san.names[1]).value == "b.example");
}

TEST_CASE("lower: application policy sections use the Microsoft OIDs") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = CN=OCSP\n"
        "SuppressDefaults = TRUE\n"
        "[ApplicationPolicyStatementExtension]\n"
        "Policies = OCSPSigning\n"
        "Critical = false\n"
        "[OCSPSigning]\n"
        "OID = 1.3.6.1.5.5.7.3.9\n"
        "[ApplicationPolicyConstraintsExtension]\n"
        "RequireExplicitPolicy = 0\n"
        "InhibitPolicyMapping = 0x2\n"
        "[ApplicationPolicyMappingsExtension]\n"
        "1.3.6.1.5.5.7.3.1 = 1.3.6.1.5.5.7.3.2\n"
        "Critical = true\n");
    CHECK(x.msgs == "");
    REQUIRE(x.r.ok);
    CHECK(extension_oids(x.r.req) == "1.3.6.1.4.1.311.21.10 1.3.6.1.4.1.311.21.12 1.3.6.1.4.1.311.21.11!");
    auto& pc = std::get<policy_constraints>(x.r.req.extensions[1].value);
    CHECK(pc.require_explicit_policy == 0u);
    CHECK(pc.inhibit_policy_mapping == 2u);
}

TEST_CASE("lower: section value errors") {
    auto x = run(
        "[NewRequest]\n"
        "Subject = CN=a\n"
        "[BasicConstraintsExtension]\n"
        "PathLength = lots\n"
        "Critical = perhaps\n"
        "Colour = blue\n"
        "[PolicyMappingsExtension]\n"
        "anyPolicy = 1.2.3\n"
        "[PolicyConstraintsExtension]\n"
        "Critical = FALSE\n");
    CHECK_FALSE(x.r.ok);
    CHECK(x.msgs == "5:12: error: Critical: expected TRUE or FALSE, got \"perhaps\"\n"
                    "4:14: error: PathLength: expected a number, got \"lots\"\n"
                    "6:1: warning: [BasicConstraintsExtension]: unknown key \"Colour\" ignored\n"
                    "9:1: error: [PolicyConstraintsExtension]: needs RequireExplicitPolicy= or InhibitPolicyMapping=\n"
                    "8:1: error: [PolicyMappingsExtension]: expected <issuer policy OID> = <subject policy OID>, got key \"anyPolicy\"");
}

TEST_CASE("lower: bmp_unicode_strings option") {
    lower_options opt;
    opt.bmp_unicode_strings = true;
    auto x = run("[NewRequest]\nSubject = \"CN=*.example.com\"\nX500NameFlags = CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG\n", opt);
    REQUIRE(x.r.ok);
    CHECK(x.r.req.subject.rdns[0][0].kind == string_kind::bmp);
    auto y = run("[NewRequest]\nSubject = \"CN=*.example.com\"\n");
    CHECK(y.r.req.subject.rdns[0][0].kind == string_kind::utf8);
}
