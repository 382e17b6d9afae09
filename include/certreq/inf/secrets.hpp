// inf/secrets.hpp: the challenge password of a read INF, found by meaning
// once %strings% are substituted and _continue_ lines joined. The value of
// every entry whose key is ChallengePassword (any case, any quoting, also a
// key spelled %name% through [Strings]), in any section, is registered with
// the diagnostics: as text, and as the source characters it came from (its
// _continue_ fragments included). A value made of %name% substitutions also
// registers every [Strings] definition of those names, duplicates too. A
// line without '=' that starts with the word ChallengePassword (the '='
// forgotten) registers the rest of the line.
// diagnostics::format then stars all of it (core/redaction.hpp).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/core/source.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/inf/strings.hpp"

namespace certreq::inf {

namespace detail {

inline std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

inline bool is_utf8_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

inline std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s) n += !is_utf8_continuation(c);
    return n;
}

inline std::string lowered(std::string_view s) {
    std::string r(s);
    for (auto& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

// add_value_spans registers the source characters of `v`'s exact pieces.
inline void add_value_spans(const located_text& v, diagnostics& d) {
    auto ps = v.pieces();
    for (std::size_t i = 0; i < ps.size(); ++i) {
        if (!ps[i].exact) continue;
        std::size_t end = i + 1 < ps.size() ? ps[i + 1].offset : v.size();
        d.add_secret_span(ps[i].pos, code_points(v.view().substr(ps[i].offset, end - ps[i].offset)));
    }
}

// substituted_name returns the name of the %name% written at `at`, or "".
inline std::string_view substituted_name(const source_text& src, position at) {
    std::string_view line = src.line(at.line);
    std::size_t i = 0;
    for (std::uint32_t col = 1; i < line.size() && col < at.column; ++col)
        for (++i; i < line.size() && is_utf8_continuation(line[i]);) ++i;
    if (i >= line.size() || line[i] != '%') return {};
    std::size_t close = line.find('%', i + 1);
    return close == std::string_view::npos ? std::string_view{} : line.substr(i + 1, close - i - 1);
}

// secret_lines_nobody_kept: a line the reader quoted in a diagnostic but kept
// no entry for (before the first section, after a broken header) can still
// be `%pw_key% = value`. Its key is resolved through [Strings] here and, if it
// is ChallengePassword, the rest of the line is secret.
inline void secret_lines_nobody_kept(const std::vector<section>& sections, const source_text& src, diagnostics& d) {
    std::vector<std::uint32_t> lines;
    for (auto& item : d.items())
        if (item.pos.known() && src.line(item.pos.line).find('%') != std::string_view::npos) lines.push_back(item.pos.line);
    if (lines.empty()) return;
    diagnostics scratch;  // the reader already warned about duplicate strings
    string_table table(sections, scratch);
    substitution_budget budget;
    for (auto ln : lines) {
        std::string_view line = src.line(ln);
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string key;
        for (char c : line.substr(0, eq))
            if (c != '"') key += c;
        located_text k(std::string(trim_blanks(key)), position{ln, 1});
        substitute(k, table, scratch, budget);
        if (!iequals(trim_blanks(k.view()), "ChallengePassword")) continue;
        std::size_t value = eq + 1;
        while (value < line.size() && (line[value] == ' ' || line[value] == '\t')) ++value;
        d.add_secret_span(src.position_of(src.offset_of_line(ln) + value), code_points(line.substr(value)));
    }
}

}  // namespace detail

// is_challenge_password_key: `key` (as read: unquoted, substituted) names the challenge password.
inline bool is_challenge_password_key(std::string_view key) noexcept {
    return iequals(detail::trim_blanks(key), "ChallengePassword");
}

// register_secrets finds the challenge passwords of `sections` (read from
// `src`) and registers them with `d`. [NewRequest]'s come first: past
// redaction::max_texts, texts are starred only where their spans are.
inline void register_secrets(const std::vector<section>& sections, const source_text& src, diagnostics& d) {
    std::unordered_set<std::string> names;  // %name%s that make up a password, lower case
    for (int pass = 0; pass < 2; ++pass)
        for (auto& s : sections) {
            if (iequals(s.name, "NewRequest") != (pass == 0)) continue;
            for (auto& e : s.entries) {
                if (!e.has_key) {  // `ChallengePassword value`: the '=' forgotten
                    if (std::size_t v = redaction::literal_secret_value(e.value.view()); v < e.value.size()) {
                        located_text rest = e.value.substr(v);
                        d.add_secret(detail::trim_blanks(rest.view()));
                        detail::add_value_spans(rest, d);
                    }
                    continue;
                }
                if (!is_challenge_password_key(e.key.view())) continue;
                d.add_secret(detail::trim_blanks(e.value.view()));
                detail::add_value_spans(e.value, d);
                for (auto& p : e.value.pieces())
                    if (!p.exact)
                        if (auto n = detail::substituted_name(src, p.pos); !n.empty()) names.insert(detail::lowered(n));
            }
        }
    if (!names.empty())
        for (auto& s : sections) {
            if (!is_strings_section(s.name)) continue;
            for (auto& e : s.entries)
                if (e.has_key && names.count(detail::lowered(e.key.view()))) {
                    d.add_secret(detail::trim_blanks(e.value.view()));
                    detail::add_value_spans(e.value, d);
                }
        }
    detail::secret_lines_nobody_kept(sections, src, d);
}

}  // namespace certreq::inf
