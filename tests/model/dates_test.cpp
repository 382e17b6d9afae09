#include "certreq/model/dates.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;
using certreq::model::test::at;
using certreq::model::test::messages;

namespace {
constexpr std::int64_t jul24_2012 = 1343088000;  // 2012-07-24T00:00:00Z

// zone sets TZ for one test case and puts the previous value back.
class zone {
public:
    explicit zone(const char* tz) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~zone() {
        if (old_) ::setenv("TZ", old_->c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }
    zone(const zone&) = delete;
    zone& operator=(const zone&) = delete;

private:
    std::optional<std::string> old_;
};

std::optional<std::int64_t> date(std::string s) {
    diagnostics d;
    auto r = parse_date(at(std::move(s)), "NotBefore", d);
    CHECK(messages(d) == "");
    return r;
}
}  // namespace

TEST_CASE("dates: certreq forms (local time; here TZ=UTC)") {
    zone utc("UTC");
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

TEST_CASE("dates: a date without Z is local time (Asia/Tokyo, UTC+9, no DST)") {
    zone tokyo("Asia/Tokyo");
    CHECK(date("7/24/2012 10:31 AM") == jul24_2012 + 1 * 3600 + 31 * 60);   // 2012-07-24T01:31:00Z
    CHECK(date("7/24/2012") == jul24_2012 - 9 * 3600);                       // 2012-07-23T15:00:00Z
    CHECK(date("24 July 2012 09:00") == jul24_2012);                         // midnight UTC
    CHECK(date("1/15/2024 08:00") == 1705273200);                            // 2024-01-14T23:00:00Z
    // An explicit Z is still UTC, whatever TZ says.
    CHECK(date("2012-07-24T10:31:00Z") == jul24_2012 + 10 * 3600 + 31 * 60);
    CHECK(date("7/24/2012 10:31 AM Z") == jul24_2012 + 10 * 3600 + 31 * 60);
}

TEST_CASE("dates: local time across a DST boundary (America/New_York)") {
    zone ny("America/New_York");
    CHECK(date("1/15/2024 08:00") == 1705323600);     // EST, UTC-5: 2024-01-15T13:00:00Z
    CHECK(date("7/24/2012") == jul24_2012 + 4 * 3600);  // EDT, UTC-4: 2012-07-24T04:00:00Z
    // DST began 2024-03-10 02:00 EST: noon the day before is UTC-5, noon the day after UTC-4.
    CHECK(date("3/9/2024 12:00 PM") == 1710003600);   // 2024-03-09T17:00:00Z
    CHECK(date("3/11/2024 12:00 PM") == 1710172800);  // 2024-03-11T16:00:00Z
    CHECK(date("3/10/2024 1:59:59 AM") == 1710053999);  // last second of EST: 06:59:59Z
    CHECK(date("3/10/2024 3:00 AM") == 1710054000);     // first second of EDT: 07:00:00Z
    CHECK(date("3/10/2024 2:30 AM") == 1710055800);     // skipped hour: read as 3:30 EDT, 07:30:00Z
    // DST ended 2024-11-03 02:00 EDT: 1:30 happens twice; glibc takes standard time.
    CHECK(date("11/3/2024 1:30 AM") == 1730615400);     // 1:30 EST: 06:30:00Z
    CHECK(date("11/3/2024 3:00 AM") == 1730620800);     // EST: 08:00:00Z
    CHECK(date("2024-03-10T02:30:00Z") == 1710037800);  // Z: no zone, no gap
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
