// Tests for [Strings] %name% substitution (inf/strings.hpp).
#include <doctest/doctest.h>

#include "certreq/inf/read.hpp"
#include "helpers.hpp"

using certreq::position;
using inf_test::diags;
using inf_test::read;
using inf_test::strs;
using inf_test::value;

TEST_CASE("strings: keys and values, case-insensitive, defined after use") {
    auto r = read("[Extensions]\n"
                  "%szOID_SAN% = \"{text}dns=%Host%\"\n"
                  "Critical = %SZOID_san%\n"
                  "[Strings]\n"
                  "szOID_SAN = \"2.5.29.17\"\n"
                  "host = www.example.com\n");
    CHECK(r.diags.empty());
    CHECK(value(r, "Extensions", "2.5.29.17") == "{text}dns=www.example.com");
    CHECK(value(r, "Extensions", "Critical") == "2.5.29.17");
    // [Strings] itself keeps its entries as written.
    CHECK(value(r, "Strings", "szOID_SAN") == "2.5.29.17");
}

TEST_CASE("strings: %% is a percent sign, lone % is text") {
    auto r = read("[S]\na = 100%%\nb = 50% of 20%\nc = %\nd = x%%y%%z\n");
    CHECK(r.diags.empty());
    CHECK(value(r, "S", "a") == "100%");
    CHECK(value(r, "S", "b") == "50% of 20%");
    CHECK(value(r, "S", "c") == "%");
    CHECK(value(r, "S", "d") == "x%y%z");
}

TEST_CASE("strings: undefined names stay as written, with a warning at the name") {
    auto r = read("[S]\nk = a %nope% b\n%Key% = 1\n");
    CHECK(value(r, "S", "k") == "a %nope% b");
    CHECK(value(r, "S", "%Key%") == "1");
    CHECK(diags(r) == strs({"warning 2:7: undefined string %nope% kept as written",
                            "warning 3:1: undefined string %Key% kept as written"}));
}

TEST_CASE("strings: not recursive") {
    auto r = read("[Strings]\na = %b%\nb = x\n[S]\nk = %a%\n");
    CHECK(value(r, "S", "k") == "%b%");
    CHECK(r.diags.empty());
}

TEST_CASE("strings: substituted text maps to the %name% (non-exact piece)") {
    auto r = read("[Strings]\nh = \"example.com\"\n[S]\nk = \"dns=%h%&x\"\n");
    auto& v = r.doc.find("S")->entries.at(0).value;
    REQUIRE(v.str() == "dns=example.com&x");
    CHECK(v.at(0) == position{4, 6});
    CHECK(v.at(4) == position{4, 10});
    CHECK(v.at(10) == position{4, 10});   // inside the substitution: the %h% position
    CHECK(v.at(15) == position{4, 13});   // & after %h%
    REQUIRE(v.pieces().size() >= 3);
    CHECK_FALSE(v.pieces()[1].exact);
}

TEST_CASE("strings: [Strings] wins over [Strings.0409]; first definition wins") {
    auto r = read("[Strings.0409]\na = loc\nb = only-loc\n[Strings]\na = main\na = again\n[S]\nk = %a%,%b%\n");
    CHECK(value(r, "S", "k") == "main,only-loc");
    CHECK(diags(r) == strs({"warning 6:1: string a defined again; the first definition is used"}));
}

TEST_CASE("strings: 4096 characters per value after substitution") {
    std::string big(4000, 'x');
    auto r = read("[Strings]\nbig = " + big + "\n[S]\nok = %big%\nko = %big%%big%\n");
    CHECK(diags(r) == strs({"error 5:6: value longer than 4096 characters after %string% substitution"}));
    CHECK(value(r, "S", "ok").size() == 4000);
}

TEST_CASE("strings: the substitution budget bounds memory; names past it stay as written") {
    auto r = read("[Strings]\ns = abcdefgh\n[S]\nk = %s%%s%%s%\n");
    certreq::inf::string_table table(r.doc.sections, r.diags);
    certreq::located_text t("%s%%s%%s%", {4, 5});
    certreq::inf::substitution_budget budget;
    budget.left = 20;
    certreq::diagnostics d;
    CHECK(certreq::inf::substitute(t, table, d, budget));
    CHECK(t.str() == "abcdefghabcdefgh%s%");
    CHECK(budget.left == 4);
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].message == "too much %string% substitution in this file (over 64 MiB); the rest is left as written");
    CHECK(d.items()[0].pos == certreq::position{4, 11});
}

TEST_CASE("strings: positions after substitution across quoted pieces and \"\"") {
    auto r = read("[Strings]\nh = H\n[S]\nk = \"a\"\"%h%\"b%h%%%c\n");
    auto& v = r.doc.find("S")->entries.at(0).value;
    REQUIRE(v.str() == "a\"HbH%c");
    CHECK(v.at(0) == position{4, 6});   // a
    CHECK(v.at(1) == position{4, 7});   // "" -> "
    CHECK(v.at(2) == position{4, 9});   // %h% inside the quotes
    CHECK(v.at(3) == position{4, 13});  // b
    CHECK(v.at(4) == position{4, 14});  // %h%
    CHECK(v.at(5) == position{4, 17});  // %% -> %
    CHECK(v.at(6) == position{4, 19});  // c
    CHECK(r.diags.empty());
}

TEST_CASE("strings: texts over 16 KiB are not substituted (over the limit anyway)") {
    std::string big(17000, 'x');
    auto r = read("[Strings]\nh = H\n[S]\nk = %h%" + big + "\n");
    CHECK(value(r, "S", "k") == "%h%" + big);
    CHECK(diags(r) == strs({"error 4:5: value longer than 4096 characters after %string% substitution"}));
}
