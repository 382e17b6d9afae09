// model/extensions.hpp: every extension a request can carry, as plain data.
// Lowering (model/lower.hpp) fills these from [Extensions] {text} values and
// the policy-style sections; x509/extensions/ encodes each one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/core/position.hpp"
#include "certreq/model/general_name.hpp"

namespace certreq::model {

// 2.5.29.17 SubjectAltName (also 2.5.29.18 IssuerAltName).
struct alt_name { general_names names; };

// 2.5.29.19: cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL.
struct basic_constraints {
    bool ca = false;
    std::optional<std::uint32_t> path_length;
};

// 2.5.29.15: Windows flag layout (CERT_*_KEY_USAGE): low byte = first octet of
// the BIT STRING (0x80 = digitalSignature), 0x8000 = decipherOnly.
struct key_usage { std::uint16_t flags = 0; };

// 2.5.29.37 ExtKeyUsageSyntax: SEQUENCE OF KeyPurposeId.
struct extended_key_usage { std::vector<std::string> oids; };

// A policy qualifier: CPS pointer (IA5String URI) or user notice (explicitText).
struct policy_qualifier {
    enum class kind { cps, user_notice } type = kind::cps;
    std::string text;
};
struct policy_information {
    std::string oid;
    std::vector<policy_qualifier> qualifiers;
};
// 2.5.29.32 certificatePolicies, and 1.3.6.1.4.1.311.21.10 application policies.
struct certificate_policies { std::vector<policy_information> policies; };

// 2.5.29.30: GeneralSubtree minimum/maximum are always the defaults (omitted).
struct name_constraints {
    general_names permitted;
    general_names excluded;
};

// 2.5.29.33 / 1.3.6.1.4.1.311.21.11: SEQUENCE OF { issuerDomainPolicy, subjectDomainPolicy }.
struct policy_mapping {
    std::string issuer_domain;
    std::string subject_domain;
};
struct policy_mappings { std::vector<policy_mapping> mappings; };

// 2.5.29.36 / 1.3.6.1.4.1.311.21.12: both [n] IMPLICIT SkipCerts OPTIONAL.
struct policy_constraints {
    std::optional<std::uint32_t> require_explicit_policy;
    std::optional<std::uint32_t> inhibit_policy_mapping;
};

// 2.5.29.14: empty `id` means "compute from the public key" (SHA-1 of the
// subjectPublicKey BIT STRING contents, RFC 5280 §4.2.1.2 method 1).
struct subject_key_identifier { bytes id; };

// 1.2.840.113549.1.9.15 SMIMECapabilities: SEQUENCE OF { capabilityID, parameters ANY OPTIONAL }.
struct smime_capability {
    std::string oid;
    bytes parameters_der;  // empty = absent
};
struct smime_capabilities { std::vector<smime_capability> capabilities; };

// 1.3.6.1.4.1.311.20.2 certificate template name (szOID_ENROLL_CERTTYPE_EXTENSION):
// a BMPString, added for `[RequestAttributes] CertificateTemplate = X` (spec §7.2).
struct template_name { std::string name; };

// raw_value is an extnValue given as base64, {hex} or {asn}: written verbatim.
struct raw_value { bytes der; };

using extension_value = std::variant<raw_value, alt_name, basic_constraints, key_usage, extended_key_usage,
                                     certificate_policies, name_constraints, policy_mappings,
                                     policy_constraints, subject_key_identifier, smime_capabilities, template_name>;

struct extension {
    std::string oid;  // dotted
    bool critical = false;
    extension_value value;
    position pos{};   // the INF line that asked for it
    bool defaulted = false;  // added because the INF was silent (a defaulted KeyUsage is written last)
};

}  // namespace certreq::model
