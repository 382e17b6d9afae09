// asn1/extension_value.hpp: finds one extension, by OID, in the Extensions
// list of a decoded certificate, request attribute or Extensions value.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/tlv.hpp"

namespace certreq::asn1 {

// extension_value returns the extnValue OCTET STRING (its content is the
// extension's DER) of the first extension `oid` in the Extensions at `list`
// ("" when `d` is itself an Extensions value), or nullopt when there is none.
inline std::optional<tlv> extension_value(const decoded& d, std::string_view list, std::string_view oid) {
    for (std::size_t i = 1, n = d.count(list); i <= n; ++i) {
        std::string p = list.empty() ? nth(i) : item(list, i);
        auto id = d.oid(p + ".extnID");
        if (id && *id == oid) return d.element(p + ".extnValue");
    }
    return std::nullopt;
}

// extension_inner returns the one DER element the extension's value holds
// (a subjectKeyIdentifier's OCTET STRING, a SEQUENCE, ...), offsets kept
// absolute; nullopt when absent or not exactly one element.
inline std::optional<tlv> extension_inner(const decoded& d, std::string_view list, std::string_view oid) {
    auto v = extension_value(d, list, oid);
    if (!v) return std::nullopt;
    return parse_one(v->content, v->content_offset());
}

}  // namespace certreq::asn1
