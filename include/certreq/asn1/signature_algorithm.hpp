// asn1/signature_algorithm.hpp: what a signature or digest
// AlgorithmIdentifier says (hash, RSASSA-PSS), for every verifier: -dump,
// the local CA's proof-of-possession check, CMS signers.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/oid_names.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/model/request.hpp"

namespace certreq::asn1 {

// hash_of maps a digest algorithm OID to the model's hash (nullopt: unsupported).
inline std::optional<model::hash_algorithm> hash_of(std::string_view oid) {
    if (oid == "1.3.14.3.2.26") return model::hash_algorithm::sha1;
    if (oid == "2.16.840.1.101.3.4.2.1") return model::hash_algorithm::sha256;
    if (oid == "2.16.840.1.101.3.4.2.2") return model::hash_algorithm::sha384;
    if (oid == "2.16.840.1.101.3.4.2.3") return model::hash_algorithm::sha512;
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
    if (o == "1.2.840.113549.1.1.5" || o == "1.2.840.10045.4.1") a.hash = h::sha1;
    else if (o == "1.2.840.113549.1.1.11" || o == "1.2.840.10045.4.3.2") a.hash = h::sha256;
    else if (o == "1.2.840.113549.1.1.12" || o == "1.2.840.10045.4.3.3") a.hash = h::sha384;
    else if (o == "1.2.840.113549.1.1.13" || o == "1.2.840.10045.4.3.4") a.hash = h::sha512;
    else if (o == "1.2.840.113549.1.1.1" || o == "1.2.840.10045.2.1") a.hash = digest;
    else if (o == "1.2.840.113549.1.1.10") {
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
    auto n = oid_short_name(oid);
    return n.empty() ? std::string(oid) : std::string(n);
}

}  // namespace certreq::asn1
