// asn1/identify.hpp: what a DER blob is, decided from its content alone
// (certreq inputs carry no reliable file name or PEM label).
#pragma once
#include <string>
#include <string_view>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/crl_entries.hpp"
#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::asn1 {

enum class content_kind {
    unknown,
    request,        // PKCS#10 CertificationRequest
    certificate,    // X.509 Certificate
    crl,            // X.509 CertificateList
    pkcs7,          // CMS SignedData (certificate bag, PKCS#7 renewal, ...)
    cmc_request,    // SignedData with id-cct-PKIData
    cmc_response,   // SignedData with id-cct-PKIResponse
    scep,           // SignedData whose signer carries the SCEP messageType
    enveloped,      // CMS EnvelopedData
    cmp,            // CMP PKIMessage (RFC 4210)
    private_key,    // PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC1 ECPrivateKey
};

inline constexpr std::string_view to_string(content_kind k) noexcept {
    switch (k) {
        case content_kind::unknown: return "unknown";
        case content_kind::request: return "certificate request (PKCS#10)";
        case content_kind::certificate: return "certificate";
        case content_kind::crl: return "certificate revocation list";
        case content_kind::pkcs7: return "PKCS#7/CMS signed data";
        case content_kind::cmc_request: return "CMC request (PKIData)";
        case content_kind::cmc_response: return "CMC response (PKIResponse)";
        case content_kind::scep: return "SCEP message";
        case content_kind::enveloped: return "CMS enveloped data";
        case content_kind::cmp: return "CMP message";
        case content_kind::private_key: return "private key";
    }
    return "unknown";
}

inline constexpr std::string_view oid_signed_data = oids::signed_data.dotted();
inline constexpr std::string_view oid_enveloped_data = oids::enveloped_data.dotted();
inline constexpr std::string_view oid_pki_data = oids::cct_pki_data.dotted();
inline constexpr std::string_view oid_pki_response = oids::cct_pki_response.dotted();
inline constexpr std::string_view oid_scep_message_type = oids::scep_message_type.dotted();

// signed_content_kind classifies a CMS SignedData.
inline content_kind signed_content_kind(const signed_data_view& sd) {
    auto ect = sd.content_type();
    if (ect == oid_pki_data) return content_kind::cmc_request;
    if (ect == oid_pki_response) return content_kind::cmc_response;
    for (std::size_t i = 1, n = sd.signer_count(); i <= n; ++i)
        if (auto s = sd.signer_at(i))
            for (const attribute_entry& a : s->attributes)
                if (a.type == oid_scep_message_type) return content_kind::scep;
    return content_kind::pkcs7;
}

// identify returns the kind of `der`; unknown if it decodes as none of them.
inline content_kind identify(byte_view der) {
    if (auto ci = read_content_info(der)) {
        if (ci->type == oid_enveloped_data) return content_kind::enveloped;
        if (ci->type == oid_signed_data && ci->content)
            if (auto sd = read_signed_data_view(ci->content->whole, ci->content->offset)) return signed_content_kind(*sd);
        return content_kind::unknown;
    }
    if (read_csr(der)) return content_kind::request;
    if (read_certificate(der)) return content_kind::certificate;
    if (decode(module::pkix, "CertificateList", der, 0, crl_entries_offset(der))) return content_kind::crl;
    if (decode(module::cmp, "PKIMessage", der)) return content_kind::cmp;
    for (const char* key_type : {"PrivateKeyInfo", "RSAPrivateKey", "ECPrivateKey"})
        if (decode(module::pkix, key_type, der)) return content_kind::private_key;
    return content_kind::unknown;
}

}  // namespace certreq::asn1
