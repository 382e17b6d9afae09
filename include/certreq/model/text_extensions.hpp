// model/text_extensions.hpp: [Extensions] values (spec §4.1) and the
// `{text}` grammars of spec §4.4 -> model extension values.
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
#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/general_name.hpp"
#include "certreq/model/subject.hpp"
#include "certreq/model/values.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// ---- small decoders (no diagnostics: callers position the error) -------------

// parse_ip returns 4 or 16 bytes, with inet_pton(3)'s rules: IPv4 as four
// decimal parts without leading zeros (`01.2.3.4` is refused, it reads as
// octal elsewhere), IPv6 in every RFC 4291 §2.2 form (`::`, `::ffff:192.0.2.1`).
inline std::optional<bytes> parse_ip(std::string_view s) {
    if (s.empty() || s.size() > 45 || s.find('\0') != std::string_view::npos) return std::nullopt;
    std::string z(s);
    unsigned char out[16];
    if (inet_pton(AF_INET, z.c_str(), out) == 1) return bytes(out, out + 4);
    if (inet_pton(AF_INET6, z.c_str(), out) == 1) return bytes(out, out + 16);
    return std::nullopt;
}

// parse_guid reads 8-4-4-4-12 hex (braces optional) into Windows GUID memory
// layout: Data1, Data2, Data3 little-endian, Data4 as written.
inline std::optional<std::array<std::uint8_t, 16>> parse_guid(std::string_view s) noexcept {
    if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
    if (s.size() != 36) return std::nullopt;
    std::array<std::uint8_t, 16> raw{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
        int h = hex(s[i]), l = hex(s[i + 1]);
        if (h < 0 || l < 0) return std::nullopt;
        raw[k++] = std::uint8_t(h * 16 + l);
        i += 2;
    }
    std::array<std::uint8_t, 16> out = raw;
    out[0] = raw[3], out[1] = raw[2], out[2] = raw[1], out[3] = raw[0];
    out[4] = raw[5], out[5] = raw[4];
    out[6] = raw[7], out[7] = raw[6];
    return out;
}

// decode_hex reads hex byte pairs, blanks anywhere ignored. On failure *bad is
// the offending offset (s.size() for an odd digit count).
inline std::optional<bytes> decode_hex(std::string_view s, std::size_t* bad = nullptr) {
    bytes out;
    out.reserve(s.size() / 2);
    int hi = -1;
    std::size_t hi_at = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (is_space(c)) continue;
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) {
            if (bad) *bad = i;
            return std::nullopt;
        }
        if (hi < 0) hi = v, hi_at = i;
        else out.push_back(std::uint8_t(hi * 16 + v)), hi = -1;
    }
    if (hi >= 0) {
        if (bad) *bad = hi_at;
        return std::nullopt;
    }
    return out;
}

// der_tlv wraps content in a tag with a DER definite length.
inline bytes der_tlv(std::uint8_t tag, byte_view content) {
    bytes out;
    out.reserve(content.size() + 6);
    out.push_back(tag);
    std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(std::uint8_t(n));
    } else {
        int len = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
        out.push_back(std::uint8_t(0x80 | len));
        for (int k = len - 1; k >= 0; --k) out.push_back(std::uint8_t(n >> (8 * k)));
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

// ---- {text} tokens -------------------------------------------------------------

// text_token is one `name=value` of a `&`-separated body, offsets into it.
struct text_token {
    std::string_view name, value;
    std::size_t name_at, value_at;
};

// split_tokens splits at `&`; blank tokens (trailing `&`) are skipped; a token
// without `=` is an error.
inline std::optional<std::vector<text_token>> split_tokens(const located_text& body, std::string_view what, diagnostics& d) {
    std::string_view s = body.view();
    std::vector<text_token> out;
    bool ok = true;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t amp = s.find('&', i);
        if (amp == std::string_view::npos) amp = s.size();
        const auto tr_b = trim_offsets(s, i, amp); std::size_t b = tr_b.first, e = tr_b.second;
        if (b < e) {
            std::size_t eq = s.find('=', b);
            if (eq == std::string_view::npos || eq >= e) {
                d.error(body.at(b), std::string(what) + ": expected name=value, got " + quote(s.substr(b, e - b)));
                ok = false;
            } else {
                const auto tr_nb = trim_offsets(s, b, eq); std::size_t nb = tr_nb.first, ne = tr_nb.second;
                const auto tr_vb = trim_offsets(s, eq + 1, e); std::size_t vb = tr_vb.first, ve = tr_vb.second;
                out.push_back({s.substr(nb, ne - nb), s.substr(vb, ve - vb), nb, vb});
            }
        }
        if (amp == s.size()) break;
        i = amp + 1;
    }
    if (!ok) return std::nullopt;
    return out;
}

// missing_ampersand_before: where `next=` starts inside a token's value
// (`0pathlength=3`: a token glued to the one before it), if it does.
inline std::optional<std::size_t> missing_ampersand_before(std::string_view value, std::string_view next) noexcept {
    for (std::size_t p = 1; p + next.size() < value.size(); ++p)
        if (value[p + next.size()] == '=' && inf::iequals(value.substr(p, next.size()), next)) return p;
    return std::nullopt;
}

// ascii_check reports the first non-ASCII byte of an IA5String value.
inline bool ia5_check(const located_text& body, std::size_t at, std::string_view value, std::string_view what, diagnostics& d) {
    for (std::size_t i = 0; i < value.size(); ++i)
        if (static_cast<unsigned char>(value[i]) >= 0x80) {
            d.error(body.at(at + i), std::string(what) + ": non-ASCII character in " + quote(value) + " (an IA5String)");
            return false;
        }
    return true;
}

inline constexpr std::string_view upn_oid = oids::ms_upn.dotted();
inline constexpr std::string_view guid_oid = oids::ms_ds_guid.dotted();

// decode_prefixed_bytes reads `{hex}..` or base64 (used by {octet} and {asn}).
inline std::optional<bytes> decode_prefixed_bytes(const located_text& body, std::size_t at, std::string_view v,
                                                  std::string_view what, diagnostics& d) {
    if (v.size() >= 5 && inf::iequals(v.substr(0, 5), "{hex}")) {
        std::size_t bad = 0;
        auto r = decode_hex(v.substr(5), &bad);
        if (!r) d.error(body.at(at + 5 + bad), std::string(what) + ": expected hex byte pairs");
        return r;
    }
    base64::decode_error err{};
    auto r = base64::decode(v, &err);
    if (!r) d.error(body.at(at + err.offset), std::string(what) + ": bad base64 (" + err.message + ")");
    return r;
}

// parse_general_name reads one SAN/name-constraints token. `subtree` allows
// IPAddress=addr,mask (or addr/prefix) as name constraints need.
inline std::optional<general_name> parse_general_name(const located_text& body, const text_token& t, std::string_view what,
                                                      bool subtree, diagnostics& d) {
    auto is = [&](std::string_view n) { return inf::iequals(t.name, n); };
    auto err = [&](std::size_t off, std::string msg) {
        d.error(body.at(off), std::string(what) + ": " + std::move(msg));
        return std::nullopt;
    };
    if (t.value.empty() && !is("DirectoryName")) return err(t.value_at, std::string(t.name) + "= needs a value");
    if (is("DNS")) {
        if (!ia5_check(body, t.value_at, t.value, what, d)) return std::nullopt;
        return general_name(dns_name{std::string(t.value)});
    }
    if (is("EMail") || is("RFC822") || is("RFC822Name")) {
        if (!ia5_check(body, t.value_at, t.value, what, d)) return std::nullopt;
        return general_name(rfc822_name{std::string(t.value)});
    }
    if (is("URL") || is("URI")) {
        if (is("URI")) d.warning(body.at(t.name_at), std::string(what) + ": \"uri\" read as URL= (the documented token)");
        if (!ia5_check(body, t.value_at, t.value, what, d)) return std::nullopt;
        return general_name(uri_name{std::string(t.value)});
    }
    if (is("UPN")) {
        std::string_view v = t.value;
        return general_name(other_name{std::string(upn_oid), der_tlv(0x0c, as_bytes(v))});
    }
    if (is("IPAddress") || is("IP Address") || is("IP")) {
        std::string_view v = t.value;
        if (subtree) {
            std::size_t sep = v.find_first_of(",/");
            if (sep == std::string_view::npos)
                return err(t.value_at, "expected IPAddress=address,mask in a name constraint, got " + quote(v));
            const auto tr_ab = trim_offsets(v, 0, sep); std::size_t ab = tr_ab.first, ae = tr_ab.second;
            const auto tr_mb = trim_offsets(v, sep + 1); std::size_t mb = tr_mb.first, me = tr_mb.second;
            auto addr = parse_ip(v.substr(ab, ae - ab));
            if (!addr) return err(t.value_at + ab, "not an IPv4 or IPv6 address: " + quote(v.substr(ab, ae - ab)));
            std::string_view ms = v.substr(mb, me - mb);
            bytes mask;
            if (v[sep] == '/') {
                auto bits = parse_uint(ms);
                if (!bits || *bits > addr->size() * 8) return err(t.value_at + mb, "bad prefix length " + quote(ms));
                mask.assign(addr->size(), 0);
                for (std::size_t k = 0; k < *bits; ++k) mask[k / 8] |= std::uint8_t(0x80 >> (k % 8));
            } else {
                auto m = parse_ip(ms);
                if (!m || m->size() != addr->size())
                    return err(t.value_at + mb, "mask " + quote(ms) + " is not an address of the same family");
                mask = *m;
            }
            addr->insert(addr->end(), mask.begin(), mask.end());
            return general_name(ip_address{std::move(*addr)});
        }
        auto addr = parse_ip(v);
        if (!addr) return err(t.value_at, "not an IPv4 or IPv6 address: " + quote(v));
        return general_name(ip_address{std::move(*addr)});
    }
    if (is("DirectoryName")) {
        auto n = parse_name(body.substr(t.value_at, t.value.size()), 0, d, "DirectoryName");
        if (!n) return std::nullopt;
        return general_name(directory_name{std::move(*n)});
    }
    if (is("RegisteredId")) {
        if (!is_dotted_oid(t.value)) return err(t.value_at, "invalid object identifier " + quote(t.value));
        return general_name(registered_id{std::string(t.value)});
    }
    if (is("GUID")) {
        auto g = parse_guid(t.value);
        if (!g) return err(t.value_at, "expected a GUID like f7c3ac41-b8ce-4fb4-aa58-3d1dc0e36b39, got " + quote(t.value));
        return general_name(other_name{std::string(guid_oid), der_tlv(0x04, byte_view(g->data(), g->size()))});
    }
    if (is_dotted_oid(t.name)) {
        std::string_view v = t.value;
        auto prefixed = [&](std::string_view p) { return v.size() >= p.size() && inf::iequals(v.substr(0, p.size()), p); };
        if (prefixed("{utf8}")) return general_name(other_name{std::string(t.name), der_tlv(0x0c, as_bytes(v.substr(6)))});
        if (prefixed("{octet}")) {
            auto b = decode_prefixed_bytes(body, t.value_at + 7, v.substr(7), what, d);
            if (!b) return std::nullopt;
            return general_name(other_name{std::string(t.name), der_tlv(0x04, *b)});
        }
        if (prefixed("{asn}")) {
            auto b = decode_prefixed_bytes(body, t.value_at + 5, v.substr(5), what, d);
            if (!b) return std::nullopt;
            return general_name(other_name{std::string(t.name), std::move(*b)});
        }
        if (prefixed("{hex}")) {
            auto b = decode_prefixed_bytes(body, t.value_at, v, what, d);
            if (!b) return std::nullopt;
            return general_name(other_name{std::string(t.name), std::move(*b)});
        }
        return err(t.value_at, "other name " + std::string(t.name) + " needs a {utf8}, {octet}, {asn} or {hex} value");
    }
    return err(t.name_at, "unknown name type " + quote(t.name) +
                              " (expected DNS, EMail, UPN, URL, IPAddress, DirectoryName, RegisteredId, GUID or an OID)");
}

// parse_san_text: 2.5.29.17/18 `{text}` body.
inline std::optional<alt_name> parse_san_text(const located_text& body, diagnostics& d, std::string_view what = "SubjectAltName") {
    auto toks = split_tokens(body, what, d);
    if (!toks) return std::nullopt;
    alt_name out;
    bool ok = true;
    for (auto& t : *toks) {
        auto gn = parse_general_name(body, t, what, false, d);
        if (gn) out.names.push_back(std::move(*gn));
        else ok = false;
    }
    if (!ok) return std::nullopt;
    if (out.names.empty()) {
        d.error(body.at(0), std::string(what) + ": no names given");
        return std::nullopt;
    }
    return out;
}

// parse_eku_text: comma-separated OIDs (blank items from a trailing ',' skipped).
inline std::optional<extended_key_usage> parse_eku_text(const located_text& body, diagnostics& d) {
    std::string_view s = body.view();
    extended_key_usage out;
    bool ok = true;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t c = s.find_first_of(",&", i);
        if (c == std::string_view::npos) c = s.size();
        const auto tr_b = trim_offsets(s, i, c); std::size_t b = tr_b.first, e = tr_b.second;
        if (b < e) {
            std::string_view oid = s.substr(b, e - b);
            if (!is_dotted_oid(oid)) {
                d.error(body.at(b), "EnhancedKeyUsage: invalid object identifier " + quote(oid));
                ok = false;
            } else {
                out.oids.emplace_back(oid);
            }
        }
        if (c == s.size()) break;
        i = c + 1;
    }
    if (!ok) return std::nullopt;
    if (out.oids.empty()) {
        d.error(body.at(0), "EnhancedKeyUsage: no usages given");
        return std::nullopt;
    }
    return out;
}

// parse_basic_constraints_text: `ca=0|1|true|false&pathlength=n`; empty = end entity.
inline std::optional<basic_constraints> parse_basic_constraints_text(const located_text& body, diagnostics& d) {
    auto toks = split_tokens(body, "BasicConstraints", d);
    if (!toks) return std::nullopt;
    basic_constraints out;
    std::optional<std::size_t> path_at;
    bool ok = true;
    for (auto& t : *toks) {
        auto v = body.substr(t.value_at, t.value.size());
        if (inf::iequals(t.name, "ca")) {
            // Microsoft's table prints `ca=0pathlength=3`, and INF files copy it:
            // point at the missing `&` rather than at a strange boolean.
            if (auto p = missing_ampersand_before(t.value, "pathlength")) {
                d.error(body.at(t.value_at + *p), "BasicConstraints: missing '&' before \"pathlength\" (write ca=" +
                                                      std::string(t.value.substr(0, *p)) + "&" +
                                                      std::string(t.value.substr(*p)) + ")");
                ok = false;
                continue;
            }
            auto b = parse_bool(v, "BasicConstraints ca", d);
            if (b) out.ca = *b;
            else ok = false;
        } else if (inf::iequals(t.name, "pathlength")) {
            auto n = parse_number(v, "BasicConstraints pathlength", d);
            if (n) out.path_length = std::uint32_t(*n), path_at = t.name_at;
            else ok = false;
        } else {
            d.error(body.at(t.name_at), "BasicConstraints: unknown token " + quote(t.name) + " (expected ca= or pathlength=)");
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    if (out.path_length && !out.ca) {
        d.warning(body.at(*path_at), "BasicConstraints: pathlength is ignored without ca=1");
        out.path_length.reset();
    }
    return out;
}

// parse_policies_text: each `OID=` starts a policy; `URL=` (CPS) and
// `Notice=` (user notice) qualify the latest one.
inline std::optional<certificate_policies> parse_policies_text(const located_text& body, std::string_view what, diagnostics& d) {
    auto toks = split_tokens(body, what, d);
    if (!toks) return std::nullopt;
    certificate_policies out;
    bool ok = true;
    for (auto& t : *toks) {
        auto err = [&](std::size_t off, std::string msg) {
            d.error(body.at(off), std::string(what) + ": " + std::move(msg));
            ok = false;
        };
        if (inf::iequals(t.name, "OID")) {
            if (!is_dotted_oid(t.value)) err(t.value_at, "invalid object identifier " + quote(t.value));
            else out.policies.push_back({std::string(t.value), {}});
        } else if (inf::iequals(t.name, "URL") || inf::iequals(t.name, "Notice")) {
            if (out.policies.empty()) {
                err(t.name_at, std::string(t.name) + "= must follow an OID= token");
                continue;
            }
            bool url = inf::iequals(t.name, "URL");
            if (url && !ia5_check(body, t.value_at, t.value, what, d)) {
                ok = false;
                continue;
            }
            out.policies.back().qualifiers.push_back(
                {url ? policy_qualifier::kind::cps : policy_qualifier::kind::user_notice, std::string(t.value)});
        } else if (inf::iequals(t.name, "Flags") || inf::iequals(t.name, "GUID")) {
            d.warning(body.at(t.name_at), std::string(what) + ": " + std::string(t.name) + "= has no standard encoding and is ignored");
        } else {
            err(t.name_at, "unknown token " + quote(t.name) + " (expected OID=, URL= or Notice=)");
        }
    }
    if (!ok) return std::nullopt;
    if (out.policies.empty()) {
        d.error(body.at(0), std::string(what) + ": no OID= given");
        return std::nullopt;
    }
    return out;
}

// parse_name_constraints_text: `subtree=include|exclude` switches the list
// the following general names go to.
inline std::optional<name_constraints> parse_name_constraints_text(const located_text& body, diagnostics& d) {
    constexpr std::string_view what = "NameConstraints";
    auto toks = split_tokens(body, what, d);
    if (!toks) return std::nullopt;
    name_constraints out;
    general_names* list = nullptr;
    bool ok = true;
    for (auto& t : *toks) {
        if (inf::iequals(t.name, "subtree")) {
            if (inf::iequals(t.value, "include")) list = &out.permitted;
            else if (inf::iequals(t.value, "exclude")) list = &out.excluded;
            else {
                d.error(body.at(t.value_at), std::string(what) + ": subtree must be include or exclude, got " + quote(t.value));
                ok = false;
            }
            continue;
        }
        if (!list) {
            d.error(body.at(t.name_at), std::string(what) + ": a name needs subtree=include or subtree=exclude before it");
            ok = false;
            continue;
        }
        auto gn = parse_general_name(body, t, what, true, d);
        if (gn) list->push_back(std::move(*gn));
        else ok = false;
    }
    if (!ok) return std::nullopt;
    if (out.permitted.empty() && out.excluded.empty()) {
        d.error(body.at(0), std::string(what) + ": no subtrees given");
        return std::nullopt;
    }
    return out;
}

// parse_policy_mappings_text: `oid=A&oid=B...` pairs (issuer, subject), or `A=B` tokens.
inline std::optional<policy_mappings> parse_policy_mappings_text(const located_text& body, std::string_view what, diagnostics& d) {
    auto toks = split_tokens(body, what, d);
    if (!toks) return std::nullopt;
    std::vector<std::pair<std::string_view, std::size_t>> oids;
    bool ok = true;
    auto add = [&](std::string_view v, std::size_t at) {
        if (!is_dotted_oid(v)) {
            d.error(body.at(at), std::string(what) + ": invalid object identifier " + quote(v));
            ok = false;
        }
        oids.emplace_back(v, at);
    };
    for (auto& t : *toks) {
        if (inf::iequals(t.name, "oid")) {
            add(t.value, t.value_at);
        } else {
            add(t.name, t.name_at);
            add(t.value, t.value_at);
        }
    }
    if (!ok) return std::nullopt;
    if (oids.empty() || oids.size() % 2) {
        d.error(body.at(oids.empty() ? 0 : oids.back().second),
                std::string(what) + ": policies must come in issuer, subject pairs");
        return std::nullopt;
    }
    policy_mappings out;
    for (std::size_t k = 0; k < oids.size(); k += 2)
        out.mappings.push_back({std::string(oids[k].first), std::string(oids[k + 1].first)});
    return out;
}

// ---- top-level value forms (§4.1) ------------------------------------------------

// parsed_value is one [Extensions] value: `absent` for an empty value (no extension).
struct parsed_value {
    bool critical = false;
    bool absent = false;
    extension_value value;
};

// text_form_name returns what the {text} grammar for `oid` is called, or "" if none.
inline std::string_view text_form_name(std::string_view oid) noexcept {
    if (oid == oids::subject_alt_name.dotted()) return "SubjectAltName";
    if (oid == oids::issuer_alt_name.dotted()) return "IssuerAltName";
    if (oid == oids::ext_key_usage.dotted()) return "EnhancedKeyUsage";
    if (oid == oids::basic_constraints.dotted()) return "BasicConstraints";
    if (oid == oids::certificate_policies.dotted()) return "CertificatePolicies";
    if (oid == oids::ms_application_policies.dotted()) return "ApplicationPolicies";
    if (oid == oids::name_constraints.dotted()) return "NameConstraints";
    if (oid == oids::policy_mappings.dotted()) return "PolicyMappings";
    if (oid == oids::ms_application_policy_mappings.dotted()) return "ApplicationPolicyMappings";
    return {};
}

// parse_text_extension dispatches a `{text}` body on the extension OID.
inline std::optional<extension_value> parse_text_extension(std::string_view oid, const located_text& body,
                                                           std::size_t text_at, const located_text& whole, diagnostics& d) {
    std::string_view what = text_form_name(oid);
    if (what == "SubjectAltName" || what == "IssuerAltName") {
        auto v = parse_san_text(body, d, what);
        if (v) return extension_value(std::move(*v));
        return std::nullopt;
    }
    if (what == "EnhancedKeyUsage") {
        auto v = parse_eku_text(body, d);
        if (v) return extension_value(std::move(*v));
        return std::nullopt;
    }
    if (what == "BasicConstraints") {
        auto v = parse_basic_constraints_text(body, d);
        if (v) return extension_value(*v);
        return std::nullopt;
    }
    if (what == "CertificatePolicies" || what == "ApplicationPolicies") {
        auto v = parse_policies_text(body, what, d);
        if (v) return extension_value(std::move(*v));
        return std::nullopt;
    }
    if (what == "NameConstraints") {
        auto v = parse_name_constraints_text(body, d);
        if (v) return extension_value(std::move(*v));
        return std::nullopt;
    }
    if (what == "PolicyMappings" || what == "ApplicationPolicyMappings") {
        auto v = parse_policy_mappings_text(body, what, d);
        if (v) return extension_value(std::move(*v));
        return std::nullopt;
    }
    if (oid == oids::key_usage.dotted()) {
        d.error(whole.at(text_at), "KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest] "
                                   "(e.g. \"CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE\") or a base64/{hex} value");
        return std::nullopt;
    }
    d.error(whole.at(text_at), "extension " + std::string(oid) + " has no {text} form: give its DER as base64 or {hex}");
    return std::nullopt;
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
