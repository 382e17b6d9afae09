// Tests for text/decode.hpp: BOM detection, UTF-16, Windows-1252 fallback.
#include <doctest/doctest.h>

#include <string>

#include "certreq/text/decode.hpp"

using certreq::as_bytes;
using certreq::bytes;
using certreq::text::decode;
using certreq::text::encoding;

namespace {

// utf16 encodes ASCII/BMP UTF-8 test text as UTF-16 code units (no surrogates needed here).
bytes utf16(std::u16string_view s, bool little, bool bom) {
    bytes out;
    auto put = [&](char16_t u) {
        if (little) out.push_back(std::uint8_t(u & 0xFF)), out.push_back(std::uint8_t(u >> 8));
        else out.push_back(std::uint8_t(u >> 8)), out.push_back(std::uint8_t(u & 0xFF));
    };
    if (bom) put(0xFEFF);
    for (char16_t u : s) put(u);
    return out;
}

}  // namespace

TEST_CASE("decode: plain ASCII and UTF-8 without BOM") {
    auto d = decode(as_bytes("[Version]\r\nA=b\n"));
    CHECK(d.detected == encoding::utf8);
    CHECK(d.text == "[Version]\r\nA=b\n");
    CHECK_FALSE(d.issue);

    auto u = decode(as_bytes("N=caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D"));
    CHECK(u.detected == encoding::utf8);
    CHECK(u.text == "N=caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
}

TEST_CASE("decode: empty input") {
    auto d = decode({});
    CHECK(d.detected == encoding::utf8);
    CHECK(d.text.empty());
    CHECK_FALSE(d.issue);
}

TEST_CASE("decode: UTF-8 BOM is removed") {
    auto d = decode(as_bytes("\xEF\xBB\xBF[Version]\r\n"));
    CHECK(d.detected == encoding::utf8_bom);
    CHECK(d.text == "[Version]\r\n");
    CHECK_FALSE(d.issue);
}

TEST_CASE("decode: UTF-8 BOM with a bad byte gives U+FFFD and a warning") {
    auto d = decode(as_bytes("\xEF\xBB\xBF" "a\xFF" "b\xC0\xAF"));
    CHECK(d.detected == encoding::utf8_bom);
    CHECK(d.text == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
    REQUIRE(d.issue);
    CHECK(d.issue->level == certreq::severity::warning);
    CHECK(d.issue->offset == 1);
    CHECK(d.issue->message == "invalid UTF-8 replaced by U+FFFD (3 times)");
}

TEST_CASE("decode: UTF-16LE and UTF-16BE with BOM") {
    std::u16string_view s = u"[Version]\r\nN=\u00E9\u20AC\r\n";
    auto le = decode(utf16(s, true, true));
    CHECK(le.detected == encoding::utf16le);
    CHECK(le.text == "[Version]\r\nN=\xC3\xA9\xE2\x82\xAC\r\n");
    CHECK_FALSE(le.issue);
    auto be = decode(utf16(s, false, true));
    CHECK(be.detected == encoding::utf16be);
    CHECK(be.text == le.text);
    CHECK_FALSE(be.issue);
}

TEST_CASE("decode: UTF-16 surrogate pairs and unpaired surrogates") {
    // U+1F600 = D83D DE00
    bytes pair = utf16(u"a\xD83D\xDE00" "b", true, true);
    auto d = decode(pair);
    CHECK(d.text == "a\xF0\x9F\x98\x80" "b");
    CHECK_FALSE(d.issue);

    bytes lone = utf16(u"a\xD83D" "b\xDE00", true, true);
    auto e = decode(lone);
    CHECK(e.text == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    REQUIRE(e.issue);
    CHECK(e.issue->offset == 1);
    CHECK(e.issue->message == "unpaired UTF-16 surrogate replaced by U+FFFD (2 times)");
}

TEST_CASE("decode: odd-length UTF-16") {
    bytes b = utf16(u"ab", true, true);
    b.push_back('c');
    auto d = decode(b);
    CHECK(d.detected == encoding::utf16le);
    CHECK(d.text == "ab\xEF\xBF\xBD");
    REQUIRE(d.issue);
    CHECK(d.issue->offset == 2);
    CHECK(d.issue->message == "odd number of bytes in UTF-16 text: last byte replaced by U+FFFD");
}

TEST_CASE("decode: UTF-16 without BOM is recognised from the first character") {
    auto d = decode(utf16(u"[V]\r\n", true, false));
    CHECK(d.detected == encoding::utf16le);
    CHECK(d.text == "[V]\r\n");
    REQUIRE(d.issue);
    CHECK(d.issue->message == "UTF-16LE text without a byte order mark");
    auto b = decode(utf16(u"[V]\r\n", false, false));
    CHECK(b.detected == encoding::utf16be);
    CHECK(b.text == "[V]\r\n");
}

TEST_CASE("decode: invalid UTF-8 without BOM is Windows-1252") {
    // 0x93/0x94 smart quotes, 0x80 euro, 0xE9 e-acute, 0x81 undefined -> U+0081
    auto d = decode(as_bytes("N=\x93q\x94 \x80 caf\xE9 \x81"));
    CHECK(d.detected == encoding::windows1252);
    CHECK(d.text == "N=\xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC caf\xC3\xA9 \xC2\x81");
    CHECK_FALSE(d.issue);
}

TEST_CASE("decode: the whole Windows-1252 high half") {
    static const char16_t expect[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    for (int c = 0x80; c <= 0xFF; ++c) {
        bytes in{std::uint8_t(c)};
        auto d = decode(in);
        CHECK(d.detected == encoding::windows1252);
        std::uint32_t cp = c < 0xA0 ? expect[c - 0x80] : std::uint32_t(c);
        std::string want;
        certreq::text::detail::put_utf8(want, cp);
        CHECK(d.text == want);
    }
}

TEST_CASE("decode: overlong and surrogate UTF-8 are not UTF-8") {
    CHECK(decode(as_bytes("\xC0\x80")).detected == encoding::windows1252);
    CHECK(decode(as_bytes("\xED\xA0\x80")).detected == encoding::windows1252);
    CHECK(decode(as_bytes("\xF4\x90\x80\x80")).detected == encoding::windows1252);
    CHECK(decode(as_bytes("\xE2\x80")).detected == encoding::windows1252);
    CHECK(decode(as_bytes("\xF0\x9F\x98\x80")).detected == encoding::utf8);
}
