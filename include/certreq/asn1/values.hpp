// asn1/values.hpp: primitive DER contents -> readable values (std only).
// Each takes a tlv from asn1/tlv.hpp, whose framing is already validated.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/calendar.hpp"
#include "certreq/core/hex.hpp"

namespace certreq::asn1 {

// hex returns upper-case hex digits, `sep` between bytes (none by default).
inline std::string hex(byte_view b, std::string_view sep = {}) {
    return core::to_hex(b, core::hex_case::upper, sep);
}

// oid_string returns the dotted form of OBJECT IDENTIFIER contents, or
// nullopt if a component does not fit in 64 bits or the encoding is truncated.
inline std::optional<std::string> oid_string(byte_view c) {
    if (c.empty()) return std::nullopt;
    std::string out;
    std::uint64_t v = 0;
    bool first = true;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (v > (UINT64_MAX >> 7)) return std::nullopt;
        v = (v << 7) | (c[i] & 0x7F);
        if (c[i] & 0x80) {
            if (i + 1 == c.size()) return std::nullopt;
            continue;
        }
        if (first) {
            std::uint64_t arc1 = v < 40 ? 0 : v < 80 ? 1 : 2;
            out = std::to_string(arc1) + '.' + std::to_string(v - arc1 * 40);
            first = false;
        } else {
            out += '.' + std::to_string(v);
        }
        v = 0;
    }
    return out;
}

// small_integer returns a (two's complement) INTEGER that fits in int64.
inline std::optional<std::int64_t> small_integer(byte_view c) {
    if (c.empty() || c.size() > 8) return std::nullopt;
    std::uint64_t v = (c[0] & 0x80) ? ~std::uint64_t(0) : 0;
    for (auto b : c) v = (v << 8) | b;
    return static_cast<std::int64_t>(v);
}

// integer_text returns a small INTEGER in decimal, a large one as hex.
inline std::string integer_text(byte_view c) {
    if (auto v = small_integer(c)) return std::to_string(*v);
    return "0x" + hex(c);
}

namespace detail {
inline void put_utf8(std::string& out, std::uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}
}  // namespace detail

// string_text returns the characters of a string element as UTF-8: BMPString
// (UTF-16BE) and UniversalString (UCS-4) are converted, TeletexString is read
// as Latin-1, the rest are copied (bytes that are not UTF-8 stay as they are).
inline std::string string_text(const tlv& t) {
    std::string out;
    const byte_view c = t.content;
    if (t.is_universal(utag::bmp_string)) {
        for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
            std::uint32_t u = (std::uint32_t(c[i]) << 8) | c[i + 1];
            if (u >= 0xD800 && u <= 0xDBFF && i + 3 < c.size()) {
                std::uint32_t lo = (std::uint32_t(c[i + 2]) << 8) | c[i + 3];
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            detail::put_utf8(out, u);
        }
    } else if (t.is_universal(utag::universal_string)) {
        for (std::size_t i = 0; i + 3 < c.size(); i += 4)
            detail::put_utf8(out, (std::uint32_t(c[i]) << 24) | (std::uint32_t(c[i + 1]) << 16) |
                                      (std::uint32_t(c[i + 2]) << 8) | c[i + 3]);
    } else if (t.is_universal(utag::teletex_string)) {
        for (auto b : c) detail::put_utf8(out, b);
    } else {
        out.assign(as_chars(c));
    }
    return out;
}

// is_string_tag says whether a universal tag is one of the character strings.
inline bool is_string_tag(const tlv& t) {
    if (t.cls != tag_class::universal || t.constructed) return false;
    switch (t.number) {
        case utag::utf8_string: case 18: case utag::printable_string: case utag::teletex_string:
        case 21: case utag::ia5_string: case 25: case utag::visible_string: case 27:
        case utag::universal_string: case utag::bmp_string:
            return true;
        default:
            return false;
    }
}

// time_text returns UTCTime/GeneralizedTime as `YYYY-MM-DD HH:MM:SS UTC`
// (UTCTime years 50-99 are 19xx, RFC 5280), or the raw text if it is not the
// DER form RFC 5280 requires (Z, seconds present), followed by
// " (not a valid time)" when a field is out of range (month 13, Feb 30).
inline std::string time_text(const tlv& t) {
    std::string s(as_chars(t.content));
    std::string digits;
    if (t.is_universal(utag::utc_time) && s.size() == 13 && s.back() == 'Z') {
        int yy = (s[0] - '0') * 10 + (s[1] - '0');
        digits = (yy >= 50 ? "19" : "20") + s.substr(0, 12);
    } else if (t.is_universal(utag::generalized_time) && s.size() == 15 && s.back() == 'Z') {
        digits = s.substr(0, 14);
    } else {
        return s;
    }
    for (char ch : digits)
        if (ch < '0' || ch > '9') return s;
    // Field ranges (a UTCTime month 13 or February 30 is not a time).
    auto num = [&](std::size_t at) { return (digits[at] - '0') * 10 + (digits[at + 1] - '0'); };
    int year = num(0) * 100 + num(2), month = num(4), day = num(6);
    static constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > days_in[month - 1] + (month == 2 && leap) || num(8) > 23 ||
        num(10) > 59 || num(12) > 59)
        return s + " (not a valid time)";
    return digits.substr(0, 4) + '-' + digits.substr(4, 2) + '-' + digits.substr(6, 2) + ' ' + digits.substr(8, 2) +
           ':' + digits.substr(10, 2) + ':' + digits.substr(12, 2) + " UTC";
}

// unix_time returns a DER Time (UTCTime or GeneralizedTime, 'Z', seconds
// present) as Unix seconds, or nullopt for any other form.
inline std::optional<std::int64_t> unix_time(const tlv& t) {
    std::string text = time_text(t);  // "YYYY-MM-DD HH:MM:SS UTC" when well formed
    if (text.size() != 23 || text.compare(19, 4, " UTC") != 0) return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n) {
        std::int64_t v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
        return v;
    };
    std::int64_t y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return std::nullopt;
    return core::days_from_civil(y, unsigned(mo), unsigned(d)) * 86400 + h * 3600 + mi * 60 + se;
}

// bit_string is a BIT STRING's bits (first bit = MSB of bytes[0]).
struct bit_string {
    byte_view bytes;
    std::size_t bit_count = 0;
    bool bit(std::size_t i) const noexcept { return i < bit_count && (bytes[i / 8] & (0x80 >> (i % 8))); }
};

// bits reads BIT STRING contents (validated: unused-bits octet present, <= 7).
inline bit_string bits(const tlv& t) {
    if (t.content.empty()) return {};
    return {t.content.subspan(1), (t.content.size() - 1) * 8 - t.content[0]};
}

}  // namespace certreq::asn1
