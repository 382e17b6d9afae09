#include <doctest/doctest.h>

#include "certreq/verbs/validity.hpp"

using namespace certreq;
using unit = model::validity::unit;

TEST_CASE("calendar months clamp the day") {
    std::int64_t jan31 = core::days_from_civil(2024, 1, 31) * 86400 + 3600;
    CHECK(verbs::add_months(jan31, 1) == core::days_from_civil(2024, 2, 29) * 86400 + 3600);
    CHECK(verbs::add_months(jan31, 13) == core::days_from_civil(2025, 2, 28) * 86400 + 3600);
    std::int64_t feb29 = core::days_from_civil(2024, 2, 29) * 86400;
    CHECK(verbs::add_period(feb29, unit::years, 1) == core::days_from_civil(2025, 2, 28) * 86400);
    CHECK(verbs::add_period(0, unit::weeks, 2) == 14 * 86400);
}

TEST_CASE("spec §8 defaults: NotBefore now-10min, NotAfter now+1 year") {
    model::validity v;
    std::int64_t now = 1700000000;  // 2023-11-14 22:13:20Z
    auto w = verbs::certificate_validity(v, now);
    CHECK(w.not_before == now - 600);
    CHECK(w.not_after == verbs::add_months(now, 12));
    v.period_given = true;
    v.period = unit::days;
    v.period_units = 5000;
    w = verbs::certificate_validity(v, now);
    CHECK(w.not_after == now + 5000LL * 86400);
    v.not_before = 1600000000;
    w = verbs::certificate_validity(v, now);
    CHECK(w.not_before == 1600000000);
    CHECK(w.not_after == 1600000000 + 5000LL * 86400);
    v.not_after = 1800000000;
    CHECK(verbs::certificate_validity(v, now).not_after == 1800000000);
}
