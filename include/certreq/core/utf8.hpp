// core/utf8.hpp: the one UTF-8 decoder. Well-formed means Unicode's Table 3-7:
// no overlong forms, no surrogates, nothing past U+10FFFF, no truncation.
// constexpr, so that der/'s compile-time strings can check themselves.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certreq::core {

// utf8_sequence_length returns the length (1..4) of the well-formed sequence
// at s[i], or 0 if it is malformed. i < s.size().
constexpr std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    std::uint8_t c = at(i);
    if (c < 0x80) return 1;
    std::size_t n;
    std::uint8_t lo = 0x80, hi = 0xBF;  // the second byte's range (Table 3-7)
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) n = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if (s.size() - i < n) return 0;
    if (at(i + 1) < lo || at(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((at(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

// decode_utf8 reads one code point at `i` and advances `i`; a malformed
// sequence yields U+FFFD and skips one octet.
constexpr char32_t decode_utf8(std::string_view s, std::size_t& i) noexcept {
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
        ++i;
        return 0xFFFD;
    }
    auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    char32_t cp = n == 1 ? at(i) : n == 2 ? (at(i) & 0x1F) : n == 3 ? (at(i) & 0x0F) : (at(i) & 0x07);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (at(i + k) & 0x3F);
    i += n;
    return cp;
}

// is_valid_utf8 reports whether all of `s` is well-formed UTF-8.
constexpr bool is_valid_utf8(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

// code_points returns the code points of well-formed UTF-8, nullopt otherwise.
inline std::optional<std::u32string> code_points(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (utf8_sequence_length(s, i) == 0) return std::nullopt;
        out.push_back(decode_utf8(s, i));
    }
    return out;
}

}  // namespace certreq::core
