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

TEST_CASE("a long line is quoted as a window around the column") {
    std::string value(5000, 'x');
    value[2999] = 'Y';  // column 3010 on the line below
    source_text s("long.inf", "[NewRequest]\nSubject = " + value + "\n");
    diagnostics d(&s);
    d.error({2, 3010}, "bad");
    std::string out = d.format(d.items()[0]);
    std::string window = std::string(60, 'x') + 'Y' + std::string(60, 'x');
    CHECK(out == "long.inf:2:3010: error: bad\n"
                 "    ..." + window + "...\n"
                 "       " + std::string(60, ' ') + "^\n");
}

TEST_CASE("clipping cuts between UTF-8 characters; a column past the end keeps the line start") {
    std::string value;
    for (int i = 0; i < 100; ++i) value += "\xC3\xA9";  // é, two bytes each
    source_text s("u.inf", "K = " + value + "\n");
    diagnostics d(&s);
    d.error({1, 5}, "at the value");
    d.error({1, 104}, "at the end");
    d.error({1, 500}, "past the end");
    std::string e60;
    for (int i = 0; i < 60; ++i) e60 += "\xC3\xA9";
    CHECK(d.format(d.items()[0]) == "u.inf:1:5: error: at the value\n"
                                    "    K = " + e60 + "\xC3\xA9...\n"
                                    "        ^\n");
    CHECK(d.format(d.items()[1]) == "u.inf:1:104: error: at the end\n"
                                    "    ...\xC3\xA9" + e60 + "\n"
                                    "       " + std::string(60, ' ') + "^\n");
    CHECK(d.format(d.items()[2]).rfind("u.inf:1:500: error: past the end\n    K = ", 0) == 0);
}

TEST_CASE("at most max_kept errors and max_kept warnings are kept; the rest are counted and announced") {
    certreq::diagnostics d("many.inf");
    for (int i = 0; i < 1500; ++i) d.warning({1, 1}, "w");
    CHECK(d.items().size() == certreq::diagnostics::max_kept);
    CHECK_FALSE(d.has_errors());
    d.error({2, 1}, "the first error is kept");  // errors have their own cap
    CHECK(d.has_errors());
    CHECK(d.items().back().message == "the first error is kept");
    for (int i = 0; i < 1200; ++i) d.error({3, 1}, "e");
    CHECK(d.count(certreq::severity::error) == certreq::diagnostics::max_kept);
    CHECK(d.left_out() == 500 + 201);
    CHECK(d.left_out_line() == "many.inf: 701 more errors, warnings and notes were left out (at most 1000 errors and 1000 "
                               "warnings and notes are shown)\n");
    certreq::diagnostics quiet("x.inf");
    quiet.note({1, 1}, "n");
    CHECK(quiet.left_out_line().empty());
}
