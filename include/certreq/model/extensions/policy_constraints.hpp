// model/extensions/policy_constraints.hpp: policyConstraints 2.5.29.36 (RFC
// 5280 §4.2.1.11) and Microsoft's application policy constraints
// 1.3.6.1.4.1.311.21.12: both [n] IMPLICIT SkipCerts OPTIONAL.
//
// No {text} form: [PolicyConstraintsExtension] /
// [ApplicationPolicyConstraintsExtension] (lower_section below) or base64/{hex}.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct policy_constraints {
    std::optional<std::uint32_t> require_explicit_policy;
    std::optional<std::uint32_t> inhibit_policy_mapping;
};

namespace ext {

struct policy_constraints {
    using value = model::policy_constraints;
    static constexpr extension_id ids[] = {
        {oids::policy_constraints.dotted(), {}, local_ca::copies},
        {oids::ms_application_policy_constraints.dotted(), {}, local_ca::copies},
    };

    // [PolicyConstraintsExtension] / [ApplicationPolicyConstraintsExtension]:
    // RequireExplicitPolicy=n, InhibitPolicyMapping=n (at least one).
    static constexpr section_form sections[] = {
        {"PolicyConstraintsExtension", oids::policy_constraints.dotted()},
        {"ApplicationPolicyConstraintsExtension", oids::ms_application_policy_constraints.dotted()},
    };
    template <class R>
    static std::optional<value> lower_section(R& r) {
        value out;
        for (auto& e : r.section.entries) {
            bool require = r.is(e, "RequireExplicitPolicy");
            if (require || r.is(e, "InhibitPolicyMapping")) {
                if (auto n = r.number(e, e.key.view())) (require ? out.require_explicit_policy : out.inhibit_policy_mapping) = *n;
            } else {
                r.skip(e);
            }
        }
        if (r.ok && !out.require_explicit_policy && !out.inhibit_policy_mapping)
            r.error(r.section.pos, "[" + r.section.name + "]: needs RequireExplicitPolicy= or InhibitPolicyMapping=");
        return out;
    }

    static constexpr std::string_view asn1_type = "PolicyConstraints";
    template <class Reader>
    static void dump(Reader& r) {
        if (auto v = r.d.small_int("requireExplicitPolicy")) r.n.add("requireExplicitPolicy", r.num(*v));
        if (auto v = r.d.small_int("inhibitPolicyMapping")) r.n.add("inhibitPolicyMapping", r.num(*v));
    }
};

}  // namespace ext
}  // namespace certreq::model
