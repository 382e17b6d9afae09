// verbs/enroll_from_policy.hpp: `certreq -enroll -PolicyServer URL Template`:
// the policy from an AD CS enrollment policy service (CEP, [MS-XCEP]), the
// request made from the template it describes, and enrollment over the
// enrollment web service (CES, [MS-WSTEP]) the template's CAs name.
//
// The request, as certreq makes it from a template: the template's public
// key algorithm and minimal key length, its KeySpec and hash algorithm; the
// subject from the caller's defaults through the template's SubjectNameFlags
// (verbs/host_identity.hpp, as the local -enroll's SubjectNameFlags; a
// template whose enrollee supplies the subject gets CN = the user, or the
// host's DNS name with -machine); the template's extensions; and the template
// itself: certificate template information v2 (1.3.6.1.4.1.311.21.7: OID,
// major and minor revision) for schema 2 and later, the template name
// (1.3.6.1.4.1.311.20.2) for schema 1. The key goes to the store with the
// pending request, as -new does; an issued certificate is installed (as
// -accept); a pending one stays pending there (-retrieve, then -accept).
//
// The CES endpoint: of the template's CAs (cAReferences), the URIs for the
// authentication the caller has credentials for, not renewal-only, lowest
// priority first (nil after numbers), the first CA's first on ties.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/adcs/xcep_policy.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/model/attrib_option.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/requester.hpp"
#include "certreq/model/subject_flags.hpp"
#include "certreq/model/template_attribute.hpp"
#include "certreq/model/values.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/accept.hpp"
#include "certreq/verbs/cached_policy.hpp"
#include "certreq/verbs/cep_client.hpp"
#include "certreq/verbs/ces_client.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/request_defaults.hpp"
#include "certreq/x509/extension.hpp"

namespace certreq::verbs::policy_enroll {

namespace xcep = adcs::xcep;

// soap_free: untrusted text (a URI, a name) for a message, bounded to one line.
inline std::string soap_free(std::string_view s) { return adcs::soap::bounded(s); }

// template_information: CertificateTemplate (1.3.6.1.4.1.311.21.7, its DER
// by x509/extensions/certificate_template.hpp) of a template, or nothing when
// its OID is malformed.
inline std::optional<model::certificate_template_info> template_information(std::string_view oid, std::uint32_t major,
                                                                            std::uint32_t minor) {
    if (!der::is_valid_oid(oid)) return std::nullopt;
    return model::certificate_template_info{std::string(oid), major, minor};
}

// key_of: the key a template's public key algorithm OID asks for (empty: RSA,
// as schema 1 and 2 templates, which name none); nothing when unsupported.
inline std::optional<model::key_params> key_of(const xcep::private_key_attributes& k) {
    using model::curve;
    auto ec = [](curve c) { return model::key_params{model::key_algorithm::ec, c, 0, false}; };
    const std::string& o = k.algorithm_oid;
    if (o.empty() || o == oids::rsa_encryption.dotted()) return model::key_params{};
    if (o == oids::secp256r1.dotted()) return ec(curve::p256);
    if (o == oids::secp384r1.dotted()) return ec(curve::p384);
    if (o == oids::secp521r1.dotted()) return ec(curve::p521);
    if (o == oids::ec_public_key.dotted())  // id-ecPublicKey: the curve by the minimal key length
        return ec(k.minimal_key_length <= 256 ? curve::p256 : k.minimal_key_length <= 384 ? curve::p384 : curve::p521);
    return std::nullopt;
}

// hash_of: the hash a template's hash OID names (empty: certreq's default, SHA-256).
inline std::optional<model::hash_algorithm> hash_of(std::string_view oid) {
    if (oid.empty() || oid == oids::sha256.dotted()) return model::hash_algorithm::sha256;
    if (oid == oids::sha384.dotted()) return model::hash_algorithm::sha384;
    if (oid == oids::sha512.dotted()) return model::hash_algorithm::sha512;
    if (oid == oids::sha1.dotted()) return model::hash_algorithm::sha1;
    return std::nullopt;
}

// template_extensions: what the template puts in the request (its own
// extensions, and for schema 2 and later the template information).
inline core::result<std::vector<model::extension>, std::string> template_extensions(const xcep::policy_template& t) {
    std::vector<model::extension> out;
    if (t.policy_schema >= 2) {
        auto info = template_information(t.oid, t.major_revision, t.minor_revision);
        if (!info) return "template " + soap_free(t.common_name) + ": its OID " + soap_free(t.oid) + " is not a valid object identifier";
        out.push_back(model::extension{std::string(oids::ms_certificate_template.dotted()), false, std::move(*info), {}, false});
    }
    for (auto& x : t.extensions) {
        if (x.oid == oids::ms_certificate_template.dotted() || x.oid == oids::ms_certificate_template_name.dotted() || x.value.empty()) continue;
        if (!der::is_valid_oid(x.oid)) return "template " + soap_free(t.common_name) + ": extension OID " + soap_free(x.oid) + " is not valid";
        out.push_back(model::extension{x.oid, x.critical, model::raw_value{x.value}, {}, false});
    }
    return out;
}

// template_request: the request certreq makes from template `t` (built in
// code, never INF text): its key algorithm and minimal length, KeySpec and
// hash; the subject and SAN its SubjectNameFlags ask for, of `who` (a
// template whose enrollee supplies the subject: COMMON_NAME, the user, or the
// host with `machine`); the template as CertificateTemplate (schema 1) or its
// information extension (schema 2+); -attrib's attributes (`attrib`); the
// defaults -new adds; and the template's extensions, which replace a default of
// the same OID. A template this cannot make is an error; what the flags need
// and the caller lacks (an e-mail address, a DNS name) goes to `d`, as the
// INF's SubjectNameFlags would, and then nothing is returned with no error.
inline core::result<std::optional<model::request>> template_request(const xcep::policy_template& t, bool machine,
                                                                    const model::requester_identity& who, std::string_view attrib,
                                                                    diagnostics& d) {
    auto key = key_of(t.key);
    if (!key)
        return core::error("template " + soap_free(t.common_name) + ": public key algorithm " + soap_free(t.key.algorithm_oid) + " is not supported",
                           core::hr::not_supported);
    auto hash = hash_of(t.hash_algorithm_oid);
    if (!hash)
        return core::error("template " + soap_free(t.common_name) + ": hash algorithm " + soap_free(t.hash_algorithm_oid) + " is not supported",
                           core::hr::not_supported);
    auto exts = template_extensions(t);
    if (!exts) return core::error(exts.err(), core::hr::invalid_data);
    model::request r;
    r.key = *key;
    r.hash = *hash;
    r.machine_key_set = machine;
    if (std::uint32_t bits = t.key.minimal_key_length; key->algorithm == model::key_algorithm::rsa && bits) {
        // The limits -new's KeyLength has (model/lower.ipp).
        if (bits < 1024 || bits > 8192 || bits % 8)
            return core::error("template " + soap_free(t.common_name) + ": minimal RSA key length " + std::to_string(bits) +
                                   " is not 1024 to 8192 bits in whole bytes", core::hr::not_supported);
        r.key.rsa_bits = bits;
        if (bits < 2048) d.warning({}, "template: " + std::to_string(bits) + "-bit RSA keys are weak; the template allows them");
    }
    bool key_spec_given = t.key.key_spec && *t.key.key_spec <= 2;
    if (key_spec_given) r.key_spec = *t.key.key_spec;

    namespace F = model::subject_name_flags;
    std::uint32_t known = 0;
    for (auto& nv : model::subject_name_flag_names) known |= nv.value;
    std::uint32_t flags = t.subject_name_flags.value_or(0) & known & ~F::old_cert_supplies_subject_and_alt_name;
    if (!(flags & F::subject_mask)) flags |= F::require_common_name;  // the enrollee supplies it: the caller's name
    std::size_t errors = d.count(severity::error);
    auto names = model::names_from_flags(flags, who, machine, false, {}, d);
    if (t.policy_schema < 2) r.name_values.push_back({"CertificateTemplate", t.common_name, {}});
    auto more = model::parse_attrib_option(attrib, d);
    if (!names || d.count(severity::error) != errors) return std::optional<model::request>();
    if (names->subject) r.subject = std::move(*names->subject);
    if (names->san) r.extensions.push_back(std::move(*names->san));
    r.name_values.insert(r.name_values.end(), more.begin(), more.end());
    model::add_template_name(r);
    for (auto& e : r.extensions)  // a BMPString holds no character outside the BMP (nor malformed UTF-8)
        if (e.oid == oids::ms_certificate_template_name.dotted() && !x509::encode_extension_value(e.value))
            return core::error("template " + soap_free(std::get<model::template_name>(e.value).name) +
                                   ": the name cannot be written as a BMPString (a character outside the Basic Multilingual Plane, or not UTF-8)",
                               core::hr::invalid_data);
    request_defaults(r, key_spec_given);
    for (auto& e : *exts) {
        std::erase_if(r.extensions, [&](const model::extension& have) { return have.oid == e.oid; });
        r.extensions.push_back(std::move(e));
    }
    return std::optional<model::request>(std::move(r));
}

// endpoint: the CES URI chosen, or why none fits.
struct endpoint_choice {
    std::optional<xcep::ca_uri> uri;
    std::string problem;
};

// `renewal`: a renewal may also go to the URIs marked renewalOnly.
inline endpoint_choice choose_endpoint(const xcep::policy_response& p, const xcep::policy_template& t, std::uint32_t have,
                                       bool renewal = false) {
    std::vector<xcep::ca_uri> fits;
    std::vector<std::string> offered;
    for (auto ref : t.ca_references) {
        const auto* ca = p.ca(ref);
        if (!ca) continue;
        for (auto& u : ca->uris) {
            if (u.renewal_only && !renewal) continue;
            std::string kind(xcep::auth_name(u.client_authentication));
            if (std::find(offered.begin(), offered.end(), kind) == offered.end()) offered.push_back(kind);
            if (u.client_authentication == have) fits.push_back(u);
        }
    }
    std::stable_sort(fits.begin(), fits.end(), [](const xcep::ca_uri& a, const xcep::ca_uri& b) {
        return a.priority.value_or(UINT32_MAX) < b.priority.value_or(UINT32_MAX);
    });
    for (auto& u : fits)
        if (ces::is_ces_url(u.uri)) return {u, {}};
    std::string list;
    for (auto& o : offered) list.append(list.empty() ? "" : ", ").append(o);
    std::string have_name(xcep::auth_name(have));
    if (!fits.empty())
        return {std::nullopt, "template " + soap_free(t.common_name) + ": its CAs' " + have_name + " URIs are not enrollment web services (" +
                                  soap_free(fits.front().uri) + ")"};
    if (offered.empty()) return {std::nullopt, "template " + soap_free(t.common_name) + ": the policy names no CA enrollment service for it"};
    return {std::nullopt, "template " + soap_free(t.common_name) + ": its CAs take " + list + " authentication, and the options given use " +
                              have_name + " (-Kerberos, -UserName with -p, -ClientCertificate or -Anonymous choose)"};
}

struct enroll_result {
    std::optional<new_result> request;       // the -new part (its diagnostics start "template X (from the policy)")
    std::optional<adcs::answer> answer;      // what the CA decided
    std::optional<installed> certificate;    // issued and installed
    std::string ces_url;                     // where the request went
    std::string error;                       // a failure outside the request (policy, CES, store)
    core::hresult hresult = core::hr::fail;
    std::vector<std::string> notes;          // what the policy cache did (-v)
};

// settings: the policy service, the credentials for it and for CES (the same).
struct settings {
    cep::settings policy;
    std::uint32_t auth_kind = xcep::auth::kerberos;  // what the credentials are (xcep::auth::*)
    std::vector<std::pair<std::string, std::string>> attributes;  // -attrib, sent as CES AdditionalContext
};

// offered: the policy's template names for a message (ten at most).
inline std::string offered(const xcep::policy_response& p) {
    std::string names;
    std::size_t n = 0;
    for (auto& t : p.policies)
        if (++n <= 10) names.append(names.empty() ? "" : ", ").append(soap_free(t.common_name));
    if (n > 10) names += ", ...";
    return names.empty() ? std::string(" (it offers none)") : " (it offers " + names + ")";
}

// home_store: the store the request's key goes to (-machine's, else the user's).
inline store::key_store* home_store(const new_options& opt, store::key_store* user_keys, store::key_store* machine_keys) {
    return opt.machine_store.value_or(false) ? machine_keys : user_keys;
}

// policy_of: the policy through the cache of the store the key goes to.
inline adcs::result<xcep::policy_response> policy_of(const http::transport& t, const settings& s, const store::key_store* cache,
                                                     std::int64_t now, enroll_result& out) {
    auto p = cep::policy_with_cache(t, s.policy, cep::cache_identity(s.policy, s.auth_kind), cache, now);
    if (!p) return p.err();
    out.notes = std::move(p->notes);
    return std::move(p->policy);
}

// endpoint_for: the CES URI of template `tpl` for these credentials (into out.ces_url), or why none ("").
inline std::string endpoint_for(const xcep::policy_response& policy, const xcep::policy_template& tpl, const settings& s, bool renewal,
                                enroll_result& out, core::hresult& hr) {
    if (!tpl.enroll)
        return hr = core::hr::access_denied, "template " + soap_free(tpl.common_name) + ": the policy does not give you enroll permission";
    auto where = choose_endpoint(policy, tpl, s.auth_kind, renewal);
    if (!where.uri) return hr = core::hr::not_supported, where.problem;
    out.ces_url = where.uri->uri;
    if (s.policy.username_token && out.ces_url.rfind("https://", 0) != 0)
        return hr = core::hr::invalid_parameter, "template " + soap_free(tpl.common_name) + ": its CES URI " + soap_free(out.ces_url) +
                                                     " is not https://, and the password is sent over https:// only";
    return {};
}

// submit_made: the request build_new made (out.request) saved with its key,
// sent to out.ces_url, and an issued certificate installed with that key.
inline void submit_made(const http::transport& t, const settings& s, std::string_view what, store::key_store* user_keys,
                        store::key_store* machine_keys, const new_options& opt, enroll_result& out) {
    auto fail = [&](std::string m, core::hresult hr) { out.error = std::move(m), out.hresult = hr; };
    store::key_store* ks = out.request->machine ? machine_keys : user_keys;
    if (!ks) return fail(std::string("no ") + (out.request->machine ? "machine" : "user") + " store", core::hr::fail);
    if (auto saved = save_new(*out.request, *ks, {}, false, false); !saved) return fail(saved.err().message, saved.err().hresult);
    ces::settings c;
    c.url = out.ces_url;
    c.credentials = s.policy.credentials;
    c.username_token = s.policy.username_token;
    c.attributes = s.attributes;
    auto a = ces::submit(t, c, out.request->der, what);
    if (!a) return fail(a.err().message, a.err().hresult);
    out.answer = std::move(*a);
    if (out.answer->what != adcs::disposition::issued) return;
    auto inst = accept_file(out.answer->certificate, out.request->machine ? nullptr : ks, out.request->machine ? ks : nullptr, opt.access);
    if (!inst) return fail(inst.err().message, inst.err().hresult);
    out.certificate = std::move(*inst);
}

inline enroll_result enroll(const http::transport& t, const settings& s, const std::string& template_name,
                            store::key_store* user_keys, store::key_store* machine_keys, new_options opt) {
    enroll_result out;
    auto fail = [&](std::string m, core::hresult hr) {
        out.error = std::move(m), out.hresult = hr;
        return std::move(out);  // moved, not copied: it may hold the new key
    };
    auto policy = policy_of(t, s, home_store(opt, user_keys, machine_keys), opt.now, out);
    if (!policy) return fail(policy.err().message, policy.err().hresult);
    const auto* tpl = policy->find(template_name);
    if (!tpl)
        return fail("template '" + soap_free(template_name) + "' is not in the policy of " + s.policy.url + offered(*policy),
                    core::hr::not_found);
    core::hresult hr = core::hr::fail;
    if (auto why = endpoint_for(*policy, *tpl, s, false, out, hr); !why.empty()) return fail(why, hr);
    new_result& made = out.request.emplace();
    made.diags() = diagnostics("template " + soap_free(tpl->common_name) + " (from the policy)");
    auto req = template_request(*tpl, opt.machine_store.value_or(false), requester_of(opt.host), opt.attrib, made.diags());
    if (!req) return fail(req.err().message, req.err().hresult);
    if (!*req) return out;  // the flags' problems, in out.request's diagnostics
    made.request = std::move(**req);
    make_new(made, opt, user_keys, machine_keys);
    if (!made.ok) return out;
    submit_made(t, s, "the request from template " + soap_free(tpl->common_name), user_keys, machine_keys, opt, out);
    return out;
}

// in_stores calls `f(user_keys, machine_keys)` with the user and machine
// stores opened (the one -machine names, else the user store, must open).
template <typename F>
enroll_result in_stores(const new_options& opt, F f) {
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);
    bool machine = opt.machine_store.value_or(false);
    auto& home = machine ? machine_ks : user_ks;
    if (!home) {
        enroll_result out;
        out.error = home.err().message;
        out.hresult = home.err().hresult;
        return out;
    }
    return f(user_ks ? &*user_ks : nullptr, machine_ks ? &*machine_ks : nullptr);
}

// enroll_in_stores is enroll with the stores opened.
inline enroll_result enroll_in_stores(const http::transport& t, const settings& s, const std::string& template_name,
                                      const new_options& opt) {
    return in_stores(opt, [&](store::key_store* u, store::key_store* m) { return enroll(t, s, template_name, u, m, opt); });
}

}  // namespace certreq::verbs::policy_enroll
