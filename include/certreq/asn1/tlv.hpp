// asn1/tlv.hpp: a small DER tag-length-value walker (after boringssl's CBS).
// libtasn1 says *that* an encoding is bad but not *where*; this walker checks
// the DER framing first and names the exact byte offset of the first problem:
// definite, minimal lengths within bounds, minimal tags, no trailing data,
// bounded nesting, and the primitive rules DER adds to BER (BOOLEAN, INTEGER,
// BIT STRING, constructed strings).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"
#include "certreq/core/hresult.hpp"

namespace certreq::asn1 {

// A problem in DER input is a core::error at a byte offset of the whole
// input (core::at_offset). past_limit: well-formed DER past list_limits
// (CRYPT_E_ASN1_LARGE), which a caller that decodes what it built treats as
// out of scope rather than as malformed; over_limit says which it is.
inline core::error past_limit(std::size_t offset, std::string text) {
    auto e = core::at_offset(offset, std::move(text));
    e.hresult = core::hr::crypt_asn1_large;
    return e;
}
inline bool over_limit(const core::error& e) noexcept { return e.hresult == core::hr::crypt_asn1_large; }

enum class tag_class : std::uint8_t { universal = 0, application = 1, context = 2, private_use = 3 };

// Universal tag numbers the walker and the readers look at.
namespace utag {
inline constexpr std::uint32_t boolean = 1, integer = 2, bit_string = 3, octet_string = 4, null = 5, oid = 6,
                               enumerated = 10, utf8_string = 12, sequence = 16, set = 17,
                               printable_string = 19, teletex_string = 20, ia5_string = 22, utc_time = 23,
                               generalized_time = 24, visible_string = 26, universal_string = 28,
                               bmp_string = 30;
}

// tlv is one element: its header fields, `offset` of its first byte in the
// whole input, and views of the whole element and of its contents.
struct tlv {
    tag_class cls = tag_class::universal;
    bool constructed = false;
    std::uint32_t number = 0;
    std::size_t offset = 0;
    byte_view whole;
    byte_view content;

    std::size_t content_offset() const noexcept { return offset + (whole.size() - content.size()); }
    bool is(tag_class c, std::uint32_t n) const noexcept { return cls == c && number == n; }
    bool is_universal(std::uint32_t n) const noexcept { return is(tag_class::universal, n); }
};

// reader walks the elements of a buffer in order. `base` is the offset of the
// buffer's first byte in the whole input, so errors and tlv::offset are absolute.
class reader {
public:
    explicit reader(byte_view data, std::size_t base = 0) noexcept : data_(data), base_(base) {}

    bool empty() const noexcept { return pos_ == data_.size(); }
    std::size_t offset() const noexcept { return base_ + pos_; }

    // next reads one element header and bounds-checks its length. Returns the
    // element, or nullopt with *err set (the reader then stays where it was).
    std::optional<tlv> next(core::error* err) {
        auto fail = [&](std::size_t at, std::string msg) -> std::optional<tlv> {
            if (err) *err = core::at_offset(base_ + at, std::move(msg));
            return std::nullopt;
        };
        std::size_t p = pos_;
        const std::size_t n = data_.size();
        if (p >= n) return fail(p, "expected an element, found the end of the data");
        const std::size_t start = p;
        std::uint8_t first = data_[p++];
        tlv t;
        t.cls = static_cast<tag_class>(first >> 6);
        t.constructed = (first & 0x20) != 0;
        t.number = first & 0x1F;
        if (t.number == 0x1F) {
            // High tag number form: base-128, no leading 0x80, value >= 31.
            std::uint32_t v = 0;
            for (int i = 0;; ++i) {
                if (p >= n) return fail(p, "tag truncated");
                std::uint8_t b = data_[p];
                if (i == 0 && b == 0x80) return fail(p, "non-minimal tag number encoding");
                if (i == 4) return fail(p, "tag number too large");
                v = (v << 7) | (b & 0x7F);
                ++p;
                if (!(b & 0x80)) break;
            }
            if (v < 0x1F) return fail(start + 1, "high tag number form used for a tag below 31");
            t.number = v;
        }
        if (p >= n) return fail(p, "length missing (data ends after the tag)");
        const std::size_t len_at = p;
        std::uint8_t l0 = data_[p++];
        std::size_t len = 0;
        if (l0 < 0x80) {
            len = l0;
        } else if (l0 == 0x80) {
            return fail(len_at, "indefinite length (BER, not DER)");
        } else if (l0 == 0xFF) {
            return fail(len_at, "reserved length octet 0xFF");
        } else {
            std::size_t count = l0 & 0x7F;
            if (count > 4) return fail(len_at, "length of " + std::to_string(count) + " octets is too large");
            if (n - p < count) return fail(p, "length truncated");
            if (data_[p] == 0) return fail(len_at, "non-minimal length encoding (leading zero octet)");
            for (std::size_t i = 0; i < count; ++i) len = (len << 8) | data_[p++];
            if (len < 0x80) return fail(len_at, "non-minimal length encoding (long form for a length below 128)");
        }
        if (len > n - p)
            return fail(len_at, "length " + std::to_string(len) + " runs past the end of the data (" +
                                    std::to_string(n - p) + " bytes left)");
        t.offset = base_ + start;
        t.whole = data_.subspan(start, p - start + len);
        t.content = data_.subspan(p, len);
        pos_ = p + len;
        return t;
    }

private:
    byte_view data_;
    std::size_t base_ = 0;
    std::size_t pos_ = 0;
};

inline constexpr std::size_t max_depth = 64;

// libtasn1 decodes a SEQUENCE OF / SET OF whose elements have structure in
// time quadratic in their number (each element walks back over its siblings),
// and paths like "x.?N" are found by the same walk. decode() therefore bounds
// the elements of one constructed value and the sum of their squares over the
// whole input: about a second of work at the worst. A CRL's entries, the one
// legitimately long list, are exempt and read one by one (verbs/dump_x509.hpp).
struct list_limits {
    std::size_t max_elements = 4096;           // elements in one constructed value
    std::uint64_t max_cost = std::uint64_t(1) << 26;  // sum of squared element counts
    std::size_t exempt_offset = SIZE_MAX;      // the list (absolute offset) read element by element
};

namespace detail {
// check_primitive applies DER's rules for the universal primitives it knows.
inline std::optional<core::error> check_primitive(const tlv& t) {
    auto err = [&](std::string m) { return core::at_offset(t.offset, std::move(m)); };
    if (t.cls != tag_class::universal) return std::nullopt;
    const byte_view c = t.content;
    switch (t.number) {
        case utag::boolean:
            if (c.size() != 1) return err("BOOLEAN must be one octet");
            if (c[0] != 0x00 && c[0] != 0xFF) return err("BOOLEAN TRUE must be 0xFF in DER");
            break;
        case utag::integer:
        case utag::enumerated:
            if (c.empty()) return err("INTEGER with no content octets");
            if (c.size() > 1 && ((c[0] == 0x00 && !(c[1] & 0x80)) || (c[0] == 0xFF && (c[1] & 0x80))))
                return err("non-minimal INTEGER encoding");
            break;
        case utag::bit_string:
            if (c.empty()) return err("BIT STRING with no unused-bits octet");
            if (c[0] > 7) return err("BIT STRING unused-bits count above 7");
            if (c.size() == 1 && c[0] != 0) return err("empty BIT STRING with unused bits");
            if (c.size() > 1 && (c.back() & ((1u << c[0]) - 1)) != 0) return err("BIT STRING unused bits not zero");
            break;
        case utag::null:
            if (!c.empty()) return err("NULL with content octets");
            break;
        case utag::oid:
            if (c.empty()) return err("OBJECT IDENTIFIER with no content octets");
            if (c.back() & 0x80) return err("OBJECT IDENTIFIER truncated inside a component");
            for (std::size_t i = 0; i < c.size(); ++i)
                if (c[i] == 0x80 && (i == 0 || !(c[i - 1] & 0x80)))
                    return err("non-minimal OBJECT IDENTIFIER component");
            break;
        default:
            break;
    }
    return std::nullopt;
}

// list_check counts the elements of one constructed value against `limits`
// (and its square against the budget left in *cost); null limits: no check.
struct list_check {
    const list_limits* limits = nullptr;
    std::uint64_t* cost = nullptr;
    std::size_t offset = 0;  // the constructed value being read
};

inline std::optional<core::error> validate_all(reader& r, std::size_t depth, list_check lc = {}) {
    core::error e;
    std::uint64_t n = 0;
    while (!r.empty()) {
        auto t = r.next(&e);
        if (!t) return e;
        if (lc.limits && lc.offset != lc.limits->exempt_offset) {
            if (++n > lc.limits->max_elements)
                return past_limit(lc.offset, "more than " + std::to_string(lc.limits->max_elements) +
                                                 " elements in one constructed value (limit)");
            *lc.cost += 2 * n - 1;  // n^2 - (n-1)^2: the running sum of squares
            if (*lc.cost > lc.limits->max_cost)
                return past_limit(lc.offset, "too many list elements in all (over " + std::to_string(lc.limits->max_cost) +
                                                 " element pairs; limit)");
        }
        if (t->constructed) {
            if (t->cls == tag_class::universal &&
                (t->number == utag::octet_string || t->number == utag::bit_string || t->number == utag::utf8_string ||
                 t->number == utag::printable_string || t->number == utag::ia5_string || t->number == utag::bmp_string ||
                 t->number == utag::utc_time || t->number == utag::generalized_time || t->number == utag::integer ||
                 t->number == utag::oid || t->number == utag::boolean))
                return core::at_offset(t->offset, "constructed encoding of a primitive type (BER, not DER)");
            if (depth + 1 > max_depth)
                return core::at_offset(t->offset, "nesting deeper than " + std::to_string(max_depth) + " levels");
            reader inner(t->content, t->content_offset());
            if (auto sub = validate_all(inner, depth + 1, {lc.limits, lc.cost, t->offset})) return sub;
        } else {
            if (t->cls == tag_class::universal && (t->number == utag::sequence || t->number == utag::set))
                return core::at_offset(t->offset, "SEQUENCE/SET must be constructed");
            if (auto bad = check_primitive(*t)) return bad;
        }
    }
    return std::nullopt;
}
}  // namespace detail

// validate_der checks that `der` is exactly one well-formed DER element
// (recursively). Returns the first problem, or nullopt. `base` is added to offsets.
// With `limits`, also the element counts decode() needs (list_limits).
inline std::optional<core::error> validate_der(byte_view der, std::size_t base = 0,
                                             const list_limits* limits = nullptr) {
    reader r(der, base);
    core::error e;
    auto top = r.next(&e);
    if (!top) return e;
    if (!r.empty())
        return core::at_offset(r.offset(), "trailing data after the DER element (" + std::to_string(der.size() - (r.offset() - base)) + " bytes)");
    reader again(der, base);
    std::uint64_t cost = 0;
    return detail::validate_all(again, 0, {limits, limits ? &cost : nullptr, SIZE_MAX});
}

// parse_one reads the single element that spans all of `der`.
inline std::optional<tlv> parse_one(byte_view der, std::size_t base = 0, core::error* err = nullptr) {
    reader r(der, base);
    auto t = r.next(err);
    if (t && !r.empty()) {
        if (err) *err = core::at_offset(r.offset(), "trailing data after the DER element");
        return std::nullopt;
    }
    return t;
}

}  // namespace certreq::asn1
