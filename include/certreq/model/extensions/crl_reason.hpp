// model/extensions/crl_reason.hpp: reasonCode 2.5.29.21 (RFC 5280 §5.3.1), a
// CRL entry extension: an ENUMERATED, shown with its name.
#pragma once
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct crl_reason {
    static constexpr extension_id ids[] = {{oids::crl_reason.dotted()}};

    // reasons: CRLReason's names by value (7 is unused).
    static constexpr std::string_view reasons[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", "", "removeFromCRL", "privilegeWithdrawn", "aACompromise"};

    static constexpr std::string_view asn1_type = "CRLReason";
    template <class Reader>
    static void dump(Reader& r) {
        auto v = r.d.small_int("");
        std::string text = r.integer_text(r.d.integer("").value_or(byte_view{}));
        if (v && *v >= 0 && std::size_t(*v) < std::size(reasons) && !reasons[*v].empty())
            text.append(" (").append(reasons[*v]).append(")");
        r.n.add("reason", text);
    }
};

}  // namespace certreq::model::ext
