// x509/extensions/basic_constraints.hpp (RFC 5280 §4.2.1.9).
//
//   id-ce-basicConstraints OBJECT IDENTIFIER ::=  { id-ce 19 }
//   BasicConstraints ::= SEQUENCE {
//        cA                      BOOLEAN DEFAULT FALSE,
//        pathLenConstraint       INTEGER (0..MAX) OPTIONAL }
//
// cA=FALSE is the DEFAULT and is omitted: ca=0 gives `30 00`.
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::basic_constraints& v) noexcept {
    return der::sequence(der::when(v.ca, der::boolean(true)),
                         der::when(v.path_length.has_value(), der::integer(v.path_length.value_or(0))));
}

}  // namespace certreq::x509
