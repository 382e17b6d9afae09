// Malformed DER: every framing error has a clean message and an exact offset.
#include <doctest/doctest.h>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/tlv.hpp"
#include "test_util.hpp"

using namespace certreq;
using certreq::test::from_hex;

namespace {
// bad checks that validate_der reports `msg` at `offset`.
void bad(std::string_view hex, std::size_t offset, std::string_view msg) {
    bytes der = from_hex(hex);
    auto e = asn1::validate_der(der);
    INFO("input: " << hex);
    REQUIRE(e.has_value());
    CHECK(e->offset == offset);
    CHECK(e->message == msg);
}
}  // namespace

TEST_CASE("tlv: well-formed DER passes") {
    CHECK_FALSE(asn1::validate_der(test::sample_csr()));
    CHECK_FALSE(asn1::validate_der(from_hex("3000")));
    CHECK_FALSE(asn1::validate_der(from_hex("0500")));
    CHECK_FALSE(asn1::validate_der(from_hex("04 81 80" + std::string(256, 'a'))));  // long form for 128
}

TEST_CASE("tlv: framing errors with offsets") {
    bad("", 0, "expected an element, found the end of the data");
    bad("30", 1, "length missing (data ends after the tag)");
    bad("30 80 0000", 1, "indefinite length (BER, not DER)");                  // BER indefinite
    bad("30 81 05 0500 0500 00", 1, "non-minimal length encoding (long form for a length below 128)");
    bad("30 82 0003 050000", 1, "non-minimal length encoding (leading zero octet)");
    bad("30 05 0500", 1, "length 5 runs past the end of the data (2 bytes left)");
    bad("30 84 7fffffff 00", 1, "length 2147483647 runs past the end of the data (1 bytes left)");  // huge
    bad("30 85 0100000000", 1, "length of 5 octets is too large");
    bad("30 ff", 1, "reserved length octet 0xFF");
    bad("30 82 01", 2, "length truncated");
    bad("3000 00", 2, "trailing data after the DER element (1 bytes)");
    bad("30 04 0500 0501", 5, "length 1 runs past the end of the data (0 bytes left)");  // inner
    bad("30 03 0500 01", 5, "length missing (data ends after the tag)");
    bad("1f 80 01 00", 1, "non-minimal tag number encoding");
    bad("1f 1e 00", 1, "high tag number form used for a tag below 31");
    bad("1f ff", 2, "tag truncated");
}

TEST_CASE("tlv: DER rules for primitives") {
    bad("30 03 010101", 2, "BOOLEAN TRUE must be 0xFF in DER");
    bad("0102ffff", 0, "BOOLEAN must be one octet");
    bad("0200", 0, "INTEGER with no content octets");
    bad("3004 0202 007f", 2, "non-minimal INTEGER encoding");
    bad("0202 ff80", 0, "non-minimal INTEGER encoding");
    bad("0302 08 00", 0, "BIT STRING unused-bits count above 7");
    bad("0302 01 01", 0, "BIT STRING unused bits not zero");
    bad("0301 01", 0, "empty BIT STRING with unused bits");
    bad("0501 00", 0, "NULL with content octets");
    bad("0602 2a 86", 0, "OBJECT IDENTIFIER truncated inside a component");
    bad("0603 2a 80 01", 0, "non-minimal OBJECT IDENTIFIER component");
    bad("24 03 0401 00", 0, "constructed encoding of a primitive type (BER, not DER)");
    bad("10 00", 0, "SEQUENCE/SET must be constructed");
}

TEST_CASE("tlv: nesting depth is bounded") {
    auto nested = [](std::size_t levels) {
        bytes b = {0x05, 0x00};
        for (std::size_t i = 0; i < levels; ++i) {
            bytes outer = {0x30};
            std::size_t n = b.size();
            if (n < 128) outer.push_back(std::uint8_t(n));
            else if (n < 256) outer.insert(outer.end(), {0x81, std::uint8_t(n)});
            else if (n < 65536) outer.insert(outer.end(), {0x82, std::uint8_t(n >> 8), std::uint8_t(n)});
            else outer.insert(outer.end(), {0x83, std::uint8_t(n >> 16), std::uint8_t(n >> 8), std::uint8_t(n)});
            outer.insert(outer.end(), b.begin(), b.end());
            b = outer;
        }
        return b;
    };
    CHECK_FALSE(asn1::validate_der(nested(64)));
    auto e = asn1::validate_der(nested(65));
    REQUIRE(e);
    CHECK(e->message == "nesting deeper than 64 levels");
    CHECK(e->offset == 2 * 3 + 62 * 2);  // the 65th SEQUENCE: the outer two headers are 3 bytes (0x30 0x81 n)
    // Thousands of levels: still a clean error, no stack exhaustion.
    e = asn1::validate_der(nested(5000));
    REQUIRE(e);
    CHECK(e->message == "nesting deeper than 64 levels");
}

TEST_CASE("tlv: a CSR truncated at every byte gives a clean error with an offset") {
    bytes csr = test::sample_csr();
    REQUIRE(csr.size() == 201);
    for (std::size_t n = 0; n < csr.size(); ++n) {
        byte_view cut(csr.data(), n);
        auto r = asn1::decode(asn1::module::pkix, "CertificationRequest", cut);
        INFO("truncated to " << n << " bytes");
        REQUIRE_FALSE(r);
        CHECK(r.error.offset <= n);
        CHECK_FALSE(r.error.message.empty());
    }
    // The outer length says 198 content bytes: cutting anywhere after the header is caught there.
    auto r = asn1::decode(asn1::module::pkix, "CertificationRequest", byte_view(csr.data(), 100));
    CHECK(r.error.offset == 1);
    CHECK(r.error.text() == "CertificationRequest: length 198 runs past the end of the data (97 bytes left)");
    // With extra bytes appended.
    bytes longer = csr;
    longer.push_back(0);
    r = asn1::decode(asn1::module::pkix, "CertificationRequest", longer);
    CHECK(r.error.offset == 201);
    CHECK(r.error.message == "CertificationRequest: trailing data after the DER element (1 bytes)");
}

TEST_CASE("tlv: every single-byte corruption of a CSR is handled") {
    bytes csr = test::sample_csr();
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < csr.size(); ++i)
        for (std::uint8_t x : {std::uint8_t(0x01), std::uint8_t(0x80), std::uint8_t(0xFF)}) {
            bytes b = csr;
            b[i] ^= x;
            auto r = asn1::decode(asn1::module::pkix, "CertificationRequest", b);
            if (!r) {
                ++rejected;
                CHECK(r.error.offset < b.size());
            }
        }
    CHECK(rejected > 100);  // header bytes matter; key and signature bytes do not
}

namespace {
// nulls is a SEQUENCE of n NULLs.
bytes nulls(std::size_t n) {
    bytes body;
    for (std::size_t i = 0; i < n; ++i) body.push_back(0x05), body.push_back(0x00);
    return test::tlv(0x30, body);
}
}  // namespace

TEST_CASE("tlv: list limits (libtasn1 is quadratic in list length)") {
    asn1::list_limits limits;
    CHECK_FALSE(asn1::validate_der(nulls(4096), 0, &limits));
    auto e = asn1::validate_der(nulls(4097), 100, &limits);
    REQUIRE(e);
    CHECK(e->offset == 100);
    CHECK(asn1::over_limit(*e));
    CHECK(e->message == "more than 4096 elements in one constructed value (limit)");
    CHECK_FALSE(asn1::validate_der(nulls(4097)));  // framing alone has no list limit

    // The sum of squares: three full lists and one of 4095 fit (with the
    // outer list's 4^2), a fourth full one does not; the error names it.
    bytes three = nulls(4096), body;
    for (int i = 0; i < 3; ++i) body.insert(body.end(), three.begin(), three.end());
    bytes last_short = body, last_full = body;
    bytes s = nulls(4095), f = nulls(4096);
    last_short.insert(last_short.end(), s.begin(), s.end());
    last_full.insert(last_full.end(), f.begin(), f.end());
    CHECK_FALSE(asn1::validate_der(test::tlv(0x30, last_short), 0, &limits));
    auto c = asn1::validate_der(test::tlv(0x30, last_full), 0, &limits);
    REQUIRE(c);
    CHECK(c->offset == 4 + 3 * three.size());
    CHECK(c->message == "too many list elements in all (over 67108864 element pairs; limit)");

    // The exempt list (a CRL's entries) may be as long as it likes.
    limits.exempt_offset = 0;
    CHECK_FALSE(asn1::validate_der(nulls(100000), 0, &limits));
    // decode() reports the limit as such.
    auto d = asn1::decode(asn1::module::pkix, "ExtKeyUsageSyntax", nulls(5000));
    CHECK_FALSE(d);
    CHECK(asn1::over_limit(d.error));
}
