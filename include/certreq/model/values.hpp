// model/values.hpp: typing of scalar INF values (booleans, numbers, `|`
// flag sets, enumerations, dotted OIDs). Each parser reports a positioned
// error naming the key (`KeyLength: expected a number, got "banana"`) and
// returns nullopt; nothing throws.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"

namespace certreq::model {

// is_space: the blanks a value may be padded with.
constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// trim_offsets returns [begin, end) of `s` without surrounding blanks.
inline std::pair<std::size_t, std::size_t> trim_offsets(std::string_view s, std::size_t b = 0,
                                                        std::size_t e = std::string_view::npos) noexcept {
    if (e > s.size()) e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return {b, e};
}

// trimmed returns the value without surrounding blanks, positions kept.
inline located_text trimmed(const located_text& v) {
    const auto tr_b = trim_offsets(v.view()); std::size_t b = tr_b.first, e = tr_b.second;
    if (b == 0 && e == v.size()) return v;
    return v.substr(b, e - b);
}

// trimmed_ref is a non-owning trimmed value and where it starts (no copy,
// for the hot path; trimmed() copies the position map).
struct trimmed_ref {
    std::string_view text;
    position pos;
    std::string str() const { return std::string(text); }
};
inline trimmed_ref trim_ref(const located_text& v) {
    auto tr = trim_offsets(v.view());
    return {v.view().substr(tr.first, tr.second - tr.first), v.at(tr.first)};
}

// quote renders a value for a message: "text" (long values shortened, never
// inside a UTF-8 character).
inline std::string quote(std::string_view s) {
    std::string r = "\"";
    if (s.size() > 60) {
        std::size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        r.append(s.substr(0, cut));
        r.append("...");
    } else {
        r.append(s);
    }
    r.push_back('"');
    return r;
}

// parse_uint reads a whole decimal or 0x-hex number; nullopt on anything else or overflow.
inline std::optional<std::uint64_t> parse_uint(std::string_view s) noexcept {
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        if (s.size() > 16) return std::nullopt;
        for (char c : s) {
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return std::nullopt;
            v = v * 16 + std::uint64_t(d);
        }
        return v;
    }
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        if (v > (UINT64_MAX - 9) / 10) return std::nullopt;
        v = v * 10 + std::uint64_t(c - '0');
    }
    return v;
}

// is_dotted_oid accepts "a.b[.c...]" with a first arc 0-2 (second < 40 below 2).
inline bool is_dotted_oid(std::string_view s) noexcept {
    std::size_t arcs = 0, i = 0;
    std::uint64_t first = 0;
    while (i <= s.size()) {
        std::size_t b = i;
        std::uint64_t v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (v > UINT64_MAX / 16) return false;
            v = v * 10 + std::uint64_t(s[i] - '0');
            ++i;
        }
        if (i == b) return false;
        if (i - b > 1 && s[b] == '0') return false;  // no leading zeros
        if (arcs == 0) {
            if (v > 2) return false;
            first = v;
        } else if (arcs == 1 && first < 2 && v >= 40) {
            return false;
        }
        ++arcs;
        if (i == s.size()) break;
        if (s[i] != '.') return false;
        ++i;
    }
    return arcs >= 2;
}

// parse_bool: TRUE/FALSE, Yes/No, 1/0 (case-insensitive) [spec §2].
inline std::optional<bool> parse_bool(const located_text& v, std::string_view key, diagnostics& d) {
    const auto tr_b = trim_offsets(v.view()); std::size_t b = tr_b.first, e = tr_b.second;
    std::string_view s = v.view().substr(b, e - b);
    for (std::string_view t : {"true", "yes", "1"})
        if (inf::iequals(s, t)) return true;
    for (std::string_view f : {"false", "no", "0"})
        if (inf::iequals(s, f)) return false;
    d.error(v.at(b), std::string(key) + ": expected TRUE or FALSE, got " + quote(s));
    return std::nullopt;
}

// parse_number: decimal or 0x hex, at most `max`.
inline std::optional<std::uint64_t> parse_number(const located_text& v, std::string_view key, diagnostics& d,
                                                 std::uint64_t max = UINT32_MAX) {
    const auto tr_b = trim_offsets(v.view()); std::size_t b = tr_b.first, e = tr_b.second;
    std::string_view s = v.view().substr(b, e - b);
    auto n = parse_uint(s);
    if (!n) {
        d.error(v.at(b), std::string(key) + ": expected a number, got " + quote(s));
        return std::nullopt;
    }
    if (*n > max) {
        d.error(v.at(b), std::string(key) + ": " + std::string(s) + " is too large (at most " + std::to_string(max) + ")");
        return std::nullopt;
    }
    return n;
}

// named_value is one symbolic name of a flag table or enumeration.
struct named_value {
    std::string_view name;
    std::uint32_t value;
};

// lookup finds a name case-insensitively.
inline const named_value* lookup(std::span<const named_value> table, std::string_view name) noexcept {
    for (auto& nv : table)
        if (inf::iequals(nv.name, name)) return &nv;
    return nullptr;
}

// parse_flags: `|`-joined symbolic names from `table` and/or numbers, OR-ed
// together (`"CERT_DIGITAL_SIGNATURE_KEY_USAGE | 0x20"`).
inline std::optional<std::uint32_t> parse_flags(const located_text& v, std::string_view key,
                                                std::span<const named_value> table, diagnostics& d) {
    std::string_view s = v.view();
    std::uint32_t acc = 0;
    std::size_t i = 0;
    bool ok = true;
    const auto tr_vb = trim_offsets(s); std::size_t vb = tr_vb.first, ve = tr_vb.second;
    if (vb == ve) {
        d.error(v.at(vb), std::string(key) + ": expected a number or flag names, got an empty value");
        return std::nullopt;
    }
    while (i <= s.size()) {
        std::size_t bar = s.find('|', i);
        if (bar == std::string_view::npos) bar = s.size();
        const auto tr_b = trim_offsets(s, i, bar); std::size_t b = tr_b.first, e = tr_b.second;
        std::string_view tok = s.substr(b, e - b);
        if (tok.empty()) {
            d.error(v.at(b), std::string(key) + ": empty flag name");
            ok = false;
        } else if (auto n = parse_uint(tok)) {
            if (*n > UINT32_MAX) {
                d.error(v.at(b), std::string(key) + ": " + std::string(tok) + " is too large");
                ok = false;
            } else {
                acc |= std::uint32_t(*n);
            }
        } else if (auto* nv = lookup(table, tok)) {
            acc |= nv->value;
        } else {
            bool looks_numeric = tok[0] >= '0' && tok[0] <= '9';
            d.error(v.at(b), std::string(key) + (looks_numeric ? ": expected a number, got " : ": unknown flag ") + quote(tok));
            ok = false;
        }
        if (bar == s.size()) break;
        i = bar + 1;
    }
    if (!ok) return std::nullopt;
    return acc;
}

// parse_enum: one symbolic name from `table`, or a number that must be one of its values.
inline std::optional<std::uint32_t> parse_enum(const located_text& v, std::string_view key,
                                               std::span<const named_value> table, diagnostics& d) {
    const auto tr_b = trim_offsets(v.view()); std::size_t b = tr_b.first, e = tr_b.second;
    std::string_view s = v.view().substr(b, e - b);
    if (auto* nv = lookup(table, s)) return nv->value;
    if (auto n = parse_uint(s))
        for (auto& nv : table)
            if (nv.value == *n) return nv.value;
    std::string msg = std::string(key) + ": unknown value " + quote(s) + " (expected ";
    std::uint32_t last = UINT32_MAX;
    bool first = true;
    for (auto& nv : table) {
        // List each value once: aliases follow their main name, XCN_ spellings are not shown.
        if (nv.value == last || nv.name.substr(0, 4) == "XCN_") continue;
        last = nv.value;
        if (!first) msg += ", ";
        msg += nv.name;
        first = false;
    }
    msg += ")";
    d.error(v.at(b), std::move(msg));
    return std::nullopt;
}

// ---- Symbolic tables of spec §3.2 -------------------------------------------

inline constexpr named_value key_usage_names[] = {
    {"CERT_DIGITAL_SIGNATURE_KEY_USAGE", 0x80}, {"CERT_NON_REPUDIATION_KEY_USAGE", 0x40},
    {"CERT_KEY_ENCIPHERMENT_KEY_USAGE", 0x20},  {"CERT_DATA_ENCIPHERMENT_KEY_USAGE", 0x10},
    {"CERT_KEY_AGREEMENT_KEY_USAGE", 0x08},     {"CERT_KEY_CERT_SIGN_KEY_USAGE", 0x04},
    {"CERT_OFFLINE_CRL_SIGN_KEY_USAGE", 0x02},  {"CERT_CRL_SIGN_KEY_USAGE", 0x02},
    {"CERT_ENCIPHER_ONLY_KEY_USAGE", 0x01},     {"CERT_DECIPHER_ONLY_KEY_USAGE", 0x8000},
};

// X500NameFlags bits (CERT_NAME_STR_*), names as in wincrypt.h.
namespace name_flags {
inline constexpr std::uint32_t simple_name = 1, oid_name = 2, x500_name = 3, type_mask = 0xff;
inline constexpr std::uint32_t semicolon = 0x40000000, no_plus = 0x20000000, no_quoting = 0x10000000,
                               crlf = 0x08000000, comma = 0x04000000, reverse = 0x02000000, forward = 0x01000000,
                               disable_ie4_utf8 = 0x10000, enable_t61_unicode = 0x20000,
                               enable_utf8_unicode = 0x40000, force_utf8_dir_str = 0x80000,
                               disable_utf8_dir_str = 0x100000, enable_punycode = 0x200000;
inline constexpr std::uint32_t known = type_mask | semicolon | no_plus | no_quoting | crlf | comma | reverse |
                                       forward | disable_ie4_utf8 | enable_t61_unicode | enable_utf8_unicode |
                                       force_utf8_dir_str | disable_utf8_dir_str | enable_punycode;
}  // namespace name_flags

inline constexpr named_value x500_name_flag_names[] = {
    {"CERT_NAME_STR_NONE", 0},
    {"CERT_SIMPLE_NAME_STR", 1},
    {"CERT_OID_NAME_STR", 2},
    {"CERT_X500_NAME_STR", 3},
    {"CERT_NAME_STR_SEMICOLON_FLAG", name_flags::semicolon},
    {"CERT_NAME_STR_NO_PLUS_FLAG", name_flags::no_plus},
    {"CERT_NAME_STR_NO_QUOTING_FLAG", name_flags::no_quoting},
    {"CERT_NAME_STR_CRLF_FLAG", name_flags::crlf},
    {"CERT_NAME_STR_COMMA_FLAG", name_flags::comma},
    {"CERT_NAME_STR_REVERSE_FLAG", name_flags::reverse},
    {"CERT_NAME_STR_FORWARD_FLAG", name_flags::forward},
    {"CERT_NAME_STR_DISABLE_IE4_UTF8_FLAG", name_flags::disable_ie4_utf8},
    {"CERT_NAME_STR_ENABLE_T61_UNICODE_FLAG", name_flags::enable_t61_unicode},
    {"CERT_NAME_STR_ENABLE_UTF8_UNICODE_FLAG", name_flags::enable_utf8_unicode},
    {"CERT_NAME_STR_FORCE_UTF8_DIR_STR_FLAG", name_flags::force_utf8_dir_str},
    {"CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG", name_flags::disable_utf8_dir_str},
    {"CERT_NAME_STR_ENABLE_PUNYCODE_FLAG", name_flags::enable_punycode},
    // CertEnroll's X500NameFlags enum spells the same bits XCN_CERT_*.
    {"XCN_CERT_NAME_STR_NONE", 0},
    {"XCN_CERT_SIMPLE_NAME_STR", 1},
    {"XCN_CERT_OID_NAME_STR", 2},
    {"XCN_CERT_X500_NAME_STR", 3},
    {"XCN_CERT_NAME_STR_SEMICOLON_FLAG", name_flags::semicolon},
    {"XCN_CERT_NAME_STR_NO_PLUS_FLAG", name_flags::no_plus},
    {"XCN_CERT_NAME_STR_NO_QUOTING_FLAG", name_flags::no_quoting},
    {"XCN_CERT_NAME_STR_CRLF_FLAG", name_flags::crlf},
    {"XCN_CERT_NAME_STR_COMMA_FLAG", name_flags::comma},
    {"XCN_CERT_NAME_STR_REVERSE_FLAG", name_flags::reverse},
    {"XCN_CERT_NAME_STR_FORWARD_FLAG", name_flags::forward},
    {"XCN_CERT_NAME_STR_DISABLE_IE4_UTF8_FLAG", name_flags::disable_ie4_utf8},
    {"XCN_CERT_NAME_STR_ENABLE_T61_UNICODE_FLAG", name_flags::enable_t61_unicode},
    {"XCN_CERT_NAME_STR_ENABLE_UTF8_UNICODE_FLAG", name_flags::enable_utf8_unicode},
    {"XCN_CERT_NAME_STR_FORCE_UTF8_DIR_STR_FLAG", name_flags::force_utf8_dir_str},
    {"XCN_CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG", name_flags::disable_utf8_dir_str},
    {"XCN_CERT_NAME_STR_ENABLE_PUNYCODE_FLAG", name_flags::enable_punycode},
};

inline constexpr named_value key_spec_names[] = {
    {"AT_NONE", 0}, {"AT_KEYEXCHANGE", 1}, {"AT_SIGNATURE", 2},
    {"XCN_AT_NONE", 0}, {"XCN_AT_KEYEXCHANGE", 1}, {"XCN_AT_SIGNATURE", 2},
};

inline constexpr named_value key_usage_property_names[] = {
    {"NCRYPT_ALLOW_DECRYPT_FLAG", 1},       {"NCRYPT_ALLOW_SIGNING_FLAG", 2},
    {"NCRYPT_ALLOW_KEY_AGREEMENT_FLAG", 4}, {"NCRYPT_ALLOW_ALL_USAGES", 0xffffff},
    {"XCN_NCRYPT_ALLOW_DECRYPT_FLAG", 1},   {"XCN_NCRYPT_ALLOW_SIGNING_FLAG", 2},
    {"XCN_NCRYPT_ALLOW_KEY_AGREEMENT_FLAG", 4}, {"XCN_NCRYPT_ALLOW_ALL_USAGES", 0xffffff},
};

// KeyProtection: D1 also writes XCN_ prefixes and once misspells NO_PROTCTION.
inline constexpr named_value key_protection_names[] = {
    {"NCRYPT_UI_NO_PROTECTION_FLAG", 0},       {"NCRYPT_UI_PROTECT_KEY_FLAG", 1},
    {"NCRYPT_UI_FORCE_HIGH_PROTECTION_FLAG", 2}, {"XCN_NCRYPT_UI_NO_PROTECTION_FLAG", 0},
    {"XCN_NCRYPT_UI_NO_PROTCTION_FLAG", 0},    {"NCRYPT_UI_NO_PROTCTION_FLAG", 0},
    {"XCN_NCRYPT_UI_PROTECT_KEY_FLAG", 1},     {"XCN_NCRYPT_UI_FORCE_HIGH_PROTECTION_FLAG", 2},
};

// SubjectNameFlags (CT_FLAG_*, spec §3.2): what the subject and SAN are filled from.
namespace subject_name_flags {
inline constexpr std::uint32_t require_directory_path = 0x80000000, require_common_name = 0x40000000,
                               require_email = 0x20000000, require_dns_as_cn = 0x10000000,
                               alt_require_dns = 0x8000000, alt_require_email = 0x4000000,
                               alt_require_upn = 0x2000000, alt_require_directory_guid = 0x1000000,
                               alt_require_spn = 0x800000, alt_require_domain_dns = 0x400000,
                               old_cert_supplies_subject_and_alt_name = 0x8;
inline constexpr std::uint32_t subject_mask = require_directory_path | require_common_name | require_email | require_dns_as_cn;
}  // namespace subject_name_flags

inline constexpr named_value subject_name_flag_names[] = {
    {"CT_FLAG_SUBJECT_REQUIRE_DIRECTORY_PATH", subject_name_flags::require_directory_path},
    {"CT_FLAG_SUBJECT_REQUIRE_COMMON_NAME", subject_name_flags::require_common_name},
    {"CT_FLAG_SUBJECT_REQUIRE_EMAIL", subject_name_flags::require_email},
    {"CT_FLAG_SUBJECT_REQUIRE_DNS_AS_CN", subject_name_flags::require_dns_as_cn},
    {"CT_FLAG_SUBJECT_ALT_REQUIRE_DNS", subject_name_flags::alt_require_dns},
    {"CT_FLAG_SUBJECT_ALT_REQUIRE_EMAIL", subject_name_flags::alt_require_email},
    {"CT_FLAG_SUBJECT_ALT_REQUIRE_UPN", subject_name_flags::alt_require_upn},
    {"CT_FLAG_SUBJECT_ALT_REQUIRE_DIRECTORY_GUID", subject_name_flags::alt_require_directory_guid},
    {"CT_FLAG_SUBJECT_ALT_REQUIRE_SPN", subject_name_flags::alt_require_spn},
    {"CT_FLAG_SUBJECT_ALT_REQUIRE_DOMAIN_DNS", subject_name_flags::alt_require_domain_dns},
    {"CT_FLAG_OLD_CERT_SUPPLIES_SUBJECT_AND_ALT_NAME", subject_name_flags::old_cert_supplies_subject_and_alt_name},
};

inline constexpr named_value request_type_names[] = {
    {"PKCS10", 1}, {"PKCS7", 2}, {"CMC", 3}, {"Cert", 4}, {"SCEP", 0xfd00},
};

}  // namespace certreq::model
