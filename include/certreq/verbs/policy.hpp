// verbs/policy.hpp: the library side of
// `certreq -policy [-cert ID] RequestFileIn PolicyFileIn [RequestFileOut [PKCS10FileOut]]`
// (qualified subordination, cross-certification; spec §1.2, §5.3, §9.3).
//
// Input: a PKCS#10 (or a PKCS#7/CMC request around one), or a CA certificate
// to cross-certify. The policy INF's sections become extensions:
//   [PolicyStatementExtension] [ApplicationPolicyStatementExtension]
//   [PolicyMappingsExtension] [ApplicationPolicyMappingsExtension]
//   [PolicyConstraintsExtension] [ApplicationPolicyConstraintsExtension]
//   [NameConstraintsExtension] [BasicConstraintsExtension] [EnhancedKeyUsageExtension]
// (each lowered by the kind that reads it, as -new lowers them: model/sections.hpp).
//
// Output (RequestFileOut), as §9.3 observed:
//   CMC SignedData { id-cct-PKIData, PKIData {
//     controlSequence { [2] id-cmc-addExtensions { pkiDataReference 0, certReferences { 1 },
//                                                  the policy extensions },
//                       [3] id-cmc-regInfo "Name=Value&..." (from -attrib, when given) },
//     reqSequence { [0] { 1, the PKCS#10 } }, {}, {} } }
//   signed by the -cert key (v1, issuerAndSerialNumber, -cert certificate included).
//   The PKCS#10 is the input's, verbatim; for a CA certificate it is built
//   from the certificate (below).
// PKCS10FileOut: the request as one PKCS#10 — the input's subject, public key
//   and attributes, with the policy extensions merged into its extensionRequest
//   (an extension the policy names replaces the request's), signed by the -cert
//   key: the subject's own key is not ours to sign with, so this form carries
//   no proof of possession and a CA must trust the -cert signer for it. For a
//   CA certificate the subject, key and extensions (less the authority key
//   identifier, which names the old issuer) come from the certificate.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/asn1/views.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/cmc/request.hpp"
#include "certreq/cmc/unwrap.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/der/der.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/sections.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/verbs/signing_cert.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/csr.hpp"
#include "certreq/x509/extension.hpp"

namespace certreq::verbs {

struct policy_options {
    model::hash_algorithm hash = model::hash_algorithm::sha256;  // -HashAlgorithm
    bool pss = false;                                            // -AlternateSignatureAlgorithm
    std::string attrib;                                          // -attrib: into id-cmc-regInfo
};

// policy_result: diagnostics are in `inf.diags` (bound to the policy INF).
struct policy_result {
    inf::read_result inf;
    bool ok = false;
    bool from_certificate = false;          // the input was a CA certificate (cross-certification)
    std::vector<model::extension> extensions;  // what the policy INF asked for, in section order
    std::vector<bytes> extension_der;       // the same, encoded
    bytes pkcs10;                           // the PKCS#10 form (PKCS10FileOut)
    bytes cmc;                              // the CMC request (RequestFileOut)

    diagnostics& diags() noexcept { return inf.diags; }
};

// The policy sections -policy reads, in the order it writes their extensions.
inline constexpr std::string_view policy_sections[] = {
    "PolicyStatementExtension", "ApplicationPolicyStatementExtension", "PolicyMappingsExtension",
    "ApplicationPolicyMappingsExtension", "PolicyConstraintsExtension", "ApplicationPolicyConstraintsExtension",
    "NameConstraintsExtension", "BasicConstraintsExtension", "EnhancedKeyUsageExtension",
};
static_assert(model::lists_every_extension_section(policy_sections), "a registered extension section that -policy does not read");

// policy_extensions lowers the policy sections of `doc`, in that order.
inline std::vector<model::extension> policy_extensions(const inf::document& doc, diagnostics& d) {
    std::vector<model::extension> out;
    model::section_refs refs;
    for (auto name : policy_sections) {
        if (auto x = model::lower_extension_section(doc, name, refs, d)) out.push_back(std::move(*x));
    }
    return out;
}

namespace detail {

inline bytes policy_copy(byte_view v) { return bytes(v.begin(), v.end()); }

// extension_oid returns the extnID of an Extension DER ("" if unreadable).
inline std::string extension_oid(byte_view ext) {
    auto e = asn1::read_extension(ext);
    return e ? e->oid : std::string();
}

// merge_extensions: `base` without the OIDs `policy` has (and without `drop`), then `policy`.
inline std::vector<bytes> merge_extensions(const std::vector<bytes>& base, const std::vector<bytes>& policy,
                                           std::string_view drop = {}) {
    std::vector<std::string> replaced;
    for (const bytes& p : policy) replaced.push_back(extension_oid(p));
    std::vector<bytes> out;
    for (const bytes& b : base) {
        std::string oid = extension_oid(b);
        bool gone = oid == drop;
        for (const std::string& r : replaced) gone = gone || r == oid;
        if (!gone) out.push_back(b);
    }
    out.insert(out.end(), policy.begin(), policy.end());
    return out;
}

inline bytes extension_request_attribute(const std::vector<bytes>& exts) {
    return der::to_bytes(der::sequence(oids::extension_request,
                                       der::set_of(der::sequence_of(exts, [](const bytes& e) { return der::raw(e); }))));
}

// source_request: what the PKCS#10 form is made from.
struct source_request {
    bytes subject;                   // Name TLV
    bytes spki;                      // SubjectPublicKeyInfo TLV
    std::vector<bytes> attributes;   // Attribute TLVs other than the extensionRequest
    std::vector<bytes> extensions;   // Extension TLVs of the extensionRequest (or the certificate)
    bytes pkcs10;                    // the input PKCS#10, empty for a certificate
};

inline std::optional<source_request> from_csr(byte_view csr, std::string& why) {
    auto d = asn1::read_csr(csr);
    if (!d) return why = d.err().text(), std::nullopt;
    auto subject = d->subject();
    auto spki = d->spki();
    if (!subject || !spki) return why = "the request has no subject or public key", std::nullopt;
    source_request s;
    s.pkcs10 = policy_copy(csr);
    s.subject = policy_copy(subject->whole);
    s.spki = policy_copy(spki->whole);
    for (std::size_t i = 1, n = d->attribute_count(); i <= n; ++i) {
        auto a = d->attribute_at(i);
        if (!a.whole) continue;
        if (a.type != oids::extension_request.dotted()) {
            s.attributes.push_back(policy_copy(a.whole->whole));
            continue;
        }
        auto v = a.first();
        if (!v) return why = "the extensionRequest attribute does not decode", std::nullopt;
        auto exts = asn1::read_extensions(v->whole);
        if (!exts) return why = "the extensionRequest attribute does not decode", std::nullopt;
        for (std::size_t j = 1, m = exts->count(); j <= m; ++j)
            if (auto e = exts->at(j)) s.extensions.push_back(policy_copy(e->whole.whole));
    }
    return s;
}

inline std::optional<source_request> from_certificate(byte_view cert, std::string& why) {
    auto d = asn1::read_certificate(cert);
    if (!d) return why = d.err().text(), std::nullopt;
    auto subject = d->subject();
    auto spki = d->spki();
    if (!subject || !spki) return why = "the certificate has no subject or public key", std::nullopt;
    source_request s;
    s.subject = policy_copy(subject->whole);
    s.spki = policy_copy(spki->whole);
    for (std::size_t j = 1, m = d->extension_count(); j <= m; ++j)
        if (auto e = d->extension_at(j)) s.extensions.push_back(policy_copy(e->whole.whole));
    return s;
}

}  // namespace detail

// build_policy applies `policy_inf` to the request or certificate in
// `request_file` (PEM, base64 or DER) and signs the results with `signer`.
inline policy_result build_policy(byte_view request_file, std::string request_name, byte_view policy_inf,
                                  std::string policy_name, const signing_cert& signer, const policy_options& opt,
                                  mbed::rng_ref rng) {
    policy_result out;
    out.inf = inf::read(policy_inf, std::move(policy_name));
    diagnostics& d = out.diags();
    if (d.has_errors()) return out;
    out.extensions = policy_extensions(out.inf.doc, d);
    if (d.has_errors()) return out;
    if (out.extensions.empty()) {
        d.error({}, "no policy section ([PolicyStatementExtension], [BasicConstraintsExtension], "
                    "[EnhancedKeyUsageExtension], ...) in the policy file");
        return out;
    }
    if (!x509::check_extensions(out.extensions, d)) return out;
    for (const auto& e : out.extensions) out.extension_der.push_back(*x509::encode_extension(e));
    auto regs = model::parse_attrib_option(opt.attrib, d);
    if (d.has_errors()) return out;

    // The input: a request (any wrapping) or a CA certificate.
    auto in = pem::detect_and_decode(request_file);
    if (!in) return d.error({}, request_name + ": offset " + std::to_string(in.error->offset) + ": " + in.error->message), out;
    std::string why;
    std::optional<detail::source_request> src;
    if (asn1::read_certificate(in.der)) {
        out.from_certificate = true;
        src = detail::from_certificate(in.der, why);
    } else {
        auto u = cmc::unwrap(in.der);
        if (!u)
            return d.error({}, request_name + ": not a request or certificate (DER offset " + std::to_string(u.err().offset) + ": " +
                                       u.err().message + ")"),
                   out;
        if (u->kind != cmc::request_kind::pkcs10 && !u->signatures_verified)
            return d.error({}, request_name + ": the " + cmc::kind_name(u->kind) + " request's signature does not verify (" +
                                       u->problem + ")"),
                   out;
        src = detail::from_csr(u->pkcs10, why);
    }
    if (!src) return d.error({}, request_name + ": " + why), out;

    // The PKCS#10 form, signed by the -cert key.
    auto exts = detail::merge_extensions(src->extensions, out.extension_der,
                                         out.from_certificate ? oids::authority_key_identifier.dotted() : std::string_view{});
    std::vector<bytes> attrs = src->attributes;
    if (!exts.empty()) attrs.push_back(detail::extension_request_attribute(exts));
    auto info = der::encode(der::sequence(der::integer(0), der::raw(src->subject), der::raw(src->spki),
                                          der::implicit_tag<0>(der::set_of(attrs, [](const bytes& a) { return der::raw(a); }))));
    if (!info) return d.error({}, "the PKCS#10 could not be encoded"), out;
    bytes alg = x509::signature_algorithm(signer.key.signer().algorithm(), opt.hash, opt.pss);
    auto sig = mbed::sign(signer.key.signer(), opt.hash, opt.pss, *info, rng);
    if (!sig) return d.error({}, "-cert: signing failed: " + sig.err().message()), out;
    out.pkcs10 = x509::certification_request(*info, alg, *sig);

    // The CMC request around the input PKCS#10 (or the one just built).
    std::vector<bytes> controls;
    auto add = cmc::add_extensions_control(2, 0, {1}, out.extension_der);
    if (!add) return d.error({}, add.err().message), out;
    controls.push_back(std::move(*add));
    if (!regs.empty()) {
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto& nv : regs) pairs.emplace_back(nv.name, nv.value);
        auto ri = cmc::reg_info_control(3, cmc::reg_info_text(pairs));
        if (!ri) return d.error({}, ri.err().message), out;
        controls.push_back(std::move(*ri));
    }
    auto body = cmc::pki_data(out.from_certificate ? byte_view(out.pkcs10) : byte_view(src->pkcs10), 1, controls);
    if (!body) return d.error({}, body.err().message), out;
    cms::signed_data_fields f;
    f.content_type = std::string(oids::cct_pki_data.dotted());
    f.content = byte_view(*body);
    f.certificates = {signer.cert_der};
    cms::signer s;
    s.key = &signer.key.signer();
    s.digest = opt.hash;
    s.pss = opt.pss;
    s.cert = signer.cert_der;
    f.signers.push_back(std::move(s));
    auto cmc_der = cms::signed_data(f, rng);
    if (!cmc_der) return d.error({}, "CMC: " + cmc_der.err().message), out;
    out.cmc = std::move(*cmc_der);
    out.ok = !d.has_errors();
    return out;
}

}  // namespace certreq::verbs
