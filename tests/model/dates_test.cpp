#include "certreq/model/dates.hpp"

#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;
using certreq::model::test::at;
using certreq::model::test::messages;

namespace {
constexpr std::int64_t jul24_2012 = 1343088000;  // 2012-07-24T00:00:00Z
std::optional<std::int64_t> date(std::string s) {
    diagnostics d;
    auto r = parse_date(at(std::move(s)), "NotBefore", d);
    CHECK(messages(d) == "");
    return r;
}
}  // namespace

TEST_CASE("dates: certreq forms, read as UTC") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(date("7/24/2012") == jul24_2012);
    CHECK(date("7/24/2012 10:31 AM") == jul24_2012 + 10 * 3600 + 31 * 60);
    CHECK(date("7/24/2012 10:31 pm") == jul24_2012 + 22 * 3600 + 31 * 60);
    CHECK(date("7/24/2012 12:00 AM") == jul24_2012);
    CHECK(date("7/24/2012 12:05 PM") == jul24_2012 + 12 * 3600 + 5 * 60);
    CHECK(date("07/24/2012 22:31:05") == jul24_2012 + 22 * 3600 + 31 * 60 + 5);
    CHECK(date("24 July 2012") == jul24_2012);
    CHECK(date("24 jul 2012 10:31") == jul24_2012 + 10 * 3600 + 31 * 60);
    CHECK(date("July 24, 2012 10:31") == jul24_2012 + 10 * 3600 + 31 * 60);
    CHECK(date("Jul 24 2012") == jul24_2012);
    CHECK(date("Sept 1, 2012") == jul24_2012 + 39 * 86400);
    CHECK(date("2012-07-24T10:31:00Z") == jul24_2012 + 10 * 3600 + 31 * 60);
    CHECK(date("2012-07-24 10:31") == jul24_2012 + 10 * 3600 + 31 * 60);
    CHECK(date("2012-07-24") == jul24_2012);
    CHECK(date("2/29/2024") == 1709164800);
    CHECK(date("1/1/2050") == 2524608000);
}

TEST_CASE("dates: errors point at the field") {
    diagnostics d;
    CHECK_FALSE(parse_date(at("tomorrow", 8, 12), "NotAfter", d));
    CHECK_FALSE(parse_date(at("2/30/2023", 9, 12), "NotAfter", d));
    CHECK_FALSE(parse_date(at("13/1/2023", 10, 12), "NotAfter", d));
    CHECK_FALSE(parse_date(at("1/1/23", 11, 12), "NotAfter", d));
    CHECK_FALSE(parse_date(at("1/1/2023 13:00 PM", 12, 12), "NotAfter", d));
    CHECK_FALSE(parse_date(at("1/1/2023 10:61", 13, 12), "NotAfter", d));
    CHECK_FALSE(parse_date(at("24 Jully 2012", 14, 12), "NotAfter", d));
    CHECK(messages(d) ==
          "8:12: error: NotAfter: expected a date like 7/24/2012 10:31 AM, 24 July 2012 or 2012-07-24T10:31:00Z, got \"tomorrow\"\n"
          "9:14: error: NotAfter: day 30 does not exist in 2023-02\n"
          "10:12: error: NotAfter: month 13 is out of range (1-12)\n"
          "11:16: error: NotAfter: write the year with four digits, got \"23\"\n"
          "12:21: error: NotAfter: hour 13 is not 1-12 with AM/PM\n"
          "13:21: error: NotAfter: time of day out of range\n"
          "14:12: error: NotAfter: expected a date like 7/24/2012 10:31 AM, 24 July 2012 or 2012-07-24T10:31:00Z, got \"24 Jully 2012\"");
}

TEST_CASE("ValidityPeriod units") {
    diagnostics d;
    CHECK(parse_validity_unit(at("Years"), d) == validity::unit::years);
    CHECK(parse_validity_unit(at("year"), d) == validity::unit::years);
    CHECK(parse_validity_unit(at("MONTHS"), d) == validity::unit::months);
    CHECK(parse_validity_unit(at("Weeks"), d) == validity::unit::weeks);
    CHECK(parse_validity_unit(at("day"), d) == validity::unit::days);
    CHECK(parse_validity_unit(at("Hours"), d) == validity::unit::hours);
    CHECK(parse_validity_unit(at("minute"), d) == validity::unit::minutes);
    CHECK(parse_validity_unit(at(" Seconds "), d) == validity::unit::seconds);
    CHECK(d.empty());
    CHECK_FALSE(parse_validity_unit(at("Fortnights", 6, 18), d));
    CHECK(messages(d) == "6:18: error: ValidityPeriod: unknown unit \"Fortnights\" (expected Years, Months, Weeks, Days, "
                         "Hours, Minutes or Seconds)");
}
