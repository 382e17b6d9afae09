// der/primitives.hpp: BOOLEAN, INTEGER, NULL, OCTET STRING, BIT STRING and
// pre-encoded DER, as encodable values (see der/writer.hpp). Values borrow
// their octets: the viewed data must outlive the write.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/der/length.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/writer.hpp"

namespace certreq::der {

// boolean: DER TRUE is 0xff (X.690 §11.1).
class boolean {
public:
    constexpr explicit boolean(bool v) noexcept : v_(v) {}
    constexpr std::size_t encoded_size() const noexcept { return 3; }
    void write(writer& w) const noexcept {
        w.header(tag::boolean, 1);
        w.put(v_ ? 0xff : 0x00);
    }

private:
    bool v_;
};

// null: 05 00.
struct null {
    constexpr std::size_t encoded_size() const noexcept { return 2; }
    void write(writer& w) const noexcept { w.header(tag::null, 0); }
};

// integer: a non-negative INTEGER, minimal two's complement (X.690 §8.3.2):
// leading zero octets are dropped and a 00 is prepended when the top bit is set.
// Built from a uint64 or from a big-endian magnitude (e.g. a serial number).
class integer {
public:
    constexpr explicit integer(std::uint64_t v) noexcept {
        for (int i = 7; i >= 0; --i, v >>= 8) small_[std::size_t(i)] = std::uint8_t(v & 0xff);
        std::size_t off = 0;
        while (off < 8 && small_[off] == 0) ++off;
        off_ = std::uint8_t(off);
        init(8 - off, off < 8 ? small_[off] : 0);
    }
    constexpr explicit integer(byte_view magnitude) noexcept {
        while (!magnitude.empty() && magnitude.front() == 0) magnitude = magnitude.subspan(1);
        big_ = magnitude;
        init(magnitude.size(), magnitude.empty() ? 0 : magnitude.front());
    }

    constexpr std::size_t encoded_size() const noexcept { return tlv_size(content_); }
    void write(writer& w) const noexcept {
        w.header(tag::integer, content_);
        if (pad_) w.put(0x00);
        w.put(magnitude());
    }

private:
    constexpr void init(std::size_t size, std::uint8_t first) noexcept {
        pad_ = size == 0 || (first & 0x80) != 0;  // zero is the single octet 00
        content_ = size + (pad_ ? 1 : 0);
    }
    byte_view magnitude() const noexcept {
        if (off_ == 0xff) return big_;
        return byte_view(small_).subspan(off_);
    }

    std::array<std::uint8_t, 8> small_{};
    std::uint8_t off_ = 0xff;  // 0xff: the value is in big_
    byte_view big_{};
    bool pad_ = false;
    std::size_t content_ = 0;
};

// octet_string: OCTET STRING of the viewed octets.
class octet_string {
public:
    constexpr explicit octet_string(byte_view v) noexcept : v_(v) {}
    explicit octet_string(std::string_view v) noexcept : v_(as_bytes(v)) {}
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(v_.size()); }
    void write(writer& w) const noexcept {
        w.header(tag::octet_string, v_.size());
        w.put(v_);
    }

private:
    byte_view v_;
};

// bit_string: BIT STRING of whole octets with `unused` (0..7) trailing bits
// of the last octet unused; those bits must already be zero (X.690 §11.2.1).
class bit_string {
public:
    constexpr explicit bit_string(byte_view v, std::uint8_t unused = 0) noexcept : v_(v), unused_(unused) {}
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(1 + v_.size()); }
    void write(writer& w) const noexcept {
        if (unused_ > 7 || (v_.empty() && unused_ != 0)) w.fail();
        w.header(tag::bit_string, 1 + v_.size());
        w.put(unused_);
        w.put(v_);
    }

private:
    byte_view v_;
    std::uint8_t unused_;
};

// raw: octets that are already DER (a whole TLV, or several), written verbatim.
class raw {
public:
    constexpr explicit raw(byte_view der) noexcept : v_(der) {}
    constexpr std::size_t encoded_size() const noexcept { return v_.size(); }
    void write(writer& w) const noexcept { w.put(v_); }

private:
    byte_view v_;
};

// primitive: any other primitive tag over the viewed content octets.
template <tag_byte Tag>
class primitive {
public:
    constexpr explicit primitive(byte_view content) noexcept : v_(content) {}
    explicit primitive(std::string_view content) noexcept : v_(as_bytes(content)) {}
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(v_.size()); }
    void write(writer& w) const noexcept {
        w.header(Tag, v_.size());
        w.put(v_);
    }

private:
    byte_view v_;
};

}  // namespace certreq::der
