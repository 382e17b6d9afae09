// ca/issue.hpp: the certificates a local CA signs — its own self-signed
// certificate (`-ca init`) and one for an accepted request.
//
// Policy for a request (what "as the CA policy allows" means here):
//  - subject and public key: copied byte for byte from the request;
//  - requested extensions copied when their registry row says so
//    (local_ca_policy below: SAN, EKU, KU, basic constraints, policies, ...);
//    a request for cA = TRUE is refused when the CA's own path length is 0;
//    anything else is dropped and named in the disposition message;
//  - the CA writes SKI (SHA-1 of the key, RFC 5280 §4.2.1.2 (1)), AKI (its own
//    key id) and, when its policy names URLs, CDP and AIA;
//  - validity: now - ClockSkewMinutes .. now + ValidityPeriod, never past the
//    CA certificate's notAfter.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/extension_views.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/ca/csr.hpp"
#include "certreq/ca/policy.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/extension_registry.hpp"
#include "certreq/model/period.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/certificate.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/x509/extensions/authority_info_access.hpp"
#include "certreq/x509/extensions/authority_key_identifier.hpp"
#include "certreq/x509/extensions/crl_distribution_points.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::ca {

// local_ca_policy: what this CA does with a request's extension, from the
// extension registry's rows (model/extension_registry.hpp): SAN, EKU, KU,
// basic constraints (checked below), policies, S/MIME capabilities, template
// name, ... are copied; SKI, AKI, CDP and AIA the CA writes itself; an
// unregistered OID is dropped.
constexpr model::local_ca local_ca_policy(std::string_view oid) noexcept {
    const model::extension_id* id = model::find_extension(oid);
    return id ? id->ca : model::local_ca::drops;
}

// authority is the signing side: the CA certificate and key.
struct authority {
    bytes cert_der;
    bytes subject_der;  // tbsCertificate.subject of cert_der
    bytes key_id;       // its SubjectKeyIdentifier (or SHA-1 of its key)
    std::int64_t not_after = 0;
    std::optional<std::uint32_t> path_length;  // of its basicConstraints
    std::shared_ptr<const mbed::signer> key;   // software, or in an HSM (key_source in ca/authority.hpp)
};

namespace detail {

// key_identifier: SHA-1 of the subjectPublicKey BIT STRING contents of an SPKI.
inline std::optional<bytes> key_identifier(byte_view spki_der) {
    auto spki = asn1::read_public_key_info(spki_der);
    if (!spki) return std::nullopt;
    const auto& bits = spki->key;
    if (!bits) return std::nullopt;
    auto h = mbed::sha1(bits->bytes);
    return bytes(h.begin(), h.end());
}

inline void add_raw(std::vector<model::extension>& exts, std::string oid, bool critical, bytes value) {
    exts.push_back({std::move(oid), critical, model::raw_value{std::move(value)}, {}});
}

// basic_constraints_ca reads cA from a basicConstraints extnValue.
inline bool basic_constraints_ca(byte_view value) {
    auto bc = asn1::read_basic_constraints(value);
    return bc && bc->ca;
}

inline core::result<bytes> sign_tbs(const x509::tbs_fields& f, const mbed::signer& key, model::hash_algorithm h, bool pss) {
    auto tbs = x509::tbs_certificate(f);
    if (!tbs) return core::error("the certificate could not be encoded");
    auto sig = mbed::sign(key, h, pss, *tbs);
    if (!sig) return core::error(sig.err().message());
    return x509::certificate(*tbs, f.signature_algorithm_der, *sig);
}

}  // namespace detail

// issued_certificate is a signed certificate and what the policy left out.
struct issued_certificate {
    bytes der;
    std::vector<std::string> dropped;  // extension OIDs not copied
};

// issue_for_request signs a certificate for `csr` (whose signature was
// checked), or says why it cannot be made (the CA's policy denies it then).
inline core::result<issued_certificate> issue_for_request(const parsed_csr& csr, const authority& ca, const settings& s,
                                                          byte_view serial, std::int64_t now) {
    issued_certificate out;
    std::vector<model::extension> exts;
    for (auto& e : csr.extensions) {
        auto policy = local_ca_policy(e.oid);
        if (policy == model::local_ca::writes) continue;
        if (policy == model::local_ca::drops) {
            out.dropped.push_back(e.oid);
            continue;
        }
        if (e.oid == oids::basic_constraints.dotted() && detail::basic_constraints_ca(e.value) && ca.path_length && *ca.path_length == 0)
            return core::error("the request asks for a CA certificate (basicConstraints cA = TRUE) and this CA's path length is 0");
        detail::add_raw(exts, e.oid, e.critical, e.value);
    }
    auto ski = detail::key_identifier(csr.spki_der);
    if (!ski) return core::error("the request's public key does not decode");
    detail::add_raw(exts, std::string(oids::subject_key_identifier.dotted()), false, der::to_bytes(der::octet_string(*ski)));
    if (auto aki = x509::authority_key_identifier(ca.key_id)) detail::add_raw(exts, std::string(oids::authority_key_identifier.dotted()), false, std::move(*aki));
    if (auto cdp = x509::crl_distribution_points(s.cdp_urls)) detail::add_raw(exts, std::string(oids::crl_distribution_points.dotted()), false, std::move(*cdp));
    if (auto aia = x509::authority_info_access(s.aia_urls)) detail::add_raw(exts, std::string(oids::authority_info_access.dotted()), false, std::move(*aia));

    std::int64_t not_before = now - std::int64_t(s.clock_skew_minutes) * 60;
    std::int64_t not_after = std::min(model::add_period(now, s.issued_lifetime.unit, s.issued_lifetime.units), ca.not_after);
    if (not_after <= not_before) return core::error("the CA certificate has expired: it cannot issue");

    bytes alg = x509::signature_algorithm(ca.key->algorithm(), s.hash, s.pss);
    x509::tbs_fields f;
    f.serial = serial;
    f.signature_algorithm_der = alg;
    f.issuer_der = ca.subject_der;
    f.subject_der = csr.subject_der;
    f.not_before = not_before;
    f.not_after = not_after;
    f.spki_der = csr.spki_der;
    f.extensions = &exts;
    auto der = detail::sign_tbs(f, *ca.key, s.hash, s.pss);
    if (!der) return der.err();
    out.der = std::move(*der);
    return out;
}

// self_signed_ca makes the CA certificate of `-ca init`: the policy's
// extensions, then basicConstraints (cA, critical, PathLength), KeyUsage
// digitalSignature + keyCertSign + cRLSign (0x86, critical) unless the
// policy gives one, SKI and AKI (both the key's id).
inline core::result<bytes> self_signed_ca(const settings& s, const mbed::signer& key, byte_view serial, std::int64_t now) {
    auto spki = key.public_key_der();
    if (!spki) return core::error(spki.err().message());
    auto id = detail::key_identifier(*spki);
    if (!id) return core::error("the CA key does not encode");
    std::vector<model::extension> exts;
    bool has_ku = false;
    for (auto& x : s.ca_extensions) {
        if (x.oid == oids::subject_key_identifier.dotted() || x.oid == oids::authority_key_identifier.dotted() || x.oid == oids::basic_constraints.dotted()) continue;
        has_ku |= x.oid == oids::key_usage.dotted();
        exts.push_back(x);
    }
    exts.push_back({std::string(oids::basic_constraints.dotted()), true, model::basic_constraints{true, s.path_length}, {}});
    if (!has_ku) exts.push_back({std::string(oids::key_usage.dotted()), true, model::key_usage{0x86}, {}});
    exts.push_back({std::string(oids::subject_key_identifier.dotted()), false, model::subject_key_identifier{*id}, {}});
    if (auto aki = x509::authority_key_identifier(*id)) detail::add_raw(exts, std::string(oids::authority_key_identifier.dotted()), false, std::move(*aki));

    bool pss = s.pss && key.algorithm() == model::key_algorithm::rsa;
    bytes alg = x509::signature_algorithm(key.algorithm(), s.hash, pss);
    x509::tbs_fields f;
    f.serial = serial;
    f.signature_algorithm_der = alg;
    f.issuer = &s.subject;
    f.subject = &s.subject;
    f.not_before = now - std::int64_t(s.clock_skew_minutes) * 60;
    f.not_after = model::add_period(now, s.ca_lifetime.unit, s.ca_lifetime.units);
    f.spki_der = *spki;
    f.extensions = &exts;
    return detail::sign_tbs(f, key, s.hash, pss);
}

}  // namespace certreq::ca
