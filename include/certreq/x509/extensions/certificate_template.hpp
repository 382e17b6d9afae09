// x509/extensions/certificate_template.hpp: Microsoft's certificate template
// information (szOID_CERTIFICATE_TEMPLATE, 1.3.6.1.4.1.311.21.7).
//
//   CertificateTemplate ::= SEQUENCE {
//       templateID              OBJECT IDENTIFIER,
//       templateMajorVersion    INTEGER (0..4294967295),
//       templateMinorVersion    INTEGER (0..4294967295) OPTIONAL }  -- certreq always writes it
//
// e.g. 30 0d 06 02 2a 03 02 02 00 80 02 03 01 23 45 (1.2.3, 128, 0x12345).
// A malformed templateID fails the writer (verbs check it first).
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::certificate_template_info& v) noexcept {
    return der::sequence(der::oid_dotted(v.template_oid), der::integer(v.major_version), der::integer(v.minor_version));
}

}  // namespace certreq::x509
