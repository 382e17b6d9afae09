// x509/general_name.hpp: model::general_name -> GeneralName (RFC 5280 §4.2.1.6).
//
//   GeneralName ::= CHOICE {
//        otherName                       [0]     OtherName,
//        rfc822Name                      [1]     IA5String,
//        dNSName                         [2]     IA5String,
//        x400Address                     [3]     ORAddress,        -- not produced
//        directoryName                   [4]     Name,
//        ediPartyName                    [5]     EDIPartyName,     -- not produced
//        uniformResourceIdentifier       [6]     IA5String,
//        iPAddress                       [7]     OCTET STRING,
//        registeredID                    [8]     OBJECT IDENTIFIER }
//   OtherName ::= SEQUENCE {
//        type-id    OBJECT IDENTIFIER,
//        value      [0] EXPLICIT ANY DEFINED BY type-id }
//   GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
//
// The module is IMPLICIT TAGS, but Name is a CHOICE, so directoryName is
// effectively [4] EXPLICIT (a4 L 30 ...). Text that is not ASCII in an
// IA5String alternative fails the encoding (IDNs must arrive as punycode).
#pragma once
#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/strings.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/model/general_name.hpp"
#include "certreq/x509/name.hpp"
#include "certreq/x509/variant_value.hpp"

namespace certreq::x509 {

struct general_name_to_der {
    // otherName: a0 L { 06 oid, a0 L <value DER> }
    auto operator()(const model::other_name& n) const noexcept {
        return der::wrap<der::tag::context_constructed(0)>(der::oid_dotted(n.type_oid),
                                                           der::explicit_tag<0>(der::raw(n.value_der)));
    }
    auto operator()(const model::rfc822_name& n) const noexcept { return der::implicit_tag<1>(der::ia5_string(n.value)); }
    auto operator()(const model::dns_name& n) const noexcept { return der::implicit_tag<2>(der::ia5_string(n.value)); }
    auto operator()(const model::directory_name& n) const { return der::explicit_tag<4>(name_value(n.value)); }
    auto operator()(const model::uri_name& n) const noexcept { return der::implicit_tag<6>(der::ia5_string(n.value)); }
    auto operator()(const model::ip_address& n) const noexcept { return der::primitive<0x87>(byte_view(n.octets)); }
    auto operator()(const model::registered_id& n) const noexcept {
        return der::implicit_tag<8>(der::oid_dotted(n.oid));
    }
};

// general_name_value: one GeneralName as an encodable (borrows `n`).
using general_name_value = variant_value<model::general_name, general_name_to_der>;

// general_names_value: GeneralNames (SEQUENCE OF GeneralName, in order).
inline auto general_names_value(const model::general_names& names) {
    return der::sequence_of(names, [](const model::general_name& g) { return general_name_value(g); });
}

// encode_general_name returns one GeneralName's DER, or nullopt on an invalid OID.
inline std::optional<bytes> encode_general_name(const model::general_name& n) {
    return der::encode(general_name_value(n));
}

}  // namespace certreq::x509
