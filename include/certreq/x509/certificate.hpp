// x509/certificate.hpp: a v3 certificate (RFC 5280 §4.1), for RequestType=Cert.
//
//   Certificate  ::=  SEQUENCE  {
//        tbsCertificate       TBSCertificate,
//        signatureAlgorithm   AlgorithmIdentifier,
//        signatureValue       BIT STRING  }
//   TBSCertificate  ::=  SEQUENCE  {
//        version         [0]  EXPLICIT Version DEFAULT v1,     -- always v3: a0 03 02 01 02
//        serialNumber         CertificateSerialNumber,         -- positive, minimal
//        signature            AlgorithmIdentifier,
//        issuer               Name,
//        validity             Validity,
//        subject              Name,
//        subjectPublicKeyInfo SubjectPublicKeyInfo,
//        issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,  -- never written
//        subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,  -- never written
//        extensions      [3]  EXPLICIT Extensions OPTIONAL }       -- omitted when empty
//   Validity ::= SEQUENCE { notBefore Time, notAfter Time }
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/time.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/name.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/x509/name.hpp"

namespace certreq::x509 {

// tbs_fields: the inputs of TBSCertificate, all borrowed.
struct tbs_fields {
    byte_view serial;                   // big-endian magnitude (leading zeros dropped, 00 added if needed)
    byte_view signature_algorithm_der;  // AlgorithmIdentifier (see algorithm.hpp)
    const model::name* issuer = nullptr;
    byte_view issuer_der;               // the issuer's Name as DER (a CA's subject), used instead of `issuer` when set
    std::int64_t not_before = 0;        // Unix seconds
    std::int64_t not_after = 0;
    const model::name* subject = nullptr;
    byte_view subject_der;              // the subject as DER (a request's), used instead of `subject` when set
    byte_view spki_der;                 // SubjectPublicKeyInfo
    const std::vector<model::extension>* extensions = nullptr;
};

// tbs_certificate returns the TBSCertificate DER to sign, or nullopt if a
// name is missing or an OID string in the model is malformed.
inline std::optional<bytes> tbs_certificate(const tbs_fields& f) {
    if ((!f.issuer && f.issuer_der.empty()) || (!f.subject && f.subject_der.empty())) return std::nullopt;
    static const std::vector<model::extension> none;
    const auto& exts = f.extensions ? *f.extensions : none;
    auto encode = [&](const auto& issuer, const auto& subject) {
        return der::encode(der::sequence(
            der::explicit_tag<0>(der::integer(2)), der::integer(f.serial), der::raw(f.signature_algorithm_der), issuer,
            der::sequence(der::time(f.not_before), der::time(f.not_after)), subject, der::raw(f.spki_der),
            der::when(!exts.empty(), der::explicit_tag<3>(extensions(exts)))));
    };
    auto with_issuer = [&](const auto& subject) {
        return f.issuer_der.empty() ? encode(name_value(*f.issuer), subject) : encode(der::raw(f.issuer_der), subject);
    };
    return f.subject_der.empty() ? with_issuer(name_value(*f.subject)) : with_issuer(der::raw(f.subject_der));
}

// certificate wraps a signed TBSCertificate (signature as a BIT STRING, 0 unused bits).
inline bytes certificate(byte_view tbs_der, byte_view signature_algorithm_der, byte_view signature) {
    return der::to_bytes(der::sequence(der::raw(tbs_der), der::raw(signature_algorithm_der), der::bit_string(signature)));
}

}  // namespace certreq::x509
