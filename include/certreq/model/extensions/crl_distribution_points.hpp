// model/extensions/crl_distribution_points.hpp: cRLDistributionPoints
// 2.5.29.31 (RFC 5280 §4.2.1.13). The local CA writes its own from its
// policy's URLs (x509/extensions/crl_distribution_points.hpp).
#pragma once
#include <string>
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct crl_distribution_points {
    static constexpr extension_id ids[] = {{oids::crl_distribution_points.dotted(), {}, local_ca::writes}};

    static constexpr std::string_view asn1_type = "CRLDistributionPoints";
    template <class Reader>
    static void dump(Reader& r) {
        auto list = r.array();
        for (std::size_t i = 1; i <= r.d.count(""); ++i) {
            std::string p = r.idx("", i);
            auto dp = r.object();
            std::string dpn = r.sub(p, "distributionPoint");
            if (r.d.choice(dpn) == "fullName") dp.add("fullName", r.general_names(r.sub(dpn, "fullName")));
            else if (auto rel = r.d.element(r.sub(dpn, "nameRelativeToCRLIssuer"))) dp.add("nameRelativeToCRLIssuer", r.sharp_hex(rel->whole));
            if (r.d.present(r.sub(p, "cRLIssuer"))) dp.add("cRLIssuer", r.general_names(r.sub(p, "cRLIssuer")));
            list.push(std::move(dp));
        }
        r.n.add("distributionPoints", std::move(list));
    }
};

}  // namespace certreq::model::ext
