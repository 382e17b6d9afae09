#include <doctest/doctest.h>

#include "../der/hex.hpp"
#include "certreq/x509/general_name.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;

static std::string gn_hex(const model::general_name& g) {
    auto r = x509::encode_general_name(g);
    REQUIRE(r);
    return to_hex(*r);
}

TEST_CASE("GeneralName: UPN otherName as in the spec (S-P7R dump)") {
    // UPN=u@d: a0 L 06 0a 2b 06 01 04 01 82 37 14 02 03 a0 L 0c L ...
    CHECK(gn_hex(model::other_name{"1.3.6.1.4.1.311.20.2.3", hex("0c 03 75 40 64")}) == norm(R"(
        a0 13                                      -- [0] otherName
           06 0a 2b 06 01 04 01 82 37 14 02 03     --   type-id UPN
           a0 05                                   --   [0] EXPLICIT
              0c 03 75 40 64                       --     UTF8String "u@d"
    )"));
}

TEST_CASE("GeneralName: GUID otherName carries an OCTET STRING") {
    bytes v = hex("04 10 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff");
    CHECK(gn_hex(model::other_name{"1.3.6.1.4.1.311.25.1", v}) ==
          norm("a0 1f 06 09 2b 06 01 04 01 82 37 19 01 a0 12 04 10 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff"));
}

TEST_CASE("GeneralName: the IA5String, OCTET STRING and OID alternatives are IMPLICIT") {
    CHECK(gn_hex(model::rfc822_name{"a@b.c"}) == norm("81 05 61 40 62 2e 63"));
    CHECK(gn_hex(model::dns_name{"www.example.com"}) == norm("82 0f 77 77 77 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d"));
    CHECK(gn_hex(model::uri_name{"http://x/"}) == norm("86 09 68 74 74 70 3a 2f 2f 78 2f"));
    CHECK(gn_hex(model::ip_address{hex("c0 a8 00 01")}) == norm("87 04 c0 a8 00 01"));
    CHECK(gn_hex(model::ip_address{hex("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01")}) ==
          norm("87 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"));  // ::1
    CHECK(gn_hex(model::registered_id{"1.2.3.4.5"}) == norm("88 04 2a 03 04 05"));
}

TEST_CASE("GeneralName: directoryName is [4] around the whole Name") {
    model::name n;
    n.rdns.push_back({model::attribute_value{"2.5.4.3", model::string_kind::printable, "a", {}}});
    CHECK(gn_hex(model::directory_name{n}) == norm(R"(
        a4 0e                          -- [4]
           30 0c                       --   Name
              31 0a 30 08 06 03 55 04 03 13 01 61
    )"));
}

TEST_CASE("GeneralNames keeps token order; invalid OIDs fail") {
    model::general_names names = {model::dns_name{"b"}, model::dns_name{"a"}, model::rfc822_name{"c"}};
    auto r = der::encode(x509::general_names_value(names));
    REQUIRE(r);
    CHECK(to_hex(*r) == norm("30 09 82 01 62 82 01 61 81 01 63"));
    CHECK_FALSE(x509::encode_general_name(model::registered_id{"1.2.x"}));
    CHECK_FALSE(x509::encode_general_name(model::other_name{"", hex("05 00")}));
    CHECK_FALSE(x509::encode_general_name(model::dns_name{"b\xc3\xbc" "cher.de"}));  // IDN not in punycode
}
