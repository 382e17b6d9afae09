#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "certreq/der/der.hpp"
#include "der_hex.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;

using certreq::test::der_hex;

TEST_CASE("length: short form below 128, minimal long form above") {
    struct {
        std::size_t n;
        const char* octets;
    } cases[] = {
        {0, "00"},          {1, "01"},          {127, "7f"},             // short form
        {128, "81 80"},     {255, "81 ff"},                              // one length octet
        {256, "82 01 00"},  {65535, "82 ff ff"},                         // two
        {65536, "83 01 00 00"}, {16777215, "83 ff ff ff"}, {16777216, "84 01 00 00 00"},
    };
    for (auto& c : cases) {
        CAPTURE(c.n);
        std::array<std::uint8_t, 9> buf{};
        REQUIRE(der::length_size(c.n) == hex(c.octets).size());
        der::write_length(buf.data(), c.n);
        CHECK(to_hex(byte_view(buf.data(), der::length_size(c.n))) == norm(c.octets));
    }
}

TEST_CASE("length boundaries in a whole TLV: OCTET STRING of 127/128/255/256/65535/65536 octets") {
    struct {
        std::size_t n;
        const char* header;
    } cases[] = {{127, "04 7f"},       {128, "04 81 80"},    {255, "04 81 ff"},
                 {256, "04 82 01 00"}, {65535, "04 82 ff ff"}, {65536, "04 83 01 00 00"}};
    for (auto& c : cases) {
        CAPTURE(c.n);
        bytes content(c.n, 0x5a);
        der::octet_string v{byte_view(content)};
        auto h = hex(c.header);
        REQUIRE(v.encoded_size() == h.size() + c.n);
        auto r = der::encode(v);
        REQUIRE(r);
        CHECK(to_hex(byte_view(*r).first(h.size())) == to_hex(h));
        CHECK(bytes(r->begin() + std::ptrdiff_t(h.size()), r->end()) == content);
        CHECK(der::read_tlv_size(r->data(), r->size()) == r->size());
    }
}

TEST_CASE("read_tlv_size rejects truncated and indefinite lengths") {
    CHECK(der::read_tlv_size(hex("04 02 00").data(), 3) == 0);      // content cut short
    CHECK(der::read_tlv_size(hex("30 80 00 00").data(), 4) == 0);   // indefinite
    CHECK(der::read_tlv_size(hex("04 81").data(), 2) == 0);         // length octets cut short
    CHECK(der::read_tlv_size(hex("04").data(), 1) == 0);
    CHECK(der::read_tlv_size(hex("04 00").data(), 2) == 2);
}

TEST_CASE("INTEGER from uint64: minimal, positive") {
    CHECK(der_hex(der::integer(0)) == norm("02 01 00"));
    CHECK(der_hex(der::integer(1)) == norm("02 01 01"));
    CHECK(der_hex(der::integer(127)) == norm("02 01 7f"));
    CHECK(der_hex(der::integer(128)) == norm("02 02 00 80"));      // sign octet
    CHECK(der_hex(der::integer(255)) == norm("02 02 00 ff"));
    CHECK(der_hex(der::integer(256)) == norm("02 02 01 00"));
    CHECK(der_hex(der::integer(32767)) == norm("02 02 7f ff"));
    CHECK(der_hex(der::integer(32768)) == norm("02 03 00 80 00"));
    CHECK(der_hex(der::integer(65537)) == norm("02 03 01 00 01"));
    CHECK(der_hex(der::integer(0x7fffffffffffffffULL)) == norm("02 08 7f ff ff ff ff ff ff ff"));
    CHECK(der_hex(der::integer(std::numeric_limits<std::uint64_t>::max())) ==
          norm("02 09 00 ff ff ff ff ff ff ff ff"));
}

TEST_CASE("INTEGER from a big-endian magnitude: leading zeros stripped, sign octet added") {
    auto m = [](const char* h) {
        static std::vector<bytes> keep;  // the integer borrows the octets
        keep.push_back(hex(h));
        return der::integer(byte_view(keep.back()));
    };
    CHECK(der_hex(m("")) == norm("02 01 00"));
    CHECK(der_hex(m("00 00 00")) == norm("02 01 00"));
    CHECK(der_hex(m("00 00 7f")) == norm("02 01 7f"));
    CHECK(der_hex(m("00 80")) == norm("02 02 00 80"));
    CHECK(der_hex(m("00 00 00 01 02 03")) == norm("02 03 01 02 03"));
    // A 16-byte serial with the top bit set gets 17 content octets.
    CHECK(der_hex(m("ff ee dd cc bb aa 99 88 77 66 55 44 33 22 11 00")) ==
          norm("02 11 00 ff ee dd cc bb aa 99 88 77 66 55 44 33 22 11 00"));
    // A 129-octet modulus-like magnitude needs a long-form length.
    bytes big(129, 0x80);
    CHECK(der::integer(byte_view(big)).encoded_size() == 1 + 2 + 130);
}

TEST_CASE("INTEGER copies keep their value (the uint64 form stores its octets inline)") {
    der::integer a(0x1234);
    der::integer b = a;
    CHECK(der_hex(b) == norm("02 02 12 34"));
}

TEST_CASE("BOOLEAN, NULL, OCTET STRING, BIT STRING, raw") {
    CHECK(der_hex(der::boolean(true)) == norm("01 01 ff"));
    CHECK(der_hex(der::boolean(false)) == norm("01 01 00"));
    CHECK(der_hex(der::null{}) == norm("05 00"));
    CHECK(der_hex(der::octet_string(std::string_view("abc"))) == norm("04 03 61 62 63"));
    CHECK(der_hex(der::octet_string(byte_view{})) == norm("04 00"));
    bytes ku = hex("a0");
    CHECK(der_hex(der::bit_string(ku, 5)) == norm("03 02 05 a0"));
    CHECK(der_hex(der::bit_string(byte_view{})) == norm("03 01 00"));
    bytes pre = hex("05 00 02 01 05");
    CHECK(der_hex(der::raw(pre)) == norm("05 00 02 01 05"));
    CHECK(der_hex(der::primitive<0x82>(std::string_view("a.b"))) == norm("82 03 61 2e 62"));
}

TEST_CASE("BIT STRING with bad unused-bit counts fails") {
    bytes one = hex("80");
    CHECK_FALSE(der::encode(der::bit_string(one, 8)));
    CHECK_FALSE(der::encode(der::bit_string(byte_view{}, 1)));
}

TEST_CASE("encode_into: every buffer size from 0 to len+1; never writes past the span") {
    bytes content(130, 0x11);
    auto v = der::sequence(der::integer(0x8000), der::octet_string(byte_view(content)), der::null{});
    const auto expect = der::to_bytes(v);
    REQUIRE(expect.size() == v.encoded_size());
    REQUIRE(expect.size() == 3 + 5 + 3 + 130 + 2);
    for (std::size_t n = 0; n <= expect.size() + 1; ++n) {
        CAPTURE(n);
        std::vector<std::uint8_t> buf(n + 8, 0xcc);  // 8 guard octets after the span
        auto r = der::encode_into(std::span<std::uint8_t>(buf.data(), n), v);
        if (n < expect.size()) {
            CHECK_FALSE(r);
        } else {
            REQUIRE(r);
            CHECK(*r == expect.size());
            CHECK(bytes(buf.begin(), buf.begin() + std::ptrdiff_t(*r)) == expect);
        }
        for (std::size_t i = std::min(n, expect.size()); i < buf.size(); ++i) CHECK(buf[i] == 0xcc);
    }
}

TEST_CASE("writer: a write that does not fit fails and sticks") {
    std::array<std::uint8_t, 3> buf{};
    der::writer w(buf);
    w.header(0x04, 1);
    w.put(std::uint8_t(7));
    CHECK_FALSE(w.failed());
    w.put(hex("01 02"));       // only one octet left
    CHECK(w.failed());
    w.put(std::uint8_t(9));    // ignored after failure
    CHECK(w.position() == 3);
    CHECK(buf[2] == 7);
}

TEST_CASE("encode_into a std::array needs no allocation") {
    std::array<std::uint8_t, 16> buf{};
    auto n = der::encode_into(buf, der::sequence(der::boolean(true), der::integer(5)));
    REQUIRE(n);
    CHECK(to_hex(byte_view(buf.data(), *n)) == norm("30 06 01 01 ff 02 01 05"));
}
