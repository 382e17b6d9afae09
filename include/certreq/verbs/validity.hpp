// verbs/validity.hpp: NotBefore/NotAfter of a RequestType=Cert certificate
// (spec §8): NotBefore defaults to now - 10 minutes; NotAfter is NotAfter if
// given, else (NotBefore if given, else now) + ValidityPeriodUnits x
// ValidityPeriod, default one year. Months and years are calendar steps (the
// day is clamped: Jan 31 + 1 month = Feb 28/29), everything in UTC.
#pragma once
#include <cstdint>
#include <optional>

#include "certreq/core/calendar.hpp"
#include "certreq/model/request.hpp"

namespace certreq::verbs {

// add_months moves a Unix time by calendar months, keeping the time of day.
inline constexpr std::int64_t add_months(std::int64_t t, std::int64_t months) noexcept {
    auto [days, secs] = core::split_days(t);
    core::civil_date c = core::civil_from_days(days);
    std::int64_t total = c.year * 12 + (c.month - 1) + months;
    std::int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
    unsigned m = static_cast<unsigned>(total - y * 12) + 1;
    unsigned d = c.day > core::days_in_month(y, m) ? core::days_in_month(y, m) : c.day;
    return core::days_from_civil(y, m, d) * 86400 + secs;
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
