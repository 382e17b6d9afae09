// verbs/request_input.hpp: a request file as -submit reads it (spec §1.2:
// base64 with or without a header, or DER) -> what the CA issues from.
// PKCS#10 is taken as is; PKCS#7 and CMC requests are unwrapped to their
// PKCS#10 with every signature checked (a bad outer signature denies).
#pragma once
#include <string>

#include "certreq/cmc/unwrap.hpp"
#include "certreq/ca/authority.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/pem/detect.hpp"

namespace certreq::verbs {

inline core::result<ca::submitted_request> read_request_input(byte_view file) {
    auto in = pem::detect_and_decode(file);
    if (!in) return core::bad_data("offset " + std::to_string(in.error->offset) + ": " + in.error->message);
    auto u = cmc::unwrap(in.der);
    if (!u) return core::bad_data("DER offset " + std::to_string(u.err().offset) + ": " + u.err().message);
    ca::submitted_request req;
    req.format = cmc::kind_name(u->kind);
    req.body_part = u->body_part;
    req.added_extensions = std::move(u->added_extensions);
    req.signer_certificates = std::move(u->signer_certificates);
    if (u->kind != cmc::request_kind::pkcs10) {
        req.original_der = std::move(in.der);
        if (!u->signatures_verified)
            req.rejection = "The " + req.format + " request's signature does not verify (" + u->problem +
                            ") 0x80090006 (-2146893818 NTE_BAD_SIGNATURE)";
    }
    req.pkcs10_der = std::move(u->pkcs10);
    return req;
}

}  // namespace certreq::verbs
