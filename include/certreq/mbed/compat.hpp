// mbed/compat.hpp: the calls whose form differs between mbedTLS 2.28 (Debian
// 12) and 3.6 LTS (Debian 13), each wrapped once so the rest of mbed/ reads
// the same on both. 3.x dropped the RSA `mode` arguments, added output sizes
// and an RNG to key parsing, and hid the key structures' fields behind
// accessors. Only mbed/ includes this (and mbedTLS).
#pragma once
#include <mbedtls/version.h>  // first: pulls in 3.x's build_info.h or 2.28's config.h

#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <cstddef>

#include "certreq/mbed/rng.hpp"

#if MBEDTLS_VERSION_NUMBER < 0x021C0000 || MBEDTLS_VERSION_NUMBER >= 0x04000000
#error "certreq needs mbedTLS 2.28 or 3.x (3.6 LTS)"
#endif

// CERTREQ_MBEDTLS3: building against 3.x.
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define CERTREQ_MBEDTLS3 1
#else
#define CERTREQ_MBEDTLS3 0
#endif

// CERTREQ_MBED_PRIVATE(field) names a structure field 3.x made private
// (MBEDTLS_PRIVATE, its documented escape). Only for state no API reaches:
// the RSA blinding pair (mbed/rsa_blinding.hpp).
#if CERTREQ_MBEDTLS3
#define CERTREQ_MBED_PRIVATE(field) MBEDTLS_PRIVATE(field)
#else
#define CERTREQ_MBED_PRIVATE(field) field
#endif

namespace certreq::mbed::compat {

// pk_parse_key parses an unencrypted key. 3.x wants an RNG (it blinds the
// multiplication that recovers an EC public key a file left out).
inline int pk_parse_key(mbedtls_pk_context* pk, const unsigned char* der, std::size_t len) {
#if CERTREQ_MBEDTLS3
    auto rng = system_rng();
    if (!rng) return rng.err().code;
    return mbedtls_pk_parse_key(pk, der, len, nullptr, 0, rng->fn, rng->ctx);
#else
    return mbedtls_pk_parse_key(pk, der, len, nullptr, 0);
#endif
}

// ec_group_id returns the curve of an EC key pair.
inline mbedtls_ecp_group_id ec_group_id(const mbedtls_ecp_keypair* ec) noexcept {
#if CERTREQ_MBEDTLS3
    return mbedtls_ecp_keypair_get_group_id(ec);
#else
    return ec->grp.id;
#endif
}

// ec_write_private writes the private scalar big-endian into exactly `len` bytes.
inline int ec_write_private(mbedtls_ecp_keypair* ec, unsigned char* out, std::size_t len) {
#if CERTREQ_MBEDTLS3
    std::size_t n = 0;
    int rc = mbedtls_ecp_write_key_ext(ec, &n, out, len);
    return rc != 0 ? rc : n == len ? 0 : MBEDTLS_ERR_ECP_BAD_INPUT_DATA;
#else
    return mbedtls_ecp_write_key(ec, out, len);
#endif
}

// ecdsa_write_signature: DER Ecdsa-Sig-Value into `sig` (`size` bytes).
inline int ecdsa_write_signature(mbedtls_ecp_keypair* ec, mbedtls_md_type_t md, const unsigned char* hash, std::size_t hlen,
                                 unsigned char* sig, [[maybe_unused]] std::size_t size, std::size_t* n, rng_ref rng) {
#if CERTREQ_MBEDTLS3
    return mbedtls_ecdsa_write_signature(ec, md, hash, hlen, sig, size, n, rng.fn, rng.ctx);
#else
    return mbedtls_ecdsa_write_signature(ec, md, hash, hlen, sig, n, rng.fn, rng.ctx);
#endif
}

// pk_sign: mbedtls_pk_sign, which takes the output size on 3.x.
inline int pk_sign(mbedtls_pk_context* pk, mbedtls_md_type_t md, const unsigned char* hash, std::size_t hlen, unsigned char* sig,
                   [[maybe_unused]] std::size_t size, std::size_t* n, rng_ref rng) {
#if CERTREQ_MBEDTLS3
    return mbedtls_pk_sign(pk, md, hash, hlen, sig, size, n, rng.fn, rng.ctx);
#else
    return mbedtls_pk_sign(pk, md, hash, hlen, sig, n, rng.fn, rng.ctx);
#endif
}

// The RSA operations: 2.28 also takes the key's role (MBEDTLS_RSA_PUBLIC or
// MBEDTLS_RSA_PRIVATE) and, to verify, an RNG it does not use; 3.x neither.
inline int rsa_pkcs1_v15_sign(mbedtls_rsa_context* rsa, rng_ref rng, mbedtls_md_type_t md, unsigned hlen, const unsigned char* hash,
                              unsigned char* sig) {
#if CERTREQ_MBEDTLS3
    return mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa, rng.fn, rng.ctx, md, hlen, hash, sig);
#else
    return mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa, rng.fn, rng.ctx, MBEDTLS_RSA_PRIVATE, md, hlen, hash, sig);
#endif
}

inline int rsa_pkcs1_v15_verify(mbedtls_rsa_context* rsa, mbedtls_md_type_t md, unsigned hlen, const unsigned char* hash,
                                const unsigned char* sig) {
#if CERTREQ_MBEDTLS3
    return mbedtls_rsa_rsassa_pkcs1_v15_verify(rsa, md, hlen, hash, sig);
#else
    return mbedtls_rsa_rsassa_pkcs1_v15_verify(rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, md, hlen, hash, sig);
#endif
}

// rsa_pss_verify: MGF1 with the message hash, the salt exactly `salt_len`.
inline int rsa_pss_verify(mbedtls_rsa_context* rsa, mbedtls_md_type_t md, unsigned hlen, const unsigned char* hash, int salt_len,
                          const unsigned char* sig) {
#if CERTREQ_MBEDTLS3
    return mbedtls_rsa_rsassa_pss_verify_ext(rsa, md, hlen, hash, md, salt_len, sig);
#else
    return mbedtls_rsa_rsassa_pss_verify_ext(rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, md, hlen, hash, md, salt_len, sig);
#endif
}

inline int rsa_pkcs1_encrypt(mbedtls_rsa_context* rsa, rng_ref rng, std::size_t len, const unsigned char* in, unsigned char* out) {
#if CERTREQ_MBEDTLS3
    return mbedtls_rsa_pkcs1_encrypt(rsa, rng.fn, rng.ctx, len, in, out);
#else
    return mbedtls_rsa_pkcs1_encrypt(rsa, rng.fn, rng.ctx, MBEDTLS_RSA_PUBLIC, len, in, out);
#endif
}

inline int rsa_pkcs1_decrypt(mbedtls_rsa_context* rsa, rng_ref rng, std::size_t* n, const unsigned char* in, unsigned char* out,
                             std::size_t out_size) {
#if CERTREQ_MBEDTLS3
    return mbedtls_rsa_pkcs1_decrypt(rsa, rng.fn, rng.ctx, n, in, out, out_size);
#else
    return mbedtls_rsa_pkcs1_decrypt(rsa, rng.fn, rng.ctx, MBEDTLS_RSA_PRIVATE, n, in, out, out_size);
#endif
}

}  // namespace certreq::mbed::compat
