// asn1/name_text.hpp: a Name as one line of text (`CN=a, O=b`), for -dump,
// the local CA's listings and -accept's "Subject:" line.
#pragma once
#include <string>

#include "certreq/asn1/oid_names.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"

namespace certreq::asn1 {

// value_text shows an ANY value: strings as text, others as hex of the TLV.
inline std::string value_text(const tlv& t) {
    if (is_string_tag(t)) return string_text(t);
    if (t.is_universal(utag::integer)) return integer_text(t.content);
    if (t.is_universal(utag::oid)) return oid_string(t.content).value_or("?");
    if (t.is_universal(utag::utc_time) || t.is_universal(utag::generalized_time))
        return time_text(t);
    return "#" + hex(t.whole);
}

// name_text renders a Name TLV as `CN=a, O=b` in DER order (multi-valued
// RDNs joined with " + "); values with separators are quoted.
inline std::string name_text(const tlv& name) {
    std::string out;
    reader rdns(name.content, name.content_offset());
    der_error e;
    while (!rdns.empty()) {
        auto rdn = rdns.next(&e);
        if (!rdn) return out + "<bad name>";
        reader atvs(rdn->content, rdn->content_offset());
        bool first_atv = true;
        while (!atvs.empty()) {
            auto atv = atvs.next(&e);
            if (!atv) return out + "<bad name>";
            reader parts(atv->content, atv->content_offset());
            auto type = parts.next(&e);
            auto value = type ? parts.next(&e) : std::nullopt;
            if (!type || !value) return out + "<bad name>";
            std::string oid = oid_string(type->content).value_or("?");
            auto key = oid_short_name(oid);
            std::string v = value_text(*value);
            if (v.find_first_of(",+=\"\n<>#;") != std::string::npos && v.front() != '#') {
                std::string q = "\"";
                for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
                v = q + '"';
            }
            out += first_atv ? (out.empty() ? "" : ", ") : " + ";
            out += (key.empty() ? oid : std::string(key)) + '=' + v;
            first_atv = false;
        }
    }
    return out;
}

}  // namespace certreq::asn1
