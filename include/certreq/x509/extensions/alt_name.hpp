// x509/extensions/alt_name.hpp: subjectAltName / issuerAltName (RFC 5280 §4.2.1.6, §4.2.1.7).
//
//   id-ce-subjectAltName OBJECT IDENTIFIER ::=  { id-ce 17 }
//   SubjectAltName ::= GeneralNames
//   id-ce-issuerAltName OBJECT IDENTIFIER ::=  { id-ce 18 }
//   IssuerAltName ::= GeneralNames
#pragma once
#include "certreq/model/extensions.hpp"
#include "certreq/x509/general_name.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::alt_name& v) { return general_names_value(v.names); }

}  // namespace certreq::x509
