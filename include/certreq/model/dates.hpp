// model/dates.hpp: NotBefore/NotAfter dates and ValidityPeriod units
// (spec §3, RequestType=Cert only).
//
//   7/24/2012 10:31 AM    7/24/2012    24 July 2012    July 24, 2012 10:31
//   Jul 24 2012 22:31:05  2012-07-24T10:31:00Z
//
// Decisions: certreq parses in the machine's locale and time zone. We take
// US month/day order for `/` dates (the order of Microsoft's examples) and,
// as certreq does, read a date without a zone as local time: the time zone
// of the C library (TZ, else /etc/localtime), converted with mktime and
// tm_isdst = -1, so daylight saving time applies as it did on that date. A
// time in the hour skipped when clocks go forward moves on by the gap (glibc:
// 2:30 becomes 3:30 daylight time); a time in the hour repeated when clocks go
// back is taken as glibc's mktime takes it (standard time, the second
// occurrence). A trailing `Z` means UTC. A date without a time is local
// midnight. Years 1601-9999.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/calendar.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/values.hpp"

namespace certreq::model {

using core::days_from_civil;  // core/calendar.hpp
using core::days_in_month;

// month_number: January..December, 3-letter abbreviations and "Sept" (case-insensitive).
inline unsigned month_number(std::string_view w) noexcept {
    constexpr std::string_view names[] = {"january", "february", "march",     "april",   "may",      "june",
                                          "july",    "august",   "september", "october", "november", "december"};
    for (unsigned k = 0; k < 12; ++k) {
        if (inf::iequals(w, names[k]) || (w.size() == 3 && inf::iequals(w, names[k].substr(0, 3)))) return k + 1;
    }
    if (inf::iequals(w, "sept")) return 9;
    return 0;
}

namespace detail {

// date_scanner reads the fields of one date value left to right.
struct date_scanner {
    std::string_view s;
    std::size_t i = 0;

    bool at_end() const noexcept { return i == s.size(); }
    void blanks() noexcept {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    }
    bool digit() const noexcept { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }
    bool alpha() const noexcept { return i < s.size() && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'); }
    std::optional<unsigned> number(std::size_t max_digits = 4) noexcept {
        std::size_t b = i;
        unsigned v = 0;
        while (digit() && i - b < max_digits) v = v * 10 + unsigned(s[i++] - '0');
        if (i == b || digit()) return std::nullopt;
        return v;
    }
    std::string_view word() noexcept {
        std::size_t b = i;
        while (alpha()) ++i;
        return s.substr(b, i - b);
    }
    bool eat(char c) noexcept {
        if (i < s.size() && s[i] == c) return ++i, true;
        return false;
    }
};

// local_to_unix converts a local calendar time (the C library's time zone,
// DST as in force then) to Unix seconds; nullopt if mktime cannot.
inline std::optional<std::int64_t> local_to_unix(unsigned year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                                                 unsigned second) noexcept {
    ::tzset();
    std::tm tm{};
    tm.tm_year = int(year) - 1900;
    tm.tm_mon = int(month) - 1;
    tm.tm_mday = int(day);
    tm.tm_hour = int(hour);
    tm.tm_min = int(minute);
    tm.tm_sec = int(second);
    tm.tm_isdst = -1;  // let the zone's rules say whether DST applied
    tm.tm_wday = -1;   // mktime sets it on success (-1 is also a valid time_t)
    std::time_t t = std::mktime(&tm);
    if (tm.tm_wday == -1) return std::nullopt;
    return static_cast<std::int64_t>(t);
}

}  // namespace detail

// parse_date returns Unix seconds (UTC) or reports why the value is not a
// date. Without a trailing Z the date is local time (see above).
inline std::optional<std::int64_t> parse_date(const located_text& v, std::string_view key, diagnostics& d) {
    const auto tr_b = trim_offsets(v.view()); std::size_t b = tr_b.first, e = tr_b.second;
    detail::date_scanner sc{v.view().substr(0, e), b};
    std::string_view text = v.view().substr(b, e - b);
    auto shape = [&]() {
        d.error(v.at(b), std::string(key) + ": expected a date like 7/24/2012 10:31 AM, 24 July 2012 or "
                                            "2012-07-24T10:31:00Z, got " + quote(text));
        return std::nullopt;
    };
    auto range = [&](std::size_t at, std::string msg) {
        d.error(v.at(at), std::string(key) + ": " + std::move(msg));
        return std::nullopt;
    };
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::size_t year_at = 0, month_at = 0, day_at = 0;
    bool iso = false;
    if (sc.digit()) {
        std::size_t first_at = sc.i;
        auto n1 = sc.number();
        if (!n1) return shape();
        if (sc.i - first_at == 4 && sc.eat('-')) {  // ISO 8601
            iso = true;
            year = *n1, year_at = first_at;
            month_at = sc.i;
            auto m = sc.number(2);
            if (!m || !sc.eat('-')) return shape();
            day_at = sc.i;
            auto dd = sc.number(2);
            if (!dd) return shape();
            month = *m, day = *dd;
        } else if (sc.eat('/')) {  // M/D/YYYY
            month = *n1, month_at = first_at;
            day_at = sc.i;
            auto dd = sc.number(2);
            if (!dd || !sc.eat('/')) return shape();
            year_at = sc.i;
            auto y = sc.number();
            if (!y) return shape();
            day = *dd, year = *y;
            if (sc.i - year_at != 4) return range(year_at, "write the year with four digits, got " + quote(v.view().substr(year_at, sc.i - year_at)));
        } else {  // D Month YYYY
            day = *n1, day_at = first_at;
            sc.blanks();
            month_at = sc.i;
            month = month_number(sc.word());
            if (!month) return shape();
            sc.eat(',');
            sc.blanks();
            year_at = sc.i;
            auto y = sc.number();
            if (!y || sc.i - year_at != 4) return shape();
            year = *y;
        }
    } else if (sc.alpha()) {  // Month D[,] YYYY
        month_at = sc.i;
        month = month_number(sc.word());
        if (!month) return shape();
        sc.blanks();
        day_at = sc.i;
        auto dd = sc.number(2);
        if (!dd) return shape();
        day = *dd;
        sc.eat(',');
        sc.blanks();
        year_at = sc.i;
        auto y = sc.number();
        if (!y || sc.i - year_at != 4) return shape();
        year = *y;
    } else {
        return shape();
    }
    // Optional time: [ |T]H:MM[:SS] [AM|PM] [Z]
    bool had_space = sc.i < sc.s.size() && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t');
    sc.blanks();
    if (iso && !had_space && !sc.eat('T')) sc.eat('t');
    std::size_t hour_at = sc.i;
    if (sc.digit()) {
        auto h = sc.number(2);
        if (!h || !sc.eat(':')) return shape();
        auto mi = sc.number(2);
        if (!mi) return shape();
        hour = *h, minute = *mi;
        if (sc.eat(':')) {
            auto se = sc.number(2);
            if (!se) return shape();
            second = *se;
            if (sc.eat('.'))  // fractional seconds are dropped (certificates have whole seconds)
                while (sc.digit()) ++sc.i;
        }
        sc.blanks();
        std::size_t word_at = sc.i;
        std::string_view ampm = sc.word();
        if (ampm.size() == 1 && (ampm[0] == 'Z' || ampm[0] == 'z')) {
            sc.i = word_at;  // UTC designator, read below
        } else if (!ampm.empty()) {
            bool pm = inf::iequals(ampm, "PM");
            if (!pm && !inf::iequals(ampm, "AM")) return shape();
            if (hour < 1 || hour > 12) return range(hour_at, "hour " + std::to_string(hour) + " is not 1-12 with AM/PM");
            hour = hour % 12 + (pm ? 12 : 0);
        }
        sc.blanks();
    }
    bool utc = false;
    if (sc.eat('Z') || sc.eat('z')) utc = true, sc.blanks();
    if (!sc.at_end()) return shape();
    if (year < 1601 || year > 9999) return range(year_at, "year " + std::to_string(year) + " is out of range (1601-9999)");
    if (month < 1 || month > 12) return range(month_at, "month " + std::to_string(month) + " is out of range (1-12)");
    if (day < 1 || day > days_in_month(year, month))
        return range(day_at, "day " + std::to_string(day) + " does not exist in " + std::to_string(year) + "-" +
                                 (month < 10 ? "0" : "") + std::to_string(month));
    if (hour > 23 || minute > 59 || second > 59) return range(hour_at, "time of day out of range");
    if (utc) return days_from_civil(year, month, day) * 86400 + std::int64_t(hour) * 3600 + minute * 60 + second;
    auto local = detail::local_to_unix(year, month, day, hour, minute, second);
    if (!local) return range(b, "cannot convert " + quote(text) + " from local time (time zone " +
                                       std::string(std::getenv("TZ") ? std::getenv("TZ") : "of /etc/localtime") + ")");
    return *local;
}

// parse_validity_unit: Years|Months|Weeks|Days|Hours|Minutes|Seconds, singular or plural, any case.
inline std::optional<validity::unit> parse_validity_unit(const located_text& v, diagnostics& d,
                                                         std::string_view key = "ValidityPeriod") {
    const auto tr_b = trim_offsets(v.view()); std::size_t b = tr_b.first, e = tr_b.second;
    std::string_view s = v.view().substr(b, e - b);
    std::string_view w = s;
    if (w.size() > 1 && (w.back() == 's' || w.back() == 'S')) w.remove_suffix(1);
    struct unit_name {
        std::string_view name;
        validity::unit u;
    };
    constexpr unit_name names[] = {{"Year", validity::unit::years},     {"Month", validity::unit::months},
                                   {"Week", validity::unit::weeks},     {"Day", validity::unit::days},
                                   {"Hour", validity::unit::hours},     {"Minute", validity::unit::minutes},
                                   {"Second", validity::unit::seconds}};
    for (auto& n : names)
        if (inf::iequals(w, n.name)) return n.u;
    d.error(v.at(b), std::string(key) + ": unknown unit " + quote(s) + " (expected Years, Months, Weeks, Days, Hours, Minutes or Seconds)");
    return std::nullopt;
}

}  // namespace certreq::model
