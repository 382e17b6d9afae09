// model/text_tokens.hpp: the pieces every `{text}` grammar (spec §4.4) is
// built from: `&`-separated name=value tokens, general names (SAN and name
// constraints), IP addresses, GUIDs, hex and base64 bytes. The grammars
// themselves live with their extension (model/extensions/*.hpp).
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
#include "certreq/core/from_hex.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/extension_kind.hpp"
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
        auto r = core::from_hex(v.substr(5));
        if (!r) return d.error(body.at(at + 5 + r.err().offset), std::string(what) + ": expected hex byte pairs"), std::nullopt;
        return std::move(*r);
    }
    auto r = base64::decode(v);
    if (!r) return d.error(body.at(at + r.err().offset), std::string(what) + ": bad base64 (" + r.err().message + ")"), std::nullopt;
    return std::move(*r);
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

// text_grammar: the helpers above as the `{text}` grammars of the kinds
// (model/extensions/*.hpp) reach them. The grammars are templates on it, so
// a TU that only writes DER includes no INF header and compiles no grammar.
struct text_grammar {
    using diagnostics = certreq::diagnostics;  // the kinds name it through T: no core/diagnostic.hpp there
    static auto split_tokens(const located_text& body, std::string_view what, diagnostics& d) {
        return model::split_tokens(body, what, d);
    }
    static auto parse_general_name(const located_text& body, const text_token& t, std::string_view what, bool subtree,
                                   diagnostics& d) {
        return model::parse_general_name(body, t, what, subtree, d);
    }
    static bool ia5_check(const located_text& body, std::size_t at, std::string_view value, std::string_view what,
                          diagnostics& d) {
        return model::ia5_check(body, at, value, what, d);
    }
    static auto missing_ampersand_before(std::string_view value, std::string_view next) noexcept {
        return model::missing_ampersand_before(value, next);
    }
    static auto trim_offsets(std::string_view s, std::size_t b, std::size_t e) noexcept { return model::trim_offsets(s, b, e); }
    static std::string quote(std::string_view s) { return model::quote(s); }
    static bool is_dotted_oid(std::string_view s) noexcept { return model::is_dotted_oid(s); }
    static auto parse_bool(const located_text& v, std::string_view key, diagnostics& d) { return model::parse_bool(v, key, d); }
    static auto parse_number(const located_text& v, std::string_view key, diagnostics& d) { return model::parse_number(v, key, d); }
};

}  // namespace certreq::model
