// x509/csr.hpp: the PKCS #10 request (RFC 2986 §4).
//
//   CertificationRequestInfo ::= SEQUENCE {
//        version       INTEGER { v1(0) } (v1,...),
//        subject       Name,
//        subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
//        attributes    [0] Attributes{{ CRIAttributes }} }
//   CertificationRequest ::= SEQUENCE {
//        certificationRequestInfo CertificationRequestInfo,
//        signatureAlgorithm AlgorithmIdentifier{{ SignatureAlgorithms }},
//        signature          BIT STRING }
//
// The info is encoded in one pass into one exact-size buffer; the caller
// signs it (mbed/) and assembles the request with certification_request().
// Those two are defined in x509/csr.ipp (core/config.hpp: with
// CERTREQ_SEPARATE_COMPILATION a TU that calls them emits none of the
// extension writers).
#pragma once
#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/core/config.hpp"
#include "certreq/model/name.hpp"
#include "certreq/x509/request_attributes.hpp"

namespace certreq::x509 {

// certification_request_info returns the DER to sign, or nullopt if an OID
// string in the model is malformed or a key identifier is empty.
CERTREQ_DECL std::optional<bytes> certification_request_info(const model::name& subject, byte_view spki_der,
                                                             const request_attributes& attrs);

// certification_request wraps signed info: the signature as a BIT STRING with 0 unused bits.
CERTREQ_DECL bytes certification_request(byte_view info_der, byte_view signature_algorithm_der, byte_view signature);

}  // namespace certreq::x509

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/x509/csr.ipp"
#endif
