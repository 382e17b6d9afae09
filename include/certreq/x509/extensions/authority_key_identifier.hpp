// x509/extensions/authority_key_identifier.hpp (RFC 5280 §4.2.1.1).
//
//   id-ce-authorityKeyIdentifier OBJECT IDENTIFIER ::=  { id-ce 35 }
//   AuthorityKeyIdentifier ::= SEQUENCE {
//        keyIdentifier             [0] KeyIdentifier           OPTIONAL,
//        authorityCertIssuer       [1] GeneralNames            OPTIONAL,   -- never written
//        authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }  -- never written
//
// The model has no AKI type (INF files give it as base64/{hex}); this helper
// builds the keyIdentifier form `30 16 80 14 <20 bytes>` for a raw_value,
// e.g. a self-signed certificate's AKI equal to its SKI.
#pragma once
#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"

namespace certreq::x509 {

// authority_key_identifier returns the extension value, or nullopt for an empty id.
inline std::optional<bytes> authority_key_identifier(byte_view key_id) {
    if (key_id.empty()) return std::nullopt;
    return der::encode(der::sequence(der::implicit_tag<0>(der::octet_string(key_id))));
}

}  // namespace certreq::x509
