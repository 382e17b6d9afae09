// model/extensions/smime_capabilities.hpp: SMIMECapabilities
// 1.2.840.113549.1.9.15 (RFC 4262, RFC 8551 §2.5.2): SEQUENCE OF
// { capabilityID, parameters ANY OPTIONAL }. Added for `SMIME = TRUE`; also
// read as a request attribute of the same OID.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct smime_capability {
    std::string oid;
    bytes parameters_der;  // empty = absent
};
struct smime_capabilities { std::vector<smime_capability> capabilities; };

namespace ext {

struct smime_capabilities {
    using value = model::smime_capabilities;
    static constexpr extension_id ids[] = {{oids::smime_capabilities.dotted(), {}, local_ca::copies}};

    static constexpr std::string_view asn1_type = "SMIMECapabilities";
    template <class Reader>
    static void dump(Reader& r) {
        auto list = r.array();
        for (std::size_t i = 1; i <= r.d.count(""); ++i) {
            std::string cap = r.oid_label(r.d.oid(r.sub(r.idx("", i), "capabilityID")).value_or("?"));
            if (auto prm = r.d.element(r.sub(r.idx("", i), "parameters"))) cap.append(" ").append(r.value_text(*prm));
            list.push(r.str(std::move(cap)));
        }
        r.n.add("capabilities", std::move(list));
    }
};

}  // namespace ext
}  // namespace certreq::model
