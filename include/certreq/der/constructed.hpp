// der/constructed.hpp: constructed values that nest like the ASN.1 they
// encode (cryptobyte style):
//
//   der::sequence(der::integer(0), name, spki, der::implicit_tag<0>(der::set_of(...)))
//
// Sizes are computed once, when a value is built; writing is one forward pass.
// Fixed members are stored by value (the DER value types are small views). `sequence_of(range, fn)` / `set_of(range, fn)` map each element of a
// range to an encodable with `fn` (called once to size, once to write); the
// range must outlive the write.
//
// SET OF is written in DER order (X.690 §11.6: ascending encodings, the
// shorter padded with zero octets) by sorting the written elements in place
// inside the output buffer: no allocation.
#pragma once
// (No <algorithm>, <functional> or <iterator>: a TU that only writes DER
// should not pay for them; bench/compile_cost.sh.)
#include <array>
#include <concepts>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <span>
#include <type_traits>
#include <utility>

#include "certreq/der/length.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/writer.hpp"

namespace certreq::der {

namespace detail {

// der_less orders two encodings as X.690 §11.6 requires.
inline bool der_less(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    std::size_t n = a.size() < b.size() ? a.size() : b.size();
    int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
    if (c != 0) return c < 0;
    // Equal prefix: the shorter is padded with zeros, so it is less only if b has a non-zero tail.
    for (std::size_t i = n; i < b.size(); ++i)
        if (b[i] != 0) return true;
    return false;
}

// reverse_octets reverses [first, last) in place.
inline void reverse_octets(std::uint8_t* first, std::uint8_t* last) noexcept {
    while (first != last && first != --last) {
        std::uint8_t t = *first;
        *first++ = *last;
        *last = t;
    }
}

// move_before moves the `len` octets that follow a block of `block` octets
// starting at `p` to `p`, shifting the block up (a rotation).
inline void move_before(std::uint8_t* p, std::size_t block, std::size_t len) noexcept {
    std::array<std::uint8_t, 512> tmp;
    if (len > tmp.size()) {  // rotate by three reversals, in place
        reverse_octets(p, p + block);
        reverse_octets(p + block, p + block + len);
        reverse_octets(p, p + block + len);
        return;
    }
    std::memcpy(tmp.data(), p + block, len);
    std::memmove(p + len, p, block);
    std::memcpy(p, tmp.data(), len);
}

// sort_tlvs sorts the back-to-back TLVs in `area` into DER SET OF order,
// by insertion with rotations (sets in certificates have a handful of members).
inline bool sort_tlvs(std::span<std::uint8_t> area) noexcept {
    std::size_t sorted_end = 0, last = 0;  // `last`: start of the greatest sorted element
    while (sorted_end < area.size()) {
        std::size_t len = read_tlv_size(area.data() + sorted_end, area.size() - sorted_end);
        if (len == 0) return false;
        auto item = area.subspan(sorted_end, len);
        // Already in order after the last sorted element (the usual case): nothing to move.
        if (sorted_end == 0 || !der_less(item, area.subspan(last, sorted_end - last))) {
            last = sorted_end;
            sorted_end += len;
            continue;
        }
        // Find the first sorted element greater than the new one.
        std::size_t at = 0;
        while (at < sorted_end) {
            std::size_t l = read_tlv_size(area.data() + at, sorted_end - at);
            if (l == 0) return false;
            if (der_less(item, area.subspan(at, l))) break;
            at += l;
        }
        move_before(area.data() + at, sorted_end - at, len);
        last += len;  // the greatest element moved up by the inserted one
        sorted_end += len;
    }
    return true;
}

// finish_set sorts what was written since `from` (the contents of a SET).
inline void finish_set(writer& w, std::size_t from) noexcept {
    if (w.failed()) return;
    if (!sort_tlvs(w.written(from))) w.fail();
}

}  // namespace detail

namespace detail {

// members<I..., Ts...> holds the fixed members of a constructed value, one
// base per member. Not std::tuple: its constraint machinery made a quarter of
// the compile time of a TU that builds certificates (bench/compile_cost.sh).
template <std::size_t I, class T>
struct member {
    T value;
};
template <class Indices, class... Ts>
struct members;
template <std::size_t... I, class... Ts>
struct members<std::index_sequence<I...>, Ts...> : member<I, Ts>... {
    constexpr explicit members(Ts... xs) noexcept : member<I, Ts>{std::move(xs)}... {}
    constexpr std::size_t encoded_size() const noexcept {
        return (std::size_t{0} + ... + static_cast<const member<I, Ts>&>(*this).value.encoded_size());
    }
    void write(writer& w) const noexcept { (static_cast<const member<I, Ts>&>(*this).value.write(w), ...); }
};

}  // namespace detail

// constructed<Tag, Ts...>: Tag { members in order }; Sorted: a SET OF whose
// members are sorted when written.
template <tag_byte Tag, bool Sorted, encodable... Ts>
class constructed {
public:
    constexpr explicit constructed(Ts... members) noexcept
        : members_(std::move(members)...), content_(members_.encoded_size()) {}

    constexpr std::size_t encoded_size() const noexcept { return tlv_size(content_); }
    constexpr std::size_t content_size() const noexcept { return content_; }
    void write(writer& w) const noexcept {
        w.header(Tag, content_);
        std::size_t from = w.position();
        members_.write(w);
        if constexpr (Sorted) detail::finish_set(w, from);
    }

private:
    detail::members<std::index_sequence_for<Ts...>, Ts...> members_;
    std::size_t content_;
};

// sequence(xs...): SEQUENCE { xs... }.
template <encodable... Ts>
constexpr auto sequence(Ts... xs) noexcept {
    return constructed<tag::sequence, false, Ts...>(std::move(xs)...);
}
// set_of(xs...): SET { xs... } with the members in DER order (SET OF, or a SET whose order DER fixes).
template <encodable... Ts>
constexpr auto set_of(Ts... xs) noexcept {
    return constructed<tag::set, true, Ts...>(std::move(xs)...);
}
// explicit_tag<N>(xs...): [N] EXPLICIT — a constructed context tag around xs.
template <unsigned N, encodable... Ts>
constexpr auto explicit_tag(Ts... xs) noexcept {
    static_assert(N < 31, "only low tag numbers");
    return constructed<tag::context_constructed(N), false, Ts...>(std::move(xs)...);
}
// wrap<Tag>(xs...): any tag over the concatenated encodings of xs, e.g. an
// OCTET STRING holding DER (extnValue) — wrap<tag::octet_string>(value).
template <tag_byte Tag, encodable... Ts>
constexpr auto wrap(Ts... xs) noexcept {
    return constructed<Tag, false, Ts...>(std::move(xs)...);
}

// implicit: [N] IMPLICIT T — T's encoding with its tag replaced by the context
// tag N, keeping T's primitive/constructed bit (X.690 §8.14.3).
template <unsigned N, encodable T>
class implicit {
    static_assert(N < 31, "only low tag numbers");

public:
    constexpr explicit implicit(T inner) noexcept : inner_(std::move(inner)) {}
    constexpr std::size_t encoded_size() const noexcept { return inner_.encoded_size(); }
    void write(writer& w) const noexcept {
        std::size_t at = w.position();
        inner_.write(w);
        if (w.failed() || w.position() == at) return;
        auto out = w.written(at);
        out[0] = std::uint8_t(tag::context_class | (out[0] & tag::constructed_bit) | N);
    }

private:
    T inner_;
};
template <unsigned N, encodable T>
constexpr auto implicit_tag(T inner) noexcept {
    return implicit<N, T>(std::move(inner));
}

// maybe: a value that is written only when present (ASN.1 OPTIONAL / DEFAULT).
template <encodable T>
class maybe {
public:
    constexpr maybe() noexcept = default;
    constexpr explicit maybe(T v) noexcept : v_(std::move(v)) {}
    constexpr std::size_t encoded_size() const noexcept { return v_ ? v_->encoded_size() : 0; }
    void write(writer& w) const noexcept {
        if (v_) v_->write(w);
    }

private:
    std::optional<T> v_;
};
// when(present, v): `v` if `present`, else nothing.
template <encodable T>
constexpr maybe<T> when(bool present, T v) noexcept {
    return present ? maybe<T>(std::move(v)) : maybe<T>();
}

// each: Tag { fn(e) for e in range } — SEQUENCE OF / SET OF over a runtime range.
template <tag_byte Tag, bool Sorted, std::ranges::forward_range R, class Fn>
class each {
public:
    each(const R& range, Fn fn) noexcept(std::is_nothrow_move_constructible_v<Fn>)
        : range_(&range), fn_(std::move(fn)) {
        for (const auto& e : *range_) content_ += fn_(e).encoded_size();
    }
    std::size_t encoded_size() const noexcept { return tlv_size(content_); }
    std::size_t content_size() const noexcept { return content_; }
    void write(writer& w) const noexcept {
        w.header(Tag, content_);
        std::size_t from = w.position();
        for (const auto& e : *range_) fn_(e).write(w);
        if constexpr (Sorted) detail::finish_set(w, from);
    }

private:
    const R* range_;
    Fn fn_;
    std::size_t content_ = 0;
};

template <class R, class Fn>
concept maps_to_encodable = std::ranges::forward_range<R> &&
    requires(Fn& fn, std::ranges::range_reference_t<const R> e) {
        { fn(e) } -> encodable;
    };

// sequence_of(range, fn): SEQUENCE OF, in range order.
template <class R, class Fn>
    requires maps_to_encodable<R, Fn>
auto sequence_of(const R& range, Fn fn) {
    return each<tag::sequence, false, R, Fn>(range, std::move(fn));
}
// set_of(range, fn): SET OF, in DER order.
template <class R, class Fn>
    requires maps_to_encodable<R, Fn>
auto set_of(const R& range, Fn fn) {
    return each<tag::set, true, R, Fn>(range, std::move(fn));
}
// The range is borrowed: a temporary range would dangle before the write.
template <class R, class Fn>
    requires(!std::is_lvalue_reference_v<R> && maps_to_encodable<std::remove_cvref_t<R>, Fn>)
auto sequence_of(R&& range, Fn fn) = delete;
template <class R, class Fn>
    requires(!std::is_lvalue_reference_v<R> && maps_to_encodable<std::remove_cvref_t<R>, Fn>)
auto set_of(R&& range, Fn fn) = delete;

// tagged_of<Tag>(range, fn): [n] IMPLICIT SEQUENCE OF and the like.
template <tag_byte Tag, class R, class Fn>
    requires maps_to_encodable<R, Fn>
auto tagged_of(const R& range, Fn fn) {
    return each<Tag, false, R, Fn>(range, std::move(fn));
}

}  // namespace certreq::der
