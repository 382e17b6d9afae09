// x509/csr.ipp: the definitions of x509/csr.hpp's encoders (included by it
// in header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/csr.hpp"
#include "certreq/x509/name.hpp"

namespace certreq::x509 {

// certification_request_info_value: the CertificationRequestInfo as an encodable.
inline auto certification_request_info_value(const model::name& subject, byte_view spki_der,
                                             const request_attributes& attrs) {
    return der::sequence(der::integer(0), name_value(subject), der::raw(spki_der), attributes_value(attrs));
}

CERTREQ_DECL std::optional<bytes> certification_request_info(const model::name& subject, byte_view spki_der,
                                                             const request_attributes& attrs) {
    return der::encode(certification_request_info_value(subject, spki_der, attrs));
}

CERTREQ_DECL bytes certification_request(byte_view info_der, byte_view signature_algorithm_der, byte_view signature) {
    return der::to_bytes(der::sequence(der::raw(info_der), der::raw(signature_algorithm_der), der::bit_string(signature)));
}

}  // namespace certreq::x509
