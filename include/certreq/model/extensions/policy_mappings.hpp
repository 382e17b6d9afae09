// model/extensions/policy_mappings.hpp: policyMappings 2.5.29.33 (RFC 5280
// §4.2.1.5) and Microsoft's application policy mappings 1.3.6.1.4.1.311.21.11:
// SEQUENCE OF { issuerDomainPolicy, subjectDomainPolicy }.
//
//   2.5.29.33 = "{text}oid=1.2.3&oid=1.2.4&1.5.6=1.5.7"
//
// Consecutive OIDs pair as issuer, subject; `A=B` is one pair. Also
// [PolicyMappingsExtension] / [ApplicationPolicyMappingsExtension] (lower_section below).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct policy_mapping {
    std::string issuer_domain;
    std::string subject_domain;
};
struct policy_mappings { std::vector<policy_mapping> mappings; };

namespace ext {

struct policy_mappings {
    using value = model::policy_mappings;
    static constexpr extension_id ids[] = {
        {oids::policy_mappings.dotted(), "PolicyMappings", local_ca::copies},
        {oids::ms_application_policy_mappings.dotted(), "ApplicationPolicyMappings", local_ca::copies},
    };

    template <class Body, class T = text_grammar>
    static std::optional<value> parse_text(const Body& body, std::string_view what, typename T::diagnostics& d) {
        auto toks = T::split_tokens(body, what, d);
        if (!toks) return std::nullopt;
        std::vector<std::pair<std::string_view, std::size_t>> list;
        bool ok = true;
        auto add = [&](std::string_view v, std::size_t at) {
            if (!T::is_dotted_oid(v)) {
                d.error(body.at(at), std::string(what) + ": invalid object identifier " + T::quote(v));
                ok = false;
            }
            list.emplace_back(v, at);
        };
        for (auto& t : *toks) {
            if (iequals(t.name, "oid")) {
                add(t.value, t.value_at);
            } else {
                add(t.name, t.name_at);
                add(t.value, t.value_at);
            }
        }
        if (!ok) return std::nullopt;
        if (list.empty() || list.size() % 2) {
            d.error(body.at(list.empty() ? 0 : list.back().second),
                    std::string(what) + ": policies must come in issuer, subject pairs");
            return std::nullopt;
        }
        value out;
        for (std::size_t k = 0; k < list.size(); k += 2)
            out.mappings.push_back({std::string(list[k].first), std::string(list[k + 1].first)});
        return out;
    }

    // [PolicyMappingsExtension] / [ApplicationPolicyMappingsExtension]: one
    // `<issuerDomainPolicy> = <subjectDomainPolicy>` line per mapping.
    // Decision: the key is the issuer's policy (the only third-party note
    // writes `<foreign> = <local>`).
    static constexpr section_form sections[] = {
        {"PolicyMappingsExtension", oids::policy_mappings.dotted()},
        {"ApplicationPolicyMappingsExtension", oids::ms_application_policy_mappings.dotted()},
    };
    template <class R>
    static std::optional<value> lower_section(R& r) {
        const auto& s = r.section;
        value out;
        for (auto& e : s.entries) {
            if (r.is(e, "Critical")) continue;
            if (!e.has_key) {
                r.unknown(s, e);
                continue;
            }
            auto k = r.trimmed(e.key);
            if (!r.is_dotted_oid(k.text)) {
                r.error(k.pos, "[" + s.name + "]: expected <issuer policy OID> = <subject policy OID>, got key " + r.quote(k.text));
                continue;
            }
            if (auto v = r.oid(e, "[" + s.name + "]")) out.mappings.push_back({k.str(), std::move(*v)});
        }
        if (r.ok && out.mappings.empty()) r.error(s.pos, "[" + s.name + "]: no mappings");
        return out;
    }

    static constexpr std::string_view asn1_type = "PolicyMappings";
    template <class Reader>
    static void dump(Reader& r) {
        auto list = r.array();
        for (std::size_t i = 1; i <= r.d.count(""); ++i) {
            auto m = r.object();
            m.add("issuerDomainPolicy", r.oid_label(r.d.oid(r.sub(r.idx("", i), "issuerDomainPolicy")).value_or("?")));
            m.add("subjectDomainPolicy", r.oid_label(r.d.oid(r.sub(r.idx("", i), "subjectDomainPolicy")).value_or("?")));
            list.push(std::move(m));
        }
        r.n.add("mappings", std::move(list));
    }
};

}  // namespace ext
}  // namespace certreq::model
