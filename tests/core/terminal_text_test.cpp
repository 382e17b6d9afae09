#include "certreq/core/terminal_text.hpp"

#include <doctest/doctest.h>

using certreq::terminal_text;

TEST_CASE("terminal_text: controls from a file never reach the terminal") {
    CHECK(terminal_text("CN=plain, O=Ex") == "CN=plain, O=Ex");
    CHECK(terminal_text("J\xC3\xBCrgen \xE2\x82\xAC") == "J\xC3\xBCrgen \xE2\x82\xAC");  // UTF-8 kept
    CHECK(terminal_text("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
    CHECK(terminal_text("a\nb\rc\td") == "a\\x0ab\\x0dc\\x09d");
    CHECK(terminal_text(std::string_view("a\0b", 3)) == "a\\x00b");
    CHECK(terminal_text("del\x7f") == "del\\x7f");
    CHECK(terminal_text("csi\xC2\x9B" "2J") == "csi\\u009b2J");  // U+009B, the 8-bit CSI
    CHECK(terminal_text("nbsp\xC2\xA0") == "nbsp\xC2\xA0");      // U+00A0 is text
    CHECK(terminal_text("\xC2") == "\xC2");                       // a cut sequence is left alone
}
