// asn1/extension_views.hpp: typed reads of the extension values the upper
// layers look into (the CA's basicConstraints, the template of a certificate
// being renewed, the DNS names -accept reports, the purposes a signing
// certificate allows). -dump reads every extension
// through its kind in model/extensions/; these are for decisions, not display.
// Each takes an extnValue's content (the extension's DER).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// basic_constraints_value: a BasicConstraints (RFC 5280 §4.2.1.9).
struct basic_constraints_value {
    bool ca = false;
    std::optional<std::int64_t> path_length;
};

inline core::result<basic_constraints_value> read_basic_constraints(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "BasicConstraints", der, base);
    if (!d) return d.error;
    return basic_constraints_value{d.value->boolean("cA").value_or(false), d.value->small_int("pathLenConstraint")};
}

// read_template_id: a CertificateTemplate's (1.3.6.1.4.1.311.21.7) templateID, dotted.
inline core::result<std::string> read_template_id(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "CertificateTemplate", der, base);
    if (!d) return d.error;
    auto id = d.value->oid("templateID");
    if (!id) return core::at_offset(base, "CertificateTemplate: no templateID");
    return *id;
}

// read_template_name: a CertificateTemplateName's (1.3.6.1.4.1.311.20.2) text.
inline core::result<std::string> read_template_name(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "CertificateTemplateName", der, base);
    if (!d) return d.error;
    auto name = d.value->text("");
    if (!name) return core::at_offset(base, "CertificateTemplateName: not a string");
    return *name;
}

// read_key_purposes: each KeyPurposeId of an ExtKeyUsageSyntax, dotted ("" for one that does not read).
inline core::result<std::vector<std::string>> read_key_purposes(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "ExtKeyUsageSyntax", der, base);
    if (!d) return d.error;
    std::vector<std::string> out;
    for (std::size_t j = 1, m = d.value->count(""); j <= m; ++j) out.push_back(d.value->oid(nth(j)).value_or(""));
    return out;
}

// general_name_view: one GeneralName (RFC 5280 §4.2.1.6), as read.
struct general_name_view {
    std::string kind;                 // the CHOICE's alternative: "dNSName", "rfc822Name", ...
    std::optional<std::string> text;  // for the string alternatives
    std::optional<tlv> whole;
};

core::result<std::vector<general_name_view>> read_general_names(bytes&&, std::size_t = 0) = delete;  // would dangle
// read_general_names: each GeneralName of a GeneralNames (a subjectAltName's value), in order.
inline core::result<std::vector<general_name_view>> read_general_names(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "GeneralNames", der, base);
    if (!d) return d.error;
    std::vector<general_name_view> out;
    for (std::size_t j = 1, m = d.value->count(""); j <= m; ++j) {
        std::string q = nth(j);
        general_name_view g;
        g.kind = d.value->choice(q).value_or("");
        if (!g.kind.empty()) g.text = d.value->text(q + "." + g.kind);
        g.whole = d.value->element(q);
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace certreq::asn1
