// core/bytes.hpp: the byte types every layer passes around.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace certreq {

// bytes owns a DER or binary buffer; byte_view borrows one.
using bytes = std::vector<std::uint8_t>;
using byte_view = std::span<const std::uint8_t>;

// as_bytes views the characters of a string as bytes (no copy).
inline byte_view as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// as_chars views bytes as characters (no copy).
inline std::string_view as_chars(byte_view b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// same_bytes: whether two buffers hold the same bytes.
inline bool same_bytes(byte_view a, byte_view b) noexcept {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace certreq
