// model/extensions/alt_name.hpp: subjectAltName 2.5.29.17 and issuerAltName
// 2.5.29.18 (RFC 5280 §4.2.1.6, §4.2.1.7): GeneralNames.
//
//   2.5.29.17 = "{text}dns=a.example&ipaddress=::1&upn=u@d&"
//
// `uri=` is read as URL= with a warning (parse_general_name, model/text_tokens.hpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/ascii.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/model/general_name.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct alt_name { general_names names; };

namespace ext {

struct alt_name {
    using value = model::alt_name;
    static constexpr extension_id ids[] = {
        {oids::subject_alt_name.dotted(), "SubjectAltName", local_ca::copies},
        {oids::issuer_alt_name.dotted(), "IssuerAltName"},
    };

    template <class Body, class T = text_grammar>
    static std::optional<value> parse_text(const Body& body, std::string_view what, typename T::diagnostics& d) {
        auto toks = T::split_tokens(body, what, d);
        if (!toks) return std::nullopt;
        value out;
        bool ok = true;
        for (auto& t : *toks) {
            auto gn = T::parse_general_name(body, t, what, false, d);
            if (gn) out.names.push_back(std::move(*gn));
            else ok = false;
        }
        bool empty = out.names.empty();
        return text_result(ok, empty, std::move(out), body, std::string(what) + ": no names given", d);
    }

    static constexpr std::string_view asn1_type = "GeneralNames";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("names", r.general_names(""));
    }
};

}  // namespace ext
}  // namespace certreq::model
