// inf/ast.hpp: what the Spirit X3 grammar (inf/grammar_def.hpp) produces for
// one statement of an INF file: a section header, an entry (which may span
// several physical lines), or a line with nothing in it, as a list of parts
// (one node type keeps the compile cost down: ast_adapted.hpp). Nodes hold
// iterator ranges into the decoded source text and `where`, the range the
// node was parsed from (set by the annotation handler, error_handler.hpp), so a
// node's position is its address in the text: no copies, no position cache.
// inf/parse.hpp turns statements into document sections and entries.
#pragma once
#include <cstdint>
#include <vector>

#include <boost/range/iterator_range_core.hpp>

namespace certreq::inf::ast {

using iterator = const char*;
using range = boost::iterator_range<iterator>;

// part_kind says what a piece of a statement is and how it was written.
enum class part_kind : std::uint8_t {
    plain,               // unquoted text (blanks inside kept; the ends are trimmed later)
    quoted,              // "text" ("" inside means one "); text is the inside
    smart_quoted,        // “text” or ”text”: typographic quotes used as quotes (warned)
    smart_single,        // ‘text’ spanning a whole value (warned)
    unterminated,        // "text to the end of the line (warned)
    smart_unterminated,  // “text to the end of the line
    broken_quote,        // "text<line end>text": a quote closed on the next line (warned); the line end is dropped
    equals,              // the '=' between key and value (later ones are plain text)
    continuation,        // a trailing '\' that joined the next line (`where` covers the joint)
    dangling_at_eof,     // a trailing '\' with no line after it (warned, ignored)
    dangling_at_header,  // a trailing '\' before a section header (warned, ignored)
    dangling_at_long,    // a trailing '\' before an over-long line (ignored; the line is an error)
    too_long,            // a whole physical line over limits::max_line_bytes (an error; the only part)
    section_name,        // `[name`: the name, untrimmed; `where` starts at the '['
    section_trailing,    // text between ']' and a comment (warned unless blank)
};

// part is one piece of a statement; `text` excludes quote characters and
// brackets, `where` includes them.
struct part {
    range where;
    range text;
    part_kind kind = part_kind::plain;
};

// parts is one statement of the file, as written: for an entry its key
// parts, equals and value parts; for a section header its section_name and
// section_trailing parts; for an over-long line one too_long part; nothing
// for a blank or comment line.
using parts = std::vector<part>;

enum class statement_kind : std::uint8_t { empty, too_long, section, entry };

inline statement_kind kind_of(const parts& ps) noexcept {
    if (ps.empty()) return statement_kind::empty;
    switch (ps.front().kind) {
        case part_kind::section_name: return statement_kind::section;
        case part_kind::too_long: return statement_kind::too_long;
        default: return statement_kind::entry;
    }
}

// A header without ']' (an error, already reported) has no trailing part.
inline bool header_closed(const parts& ps) noexcept { return ps.size() > 1; }

}  // namespace certreq::inf::ast
