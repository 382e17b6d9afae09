// ca/csr.hpp: what a CA needs from a PKCS#10 request (RFC 2986): the
// subject and public key exactly as written, the requested extensions (from
// the extensionRequest attribute) as raw DER, the certificate a renewal names
// (renewal-certificate attribute), and whether the signature verifies with the
// request's own key (proof of possession).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/views.hpp"
#include "certreq/asn1/signature_algorithm.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::ca {

// requested_extension is one Extension of the extensionRequest, kept as DER.
struct requested_extension {
    std::string oid;
    bool critical = false;
    bytes value;  // extnValue contents
};

struct parsed_csr {
    bytes subject_der;  // Name
    bytes spki_der;     // SubjectPublicKeyInfo
    std::vector<requested_extension> extensions;
    bytes renewal_cert;  // the renewal-certificate attribute's certificate (1.3.6.1.4.1.311.13.1, spec §9.1), if any
    bool signature_valid = false;
    std::string signature_problem;  // why it is not valid (empty when valid)
};

namespace detail {

inline constexpr std::string_view extension_request_oid = oids::extension_request.dotted();
inline constexpr std::string_view ms_extension_request_oid = oids::ms_cert_extensions.dotted();  // old Windows clients
inline constexpr std::string_view renewal_certificate_oid = oids::ms_renewal_certificate.dotted();   // szOID_RENEWAL_CERTIFICATE

// read_extensions appends the Extensions in `der` (at offset `base` of the request) to `out`.
inline core::status<> read_extensions(byte_view der, std::size_t base, std::vector<requested_extension>& out) {
    auto exts = asn1::read_extensions(der, base);
    if (!exts) return core::at_offset(exts.err().offset, "extensionRequest: " + exts.err().text());
    std::size_t n = exts->count();
    for (std::size_t i = 1; i <= n; ++i) {
        auto x = exts->at(i);
        if (!x || x->oid.empty()) return core::at_offset(base, "extensionRequest: extension " + std::to_string(i) + " is malformed");
        requested_extension e;
        e.oid = x->oid;
        e.critical = x->critical;
        auto v = x->value;
        e.value.assign(v.content.begin(), v.content.end());
        for (auto& seen : out)
            if (seen.oid == e.oid)
                return core::at_offset(v.offset, "extensionRequest: extension " + e.oid + " appears twice");
        out.push_back(std::move(e));
    }
    return {};
}

}  // namespace detail

// parse_csr decodes and checks `der`. A request whose signature does not
// verify still parses (signature_valid = false): the CA records and denies it.
// Failures carry the DER offset (core::error::offset).
inline core::result<parsed_csr> parse_csr(byte_view der) {
    auto d = asn1::read_csr(der);
    if (!d) return core::at_offset(d.err().offset, d.err().text());
    const asn1::csr_view& r = *d;
    parsed_csr out;
    auto info = r.info();
    auto subject = r.subject();
    auto spki = r.spki();
    auto alg = r.signature_algorithm();
    auto sig = r.signature();
    if (!info || !subject || !spki || !alg || !sig)
        return core::at_offset(0, "CertificationRequest: missing fields");
    out.subject_der.assign(subject->whole.begin(), subject->whole.end());
    out.spki_der.assign(spki->whole.begin(), spki->whole.end());

    std::size_t attrs = r.attribute_count();
    for (std::size_t i = 1; i <= attrs; ++i) {
        auto a = r.attribute_at(i);
        const std::string& type = a.type;
        if (type == detail::renewal_certificate_oid) {
            auto v = a.first();
            if (a.value_count() != 1 || !v)
                return core::at_offset(info->offset, "the renewal-certificate attribute must have exactly one value");
            out.renewal_cert.assign(v->whole.begin(), v->whole.end());
            continue;
        }
        if (type != detail::extension_request_oid && type != detail::ms_extension_request_oid) continue;
        if (a.value_count() != 1) return core::at_offset(info->offset, "extensionRequest must have exactly one value");
        auto v = a.first();
        if (!v) return core::at_offset(info->offset, "extensionRequest: no value");
        if (auto st = detail::read_extensions(v->whole, v->offset, out.extensions); !st) return st.err();
    }

    auto a = asn1::parse_signature_algorithm(alg->whole, alg->offset);
    if (!a.hash) {
        out.signature_problem = "unsupported signature algorithm " + asn1::algorithm_name(a.oid);
    } else if (sig->bit_count % 8 != 0) {
        out.signature_problem = "the signature BIT STRING has unused bits";
    } else {
        auto ok = mbed::verify(out.spki_der, *a.hash, a.pss, info->whole, sig->bytes);
        if (!ok) out.signature_problem = ok.err().message();
        else if (!*ok) out.signature_problem = "the signature does not verify with the request's public key";
        else out.signature_valid = true;
    }
    return out;
}

}  // namespace certreq::ca
