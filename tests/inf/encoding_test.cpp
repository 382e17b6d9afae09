// Tests for reading INF bytes in each encoding (inf::read + text::decode).
#include <doctest/doctest.h>

#include <string>

#include "certreq/inf/read.hpp"
#include "helpers.hpp"

using certreq::bytes;
using certreq::position;
using inf_test::diags;
using inf_test::strs;
using inf_test::value;

namespace {

// utf16 converts UTF-8 text (BMP only) to UTF-16 bytes with a BOM.
bytes utf16(std::string_view utf8, bool little) {
    bytes out;
    auto put = [&](std::uint32_t u) {
        if (little) out.push_back(std::uint8_t(u & 0xFF)), out.push_back(std::uint8_t(u >> 8));
        else out.push_back(std::uint8_t(u >> 8)), out.push_back(std::uint8_t(u & 0xFF));
    };
    put(0xFEFF);
    for (std::size_t i = 0; i < utf8.size();) {
        auto c = static_cast<unsigned char>(utf8[i]);
        std::uint32_t cp;
        if (c < 0x80) cp = c, i += 1;
        else if (c < 0xE0) cp = ((c & 0x1Fu) << 6) | (utf8[i + 1] & 0x3F), i += 2;
        else cp = ((c & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3F), i += 3;
        put(cp);
    }
    return out;
}

const char* const sample =
    "[Version]\r\n"
    "Signature=\"$Windows NT$\"\r\n"
    " \r\n"
    "[NewRequest]\r\n"
    "Subject = \"CN=Caf\xC3\xA9 \xE2\x82\xAC\"\r\n"
    "[Extensions]\r\n"
    "2.5.29.17 = \"{text}\"\r\n"
    "_continue_ = \"dns=a&\"\r\n";

void check_sample(const certreq::inf::read_result& r) {
    CHECK(value(r, "Version", "Signature") == "$Windows NT$");
    CHECK(value(r, "NewRequest", "Subject") == "CN=Caf\xC3\xA9 \xE2\x82\xAC");
    CHECK(value(r, "Extensions", "2.5.29.17") == "{text}dns=a&");
    CHECK(r.doc.find("Extensions")->entries.at(0).value.at(6) == position{8, 15});
}

}  // namespace

TEST_CASE("read: UTF-16LE with BOM (Out-File default)") {
    auto r = certreq::inf::read(utf16(sample, true), "le.inf");
    CHECK(r.diags.empty());
    check_sample(r);
}

TEST_CASE("read: UTF-16BE with BOM") {
    auto r = certreq::inf::read(utf16(sample, false), "be.inf");
    CHECK(r.diags.empty());
    check_sample(r);
}

TEST_CASE("read: UTF-8 with and without BOM") {
    auto r = certreq::inf::read(certreq::as_bytes(std::string("\xEF\xBB\xBF") + sample), "bom.inf");
    CHECK(r.diags.empty());
    check_sample(r);
    CHECK(r.doc.sections.at(0).pos == position{1, 1});
    auto p = certreq::inf::read(certreq::as_bytes(sample), "plain.inf");
    check_sample(p);
    auto t = certreq::inf::read_text(std::string("\xEF\xBB\xBF") + sample, "text.inf");
    check_sample(t);
}

TEST_CASE("read: CR-only line ends") {
    std::string s = sample;
    std::string cr;
    for (char c : s)
        if (c != '\n') cr += c;
    auto r = certreq::inf::read(certreq::as_bytes(cr), "cr.inf");
    CHECK(r.diags.empty());
    check_sample(r);
}

TEST_CASE("read: Windows-1252 smart quotes become typographic quotes, used as quotes with a warning") {
    auto r = certreq::inf::read(certreq::as_bytes("[NewRequest]\r\nSubject = \x93" "CN=Caf\xE9\x94\r\n"), "ansi.inf");
    CHECK(value(r, "NewRequest", "Subject") == "CN=Caf\xC3\xA9");
    CHECK(diags(r) == strs({"warning 2:11: typographic quote used as an INF quote"}));
}

TEST_CASE("read: decoding problems come first, at their position") {
    bytes b = utf16("[S]\r\nk=v\r\n", true);
    b.push_back(0x41);   // odd length
    auto r = certreq::inf::read(b, "odd.inf");
    CHECK(diags(r) == strs({"warning 3:1: odd number of bytes in UTF-16 text: last byte replaced by U+FFFD"}));
    auto& es = r.doc.find("S")->entries;
    REQUIRE(es.size() == 2);
    CHECK_FALSE(es[1].has_key);
    CHECK(es[1].value.str() == "\xEF\xBF\xBD");
    CHECK(value(r, "S", "k") == "v");
}
