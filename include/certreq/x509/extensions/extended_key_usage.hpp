// x509/extensions/extended_key_usage.hpp (RFC 5280 §4.2.1.12).
//
//   id-ce-extKeyUsage OBJECT IDENTIFIER ::= { id-ce 37 }
//   ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
//   KeyPurposeId ::= OBJECT IDENTIFIER
//
// Purposes are written in the order given (certreq keeps the INF order).
#pragma once
#include <string>

#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::extended_key_usage& v) {
    return der::sequence_of(v.oids, [](const std::string& o) { return der::oid_dotted(o); });
}

}  // namespace certreq::x509
