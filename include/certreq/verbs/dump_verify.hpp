// verbs/dump_verify.hpp: how -dump checks signatures without including a
// crypto library: the caller (the driver, with mbed::verify) passes a
// verify_fn; dump only finds the key, the signed bytes and the algorithm.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/oid_names.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/model/request.hpp"

namespace certreq::verbs {

// signature_check is one signature to verify: `signature` over `data` with
// the key in `spki_der` (a SubjectPublicKeyInfo), hash `hash`, RSASSA-PSS if `pss`.
struct signature_check {
    byte_view spki_der;
    model::hash_algorithm hash = model::hash_algorithm::sha256;
    bool pss = false;
    byte_view data;
    byte_view signature;
};

// verify_outcome: `valid` is set when the check ran; otherwise `error` says why not.
struct verify_outcome {
    std::optional<bool> valid;
    std::string error;
};

// verify_fn checks one signature (e.g. a lambda around mbed::verify).
using verify_fn = std::function<verify_outcome(const signature_check&)>;

// digest_fn hashes data (e.g. mbed::hash): CMS signers with signed attributes
// sign the attributes, which carry the content's messageDigest; without a
// digest_fn that link is not checked and the dump says so.
using digest_fn = std::function<bytes(model::hash_algorithm, byte_view)>;

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
    auto d = asn1::decode(asn1::module::pkix, "AlgorithmIdentifier", alg_der, offset);
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
            if (auto p = asn1::decode(asn1::module::pkix, "RSASSA-PSS-params", params->whole, params->offset))
                if (auto ha = p.value->inner("hashAlgorithm"))
                    if (auto hd = asn1::decode(asn1::module::pkix, "AlgorithmIdentifier", ha->whole, ha->offset))
                        a.hash = hash_of(hd.value->oid("algorithm").value_or(""));
    }
    return a;
}

// algorithm_name is the readable name of an OID, or the OID itself.
inline std::string algorithm_name(std::string_view oid) {
    auto n = asn1::oid_short_name(oid);
    return n.empty() ? std::string(oid) : std::string(n);
}

// run_check returns what to print for a signature: "yes", "NO", or "not checked (why)".
inline std::string run_check(const verify_fn* verify, const signature_algorithm& alg, byte_view spki, byte_view data,
                             byte_view sig) {
    if (!verify || !*verify) return "not checked (no verifier)";
    if (!alg.hash) return "not checked (unsupported algorithm " + algorithm_name(alg.oid) + ")";
    verify_outcome out = (*verify)(signature_check{spki, *alg.hash, alg.pss, data, sig});
    if (!out.valid) return "not checked (" + out.error + ")";
    return *out.valid ? "yes" : "NO";
}

}  // namespace certreq::verbs
