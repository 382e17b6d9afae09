// core/from_hex.hpp: the one hex decoder ({hex} INF values, the store's
// serial numbers, state files). Apart from core/hex.hpp, which core/hresult.hpp
// includes below core/result.hpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"
#include "certreq/core/result.hpp"

namespace certreq::core {

// from_hex reads hex byte pairs in either case; blanks (space, tab, CR, LF)
// anywhere are skipped. The error's offset is the offending character, or
// the unpaired last digit.
inline result<bytes> from_hex(std::string_view s) {
    bytes out;
    out.reserve(s.size() / 2);
    int hi = -1;
    std::size_t hi_at = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) return at_offset(i, "not a hex digit");
        if (hi < 0) hi = v, hi_at = i;
        else out.push_back(std::uint8_t(hi * 16 + v)), hi = -1;
    }
    if (hi >= 0) return at_offset(hi_at, "an odd number of hex digits");
    return out;
}

}  // namespace certreq::core
