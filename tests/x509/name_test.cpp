#include <doctest/doctest.h>

#include "../der/hex.hpp"
#include "certreq/x509/name.hpp"
#include "certreq/oids/registry.hpp"

using namespace certreq;
using certreq::test::norm;
using certreq::test::to_hex;
using model::string_kind;

static std::string name_hex(const model::name& n) {
    auto r = x509::encode_name(n);
    REQUIRE(r);
    return to_hex(*r);
}

static model::attribute_value av(std::string oid, string_kind k, std::string v) {
    return model::attribute_value{std::move(oid), k, std::move(v), {}};
}

TEST_CASE("Name: the Microsoft sample subject cn=TestCN,o=TestOrg keeps written order") {
    model::name n;
    n.rdns.push_back({av("2.5.4.3", string_kind::printable, "TestCN")});
    n.rdns.push_back({av("2.5.4.10", string_kind::printable, "TestOrg")});
    CHECK(name_hex(n) == norm(R"(
        30 23                                   -- Name
           31 0f                                --   RDN
              30 0d                             --     AttributeTypeAndValue
                 06 03 55 04 03                 --       commonName
                 13 06 54 65 73 74 43 4e        --       PrintableString "TestCN"
           31 10
              30 0e
                 06 03 55 04 0a                 --       organizationName
                 13 07 54 65 73 74 4f 72 67     --       PrintableString "TestOrg"
    )"));
}

TEST_CASE("Name: empty subject is 30 00") { CHECK(name_hex(model::name{}) == norm("30 00")); }

TEST_CASE("Name: every string kind") {
    model::name n;
    n.rdns.push_back({av("0.9.2342.19200300.100.1.25", string_kind::ia5, "com")});
    n.rdns.push_back({av("2.5.4.3", string_kind::bmp, "*.a")});
    n.rdns.push_back({av("2.5.4.3", string_kind::utf8, "\xc3\xa9")});
    n.rdns.push_back({av("2.5.4.3", string_kind::teletex, "\xc3\xa9")});
    n.rdns.push_back({av("2.5.4.24", string_kind::numeric, "12")});
    n.rdns.push_back({av("2.5.4.3", string_kind::octet, std::string("\x01\x02", 2))});
    CHECK(name_hex(n) == norm(R"(
        30 59
           31 13 30 11 06 0a 09 92 26 89 93 f2 2c 64 01 19 16 03 63 6f 6d   -- DC IA5String "com"
           31 0f 30 0d 06 03 55 04 03 1e 06 00 2a 00 2e 00 61               -- CN BMPString "*.a"
           31 0b 30 09 06 03 55 04 03 0c 02 c3 a9                           -- CN UTF8String
           31 0a 30 08 06 03 55 04 03 14 01 e9                              -- CN TeletexString (Latin-1)
           31 0b 30 09 06 03 55 04 18 12 02 31 32                           -- x121Address NumericString
           31 0b 30 09 06 03 55 04 03 04 02 01 02                           -- CN OCTET STRING (#0102)
    )"));
}

TEST_CASE("Name: a multi-valued RDN is sorted as a DER SET OF") {
    model::name n;
    // Written OU first, CN second: CN (55 04 03) sorts before OU (55 04 0b) once lengths match.
    n.rdns.push_back({av("2.5.4.11", string_kind::printable, "b"), av("2.5.4.3", string_kind::printable, "a")});
    CHECK(name_hex(n) == norm(R"(
        30 16
           31 14
              30 08 06 03 55 04 03 13 01 61       -- CN=a
              30 08 06 03 55 04 0b 13 01 62       -- OU=b
    )"));
    // The shorter encoding sorts first (30 08 < 30 09) even with a larger OID.
    model::name m;
    m.rdns.push_back({av("2.5.4.3", string_kind::printable, "aa"), av("2.5.4.11", string_kind::printable, "b")});
    CHECK(name_hex(m) == norm("30 17 31 15 30 08 06 03 55 04 0b 13 01 62 30 09 06 03 55 04 03 13 02 61 61"));
}

TEST_CASE("Name: an invalid attribute type OID fails") {
    model::name n;
    n.rdns.push_back({av("CN", string_kind::printable, "a")});
    CHECK_FALSE(x509::encode_name(n));
}

TEST_CASE("oids::short_name / oids::from_short_name") {
    CHECK(oids::short_name("2.5.4.3") == "CN");
    CHECK(oids::short_name("1.3.6.1.4.1.311.20.2.2") == "msSmartcardLogin");
    CHECK(oids::short_name("1.2.3.4") == "");
    CHECK(oids::from_short_name("serverauth") == "1.3.6.1.5.5.7.3.1");
    CHECK(oids::from_short_name("extensionRequest") == "1.2.840.113549.1.9.14");
    CHECK_FALSE(oids::from_short_name("nope"));
    // Every registry row is a valid OID found by its dotted form; a short name round-trips.
    for (const auto& e : oids::registry) {
        CAPTURE(e.dotted);
        CHECK(der::is_valid_oid(e.dotted));
        CHECK(oids::find(e.dotted) == &e);
        if (!e.short_name.empty()) CHECK(oids::from_short_name(e.short_name) == e.dotted);
        CHECK_FALSE(e.asn1_name.empty());
    }
}
