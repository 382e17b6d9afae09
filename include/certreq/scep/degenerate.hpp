// scep/degenerate.hpp: the certs-only ("degenerate") PKCS#7 SignedData
// (RFC 8894 §3.4): no content, no signers, just certificates. SCEP sends
// issued certificates and RA/CA chains in it; certreq writes chains in it.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/der/der.hpp"

namespace certreq::scep {

// error: a problem in a SCEP message or reply, with the byte offset where known.
// error: the one error type (core/error.hpp), with the DER offset where known.
using error = core::error;
template <typename T>
using result = core::result<T>;

// degenerate_pkcs7 returns the certs-only PKCS#7 of `certs` (cms::certs_only:
// SignedData v1, no content, no signers, certificates in the order given,
// leaf first, as readers take the chain in that order). The certificates come
// from decoded messages; one that is not DER yields an empty result.
inline bytes degenerate_pkcs7(const std::vector<bytes>& certs) {
    auto p7 = cms::certs_only(certs);
    return p7 ? std::move(*p7) : bytes{};
}

// certificates_of reads the certificates of a PKCS#7/CMS SignedData (in a
// ContentInfo), in the order they are stored. `base`: offset of der[0] in the input.
inline result<std::vector<bytes>> certificates_of(byte_view der, std::size_t base = 0) {
    auto ci = asn1::read_content_info(der, base);
    if (!ci) return core::at_offset(ci.err().offset, ci.err().text());
    if (ci->type != std::string(asn1::oid_signed_data))
        return core::at_offset(base, "expected PKCS#7 signed data, found content type " + ci->type.value_or("?"));
    auto inner = ci->content;
    if (!inner) return core::at_offset(base, "ContentInfo: no content");
    auto sd = asn1::read_signed_data_view(inner->whole, inner->offset);
    if (!sd) return core::at_offset(sd.err().offset, sd.err().text());
    std::vector<bytes> out;
    auto certs = sd->certificates();
    for (std::size_t i = 0; i < certs.size(); ++i) {
        const asn1::tlv& c = certs[i];
        auto cert = asn1::read_certificate(c.whole, c.offset);
        if (!cert) return core::at_offset(cert.err().offset, "certificate " + std::to_string(i + 1) + ": " + cert.err().text());
        out.emplace_back(c.whole.begin(), c.whole.end());
    }
    return out;
}

}  // namespace certreq::scep
