// model/extensions/extended_key_usage.hpp: extKeyUsage 2.5.29.37 (RFC 5280
// §4.2.1.12): SEQUENCE OF KeyPurposeId, in the order given.
//
//   2.5.29.37 = "{text}1.3.6.1.5.5.7.3.1, 1.3.6.1.5.5.7.3.2"
//
// Also [EnhancedKeyUsageExtension] (lower_section below).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct extended_key_usage { std::vector<std::string> oids; };

namespace ext {

struct extended_key_usage {
    using value = model::extended_key_usage;
    static constexpr extension_id ids[] = {{oids::ext_key_usage.dotted(), "EnhancedKeyUsage", local_ca::copies}};

    // parse_text: comma-separated OIDs (blank items from a trailing ',' skipped).
    template <class Body, class T = text_grammar>
    static std::optional<value> parse_text(const Body& body, std::string_view, typename T::diagnostics& d) {
        std::string_view s = body.view();
        value out;
        bool ok = true;
        std::size_t i = 0;
        while (i <= s.size()) {
            std::size_t c = s.find_first_of(",&", i);
            if (c == std::string_view::npos) c = s.size();
            const auto tr_b = T::trim_offsets(s, i, c); std::size_t b = tr_b.first, e = tr_b.second;
            if (b < e) {
                std::string_view oid = s.substr(b, e - b);
                if (!T::is_dotted_oid(oid)) {
                    d.error(body.at(b), "EnhancedKeyUsage: invalid object identifier " + T::quote(oid));
                    ok = false;
                } else {
                    out.oids.emplace_back(oid);
                }
            }
            if (c == s.size()) break;
            i = c + 1;
        }
        bool empty = out.oids.empty();
        return text_result(ok, empty, std::move(out), body, "EnhancedKeyUsage: no usages given", d);
    }

    // [EnhancedKeyUsageExtension]: repeatable OID= lines.
    static constexpr section_form sections[] = {{"EnhancedKeyUsageExtension", oids::ext_key_usage.dotted()}};
    template <class R>
    static std::optional<value> lower_section(R& r) {
        value out;
        for (auto& e : r.section.entries) {
            if (r.is(e, "OID")) {
                if (auto oid = r.oid(e, "EnhancedKeyUsageExtension OID")) out.oids.push_back(std::move(*oid));
            } else {
                r.skip(e);
            }
        }
        if (r.ok && out.oids.empty()) r.error(r.section.pos, "[" + r.section.name + "]: no OID= lines");
        return out;
    }

    static constexpr std::string_view asn1_type = "ExtKeyUsageSyntax";
    template <class Reader>
    static void dump(Reader& r) {
        auto list = r.array();
        for (std::size_t i = 1; i <= r.d.count(""); ++i) list.push(r.str(r.oid_label(r.d.oid(r.idx("", i)).value_or("?"))));
        r.n.add("purposes", std::move(list));
    }
};

}  // namespace ext
}  // namespace certreq::model
