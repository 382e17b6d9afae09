// inf/simple_line.hpp: a grammar-free reader for the common entry line:
// ASCII `key = value ; comment` with "quotes" but no '\\', '%' outside
// quotes or typographic quotes. It yields exactly the parts the X3 rule
// entry_line (grammar_def.hpp) would, at a fraction of the cost; any other
// line is left to the grammar. Section headers likewise. tests/inf/
// simple_line_test.cpp checks that the two agree.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "certreq/inf/ast.hpp"

namespace certreq::inf::detail {

enum class char_class : std::uint8_t { text, quote, semicolon, equals, other };

// line_tables classify bytes: `other` is '\\', '%' and bytes >= 0x80
// (typographic quotes and strkeys need the grammar); key_text and
// value_text say what a run of plain text may hold ('=' only in a value).
struct line_tables {
    std::array<char_class, 256> cls{};
    std::array<bool, 256> key_text{}, value_text{};
};

inline constexpr line_tables make_line_tables() {
    line_tables t;
    for (std::size_t i = 0; i < 256; ++i) t.cls[i] = i < 0x80 ? char_class::text : char_class::other;
    t.cls['\\'] = t.cls['%'] = char_class::other;
    t.cls['"'] = char_class::quote;
    t.cls[';'] = char_class::semicolon;
    t.cls['='] = char_class::equals;
    for (std::size_t i = 0; i < 256; ++i) {
        t.key_text[i] = t.cls[i] == char_class::text;
        t.value_text[i] = t.cls[i] == char_class::text || t.cls[i] == char_class::equals;
    }
    return t;
}

inline constexpr line_tables line_table = make_line_tables();

inline char_class class_of(char ch) noexcept { return line_table.cls[static_cast<unsigned char>(ch)]; }

// simple_entry parses a line made of ASCII text and "quotes" (no '\\' or
// '%' outside quotes, no typographic quotes) exactly as entry_line would:
// key parts, '=', value parts after blanks, then a comment. That is most
// lines, and the grammar costs several times more. Returns false, leaving
// `out` alone, for any other line.
inline bool simple_entry(const char* b, const char* e, ast::parts& out) {
    const std::size_t mark = out.size();
    const char* p = b;
    const bool* text = line_table.key_text.data();   // value_text after the first '='
    while (p != e) {
        const char_class c = class_of(*p);
        if (text[static_cast<unsigned char>(*p)]) {
            const char* s = p;
            while (p != e && text[static_cast<unsigned char>(*p)]) ++p;
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
        } else if (c == char_class::equals) {   // the first '=' (later ones are value text)
            out.push_back({ast::range(p, p + 1), ast::part_kind::equals});
            text = line_table.value_text.data();
            ++p;
            while (p != e && (*p == ' ' || *p == '\t' || *p == '\v' || *p == '\f')) ++p;
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

// simple_header parses an ASCII line starting with '[' that has a ']' as
// section_line would: the name up to the first ']', the trailing text up
// to ';'. Any other line (the grammar reports the missing ']') returns false.
inline bool simple_header(const char* b, const char* e, ast::section_header& out) {
    const char* close = nullptr;
    for (const char* p = b + 1; p < e; ++p) {
        if (static_cast<unsigned char>(*p) >= 0x80) return false;
        if (*p == ']' && !close) close = p;
    }
    if (!close) return false;
    const char* t = close + 1;
    while (t != e && *t != ';') ++t;
    out.name = ast::range(b + 1, close);
    out.trailing = ast::range(close + 1, t);
    return true;
}

}  // namespace certreq::inf::detail
