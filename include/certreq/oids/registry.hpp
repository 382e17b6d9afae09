// oids/registry.hpp: every OBJECT IDENTIFIER certreq writes, reads or names,
// once. Each row gives the constant's name, the dotted form (a compile-time
// der::oid_literal: a typo does not compile), the ASN.1 value name, the short
// name (OpenSSL's where it has one; accepted by name in INF text, e.g.
// "serverAuth") and the display name `-dump` prints (certutil's / CertStrToName's
// spelling). An empty name means none. Below model/: every layer above der/
// spells OIDs through this list, and the lookups below are its only tables.
#pragma once
#include <optional>
#include <string_view>

#include "certreq/der/oid.hpp"

// CERTREQ_OID_REGISTRY(X) calls X(constant, dotted, asn1_name, short_name, display_name) per OID.
#define CERTREQ_OID_REGISTRY(X) \
    /* ---- RDN attribute types (spec §6.1; RFC 5280 §4.1.2.4 / Appendix A, X.520, RFC 4519, PKCS #9) ---- */ \
    X(common_name, "2.5.4.3", "id-at-commonName", "CN", "CN") \
    X(surname, "2.5.4.4", "id-at-surname", "SN", "SN") \
    X(serial_number, "2.5.4.5", "id-at-serialNumber", "serialNumber", "SERIALNUMBER") \
    X(country, "2.5.4.6", "id-at-countryName", "C", "C") \
    X(locality, "2.5.4.7", "id-at-localityName", "L", "L") \
    X(state, "2.5.4.8", "id-at-stateOrProvinceName", "ST", "S") \
    X(street, "2.5.4.9", "id-at-streetAddress", "street", "STREET") \
    X(organization, "2.5.4.10", "id-at-organizationName", "O", "O") \
    X(organizational_unit, "2.5.4.11", "id-at-organizationalUnitName", "OU", "OU") \
    X(title, "2.5.4.12", "id-at-title", "title", "T") \
    X(description, "2.5.4.13", "id-at-description", "description", "Description") \
    X(postal_code, "2.5.4.17", "id-at-postalCode", "postalCode", "PostalCode") \
    X(post_office_box, "2.5.4.18", "id-at-postOfficeBox", "postOfficeBox", "") \
    X(telephone_number, "2.5.4.20", "id-at-telephoneNumber", "telephoneNumber", "") \
    X(x121_address, "2.5.4.24", "id-at-x121Address", "x121Address", "") \
    X(given_name, "2.5.4.42", "id-at-givenName", "GN", "G") \
    X(initials, "2.5.4.43", "id-at-initials", "initials", "I") \
    X(dn_qualifier, "2.5.4.46", "id-at-dnQualifier", "dnQualifier", "dnQualifier") \
    X(email_address, "1.2.840.113549.1.9.1", "id-emailAddress", "emailAddress", "E") \
    X(domain_component, "0.9.2342.19200300.100.1.25", "id-domainComponent", "DC", "DC") \
    X(user_id, "0.9.2342.19200300.100.1.1", "id-uid", "UID", "UID") \
    /* ---- Certificate and CRL extensions (RFC 5280 §4.2, §5.2, §5.3; Microsoft: spec §4.4.2, §7.2) ---- */ \
    X(subject_key_identifier, "2.5.29.14", "id-ce-subjectKeyIdentifier", "subjectKeyIdentifier", "subjectKeyIdentifier") \
    X(key_usage, "2.5.29.15", "id-ce-keyUsage", "keyUsage", "keyUsage") \
    X(subject_alt_name, "2.5.29.17", "id-ce-subjectAltName", "subjectAltName", "subjectAltName") \
    X(issuer_alt_name, "2.5.29.18", "id-ce-issuerAltName", "issuerAltName", "issuerAltName") \
    X(basic_constraints, "2.5.29.19", "id-ce-basicConstraints", "basicConstraints", "basicConstraints") \
    X(name_constraints, "2.5.29.30", "id-ce-nameConstraints", "nameConstraints", "nameConstraints") \
    X(crl_number, "2.5.29.20", "id-ce-cRLNumber", "", "cRLNumber") \
    X(crl_reason, "2.5.29.21", "id-ce-cRLReasons", "", "cRLReason") \
    X(crl_distribution_points, "2.5.29.31", "id-ce-cRLDistributionPoints", "cRLDistributionPoints", "cRLDistributionPoints") \
    X(certificate_policies, "2.5.29.32", "id-ce-certificatePolicies", "certificatePolicies", "certificatePolicies") \
    X(any_policy, "2.5.29.32.0", "anyPolicy", "anyPolicy", "anyPolicy") \
    X(policy_mappings, "2.5.29.33", "id-ce-policyMappings", "policyMappings", "policyMappings") \
    X(authority_key_identifier, "2.5.29.35", "id-ce-authorityKeyIdentifier", "authorityKeyIdentifier", "authorityKeyIdentifier") \
    X(policy_constraints, "2.5.29.36", "id-ce-policyConstraints", "policyConstraints", "policyConstraints") \
    X(ext_key_usage, "2.5.29.37", "id-ce-extKeyUsage", "extendedKeyUsage", "extKeyUsage") \
    X(authority_info_access, "1.3.6.1.5.5.7.1.1", "id-pe-authorityInfoAccess", "authorityInfoAccess", "authorityInfoAccess") \
    X(ocsp_nocheck, "1.3.6.1.5.5.7.48.1.5", "id-pkix-ocsp-nocheck", "ocspNoCheck", "") \
    X(smime_capabilities, "1.2.840.113549.1.9.15", "smimeCapabilities", "smimeCapabilities", "smimeCapabilities") \
    X(ms_certificate_template_name, "1.3.6.1.4.1.311.20.2", "szOID_ENROLL_CERTTYPE_EXTENSION", "certificateTemplateName", "certificateTemplateName") \
    X(ms_ca_version, "1.3.6.1.4.1.311.21.1", "szOID_CERTSRV_CA_VERSION", "caVersion", "caVersion") \
    X(ms_previous_ca_cert_hash, "1.3.6.1.4.1.311.21.2", "szOID_CERTSRV_PREVIOUS_CERT_HASH", "previousCaCertHash", "") \
    X(ms_certificate_template, "1.3.6.1.4.1.311.21.7", "szOID_CERTIFICATE_TEMPLATE", "certificateTemplate", "certificateTemplate") \
    X(ms_application_policies, "1.3.6.1.4.1.311.21.10", "szOID_APPLICATION_CERT_POLICIES", "applicationPolicies", "applicationPolicies") \
    X(ms_application_policy_mappings, "1.3.6.1.4.1.311.21.11", "szOID_APPLICATION_POLICY_MAPPINGS", "applicationPolicyMappings", "applicationPolicyMappings") \
    X(ms_application_policy_constraints, "1.3.6.1.4.1.311.21.12", "szOID_APPLICATION_POLICY_CONSTRAINTS", "applicationPolicyConstraints", "applicationPolicyConstraints") \
    /* ---- Policy qualifiers and access methods (RFC 5280 §4.2.1.4, §4.2.2.1) ---- */ \
    X(qt_cps, "1.3.6.1.5.5.7.2.1", "id-qt-cps", "cps", "cps") \
    X(qt_unotice, "1.3.6.1.5.5.7.2.2", "id-qt-unotice", "userNotice", "userNotice") \
    X(ad_ocsp, "1.3.6.1.5.5.7.48.1", "id-ad-ocsp", "OCSP", "ocsp") \
    X(ad_ca_issuers, "1.3.6.1.5.5.7.48.2", "id-ad-caIssuers", "caIssuers", "caIssuers") \
    /* ---- Extended key usage purposes (RFC 5280 §4.2.1.12 unless noted) ---- */ \
    X(kp_server_auth, "1.3.6.1.5.5.7.3.1", "id-kp-serverAuth", "serverAuth", "serverAuth") \
    X(kp_client_auth, "1.3.6.1.5.5.7.3.2", "id-kp-clientAuth", "clientAuth", "clientAuth") \
    X(kp_code_signing, "1.3.6.1.5.5.7.3.3", "id-kp-codeSigning", "codeSigning", "codeSigning") \
    X(kp_email_protection, "1.3.6.1.5.5.7.3.4", "id-kp-emailProtection", "emailProtection", "emailProtection") \
    X(kp_ipsec_end_system, "1.3.6.1.5.5.7.3.5", "id-kp-ipsecEndSystem", "ipsecEndSystem", "ipsecEndSystem") \
    X(kp_ipsec_tunnel, "1.3.6.1.5.5.7.3.6", "id-kp-ipsecTunnel", "ipsecTunnel", "ipsecTunnel") \
    X(kp_ipsec_user, "1.3.6.1.5.5.7.3.7", "id-kp-ipsecUser", "ipsecUser", "ipsecUser") \
    X(kp_time_stamping, "1.3.6.1.5.5.7.3.8", "id-kp-timeStamping", "timeStamping", "timeStamping") \
    X(kp_ocsp_signing, "1.3.6.1.5.5.7.3.9", "id-kp-OCSPSigning", "OCSPSigning", "OCSPSigning") \
    X(kp_ipsec_ike, "1.3.6.1.5.5.7.3.17", "id-kp-ipsecIKE", "ipsecIKE", "ipsecIKE") \
    X(any_extended_key_usage, "2.5.29.37.0", "anyExtendedKeyUsage", "anyExtendedKeyUsage", "anyExtendedKeyUsage") \
    X(kp_pkinit_client_auth, "1.3.6.1.5.2.3.4", "id-pkinit-KPClientAuth", "pkInitClientAuth", "") \
    X(kp_pkinit_kdc, "1.3.6.1.5.2.3.5", "id-pkinit-KPKdc", "pkInitKDC", "KDCAuthentication") \
    X(ms_smartcard_logon, "1.3.6.1.4.1.311.20.2.2", "szOID_KP_SMARTCARD_LOGON", "msSmartcardLogin", "smartcardLogon") \
    X(ms_enrollment_agent, "1.3.6.1.4.1.311.20.2.1", "szOID_ENROLLMENT_AGENT", "msEnrollmentAgent", "certificateRequestAgent") \
    X(ms_efs, "1.3.6.1.4.1.311.10.3.4", "szOID_KP_EFS", "msEFS", "encryptedFileSystem") \
    X(ms_efs_recovery, "1.3.6.1.4.1.311.10.3.4.1", "szOID_EFS_RECOVERY", "msEFSRecovery", "") \
    X(ms_server_gated_crypto, "1.3.6.1.4.1.311.10.3.3", "szOID_SERVER_GATED_CRYPTO", "msSGC", "") \
    X(ms_key_recovery, "1.3.6.1.4.1.311.10.3.11", "szOID_KP_KEY_RECOVERY", "msKeyRecovery", "") \
    X(ms_document_signing, "1.3.6.1.4.1.311.10.3.12", "szOID_KP_DOCUMENT_SIGNING", "msDocumentSigning", "documentSigning") \
    X(ms_lifetime_signing, "1.3.6.1.4.1.311.10.3.13", "szOID_KP_LIFETIME_SIGNING", "msLifetimeSigning", "") \
    X(ms_key_recovery_agent, "1.3.6.1.4.1.311.21.6", "szOID_KP_KEY_RECOVERY_AGENT", "msKeyRecoveryAgent", "") \
    X(ms_ca_exchange, "1.3.6.1.4.1.311.21.5", "szOID_KP_CA_EXCHANGE", "msCAExchange", "") \
    /* ---- otherName types (spec §4.4.1) ---- */ \
    X(ms_upn, "1.3.6.1.4.1.311.20.2.3", "szOID_NT_PRINCIPAL_NAME", "msUPN", "userPrincipalName") \
    X(ms_ds_guid, "1.3.6.1.4.1.311.25.1", "szOID_NTDS_REPLICATION", "msDSGuid", "ntdsReplication (GUID)") \
    /* ---- Algorithms (RFC 8017 Appendix C, RFC 4055, RFC 5480, RFC 5758, FIPS 180-4, RFC 8551 §2.7) ---- */ \
    X(rsa_encryption, "1.2.840.113549.1.1.1", "rsaEncryption", "rsaEncryption", "rsaEncryption") \
    X(md5_with_rsa, "1.2.840.113549.1.1.4", "md5WithRSAEncryption", "md5WithRSAEncryption", "md5WithRSAEncryption") \
    X(sha1_with_rsa, "1.2.840.113549.1.1.5", "sha1WithRSAEncryption", "sha1WithRSAEncryption", "sha1WithRSAEncryption") \
    X(mgf1, "1.2.840.113549.1.1.8", "id-mgf1", "mgf1", "mgf1") \
    X(rsassa_pss, "1.2.840.113549.1.1.10", "id-RSASSA-PSS", "rsassaPss", "RSASSA-PSS") \
    X(sha256_with_rsa, "1.2.840.113549.1.1.11", "sha256WithRSAEncryption", "sha256WithRSAEncryption", "sha256WithRSAEncryption") \
    X(sha384_with_rsa, "1.2.840.113549.1.1.12", "sha384WithRSAEncryption", "sha384WithRSAEncryption", "sha384WithRSAEncryption") \
    X(sha512_with_rsa, "1.2.840.113549.1.1.13", "sha512WithRSAEncryption", "sha512WithRSAEncryption", "sha512WithRSAEncryption") \
    X(ec_public_key, "1.2.840.10045.2.1", "id-ecPublicKey", "id-ecPublicKey", "id-ecPublicKey") \
    X(ecdsa_with_sha1, "1.2.840.10045.4.1", "ecdsa-with-SHA1", "ecdsa-with-SHA1", "ecdsa-with-SHA1") \
    X(ecdsa_with_sha256, "1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "ecdsa-with-SHA256", "ecdsa-with-SHA256") \
    X(ecdsa_with_sha384, "1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "ecdsa-with-SHA384", "ecdsa-with-SHA384") \
    X(ecdsa_with_sha512, "1.2.840.10045.4.3.4", "ecdsa-with-SHA512", "ecdsa-with-SHA512", "ecdsa-with-SHA512") \
    X(secp256r1, "1.2.840.10045.3.1.7", "prime256v1", "prime256v1", "prime256v1") \
    X(secp384r1, "1.3.132.0.34", "secp384r1", "secp384r1", "secp384r1") \
    X(secp521r1, "1.3.132.0.35", "secp521r1", "secp521r1", "secp521r1") \
    X(sha1, "1.3.14.3.2.26", "id-sha1", "sha1", "sha1") \
    X(sha256, "2.16.840.1.101.3.4.2.1", "id-sha256", "sha256", "sha256") \
    X(sha384, "2.16.840.1.101.3.4.2.2", "id-sha384", "sha384", "sha384") \
    X(sha512, "2.16.840.1.101.3.4.2.3", "id-sha512", "sha512", "sha512") \
    X(rc2_cbc, "1.2.840.113549.3.2", "rc2-cbc", "rc2-cbc", "rc2-cbc") \
    X(rc4, "1.2.840.113549.3.4", "rc4", "rc4", "") \
    X(des_cbc, "1.3.14.3.2.7", "desCBC", "des-cbc", "des-cbc") \
    X(des_ede3_cbc, "1.2.840.113549.3.7", "des-ede3-cbc", "des-ede3-cbc", "des-ede3-cbc") \
    X(aes128_cbc, "2.16.840.1.101.3.4.1.2", "id-aes128-CBC", "aes-128-cbc", "aes-128-cbc") \
    X(aes192_cbc, "2.16.840.1.101.3.4.1.22", "id-aes192-CBC", "aes-192-cbc", "aes-192-cbc") \
    X(aes256_cbc, "2.16.840.1.101.3.4.1.42", "id-aes256-CBC", "aes-256-cbc", "aes-256-cbc") \
    /* ---- PKCS #9 / PKCS #10 attributes (RFC 2985 §5.4, RFC 2986); Microsoft request attributes (spec §7.2, §9) ---- */ \
    X(content_type, "1.2.840.113549.1.9.3", "pkcs-9-at-contentType", "contentType", "contentType") \
    X(message_digest, "1.2.840.113549.1.9.4", "pkcs-9-at-messageDigest", "messageDigest", "messageDigest") \
    X(challenge_password, "1.2.840.113549.1.9.7", "pkcs-9-at-challengePassword", "challengePassword", "challengePassword") \
    X(extension_request, "1.2.840.113549.1.9.14", "pkcs-9-at-extensionRequest", "extensionRequest", "extensionRequest") \
    X(ms_renewal_certificate, "1.3.6.1.4.1.311.13.1", "szOID_RENEWAL_CERTIFICATE", "msRenewalCertificate", "renewalCertificate") \
    X(ms_enrollment_name_value_pair, "1.3.6.1.4.1.311.13.2.1", "szOID_ENROLLMENT_NAME_VALUE_PAIR", "msEnrollmentNameValuePair", "enrollmentNameValuePair") \
    X(ms_enrollment_csp_provider, "1.3.6.1.4.1.311.13.2.2", "szOID_ENROLLMENT_CSP_PROVIDER", "msEnrollmentCspProvider", "enrollmentCSPProvider") \
    X(ms_os_version, "1.3.6.1.4.1.311.13.2.3", "szOID_OS_VERSION", "msOsVersion", "osVersion") \
    X(ms_request_client_info, "1.3.6.1.4.1.311.21.20", "szOID_REQUEST_CLIENT_INFO", "msRequestClientInfo", "requestClientInfo") \
    X(ms_archived_key, "1.3.6.1.4.1.311.21.13", "szOID_ARCHIVED_KEY_ATTR", "msArchivedKey", "archivedKey") \
    X(ms_encrypted_key_hash, "1.3.6.1.4.1.311.21.21", "szOID_ENCRYPTED_KEY_HASH", "msEncryptedKeyHash", "encryptedKeyHash") \
    /* ---- CMS content types (RFC 5652), CMC (RFC 5272), Microsoft CMC ---- */ \
    X(data, "1.2.840.113549.1.7.1", "id-data", "", "data") \
    X(signed_data, "1.2.840.113549.1.7.2", "id-signedData", "", "signedData") \
    X(enveloped_data, "1.2.840.113549.1.7.3", "id-envelopedData", "", "envelopedData") \
    X(signing_time, "1.2.840.113549.1.9.5", "id-signingTime", "", "signingTime") \
    X(cct_pki_data, "1.3.6.1.5.5.7.12.2", "id-cct-PKIData", "", "id-cct-PKIData") \
    X(cct_pki_response, "1.3.6.1.5.5.7.12.3", "id-cct-PKIResponse", "", "id-cct-PKIResponse") \
    X(cmc_status_info, "1.3.6.1.5.5.7.7.1", "id-cmc-statusInfo", "", "id-cmc-statusInfo") \
    X(cmc_add_extensions, "1.3.6.1.5.5.7.7.8", "id-cmc-addExtensions", "", "id-cmc-addExtensions") \
    X(cmc_reg_info, "1.3.6.1.5.5.7.7.18", "id-cmc-regInfo", "", "id-cmc-regInfo") \
    X(cmc_status_info_v2, "1.3.6.1.5.5.7.7.25", "id-cmc-statusInfoV2", "", "id-cmc-statusInfoV2") \
    X(ms_cmc_attributes, "1.3.6.1.4.1.311.10.10.1", "szOID_CMC_ADD_ATTRIBUTES", "", "cmcAttributes") \
    /* ---- Names a dump shows that certreq does not write ---- */ \
    X(pseudonym, "2.5.4.65", "id-at-pseudonym", "", "Pseudonym") \
    X(unstructured_name, "1.2.840.113549.1.9.2", "pkcs-9-at-unstructuredName", "", "unstructuredName") \
    X(unstructured_address, "1.2.840.113549.1.9.8", "pkcs-9-at-unstructuredAddress", "", "unstructuredAddress") \
    X(inhibit_any_policy, "2.5.29.54", "id-ce-inhibitAnyPolicy", "", "inhibitAnyPolicy") \
    X(subject_info_access, "1.3.6.1.5.5.7.1.11", "id-pe-subjectInfoAccess", "", "subjectInfoAccess") \
    X(rsaes_oaep, "1.2.840.113549.1.1.7", "id-RSAES-OAEP", "", "RSAES-OAEP") \
    X(ed25519, "1.3.101.112", "id-Ed25519", "", "Ed25519") \
    X(ed448, "1.3.101.113", "id-Ed448", "", "Ed448") \
    X(md5, "1.2.840.113549.2.5", "id-md5", "", "md5") \
    X(aes128_gcm, "2.16.840.1.101.3.4.1.6", "id-aes128-GCM", "", "aes-128-gcm") \
    X(aes256_gcm, "2.16.840.1.101.3.4.1.46", "id-aes256-GCM", "", "aes-256-gcm") \
    X(cmc_identification, "1.3.6.1.5.5.7.7.2", "id-cmc-identification", "", "id-cmc-identification") \
    X(cmc_response_info, "1.3.6.1.5.5.7.7.19", "id-cmc-responseInfo", "", "id-cmc-responseInfo") \
    X(cmc_sender_nonce, "1.3.6.1.5.5.7.7.6", "id-cmc-senderNonce", "", "id-cmc-senderNonce") \
    X(cmc_recipient_nonce, "1.3.6.1.5.5.7.7.7", "id-cmc-recipientNonce", "", "id-cmc-recipientNonce") \
    X(scep_message_type, "2.16.840.1.113733.1.9.2", "id-messageType", "", "messageType") \
    X(scep_pki_status, "2.16.840.1.113733.1.9.3", "id-pkiStatus", "", "pkiStatus") \
    X(scep_fail_info, "2.16.840.1.113733.1.9.4", "id-failInfo", "", "failInfo") \
    X(scep_sender_nonce, "2.16.840.1.113733.1.9.5", "id-senderNonce", "", "senderNonce") \
    X(scep_recipient_nonce, "2.16.840.1.113733.1.9.6", "id-recipientNonce", "", "recipientNonce") \
    X(scep_transaction_id, "2.16.840.1.113733.1.9.7", "id-transactionID", "", "transactionID") \
    X(scep_fail_info_text, "1.3.6.1.5.5.7.24.1", "id-scep-failInfoText", "", "failInfoText") \
    /* ---- CMP protection (RFC 4210) and the rest ---- */ \
    X(password_based_mac, "1.2.840.113533.7.66.13", "PasswordBasedMac", "", "passwordBasedMac") \
    X(hmac_with_sha1, "1.2.840.113549.2.7", "id-hmacWithSHA1", "", "hmacWithSHA1") \
    X(hmac_with_sha256, "1.2.840.113549.2.9", "id-hmacWithSHA256", "", "hmacWithSHA256") \
    X(ms_qualified_subordination, "1.3.6.1.4.1.311.10.3.10", "szOID_KP_QUALIFIED_SUBORDINATION", "", "") \
    X(ms_cert_extensions, "1.3.6.1.4.1.311.2.1.14", "szOID_CERT_EXTENSIONS", "", "") \
    X(tls_feature, "1.3.6.1.5.5.7.1.24", "id-pe-tlsfeature", "", "") \

namespace certreq::oids {

// The constants: oids::common_name, oids::kp_server_auth, ...
#define CERTREQ_OID_CONSTANT(name, dotted, asn1, short_name, display) \
    inline constexpr der::oid_literal name{dotted};
CERTREQ_OID_REGISTRY(CERTREQ_OID_CONSTANT)
#undef CERTREQ_OID_CONSTANT

// Microsoft's name for the PKINIT KDC purpose (szOID_KP_KDC_AUTH): the same arc.
inline constexpr der::oid_literal ms_kdc_auth = kp_pkinit_kdc;

// info: one row of the registry.
struct info {
    std::string_view dotted;
    std::string_view asn1_name;
    std::string_view short_name;
    std::string_view display_name;
};

#define CERTREQ_OID_INFO(name, dotted, asn1, short_name, display) info{dotted, asn1, short_name, display},
inline constexpr info registry[] = {CERTREQ_OID_REGISTRY(CERTREQ_OID_INFO)};
#undef CERTREQ_OID_INFO

// find returns the row of a dotted OID, or nullptr.
constexpr const info* find(std::string_view dotted) noexcept {
    for (const auto& e : registry)
        if (e.dotted == dotted) return &e;
    return nullptr;
}

// short_name returns the short name of a dotted OID, or "" if it has none.
constexpr std::string_view short_name(std::string_view dotted) noexcept {
    const info* e = find(dotted);
    return e ? e->short_name : std::string_view{};
}

// display_name returns the name -dump prints for a dotted OID, or "" if it has none.
constexpr std::string_view display_name(std::string_view dotted) noexcept {
    const info* e = find(dotted);
    return e ? e->display_name : std::string_view{};
}

// from_short_name returns the dotted OID of a short name (ASCII case-insensitive), or nullopt.
constexpr std::optional<std::string_view> from_short_name(std::string_view name) noexcept {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    for (const auto& e : registry) {
        if (e.short_name.empty() || e.short_name.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) same = lower(e.short_name[i]) == lower(name[i]);
        if (same) return e.dotted;
    }
    return std::nullopt;
}

}  // namespace certreq::oids
