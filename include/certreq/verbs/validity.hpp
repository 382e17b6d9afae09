// verbs/validity.hpp: NotBefore/NotAfter of a RequestType=Cert certificate
// (spec §8): NotBefore defaults to now - 10 minutes; NotAfter is NotAfter if
// given, else (NotBefore if given, else now) + ValidityPeriodUnits x
// ValidityPeriod, default one year. Months and years are calendar steps (the
// day is clamped: Jan 31 + 1 month = Feb 28/29), everything in UTC.
#pragma once
#include <cstdint>
#include <optional>

#include "certreq/model/request.hpp"

namespace certreq::verbs {

// days_from_civil / civil_from_days: Howard Hinnant's proleptic Gregorian algorithms.
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

// add_months moves a Unix time by calendar months, keeping the time of day.
inline constexpr std::int64_t add_months(std::int64_t t, std::int64_t months) noexcept {
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t secs = t - days * 86400;
    civil_date c = civil_from_days(days);
    std::int64_t total = c.year * 12 + (c.month - 1) + months;
    std::int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
    unsigned m = static_cast<unsigned>(total - y * 12) + 1;
    unsigned d = c.day > days_in_month(y, m) ? days_in_month(y, m) : c.day;
    return days_from_civil(y, m, d) * 86400 + secs;
}

// add_period adds n units of a ValidityPeriod to a Unix time.
inline constexpr std::int64_t add_period(std::int64_t t, model::validity::unit u, std::int64_t n) noexcept {
    using unit = model::validity::unit;
    switch (u) {
        case unit::seconds: return t + n;
        case unit::minutes: return t + n * 60;
        case unit::hours: return t + n * 3600;
        case unit::days: return t + n * 86400;
        case unit::weeks: return t + n * 7 * 86400;
        case unit::months: return add_months(t, n);
        case unit::years: return add_months(t, n * 12);
    }
    return t;
}

struct validity_window {
    std::int64_t not_before;
    std::int64_t not_after;
};

inline constexpr std::int64_t backdating_seconds = 600;  // certreq back-dates NotBefore by 10 minutes

// certificate_validity applies spec §8 to the request's validity settings.
inline constexpr validity_window certificate_validity(const model::validity& v, std::int64_t now) noexcept {
    validity_window w{};
    w.not_before = v.not_before ? *v.not_before : now - backdating_seconds;
    if (v.not_after) {
        w.not_after = *v.not_after;
    } else {
        std::int64_t base = v.not_before ? *v.not_before : now;
        w.not_after = v.period_given ? add_period(base, v.period, v.period_units) : add_period(base, model::validity::unit::years, 1);
    }
    return w;
}

}  // namespace certreq::verbs
