// verbs/renew_from_policy.hpp: `certreq -enroll -PolicyServer URL -cert ID
// Renew [ReuseKeys]`: an installed certificate renewed through the CES
// endpoint its template's CAs name in the policy.
//
// The template is the certificate's own: the certificate template
// information extension (1.3.6.1.4.1.311.21.7, its templateID) or, for
// schema 1, the template name (1.3.6.1.4.1.311.20.2); a certificate with
// neither did not come from a template and is refused before anything is
// sent, as is one whose template the policy does not hold. The request is
// the local renewal's (verbs/renewal_request.hpp: a PKCS#7 SignedData
// signed by the old certificate's key, holding the PKCS#10 of a new key of
// the same kind, or with ReuseKeys of the old key; a key on a token only
// with ReuseKeys), sent as -submit sends a PKCS#7 ([MS-WSTEP]
// BinarySecurityToken, ValueType #PKCS7). The template's CA URIs marked
// renewalOnly are candidates too. An issued certificate is installed with
// the request's key.
#pragma once
#include <cerrno>
#include <optional>
#include <string>

#include "certreq/asn1/extension_views.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/verbs/enroll_from_policy.hpp"
#include "certreq/verbs/renewal_request.hpp"

namespace certreq::verbs::policy_enroll {

// certificate_template: the template a certificate names.
struct certificate_template {
    std::string oid;   // templateID (schema 2 and later)
    std::string name;  // the template name (schema 1)
};

inline std::optional<certificate_template> template_of(byte_view cert_der) {
    auto d = asn1::read_certificate(cert_der);
    if (!d) return std::nullopt;
    for (std::size_t i = 1, n = d->extension_count(); i <= n; ++i) {
        auto x = d->extension_at(i);
        if (!x) continue;
        const std::string& oid = x->oid;
        const asn1::tlv* v = &x->value;
        if (oid == oids::ms_certificate_template.dotted()) {
            if (auto id = asn1::read_template_id(v->content)) return certificate_template{*id, {}};
        } else if (oid == oids::ms_certificate_template_name.dotted()) {
            if (auto name = asn1::read_template_name(v->content)) return certificate_template{{}, *name};
        }
    }
    return std::nullopt;
}

// find_template: the policy's template of that OID, else of that name.
inline const xcep::policy_template* find_template(const xcep::policy_response& p, const certificate_template& want) {
    if (!want.oid.empty()) {
        for (auto& t : p.policies)
            if (t.oid == want.oid) return &t;
        return nullptr;
    }
    return p.find(want.name);
}

// renewal_target: -cert ID Renew [ReuseKeys].
struct renewal_target {
    std::string cert;  // -cert ID
    bool reuse_keys = false;
};

inline enroll_result renew(const http::transport& t, const settings& s, const renewal_target& what, store::key_store* user_keys,
                           store::key_store* machine_keys, new_options opt) {
    enroll_result out;
    auto fail = [&](std::string m, core::hresult hr) {
        out.error = std::move(m), out.hresult = hr;
        return std::move(out);
    };
    store::key_store* home = home_store(opt, user_keys, machine_keys);
    if (!home) return fail("no key store", core::hr::fail);
    auto c = store::resolve_certificate(*home, what.cert);
    if (!c) return fail("-cert: " + c.err().message, c.err().os_errno == ENOENT ? core::hr::crypt_not_found : c.err().hresult);
    auto want = template_of(c->der);
    if (!want)
        return fail("-cert: certificate " + c->thumbprint + " names no certificate template (neither 1.3.6.1.4.1.311.21.7 nor "
                    "1.3.6.1.4.1.311.20.2): renew it from its CA with -config",
                    core::hr::not_found);
    std::string problem;
    auto request = renewal_request(*c, *home, what.reuse_keys, opt.now, problem);
    if (!request) return fail("-cert: " + problem, core::hr::invalid_data);
    auto policy = policy_of(t, s, home, opt.now, out);
    if (!policy) return fail(policy.err().message, policy.err().hresult);
    const auto* tpl = find_template(*policy, *want);
    std::string named = want->oid.empty() ? "'" + soap_free(want->name) + "'" : want->oid;
    if (!tpl)
        return fail("-cert: the template of certificate " + c->thumbprint + " (" + named + ") is not in the policy of " + s.policy.url +
                        offered(*policy),
                    core::hr::not_found);
    core::hresult hr = core::hr::fail;
    if (auto why = endpoint_for(*policy, *tpl, s, true, out, hr); !why.empty()) return fail(why, hr);
    opt.machine_store = home == machine_keys;
    out.request = build_new(std::move(*request), "renewal of " + c->thumbprint, opt, user_keys, machine_keys);
    if (!out.request->ok) return out;
    submit_made(t, s, "the renewal of " + c->thumbprint, user_keys, machine_keys, opt, out);
    return out;
}

// renew_in_stores is renew with the stores opened.
inline enroll_result renew_in_stores(const http::transport& t, const settings& s, const renewal_target& what, const new_options& opt) {
    return in_stores(opt, [&](store::key_store* u, store::key_store* m) { return renew(t, s, what, u, m, opt); });
}

}  // namespace certreq::verbs::policy_enroll
