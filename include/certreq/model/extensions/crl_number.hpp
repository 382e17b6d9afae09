// model/extensions/crl_number.hpp: cRLNumber 2.5.29.20 (RFC 5280 §5.2.3), a
// CRL extension: an INTEGER.
#pragma once
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct crl_number {
    static constexpr extension_id ids[] = {{oids::crl_number.dotted()}};

    static constexpr std::string_view asn1_type = "CRLNumber";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("value", r.integer_text(r.d.integer("").value_or(byte_view{})));
    }
};

}  // namespace certreq::model::ext
