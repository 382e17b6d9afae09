#include <doctest/doctest.h>

#include "certreq/core/calendar.hpp"

using namespace certreq::core;

TEST_CASE("civil date conversions") {
    static_assert(days_from_civil(1970, 1, 1) == 0);
    static_assert(days_from_civil(2000, 3, 1) == 11017);
    static_assert(days_from_civil(1969, 12, 31) == -1);
    CHECK(civil_from_days(19675).year == 2023);  // 2023-11-14
    CHECK(civil_from_days(19675).month == 11);
    CHECK(civil_from_days(19675).day == 14);
    for (std::int64_t d = -800000; d <= 3000000; d += 997) {  // years ~-220 .. ~10183
        civil_date c = civil_from_days(d);
        CHECK(days_from_civil(c.year, c.month, c.day) == d);
    }
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
}

TEST_CASE("split_days floors negative times") {
    CHECK(split_days(86399).days == 0);
    CHECK(split_days(86399).seconds == 86399);
    CHECK(split_days(-1).days == -1);
    CHECK(split_days(-1).seconds == 86399);
    CHECK(split_days(-86400).days == -1);
    CHECK(split_days(-86400).seconds == 0);
}
