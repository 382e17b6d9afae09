// inf/continue.hpp: folding `_continue_` lines (spec §4.3).
//
//   2.5.29.17 = "{text}"                 2.5.29.17 = {text}dns=a&dns=b
//   _continue_ = "dns=a&"        ->      (fragment_starts = {6, 12})
//   _continue_ = "dns=b"
//
// Each `_continue_ = text` (key case-insensitive, after %substitution%)
// appends its value to the previous entry of the same section and records
// where the fragment starts. Separators are written by the author; for a
// `{text}` value (possibly `{critical}{text}`) whose previous fragment does
// not already end in `&`, `,` or the `}` of the prefix, one is inserted when
// the next fragment starts a new token: `name=` -> `&`, a dotted OID after a
// digit (EKU lists) -> `,`. Trailing separators stay: the value grammars
// ignore an empty last token. A `_continue_` with nothing before it in its
// section is ignored with a warning, as certreq.exe ignores it (spec §10.1).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/inf/limits.hpp"

namespace certreq::inf {

namespace detail {

inline bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// starts_token says whether `s` begins with `name=` (name: letters, digits,
// '.', '_', '-', blanks; not starting with a blank).
inline bool starts_token(std::string_view s) noexcept {
    if (s.empty() || !(is_alpha(s[0]) || is_digit(s[0]))) return false;
    for (std::size_t i = 1; i < s.size(); ++i) {
        char c = s[i];
        if (c == '=') return true;
        if (!(is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-' || c == ' ')) return false;
    }
    return false;
}

// starts_oid says whether `s` begins with `digits.digit`.
inline bool starts_oid(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i > 0 && i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1]);
}

}  // namespace detail

// continue_separator returns the separator to put between `prev` (the value
// so far) and `next` (a _continue_ fragment), or 0 for none.
inline char continue_separator(std::string_view prev, std::string_view next) noexcept {
    std::string_view body = prev;
    if (detail::istarts_with(body, "{critical}")) body.remove_prefix(10);
    if (!detail::istarts_with(body, "{text}") || prev.empty() || next.empty()) return 0;
    char last = prev.back();
    if (last == '&' || last == ',' || last == '}') return 0;
    if (detail::starts_token(next)) return '&';
    if (detail::is_digit(last) && detail::starts_oid(next)) return ',';
    return 0;
}

inline bool is_continue_key(const entry& e) noexcept { return e.has_key && iequals(e.key.view(), "_continue_"); }

// fold_continue joins the _continue_ entries of one section.
inline void fold_continue(section& s, diagnostics& diags) {
    bool any = false;
    for (auto& e : s.entries) any |= is_continue_key(e);
    if (!any) return;
    // Compact in place: entries[0, w) are the folded entries so far.
    auto& es = s.entries;
    std::size_t w = 0;
    for (std::size_t i = 0; i < es.size(); ++i) {
        entry& e = es[i];
        if (!is_continue_key(e)) {
            if (w != i) es[w] = std::move(e);
            ++w;
            continue;
        }
        if (w == 0) {  // certreq.exe ignores it (spec §10.1)
            if (diags.items().size() < limits::max_diagnostics)
                diags.warning(e.pos, "_continue_ has no previous entry to continue in section [" + s.name + "]; ignored");
            continue;
        }
        entry& prev = es[w - 1];
        if (char sep = continue_separator(prev.value.view(), e.value.view()))
            prev.value.append(std::string_view(&sep, 1), e.value.start(), false);
        prev.fragment_starts.push_back(prev.value.size());
        if (!e.value.empty()) prev.value.append(e.value);
        prev.quoted = prev.quoted || e.quoted;
    }
    es.erase(es.begin() + static_cast<std::ptrdiff_t>(w), es.end());
}

inline void fold_continue(std::vector<section>& sections, diagnostics& diags) {
    for (auto& s : sections) fold_continue(s, diags);
}

}  // namespace certreq::inf
