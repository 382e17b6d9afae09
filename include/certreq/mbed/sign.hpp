// mbed/sign.hpp: sign and verify with the algorithms certreq emits:
//   RSA  PKCS#1 v1.5                     (sha*WithRSAEncryption)
//   RSA  PSS, MGF1 = hash, salt = hash length (AlternateSignatureAlgorithm=true)
//   ECDSA, deterministic per RFC 6979, DER Ecdsa-Sig-Value
// Signing goes through the signer seam (mbed/signer.hpp): sign() hashes,
// the signer signs the digest.
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
#include "certreq/mbed/signer.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"

namespace certreq::mbed {

// sign hashes `tbs` with `h` and has `key` sign the digest (mbed/signer.hpp):
// a software key, a token's key or a caller's. `pss` selects RSASSA-PSS (RSA
// keys only). The RNG is the caller's random source (blinding, PSS salt).
inline result<bytes> sign(const signer& key, model::hash_algorithm h, bool pss, byte_view tbs, rng_ref rng) {
    if (pss && key.algorithm() != model::key_algorithm::rsa)
        return refused("sign", "RSASSA-PSS (AlternateSignatureAlgorithm) needs an RSA key, not an EC key");
    bytes digest = hash(h, tbs);
    return key.sign_digest(h, pss, digest, rng);
}

// sign with the process-wide system_rng().
inline result<bytes> sign(const signer& key, model::hash_algorithm h, bool pss, byte_view tbs) {
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
