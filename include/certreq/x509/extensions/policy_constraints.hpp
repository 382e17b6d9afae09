// x509/extensions/policy_constraints.hpp (RFC 5280 §4.2.1.11); also
// Microsoft's application policy constraints 1.3.6.1.4.1.311.21.12.
//
//   id-ce-policyConstraints OBJECT IDENTIFIER ::=  { id-ce 36 }
//   PolicyConstraints ::= SEQUENCE {
//        requireExplicitPolicy           [0] SkipCerts OPTIONAL,
//        inhibitPolicyMapping            [1] SkipCerts OPTIONAL }
//   SkipCerts ::= INTEGER (0..MAX)
//
// IMPLICIT TAGS: 80 / 81 replace the INTEGER tag.
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::policy_constraints& v) noexcept {
    return der::sequence(
        der::when(v.require_explicit_policy.has_value(),
                  der::implicit_tag<0>(der::integer(v.require_explicit_policy.value_or(0)))),
        der::when(v.inhibit_policy_mapping.has_value(),
                  der::implicit_tag<1>(der::integer(v.inhibit_policy_mapping.value_or(0)))));
}

}  // namespace certreq::x509
