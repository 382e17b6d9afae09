// store/hex.hpp: hex strings as the store keeps them (thumbprints, serial
// numbers, key ids): lowercase, no separators.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/from_hex.hpp"
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

// from_hex decodes hex as normalize_hex accepts it; empty for bad input.
inline bytes from_hex(std::string_view hex) {
    auto b = core::from_hex(normalize_hex(hex));
    return b ? std::move(*b) : bytes{};
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
