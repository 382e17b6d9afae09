// Tests for _continue_ folding (inf/continue.hpp, spec §4.3).
#include <doctest/doctest.h>

#include "certreq/inf/read.hpp"
#include "helpers.hpp"

using certreq::position;
using inf_test::diags;
using inf_test::read;
using inf_test::strs;
using inf_test::value;

TEST_CASE("_continue_: fragments appended to the previous entry, trailing & kept") {
    auto r = read("[Extensions]\n"
                  "2.5.29.17 = \"{text}\"\n"
                  "_continue_ = \"dns=a.example&\"\n"
                  "  _CONTINUE_ = \"dns=b.example&\"\n"
                  "Critical = 2.5.29.17\n");
    CHECK(r.diags.empty());
    auto& es = r.doc.find("Extensions")->entries;
    REQUIRE(es.size() == 2);
    CHECK(es[0].key.str() == "2.5.29.17");
    CHECK(es[0].value.str() == "{text}dns=a.example&dns=b.example&");
    CHECK(es[0].fragment_starts == std::vector<std::size_t>{6, 20});
    CHECK(es[0].quoted);
    CHECK(es[0].value.at(6) == position{3, 15});
    CHECK(es[0].value.at(20) == position{4, 17});
    CHECK(es[1].key.str() == "Critical");
}

TEST_CASE("_continue_: missing separators are inserted for {text} values") {
    auto r = read("[Extensions]\n"
                  "2.5.29.17 = \"{text}dns=a\"\n"
                  "_continue_ = \"dns=b\"\n"
                  "_continue_ = \"IP Address=10.0.0.1\"\n"
                  "2.5.29.37 = {text}1.3.6.1.5.5.7.3.1\n"
                  "_continue_ = 1.3.6.1.5.5.7.3.2\n"
                  "_continue_ = ,1.3.6.1.5.5.7.3.3\n"
                  "2.5.29.19 = {critical}{text}ca=1\n"
                  "_continue_ = pathlength=0\n");
    CHECK(r.diags.empty());
    auto& es = r.doc.find("Extensions")->entries;
    REQUIRE(es.size() == 3);
    CHECK(es[0].value.str() == "{text}dns=a&dns=b&IP Address=10.0.0.1");
    CHECK(es[0].fragment_starts == std::vector<std::size_t>{12, 18});
    CHECK(es[0].value.at(11) == position{3, 15});   // the inserted & maps to its fragment
    CHECK(es[1].value.str() == "{text}1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2,1.3.6.1.5.5.7.3.3");
    CHECK(es[2].value.str() == "{critical}{text}ca=1&pathlength=0");
}

TEST_CASE("_continue_: base64 and other values are joined verbatim (corpus 007)") {
    auto r = read("[Extensions]\n2.5.29.17=MDiCFURDNC5sb3JlLnVuaS1kdWJuYS5ydaAfBgkrBgEEAYI3GQGgEgQQhePOUDQ+\n_continue_=7Uy5GtDgYOzldA==\n");
    CHECK(value(r, "Extensions", "2.5.29.17") ==
          "MDiCFURDNC5sb3JlLnVuaS1kdWJuYS5ydaAfBgkrBgEEAYI3GQGgEgQQhePOUDQ+7Uy5GtDgYOzldA==");
    CHECK(certreq::inf::continue_separator("{hex}01", "name=x") == 0);
    CHECK(certreq::inf::continue_separator("{text}dns=a", "") == 0);
    CHECK(certreq::inf::continue_separator("{text}", "dns=a") == 0);
    CHECK(certreq::inf::continue_separator("{text}dns=a,", "dns=b") == 0);
    CHECK(certreq::inf::continue_separator("{text}1.2.3", "4.5") == ',');
    CHECK(certreq::inf::continue_separator("{TEXT}a=1", "b=2") == '&');
}

TEST_CASE("_continue_: key from %strings% and indented lines (corpus 022)") {
    auto r = read("[Strings]\nbc = \"2.5.29.19\"\n[Extensions]\n%bc% = \"{text}\"\n    _continue_ = \"ca=True\"\n\nCritical=%bc%\n");
    CHECK(r.diags.empty());
    CHECK(value(r, "Extensions", "2.5.29.19") == "{text}ca=True");
    CHECK(value(r, "Extensions", "Critical") == "2.5.29.19");
}

TEST_CASE("_continue_ with no previous entry is ignored with a warning, as certreq.exe ignores it (spec 10.1)") {
    auto r = read("[Extensions]\n_continue_ = \"dns=a&\"\n2.5.29.17 = x\n");
    CHECK(diags(r) == strs({"warning 2:1: _continue_ has no previous entry to continue in section [Extensions]; ignored"}));
    CHECK_FALSE(r.diags.has_errors());
    REQUIRE(r.doc.find("Extensions")->entries.size() == 1);
    CHECK(value(r, "Extensions", "2.5.29.17") == "x");
}

TEST_CASE("_continue_ in another section continues that section's last entry") {
    auto r = read("[A]\nx = 1\n[B]\ny = 2\n[A]\n_continue_ = 3\n");
    CHECK(value(r, "A", "x") == "13");
    CHECK(value(r, "B", "y") == "2");
}
