// x509/algorithm.hpp: AlgorithmIdentifier values (RFC 5280 §4.1.1.2).
//
//   AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
//
// - sha*WithRSAEncryption: parameters NULL (RFC 4055 §5).
// - ecdsa-with-SHA*: parameters absent (RFC 5758 §3.2).
// - RSASSA-PSS (RFC 4055 §3.1):
//     RSASSA-PSS-params ::= SEQUENCE {
//        hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
//        maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
//        saltLength         [2] INTEGER DEFAULT 20,
//        trailerField       [3] TrailerField DEFAULT trailerFieldBC }
//   written with MGF1 over the same hash and salt = hash length; DEFAULT
//   values are omitted (so PSS with SHA-1 has empty params `30 00`). Hash
//   identifiers inside carry NULL parameters, as RFC 4055 §2.1's
//   sha256Identifier etc. define them.
// - SubjectPublicKeyInfo algorithms: rsaEncryption NULL; id-ecPublicKey namedCurve.
#pragma once
#include <cstddef>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/model/algorithms.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::x509 {

// hash_oid returns the digest's OID.
constexpr const der::oid_literal& hash_oid(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return oids::sha1;
        case model::hash_algorithm::sha384: return oids::sha384;
        case model::hash_algorithm::sha512: return oids::sha512;
        case model::hash_algorithm::sha256: break;
    }
    return oids::sha256;
}

// hash_length returns the digest size in octets.
constexpr std::size_t hash_length(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return 20;
        case model::hash_algorithm::sha384: return 48;
        case model::hash_algorithm::sha512: return 64;
        case model::hash_algorithm::sha256: break;
    }
    return 32;
}

constexpr const der::oid_literal& rsa_signature_oid(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return oids::sha1_with_rsa;
        case model::hash_algorithm::sha384: return oids::sha384_with_rsa;
        case model::hash_algorithm::sha512: return oids::sha512_with_rsa;
        case model::hash_algorithm::sha256: break;
    }
    return oids::sha256_with_rsa;
}

constexpr const der::oid_literal& ecdsa_signature_oid(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return oids::ecdsa_with_sha1;
        case model::hash_algorithm::sha384: return oids::ecdsa_with_sha384;
        case model::hash_algorithm::sha512: return oids::ecdsa_with_sha512;
        case model::hash_algorithm::sha256: break;
    }
    return oids::ecdsa_with_sha256;
}

// pss_params: RSASSA-PSS-params for hash `h`, DEFAULTs omitted.
inline auto pss_params(model::hash_algorithm h) noexcept {
    bool sha1 = h == model::hash_algorithm::sha1;
    auto hash_id = der::sequence(hash_oid(h), der::null{});
    return der::sequence(der::when(!sha1, der::explicit_tag<0>(hash_id)),
                         der::when(!sha1, der::explicit_tag<1>(der::sequence(oids::mgf1, hash_id))),
                         der::when(!sha1, der::explicit_tag<2>(der::integer(hash_length(h)))));
}

// signature_algorithm returns the AlgorithmIdentifier of a signature made by
// a key of `key` type with `hash` (RSASSA-PSS when `pss` and the key is RSA).
inline bytes signature_algorithm(model::key_algorithm key, model::hash_algorithm hash, bool pss = false) {
    if (key == model::key_algorithm::ec) return der::to_bytes(der::sequence(ecdsa_signature_oid(hash)));
    if (pss) return der::to_bytes(der::sequence(oids::rsassa_pss, pss_params(hash)));
    return der::to_bytes(der::sequence(rsa_signature_oid(hash), der::null{}));
}

// public_key_algorithm returns the SubjectPublicKeyInfo algorithm:
// rsaEncryption NULL, or id-ecPublicKey with the named curve.
inline bytes public_key_algorithm(model::key_algorithm key, model::curve c = model::curve::none) {
    if (key == model::key_algorithm::rsa) return der::to_bytes(der::sequence(oids::rsa_encryption, der::null{}));
    const der::oid_literal& curve = c == model::curve::p384 ? oids::secp384r1
                                    : c == model::curve::p521 ? oids::secp521r1
                                                              : oids::secp256r1;
    return der::to_bytes(der::sequence(oids::ec_public_key, curve));
}

}  // namespace certreq::x509
