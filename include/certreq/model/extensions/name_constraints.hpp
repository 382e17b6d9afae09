// model/extensions/name_constraints.hpp: nameConstraints 2.5.29.30 (RFC 5280
// §4.2.1.10): permitted and excluded GeneralSubtrees.
//
//   2.5.29.30 = "{text}subtree=include&dns=a.example&subtree=exclude&ipaddress=10.0.0.0,255.0.0.0"
//
// `subtree=include|exclude` switches the list the following names go to.
// Also [NameConstraintsExtension] (lower_section below).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/ascii.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/model/general_name.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// GeneralSubtree minimum/maximum are always the defaults (omitted).
struct name_constraints {
    general_names permitted;
    general_names excluded;
};

namespace ext {

struct name_constraints {
    using value = model::name_constraints;
    static constexpr extension_id ids[] = {{oids::name_constraints.dotted(), "NameConstraints", local_ca::copies}};

    template <class Body, class T = text_grammar>
    static std::optional<value> parse_text(const Body& body, std::string_view what, typename T::diagnostics& d) {
        auto toks = T::split_tokens(body, what, d);
        if (!toks) return std::nullopt;
        value out;
        general_names* list = nullptr;
        bool ok = true;
        for (auto& t : *toks) {
            if (iequals(t.name, "subtree")) {
                if (iequals(t.value, "include")) list = &out.permitted;
                else if (iequals(t.value, "exclude")) list = &out.excluded;
                else {
                    d.error(body.at(t.value_at), std::string(what) + ": subtree must be include or exclude, got " + T::quote(t.value));
                    ok = false;
                }
                continue;
            }
            if (!list) {
                d.error(body.at(t.name_at), std::string(what) + ": a name needs subtree=include or subtree=exclude before it");
                ok = false;
                continue;
            }
            auto gn = T::parse_general_name(body, t, what, true, d);
            if (gn) list->push_back(std::move(*gn));
            else ok = false;
        }
        bool empty = out.permitted.empty() && out.excluded.empty();
        return text_result(ok, empty, std::move(out), body, std::string(what) + ": no subtrees given", d);
    }

    // [NameConstraintsExtension]: Include=/Exclude= name subtree sections whose
    // lines are general names (DNS=, Email=, UPN=, URL=, IPAddress=addr,mask, ...).
    static constexpr section_form sections[] = {{"NameConstraintsExtension", oids::name_constraints.dotted()}};
    template <class R>
    static std::optional<value> lower_section(R& r) {
        const auto& s = r.section;
        value out;
        for (auto& e : s.entries) {
            bool include = r.is(e, "Include");
            if (!include && !r.is(e, "Exclude")) {
                r.skip(e);
                continue;
            }
            auto v = r.trimmed(e.value);
            const auto* sub = r.referenced(v.pos, v.text, "subtree");
            if (!sub) continue;
            for (auto& se : sub->entries) {
                if (!se.has_key) {
                    r.unknown(*sub, se);
                    continue;
                }
                if (auto gn = r.subtree_name(*sub, se)) (include ? out.permitted : out.excluded).push_back(std::move(*gn));
            }
        }
        if (r.ok && out.permitted.empty() && out.excluded.empty()) r.error(s.pos, "[" + s.name + "]: no Include= or Exclude= subtrees");
        return out;
    }

    static constexpr std::string_view asn1_type = "NameConstraints";
    template <class Reader>
    static void dump(Reader& r) {
        for (const char* which : {"permittedSubtrees", "excludedSubtrees"}) {
            if (!r.d.present(which)) continue;
            auto list = r.array();
            for (std::size_t i = 1; i <= r.d.count(which); ++i)
                if (auto g = r.d.element(r.sub(r.idx(which, i), "base"))) list.push(r.general_name(*g));
            r.n.add(which, std::move(list));
        }
    }
};

}  // namespace ext
}  // namespace certreq::model
