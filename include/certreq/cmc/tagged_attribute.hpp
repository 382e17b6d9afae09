// cmc/tagged_attribute.hpp: the CMC control wrapper (RFC 5272 §3.2.1.2.1),
//
//   TaggedAttribute ::= SEQUENCE { bodyPartID BodyPartID, attrType OBJECT IDENTIFIER,
//                                  attrValues SET OF AttributeValue }
//
// shared by the request (cmc/request.hpp) and response (cmc/response.hpp) builders.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/der/der.hpp"

namespace certreq::cmc {

// BodyPartID ::= INTEGER (0..4294967295).
using body_part_id = std::uint32_t;

// control: one TaggedAttribute as read from a controlSequence.
struct control {
    body_part_id id = 0;
    std::string type;           // dotted OID
    std::vector<bytes> values;  // each AttributeValue DER
};

// tagged_attribute returns the DER of TaggedAttribute { id, type, SET { values... } };
// each value is one DER element. nullopt when `type` is not a dotted OID or a
// value is not one DER element.
inline std::optional<bytes> tagged_attribute(body_part_id id, std::string_view type, const std::vector<bytes>& values) {
    der::oid_dotted oid(type);
    if (!oid.valid()) return std::nullopt;
    for (const bytes& v : values)
        if (auto t = asn1::parse_one(v); !t || t->whole.size() != v.size() || asn1::validate_der(v)) return std::nullopt;
    return der::encode(der::sequence(der::integer(id), oid, der::set_of(values, [](const bytes& v) { return der::raw(v); })));
}

}  // namespace certreq::cmc
