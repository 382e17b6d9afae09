// model/extensions/info_access.hpp: authorityInfoAccess 1.3.6.1.5.5.7.1.1
// (RFC 5280 §4.2.2.1) and subjectInfoAccess 1.3.6.1.5.5.7.1.11 (§4.2.2.2):
// SEQUENCE OF AccessDescription. The local CA writes its own AIA
// (x509/extensions/authority_info_access.hpp).
#pragma once
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct info_access {
    static constexpr extension_id ids[] = {
        {oids::authority_info_access.dotted(), {}, local_ca::writes},
        {oids::subject_info_access.dotted()},
    };

    static constexpr std::string_view asn1_type = "AuthorityInfoAccessSyntax";
    template <class Reader>
    static void dump(Reader& r) {
        auto list = r.array();
        for (std::size_t i = 1; i <= r.d.count(""); ++i) {
            auto a = r.object();
            a.add("method", r.oid_label(r.d.oid(r.sub(r.idx("", i), "accessMethod")).value_or("?")));
            if (auto g = r.d.element(r.sub(r.idx("", i), "accessLocation"))) a.add("location", r.general_name(*g));
            list.push(std::move(a));
        }
        r.n.add("accessDescriptions", std::move(list));
    }
};

}  // namespace certreq::model::ext
