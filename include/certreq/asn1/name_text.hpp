// asn1/name_text.hpp: a Name as one line of text (`CN=a, O=b`), for -dump,
// the local CA's listings and -accept's "Subject:" line.
#pragma once
#include <string>

#include "certreq/oids/registry.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/terminal_text.hpp"

namespace certreq::asn1 {

// value_text shows an ANY value: strings as text, others as hex of the TLV.
inline std::string value_text(const tlv& t) {
    if (is_string_tag(t)) return string_text(t);
    if (t.is_universal(utag::integer)) return integer_text(t.content);
    if (t.is_universal(utag::oid)) return oid_string(t.content).value_or("?");
    if (t.is_universal(utag::utc_time) || t.is_universal(utag::generalized_time))
        return time_text(t);
    std::string out = "#";  // not "#" + hex(...): GCC 12 -O3 reports a false -Wrestrict there
    out += hex(t.whole);
    return out;
}

// name_text renders a Name TLV the Windows way, leaf first (`CN=a, O=b, C=US`
// for the DER order C, O, CN), as certutil and certreq print names and as
// certreq reads them back (model/subject.hpp); multi-valued RDNs are joined
// with " + " in DER order; values with separators are quoted.
inline std::string name_text(const tlv& name) {
    std::string out;
    reader rdns(name.content, name.content_offset());
    core::error e;
    auto bad = [&] { return out.empty() ? std::string("<bad name>") : "<bad name>, " + out; };
    while (!rdns.empty()) {
        auto rdn = rdns.next(&e);
        if (!rdn) return bad();
        std::string one;
        reader atvs(rdn->content, rdn->content_offset());
        bool first_atv = true;
        while (!atvs.empty()) {
            auto atv = atvs.next(&e);
            if (!atv) return bad();
            reader parts(atv->content, atv->content_offset());
            auto type = parts.next(&e);
            auto value = type ? parts.next(&e) : std::nullopt;
            if (!type || !value) return bad();
            std::string oid = oid_string(type->content).value_or("?");
            auto key = oids::display_name(oid);
            std::string v = terminal_text(value_text(*value));  // -accept and the CA listings print it
            if (v.find_first_of(",+=\"\n<>#;") != std::string::npos && v.front() != '#') {
                std::string q = "\"";
                for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
                v = q + '"';
            }
            one += first_atv ? "" : " + ";
            one += (key.empty() ? oid : std::string(key)) + '=' + v;
            first_atv = false;
        }
        out = out.empty() ? std::move(one) : std::move(one) + ", " + out;
    }
    return out;
}

}  // namespace certreq::asn1
