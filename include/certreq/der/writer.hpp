// der/writer.hpp: writes DER forward into a caller-provided, exact-size
// buffer (RustCrypto der's encode.rs, Go cryptobyte's first-error-sticks).
//
// Every DER value type in der/ is "encodable": it knows its encoded size
// before writing (`encoded_size()`, computed once when the value is built) and
// writes itself with `write(writer&)`. Encoding is therefore: sum the sizes,
// take one buffer of exactly that size, write forward. Nothing on this path
// allocates; `encode()`/`to_bytes()` allocate the one result vector.
#pragma once
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

#include "certreq/core/bytes.hpp"
#include "certreq/der/length.hpp"
#include "certreq/der/tag.hpp"

namespace certreq::der {

// writer appends to a fixed span. A write that would not fit, or a value that
// reports itself invalid (fail()), puts the writer in the failed state: every
// later write is ignored. It never writes outside the span.
class writer {
public:
    explicit writer(std::span<std::uint8_t> out) noexcept : out_(out) {}

    // put writes one octet.
    void put(std::uint8_t b) noexcept {
        if (!reserve(1)) return;
        out_[pos_++] = b;
    }
    // put writes the octets of `b`.
    void put(byte_view b) noexcept {
        if (b.empty() || !reserve(b.size())) return;
        std::memcpy(out_.data() + pos_, b.data(), b.size());
        pos_ += b.size();
    }
    // header writes a one-byte tag and the definite length of `content` octets.
    void header(tag_byte t, std::size_t content) noexcept {
        std::size_t n = 1 + length_size(content);
        if (!reserve(n)) return;
        out_[pos_] = t;
        write_length(out_.data() + pos_ + 1, content);
        pos_ += n;
    }

    // fail marks the output invalid (e.g. a malformed OID string met while writing).
    void fail() noexcept { failed_ = true; }
    bool failed() const noexcept { return failed_; }

    // position is the number of octets written so far.
    std::size_t position() const noexcept { return pos_; }
    // written views the octets in [from, position()) for in-place fix-ups
    // (SET OF sorting, IMPLICIT retagging).
    std::span<std::uint8_t> written(std::size_t from) noexcept { return out_.subspan(from, pos_ - from); }

private:
    bool reserve(std::size_t n) noexcept {
        if (failed_) return false;
        if (n > out_.size() - pos_) {
            failed_ = true;
            return false;
        }
        return true;
    }

    std::span<std::uint8_t> out_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

// encodable: a DER value that knows its size and writes itself.
template <class T>
concept encodable = requires(const T& v, writer& w) {
    { v.encoded_size() } -> std::convertible_to<std::size_t>;
    v.write(w);
};

// encoded_size returns the total size of several values written back to back.
template <encodable... Ts>
constexpr std::size_t encoded_size(const Ts&... vs) noexcept {
    return (std::size_t{0} + ... + vs.encoded_size());
}

// encode_into writes `vs` to the start of `out`. It returns the number of
// octets written, or nullopt when `out` is too small or a value is invalid;
// it never writes past `out` (and writes nothing when `out` is too small).
template <encodable... Ts>
std::optional<std::size_t> encode_into(std::span<std::uint8_t> out, const Ts&... vs) noexcept {
    std::size_t size = encoded_size(vs...);
    if (size > out.size()) return std::nullopt;
    writer w(out.first(size));
    (vs.write(w), ...);
    if (w.failed()) return std::nullopt;
    assert(w.position() == size && "der: encoded_size() disagrees with write()");
    if (w.position() != size) return std::nullopt;
    return size;
}

// encode returns the DER of `vs` in one exact-size vector, or nullopt when a
// value is invalid.
template <encodable... Ts>
std::optional<bytes> encode(const Ts&... vs) {
    bytes out(encoded_size(vs...));
    if (!encode_into(std::span<std::uint8_t>(out), vs...)) return std::nullopt;
    return out;
}

// to_bytes is encode() for values that cannot be invalid (no runtime OID
// strings inside): an invalid value yields an empty vector.
template <encodable... Ts>
bytes to_bytes(const Ts&... vs) {
    auto r = encode(vs...);
    return r ? std::move(*r) : bytes{};
}

}  // namespace certreq::der
