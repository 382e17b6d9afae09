// core/hex.hpp: the one hex encoder (and RFC 3986 percent-encoding, which is
// hex too); the decoder is core/from_hex.hpp. Lower case unless asked: store names, thumbprints and JSON use
// lower case, certreq's dumps, HRESULT-free escapes and URLs upper case.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"

namespace certreq::core {

enum class hex_case { lower, upper };

// hex_digit returns the digit of `v` (0..15).
constexpr char hex_digit(unsigned v, hex_case c = hex_case::lower) noexcept {
    return (c == hex_case::upper ? "0123456789ABCDEF" : "0123456789abcdef")[v & 15];
}

// append_hex_byte appends the two digits of `b`.
inline void append_hex_byte(std::string& out, std::uint8_t b, hex_case c = hex_case::lower) {
    out += hex_digit(b >> 4, c);
    out += hex_digit(b, c);
}

// to_hex returns the hex of `b`, `sep` between bytes (none by default).
inline std::string to_hex(byte_view b, hex_case c = hex_case::lower, std::string_view sep = {}) {
    std::string out;
    out.reserve(b.size() * (2 + sep.size()));
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i && !sep.empty()) out.append(sep);
        append_hex_byte(out, b[i], c);
    }
    return out;
}

// hex_number returns `v` in hex without leading zeros, at least `min_digits` long.
inline std::string hex_number(std::uint64_t v, std::size_t min_digits = 1, hex_case c = hex_case::lower) {
    std::string s;
    do s.insert(s.begin(), hex_digit(static_cast<unsigned>(v & 15), c)), v >>= 4;
    while (v);
    if (s.size() < min_digits) s.insert(0, min_digits - s.size(), '0');
    return s;
}

// percent_encode keeps RFC 3986's unreserved characters (§2.3) and writes the
// rest as %XX in upper case, as certreq.exe does (DOM%5Cuser) and as SCEP
// servers need for the '+', '/' and '=' of base64.
inline std::string percent_encode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char ch : s) {
        bool unreserved = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                          ch == '.' || ch == '_' || ch == '~';
        if (unreserved) {
            out += static_cast<char>(ch);
        } else {
            out += '%';
            append_hex_byte(out, ch, hex_case::upper);
        }
    }
    return out;
}

}  // namespace certreq::core
