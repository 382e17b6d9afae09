// ca/policy.hpp: a CAPolicy.inf -> the local CA's settings (`certreq -ca
// init`). The same INF machinery as -new: [Extensions], the policy-style
// sections and an optional [NewRequest] (our addition: Subject, KeyAlgorithm,
// KeyLength, HashAlgorithm, ValidityPeriod of the CA itself) are lowered by
// model::lower in ca_policy mode; this file reads what only a CA has.
//
// [certsrv_server] (spec §5.4):
//   RenewalKeyLength              RSA key size of the CA key (when [NewRequest] gives none)
//   RenewalValidityPeriod(Units)  lifetime of the CA certificate (default 10 years)
//   CRLPeriod(Units)              nextUpdate of each CRL (default 1 week)
//   ClockSkewMinutes              issued certificates start this much in the past (default 10)
//   AlternateSignatureAlgorithm   1: sign with RSASSA-PSS
//   HashAlgorithm/CNGHashAlgorithm  the CA's signature hash (default SHA256)
//   ValidityPeriod(Units)         lifetime of issued certificates (default 1 year; the
//                                 CA registry values of the same names), capped at the CA's
//   RequestDisposition            Issue (default) or Pending: leave requests for
//                                 `certreq -ca issue|deny` (the policy module setting)
//   CRLDelta*, CRLOverlap*, LoadDefaultTemplates, ForceUTF8, EnableKeyCounting: accepted, no effect (noted)
// [CRLDistributionPoint] / [AuthorityInformationAccess] URL=: written into
//   every issued certificate (the CA publishes there); `Empty = True` or no
//   URL: the extension is omitted.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/dates.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/subject.hpp"
#include "certreq/model/values.hpp"

namespace certreq::ca {

// period: n units of a ValidityPeriod.
struct period {
    model::validity::unit unit = model::validity::unit::years;
    std::uint32_t units = 1;
};

struct settings {
    model::name subject;                        // the CA's name
    model::key_params key;                      // for -ca init
    model::hash_algorithm hash = model::hash_algorithm::sha256;
    bool pss = false;
    period ca_lifetime{model::validity::unit::years, 10};
    period issued_lifetime{model::validity::unit::years, 1};
    period crl_period{model::validity::unit::weeks, 1};
    std::uint32_t clock_skew_minutes = 10;
    bool pend_all = false;                      // RequestDisposition = Pending
    std::vector<std::string> cdp_urls, aia_urls;
    std::vector<model::extension> ca_extensions;  // from the INF, for the CA certificate
    std::optional<std::uint32_t> path_length;   // [BasicConstraintsExtension] PathLength
    // [NewRequest] ProviderName / KeyContainer / Exportable: where -ca init makes
    // the key (an HSM through PKCS#11: verbs/ca_token.hpp); unset: software.
    std::string provider_name, key_container;
    bool exportable = false;
};

// default_subject is the CA's name when the policy gives none.
inline constexpr std::string_view default_subject = "CN=certreq Local CA";

namespace detail {

inline bool is_key(const inf::entry& e, std::string_view name) { return e.has_key && inf::iequals(model::trim_ref(e.key).text, name); }

// read_period fills `p` from `<prefix>` (unit) and `<prefix>Units` (count).
inline void read_period(const inf::section& s, std::string_view prefix, period& p, diagnostics& d) {
    std::string units_key = std::string(prefix) + "Units";
    for (auto& e : s.entries) {
        if (is_key(e, prefix)) {
            if (auto u = model::parse_validity_unit(e.value, d, prefix)) p.unit = *u;
        } else if (is_key(e, units_key)) {
            if (auto n = model::parse_number(e.value, units_key, d, 1000000)) p.units = std::uint32_t(*n);
        }
    }
}

inline std::optional<model::hash_algorithm> parse_hash(const located_text& v, diagnostics& d) {
    std::string s = model::trim_ref(v).str();
    for (auto& c : s) c = char(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (s.rfind("RSA", 0) == 0) {  // "RSASHA256" (seen in lab scripts) is not a CNG name
        d.warning(v.start(), "HashAlgorithm: " + model::quote(model::trim_ref(v).text) + " read as " + s.substr(3));
        s = s.substr(3);
    }
    if (s == "SHA1") return model::hash_algorithm::sha1;
    if (s == "SHA256") return model::hash_algorithm::sha256;
    if (s == "SHA384") return model::hash_algorithm::sha384;
    if (s == "SHA512") return model::hash_algorithm::sha512;
    d.error(v.start(), "HashAlgorithm: unknown hash " + model::quote(model::trim_ref(v).text) + " (SHA1, SHA256, SHA384, SHA512)");
    return std::nullopt;
}

inline void read_server(const inf::section& s, settings& out, bool key_given, diagnostics& d) {
    static constexpr std::string_view known[] = {
            "RenewalKeyLength", "RenewalValidityPeriod", "RenewalValidityPeriodUnits", "CRLPeriod", "CRLPeriodUnits",
            "ClockSkewMinutes", "AlternateSignatureAlgorithm", "HashAlgorithm", "CNGHashAlgorithm", "ValidityPeriod",
            "ValidityPeriodUnits", "RequestDisposition"};
    static constexpr std::string_view no_effect[] = {
            "CRLDeltaPeriod", "CRLDeltaPeriodUnits", "CRLOverlapPeriod", "CRLOverlapUnits", "CRLOverlapPeriodUnits",
            "LoadDefaultTemplates", "ForceUTF8", "EnableKeyCounting", "DiscreteSignatureAlgorithm"};
    read_period(s, "RenewalValidityPeriod", out.ca_lifetime, d);
    read_period(s, "CRLPeriod", out.crl_period, d);
    read_period(s, "ValidityPeriod", out.issued_lifetime, d);
    for (auto& e : s.entries) {
        if (!e.has_key) continue;
        auto key = model::trim_ref(e.key);
        if (is_key(e, "RenewalKeyLength")) {
            auto n = model::parse_number(e.value, "RenewalKeyLength", d, 16384);
            if (n && !key_given) out.key = {model::key_algorithm::rsa, model::curve::none, std::uint32_t(*n), false};
        } else if (is_key(e, "ClockSkewMinutes")) {
            if (auto n = model::parse_number(e.value, "ClockSkewMinutes", d, 1440)) out.clock_skew_minutes = std::uint32_t(*n);
        } else if (is_key(e, "AlternateSignatureAlgorithm")) {
            if (auto b = model::parse_bool(e.value, "AlternateSignatureAlgorithm", d)) out.pss = *b;
        } else if (is_key(e, "HashAlgorithm") || is_key(e, "CNGHashAlgorithm")) {
            if (auto h = parse_hash(e.value, d)) out.hash = *h;
        } else if (is_key(e, "RequestDisposition")) {
            auto v = model::trim_ref(e.value);
            if (inf::iequals(v.text, "Issue")) out.pend_all = false;
            else if (inf::iequals(v.text, "Pending")) out.pend_all = true;
            else d.error(v.pos, "RequestDisposition: expected Issue or Pending, got " + model::quote(v.text));
        } else {
            bool handled = false;
            for (auto k : known) handled = handled || inf::iequals(key.text, k);
            if (handled) continue;
            for (auto k : no_effect) handled = handled || inf::iequals(key.text, k);
            if (handled) d.note(key.pos, "[certsrv_server] " + key.str() + " has no effect on the local CA");
            else d.warning(key.pos, "[certsrv_server]: unknown key " + model::quote(key.text) + " ignored");
        }
    }
}

// read_urls collects URL= lines; `Empty = True` (or no URL) means none.
inline std::vector<std::string> read_urls(const inf::section& s, diagnostics& d) {
    std::vector<std::string> urls;
    bool empty = false;
    for (auto& e : s.entries) {
        if (is_key(e, "URL")) {
            auto v = model::trim_ref(e.value);
            if (v.text.find('%') != std::string_view::npos)
                d.warning(v.pos, "[" + s.name + "] URL: Windows CA variables (%1, %3, ...) are not expanded here");
            urls.push_back(v.str());
        } else if (is_key(e, "Empty")) {
            if (auto b = model::parse_bool(e.value, "Empty", d)) empty = *b;
        } else if (e.has_key) {
            d.warning(e.key.start(), "[" + s.name + "]: unknown key " + model::quote(model::trim_ref(e.key).text) + " ignored");
        }
    }
    if (empty && !urls.empty()) d.warning(s.pos, "[" + s.name + "]: Empty = True with URL lines: the URLs are ignored");
    if (empty) urls.clear();
    return urls;
}

}  // namespace detail

// read_policy lowers a CAPolicy.inf document. `ok` is false if an error was reported.
struct policy_result {
    settings value;
    bool ok = false;
};

inline policy_result read_policy(const inf::document& doc, diagnostics& d) {
    policy_result out;
    settings& s = out.value;
    s.key = {model::key_algorithm::ec, model::curve::p256, 0, false};
    std::size_t errors_before = d.count(severity::error);

    model::lower_options lo;
    lo.ca_policy = true;
    auto lowered = model::lower(doc, d, lo);
    const inf::section* nr = doc.find("NewRequest");
    bool key_given = false;
    if (nr) {
        const model::request& r = lowered.req;
        s.subject = r.subject;
        if (nr->find("KeyAlgorithm") || nr->find("KeyLength")) s.key = r.key, key_given = true;
        if (nr->find("HashAlgorithm")) s.hash = r.hash;
        if (nr->find("AlternateSignatureAlgorithm")) s.pss = r.alternate_signature;
        if (r.valid.period_given) s.ca_lifetime = {r.valid.period, r.valid.period_units};
        if (nr->find("ProviderName")) s.provider_name = r.defaults.provider_name;
        s.key_container = r.key_container;
        s.exportable = r.exportable || r.exportable_encrypted;
    }
    for (auto& x : lowered.req.extensions) {
        if (auto* bc = std::get_if<model::basic_constraints>(&x.value)) {
            s.path_length = bc->path_length;
            continue;  // the CA writes its own (cA = TRUE, critical)
        }
        s.ca_extensions.push_back(x);
    }
    if (const inf::section* srv = doc.find("certsrv_server")) detail::read_server(*srv, s, key_given, d);
    if (const inf::section* c = doc.find("CRLDistributionPoint")) s.cdp_urls = detail::read_urls(*c, d);
    if (const inf::section* a = doc.find("AuthorityInformationAccess")) s.aia_urls = detail::read_urls(*a, d);
    if (s.pss && s.key.algorithm != model::key_algorithm::rsa) {
        d.warning({}, "AlternateSignatureAlgorithm applies to RSA keys only; the CA signs with ECDSA");
        s.pss = false;
    }
    if (s.subject.empty()) {
        diagnostics scratch;
        auto n = model::parse_name(located_text(std::string(default_subject), {1, 1}), 0, scratch, "Subject", false);
        if (n) s.subject = std::move(*n);
    }
    out.ok = d.count(severity::error) == errors_before;
    return out;
}

}  // namespace certreq::ca
