// x509/extensions/smime_capabilities.hpp (RFC 4262 §2, RFC 8551 §2.5.2).
//
//   smimeCapabilities OBJECT IDENTIFIER ::= { pkcs-9 15 }
//   SMIMECapabilities ::= SEQUENCE OF SMIMECapability
//   SMIMECapability ::= SEQUENCE {
//        capabilityID OBJECT IDENTIFIER,
//        parameters ANY DEFINED BY capabilityID OPTIONAL }
//
// parameters_der is written verbatim (e.g. `02 02 00 80` for RC2 128); empty = absent.
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::smime_capabilities& v) {
    return der::sequence_of(v.capabilities, [](const model::smime_capability& c) {
        return der::sequence(der::oid_dotted(c.oid), der::raw(c.parameters_der));
    });
}

}  // namespace certreq::x509
