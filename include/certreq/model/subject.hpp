// model/subject.hpp: CertStrToName syntax (spec §6) -> model::name.
//
//   CN=host, O="Org, Inc."; OU=a+OU=b, OID.1.2.3=x, 2.5.4.15=y, E=#0401ff
//
// Decisions (documented in the README (Subject, Compatibility with certreq.exe)):
//  - RDN order: the string is read leaf first, like an LDAP DN, and the DER
//    RDNSequence is root first, as current certreq.exe writes it (spec §6.4):
//    `CN=host, O=Org, C=US` encodes C, O, CN. CERT_NAME_STR_FORWARD_FLAG keeps
//    the written order; CERT_NAME_STR_REVERSE_FLAG alone changes nothing.
//  - String types as current certreq.exe (spec §6.3): DirectoryString
//    attributes (CN, O, OU, L, S, SN, ... also when written as OID.2.5.4.3=)
//    are UTF8String even when printable; C is PrintableString, E IA5String,
//    DC IA5String (UTF8String if not ASCII). CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG
//    goes back to CertStrToName's choice: PrintableString when every character
//    allows it, else UTF8String (RFC 5280; BMPString only when the caller asks,
//    parse_name's bmp_default), TeletexString with ENABLE_T61_UNICODE when every
//    code point is <= U+00FF. Attributes without a keyword (2.5.4.15=) always
//    take that choice.
//  - C must be exactly two printable characters (X520countryName is
//    PrintableString (SIZE (2)); Windows refuses longer values when encoding),
//    so `C=pais` and `C=Country` are errors.
//  - E/Email must be ASCII (IA5String); with ENABLE_PUNYCODE a non-ASCII host
//    part becomes its IDNA A-label form (text/idna.hpp: libidn2, UTS #46
//    mapping), a non-ASCII local part stays an error.
//  - A trailing separator (`CN=a,`) is tolerated, an empty value (`CN=`) allowed.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/core/utf8.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/name.hpp"
#include "certreq/model/values.hpp"
#include "certreq/text/idna.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// attribute_class says which string types an attribute allows.
enum class attribute_class {
    directory,    // DirectoryString: UTF8String (Printable if possible under DISABLE_UTF8_DIR_STR)
    other,        // an OID without keyword: Printable if possible, else UTF8 (never forced)
    ia5,          // E/Email: IA5String only
    ia5_or_utf8,  // DC: IA5String, UTF8String if not ASCII
    printable,    // SERIALNUMBER, Phone: PrintableString only
    country,      // C: PrintableString (SIZE(2))
    numeric,      // X21Address: NumericString
};

struct attribute_keyword {
    std::string_view keyword;
    std::string_view oid;
    attribute_class cls;
};

// The CertStrToName keywords (§6.1), extras included; matched case-insensitively.
inline constexpr attribute_keyword attribute_keywords[] = {
    {"CN", oids::common_name.dotted(), attribute_class::directory},
    {"L", oids::locality.dotted(), attribute_class::directory},
    {"O", oids::organization.dotted(), attribute_class::directory},
    {"OU", oids::organizational_unit.dotted(), attribute_class::directory},
    {"E", oids::email_address.dotted(), attribute_class::ia5},
    {"Email", oids::email_address.dotted(), attribute_class::ia5},
    {"C", oids::country.dotted(), attribute_class::country},
    {"S", oids::state.dotted(), attribute_class::directory},
    {"ST", oids::state.dotted(), attribute_class::directory},
    {"STREET", oids::street.dotted(), attribute_class::directory},
    {"T", oids::title.dotted(), attribute_class::directory},
    {"Title", oids::title.dotted(), attribute_class::directory},
    {"G", oids::given_name.dotted(), attribute_class::directory},
    {"GN", oids::given_name.dotted(), attribute_class::directory},
    {"GivenName", oids::given_name.dotted(), attribute_class::directory},
    {"I", oids::initials.dotted(), attribute_class::directory},
    {"Initials", oids::initials.dotted(), attribute_class::directory},
    {"SN", oids::surname.dotted(), attribute_class::directory},
    {"DC", oids::domain_component.dotted(), attribute_class::ia5_or_utf8},
    {"SERIALNUMBER", oids::serial_number.dotted(), attribute_class::printable},
    {"Description", oids::description.dotted(), attribute_class::directory},
    {"PostalCode", oids::postal_code.dotted(), attribute_class::directory},
    {"POBox", oids::post_office_box.dotted(), attribute_class::directory},
    {"Phone", oids::telephone_number.dotted(), attribute_class::printable},
    {"X21Address", oids::x121_address.dotted(), attribute_class::numeric},
    {"dnQualifier", oids::dn_qualifier.dotted(), attribute_class::directory},
};

// is_printable_char: the PrintableString set A-Z a-z 0-9 space ' ( ) + , - . / : = ? (§6.3).
constexpr bool is_printable_char(char c) noexcept {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case ' ': case '\'': case '(': case ')': case '+': case ',': case '-': case '.': case '/': case ':':
        case '=': case '?': return true;
        default: return false;
    }
}

// first_not returns the offset of the first byte failing `ok`, or npos.
template <class Pred>
inline std::size_t first_not(std::string_view s, Pred ok) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!ok(s[i])) return i;
    return std::string_view::npos;
}

// decode_utf8 returns the code points of well-formed UTF-8 (nullopt
// otherwise: overlong forms, surrogates and code points past U+10FFFF are
// not UTF-8, and the DER writer refuses them).
inline std::optional<std::u32string> decode_utf8(std::string_view s) { return core::code_points(s); }

namespace detail {

// name_parser walks one CertStrToName string; every error goes to `d` at the
// offending byte and makes parse() return nullopt.
class name_parser {
public:
    name_parser(const located_text& text, std::uint32_t flags, std::string_view what, diagnostics& d, bool bmp_default)
        : t_(text), s_(text.view()), flags_(flags), what_(what), d_(d), bmp_default_(bmp_default) {
        bool semi = flags & name_flags::semicolon, comma = flags & name_flags::comma, crlf = flags & name_flags::crlf;
        if (!semi && !comma && !crlf) semi = comma = true;
        sep_semicolon_ = semi, sep_comma_ = comma, sep_crlf_ = crlf;
        plus_ = !(flags & name_flags::no_plus);
        quoting_ = !(flags & name_flags::no_quoting);
    }

    std::optional<name> parse() {
        name out;
        rdn current;
        skip_blanks();
        if (i_ == s_.size()) return out;
        while (true) {
            skip_blanks();
            std::optional<attribute_value> av = attribute();
            if (!av) return std::nullopt;
            current.push_back(std::move(*av));
            skip_blanks();
            if (i_ == s_.size()) break;
            char c = s_[i_];
            if (c == '+' && plus_) {
                ++i_;
                continue;
            }
            if (!is_separator(c)) {
                error(i_, "expected " + separators() + " before " + quote(s_.substr(i_, 1)));
                return std::nullopt;
            }
            ++i_;
            out.rdns.push_back(std::move(current));
            current.clear();
            skip_blanks();
            if (i_ == s_.size()) break;  // trailing separator tolerated
        }
        if (!current.empty()) out.rdns.push_back(std::move(current));
        // Written leaf first, encoded root first (spec §6.4), unless FORWARD.
        if (!(flags_ & name_flags::forward)) std::reverse(out.rdns.begin(), out.rdns.end());
        return out;
    }

private:
    bool is_separator(char c) const noexcept {
        return (c == ',' && sep_comma_) || (c == ';' && sep_semicolon_) || ((c == '\r' || c == '\n') && sep_crlf_);
    }
    bool is_blank(char c) const noexcept { return c == ' ' || c == '\t' || ((c == '\r' || c == '\n') && !sep_crlf_); }
    void skip_blanks() noexcept {
        while (i_ < s_.size() && is_blank(s_[i_])) ++i_;
    }
    std::string separators() const {
        std::string r;
        auto add = [&](const char* x) { r += r.empty() ? "" : " or "; r += x; };
        if (sep_comma_) add("','");
        if (sep_semicolon_) add("';'");
        if (sep_crlf_) add("a line break");
        if (plus_) add("'+'");
        return r;
    }
    // Every name error is CertStrToName's CRYPT_E_INVALID_X500_STRING (0x80092023) on Windows.
    void error(std::size_t off, std::string msg) {
        d_.error(t_.at(off), std::string(what_) + ": " + std::move(msg), core::hr::crypt_invalid_x500_string);
    }

    // attribute parses `key = value` at i_.
    std::optional<attribute_value> attribute() {
        std::size_t kb = i_;
        while (i_ < s_.size() && s_[i_] != '=' && !is_separator(s_[i_]) && !(plus_ && s_[i_] == '+')) ++i_;
        const auto tr_b = trim_offsets(s_, kb, i_); std::size_t b = tr_b.first, e = tr_b.second;
        std::string_view key = s_.substr(b, e - b);
        if (i_ == s_.size() || s_[i_] != '=') {
            if (key.empty()) error(kb, "expected an attribute (like CN=name)");
            else error(i_, "expected '=' after " + quote(key));
            return std::nullopt;
        }
        if (key.empty()) {
            error(kb, "missing attribute name before '='");
            return std::nullopt;
        }
        ++i_;  // '='
        attribute_value av;
        attribute_class cls = attribute_class::other;
        if (!resolve(key, b, av.oid, cls)) return std::nullopt;
        skip_blanks();
        std::size_t vb = i_;
        av.pos = t_.at(vb);
        if (quoting_ && i_ < s_.size() && s_[i_] == '"') {
            ++i_;
            av.pos = t_.at(i_);
            while (true) {
                if (i_ == s_.size()) {
                    error(vb, "unterminated quoted value (no closing '\"')");
                    return std::nullopt;
                }
                if (s_[i_] == '"') {
                    if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
                        av.value.push_back('"');
                        i_ += 2;
                        continue;
                    }
                    ++i_;
                    break;
                }
                av.value.push_back(s_[i_++]);
            }
            return typed(std::move(av), cls, vb + 1);
        }
        while (i_ < s_.size() && !is_separator(s_[i_]) && !(plus_ && s_[i_] == '+')) ++i_;
        const auto tr_tb = trim_offsets(s_, vb, i_); std::size_t tb = tr_tb.first, te = tr_tb.second;
        std::string_view raw = s_.substr(tb, te - tb);
        if (!raw.empty() && raw[0] == '#') return hex_value(std::move(av), raw, tb);
        av.value.assign(raw);
        return typed(std::move(av), cls, tb);
    }

    bool resolve(std::string_view key, std::size_t at, std::string& oid, attribute_class& cls) {
        std::string_view dotted = key;
        bool oid_form = false;
        if (key.size() > 4 && inf::iequals(key.substr(0, 4), "OID.")) dotted = key.substr(4), oid_form = true;
        if (oid_form || (key[0] >= '0' && key[0] <= '9')) {
            if (!is_dotted_oid(dotted)) {
                error(at, "invalid object identifier " + quote(key));
                return false;
            }
            oid.assign(dotted);
            cls = attribute_class::other;  // CertStrToName types a value by its OID, however written
            for (auto& k : attribute_keywords)
                if (k.oid == dotted) {
                    cls = k.cls;
                    break;
                }
            return true;
        }
        for (auto& k : attribute_keywords)
            if (inf::iequals(k.keyword, key)) {
                oid.assign(k.oid);
                cls = k.cls;
                return true;
            }
        error(at, "unknown attribute " + quote(key) + " (use OID.1.2.3= for attributes without a keyword)");
        return false;
    }

    std::optional<attribute_value> hex_value(attribute_value av, std::string_view raw, std::size_t at) {
        std::string out;
        int hi = -1;
        for (std::size_t k = 1; k < raw.size(); ++k) {
            char c = raw[k];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) {
                error(at + k, "expected a hex digit in '#' value, got " + quote(raw.substr(k, 1)));
                return std::nullopt;
            }
            if (hi < 0) hi = v;
            else out.push_back(static_cast<char>(hi * 16 + v)), hi = -1;
        }
        if (hi >= 0) {
            error(at, "odd number of hex digits in '#' value");
            return std::nullopt;
        }
        av.kind = string_kind::octet;
        av.value = std::move(out);
        return av;
    }

    // typed picks the string type (§6.3) or reports why the value cannot be encoded.
    std::optional<attribute_value> typed(attribute_value av, attribute_class cls, std::size_t at) {
        const std::string& v = av.value;
        std::size_t bad_printable = first_not(v, is_printable_char);
        bool printable = bad_printable == std::string::npos;
        std::size_t non_ascii = first_not(v, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        bool ascii = non_ascii == std::string::npos;
        if (!ascii && !decode_utf8(v)) {
            error(at + non_ascii, "value is not valid UTF-8");
            return std::nullopt;
        }
        // certreq.exe writes DirectoryStrings as UTF8String unless DISABLE_UTF8_DIR_STR (spec §6.3).
        bool force_utf8 = !(flags_ & name_flags::disable_utf8_dir_str);
        switch (cls) {
            case attribute_class::country:
                if (!printable || v.size() != 2) {
                    error(at, "C (country) must be a 2-letter code, got " + quote(v));
                    return std::nullopt;
                }
                av.kind = string_kind::printable;
                return av;
            case attribute_class::printable:
                if (!printable) {
                    error(at + bad_printable, "character " + quote(char_at(v, bad_printable)) +
                                                  " is not allowed in a PrintableString");
                    return std::nullopt;
                }
                av.kind = string_kind::printable;
                return av;
            case attribute_class::numeric: {
                std::size_t bad = first_not(v, [](char c) { return (c >= '0' && c <= '9') || c == ' '; });
                if (bad != std::string::npos) {
                    error(at + bad, "character " + quote(char_at(v, bad)) + " is not allowed in a NumericString");
                    return std::nullopt;
                }
                av.kind = string_kind::numeric;
                return av;
            }
            case attribute_class::ia5:
                if (!ascii) {
                    if (!(flags_ & name_flags::enable_punycode))
                        return ia5_error(at + non_ascii, v, non_ascii);
                    std::size_t atsign = v.rfind('@');
                    std::size_t local_bad = first_not(std::string_view(v).substr(0, atsign == std::string::npos ? 0 : atsign),
                                                      [](char c) { return static_cast<unsigned char>(c) < 0x80; });
                    if (atsign == std::string::npos || non_ascii < atsign || local_bad != std::string::npos)
                        return ia5_error(at + non_ascii, v, non_ascii);
                    auto host = text::host_to_ascii(std::string_view(v).substr(atsign + 1));
                    if (!host) {
                        error(at + atsign + 1, "the host of " + quote(v) + " has no IDNA form: " + host.err().message);
                        return std::nullopt;
                    }
                    av.value = v.substr(0, atsign + 1) + *host;
                }
                av.kind = string_kind::ia5;
                return av;
            case attribute_class::ia5_or_utf8:
                av.kind = ascii ? string_kind::ia5 : string_kind::utf8;
                return av;
            case attribute_class::directory:
            case attribute_class::other:
                if (force_utf8 && cls == attribute_class::directory) av.kind = string_kind::utf8;
                else if (printable) av.kind = string_kind::printable;
                else if ((flags_ & name_flags::enable_t61_unicode) && fits_latin1(v)) av.kind = string_kind::teletex;
                else if (bmp_default_ && !(flags_ & name_flags::enable_utf8_unicode) && fits_bmp(v)) av.kind = string_kind::bmp;
                else av.kind = string_kind::utf8;
                return av;
        }
        return av;
    }

    std::optional<attribute_value> ia5_error(std::size_t off, const std::string& v, std::size_t bad) {
        error(off, "character " + quote(char_at(v, bad)) + " is not allowed in an IA5String (e-mail addresses must be ASCII" +
                       std::string(flags_ & name_flags::enable_punycode ? ")" : "; CERT_NAME_STR_ENABLE_PUNYCODE_FLAG converts a non-ASCII host)"));
        return std::nullopt;
    }

    static bool fits_bmp(std::string_view v) {
        auto cps = decode_utf8(v);
        if (!cps) return false;
        for (char32_t c : *cps)
            if (c > 0xFFFF) return false;
        return true;
    }

    static bool fits_latin1(std::string_view v) {
        auto cps = decode_utf8(v);
        if (!cps) return false;
        for (char32_t c : *cps)
            if (c > 0xFF) return false;
        return true;
    }

    // char_at returns the whole UTF-8 character that starts at byte `i`.
    static std::string char_at(std::string_view v, std::size_t i) {
        std::size_t n = 1;
        while (i + n < v.size() && (static_cast<unsigned char>(v[i + n]) & 0xC0) == 0x80) ++n;
        return std::string(v.substr(i, n));
    }

    const located_text& t_;
    std::string_view s_;
    std::uint32_t flags_;
    std::string_view what_;
    diagnostics& d_;
    std::size_t i_ = 0;
    bool bmp_default_;
    bool sep_comma_ = true, sep_semicolon_ = true, sep_crlf_ = false, plus_ = true, quoting_ = true;
};

}  // namespace detail

// parse_name parses a CertStrToName string with X500NameFlags `flags`.
// `what` prefixes messages ("Subject", "DirectoryName"). Errors are reported
// at the offending byte; the result is nullopt after any error.
// `bmp_default` asks for CertStrToName's own choice for non-printable text,
// BMPString (when every code point fits and ENABLE_UTF8_UNICODE is not set),
// instead of our UTF8String default.
inline std::optional<name> parse_name(const located_text& text, std::uint32_t flags, diagnostics& d,
                                      std::string_view what = "Subject", bool bmp_default = false) {
    return detail::name_parser(text, flags, what, d, bmp_default).parse();
}

}  // namespace certreq::model
