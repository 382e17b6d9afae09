// cmc/unwrap.hpp: what a CA needs from a submitted request, whatever its
// wrapping (spec §9.1-§9.3):
//
//   PKCS#10            CertificationRequest                       -> kind pkcs10
//   PKCS#7 renewal     SignedData { id-data, <PKCS#10> }          -> kind pkcs7
//   CMC                SignedData { id-cct-PKIData, PKIData {
//                        controls, { [0] { bodyPartID, <PKCS#10> } }, {}, {} } } -> kind cmc
//
// unwrap returns the inner PKCS#10 (copied), the request's bodyPartID, the
// certificates of the signers and whether every SignerInfo verified. A signer
// named by subjectKeyIdentifier with no certificate is checked against the
// request's own key (the CMC request signed by its new key, §9.2). The
// PKCS#10's own signature (proof of possession) is not checked here: the CA
// does that on the PKCS#10 (ca/csr.hpp). Input is DER (decode base64 first).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/cmc_views.hpp"
#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/cmc/control_reader.hpp"
#include "certreq/cmc/tagged_attribute.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/cms/signed_data_reader.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/hash.hpp"

namespace certreq::cmc {

enum class request_kind { pkcs10, pkcs7, cmc };

// kind_name: "PKCS10", "PKCS7" or "CMC", as certreq names request types.
inline const char* kind_name(request_kind k) noexcept {
    switch (k) {
        case request_kind::pkcs7: return "PKCS7";
        case request_kind::cmc: return "CMC";
        case request_kind::pkcs10: break;
    }
    return "PKCS10";
}

// unwrapped: the request inside, and what the wrapping said about it.
struct unwrapped {
    request_kind kind = request_kind::pkcs10;
    bytes pkcs10;                            // CertificationRequest DER
    body_part_id body_part = 1;              // the TaggedRequest's bodyPartID (1 otherwise)
    std::vector<bytes> certificates;         // every certificate of the SignedData
    std::vector<bytes> signer_certificates;  // per SignerInfo in order; empty when signed by the request key
    std::size_t signer_count = 0;
    bool signatures_verified = true;         // every SignerInfo verified (true when there are none)
    std::string problem;                     // the first signer check that failed
    std::vector<control> controls;           // CMC controlSequence
    std::string reg_info;                    // id-cmc-regInfo octets (URL-encoded name=value&...)
    std::vector<bytes> added_extensions;     // Extension DERs from id-cmc-addExtensions
    std::vector<bytes> cmc_attributes;       // Attribute DERs from Microsoft's CMC attributes control
};

namespace detail {

inline bytes copy(byte_view v) { return bytes(v.begin(), v.end()); }

inline cms::result<bool> read_pki_data(byte_view der, std::size_t base, unwrapped& out) {
    auto p = asn1::read_pki_data(der, base);
    if (!p) return core::at_offset(p.err().offset, p.err().text());
    out.controls = read_controls(p->controls());
    for (const control& ctl : out.controls) {
        if (ctl.type == oids::cmc_reg_info.dotted()) {
            for (const bytes& v : ctl.values)
                if (auto t = asn1::parse_one(v); t && t->is_universal(asn1::utag::octet_string))
                    out.reg_info += std::string(as_chars(t->content));
        } else if (ctl.type == oids::cmc_add_extensions.dotted()) {
            for (const bytes& v : ctl.values) {
                auto ae = asn1::read_add_extensions(v);
                if (!ae) return core::at_offset(base, "id-cmc-addExtensions control " + std::to_string(ctl.id) + ": " + ae.err().text());
                for (const asn1::tlv& e : ae->extensions) out.added_extensions.push_back(copy(e.whole));
            }
        } else if (ctl.type == oids::ms_cmc_attributes.dotted()) {
            for (const bytes& v : ctl.values) {
                auto ca = asn1::read_cmc_attributes(v);
                if (!ca) return core::at_offset(base, "CMC attributes control " + std::to_string(ctl.id) + ": " + ca.err().text());
                for (const asn1::attribute_entry& a : ca->attributes)
                    if (a.whole) out.cmc_attributes.push_back(copy(a.whole->whole));
            }
        }
    }
    std::size_t requests = p->request_count();
    if (requests == 0) return core::at_offset(base, "the CMC request carries no certification request (reqSequence is empty)");
    if (requests > 1) return core::at_offset(base, "the CMC request carries " + std::to_string(requests) + " requests; only one is supported");
    auto choice = p->request_kind(1).value_or("");
    if (choice != "tcr")
        return core::at_offset(base, "the CMC request's TaggedRequest is " + choice + ", not a PKCS#10 (tcr): not supported");
    out.body_part = body_part_id(p->tcr_body_part_id(1).value_or(0));
    auto csr = p->tcr_request(1);
    if (!csr) return core::at_offset(base, "the CMC TaggedCertificationRequest has no request");
    auto check = asn1::read_csr(csr->whole, csr->offset);
    if (!check) return core::at_offset(check.err().offset, "the CMC request's PKCS#10: " + check.err().text());
    out.pkcs10 = copy(csr->whole);
    return true;
}

}  // namespace detail

// request_key_of returns the SPKI of a PKCS#10 and the ids a CMC signer may
// name it by: its SKI extension (in the extensionRequest) first, then the
// SHA-1 of the key bits.
struct request_key {
    bytes spki;
    std::vector<bytes> ids;
};

inline std::optional<request_key> request_key_of(byte_view csr) {
    auto d = asn1::read_csr(csr);
    if (!d) return std::nullopt;
    request_key k;
    auto spki = d->spki();
    if (!spki) return std::nullopt;
    k.spki = detail::copy(spki->whole);
    // The SKI extension, wherever the extensionRequest puts it.
    for (std::size_t i = 1, n = d->attribute_count(); i <= n; ++i) {
        auto a = d->attribute_at(i);
        if (a.type != oids::extension_request.dotted() && a.type != oids::ms_cert_extensions.dotted()) continue;
        auto v = a.first();
        if (!v) continue;
        auto exts = asn1::read_extensions(v->whole);
        if (!exts) continue;
        auto id = exts->extension(oids::subject_key_identifier.dotted());
        if (id && id->is_universal(asn1::utag::octet_string)) k.ids.push_back(detail::copy(id->content));
    }
    if (auto bits = d->spki_bits()) {
        auto h = mbed::sha1(bits->bytes);
        k.ids.emplace_back(h.begin(), h.end());
    }
    return k;
}


// unwrap reads a submitted request (DER). Errors are for input that is not a
// request at all or is malformed; signatures that fail are reported in
// `signatures_verified` / `problem` so the CA can deny with a reason.
inline cms::result<unwrapped> unwrap(byte_view der) {
    unwrapped out;
    if (asn1::read_csr(der)) {
        out.pkcs10 = detail::copy(der);
        return out;
    }
    auto ci = asn1::read_content_info(der);
    if (!ci) return core::at_offset(0, "not a PKCS#10, PKCS#7 or CMC request: " + ci.err().text());
    auto sd = cms::read_signed_data(der);
    if (!sd) return sd.err();
    if (sd->content_type == oids::data.dotted()) {
        out.kind = request_kind::pkcs7;
        if (!sd->content) return core::at_offset(0, "the PKCS#7 request has no content");
        auto check = asn1::read_csr(*sd->content, sd->content_offset);
        if (!check) return core::at_offset(check.err().offset, "the PKCS#7 content is not a PKCS#10: " + check.err().text());
        out.pkcs10 = detail::copy(*sd->content);
    } else if (sd->content_type == oids::cct_pki_data.dotted()) {
        out.kind = request_kind::cmc;
        if (!sd->content) return core::at_offset(0, "the CMC request has no PKIData");
        auto r = detail::read_pki_data(*sd->content, sd->content_offset, out);
        if (!r) return r.err();
    } else {
        return core::at_offset(0, "the SignedData holds " + sd->content_type + ", not a PKCS#10 (id-data) or CMC PKIData");
    }
    for (byte_view c : sd->certificates) out.certificates.push_back(detail::copy(c));

    auto key = request_key_of(out.pkcs10);
    out.signer_count = sd->signers.size();
    if (sd->signers.empty()) {
        out.signatures_verified = false;
        out.problem = "the " + std::string(kind_name(out.kind)) + " request has no signer";
    }
    for (std::size_t i = 0; i < sd->signers.size(); ++i) {
        const cms::signer_info_view& s = sd->signers[i];
        bytes cert, spki;
        if (auto c = cms::find_signer_certificate(*sd, s)) {
            auto rc = cms::read_certificate(*c);
            if (rc) spki = detail::copy(rc->spki);
            cert = std::move(*c);
        } else if (s.by_key_id && key) {
            for (const bytes& id : key->ids)
                if (same_bytes(id, s.key_id)) spki = key->spki;
        }
        out.signer_certificates.push_back(cert);
        if (!out.signatures_verified) continue;  // keep the first problem
        if (spki.empty()) {
            out.signatures_verified = false;
            out.problem = cms::signer_name(s, i) + ": no certificate in the request and not the request's key";
            continue;
        }
        if (auto st = cms::verify_signer(*sd, i, spki); !st) {
            out.signatures_verified = false;
            out.problem = st.err().message;
        }
    }
    return out;
}

}  // namespace certreq::cmc
