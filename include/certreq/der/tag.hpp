// der/tag.hpp: the identifier octets this library writes. Only low tag
// numbers (0..30) occur in PKIX, so every tag is one byte.
#pragma once
#include <cstdint>

namespace certreq::der {

using tag_byte = std::uint8_t;

namespace tag {
// Universal class (X.690 §8.x), primitive unless noted.
inline constexpr tag_byte boolean = 0x01;
inline constexpr tag_byte integer = 0x02;
inline constexpr tag_byte bit_string = 0x03;
inline constexpr tag_byte octet_string = 0x04;
inline constexpr tag_byte null = 0x05;
inline constexpr tag_byte oid = 0x06;
inline constexpr tag_byte enumerated = 0x0a;
inline constexpr tag_byte utf8_string = 0x0c;
inline constexpr tag_byte numeric_string = 0x12;
inline constexpr tag_byte printable_string = 0x13;
inline constexpr tag_byte teletex_string = 0x14;
inline constexpr tag_byte ia5_string = 0x16;
inline constexpr tag_byte utc_time = 0x17;
inline constexpr tag_byte generalized_time = 0x18;
inline constexpr tag_byte visible_string = 0x1a;
inline constexpr tag_byte bmp_string = 0x1e;
inline constexpr tag_byte sequence = 0x30;  // constructed
inline constexpr tag_byte set = 0x31;       // constructed

inline constexpr tag_byte constructed_bit = 0x20;
inline constexpr tag_byte context_class = 0x80;

// context_primitive(n) is [n] IMPLICIT of a primitive type (0x80 | n).
constexpr tag_byte context_primitive(unsigned n) noexcept { return tag_byte(context_class | n); }
// context_constructed(n) is [n] EXPLICIT, or [n] IMPLICIT of a constructed type (0xa0 | n).
constexpr tag_byte context_constructed(unsigned n) noexcept {
    return tag_byte(context_class | constructed_bit | n);
}
}  // namespace tag

}  // namespace certreq::der
