// asn1/oid_names.hpp: readable names for the OIDs a dump shows (names as
// OpenSSL / RFCs spell them; Microsoft ones as certutil does). Unknown OIDs
// are shown dotted by the caller.
#pragma once
#include <string_view>

namespace certreq::asn1 {

struct oid_name {
    std::string_view oid;
    std::string_view name;
};

inline constexpr oid_name oid_names[] = {
    // X.520 / RFC 4519 attribute types (name keys as CertStrToName writes them)
    {"2.5.4.3", "CN"}, {"2.5.4.4", "SN"}, {"2.5.4.5", "SERIALNUMBER"}, {"2.5.4.6", "C"}, {"2.5.4.7", "L"},
    {"2.5.4.8", "S"}, {"2.5.4.9", "STREET"}, {"2.5.4.10", "O"}, {"2.5.4.11", "OU"}, {"2.5.4.12", "T"},
    {"2.5.4.13", "Description"}, {"2.5.4.17", "PostalCode"}, {"2.5.4.42", "G"}, {"2.5.4.43", "I"},
    {"2.5.4.46", "dnQualifier"}, {"2.5.4.65", "Pseudonym"}, {"0.9.2342.19200300.100.1.25", "DC"},
    {"0.9.2342.19200300.100.1.1", "UID"}, {"1.2.840.113549.1.9.1", "E"},
    {"1.2.840.113549.1.9.2", "unstructuredName"}, {"1.2.840.113549.1.9.8", "unstructuredAddress"},
    // extensions (RFC 5280 and Microsoft)
    {"2.5.29.14", "subjectKeyIdentifier"}, {"2.5.29.15", "keyUsage"}, {"2.5.29.17", "subjectAltName"},
    {"2.5.29.18", "issuerAltName"}, {"2.5.29.19", "basicConstraints"}, {"2.5.29.20", "cRLNumber"},
    {"2.5.29.21", "cRLReason"}, {"2.5.29.30", "nameConstraints"}, {"2.5.29.31", "cRLDistributionPoints"},
    {"2.5.29.32", "certificatePolicies"}, {"2.5.29.33", "policyMappings"}, {"2.5.29.35", "authorityKeyIdentifier"},
    {"2.5.29.36", "policyConstraints"}, {"2.5.29.37", "extKeyUsage"}, {"2.5.29.54", "inhibitAnyPolicy"},
    {"2.5.29.32.0", "anyPolicy"}, {"2.5.29.37.0", "anyExtendedKeyUsage"},
    {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"}, {"1.3.6.1.5.5.7.1.11", "subjectInfoAccess"},
    {"1.3.6.1.5.5.7.48.1", "ocsp"}, {"1.3.6.1.5.5.7.48.2", "caIssuers"},
    {"1.3.6.1.5.5.7.2.1", "cps"}, {"1.3.6.1.5.5.7.2.2", "userNotice"},
    {"1.3.6.1.4.1.311.20.2", "certificateTemplateName"}, {"1.3.6.1.4.1.311.21.7", "certificateTemplate"},
    {"1.3.6.1.4.1.311.21.10", "applicationPolicies"}, {"1.3.6.1.4.1.311.21.11", "applicationPolicyMappings"},
    {"1.3.6.1.4.1.311.21.12", "applicationPolicyConstraints"}, {"1.3.6.1.4.1.311.21.1", "caVersion"},
    {"1.3.6.1.4.1.311.20.2.3", "userPrincipalName"}, {"1.3.6.1.4.1.311.25.1", "ntdsReplication (GUID)"},
    // extended key usages
    {"1.3.6.1.5.5.7.3.1", "serverAuth"}, {"1.3.6.1.5.5.7.3.2", "clientAuth"}, {"1.3.6.1.5.5.7.3.3", "codeSigning"},
    {"1.3.6.1.5.5.7.3.4", "emailProtection"}, {"1.3.6.1.5.5.7.3.5", "ipsecEndSystem"},
    {"1.3.6.1.5.5.7.3.6", "ipsecTunnel"}, {"1.3.6.1.5.5.7.3.7", "ipsecUser"}, {"1.3.6.1.5.5.7.3.8", "timeStamping"},
    {"1.3.6.1.5.5.7.3.9", "OCSPSigning"}, {"1.3.6.1.5.5.7.3.17", "ipsecIKE"},
    {"1.3.6.1.4.1.311.10.3.4", "encryptedFileSystem"}, {"1.3.6.1.4.1.311.10.3.12", "documentSigning"},
    {"1.3.6.1.4.1.311.20.2.2", "smartcardLogon"}, {"1.3.6.1.4.1.311.20.2.1", "certificateRequestAgent"},
    {"1.3.6.1.5.2.3.5", "KDCAuthentication"},
    // public key and signature algorithms
    {"1.2.840.113549.1.1.1", "rsaEncryption"}, {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
    {"1.2.840.113549.1.1.10", "RSASSA-PSS"}, {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"}, {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
    {"1.2.840.113549.1.1.4", "md5WithRSAEncryption"}, {"1.2.840.113549.1.1.7", "RSAES-OAEP"},
    {"1.2.840.113549.1.1.8", "mgf1"},
    {"1.2.840.10045.2.1", "id-ecPublicKey"}, {"1.2.840.10045.4.1", "ecdsa-with-SHA1"},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"}, {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"}, {"1.3.101.112", "Ed25519"}, {"1.3.101.113", "Ed448"},
    {"1.2.840.10045.3.1.7", "prime256v1"}, {"1.3.132.0.34", "secp384r1"}, {"1.3.132.0.35", "secp521r1"},
    {"1.3.14.3.2.26", "sha1"}, {"2.16.840.1.101.3.4.2.1", "sha256"}, {"2.16.840.1.101.3.4.2.2", "sha384"},
    {"2.16.840.1.101.3.4.2.3", "sha512"}, {"1.2.840.113549.2.5", "md5"},
    {"1.3.14.3.2.7", "des-cbc"}, {"1.2.840.113549.3.7", "des-ede3-cbc"}, {"1.2.840.113549.3.2", "rc2-cbc"},
    {"2.16.840.1.101.3.4.1.2", "aes-128-cbc"}, {"2.16.840.1.101.3.4.1.22", "aes-192-cbc"},
    {"2.16.840.1.101.3.4.1.42", "aes-256-cbc"}, {"2.16.840.1.101.3.4.1.6", "aes-128-gcm"},
    {"2.16.840.1.101.3.4.1.46", "aes-256-gcm"},
    // CMS content types and PKCS#9 attributes
    {"1.2.840.113549.1.7.1", "data"}, {"1.2.840.113549.1.7.2", "signedData"},
    {"1.2.840.113549.1.7.3", "envelopedData"}, {"1.3.6.1.5.5.7.12.2", "id-cct-PKIData"},
    {"1.3.6.1.5.5.7.12.3", "id-cct-PKIResponse"},
    {"1.2.840.113549.1.9.3", "contentType"}, {"1.2.840.113549.1.9.4", "messageDigest"},
    {"1.2.840.113549.1.9.5", "signingTime"}, {"1.2.840.113549.1.9.7", "challengePassword"},
    {"1.2.840.113549.1.9.14", "extensionRequest"}, {"1.2.840.113549.1.9.15", "smimeCapabilities"},
    // Microsoft request attributes (spec 7.2)
    {"1.3.6.1.4.1.311.13.2.1", "enrollmentNameValuePair"}, {"1.3.6.1.4.1.311.13.2.2", "enrollmentCSPProvider"},
    {"1.3.6.1.4.1.311.13.2.3", "osVersion"}, {"1.3.6.1.4.1.311.21.20", "requestClientInfo"},
    {"1.3.6.1.4.1.311.13.1", "renewalCertificate"}, {"1.3.6.1.4.1.311.21.13", "archivedKey"},
    {"1.3.6.1.4.1.311.21.21", "encryptedKeyHash"}, {"1.3.6.1.4.1.311.10.10.1", "cmcAttributes"},
    // CMC controls (RFC 5272)
    {"1.3.6.1.5.5.7.7.1", "id-cmc-statusInfo"}, {"1.3.6.1.5.5.7.7.2", "id-cmc-identification"},
    {"1.3.6.1.5.5.7.7.8", "id-cmc-addExtensions"}, {"1.3.6.1.5.5.7.7.18", "id-cmc-regInfo"},
    {"1.3.6.1.5.5.7.7.19", "id-cmc-responseInfo"}, {"1.3.6.1.5.5.7.7.25", "id-cmc-statusInfoV2"},
    {"1.3.6.1.5.5.7.7.6", "id-cmc-senderNonce"}, {"1.3.6.1.5.5.7.7.7", "id-cmc-recipientNonce"},
    // SCEP attributes (RFC 8894)
    {"2.16.840.1.113733.1.9.2", "messageType"}, {"2.16.840.1.113733.1.9.3", "pkiStatus"},
    {"2.16.840.1.113733.1.9.4", "failInfo"}, {"2.16.840.1.113733.1.9.5", "senderNonce"},
    {"2.16.840.1.113733.1.9.6", "recipientNonce"}, {"2.16.840.1.113733.1.9.7", "transactionID"},
    {"1.3.6.1.5.5.7.24.1", "failInfoText"},
};

// oid_short_name returns the name of a dotted OID, or "" if the table lacks it.
inline constexpr std::string_view oid_short_name(std::string_view dotted) noexcept {
    for (const auto& e : oid_names)
        if (e.oid == dotted) return e.name;
    return {};
}

}  // namespace certreq::asn1
