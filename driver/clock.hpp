// driver/clock.hpp: the time the verbs run at, and how certreq prints times.
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace certreq::driver {

// clock_now honours SOURCE_DATE_EPOCH (reproducible builds); `fixed` says it did.
inline std::int64_t clock_now(bool& fixed, std::string& problem) {
    fixed = false;
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
        char* end = nullptr;
        errno = 0;
        long long v = std::strtoll(e, &end, 10);
        if (errno == 0 && end && *end == '\0' && v >= 0) {
            fixed = true;
            return v;
        }
        problem = "SOURCE_DATE_EPOCH is not a number of seconds: \"" + std::string(e) + "\"";
    }
    return static_cast<std::int64_t>(std::time(nullptr));
}

// windows_time prints "11/24/2026 3:04 PM" (UTC), as certreq prints NotBefore/NotAfter.
inline std::string windows_time(std::int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    int hour = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
    std::snprintf(buf, sizeof buf, "%d/%d/%d %d:%02d %s", tm.tm_mon + 1, tm.tm_mday, tm.tm_year + 1900, hour, tm.tm_min,
                  tm.tm_hour < 12 ? "AM" : "PM");
    return buf;
}

}  // namespace certreq::driver
