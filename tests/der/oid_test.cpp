#include <doctest/doctest.h>

#include "certreq/der/der.hpp"
#include "hex.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;

// Compile-time: these are parsed by the compiler; a malformed literal such as
// "1.40" or "3.1" does not compile (tests/der/meson.build checks that).
constexpr der::oid_literal sha256_rsa{"1.2.840.113549.1.1.11"};
constexpr der::oid_literal upn{"1.3.6.1.4.1.311.20.2.3"};
static_assert(sha256_rsa.body().size() == 9);
static_assert(sha256_rsa.encoded_size() == 11);
static_assert(sha256_rsa.body()[0] == 0x2a && sha256_rsa.body()[8] == 0x0b);
static_assert(upn.dotted() == "1.3.6.1.4.1.311.20.2.3");
static_assert(der::is_valid_oid("2.999.3"));
static_assert(!der::is_valid_oid("1.40"));

TEST_CASE("OID literal bodies (X.690 8.19)") {
    CHECK(to_hex(der::to_bytes(sha256_rsa)) == norm("06 09 2a 86 48 86 f7 0d 01 01 0b"));
    CHECK(to_hex(der::to_bytes(upn)) == norm("06 0a 2b 06 01 04 01 82 37 14 02 03"));
    constexpr der::oid_literal cn{"2.5.4.3"};
    CHECK(to_hex(der::to_bytes(cn)) == norm("06 03 55 04 03"));
    constexpr der::oid_literal x{"2.999.3"};  // X.690 example: first subidentifier 1079
    CHECK(to_hex(der::to_bytes(x)) == norm("06 03 88 37 03"));
    constexpr der::oid_literal z{"0.0"};
    CHECK(to_hex(der::to_bytes(z)) == norm("06 01 00"));
    constexpr der::oid_literal dc{"0.9.2342.19200300.100.1.25"};
    CHECK(to_hex(der::to_bytes(dc)) == norm("06 0a 09 92 26 89 93 f2 2c 64 01 19"));
}

TEST_CASE("encode_oid validates dotted text") {
    auto ok = [](const char* s, const char* body) {
        auto b = der::encode_oid(s);
        REQUIRE(b);
        CHECK(to_hex(*b) == norm(body));
    };
    ok("1.2.840.113549", "2a 86 48 86 f7 0d");
    ok("1.39", "4f");
    ok("2.40", "78");
    ok("2.47", "7f");
    ok("2.48", "81 00");
    ok("1.2.127.128.16383.16384", "2a 7f 81 00 ff 7f 81 80 00");
    ok("1.2.18446744073709551615", "2a 81 ff ff ff ff ff ff ff ff 7f");  // 2^64-1: ten octets
    ok("2.18446744073709551535", "81 ff ff ff ff ff ff ff ff 7f");        // 80 + arc = 2^64-1
    for (const char* bad : {"", "1", "1.", ".1", "1..2", "3.1", "0.40", "1.40", "01.2", "1.02", "1.2.", "1.2a",
                            "1 .2", "-1.2", "1.2.18446744073709551616", "2.18446744073709551536"}) {
        CAPTURE(bad);
        CHECK_FALSE(der::encode_oid(bad));
        CHECK_FALSE(der::is_valid_oid(bad));
    }
}

TEST_CASE("oid_dotted writes the same octets; an invalid one fails the encoding") {
    CHECK(to_hex(der::to_bytes(der::oid_dotted("1.3.6.1.5.5.7.3.1"))) == norm("06 08 2b 06 01 05 05 07 03 01"));
    der::oid_dotted bad("1.2.x");
    CHECK_FALSE(bad.valid());
    CHECK_FALSE(der::encode(der::sequence(der::integer(1), bad)));
    CHECK(der::to_bytes(bad).empty());
    bytes body = hex("55 1d 0f");
    CHECK(to_hex(der::to_bytes(der::oid(body))) == norm("06 03 55 1d 0f"));
}

TEST_CASE("decode_oid_body round trips and rejects non-minimal bodies") {
    for (const char* s : {"0.0", "1.39", "2.5.29.15", "2.999.3", "1.2.840.113549.1.1.11",
                          "1.3.6.1.4.1.311.21.20", "1.2.18446744073709551615", "2.18446744073709551535"}) {
        CAPTURE(s);
        auto b = der::encode_oid(s);
        REQUIRE(b);
        auto d = der::decode_oid_body(*b);
        REQUIRE(d);
        CHECK(*d == s);
    }
    CHECK_FALSE(der::decode_oid_body(byte_view{}));
    CHECK_FALSE(der::decode_oid_body(hex("2a 86")));           // ends inside a subidentifier
    CHECK_FALSE(der::decode_oid_body(hex("2a 80 01")));        // leading 0x80 (non-minimal)
    CHECK_FALSE(der::decode_oid_body(hex("82 80 80 80 80 80 80 80 80 80 00")));  // > 64 bits
}
