// der/strings.hpp: the character string types of X.520 / RFC 5280. Input is
// UTF-8 text; BMPString and TeletexString convert it (to UTF-16BE and to
// Latin-1) while writing, with their sizes computed up front.
//
// Callers choose the type with the is_*() checks below; text outside a type's
// character set (or malformed UTF-8, or a code point above U+00FF in a
// TeletexString) fails the writer instead of producing invalid DER.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/utf8.hpp"
#include "certreq/der/length.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/writer.hpp"

namespace certreq::der {

// decode_utf8 and is_valid_utf8: core/utf8.hpp's (malformed input reads as
// U+FFFD, one octet skipped).
using core::decode_utf8;
using core::is_valid_utf8;

// is_printable: PrintableString's set A-Z a-z 0-9 space ' ( ) + , - . / : = ?
constexpr bool is_printable(std::string_view s) noexcept {
    for (char c : s) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  std::string_view(" '()+,-./:=?").find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}
// is_ia5: 7-bit ASCII.
constexpr bool is_ia5(std::string_view s) noexcept {
    for (char c : s)
        if (static_cast<unsigned char>(c) > 0x7f) return false;
    return true;
}
// is_numeric: NumericString's digits and space.
constexpr bool is_numeric(std::string_view s) noexcept {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == ' ')) return false;
    return true;
}

// is_visible: VisibleString's printable ASCII (0x20-0x7e).
constexpr bool is_visible(std::string_view s) noexcept {
    for (char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

// checked_string: an 8-bit string type whose octets are the text itself,
// checked against the type's character set when written.
template <tag_byte Tag, bool (*Valid)(std::string_view) noexcept>
class checked_string {
public:
    constexpr explicit checked_string(std::string_view text) noexcept : s_(text) {}
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(s_.size()); }
    void write(writer& w) const noexcept {
        if (!Valid(s_)) w.fail();
        w.header(Tag, s_.size());
        w.put(as_bytes(s_));
    }

private:
    std::string_view s_;
};

using printable_string = checked_string<tag::printable_string, is_printable>;
using ia5_string = checked_string<tag::ia5_string, is_ia5>;
using utf8_string = checked_string<tag::utf8_string, is_valid_utf8>;
using numeric_string = checked_string<tag::numeric_string, is_numeric>;
using visible_string = checked_string<tag::visible_string, is_visible>;

// bmp_string: BMPString, UTF-8 -> UTF-16BE; code points above U+FFFF become
// surrogate pairs (what Windows writes, although X.680 BMP is UCS-2).
class bmp_string {
public:
    constexpr explicit bmp_string(std::string_view utf8) noexcept : s_(utf8) {
        for (std::size_t i = 0; i < s_.size();) {
            std::size_t at = i;
            char32_t cp = decode_utf8(s_, i);
            if (cp == 0xfffd && i - at != 3) valid_ = false;  // a replacement, not a real U+FFFD
            content_ += cp > 0xffff ? 4 : 2;
        }
    }
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(content_); }
    void write(writer& w) const noexcept {
        if (!valid_) w.fail();
        w.header(tag::bmp_string, content_);
        for (std::size_t i = 0; i < s_.size();) {
            char32_t cp = decode_utf8(s_, i);
            if (cp > 0xffff) {
                cp -= 0x10000;
                put16(w, char32_t(0xd800 + (cp >> 10)));
                put16(w, char32_t(0xdc00 + (cp & 0x3ff)));
            } else {
                put16(w, cp);
            }
        }
    }

private:
    static void put16(writer& w, char32_t u) noexcept {
        w.put(std::uint8_t(u >> 8));
        w.put(std::uint8_t(u & 0xff));
    }
    std::string_view s_;
    bool valid_ = true;
    std::size_t content_ = 0;
};

// teletex_string: TeletexString holding Latin-1 octets (what CertStrToName's
// ENABLE_T61_UNICODE writes); a code point above U+00FF fails the writer.
class teletex_string {
public:
    constexpr explicit teletex_string(std::string_view utf8) noexcept : s_(utf8), valid_(is_valid_utf8(utf8)) {
        for (std::size_t i = 0; i < s_.size(); ++content_) decode_utf8(s_, i);
    }
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(content_); }
    void write(writer& w) const noexcept {
        if (!valid_) w.fail();
        w.header(tag::teletex_string, content_);
        for (std::size_t i = 0; i < s_.size();) {
            char32_t cp = decode_utf8(s_, i);
            if (cp > 0xff) w.fail();
            w.put(std::uint8_t(cp));
        }
    }

private:
    std::string_view s_;
    bool valid_;
    std::size_t content_ = 0;
};

}  // namespace certreq::der
