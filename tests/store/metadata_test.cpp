#include "certreq/store/metadata.hpp"

#include <doctest/doctest.h>

#include "certreq/store/container.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/timestamp.hpp"

using namespace certreq;

TEST_CASE("store::metadata: serialize and parse round-trip, escapes") {
    store::metadata m;
    m.set("key_container", "certreq-1");
    m.set("friendly_name", "Web = server\\2026\nline two\r");
    m.set("empty", "");
    m.set("key_container", "certreq-2");  // replaces in place
    CHECK(m.serialize() ==
          "# certreq store metadata v1\n"
          "key_container=certreq-2\n"
          "friendly_name=Web = server\\\\2026\\nline two\\r\n"
          "empty=\n");
    auto back = store::metadata::parse(m.serialize());
    REQUIRE(back);
    CHECK(back->entries() == m.entries());
}

TEST_CASE("store::metadata::parse: tolerant of CRLF, comments, blank lines, unknown names") {
    auto m = store::metadata::parse("# comment\r\n\r\na=1\r\nnew.name-x=y=z\nA=last\nA=again");
    REQUIRE(m);
    CHECK(m->get_or("a") == "1");
    CHECK(m->get_or("new.name-x") == "y=z");
    CHECK(m->get_or("A") == "again");
    CHECK(!m->get("missing"));
    CHECK(m->get_or("missing", "dflt") == "dflt");
}

TEST_CASE("store::metadata::parse: errors name the line") {
    auto m = store::metadata::parse("a=1\nno equals sign\n");
    REQUIRE(!m);
    CHECK(m.err().message == "line 2: expected name=value");
    m = store::metadata::parse("\n\nbad name=1");
    REQUIRE(!m);
    CHECK(m.err().message == "line 3: bad name 'bad name'");
    m = store::metadata::parse("=1");
    REQUIRE(!m);
    CHECK(m.err().message == "line 1: bad name ''");
    m = store::metadata::parse("a=x\\");
    REQUIRE(!m);
    CHECK(m.err().message == "line 1: '\\' at end of line");
    m = store::metadata::parse("a=\\t");
    REQUIRE(!m);
    CHECK(m.err().message == "line 1: unknown escape '\\t'");
}

TEST_CASE("store::validate_container_name and default_container_name") {
    CHECK(store::validate_container_name("certreq-web"));
    CHECK(store::validate_container_name("{6A1D8E3C-0000-4A2B-9C1D-000000000000}"));
    CHECK(store::validate_container_name("name with spaces"));
    CHECK(store::validate_container_name(std::string(251, 'k')));
    auto msg = [](std::string_view n) {
        auto s = store::validate_container_name(n);
        return s ? std::string("ok") : s.err().message;
    };
    CHECK(msg("") == "invalid key container name: empty");
    CHECK(msg(std::string(252, 'k')) == "invalid key container name '" + std::string(252, 'k') + "': longer than 251 bytes");
    CHECK(msg("a/b") == "invalid key container name 'a/b': contains '/'");
    CHECK(msg("..") == "invalid key container name '..': contains '..'");
    CHECK(msg("a..b") == "invalid key container name 'a..b': contains '..'");
    CHECK(msg(".hidden") == "invalid key container name '.hidden': starts with '.'");
    CHECK(msg("a\nb") == "invalid key container name 'a\nb': contains a control character");
    CHECK(msg(std::string_view("a\0b", 3)) == "invalid key container name '" + std::string("a\0b", 3) + "': contains a control character");

    std::string a = store::default_container_name(), b = store::default_container_name();
    CHECK(a != b);
    REQUIRE(a.size() == 8 + 36);
    CHECK(a.starts_with("certreq-"));
    CHECK(a[16] == '-');
    CHECK(a[21] == '-');
    CHECK(a[22] == '4');  // version 4 GUID
    CHECK(a[26] == '-');
    CHECK(a[31] == '-');
    CHECK(std::string("89ab").find(a[27]) != std::string::npos);  // RFC 4122 variant
    CHECK(store::validate_container_name(a));
}

TEST_CASE("store::hex and timestamps") {
    CHECK(store::normalize_hex("61 2D 3c:FE") == "612d3cfe");
    CHECK(store::normalize_hex("abc") == "");   // odd
    CHECK(store::normalize_hex("0x12") == "");  // 'x'
    CHECK(store::same_serial("00ab12", "ab12"));
    CHECK(!store::same_serial("ab12", "ab13"));
    CHECK(!store::same_serial("", ""));
    const std::uint8_t b[] = {0x00, 0x7f, 0xff};
    CHECK(store::to_hex(b) == "007fff");
    CHECK(store::format_time(0) == "1970-01-01T00:00:00Z");
    CHECK(store::format_time(1795966170) == "2026-11-29T15:29:30Z");
    CHECK(store::parse_time("2026-11-29T15:29:30Z") == 1795966170);
    CHECK(!store::parse_time("2026-11-28 15:29:30Z"));
    CHECK(!store::parse_time("2026-13-28T15:29:30Z"));
    CHECK(!store::parse_time(""));
}
