// der/length.hpp: DER definite lengths (X.690 §8.1.3, §10.1): short form
// below 128, otherwise 0x80|n followed by the n minimal big-endian octets.
#pragma once
#include <cstddef>
#include <cstdint>

namespace certreq::der {

// length_size returns how many octets the length `n` takes.
constexpr std::size_t length_size(std::size_t n) noexcept {
    if (n < 0x80) return 1;
    std::size_t octets = 0;
    for (; n != 0; n >>= 8) ++octets;
    return 1 + octets;
}

// tlv_size returns the size of a one-byte tag, its length and `content` octets.
constexpr std::size_t tlv_size(std::size_t content) noexcept { return 1 + length_size(content) + content; }

// write_length stores the length octets of `n` at `out` (length_size(n) bytes).
constexpr void write_length(std::uint8_t* out, std::size_t n) noexcept {
    std::size_t size = length_size(n);
    if (size == 1) {
        out[0] = std::uint8_t(n);
        return;
    }
    out[0] = std::uint8_t(0x80 | (size - 1));
    for (std::size_t i = size - 1; i >= 1; --i, n >>= 8) out[i] = std::uint8_t(n & 0xff);
}

// read_tlv_size returns the total size of the DER TLV at the start of `p`
// (one-byte tag, at most `avail` bytes), or 0 if it is malformed or does not fit.
constexpr std::size_t read_tlv_size(const std::uint8_t* p, std::size_t avail) noexcept {
    if (avail < 2) return 0;
    std::size_t len = p[1], header = 2;
    if (len & 0x80) {
        std::size_t octets = len & 0x7f;
        if (octets == 0 || octets > sizeof(std::size_t) || avail < 2 + octets) return 0;
        len = 0;
        for (std::size_t i = 0; i < octets; ++i) len = (len << 8) | p[2 + i];
        header += octets;
    }
    if (len > avail - header) return 0;
    return header + len;
}

}  // namespace certreq::der
