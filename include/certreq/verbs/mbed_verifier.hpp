// verbs/mbed_verifier.hpp: the signature checker and digest -dump uses,
// built on mbed::verify and mbed::hash (dump itself stays free of any crypto
// library).
#pragma once
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/verbs/dump_verify.hpp"

namespace certreq::verbs {

inline verify_fn mbed_verifier() {
    return [](const signature_check& c) -> verify_outcome {
        auto r = mbed::verify(c.spki_der, c.hash, c.pss, c.data, c.signature);
        if (!r) return {std::nullopt, r.err().message()};
        return {*r, {}};
    };
}

inline digest_fn mbed_digest() {
    return [](model::hash_algorithm h, byte_view data) { return mbed::hash(h, data); };
}

}  // namespace certreq::verbs
