// verbs/windows_time.hpp: times as certreq prints NotBefore and NotAfter.
#pragma once
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

namespace certreq::verbs {

// windows_time prints "11/24/2026 3:04 PM" (UTC).
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

}  // namespace certreq::verbs
