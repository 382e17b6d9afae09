// mbed/public_key.hpp: what a SubjectPublicKeyInfo holds, read with mbedTLS:
// the algorithm and its size (RSA modulus bits, the named curve). A renewal
// takes these from the old certificate when its key is on a token, where no
// private key can be loaded to ask.
#pragma once
#include <mbedtls/pk.h>

#include <cstddef>
#include <string>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/compat.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/model/request.hpp"

namespace certreq::mbed {

struct public_key_info {
    model::key_algorithm algorithm = model::key_algorithm::rsa;
    std::size_t bits = 0;                     // the modulus, or the curve's size
    model::curve curve = model::curve::none;  // EC keys only
};

// public_key_info_of reads a SubjectPublicKeyInfo DER.
inline result<public_key_info> public_key_info_of(byte_view spki_der) {
    handle<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free> pk;
    if (int rc = mbedtls_pk_parse_public_key(pk.get(), spki_der.data(), spki_der.size()); rc != 0)
        return failed("mbedtls_pk_parse_public_key", rc);
    public_key_info out;
    out.bits = mbedtls_pk_get_bitlen(pk.get());
    switch (mbedtls_pk_get_type(pk.get())) {
        case MBEDTLS_PK_RSA: return out;
        case MBEDTLS_PK_ECKEY:
        case MBEDTLS_PK_ECDSA: break;
        default: return refused("public key", std::string("unsupported key type ") + mbedtls_pk_get_name(pk.get()));
    }
    out.algorithm = model::key_algorithm::ec;
    switch (compat::ec_group_id(mbedtls_pk_ec(*pk.get()))) {
        case MBEDTLS_ECP_DP_SECP256R1: out.curve = model::curve::p256; break;
        case MBEDTLS_ECP_DP_SECP384R1: out.curve = model::curve::p384; break;
        case MBEDTLS_ECP_DP_SECP521R1: out.curve = model::curve::p521; break;
        default: return refused("public key", "the EC key is not on P-256, P-384 or P-521");
    }
    return out;
}

}  // namespace certreq::mbed
