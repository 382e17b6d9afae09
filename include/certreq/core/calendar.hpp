// core/calendar.hpp: proleptic Gregorian dates <-> days since 1970-01-01
// (Howard Hinnant's algorithms), shared by the INF date parser (model/), the
// validity arithmetic (verbs/) and the DER time encoder (der/).
#pragma once
#include <cstdint>

namespace certreq::core {

// days_from_civil: days since 1970-01-01 of year y, month m (1-12), day d.
inline constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil_date {
    std::int64_t year;
    unsigned month, day;
};

// civil_from_days: the inverse of days_from_civil.
inline constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

inline constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// split_days splits a Unix time into whole days (floored) and seconds of the day.
struct day_and_seconds {
    std::int64_t days;
    std::int64_t seconds;
};
inline constexpr day_and_seconds split_days(std::int64_t t) noexcept {
    std::int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) secs += 86400, --days;
    return {days, secs};
}

}  // namespace certreq::core
