// inf/ast.hpp: what the Spirit X3 grammar (inf/grammar_def.hpp) produces for
// one statement of an INF file: a section header, an entry (which may span
// several physical lines), or a line with nothing in it. Nodes hold iterator
// ranges into the decoded source text and `where`, the range the node was
// parsed from (set by the annotation handler, inf/error_handler.hpp), so a
// node's position is its address in the text: no copies, no position cache.
// inf/parse.hpp turns statements into document sections and entries.
#pragma once
#include <cstdint>
#include <vector>

#include <boost/range/iterator_range_core.hpp>

namespace certreq::inf::ast {

using iterator = const char*;
using range = boost::iterator_range<iterator>;

// part_kind says how a piece of an entry was written.
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
};

// part is one piece of an entry; `text` excludes the quote characters,
// `where` includes them.
struct part {
    range where;
    range text;
    part_kind kind = part_kind::plain;
};

// parts is an entry as written: key parts, equals, value parts.
using parts = std::vector<part>;

// section_header is `[name] trailing ; comment`; both ranges untrimmed.
// `closed` is false when the line has no ']' (an error, already reported).
struct section_header {
    range where;
    range name;
    range trailing;
    bool closed = false;
};

enum class statement_kind : std::uint8_t {
    empty,      // a blank or comment-only line
    too_long,   // a physical line over limits::max_line_bytes (an error)
    section,    // `header`
    entry,      // `parts`
};

// statement is one unit of the file. `where` starts at its first non-blank
// character (a too-long line: at the line start) and ends after its last
// line end.
struct statement {
    range where;
    statement_kind kind = statement_kind::empty;
    section_header header;
    std::vector<part> parts;
};

}  // namespace certreq::inf::ast
