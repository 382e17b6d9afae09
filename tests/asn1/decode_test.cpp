// Strict decoding against grammars/: schema errors name the type and element,
// typed reads return the values with their absolute offsets.
#include <doctest/doctest.h>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/extension_value.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/oids/registry.hpp"
#include "test_util.hpp"

using namespace certreq;
using certreq::test::from_hex;

TEST_CASE("decode: the embedded definitions load") {
    CHECK(asn1::definitions(asn1::module::pkix) != nullptr);
    CHECK(asn1::definitions(asn1::module::cms) != nullptr);
}

TEST_CASE("decode: typed reads of a CSR") {
    bytes csr = test::sample_csr();
    auto r = asn1::decode(asn1::module::pkix, "CertificationRequest", csr);
    REQUIRE(r);
    const auto& d = *r.value;
    CHECK(d.small_int("certificationRequestInfo.version") == 0);
    CHECK(d.choice("certificationRequestInfo.subject") == "rdnSequence");
    CHECK(d.count("certificationRequestInfo.subject.rdnSequence") == 1);
    CHECK(d.oid("certificationRequestInfo.subject.rdnSequence.?1.?1.type") == "2.5.4.3");
    CHECK(d.text("certificationRequestInfo.subject.rdnSequence.?1.?1.value") == "t");
    CHECK(d.oid("certificationRequestInfo.subjectPKInfo.algorithm.algorithm") == "1.2.840.10045.2.1");
    CHECK(d.oid("signatureAlgorithm.algorithm") == "1.2.840.10045.4.3.2");
    CHECK(d.count("certificationRequestInfo.attributes") == 0);
    CHECK_FALSE(d.present("signatureAlgorithm.parameters"));
    auto spki = d.element("certificationRequestInfo.subjectPKInfo");
    REQUIRE(spki);
    CHECK(spki->offset == 22);
    CHECK(spki->whole.size() == 91);
    auto sig = d.bits("signature");
    REQUIRE(sig);
    CHECK(sig->bit_count == 71 * 8);
    CHECK(sig->bytes[0] == 0x30);
    auto name = d.element("certificationRequestInfo.subject.rdnSequence.?1.?1.value");
    REQUIRE(name);
    CHECK(name->offset == 19);
    CHECK(asn1::identify(csr) == asn1::content_kind::request);
}

TEST_CASE("decode: schema mismatches name the type and the element") {
    bytes csr = test::sample_csr();
    auto r = asn1::decode(asn1::module::pkix, "Certificate", csr);
    REQUIRE_FALSE(r);
    CHECK(r.error.offset == 0);
    CHECK(r.error.text() == "Certificate: does not match the ASN.1 type: unexpected tag (element 'tbsCertificate.signature.algorithm')");

    // Wrong tag in place of the version INTEGER (OCTET STRING 04 01 00).
    bytes wrong = csr;
    wrong[5] = 0x04;
    r = asn1::decode(asn1::module::pkix, "CertificationRequest", wrong);
    REQUIRE_FALSE(r);
    CHECK(r.error.element == "certificationRequestInfo.version");

    // Missing the attributes [0]: the SEQUENCE ends early.
    bytes short_info = from_hex("3013 3009 020100 3000 3003 0301 00 3002 0600 0301 00");
    r = asn1::decode(asn1::module::pkix, "CertificationRequest", short_info);
    REQUIRE_FALSE(r);
    CHECK(r.error.message.rfind("CertificationRequest: ", 0) == 0);  // the type starts the message
}

TEST_CASE("decode: base offsets make nested errors point into the file") {
    bytes inner = from_hex("30 03 02 01");  // truncated
    auto r = asn1::decode(asn1::module::pkix, "BasicConstraints", inner, 500);
    REQUIRE_FALSE(r);
    CHECK(r.error.offset == 501);  // the length octet of the outer SEQUENCE
    CHECK(r.error.message == "BasicConstraints: length 3 runs past the end of the data (2 bytes left)");
}

TEST_CASE("decode: DEFAULT and OPTIONAL components") {
    // decoded borrows the DER: keep it alive.
    bytes empty = from_hex("3000"), full = from_hex("3006 0101ff 020103");
    auto r = asn1::decode(asn1::module::pkix, "BasicConstraints", empty);
    REQUIRE(r);
    CHECK_FALSE(r.value->boolean("cA"));
    CHECK_FALSE(r.value->small_int("pathLenConstraint"));
    r = asn1::decode(asn1::module::pkix, "BasicConstraints", full);
    REQUIRE(r);
    CHECK(r.value->boolean("cA") == true);
    CHECK(r.value->small_int("pathLenConstraint") == 3);
}

TEST_CASE("values: OIDs, integers, strings and times") {
    CHECK(asn1::oid_string(from_hex("2a864886f70d01090e")) == "1.2.840.113549.1.9.14");
    CHECK(asn1::oid_string(from_hex("8837")) == "2.999");
    CHECK_FALSE(asn1::oid_string(from_hex("2a86")));
    CHECK(asn1::small_integer(from_hex("ff")) == -1);
    CHECK(asn1::small_integer(from_hex("0080")) == 128);
    CHECK(asn1::integer_text(from_hex("00112233445566778899")) == "0x00112233445566778899");
    bytes bmp = from_hex("1e0a 0063 0065 0072 0074 00e9");
    CHECK(asn1::string_text(*asn1::parse_one(bmp)) == "cert\xC3\xA9");
    bytes utc = from_hex("170d") ;
    std::string t = "261124140647Z";
    utc.insert(utc.end(), t.begin(), t.end());
    CHECK(asn1::time_text(*asn1::parse_one(utc)) == "2026-11-24 14:06:47 UTC");
    // Out-of-range fields are shown as written and flagged, never as a date (and unix_time refuses them).
    for (std::string bad : {"261324140647Z", "260230140647Z", "250229000000Z", "261124240000Z", "261124236000Z", "261124235960Z"}) {
        bytes b = from_hex("170d");
        b.insert(b.end(), bad.begin(), bad.end());
        CHECK(asn1::time_text(*asn1::parse_one(b)) == bad + " (not a valid time)");
        CHECK_FALSE(asn1::unix_time(*asn1::parse_one(b)));
    }
    std::string leap = "240229000000Z";
    bytes lb = from_hex("170d");
    lb.insert(lb.end(), leap.begin(), leap.end());
    CHECK(asn1::time_text(*asn1::parse_one(lb)) == "2024-02-29 00:00:00 UTC");
    CHECK(oids::display_name("2.5.29.17") == "subjectAltName");
    CHECK(oids::display_name("1.2.3.4").empty());
}

TEST_CASE("extension_value: the first extension with the OID, its value and what it wraps") {
    // Extensions { basicConstraints {cA TRUE}, subjectKeyIdentifier ABCD, subjectKeyIdentifier EF }
    bytes exts = test::tlv(0x30, [] {
        bytes all;
        for (auto& e : {from_hex("0603551d13 0405 30030101ff"), from_hex("0603551d0e 0404 0402abcd"),
                        from_hex("0603551d0e 0403 0401ef")}) {
            bytes one = test::tlv(0x30, e);
            all.insert(all.end(), one.begin(), one.end());
        }
        return all;
    }());
    auto r = asn1::decode(asn1::module::pkix, "Extensions", exts, 100);
    REQUIRE(r);
    auto bc = asn1::extension_value(*r.value, "", "2.5.29.19");
    REQUIRE(bc);
    CHECK(bytes(bc->content.begin(), bc->content.end()) == from_hex("30030101ff"));
    CHECK(bc->offset == 100 + 2 + 2 + 5);
    auto ski = asn1::extension_inner(*r.value, "", "2.5.29.14");
    REQUIRE(ski);
    CHECK(bytes(ski->content.begin(), ski->content.end()) == from_hex("abcd"));  // the first of the two
    CHECK(ski->offset == 100 + 2 + 14 + 2 + 5 + 2);  // absolute: inside the OCTET STRING
    CHECK_FALSE(asn1::extension_value(*r.value, "", "2.5.29.17"));
    CHECK_FALSE(asn1::extension_inner(*r.value, "", "2.5.29.17"));
    // A value that is not one element (two TLVs) has no inner element.
    bytes two = test::tlv(0x30, test::tlv(0x30, from_hex("0603551d0e 0406 04010104 0100")));
    auto t = asn1::decode(asn1::module::pkix, "Extensions", two);
    REQUIRE(t);
    CHECK(asn1::extension_value(*t.value, "", "2.5.29.14"));
    CHECK_FALSE(asn1::extension_inner(*t.value, "", "2.5.29.14"));
}
