// model/text_extensions.hpp: [Extensions] values (spec §4.1) -> model
// extension values; a `{text}` body (spec §4.4) goes to the grammar of the
// kind registered for its OID (model/extensions/*.hpp).
//
//   2.5.29.17 = "{text}dns=a.example&ipaddress=::1&upn=u@d&"
//   2.5.29.19 = "{critical}{text}ca=1&pathlength=0"
//   2.5.29.15 = AwIBBg==            (raw DER, base64, padding optional)
//   1.3.6.1.5.5.7.48.1.5 = {hex}05 00
//
// Decisions: `Empty` is DER NULL (05 00) with a warning; a top-level
// `{octet}`/`{utf8}` wraps the bytes in an OCTET STRING/UTF8String; in basic
// constraints `pathlength` with ca=0 is dropped with a warning; policy `Flags=`
// and `GUID=` tokens are ignored with a warning; SAN `uri=` is read as URL=
// with a warning; policy mappings pair consecutive OIDs as issuer, subject.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/extension_registry.hpp"
#include "certreq/model/text_tokens.hpp"
#include "certreq/model/values.hpp"

namespace certreq::model {

// ---- top-level value forms (§4.1) ------------------------------------------------

// parsed_value is one [Extensions] value: `absent` for an empty value (no extension).
struct parsed_value {
    bool critical = false;
    bool absent = false;
    extension_value value;
};

// text_form_name returns what the {text} grammar for `oid` is called, or "" if none.
constexpr std::string_view text_form_name(std::string_view oid) noexcept {
    const extension_id* id = find_extension(oid);
    return id ? id->text_name : std::string_view{};
}

// parse_text_extension dispatches a `{text}` body to the grammar of the
// registered kind that covers `oid` (model/extension_registry.hpp).
inline std::optional<extension_value> parse_text_extension(std::string_view oid, const located_text& body,
                                                           std::size_t text_at, const located_text& whole, diagnostics& d) {
    std::optional<extension_value> out;
    bool known = with_extension_kind(oid, [&](auto kind) {
        using K = typename decltype(kind)::type;
        if constexpr (requires { K::parse_text(body, oid, d); }) {
            std::string_view what = text_form_name(oid);
            if (auto v = K::parse_text(body, what, d)) out.emplace(std::move(*v));
            return true;
        } else if constexpr (requires { K::no_text_form; }) {
            d.error(whole.at(text_at), std::string(K::no_text_form));
            return true;
        } else {
            return false;
        }
    });
    if (!known) d.error(whole.at(text_at), "extension " + std::string(oid) + " has no {text} form: give its DER as base64 or {hex}");
    return out;
}

// parse_extension_value reads one [Extensions] value for `oid`.
inline std::optional<parsed_value> parse_extension_value(std::string_view oid, const located_text& value, diagnostics& d) {
    std::string_view s = value.view();
    const auto tr_b = trim_offsets(s); std::size_t b = tr_b.first, e = tr_b.second;
    parsed_value out;
    auto prefixed = [&](std::string_view p) { return e - b >= p.size() && inf::iequals(s.substr(b, p.size()), p); };
    if (prefixed("{critical}")) {
        out.critical = true;
        b += 10;
        while (b < e && is_space(s[b])) ++b;
    }
    if (b == e) {
        out.absent = true;
        return out;
    }
    if (prefixed("{text}")) {
        auto body = value.substr(b + 6, e - b - 6);
        auto v = parse_text_extension(oid, body, b, value, d);
        if (!v) return std::nullopt;
        out.value = std::move(*v);
        return out;
    }
    auto raw = [&](std::size_t skip, std::uint8_t wrap) -> std::optional<parsed_value> {
        auto bytes_ = decode_prefixed_bytes(value, b + skip, s.substr(b + skip, e - b - skip), "extension " + std::string(oid), d);
        if (!bytes_) return std::nullopt;
        out.value = raw_value{wrap ? der_tlv(wrap, *bytes_) : std::move(*bytes_)};
        return out;
    };
    if (prefixed("{hex}")) return raw(0, 0);
    if (prefixed("{asn}")) return raw(5, 0);
    if (prefixed("{octet}")) return raw(7, 0x04);
    if (prefixed("{utf8}")) {
        out.value = raw_value{der_tlv(0x0c, as_bytes(s.substr(b + 6, e - b - 6)))};
        return out;
    }
    if (e - b == 5 && inf::iequals(s.substr(b, 5), "Empty")) {
        d.warning(value.at(b), "extension " + std::string(oid) + ": \"Empty\" is written as DER NULL (05 00)");
        out.value = raw_value{bytes{0x05, 0x00}};
        return out;
    }
    if (s[b] == '{') {
        std::size_t close = s.find('}', b);
        std::string_view tag = s.substr(b, close == std::string_view::npos || close > e ? e - b : close - b + 1);
        d.error(value.at(b), "extension " + std::string(oid) + ": unknown value prefix " + quote(tag) +
                                 " (expected {text}, {hex}, {asn}, {octet}, {utf8} or {critical})");
        return std::nullopt;
    }
    return raw(0, 0);
}

}  // namespace certreq::model
