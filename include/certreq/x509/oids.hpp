// x509/oids.hpp: the OBJECT IDENTIFIERs certreq writes, as compile-time
// literals (der::oid_literal: a typo in a dotted form does not compile), each
// with its ASN.1 name and where it is defined; plus a dotted <-> short-name
// table for dumps and for parsing names such as "serverAuth".
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "certreq/der/oid.hpp"

namespace certreq::x509 {

namespace oids {
using der::oid_literal;

// ---- RDN attribute types (spec §6.1; RFC 5280 §4.1.2.4 / Appendix A, X.520) ----
inline constexpr oid_literal common_name{"2.5.4.3"};              // id-at-commonName
inline constexpr oid_literal surname{"2.5.4.4"};                  // id-at-surname
inline constexpr oid_literal serial_number{"2.5.4.5"};            // id-at-serialNumber
inline constexpr oid_literal country{"2.5.4.6"};                  // id-at-countryName
inline constexpr oid_literal locality{"2.5.4.7"};                 // id-at-localityName
inline constexpr oid_literal state{"2.5.4.8"};                    // id-at-stateOrProvinceName
inline constexpr oid_literal street{"2.5.4.9"};                   // id-at-streetAddress (X.520)
inline constexpr oid_literal organization{"2.5.4.10"};            // id-at-organizationName
inline constexpr oid_literal organizational_unit{"2.5.4.11"};     // id-at-organizationalUnitName
inline constexpr oid_literal title{"2.5.4.12"};                   // id-at-title
inline constexpr oid_literal description{"2.5.4.13"};             // id-at-description (X.520)
inline constexpr oid_literal postal_code{"2.5.4.17"};             // id-at-postalCode (X.520)
inline constexpr oid_literal post_office_box{"2.5.4.18"};         // id-at-postOfficeBox (X.520)
inline constexpr oid_literal telephone_number{"2.5.4.20"};        // id-at-telephoneNumber (X.520)
inline constexpr oid_literal x121_address{"2.5.4.24"};            // id-at-x121Address (X.520)
inline constexpr oid_literal given_name{"2.5.4.42"};              // id-at-givenName
inline constexpr oid_literal initials{"2.5.4.43"};                // id-at-initials
inline constexpr oid_literal dn_qualifier{"2.5.4.46"};            // id-at-dnQualifier
inline constexpr oid_literal email_address{"1.2.840.113549.1.9.1"};        // id-emailAddress (PKCS #9)
inline constexpr oid_literal domain_component{"0.9.2342.19200300.100.1.25"};  // id-domainComponent (RFC 4519)
inline constexpr oid_literal user_id{"0.9.2342.19200300.100.1.1"};        // id-uid / userId (RFC 4519)

// ---- Certificate extensions (RFC 5280 §4.2) ----
inline constexpr oid_literal subject_key_identifier{"2.5.29.14"};   // id-ce-subjectKeyIdentifier §4.2.1.2
inline constexpr oid_literal key_usage{"2.5.29.15"};                // id-ce-keyUsage §4.2.1.3
inline constexpr oid_literal subject_alt_name{"2.5.29.17"};         // id-ce-subjectAltName §4.2.1.6
inline constexpr oid_literal issuer_alt_name{"2.5.29.18"};          // id-ce-issuerAltName §4.2.1.7
inline constexpr oid_literal basic_constraints{"2.5.29.19"};        // id-ce-basicConstraints §4.2.1.9
inline constexpr oid_literal name_constraints{"2.5.29.30"};         // id-ce-nameConstraints §4.2.1.10
inline constexpr oid_literal crl_number{"2.5.29.20"};               // id-ce-cRLNumber §5.2.3
inline constexpr oid_literal crl_reason{"2.5.29.21"};               // id-ce-cRLReasons §5.3.1
inline constexpr oid_literal crl_distribution_points{"2.5.29.31"};  // id-ce-cRLDistributionPoints §4.2.1.13
inline constexpr oid_literal certificate_policies{"2.5.29.32"};     // id-ce-certificatePolicies §4.2.1.4
inline constexpr oid_literal any_policy{"2.5.29.32.0"};             // anyPolicy §4.2.1.4
inline constexpr oid_literal policy_mappings{"2.5.29.33"};          // id-ce-policyMappings §4.2.1.5
inline constexpr oid_literal authority_key_identifier{"2.5.29.35"}; // id-ce-authorityKeyIdentifier §4.2.1.1
inline constexpr oid_literal policy_constraints{"2.5.29.36"};       // id-ce-policyConstraints §4.2.1.11
inline constexpr oid_literal ext_key_usage{"2.5.29.37"};            // id-ce-extKeyUsage §4.2.1.12
inline constexpr oid_literal authority_info_access{"1.3.6.1.5.5.7.1.1"};  // id-pe-authorityInfoAccess §4.2.2.1
inline constexpr oid_literal ocsp_nocheck{"1.3.6.1.5.5.7.48.1.5"};  // id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1)
inline constexpr oid_literal smime_capabilities{"1.2.840.113549.1.9.15"};  // smimeCapabilities (RFC 4262)
// Microsoft extensions (spec §4.4.2, §7.2).
inline constexpr oid_literal ms_certificate_template_name{"1.3.6.1.4.1.311.20.2"};   // szOID_ENROLL_CERTTYPE_EXTENSION
inline constexpr oid_literal ms_ca_version{"1.3.6.1.4.1.311.21.1"};                  // szOID_CERTSRV_CA_VERSION
inline constexpr oid_literal ms_previous_ca_cert_hash{"1.3.6.1.4.1.311.21.2"};       // szOID_CERTSRV_PREVIOUS_CERT_HASH
inline constexpr oid_literal ms_certificate_template{"1.3.6.1.4.1.311.21.7"};        // szOID_CERTIFICATE_TEMPLATE
inline constexpr oid_literal ms_application_policies{"1.3.6.1.4.1.311.21.10"};       // szOID_APPLICATION_CERT_POLICIES
inline constexpr oid_literal ms_application_policy_mappings{"1.3.6.1.4.1.311.21.11"};  // szOID_APPLICATION_POLICY_MAPPINGS
inline constexpr oid_literal ms_application_policy_constraints{"1.3.6.1.4.1.311.21.12"};  // szOID_APPLICATION_POLICY_CONSTRAINTS

// ---- Policy qualifiers and access methods (RFC 5280 §4.2.1.4, §4.2.2.1) ----
inline constexpr oid_literal qt_cps{"1.3.6.1.5.5.7.2.1"};       // id-qt-cps
inline constexpr oid_literal qt_unotice{"1.3.6.1.5.5.7.2.2"};   // id-qt-unotice
inline constexpr oid_literal ad_ocsp{"1.3.6.1.5.5.7.48.1"};     // id-ad-ocsp
inline constexpr oid_literal ad_ca_issuers{"1.3.6.1.5.5.7.48.2"};  // id-ad-caIssuers

// ---- Extended key usage purposes (RFC 5280 §4.2.1.12 unless noted) ----
inline constexpr oid_literal kp_server_auth{"1.3.6.1.5.5.7.3.1"};        // id-kp-serverAuth
inline constexpr oid_literal kp_client_auth{"1.3.6.1.5.5.7.3.2"};        // id-kp-clientAuth
inline constexpr oid_literal kp_code_signing{"1.3.6.1.5.5.7.3.3"};       // id-kp-codeSigning
inline constexpr oid_literal kp_email_protection{"1.3.6.1.5.5.7.3.4"};   // id-kp-emailProtection
inline constexpr oid_literal kp_ipsec_end_system{"1.3.6.1.5.5.7.3.5"};   // id-kp-ipsecEndSystem (RFC 2459)
inline constexpr oid_literal kp_ipsec_tunnel{"1.3.6.1.5.5.7.3.6"};       // id-kp-ipsecTunnel (RFC 2459)
inline constexpr oid_literal kp_ipsec_user{"1.3.6.1.5.5.7.3.7"};         // id-kp-ipsecUser (RFC 2459)
inline constexpr oid_literal kp_time_stamping{"1.3.6.1.5.5.7.3.8"};      // id-kp-timeStamping
inline constexpr oid_literal kp_ocsp_signing{"1.3.6.1.5.5.7.3.9"};       // id-kp-OCSPSigning
inline constexpr oid_literal kp_ipsec_ike{"1.3.6.1.5.5.7.3.17"};         // id-kp-ipsecIKE (RFC 4945)
inline constexpr oid_literal any_extended_key_usage{"2.5.29.37.0"};      // anyExtendedKeyUsage
inline constexpr oid_literal kp_pkinit_client_auth{"1.3.6.1.5.2.3.4"};   // id-pkinit-KPClientAuth (RFC 4556)
inline constexpr oid_literal kp_pkinit_kdc{"1.3.6.1.5.2.3.5"};           // id-pkinit-KPKdc (RFC 4556)
inline constexpr oid_literal ms_smartcard_logon{"1.3.6.1.4.1.311.20.2.2"};     // szOID_KP_SMARTCARD_LOGON
inline constexpr oid_literal ms_enrollment_agent{"1.3.6.1.4.1.311.20.2.1"};    // szOID_ENROLLMENT_AGENT
inline constexpr oid_literal ms_efs{"1.3.6.1.4.1.311.10.3.4"};                 // szOID_KP_EFS
inline constexpr oid_literal ms_efs_recovery{"1.3.6.1.4.1.311.10.3.4.1"};      // szOID_EFS_RECOVERY
inline constexpr oid_literal ms_server_gated_crypto{"1.3.6.1.4.1.311.10.3.3"}; // szOID_SERVER_GATED_CRYPTO
inline constexpr oid_literal ms_key_recovery{"1.3.6.1.4.1.311.10.3.11"};       // szOID_KP_KEY_RECOVERY
inline constexpr oid_literal ms_document_signing{"1.3.6.1.4.1.311.10.3.12"};   // szOID_KP_DOCUMENT_SIGNING
inline constexpr oid_literal ms_lifetime_signing{"1.3.6.1.4.1.311.10.3.13"};   // szOID_KP_LIFETIME_SIGNING
inline constexpr oid_literal ms_kdc_auth{"1.3.6.1.5.2.3.5"};                   // same arc as id-pkinit-KPKdc
inline constexpr oid_literal ms_key_recovery_agent{"1.3.6.1.4.1.311.21.6"};    // szOID_KP_KEY_RECOVERY_AGENT
inline constexpr oid_literal ms_ca_exchange{"1.3.6.1.4.1.311.21.5"};           // szOID_KP_CA_EXCHANGE

// ---- otherName types (spec §4.4.1) ----
inline constexpr oid_literal ms_upn{"1.3.6.1.4.1.311.20.2.3"};   // szOID_NT_PRINCIPAL_NAME
inline constexpr oid_literal ms_ds_guid{"1.3.6.1.4.1.311.25.1"};  // szOID_NTDS_REPLICATION (GUID)

// ---- Algorithms (RFC 8017 Appendix C, RFC 4055, RFC 5480, RFC 5758, FIPS 180-4) ----
inline constexpr oid_literal rsa_encryption{"1.2.840.113549.1.1.1"};        // rsaEncryption
inline constexpr oid_literal md5_with_rsa{"1.2.840.113549.1.1.4"};          // md5WithRSAEncryption
inline constexpr oid_literal sha1_with_rsa{"1.2.840.113549.1.1.5"};         // sha1WithRSAEncryption
inline constexpr oid_literal mgf1{"1.2.840.113549.1.1.8"};                  // id-mgf1
inline constexpr oid_literal rsassa_pss{"1.2.840.113549.1.1.10"};           // id-RSASSA-PSS
inline constexpr oid_literal sha256_with_rsa{"1.2.840.113549.1.1.11"};      // sha256WithRSAEncryption
inline constexpr oid_literal sha384_with_rsa{"1.2.840.113549.1.1.12"};      // sha384WithRSAEncryption
inline constexpr oid_literal sha512_with_rsa{"1.2.840.113549.1.1.13"};      // sha512WithRSAEncryption
inline constexpr oid_literal ec_public_key{"1.2.840.10045.2.1"};            // id-ecPublicKey
inline constexpr oid_literal ecdsa_with_sha1{"1.2.840.10045.4.1"};          // ecdsa-with-SHA1
inline constexpr oid_literal ecdsa_with_sha256{"1.2.840.10045.4.3.2"};      // ecdsa-with-SHA256
inline constexpr oid_literal ecdsa_with_sha384{"1.2.840.10045.4.3.3"};      // ecdsa-with-SHA384
inline constexpr oid_literal ecdsa_with_sha512{"1.2.840.10045.4.3.4"};      // ecdsa-with-SHA512
inline constexpr oid_literal secp256r1{"1.2.840.10045.3.1.7"};              // prime256v1 / secp256r1
inline constexpr oid_literal secp384r1{"1.3.132.0.34"};                     // secp384r1
inline constexpr oid_literal secp521r1{"1.3.132.0.35"};                     // secp521r1
inline constexpr oid_literal sha1{"1.3.14.3.2.26"};                         // id-sha1
inline constexpr oid_literal sha256{"2.16.840.1.101.3.4.2.1"};              // id-sha256
inline constexpr oid_literal sha384{"2.16.840.1.101.3.4.2.2"};              // id-sha384
inline constexpr oid_literal sha512{"2.16.840.1.101.3.4.2.3"};              // id-sha512
// S/MIME capability algorithms (RFC 8551 §2.7, RFC 3565).
inline constexpr oid_literal rc2_cbc{"1.2.840.113549.3.2"};                 // rc2-cbc
inline constexpr oid_literal rc4{"1.2.840.113549.3.4"};                     // rc4
inline constexpr oid_literal des_cbc{"1.3.14.3.2.7"};                       // desCBC
inline constexpr oid_literal des_ede3_cbc{"1.2.840.113549.3.7"};            // des-ede3-cbc
inline constexpr oid_literal aes128_cbc{"2.16.840.1.101.3.4.1.2"};          // id-aes128-CBC
inline constexpr oid_literal aes192_cbc{"2.16.840.1.101.3.4.1.22"};         // id-aes192-CBC
inline constexpr oid_literal aes256_cbc{"2.16.840.1.101.3.4.1.42"};         // id-aes256-CBC

// ---- PKCS #9 / PKCS #10 attributes (RFC 2985 §5.4, RFC 2986) ----
inline constexpr oid_literal content_type{"1.2.840.113549.1.9.3"};          // pkcs-9-at-contentType
inline constexpr oid_literal message_digest{"1.2.840.113549.1.9.4"};        // pkcs-9-at-messageDigest
inline constexpr oid_literal challenge_password{"1.2.840.113549.1.9.7"};    // pkcs-9-at-challengePassword
inline constexpr oid_literal extension_request{"1.2.840.113549.1.9.14"};    // pkcs-9-at-extensionRequest
// Microsoft request attributes (spec §7.2, §9).
inline constexpr oid_literal ms_renewal_certificate{"1.3.6.1.4.1.311.13.1"};      // szOID_RENEWAL_CERTIFICATE
inline constexpr oid_literal ms_enrollment_name_value_pair{"1.3.6.1.4.1.311.13.2.1"};  // szOID_ENROLLMENT_NAME_VALUE_PAIR
inline constexpr oid_literal ms_enrollment_csp_provider{"1.3.6.1.4.1.311.13.2.2"};     // szOID_ENROLLMENT_CSP_PROVIDER
inline constexpr oid_literal ms_os_version{"1.3.6.1.4.1.311.13.2.3"};              // szOID_OS_VERSION
inline constexpr oid_literal ms_request_client_info{"1.3.6.1.4.1.311.21.20"};      // szOID_REQUEST_CLIENT_INFO
inline constexpr oid_literal ms_archived_key{"1.3.6.1.4.1.311.21.13"};             // szOID_ARCHIVED_KEY_ATTR
inline constexpr oid_literal ms_encrypted_key_hash{"1.3.6.1.4.1.311.21.21"};       // szOID_ENCRYPTED_KEY_HASH
}  // namespace oids

// oid_entry names one OID for dumps: `name` is the short form printed and accepted.
struct oid_entry {
    std::string_view dotted;
    std::string_view name;
};

// oid_table: dotted <-> short name (OpenSSL's short names where it has one).
inline constexpr oid_entry oid_table[] = {
    {oids::common_name.dotted(), "CN"},
    {oids::surname.dotted(), "SN"},
    {oids::serial_number.dotted(), "serialNumber"},
    {oids::country.dotted(), "C"},
    {oids::locality.dotted(), "L"},
    {oids::state.dotted(), "ST"},
    {oids::street.dotted(), "street"},
    {oids::organization.dotted(), "O"},
    {oids::organizational_unit.dotted(), "OU"},
    {oids::title.dotted(), "title"},
    {oids::description.dotted(), "description"},
    {oids::postal_code.dotted(), "postalCode"},
    {oids::post_office_box.dotted(), "postOfficeBox"},
    {oids::telephone_number.dotted(), "telephoneNumber"},
    {oids::x121_address.dotted(), "x121Address"},
    {oids::given_name.dotted(), "GN"},
    {oids::initials.dotted(), "initials"},
    {oids::dn_qualifier.dotted(), "dnQualifier"},
    {oids::email_address.dotted(), "emailAddress"},
    {oids::domain_component.dotted(), "DC"},
    {oids::user_id.dotted(), "UID"},
    {oids::subject_key_identifier.dotted(), "subjectKeyIdentifier"},
    {oids::key_usage.dotted(), "keyUsage"},
    {oids::subject_alt_name.dotted(), "subjectAltName"},
    {oids::issuer_alt_name.dotted(), "issuerAltName"},
    {oids::basic_constraints.dotted(), "basicConstraints"},
    {oids::name_constraints.dotted(), "nameConstraints"},
    {oids::crl_distribution_points.dotted(), "cRLDistributionPoints"},
    {oids::certificate_policies.dotted(), "certificatePolicies"},
    {oids::any_policy.dotted(), "anyPolicy"},
    {oids::policy_mappings.dotted(), "policyMappings"},
    {oids::authority_key_identifier.dotted(), "authorityKeyIdentifier"},
    {oids::policy_constraints.dotted(), "policyConstraints"},
    {oids::ext_key_usage.dotted(), "extendedKeyUsage"},
    {oids::authority_info_access.dotted(), "authorityInfoAccess"},
    {oids::ocsp_nocheck.dotted(), "ocspNoCheck"},
    {oids::smime_capabilities.dotted(), "smimeCapabilities"},
    {oids::ms_certificate_template_name.dotted(), "certificateTemplateName"},
    {oids::ms_ca_version.dotted(), "caVersion"},
    {oids::ms_previous_ca_cert_hash.dotted(), "previousCaCertHash"},
    {oids::ms_certificate_template.dotted(), "certificateTemplate"},
    {oids::ms_application_policies.dotted(), "applicationPolicies"},
    {oids::ms_application_policy_mappings.dotted(), "applicationPolicyMappings"},
    {oids::ms_application_policy_constraints.dotted(), "applicationPolicyConstraints"},
    {oids::qt_cps.dotted(), "cps"},
    {oids::qt_unotice.dotted(), "userNotice"},
    {oids::ad_ocsp.dotted(), "OCSP"},
    {oids::ad_ca_issuers.dotted(), "caIssuers"},
    {oids::kp_server_auth.dotted(), "serverAuth"},
    {oids::kp_client_auth.dotted(), "clientAuth"},
    {oids::kp_code_signing.dotted(), "codeSigning"},
    {oids::kp_email_protection.dotted(), "emailProtection"},
    {oids::kp_ipsec_end_system.dotted(), "ipsecEndSystem"},
    {oids::kp_ipsec_tunnel.dotted(), "ipsecTunnel"},
    {oids::kp_ipsec_user.dotted(), "ipsecUser"},
    {oids::kp_time_stamping.dotted(), "timeStamping"},
    {oids::kp_ocsp_signing.dotted(), "OCSPSigning"},
    {oids::kp_ipsec_ike.dotted(), "ipsecIKE"},
    {oids::any_extended_key_usage.dotted(), "anyExtendedKeyUsage"},
    {oids::kp_pkinit_client_auth.dotted(), "pkInitClientAuth"},
    {oids::kp_pkinit_kdc.dotted(), "pkInitKDC"},
    {oids::ms_smartcard_logon.dotted(), "msSmartcardLogin"},
    {oids::ms_enrollment_agent.dotted(), "msEnrollmentAgent"},
    {oids::ms_efs.dotted(), "msEFS"},
    {oids::ms_efs_recovery.dotted(), "msEFSRecovery"},
    {oids::ms_server_gated_crypto.dotted(), "msSGC"},
    {oids::ms_key_recovery.dotted(), "msKeyRecovery"},
    {oids::ms_document_signing.dotted(), "msDocumentSigning"},
    {oids::ms_lifetime_signing.dotted(), "msLifetimeSigning"},
    {oids::ms_key_recovery_agent.dotted(), "msKeyRecoveryAgent"},
    {oids::ms_ca_exchange.dotted(), "msCAExchange"},
    {oids::ms_upn.dotted(), "msUPN"},
    {oids::ms_ds_guid.dotted(), "msDSGuid"},
    {oids::rsa_encryption.dotted(), "rsaEncryption"},
    {oids::md5_with_rsa.dotted(), "md5WithRSAEncryption"},
    {oids::sha1_with_rsa.dotted(), "sha1WithRSAEncryption"},
    {oids::mgf1.dotted(), "mgf1"},
    {oids::rsassa_pss.dotted(), "rsassaPss"},
    {oids::sha256_with_rsa.dotted(), "sha256WithRSAEncryption"},
    {oids::sha384_with_rsa.dotted(), "sha384WithRSAEncryption"},
    {oids::sha512_with_rsa.dotted(), "sha512WithRSAEncryption"},
    {oids::ec_public_key.dotted(), "id-ecPublicKey"},
    {oids::ecdsa_with_sha1.dotted(), "ecdsa-with-SHA1"},
    {oids::ecdsa_with_sha256.dotted(), "ecdsa-with-SHA256"},
    {oids::ecdsa_with_sha384.dotted(), "ecdsa-with-SHA384"},
    {oids::ecdsa_with_sha512.dotted(), "ecdsa-with-SHA512"},
    {oids::secp256r1.dotted(), "prime256v1"},
    {oids::secp384r1.dotted(), "secp384r1"},
    {oids::secp521r1.dotted(), "secp521r1"},
    {oids::sha1.dotted(), "sha1"},
    {oids::sha256.dotted(), "sha256"},
    {oids::sha384.dotted(), "sha384"},
    {oids::sha512.dotted(), "sha512"},
    {oids::rc2_cbc.dotted(), "rc2-cbc"},
    {oids::rc4.dotted(), "rc4"},
    {oids::des_cbc.dotted(), "des-cbc"},
    {oids::des_ede3_cbc.dotted(), "des-ede3-cbc"},
    {oids::aes128_cbc.dotted(), "aes-128-cbc"},
    {oids::aes192_cbc.dotted(), "aes-192-cbc"},
    {oids::aes256_cbc.dotted(), "aes-256-cbc"},
    {oids::content_type.dotted(), "contentType"},
    {oids::message_digest.dotted(), "messageDigest"},
    {oids::challenge_password.dotted(), "challengePassword"},
    {oids::extension_request.dotted(), "extensionRequest"},
    {oids::ms_renewal_certificate.dotted(), "msRenewalCertificate"},
    {oids::ms_enrollment_name_value_pair.dotted(), "msEnrollmentNameValuePair"},
    {oids::ms_enrollment_csp_provider.dotted(), "msEnrollmentCspProvider"},
    {oids::ms_os_version.dotted(), "msOsVersion"},
    {oids::ms_request_client_info.dotted(), "msRequestClientInfo"},
    {oids::ms_archived_key.dotted(), "msArchivedKey"},
    {oids::ms_encrypted_key_hash.dotted(), "msEncryptedKeyHash"},
};

// oid_name returns the short name of a dotted OID, or "" if it has none.
constexpr std::string_view oid_name(std::string_view dotted) noexcept {
    for (const auto& e : oid_table)
        if (e.dotted == dotted) return e.name;
    return {};
}

// oid_from_name returns the dotted OID of a short name (ASCII case-insensitive), or nullopt.
constexpr std::optional<std::string_view> oid_from_name(std::string_view name) noexcept {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    for (const auto& e : oid_table) {
        if (e.name.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) same = lower(e.name[i]) == lower(name[i]);
        if (same) return e.dotted;
    }
    return std::nullopt;
}

}  // namespace certreq::x509
