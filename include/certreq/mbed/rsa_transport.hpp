// mbed/rsa_transport.hpp: RSA PKCS#1 v1.5 key transport (rsaEncryption,
// RFC 3370 §4.2.1), the only KeyTransRecipientInfo algorithm SCEP servers take:
// encrypt a content-encryption key to a certificate's public key, and decrypt
// it with our private key (mbed::decrypter: private_key, a token's key).
#pragma once
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <cstddef>
#include <string>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/compat.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/mbed/rng.hpp"

namespace certreq::mbed {

// rsa_encrypt encrypts `plain` to the RSA key of a SubjectPublicKeyInfo.
inline result<bytes> rsa_encrypt(byte_view spki_der, byte_view plain, rng_ref rng) {
    handle<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free> pk;
    if (int rc = mbedtls_pk_parse_public_key(pk.get(), spki_der.data(), spki_der.size()); rc != 0)
        return failed("mbedtls_pk_parse_public_key", rc);
    if (mbedtls_pk_get_type(pk.get()) != MBEDTLS_PK_RSA)
        return refused("rsa_encrypt", std::string("key transport needs an RSA recipient key, not ") + mbedtls_pk_get_name(pk.get()));
    mbedtls_rsa_context* rsa = mbedtls_pk_rsa(*pk.get());
    mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
    bytes out(mbedtls_rsa_get_len(rsa));
    if (plain.size() + 11 > out.size()) return refused("rsa_encrypt", "the key to transport is too long for the RSA key");
    if (int rc = compat::rsa_pkcs1_encrypt(rsa, rng, plain.size(), plain.data(), out.data()); rc != 0)
        return failed("mbedtls_rsa_pkcs1_encrypt", rc);
    return out;
}

}  // namespace certreq::mbed
