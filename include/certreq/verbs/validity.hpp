// verbs/validity.hpp: NotBefore/NotAfter of a RequestType=Cert certificate
// (spec §8): NotBefore defaults to now - 10 minutes; NotAfter is NotAfter if
// given, else (NotBefore if given, else now) + ValidityPeriodUnits x
// ValidityPeriod, default one year. Months and years are calendar steps (the
// day is clamped: Jan 31 + 1 month = Feb 28/29), everything in UTC.
#pragma once
#include <cstdint>
#include <optional>

#include "certreq/model/period.hpp"
#include "certreq/model/request.hpp"

namespace certreq::verbs {

using model::add_months;
using model::add_period;

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
