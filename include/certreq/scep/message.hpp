// scep/message.hpp: the vocabulary of SCEP PKIMessages (RFC 8894 §3.2.1):
// signed-attribute OIDs, message types, pkiStatus and failInfo values.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certreq/der/oid.hpp"
#include "certreq/model/request.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::scep {

// message_type: RFC 8894 §3.2.1.2 (sent as a decimal PrintableString).
enum class message_type { cert_rep = 3, renewal_req = 17, pkcs_req = 19, cert_poll = 20, get_cert = 21, get_crl = 22 };

inline std::string to_wire(message_type t) { return std::to_string(static_cast<int>(t)); }

inline std::string_view message_type_name(std::string_view v) noexcept {
    if (v == "3") return "CertRep";
    if (v == "17") return "RenewalReq";
    if (v == "19") return "PKCSReq";
    if (v == "20") return "CertPoll";
    if (v == "21") return "GetCert";
    if (v == "22") return "GetCRL";
    return "";
}

// pki_status: RFC 8894 §3.2.1.3.
enum class pki_status { success = 0, failure = 2, pending = 3 };

inline std::optional<pki_status> parse_pki_status(std::string_view v) noexcept {
    if (v == "0") return pki_status::success;
    if (v == "2") return pki_status::failure;
    if (v == "3") return pki_status::pending;
    return std::nullopt;
}

// pki_status_name: the status in words (empty for an unknown value).
inline std::string_view pki_status_name(std::string_view v) noexcept {
    if (v == "0") return "SUCCESS";
    if (v == "2") return "FAILURE";
    if (v == "3") return "PENDING";
    return "";
}

// fail_info_name: RFC 8894 §3.2.1.4, in words (empty for an unknown value).
inline std::string_view fail_info_name(std::string_view v) noexcept {
    if (v == "0") return "badAlg";
    if (v == "1") return "badMessageCheck";
    if (v == "2") return "badRequest";
    if (v == "3") return "badTime";
    if (v == "4") return "badCertId";
    return "";
}

// Digest and signature OIDs SCEP peers use.
inline std::optional<model::hash_algorithm> hash_by_oid(std::string_view oid) noexcept {
    using h = model::hash_algorithm;
    if (oid == oids::sha1.dotted()) return h::sha1;
    if (oid == oids::sha256.dotted()) return h::sha256;
    if (oid == oids::sha384.dotted()) return h::sha384;
    if (oid == oids::sha512.dotted()) return h::sha512;
    return std::nullopt;
}

inline std::string_view hash_oid(model::hash_algorithm a) noexcept {
    switch (a) {
        case model::hash_algorithm::sha1: return oids::sha1.dotted();
        case model::hash_algorithm::sha256: return oids::sha256.dotted();
        case model::hash_algorithm::sha384: return oids::sha384.dotted();
        case model::hash_algorithm::sha512: return oids::sha512.dotted();
    }
    return oids::sha256.dotted();
}

// signature_hash: the hash a SignerInfo signatureAlgorithm fixes; nullopt for
// plain rsaEncryption / unknown (then the digestAlgorithm decides).
inline std::optional<model::hash_algorithm> signature_hash(std::string_view oid) noexcept {
    using h = model::hash_algorithm;
    if (oid == oids::sha1_with_rsa.dotted() || oid == oids::ecdsa_with_sha1.dotted()) return h::sha1;
    if (oid == oids::sha256_with_rsa.dotted() || oid == oids::ecdsa_with_sha256.dotted()) return h::sha256;
    if (oid == oids::sha384_with_rsa.dotted() || oid == oids::ecdsa_with_sha384.dotted()) return h::sha384;
    if (oid == oids::sha512_with_rsa.dotted() || oid == oids::ecdsa_with_sha512.dotted()) return h::sha512;
    return std::nullopt;
}

// known_signature: a signatureAlgorithm we can check (RSA PKCS#1 v1.5 or ECDSA).
inline bool known_signature(std::string_view oid) noexcept {
    return oid == oids::rsa_encryption.dotted() || signature_hash(oid).has_value();
}

}  // namespace certreq::scep
