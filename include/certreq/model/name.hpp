// model/name.hpp: an X.500 Name as plain data (RFC 5280 §4.1.2.4), in DER
// order. Built from a CertStrToName string by model/subject.hpp, encoded by
// x509/name.hpp.
#pragma once
#include <string>
#include <vector>

#include "certreq/core/position.hpp"

namespace certreq::model {

// string_kind is the ASN.1 type an attribute value is written as.
enum class string_kind {
    printable,  // PrintableString
    ia5,        // IA5String
    utf8,       // UTF8String
    bmp,        // BMPString (UTF-16BE)
    teletex,    // TeletexString (Latin-1 bytes)
    numeric,    // NumericString
    octet,      // OCTET STRING: a "#hex" value (CERT_RDN_OCTET_STRING)
};

// attribute_value is one AttributeTypeAndValue. `value` is UTF-8 text, or the
// raw bytes for string_kind::octet.
struct attribute_value {
    std::string oid;  // dotted, e.g. "2.5.4.3"
    string_kind kind = string_kind::utf8;
    std::string value;
    position pos{};   // where the value was written (for diagnostics)
};

// rdn is a RelativeDistinguishedName: more than one value is a multi-valued
// RDN ("CN=a+OU=b"); the encoder sorts it as DER SET OF requires.
using rdn = std::vector<attribute_value>;

struct name {
    std::vector<rdn> rdns;  // in DER order (first = outermost, as written unless reversed)
    bool empty() const noexcept { return rdns.empty(); }
};

}  // namespace certreq::model
