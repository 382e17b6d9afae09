#include <doctest/doctest.h>

#include "certreq/core/diagnostic.hpp"

using namespace certreq;

TEST_CASE("diagnostics print file:line:col, the line and a caret") {
    source_text s("req.inf", "[NewRequest]\n\tKeyLength = banana\n");
    diagnostics d(&s);
    d.error({2, 14}, "KeyLength: expected a number of bits");
    CHECK(d.has_errors());
    CHECK(d.format(d.items()[0]) ==
          "req.inf:2:14: error: KeyLength: expected a number of bits\n"
          "    \tKeyLength = banana\n"
          "    \t            ^\n");
}

TEST_CASE("binary diagnostics name the DER offset") {
    diagnostics d(std::string("in.der"));
    d.error_at_offset(17, "length runs past the end of the input");
    CHECK(d.format(d.items()[0]) == "in.der: DER offset 17: error: length runs past the end of the input\n");
}

TEST_CASE("counts by severity") {
    diagnostics d;
    d.warning({1, 1}, "w");
    d.note({1, 1}, "n");
    CHECK_FALSE(d.has_errors());
    CHECK(d.count(severity::warning) == 1);
    CHECK(d.format(d.items()[0]) == "<input>:1:1: warning: w\n");
}
