// verbs/dump_verify.hpp: how -dump checks signatures without including a
// crypto library: the caller (the driver, with mbed::verify) passes a
// verify_fn; dump only finds the key, the signed bytes and the algorithm.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/signature_algorithm.hpp"
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

using asn1::algorithm_name;
using asn1::hash_of;
using asn1::parse_signature_algorithm;
using asn1::signature_algorithm;

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
