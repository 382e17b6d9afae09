// inf/ast.hpp: what the Spirit X3 grammar (inf/grammar_def.hpp) produces for
// one physical line. Nodes hold iterator ranges into the decoded source text,
// so a node's position is its address in the text: no copies, no position
// cache. inf/parse.hpp turns these into document entries.
#pragma once
#include <cstdint>
#include <vector>

#include <boost/range/iterator_range_core.hpp>

namespace certreq::inf::ast {

using iterator = const char*;
using range = boost::iterator_range<iterator>;

// part_kind says how a piece of an entry line was written.
enum class part_kind : std::uint8_t {
    plain,               // unquoted text (blanks inside kept; the ends are trimmed later)
    quoted,              // "text" ("" inside means one "); range is the inside
    smart_quoted,        // “text” or ”text”: typographic quotes used as quotes (warned)
    smart_single,        // ‘text’ spanning a whole value (warned)
    unterminated,        // "text to the end of the line (warned, or joined with the next line)
    smart_unterminated,  // “text to the end of the line
    equals,              // the '=' between key and value (later ones are plain text)
    continuation,        // a trailing '\': the next line continues this one
};

// part is one piece of a line; `text` excludes the quote characters.
struct part {
    range text;
    part_kind kind = part_kind::plain;
};

// parts is an entry line as written: key parts, equals, value parts.
using parts = std::vector<part>;

// section_header is `[name] trailing ; comment`; both ranges untrimmed.
struct section_header {
    range name;
    range trailing;
};

}  // namespace certreq::inf::ast
