// model/extensions/inhibit_any_policy.hpp: inhibitAnyPolicy 2.5.29.54 (RFC
// 5280 §4.2.1.14): SkipCerts, an INTEGER.
#pragma once
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct inhibit_any_policy {
    static constexpr extension_id ids[] = {{oids::inhibit_any_policy.dotted()}};

    static constexpr std::string_view asn1_type = "InhibitAnyPolicy";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("value", r.integer_text(r.d.integer("").value_or(byte_view{})));
    }
};

}  // namespace certreq::model::ext
