// mbed/sign.hpp: sign and verify with the algorithms certreq emits:
//   RSA  PKCS#1 v1.5                     (sha*WithRSAEncryption)
//   RSA  PSS, MGF1 = hash, salt = hash length (AlternateSignatureAlgorithm=true)
//   ECDSA, deterministic per RFC 6979, DER Ecdsa-Sig-Value
#pragma once
#include <mbedtls/ecdsa.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <cstddef>
#include <memory>
#include <string>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/compat.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/p256_base_table.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"

namespace certreq::mbed {

// sign hashes `tbs` with `h` and signs it. `pss` selects RSASSA-PSS (RSA keys
// only; an error for EC keys). The RNG is used for RSA blinding and PSS salt
// and for ECDSA blinding; the ECDSA nonce itself is derived per RFC 6979
// (MBEDTLS_ECDSA_DETERMINISTIC, on in 2.28 and 3.6), so an EC signature
// depends only on key and data.
inline result<bytes> sign(const private_key& key, model::hash_algorithm h, bool pss, byte_view tbs, rng_ref rng) {
    bytes digest = hash(h, tbs);
    mbedtls_md_type_t md = md_type(h);
    mbedtls_pk_context* pk = key.native();
    if (key.algorithm() == model::key_algorithm::rsa) {
        mbedtls_rsa_context* rsa = mbedtls_pk_rsa(*pk);
        bytes sig(mbedtls_rsa_get_len(rsa));
        if (pss) {
            // MGF1 uses the padding's hash_id; the salt is the hash length
            // (mbedtls_rsa_rsassa_pss_sign would use the maximum instead).
            mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, md);
            int rc = mbedtls_rsa_rsassa_pss_sign_ext(rsa, rng.fn, rng.ctx, md, static_cast<unsigned>(digest.size()), digest.data(),
                                                     static_cast<int>(digest.size()), sig.data());
            mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
            if (rc != 0) return failed("mbedtls_rsa_rsassa_pss_sign_ext", rc);
        } else {
            mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
            int rc = compat::rsa_pkcs1_v15_sign(rsa, rng, md, static_cast<unsigned>(digest.size()), digest.data(), sig.data());
            if (rc != 0) return failed("mbedtls_rsa_rsassa_pkcs1_v15_sign", rc);
        }
        return sig;
    }
    if (pss) return refused("sign", "RSASSA-PSS (AlternateSignatureAlgorithm) needs an RSA key, not an EC key");
    bytes sig(MBEDTLS_ECDSA_MAX_LEN);
    std::size_t n = 0;
    if (mbedtls_pk_can_do(pk, MBEDTLS_PK_ECDSA)) {
        // What mbedtls_pk_sign does, minus 2.28's copy of the key: the copy's
        // group starts without the fixed-base table and throws it away after
        // one signature. Signing with the key's own group keeps the table (and
        // P-256's is preloaded), so the same deterministic signature costs
        // less, in a one-shot process and when signing many requests.
        mbedtls_ecp_keypair* ec = mbedtls_pk_ec(*pk);
        detail::preload_p256_base_table(*ec);
        if (int rc = compat::ecdsa_write_signature(ec, md, digest.data(), digest.size(), sig.data(), sig.size(), &n, rng); rc != 0)
            return failed("mbedtls_pk_sign", rc);
    } else if (int rc = compat::pk_sign(pk, md, digest.data(), digest.size(), sig.data(), sig.size(), &n, rng); rc != 0) {
        return failed("mbedtls_pk_sign", rc);
    }
    sig.resize(n);
    return sig;
}

// sign with the process-wide system_rng().
inline result<bytes> sign(const private_key& key, model::hash_algorithm h, bool pss, byte_view tbs) {
    auto rng = system_rng();
    if (!rng) return rng.err();
    return sign(key, h, pss, tbs, *rng);
}

// verify checks `sig` over `data` against a SubjectPublicKeyInfo. Returns
// false for a signature that does not match; an error only when the key
// cannot be used (malformed SPKI, PSS with an EC key).
inline result<bool> verify(byte_view spki_der, model::hash_algorithm h, bool pss, byte_view data, byte_view sig) {
    handle<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free> pk;
    if (int rc = mbedtls_pk_parse_public_key(pk.get(), spki_der.data(), spki_der.size()); rc != 0)
        return failed("mbedtls_pk_parse_public_key", rc);
    bytes digest = hash(h, data);
    mbedtls_md_type_t md = md_type(h);
    int rc = 0;
    if (mbedtls_pk_get_type(pk.get()) == MBEDTLS_PK_RSA) {
        mbedtls_rsa_context* rsa = mbedtls_pk_rsa(*pk.get());
        if (sig.size() != mbedtls_rsa_get_len(rsa)) return false;
        if (pss) {
            mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, md);
            rc = compat::rsa_pss_verify(rsa, md, static_cast<unsigned>(digest.size()), digest.data(), static_cast<int>(digest.size()),
                                        sig.data());
        } else {
            rc = compat::rsa_pkcs1_v15_verify(rsa, md, static_cast<unsigned>(digest.size()), digest.data(), sig.data());
        }
    } else if (mbedtls_pk_can_do(pk.get(), MBEDTLS_PK_ECDSA)) {
        if (pss) return refused("verify", "RSASSA-PSS needs an RSA key, not an EC key");
        rc = mbedtls_pk_verify(pk.get(), md, digest.data(), digest.size(), sig.data(), sig.size());
    } else {
        return refused("verify", std::string("not supported: ") + mbedtls_pk_get_name(pk.get()) + " keys");
    }
    return rc == 0;
}

}  // namespace certreq::mbed
