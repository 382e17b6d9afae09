// mbed/rsa_blinding.hpp: carry an RSA key's base-blinding pair from one
// process to the next.
//
// mbedTLS (2.28 and 3.6 alike) blinds every RSA private-key operation with a pair
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
//
// No mbedTLS API reads or sets the pair (Vf, Vi of mbedtls_rsa_context), so
// those two fields are reached directly: on 3.x through MBEDTLS_PRIVATE(), its
// documented escape for private fields (CERTREQ_MBED_PRIVATE, mbed/compat.hpp).
// Everything else here uses public calls (mbedtls_rsa_export for N,
// mbedtls_rsa_public for Vf^e). rsa_prepare_blinding squares a pair it finds
// in the same way in 2.28.3 and 3.6.x; tests/mbed/rsa_blinding_test.cpp holds
// both to it.
#pragma once
#include <mbedtls/bignum.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/compat.hpp"
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

// The context's pair (no API reaches it; see the top of this file).
inline mbedtls_mpi& vf_of(mbedtls_rsa_context& rsa) { return rsa.CERTREQ_MBED_PRIVATE(Vf); }
inline mbedtls_mpi& vi_of(mbedtls_rsa_context& rsa) { return rsa.CERTREQ_MBED_PRIVATE(Vi); }

}  // namespace detail

// blinding_of returns the pair the key's context holds now (after a
// signature), or nullopt for EC keys and contexts without one.
inline std::optional<rsa_blinding_pair> blinding_of(const private_key& key) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa) return std::nullopt;
    const mbedtls_mpi& vf = detail::vf_of(*rsa);
    const mbedtls_mpi& vi = detail::vi_of(*rsa);
    // An empty MPI (no limbs) is a context that has not made a pair yet.
    if (mbedtls_mpi_size(&vf) == 0 || mbedtls_mpi_size(&vi) == 0) return std::nullopt;
    rsa_blinding_pair p;
    std::size_t len = mbedtls_rsa_get_len(rsa);
    if (!detail::write(vf, len, p.vf) || !detail::write(vi, len, p.vi)) return std::nullopt;
    return p;
}

// squared returns the pair's successor P^2, or nullopt when `p` is not a
// valid pair for `key` (wrong length, out of range, Vi * Vf^e != 1 mod N).
inline std::optional<rsa_blinding_pair> squared(const private_key& key, const rsa_blinding_pair& p) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa) return std::nullopt;
    std::size_t len = mbedtls_rsa_get_len(rsa);
    if (p.vf.size() != len || p.vi.size() != len) return std::nullopt;
    detail::mpi n, vf, vi, t;
    if (mbedtls_rsa_export(rsa, n.get(), nullptr, nullptr, nullptr, nullptr) != 0) return std::nullopt;
    if (mbedtls_mpi_read_binary(vf.get(), p.vf.data(), len) != 0 || mbedtls_mpi_read_binary(vi.get(), p.vi.data(), len) != 0)
        return std::nullopt;
    if (mbedtls_mpi_cmp_int(vf.get(), 1) <= 0 || mbedtls_mpi_cmp_mpi(vf.get(), n.get()) >= 0 ||
        mbedtls_mpi_cmp_int(vi.get(), 1) <= 0 || mbedtls_mpi_cmp_mpi(vi.get(), n.get()) >= 0)
        return std::nullopt;
    // Vi * Vf^e = 1 (mod N): the pair belongs to this key. mbedtls_rsa_public
    // computes Vf^e with the context's cached Montgomery constant, which the
    // signature then reuses.
    bytes vf_e(len);
    if (mbedtls_rsa_public(rsa, p.vf.data(), vf_e.data()) != 0 || mbedtls_mpi_read_binary(t.get(), vf_e.data(), len) != 0 ||
        mbedtls_mpi_mul_mpi(t.get(), t.get(), vi.get()) != 0 || mbedtls_mpi_mod_mpi(t.get(), t.get(), n.get()) != 0 ||
        mbedtls_mpi_cmp_int(t.get(), 1) != 0)
        return std::nullopt;
    for (auto* x : {vf.get(), vi.get()})
        if (mbedtls_mpi_mul_mpi(x, x, x) != 0 || mbedtls_mpi_mod_mpi(x, x, n.get()) != 0) return std::nullopt;
    rsa_blinding_pair out;
    if (!detail::write(*vf.get(), len, out.vf) || !detail::write(*vi.get(), len, out.vi)) return std::nullopt;
    return out;
}

// use_blinding gives a pair checked by squared() to the key's context; its
// next private-key operation squares it and skips the inverse.
inline bool use_blinding(const private_key& key, const rsa_blinding_pair& p) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa || p.vf.size() != mbedtls_rsa_get_len(rsa) || p.vi.size() != p.vf.size()) return false;
    mbedtls_mpi& vf = detail::vf_of(*rsa);
    mbedtls_mpi& vi = detail::vi_of(*rsa);
    if (mbedtls_mpi_read_binary(&vf, p.vf.data(), p.vf.size()) != 0 || mbedtls_mpi_read_binary(&vi, p.vi.data(), p.vi.size()) != 0) {
        mbedtls_mpi_free(&vf);
        mbedtls_mpi_free(&vi);
        mbedtls_mpi_init(&vf);
        mbedtls_mpi_init(&vi);
        return false;
    }
    return true;
}

// forget_blinding drops the context's pair, so its next private-key
// operation makes a fresh one (with the modular inverse).
inline void forget_blinding(const private_key& key) {
    mbedtls_rsa_context* rsa = detail::rsa_of(key);
    if (!rsa) return;
    for (mbedtls_mpi* x : {&detail::vf_of(*rsa), &detail::vi_of(*rsa)}) {
        mbedtls_mpi_free(x);
        mbedtls_mpi_init(x);
    }
}

}  // namespace certreq::mbed
