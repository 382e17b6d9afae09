// der/oid.hpp: OBJECT IDENTIFIER (X.690 §8.19) three ways:
//   oid_literal   compile-time: `constexpr oid_literal x{"1.2.840.113549.1.1.11"};`
//                 parses at compile time; a malformed literal does not compile.
//   oid_dotted    runtime dotted text, validated when built, encoded while writing
//                 (no allocation); an invalid one fails the writer.
//   oid           runtime body octets (already encoded).
// plus encode_oid (dotted -> body octets) and decode_oid_body (body -> dotted).
//
// Dotted rules: at least two arcs, first arc 0-2, second < 40 unless the first
// is 2, decimal arcs without leading zeros, each arc (and 40*first+second) up
// to 2^64-1.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/der/length.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/writer.hpp"

namespace certreq::der {

namespace detail {

// base128_size is the number of octets of one subidentifier.
constexpr std::size_t base128_size(std::uint64_t v) noexcept {
    std::size_t n = 1;
    while (v >>= 7) ++n;
    return n;
}

// oid_arcs walks a dotted OID: calls `f(subidentifier)` for each encoded
// subidentifier (the first two arcs merged) and returns false if malformed.
template <class F>
constexpr bool oid_arcs(std::string_view s, F&& f) noexcept {
    std::uint64_t first = 0;
    std::size_t arc = 0, i = 0;
    for (;;) {
        std::size_t b = i;
        std::uint64_t v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            auto d = std::uint64_t(s[i] - '0');
            constexpr std::uint64_t max10 = UINT64_MAX / 10, max_last = UINT64_MAX % 10;  // no division per digit
            if (v > max10 || (v == max10 && d > max_last)) return false;
            v = v * 10 + d;
            ++i;
        }
        if (i == b || (i - b > 1 && s[b] == '0')) return false;
        if (arc == 0) {
            if (v > 2) return false;
            first = v;
        } else if (arc == 1) {
            if (first < 2 && v >= 40) return false;
            if (v > UINT64_MAX - 80) return false;
            f(first * 40 + v);
        } else {
            f(v);
        }
        ++arc;
        if (i == s.size()) break;
        if (s[i] != '.') return false;
        ++i;
    }
    return arc >= 2;
}

// put_base128 writes `v` as big-endian base-128 with continuation bits.
template <class Put>
constexpr void put_base128(std::uint64_t v, Put&& put) noexcept {
    std::size_t n = base128_size(v);
    for (std::size_t k = n; k-- > 0;) put(std::uint8_t(((v >> (7 * k)) & 0x7f) | (k ? 0x80 : 0)));
}

// oid_literal_is_malformed is deliberately not constexpr: reaching it during
// constant evaluation is the compile error for a bad OID literal.
inline void oid_literal_is_malformed() noexcept {}

}  // namespace detail

// oid_body_size returns the body length of a dotted OID, or nullopt if it is malformed.
constexpr std::optional<std::size_t> oid_body_size(std::string_view dotted) noexcept {
    std::size_t n = 0;
    if (!detail::oid_arcs(dotted, [&](std::uint64_t v) { n += detail::base128_size(v); })) return std::nullopt;
    return n;
}

// is_valid_oid reports whether `dotted` is a well-formed OID.
constexpr bool is_valid_oid(std::string_view dotted) noexcept { return oid_body_size(dotted).has_value(); }

// oid_literal: a compile-time OID (at most 64 body octets) that keeps its dotted form.
class oid_literal {
public:
    static constexpr std::size_t capacity = 64;

    consteval oid_literal(const char* dotted) : dotted_(dotted) {  // NOLINT: implicit from a literal on purpose
        std::size_t n = 0;
        bool ok = detail::oid_arcs(dotted_, [&](std::uint64_t v) {
            detail::put_base128(v, [&](std::uint8_t b) {
                if (n < capacity) body_[n] = b;
                ++n;
            });
        });
        if (!ok || n > capacity) detail::oid_literal_is_malformed();
        size_ = std::uint8_t(n);
    }

    constexpr byte_view body() const noexcept { return byte_view(body_.data(), size_); }
    constexpr std::string_view dotted() const noexcept { return dotted_; }
    constexpr std::size_t encoded_size() const noexcept { return 2 + size_; }
    void write(writer& w) const noexcept {
        w.header(tag::oid, size_);
        w.put(body());
    }
    friend constexpr bool operator==(const oid_literal& a, std::string_view dotted) noexcept {
        return a.dotted_ == dotted;
    }

private:
    std::array<std::uint8_t, capacity> body_{};
    std::uint8_t size_ = 0;
    std::string_view dotted_;
};

// oid_dotted: an OID from runtime dotted text. valid() is false for malformed
// text; writing an invalid one fails the writer.
class oid_dotted {
public:
    constexpr explicit oid_dotted(std::string_view dotted) noexcept : s_(dotted) {
        auto n = oid_body_size(dotted);
        valid_ = n.has_value();
        body_ = n.value_or(0);
    }
    constexpr bool valid() const noexcept { return valid_; }
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(body_); }
    void write(writer& w) const noexcept {
        if (!valid_) w.fail();
        w.header(tag::oid, body_);
        detail::oid_arcs(s_, [&](std::uint64_t v) { detail::put_base128(v, [&](std::uint8_t b) { w.put(b); }); });
    }

private:
    std::string_view s_;
    std::size_t body_ = 0;
    bool valid_ = false;
};

// oid: an OID from its already-encoded body octets.
class oid {
public:
    constexpr explicit oid(byte_view body) noexcept : body_(body) {}
    constexpr std::size_t encoded_size() const noexcept { return tlv_size(body_.size()); }
    void write(writer& w) const noexcept {
        w.header(tag::oid, body_.size());
        w.put(body_);
    }

private:
    byte_view body_;
};

// encode_oid returns the body octets of a dotted OID (no tag or length), or
// nullopt if it is malformed.
inline std::optional<bytes> encode_oid(std::string_view dotted) {
    auto n = oid_body_size(dotted);
    if (!n) return std::nullopt;
    bytes out;
    out.reserve(*n);
    detail::oid_arcs(dotted, [&](std::uint64_t v) { detail::put_base128(v, [&](std::uint8_t b) { out.push_back(b); }); });
    return out;
}

// decode_oid_body returns the dotted form of OID body octets, or nullopt if
// they are not minimal DER (empty, leading 0x80, truncated) or an arc exceeds 64 bits.
inline std::optional<std::string> decode_oid_body(byte_view body) {
    if (body.empty()) return std::nullopt;
    std::string out;
    bool first = true;
    std::size_t i = 0;
    while (i < body.size()) {
        if (body[i] == 0x80) return std::nullopt;  // non-minimal
        std::uint64_t v = 0;
        for (;;) {
            if (i == body.size()) return std::nullopt;  // last octet has the continuation bit
            if (v > (UINT64_MAX >> 7)) return std::nullopt;
            std::uint8_t b = body[i++];
            v = (v << 7) | (b & 0x7f);
            if (!(b & 0x80)) break;
        }
        if (first) {
            std::uint64_t a = v < 40 ? 0 : v < 80 ? 1 : 2;
            out = std::to_string(a) + '.' + std::to_string(v - a * 40);
            first = false;
        } else {
            out += '.';
            out += std::to_string(v);
        }
    }
    return out;
}

}  // namespace certreq::der
