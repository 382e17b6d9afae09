// asn1/signature_algorithm.hpp: what a signature or digest
// AlgorithmIdentifier says (hash, RSASSA-PSS), for every verifier: -dump,
// the local CA's proof-of-possession check, CMS signers.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/decode.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/model/request.hpp"

namespace certreq::asn1 {

// hash_of maps a digest algorithm OID to the model's hash (nullopt: unsupported).
inline std::optional<model::hash_algorithm> hash_of(std::string_view oid) {
    if (oid == oids::sha1.dotted()) return model::hash_algorithm::sha1;
    if (oid == oids::sha256.dotted()) return model::hash_algorithm::sha256;
    if (oid == oids::sha384.dotted()) return model::hash_algorithm::sha384;
    if (oid == oids::sha512.dotted()) return model::hash_algorithm::sha512;
    return std::nullopt;
}

// signature_algorithm is what an AlgorithmIdentifier says about a signature.
struct signature_algorithm {
    std::string oid;
    std::optional<model::hash_algorithm> hash;
    bool pss = false;
};

// parse_signature_algorithm reads a signature AlgorithmIdentifier (its whole
// TLV at `offset`). `digest` is the hash to use when the algorithm names only
// the key type (CMS SignerInfo with rsaEncryption).
inline signature_algorithm parse_signature_algorithm(byte_view alg_der, std::size_t offset,
                                                     std::optional<model::hash_algorithm> digest = std::nullopt) {
    signature_algorithm a;
    auto d = decode(module::pkix, "AlgorithmIdentifier", alg_der, offset);
    if (!d) return a;
    a.oid = d.value->oid("algorithm").value_or("");
    using h = model::hash_algorithm;
    const std::string& o = a.oid;
    if (o == oids::sha1_with_rsa.dotted() || o == oids::ecdsa_with_sha1.dotted()) a.hash = h::sha1;
    else if (o == oids::sha256_with_rsa.dotted() || o == oids::ecdsa_with_sha256.dotted()) a.hash = h::sha256;
    else if (o == oids::sha384_with_rsa.dotted() || o == oids::ecdsa_with_sha384.dotted()) a.hash = h::sha384;
    else if (o == oids::sha512_with_rsa.dotted() || o == oids::ecdsa_with_sha512.dotted()) a.hash = h::sha512;
    else if (o == oids::rsa_encryption.dotted() || o == oids::ec_public_key.dotted()) a.hash = digest;
    else if (o == oids::rsassa_pss.dotted()) {
        a.pss = true;
        a.hash = h::sha1;  // RFC 4055 default
        if (auto params = d.value->element("parameters"))
            if (auto p = decode(module::pkix, "RSASSA-PSS-params", params->whole, params->offset))
                if (auto ha = p.value->inner("hashAlgorithm"))
                    if (auto hd = decode(module::pkix, "AlgorithmIdentifier", ha->whole, ha->offset))
                        a.hash = hash_of(hd.value->oid("algorithm").value_or(""));
    }
    return a;
}

// algorithm_name is the readable name of an OID, or the OID itself.
inline std::string algorithm_name(std::string_view oid) {
    auto n = oids::display_name(oid);
    return n.empty() ? std::string(oid) : std::string(n);
}

}  // namespace certreq::asn1
