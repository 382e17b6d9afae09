// mbed/hash.hpp: one-shot SHA-1/SHA-2 digests (mbedTLS md).
#pragma once
#include <mbedtls/md.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "certreq/core/bytes.hpp"
#include "certreq/model/request.hpp"

namespace certreq::mbed {

using sha1_digest = std::array<std::uint8_t, 20>;
using sha256_digest = std::array<std::uint8_t, 32>;
using sha384_digest = std::array<std::uint8_t, 48>;
using sha512_digest = std::array<std::uint8_t, 64>;

// md_type maps the model's hash to mbedTLS's.
inline mbedtls_md_type_t md_type(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return MBEDTLS_MD_SHA1;
        case model::hash_algorithm::sha256: return MBEDTLS_MD_SHA256;
        case model::hash_algorithm::sha384: return MBEDTLS_MD_SHA384;
        case model::hash_algorithm::sha512: return MBEDTLS_MD_SHA512;
    }
    return MBEDTLS_MD_SHA256;
}

// digest_size returns the output length in bytes (20, 32, 48, 64).
inline constexpr std::size_t digest_size(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return 20;
        case model::hash_algorithm::sha256: return 32;
        case model::hash_algorithm::sha384: return 48;
        case model::hash_algorithm::sha512: return 64;
    }
    return 32;
}

namespace detail {
// md_into hashes `data` into `out` (which has the digest's size). The
// algorithms are all compiled into Debian's mbedTLS, so this cannot fail.
inline void md_into(mbedtls_md_type_t t, byte_view data, std::uint8_t* out) noexcept {
    mbedtls_md(mbedtls_md_info_from_type(t), data.data(), data.size(), out);
}
}  // namespace detail

// sha1 .. sha512 return the digest of `data`.
inline sha1_digest sha1(byte_view data) noexcept {
    sha1_digest d{};
    detail::md_into(MBEDTLS_MD_SHA1, data, d.data());
    return d;
}
inline sha256_digest sha256(byte_view data) noexcept {
    sha256_digest d{};
    detail::md_into(MBEDTLS_MD_SHA256, data, d.data());
    return d;
}
inline sha384_digest sha384(byte_view data) noexcept {
    sha384_digest d{};
    detail::md_into(MBEDTLS_MD_SHA384, data, d.data());
    return d;
}
inline sha512_digest sha512(byte_view data) noexcept {
    sha512_digest d{};
    detail::md_into(MBEDTLS_MD_SHA512, data, d.data());
    return d;
}

// hash returns the digest of `data` under the algorithm the request names.
inline bytes hash(model::hash_algorithm h, byte_view data) {
    bytes d(digest_size(h));
    detail::md_into(md_type(h), data, d.data());
    return d;
}

}  // namespace certreq::mbed
