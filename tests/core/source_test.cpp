#include <doctest/doctest.h>

#include "certreq/core/source.hpp"

using certreq::position;
using certreq::source_text;

TEST_CASE("source_text indexes LF, CRLF and CR line ends") {
    source_text s("a.inf", "ab\r\ncd\nef\rgh");
    CHECK(s.line_count() == 4);
    CHECK(s.line(1) == "ab");
    CHECK(s.line(2) == "cd");
    CHECK(s.line(3) == "ef");
    CHECK(s.line(4) == "gh");
    CHECK(s.line(5) == "");
    CHECK(s.position_of(0) == position{1, 1});
    CHECK(s.position_of(4) == position{2, 1});
    CHECK(s.position_of(8) == position{3, 2});
    CHECK(s.position_of(11) == position{4, 2});
}

TEST_CASE("columns count code points, not bytes") {
    source_text s("u.inf", "\xC3\xA9t\xC3\xA9=x");  // "été=x"
    CHECK(s.position_of(5) == position{1, 4});
}

TEST_CASE("empty text has one empty line") {
    source_text s("e.inf", "");
    CHECK(s.line_count() == 1);
    CHECK(s.position_of(0) == position{1, 1});
}
