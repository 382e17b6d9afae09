#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "certreq/der/der.hpp"
#include "der_hex.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;

using certreq::test::der_hex;

TEST_CASE("SEQUENCE nests like the ASN.1") {
    // AlgorithmIdentifier { sha256WithRSAEncryption, NULL }
    auto alg = der::sequence(der::oid_literal("1.2.840.113549.1.1.11"), der::null{});
    CHECK(der_hex(alg) == norm(R"(
        30 0d                                  -- SEQUENCE
           06 09 2a 86 48 86 f7 0d 01 01 0b    --   OID sha256WithRSAEncryption
           05 00                               --   NULL
    )"));
    CHECK(der_hex(der::sequence()) == norm("30 00"));
    CHECK(der_hex(der::sequence(der::sequence(der::sequence()))) == norm("30 04 30 02 30 00"));
}

TEST_CASE("SEQUENCE long-form length at 128 content octets") {
    bytes c(125, 0);
    auto v = der::sequence(der::octet_string(byte_view(c)), der::null{});  // content (2 + 125) + 2 = 129
    CHECK(v.encoded_size() == 1 + 2 + 129);
    bytes c2(126, 0);
    auto w = der::sequence(der::octet_string(byte_view(c2)));  // content 128
    auto r = der::encode(w);
    REQUIRE(r);
    CHECK(to_hex(byte_view(*r).first(5)) == norm("30 81 80 04 7e"));
}

TEST_CASE("explicit and implicit context tags") {
    // [0] EXPLICIT INTEGER 2 (TBSCertificate version v3)
    CHECK(der_hex(der::explicit_tag<0>(der::integer(2))) == norm("a0 03 02 01 02"));
    // [2] IMPLICIT IA5String (dNSName)
    CHECK(der_hex(der::implicit_tag<2>(der::ia5_string(std::string_view("a.b")))) == norm("82 03 61 2e 62"));
    // [1] IMPLICIT SEQUENCE keeps the constructed bit
    CHECK(der_hex(der::implicit_tag<1>(der::sequence(der::null{}))) == norm("a1 02 05 00"));
    // [0] IMPLICIT INTEGER (policy constraints)
    CHECK(der_hex(der::implicit_tag<0>(der::integer(3))) == norm("80 01 03"));
    // OCTET STRING wrapping DER (extnValue)
    CHECK(der_hex(der::wrap<der::tag::octet_string>(der::sequence())) == norm("04 02 30 00"));
}

TEST_CASE("optional members") {
    CHECK(der_hex(der::sequence(der::when(false, der::boolean(true)), der::integer(1))) == norm("30 03 02 01 01"));
    CHECK(der_hex(der::sequence(der::when(true, der::boolean(true)))) == norm("30 03 01 01 ff"));
}

TEST_CASE("SET OF sorts members by their encodings (X.690 11.6)") {
    auto s = der::set_of(der::integer(0x0300), der::integer(1), der::octet_string(std::string_view("")),
                         der::integer(0x80));
    CHECK(der_hex(s) == norm(R"(
        31 0d
           02 01 01         -- INTEGER 1
           02 02 00 80      -- INTEGER 128
           02 02 03 00      -- INTEGER 768
           04 00            -- OCTET STRING ''
    )"));
    // A prefix sorts first; equal encodings stay.
    auto p = der::set_of(der::ia5_string(std::string_view("ab")), der::ia5_string(std::string_view("a")),
                         der::ia5_string(std::string_view("a")));
    CHECK(der_hex(p) == norm("31 0a 16 01 61 16 01 61 16 02 61 62"));
    CHECK(der_hex(der::set_of()) == norm("31 00"));
}

TEST_CASE("SET OF sorting: the shorter encoding is padded with zeros") {
    // 04 01 00 vs 04 01 00 00? can't have both with the same length octet; compare
    // raw TLVs of different sizes sharing a prefix: 05 00 < 05 00 + nothing.
    bytes a = hex("04 02 01 00"), b = hex("04 02 01 01"), c = hex("04 01 01");
    CHECK(der_hex(der::set_of(der::raw(b), der::raw(a), der::raw(c))) == norm("31 0b 04 01 01 04 02 01 00 04 02 01 01"));
}

TEST_CASE("sequence_of / set_of over runtime ranges") {
    std::vector<std::string> dns = {"b.example", "a.example"};
    auto seq = der::sequence_of(dns, [](const std::string& s) { return der::implicit_tag<2>(der::ia5_string(s)); });
    CHECK(der_hex(seq) == norm("30 16 82 09 62 2e 65 78 61 6d 70 6c 65 82 09 61 2e 65 78 61 6d 70 6c 65"));
    auto set = der::set_of(dns, [](const std::string& s) { return der::ia5_string(s); });
    CHECK(der_hex(set) == norm("31 16 16 09 61 2e 65 78 61 6d 70 6c 65 16 09 62 2e 65 78 61 6d 70 6c 65"));
    std::vector<int> none;
    CHECK(der_hex(der::sequence_of(none, [](int v) { return der::integer(std::uint64_t(v)); })) == norm("30 00"));
    auto tagged = der::tagged_of<0xa0>(dns, [](const std::string& s) { return der::ia5_string(s); });
    CHECK(to_hex(byte_view(der::to_bytes(tagged)).first(2)) == norm("a0 16"));
}

TEST_CASE("SET OF sorting inside a nested SEQUENCE in a too-small buffer still never overflows") {
    auto v = der::sequence(der::set_of(der::integer(2), der::integer(1)));
    std::array<std::uint8_t, 9> small{};
    CHECK_FALSE(der::encode_into(small, v));
    std::array<std::uint8_t, 10> exact{};
    REQUIRE(der::encode_into(exact, v));
    CHECK(to_hex(exact) == norm("30 08 31 06 02 01 01 02 01 02"));
}

TEST_CASE("SET OF sorting agrees with sorting the encodings, for random members") {
    std::uint32_t seed = 12345;
    auto rnd = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    for (int round = 0; round < 300; ++round) {
        CAPTURE(round);
        std::vector<bytes> items;
        std::size_t n = rnd() % 7;
        for (std::size_t i = 0; i < n; ++i) {
            std::size_t len = rnd() % 4 == 0 ? 600 + rnd() % 300 : rnd() % 5;  // some need the large-move path
            bytes content(len);
            for (auto& b : content) b = std::uint8_t(rnd() % 3);                // many shared prefixes
            items.push_back(der::to_bytes(der::octet_string(byte_view(content))));
        }
        auto range = der::set_of(items, [](const bytes& b) { return der::raw(b); });
        auto got = der::encode(range);
        REQUIRE(got);
        std::vector<bytes> sorted = items;
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const bytes& a, const bytes& b) { return der::detail::der_less(a, b); });
        bytes expect;
        for (auto& s : sorted) expect.insert(expect.end(), s.begin(), s.end());
        std::size_t header = 1 + der::length_size(expect.size());
        CHECK(bytes(got->begin() + std::ptrdiff_t(header), got->end()) == expect);
    }
}
