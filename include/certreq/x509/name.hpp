// x509/name.hpp: model::name -> Name (RFC 5280 §4.1.2.4).
//
//   Name ::= CHOICE { rdnSequence RDNSequence }
//   RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
//   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
//   AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
//
// RDNs are written in model order; the values of a multi-valued RDN in DER
// SET OF order. Each value is written as its model::string_kind says; `octet`
// values (CertStrToName's "#hex") are OCTET STRINGs of the raw bytes.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/strings.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/name.hpp"

namespace certreq::x509 {

// with_string calls `f` with the DER value of `text` as `kind`.
template <class F>
decltype(auto) with_string(model::string_kind kind, std::string_view text, F&& f) {
    using k = model::string_kind;
    switch (kind) {
        case k::printable: return f(der::printable_string(text));
        case k::ia5: return f(der::ia5_string(text));
        case k::bmp: return f(der::bmp_string(text));
        case k::teletex: return f(der::teletex_string(text));
        case k::numeric: return f(der::numeric_string(text));
        case k::octet: return f(der::octet_string(text));
        case k::utf8: break;
    }
    return f(der::utf8_string(text));
}

// string_value: a directory string of any model kind.
class string_value {
public:
    string_value(model::string_kind kind, std::string_view text) noexcept
        : kind_(kind), text_(text), size_(with_string(kind, text, [](const auto& v) { return v.encoded_size(); })) {}
    std::size_t encoded_size() const noexcept { return size_; }
    void write(der::writer& w) const noexcept {
        with_string(kind_, text_, [&](const auto& v) { v.write(w); });
    }

private:
    model::string_kind kind_;
    std::string_view text_;
    std::size_t size_;
};

// attribute_type_and_value: SEQUENCE { type, value }.
inline auto attribute_type_and_value(const model::attribute_value& a) noexcept {
    return der::sequence(der::oid_dotted(a.oid), string_value(a.kind, a.value));
}

// relative_distinguished_name: SET OF AttributeTypeAndValue (sorted).
inline auto relative_distinguished_name(const model::rdn& r) {
    return der::set_of(r, [](const model::attribute_value& a) { return attribute_type_and_value(a); });
}

// name_value: the Name of `n` as an encodable (borrows `n`). An empty name is `30 00`.
inline auto name_value(const model::name& n) {
    return der::sequence_of(n.rdns, [](const model::rdn& r) { return relative_distinguished_name(r); });
}

// encode_name returns the DER of `n`, or nullopt if an attribute type is not a valid OID.
inline std::optional<bytes> encode_name(const model::name& n) { return der::encode(name_value(n)); }

}  // namespace certreq::x509
