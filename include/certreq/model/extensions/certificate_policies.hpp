// model/extensions/certificate_policies.hpp: certificatePolicies 2.5.29.32
// (RFC 5280 §4.2.1.4) and Microsoft's application policies
// 1.3.6.1.4.1.311.21.10 (same syntax).
//
//   2.5.29.32 = "{text}OID=1.2.3&URL=http://cps/&Notice=Hi"
//
// Each `OID=` starts a policy; `URL=` (CPS) and `Notice=` (user notice)
// qualify the latest one; `Flags=` and `GUID=` are ignored with a warning.
// Also [PolicyStatementExtension] / [ApplicationPolicyStatementExtension]
// (lower_section below).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// A policy qualifier: CPS pointer (IA5String URI) or user notice (explicitText).
struct policy_qualifier {
    enum class kind { cps, user_notice } type = kind::cps;
    std::string text;
};
struct policy_information {
    std::string oid;
    std::vector<policy_qualifier> qualifiers;
};
struct certificate_policies { std::vector<policy_information> policies; };

namespace ext {

struct certificate_policies {
    using value = model::certificate_policies;
    static constexpr extension_id ids[] = {
        {oids::certificate_policies.dotted(), "CertificatePolicies", local_ca::copies},
        {oids::ms_application_policies.dotted(), "ApplicationPolicies", local_ca::copies},
    };

    template <class Body, class T = text_grammar>
    static std::optional<value> parse_text(const Body& body, std::string_view what, typename T::diagnostics& d) {
        auto toks = T::split_tokens(body, what, d);
        if (!toks) return std::nullopt;
        value out;
        bool ok = true;
        for (auto& t : *toks) {
            auto err = [&](std::size_t off, std::string msg) {
                d.error(body.at(off), std::string(what) + ": " + std::move(msg));
                ok = false;
            };
            if (iequals(t.name, "OID")) {
                if (!T::is_dotted_oid(t.value)) err(t.value_at, "invalid object identifier " + T::quote(t.value));
                else out.policies.push_back({std::string(t.value), {}});
            } else if (iequals(t.name, "URL") || iequals(t.name, "Notice")) {
                if (out.policies.empty()) {
                    err(t.name_at, std::string(t.name) + "= must follow an OID= token");
                    continue;
                }
                bool url = iequals(t.name, "URL");
                if (url && !T::ia5_check(body, t.value_at, t.value, what, d)) {
                    ok = false;
                    continue;
                }
                out.policies.back().qualifiers.push_back(
                    {url ? policy_qualifier::kind::cps : policy_qualifier::kind::user_notice, std::string(t.value)});
            } else if (iequals(t.name, "Flags") || iequals(t.name, "GUID")) {
                d.warning(body.at(t.name_at), std::string(what) + ": " + std::string(t.name) + "= has no standard encoding and is ignored");
            } else {
                err(t.name_at, "unknown token " + T::quote(t.name) + " (expected OID=, URL= or Notice=)");
            }
        }
        bool empty = out.policies.empty();
        return text_result(ok, empty, std::move(out), body, std::string(what) + ": no OID= given", d);
    }

    // [PolicyStatementExtension] / [ApplicationPolicyStatementExtension]:
    // `Policies = A, B` names sections holding one OID= each, with URL=
    // (CPS) and Notice= qualifiers.
    static constexpr section_form sections[] = {
        {"PolicyStatementExtension", oids::certificate_policies.dotted()},
        {"ApplicationPolicyStatementExtension", oids::ms_application_policies.dotted()},
    };
    template <class R>
    static std::optional<value> lower_section(R& r) {
        const auto& s = r.section;
        value out;
        for (auto& e : s.entries) {
            if (!r.is(e, "Policies")) {
                r.skip(e);
                continue;
            }
            r.each_item(e.value, [&](std::string_view name, std::size_t at) {
                if (auto* ps = r.referenced(e.value.at(at), name, "policy")) {
                    if (auto info = policy_section(r, *ps)) out.policies.push_back(std::move(*info));
                }
            });
        }
        if (r.ok && out.policies.empty()) r.error(s.pos, "[" + s.name + "]: no Policies = list");
        return out;
    }

    // policy_section: one policy's section: OID= (exactly one), URL=, Notice=.
    template <class R, class Section>
    static std::optional<policy_information> policy_section(R& r, const Section& ps) {
        policy_information info;
        for (auto& pe : ps.entries) {
            if (r.is(pe, "OID")) {
                if (!info.oid.empty()) r.error(pe.key.start(), "[" + ps.name + "]: a second OID= (one policy per section)");
                else if (auto o = r.oid(pe, "OID")) info.oid = std::move(*o);
            } else if (r.is(pe, "URL")) {
                info.qualifiers.push_back({policy_qualifier::kind::cps, r.trimmed(pe.value).str()});
            } else if (r.is(pe, "Notice")) {
                info.qualifiers.push_back({policy_qualifier::kind::user_notice, r.trimmed(pe.value).str()});
            } else {
                r.unknown(ps, pe);
            }
        }
        if (info.oid.empty()) {
            r.error(ps.pos, "[" + ps.name + "]: policy section without OID=");
            return std::nullopt;
        }
        return info;
    }

    static constexpr std::string_view asn1_type = "CertificatePolicies";
    template <class Reader>
    static void dump(Reader& r) {
        auto list = r.array();
        for (std::size_t i = 1; i <= r.d.count(""); ++i) {
            std::string p = r.idx("", i);
            auto pol = r.object();
            pol.add("policy", r.oid_label(r.d.oid(r.sub(p, "policyIdentifier")).value_or("?")));
            std::string qs = r.sub(p, "policyQualifiers");
            if (std::size_t nq = r.d.count(qs)) {
                auto quals = r.array();
                for (std::size_t j = 1; j <= nq; ++j) {
                    std::string q = r.idx(qs, j);
                    std::string qid = r.d.oid(r.sub(q, "policyQualifierId")).value_or("?");
                    auto qn = r.object();
                    auto qv = r.d.element(r.sub(q, "qualifier"));
                    if (qid == oids::qt_cps.dotted() && qv) {
                        qn.add("cps", r.value_text(*qv));
                    } else if (qid == oids::qt_unotice.dotted() && qv) {
                        auto un = r.decode("UserNotice", *qv);
                        if (un && un.value->present("explicitText")) qn.add("userNotice", un.value->text("explicitText").value_or(""));
                        else qn.add("userNotice", r.sharp_hex(qv->whole));
                    } else {
                        qn.add("qualifier", r.oid_label(qid));
                        if (qv) qn.add("value", r.sharp_hex(qv->whole));
                    }
                    quals.push(std::move(qn));
                }
                pol.add("qualifiers", std::move(quals));
            }
            list.push(std::move(pol));
        }
        r.n.add("policies", std::move(list));
    }
};

}  // namespace ext
}  // namespace certreq::model
