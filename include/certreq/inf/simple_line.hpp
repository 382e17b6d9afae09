// inf/simple_line.hpp: a grammar-free reader for the common entry line:
// ASCII `key = value ; comment` with "quotes" but no '\\', '%' outside
// quotes or typographic quotes. It yields exactly the parts the X3 rule
// entry_line (grammar_def.hpp) would, at a fraction of the cost; any other
// line is left to the grammar. tests/inf/simple_line_test.cpp checks the two
// agree.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "certreq/inf/ast.hpp"

namespace certreq::inf::detail {

enum class char_class : std::uint8_t { text, quote, semicolon, equals, other };

// class_of: `other` is '\\', '%' and bytes >= 0x80 (typographic quotes
// and strkeys need the grammar).
inline char_class class_of(char ch) noexcept {
    static constexpr auto table = [] {
        std::array<char_class, 256> t{};
        for (auto& c : t) c = char_class::text;
        for (int i = 0x80; i < 0x100; ++i) t[static_cast<std::size_t>(i)] = char_class::other;
        t['\\'] = t['%'] = char_class::other;
        t['"'] = char_class::quote;
        t[';'] = char_class::semicolon;
        t['='] = char_class::equals;
        return t;
    }();
    return table[static_cast<unsigned char>(ch)];
}

// simple_entry parses a line made of ASCII text and "quotes" (no '\\' or
// '%' outside quotes, no typographic quotes) exactly as entry_line would:
// key parts, '=', value parts after blanks, then a comment. That is most
// lines, and the grammar costs several times more. Returns false, leaving
// `out` alone, for any other line.
inline bool simple_entry(const char* b, const char* e, ast::parts& out) {
    const std::size_t mark = out.size();
    const char* p = b;
    bool value = false;   // past the first '='
    while (p != e) {
        const char_class c = class_of(*p);
        if (c == char_class::text) {
            const char* s = p;
            while (p != e && (class_of(*p) == char_class::text || (value && *p == '='))) ++p;
            if (p != e && class_of(*p) == char_class::other) break;
            out.push_back({ast::range(s, p), ast::part_kind::plain});
        } else if (c == char_class::quote) {
            // "" inside is one quote; no closing quote: runs to the end.
            const char* s = ++p;
            while (p != e && (*p != '"' || (p + 1 != e && p[1] == '"'))) {
                if (static_cast<unsigned char>(*p) >= 0x80) break;
                p += *p == '"' ? 2 : 1;
            }
            if (p != e && *p != '"') break;
            out.push_back({ast::range(s, p), p == e ? ast::part_kind::unterminated : ast::part_kind::quoted});
            if (p != e) ++p;
        } else if (c == char_class::equals && !value) {
            out.push_back({ast::range(p, p + 1), ast::part_kind::equals});
            value = true;
            ++p;
            while (p != e && (*p == ' ' || *p == '\t' || *p == '\v' || *p == '\f')) ++p;
        } else if (c == char_class::equals) {
            const char* s = p;   // a later '=' is value text
            while (p != e && (class_of(*p) == char_class::text || *p == '=')) ++p;
            if (p != e && class_of(*p) == char_class::other) break;
            out.push_back({ast::range(s, p), ast::part_kind::plain});
        } else if (c == char_class::semicolon) {
            return true;   // the rest is a comment
        } else {
            break;
        }
    }
    if (p == e) return true;
    out.resize(mark);
    return false;
}

}  // namespace certreq::inf::detail
