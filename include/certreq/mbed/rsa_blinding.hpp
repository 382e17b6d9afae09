// mbed/rsa_blinding.hpp: carry an RSA key's base-blinding pair from one
// process to the next.
//
// mbedTLS 2.28 blinds every RSA private-key operation with a pair
// (Vf random, Vi = Vf^-e mod N). The first operation of a context makes the
// pair, and its modular inverse is a quarter of an RSA-2048 signature
// (callgrind: 10.3M of 39.5M instructions); later operations only square the
// cached pair. A one-shot process never reaches the cheap case, so the key
// store keeps the pair beside the key and each run takes the next one:
//
//   take:  P = stored pair (checked: 1 < Vf < N and Vi * Vf^e = 1 mod N),
//          store P^2 before signing (write-ahead: a crash skips a pair,
//          never reuses one), give P to the context; mbedTLS squares it
//          again before use, so this run blinds with P^2 and the next with P^4.
//   first use: mbedTLS makes a fresh pair; save() stores it after signing.
//
// Exponent blinding (a fresh random multiple of (p-1)(q-1) per operation) is
// untouched. The pair is as secret as the key and lives next to it (0600).
#pragma once
#include <mbedtls/bignum.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/key.hpp"

namespace certreq::mbed {

// rsa_blinding_pair: Vf and Vi, big-endian, each as long as the modulus.
struct rsa_blinding_pair {
    bytes vf, vi;

    // serialize: Vf then Vi (equal lengths); parse splits it back.
    bytes serialize() const {
        bytes out = vf;
        out.insert(out.end(), vi.begin(), vi.end());
        return out;
    }
    static std::optional<rsa_blinding_pair> parse(byte_view b) {
        if (b.empty() || b.size() % 2) return std::nullopt;
        std::size_t n = b.size() / 2;
        return rsa_blinding_pair{bytes(b.begin(), b.begin() + std::ptrdiff_t(n)), bytes(b.begin() + std::ptrdiff_t(n), b.end())};
    }
};

namespace detail {

using mpi = handle<mbedtls_mpi, mbedtls_mpi_init, mbedtls_mpi_free>;

inline mbedtls_rsa_context* rsa_of(const private_key& key) {
    if (key.algorithm() != model::key_algorithm::rsa) return nullptr;
    return mbedtls_pk_rsa(*key.native());
}

inline bool write(const mbedtls_mpi& x, std::size_t len, bytes& out) {
    out.assign(len, 0);
    return mbedtls_mpi_write_binary(&x, out.data(), len) == 0;
}

}  // namespace detail

// blinding_of returns the pair the key's context holds now (after a
// signature), or nullopt for EC keys and contexts without one.
inline std::optional<rsa_blinding_pair> blinding_of(const private_key& key) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa || rsa->Vf.p == nullptr || rsa->Vi.p == nullptr) return std::nullopt;
    rsa_blinding_pair p;
    std::size_t len = mbedtls_rsa_get_len(rsa);
    if (!detail::write(rsa->Vf, len, p.vf) || !detail::write(rsa->Vi, len, p.vi)) return std::nullopt;
    return p;
}

// squared returns the pair's successor P^2, or nullopt when `p` is not a
// valid pair for `key` (wrong length, out of range, Vi * Vf^e != 1 mod N).
inline std::optional<rsa_blinding_pair> squared(const private_key& key, const rsa_blinding_pair& p) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa) return std::nullopt;
    std::size_t len = mbedtls_rsa_get_len(rsa);
    if (p.vf.size() != len || p.vi.size() != len) return std::nullopt;
    detail::mpi vf, vi, t;
    if (mbedtls_mpi_read_binary(vf.get(), p.vf.data(), len) != 0 || mbedtls_mpi_read_binary(vi.get(), p.vi.data(), len) != 0)
        return std::nullopt;
    if (mbedtls_mpi_cmp_int(vf.get(), 1) <= 0 || mbedtls_mpi_cmp_mpi(vf.get(), &rsa->N) >= 0 ||
        mbedtls_mpi_cmp_int(vi.get(), 1) <= 0 || mbedtls_mpi_cmp_mpi(vi.get(), &rsa->N) >= 0)
        return std::nullopt;
    // Vi * Vf^e = 1 (mod N): the pair belongs to this key.
    if (mbedtls_mpi_exp_mod(t.get(), vf.get(), &rsa->E, &rsa->N, &rsa->RN) != 0 || mbedtls_mpi_mul_mpi(t.get(), t.get(), vi.get()) != 0 ||
        mbedtls_mpi_mod_mpi(t.get(), t.get(), &rsa->N) != 0 || mbedtls_mpi_cmp_int(t.get(), 1) != 0)
        return std::nullopt;
    for (auto* x : {vf.get(), vi.get()})
        if (mbedtls_mpi_mul_mpi(x, x, x) != 0 || mbedtls_mpi_mod_mpi(x, x, &rsa->N) != 0) return std::nullopt;
    rsa_blinding_pair out;
    if (!detail::write(*vf.get(), len, out.vf) || !detail::write(*vi.get(), len, out.vi)) return std::nullopt;
    return out;
}

// use_blinding gives a pair checked by squared() to the key's context; its
// next private-key operation squares it and skips the inverse.
inline bool use_blinding(const private_key& key, const rsa_blinding_pair& p) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa || p.vf.size() != mbedtls_rsa_get_len(rsa) || p.vi.size() != p.vf.size()) return false;
    if (mbedtls_mpi_read_binary(&rsa->Vf, p.vf.data(), p.vf.size()) != 0 ||
        mbedtls_mpi_read_binary(&rsa->Vi, p.vi.data(), p.vi.size()) != 0) {
        mbedtls_mpi_free(&rsa->Vf);
        mbedtls_mpi_free(&rsa->Vi);
        mbedtls_mpi_init(&rsa->Vf);
        mbedtls_mpi_init(&rsa->Vi);
        return false;
    }
    return true;
}

}  // namespace certreq::mbed
