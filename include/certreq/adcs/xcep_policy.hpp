// adcs/xcep_policy.hpp: what a CEP GetPoliciesResponse ([MS-XCEP]
// 3.1.4.1.2.2) says, as typed values: the certificate templates (policies)
// with their key, name and extension requirements, the CAs (CES endpoints by
// authentication type and priority) and the OIDs both refer to. Filled by
// adcs/xcep_response.hpp, which resolves every reference before returning.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/core/bytes.hpp"

namespace certreq::adcs::xcep {

// client_authentication of a CA URI ([MS-XCEP] 3.1.4.1.3.6): one value per URI.
namespace auth {
inline constexpr std::uint32_t anonymous = 1;
inline constexpr std::uint32_t kerberos = 2;
inline constexpr std::uint32_t username_password = 4;
inline constexpr std::uint32_t certificate = 8;
}  // namespace auth

inline std::string_view auth_name(std::uint32_t a) {
    switch (a) {
        case auth::anonymous: return "Anonymous";
        case auth::kerberos: return "Kerberos";
        case auth::username_password: return "UsernamePassword";
        case auth::certificate: return "Certificate";
        default: return "unknown";
    }
}

// oid group ([MS-XCEP] 3.1.4.1.3.16): what kind of object identifier an OID entry is.
namespace oid_group {
inline constexpr std::uint32_t hash_algorithm = 1;
inline constexpr std::uint32_t encryption_algorithm = 2;
inline constexpr std::uint32_t public_key_algorithm = 3;
inline constexpr std::uint32_t signing_algorithm = 4;
inline constexpr std::uint32_t template_oid = 9;
}  // namespace oid_group

struct oid_entry {
    std::int32_t reference_id = 0;
    std::string value;         // dotted
    std::uint32_t group = 0;
    std::string default_name;  // empty when nil
};

struct ca_uri {
    std::uint32_t client_authentication = 0;  // auth::*
    std::string uri;
    std::optional<std::uint32_t> priority;    // lower is tried first; nil: after those with one
    bool renewal_only = false;
};

struct certification_authority {
    std::int32_t reference_id = 0;
    std::vector<ca_uri> uris;
    bytes certificate;  // the CA's certificate (DER)
    bool enroll_permission = false;
};

struct template_extension {
    std::string oid;
    bool critical = false;
    bytes value;  // the extnValue contents (DER); empty when nil
};

struct private_key_attributes {
    std::uint32_t minimal_key_length = 0;
    std::optional<std::uint32_t> key_spec;             // 1 AT_KEYEXCHANGE, 2 AT_SIGNATURE
    std::optional<std::uint32_t> key_usage_property;   // NCRYPT_ALLOW_*
    std::string algorithm_oid;                         // the public key algorithm; empty: RSA (nil, schema v1/v2)
    std::vector<std::string> crypto_providers;
};

// policy_template: one CertificateEnrollmentPolicy (a certificate template).
struct policy_template {
    std::string oid;                      // the template's OID (policyOIDReference resolved)
    std::vector<std::int32_t> ca_references;
    std::string common_name;
    std::uint32_t policy_schema = 0;      // template schema version 1..4
    std::uint64_t validity_seconds = 0, renewal_seconds = 0;
    bool enroll = false, auto_enroll = false;
    private_key_attributes key;
    std::uint32_t major_revision = 0, minor_revision = 0;
    std::optional<std::uint32_t> private_key_flags, subject_name_flags, enrollment_flags, general_flags;
    std::string hash_algorithm_oid;       // empty when nil
    std::vector<template_extension> extensions;
};

// policy_response: the whole answer, every reference resolved.
struct policy_response {
    std::string policy_id;
    std::string friendly_name;                    // empty when nil
    std::optional<std::uint32_t> next_update_hours;
    bool policies_not_changed = false;
    std::vector<policy_template> policies;
    std::vector<certification_authority> cas;
    std::vector<oid_entry> oids;

    // find: the template of that common name (ASCII case ignored, as AD's names), or null.
    const policy_template* find(std::string_view common_name) const {
        for (auto& p : policies)
            if (iequals(p.common_name, common_name)) return &p;
        return nullptr;
    }
    const certification_authority* ca(std::int32_t reference_id) const {
        for (auto& c : cas)
            if (c.reference_id == reference_id) return &c;
        return nullptr;
    }
};

}  // namespace certreq::adcs::xcep
