// model/period.hpp: calendar arithmetic on validity periods (spec §8):
// months and years are calendar steps, the day clamped (Jan 31 + 1 month =
// Feb 28/29), everything in UTC. Used by -new's certificates and the local CA.
#pragma once
#include <cstdint>

#include "certreq/core/calendar.hpp"
#include "certreq/model/request.hpp"

namespace certreq::model {

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
inline constexpr std::int64_t add_period(std::int64_t t, validity::unit u, std::int64_t n) noexcept {
    using unit = validity::unit;
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

}  // namespace certreq::model
