// tests/der/hex.hpp: hex helpers for byte-exact DER expectations (shared
// with tests/x509). `hex("30 03 02 01 00")` ignores blanks and newlines, and
// `--` starts a comment to the end of the line, so an expectation can be
// written one TLV per line with its ASN.1 alongside.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"

namespace certreq::test {

inline bytes hex(std::string_view s) {
    bytes out;
    int hi = -1;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            i = s.find('\n', i);
            if (i == std::string_view::npos) break;
            continue;
        }
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) continue;
        if (hi < 0) {
            hi = d;
        } else {
            out.push_back(std::uint8_t(hi * 16 + d));
            hi = -1;
        }
    }
    return out;
}

// to_hex renders bytes as "30 03 02 01 00" so failed CHECKs print readably.
inline std::string to_hex(byte_view b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i) s += ' ';
        s += digits[b[i] >> 4];
        s += digits[b[i] & 15];
    }
    return s;
}

// norm re-renders a hex expectation in to_hex's layout.
inline std::string norm(std::string_view s) { return to_hex(hex(s)); }

}  // namespace certreq::test
