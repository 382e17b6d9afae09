// x509/extensions/policy_mappings.hpp (RFC 5280 §4.2.1.5); also Microsoft's
// application policy mappings 1.3.6.1.4.1.311.21.11 (same syntax).
//
//   id-ce-policyMappings OBJECT IDENTIFIER ::=  { id-ce 33 }
//   PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
//        issuerDomainPolicy      CertPolicyId,
//        subjectDomainPolicy     CertPolicyId }
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::policy_mappings& v) {
    return der::sequence_of(v.mappings, [](const model::policy_mapping& m) {
        return der::sequence(der::oid_dotted(m.issuer_domain), der::oid_dotted(m.subject_domain));
    });
}

}  // namespace certreq::x509
