// x509/extensions/key_usage.hpp (RFC 5280 §4.2.1.3).
//
//   id-ce-keyUsage OBJECT IDENTIFIER ::=  { id-ce 15 }
//   KeyUsage ::= BIT STRING {
//        digitalSignature        (0),   -- Windows 0x80
//        nonRepudiation          (1),   -- 0x40
//        keyEncipherment         (2),   -- 0x20
//        dataEncipherment        (3),   -- 0x10
//        keyAgreement            (4),   -- 0x08
//        keyCertSign             (5),   -- 0x04
//        cRLSign                 (6),   -- 0x02
//        encipherOnly            (7),   -- 0x01
//        decipherOnly            (8) }  -- 0x8000
//
// A named bit list in DER drops trailing zero bits (X.690 §11.2.2):
// 0xa0 -> 03 02 05 a0, 0x80 -> 03 02 07 80, 0x06 -> 03 02 01 06,
// 0x8000 -> 03 03 07 00 80, 0 -> 03 01 00.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "certreq/der/length.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

// key_usage_bits: the KeyUsage BIT STRING of Windows CERT_*_KEY_USAGE flags
// (low byte = first octet, high byte = second octet).
class key_usage_bits {
public:
    constexpr explicit key_usage_bits(std::uint16_t flags) noexcept
        : octets_{std::uint8_t(flags & 0xff), std::uint8_t(flags >> 8)} {
        size_ = octets_[1] ? 2 : octets_[0] ? 1 : 0;
        if (size_) {
            std::uint8_t last = octets_[size_ - 1];
            while (!(last & 1)) {
                last >>= 1;
                ++unused_;
            }
        }
    }
    constexpr std::size_t encoded_size() const noexcept { return 3 + size_; }
    void write(der::writer& w) const noexcept {
        der::bit_string(byte_view(octets_.data(), size_), unused_).write(w);
    }

private:
    std::array<std::uint8_t, 2> octets_;
    std::size_t size_ = 0;
    std::uint8_t unused_ = 0;
};

inline auto extension_value_of(const model::key_usage& v) noexcept { return key_usage_bits(v.flags); }

}  // namespace certreq::x509
