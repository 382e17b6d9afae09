// store/timestamp.hpp: UTC times in metadata files as "2026-11-24T15:29:30Z".
#pragma once
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace certreq::store {

// format_time renders seconds since the Unix epoch as ISO 8601 UTC.
inline std::string format_time(std::int64_t t) {
    time_t tt = static_cast<time_t>(t);
    struct tm tm {};
    if (!::gmtime_r(&tt, &tm)) return "1970-01-01T00:00:00Z";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

// parse_time reads format_time's output back; nullopt for anything else.
inline std::optional<std::int64_t> parse_time(std::string_view s) {
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    struct tm tm {};
    int y, mo, d, h, mi, se;
    if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, se)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = se;
    return static_cast<std::int64_t>(::timegm(&tm));
}

}  // namespace certreq::store
