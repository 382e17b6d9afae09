#include <doctest/doctest.h>

#include "certreq/core/located_text.hpp"

using certreq::located_text;
using certreq::position;

TEST_CASE("located_text maps offsets across appended fragments") {
    located_text v("{text}", {10, 30});
    v.append("DNS=a&", {11, 15});
    v.append("DNS=b", {12, 15});
    CHECK(v.str() == "{text}DNS=a&DNS=b");
    CHECK(v.at(0) == position{10, 30});
    CHECK(v.at(3) == position{10, 33});
    CHECK(v.at(6) == position{11, 15});
    CHECK(v.at(10) == position{11, 19});
    CHECK(v.at(16) == position{12, 19});
}

TEST_CASE("substituted pieces map to the %name% that produced them") {
    located_text v("x", {1, 1});
    v.append("2.5.29.17", {1, 2}, false);
    CHECK(v.at(5) == position{1, 2});
}

TEST_CASE("substr keeps positions") {
    located_text v("CN=a,", {3, 11});
    v.append("O=b", {4, 5});
    auto s = v.substr(5);
    CHECK(s.str() == "O=b");
    CHECK(s.at(0) == position{4, 5});
    CHECK(s.at(2) == position{4, 7});
    auto t = v.substr(3, 3);
    CHECK(t.str() == "a,O");
    CHECK(t.at(0) == position{3, 14});
    CHECK(t.at(2) == position{4, 5});
}
