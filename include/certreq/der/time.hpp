// der/time.hpp: UTCTime / GeneralizedTime from a Unix time (RFC 5280
// §4.1.2.5): seconds precision, always 'Z'; UTCTime for 1950-2049, else
// GeneralizedTime. Times outside years 0000-9999 are clamped to those bounds.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/calendar.hpp"
#include "certreq/der/length.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/writer.hpp"

namespace certreq::der {

// civil_time is a proleptic Gregorian UTC date and time.
struct civil_time {
    std::int64_t year;
    unsigned month, day, hour, minute, second;
};

// to_civil converts seconds since 1970-01-01T00:00:00Z.
constexpr civil_time to_civil(std::int64_t t) noexcept {
    auto [days, secs] = core::split_days(t);
    core::civil_date c = core::civil_from_days(days);
    return {c.year, c.month, c.day, unsigned(secs / 3600), unsigned(secs % 3600 / 60), unsigned(secs % 60)};
}

// Unix times of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
inline constexpr std::int64_t min_time = -62167219200;
inline constexpr std::int64_t max_time = 253402300799;
// Unix times of 1950-01-01T00:00:00Z and 2050-01-01T00:00:00Z: the UTCTime window.
inline constexpr std::int64_t utc_time_begin = -631152000;
inline constexpr std::int64_t utc_time_end = 2524608000;

// time: the Time CHOICE of RFC 5280 for one instant.
class time {
public:
    // time(t) picks UTCTime in 1950-2049 and GeneralizedTime otherwise.
    constexpr explicit time(std::int64_t unix_seconds) noexcept
        : time(unix_seconds, unix_seconds >= utc_time_begin && unix_seconds < utc_time_end) {}
    // generalized(t) always writes GeneralizedTime.
    static constexpr time generalized(std::int64_t unix_seconds) noexcept { return time(unix_seconds, false); }

    constexpr std::size_t encoded_size() const noexcept { return 2 + size_; }
    void write(writer& w) const noexcept {
        w.header(tag_, size_);
        w.put(byte_view(text_.data(), size_));
    }
    // text is the content octets, e.g. "491231235959Z".
    std::string_view text() const noexcept { return {reinterpret_cast<const char*>(text_.data()), size_}; }

private:
    constexpr time(std::int64_t t, bool utc) noexcept : tag_(utc ? tag::utc_time : tag::generalized_time) {
        t = t < min_time ? min_time : t > max_time ? max_time : t;
        civil_time c = to_civil(t);
        std::size_t n = 0;
        auto two = [&](unsigned v) {
            text_[n++] = std::uint8_t('0' + v / 10);
            text_[n++] = std::uint8_t('0' + v % 10);
        };
        if (utc) {
            two(unsigned(c.year % 100));
        } else {
            two(unsigned(c.year / 100));
            two(unsigned(c.year % 100));
        }
        two(c.month);
        two(c.day);
        two(c.hour);
        two(c.minute);
        two(c.second);
        text_[n++] = 'Z';
        size_ = std::uint8_t(n);
    }

    std::array<std::uint8_t, 15> text_{};
    std::uint8_t size_ = 0;
    tag_byte tag_;
};

}  // namespace certreq::der
