// store/hex.hpp: hex strings as the store keeps them (thumbprints, serial
// numbers, key ids): lowercase, no separators.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/hex.hpp"

namespace certreq::store {

// to_hex: lowercase hex of bytes, the store's form (core/hex.hpp).
using core::to_hex;

// normalize_hex lowercases `text` and drops spaces, tabs and ':' (certutil
// prints "61 2d 3c fe", other tools "61:2D:3C:FE"). Returns "" when anything
// else is not a hex digit or when the digit count is odd.
inline std::string normalize_hex(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == ':') continue;
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return {};
        out += c;
    }
    return out.size() % 2 == 0 ? out : std::string();
}

// from_hex decodes normalized hex (as normalize_hex returns); "" for bad input.
inline bytes from_hex(std::string_view hex) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::string n = normalize_hex(hex);
    bytes out;
    for (std::size_t i = 0; i + 1 < n.size(); i += 2) out.push_back(std::uint8_t(nibble(n[i]) * 16 + nibble(n[i + 1])));
    return out;
}

// same_serial compares two normalized serial numbers ignoring leading zero
// bytes (a DER INTEGER may carry a 00 sign octet that certutil omits).
inline bool same_serial(std::string_view a, std::string_view b) {
    auto strip = [](std::string_view s) {
        while (s.size() > 2 && s.substr(0, 2) == "00") s.remove_prefix(2);
        return s;
    };
    return !a.empty() && !b.empty() && strip(a) == strip(b);
}

}  // namespace certreq::store
