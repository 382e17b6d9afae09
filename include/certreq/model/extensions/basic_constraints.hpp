// model/extensions/basic_constraints.hpp: basicConstraints 2.5.29.19 (RFC
// 5280 §4.2.1.9): cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL.
//
//   2.5.29.19 = "{critical}{text}ca=1&pathlength=0"
//
// `pathlength` with ca=0 is dropped with a warning. Also
// [BasicConstraintsExtension] (lower_section below). Written after the INF's
// other extensions; the local CA copies it but refuses cA = TRUE under a CA
// whose own path length is 0 (ca/issue.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/ascii.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct basic_constraints {
    bool ca = false;
    std::optional<std::uint32_t> path_length;
};

namespace ext {

struct basic_constraints {
    using value = model::basic_constraints;
    static constexpr extension_id ids[] = {{oids::basic_constraints.dotted(), "BasicConstraints", local_ca::copies, 3}};

    // parse_text: `ca=0|1|true|false&pathlength=n`; empty = end entity.
    template <class Body, class T = text_grammar>
    static std::optional<value> parse_text(const Body& body, std::string_view, typename T::diagnostics& d) {
        auto toks = T::split_tokens(body, "BasicConstraints", d);
        if (!toks) return std::nullopt;
        value out;
        std::optional<std::size_t> path_at;
        bool ok = true;
        for (auto& t : *toks) {
            auto v = body.substr(t.value_at, t.value.size());
            if (iequals(t.name, "ca")) {
                // Microsoft's table prints `ca=0pathlength=3`, and INF files copy it:
                // point at the missing `&` rather than at a strange boolean.
                if (auto p = T::missing_ampersand_before(t.value, "pathlength")) {
                    d.error(body.at(t.value_at + *p), "BasicConstraints: missing '&' before \"pathlength\" (write ca=" +
                                                          std::string(t.value.substr(0, *p)) + "&" +
                                                          std::string(t.value.substr(*p)) + ")");
                    ok = false;
                    continue;
                }
                auto b = T::parse_bool(v, "BasicConstraints ca", d);
                if (b) out.ca = *b;
                else ok = false;
            } else if (iequals(t.name, "pathlength")) {
                auto n = T::parse_number(v, "BasicConstraints pathlength", d);
                if (n) out.path_length = std::uint32_t(*n), path_at = t.name_at;
                else ok = false;
            } else {
                d.error(body.at(t.name_at), "BasicConstraints: unknown token " + T::quote(t.name) + " (expected ca= or pathlength=)");
                ok = false;
            }
        }
        if (!ok) return std::nullopt;
        if (out.path_length && !out.ca) {
            d.warning(body.at(*path_at), "BasicConstraints: pathlength is ignored without ca=1");
            out.path_length.reset();
        }
        return out;
    }

    // [BasicConstraintsExtension]: cA is TRUE; PathLength= optional.
    static constexpr section_form sections[] = {{"BasicConstraintsExtension", oids::basic_constraints.dotted()}};
    template <class R>
    static std::optional<value> lower_section(R& r) {
        value out{true, std::nullopt};
        for (auto& e : r.section.entries) {
            if (r.is(e, "PathLength")) {
                if (auto n = r.number(e, "PathLength")) out.path_length = *n;
            } else {
                r.skip(e);
            }
        }
        return out;
    }

    static constexpr std::string_view asn1_type = "BasicConstraints";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("cA", r.boolean(r.d.boolean("cA").value_or(false)));
        if (auto p = r.d.small_int("pathLenConstraint")) r.n.add("pathLenConstraint", r.num(*p));
    }
};

}  // namespace ext
}  // namespace certreq::model
