// inf/grammar_def.hpp: the INF line grammar in Boost.Spirit X3 (EBNF in
// grammars/inf.ebnf). One physical line is parsed at a time, so the grammar
// never recurses and never looks past the end of a line; `eoi` is the end of
// the line. Attributes are ranges into the text (ast.hpp): nothing is copied.
#pragma once
#include "certreq/inf/x3.hpp"
#include <string>

#include "certreq/inf/ast.hpp"
#include "certreq/inf/ast_adapted.hpp"
#include "certreq/inf/error_handler.hpp"
#include "certreq/inf/grammar.hpp"

// X3 describes a failed `>` expectation on a literal character through
// get_info, whose default converts the character with to_utf8 and so links
// std::stringstream and ~650 KB of libstdc++ locale code into every binary
// that parses INF (bench/RESULTS.md: +0.3 MB resident, 1.65x the size of the
// floor). Our characters are ASCII: describe them directly.
namespace boost::spirit::x3 {
template <>
struct get_info<literal_char<char_encoding::standard, unused_type>> {
    using result_type = std::string;
    std::string operator()(const literal_char<char_encoding::standard, unused_type>& p) const {
        return std::string("'") + static_cast<char>(p.ch) + "'";
    }
};
}  // namespace boost::spirit::x3

namespace certreq::inf::parser {

namespace x3 = boost::spirit::x3;

using x3::attr;
using x3::eoi;
using x3::lit;
using x3::omit;
using x3::raw;
using k = ast::part_kind;

///////////////////////////////////////////////////////////////////////////////
// Rule IDs (the start rules' IDs are below, with the error handler)
///////////////////////////////////////////////////////////////////////////////

struct quoted_class;
struct smart_quoted_class;
struct smart_single_class;
struct plain_key_class;
struct plain_value_class;
struct equals_class;
struct continuation_class;
struct quoted_rest_class;

///////////////////////////////////////////////////////////////////////////////
// Rules
///////////////////////////////////////////////////////////////////////////////

inline const x3::rule<quoted_class, ast::part> quoted = "quoted string";
inline const x3::rule<smart_quoted_class, ast::part> smart_quoted = "typographic quoted string";
inline const x3::rule<smart_single_class, ast::part> smart_single = "typographic single-quoted value";
inline const x3::rule<plain_key_class, ast::part> plain_key = "key text";
inline const x3::rule<plain_value_class, ast::part> plain_value = "value text";
inline const x3::rule<equals_class, ast::part> equals = "'='";
inline const x3::rule<continuation_class, ast::part> continuation = "line continuation";
inline const x3::rule<quoted_rest_class, ast::part> quoted_rest = "rest of a quoted string";

inline const section_line_type section_line = "section header";
inline const entry_line_type entry_line = "entry";
inline const value_line_type value_line = "continued value";
inline const quoted_tail_type quoted_tail = "continued quoted value";

///////////////////////////////////////////////////////////////////////////////
// Grammar
///////////////////////////////////////////////////////////////////////////////

// Blanks are spaces, tabs, vertical tabs and form feeds (never line ends:
// lines are split before parsing).
inline const auto blank = x3::char_(" \t\v\f");
inline const auto comment = lit(';') >> omit[*x3::char_];

// U+201C/U+201D (“ ”) and U+2018/U+2019 (‘ ’) in UTF-8.
inline const auto smart_dq = lit("\xE2\x80\x9C") | lit("\xE2\x80\x9D");
inline const auto smart_sq = lit("\xE2\x80\x98") | lit("\xE2\x80\x99");

// A '\' followed only by blanks (and maybe a comment) joins the next line.
inline const auto continuation_ahead = lit('\\') >> *blank >> (lit(';') | eoi);

// %strkey%: a ';' inside is not a comment (INF rule); no blanks, '=' or quotes.
inline const auto strkey = lit('%') >> *(x3::char_ - '%' - '"' - '=' - blank) >> '%';

// Inside "...", "" is a literal quote; the body runs to the closing quote.
inline const auto quoted_body = raw[*(lit("\"\"") | (x3::char_ - '"'))];

inline const auto quoted_def =
    lit('"') >> quoted_body >> ((lit('"') >> attr(k::quoted)) | (eoi >> attr(k::unterminated)));

inline const auto smart_quoted_def =
    smart_dq >> raw[*(x3::char_ - '"' - smart_dq)]
             >> (((smart_dq | '"') >> attr(k::smart_quoted)) | (eoi >> attr(k::smart_unterminated)));

// ‘...’ counts as quotes only around a whole value, so apostrophes
// (Jane’s) stay text.
inline const auto smart_single_def =
    smart_sq >> raw[*(x3::char_ - smart_sq)] >> smart_sq >> &(*blank >> (lit(';') | eoi)) >> attr(k::smart_single);

// Most characters are plain: one char-set test. Only '\\', '%' and the
// first byte of a typographic quote need a closer look.
inline const auto plain_char = (~x3::char_("\";\\%\xE2")) | strkey |
                               (x3::char_("\\%\xE2") - smart_dq - continuation_ahead);

inline const auto plain_key_def = raw[+(plain_char - '=')] >> attr(k::plain);
inline const auto plain_value_def = raw[+plain_char] >> attr(k::plain);
inline const auto equals_def = raw[lit('=')] >> attr(k::equals);
inline const auto continuation_def = raw[lit('\\')] >> omit[*blank] >> &(lit(';') | eoi) >> attr(k::continuation);
inline const auto quoted_rest_def = quoted_body >> lit('"') >> attr(k::quoted);

inline const auto key_part = continuation | quoted | smart_quoted | plain_key;
inline const auto value_part = continuation | quoted | smart_quoted | plain_value;

// `[` commits: a header without `]` is an error, reported where `]` was expected.
inline const auto section_line_def =
    lit('[') > raw[*(x3::char_ - ']')] > lit(']') > raw[*(x3::char_ - ';')] > -comment > eoi;

// Flat on purpose (no optional group): every part goes straight into the
// vector. Key parts stop only at '=', ';' or the end, so value parts and the
// smart_single can only follow an '='.
inline const auto entry_line_def =
    *key_part >> -equals >> omit[*blank] >> -smart_single >> *value_part >> -comment >> eoi;

inline const auto value_line_def = *value_part >> -comment >> eoi;

inline const auto quoted_tail_def = quoted_rest >> *value_part >> -comment >> eoi;

BOOST_SPIRIT_DEFINE(quoted, smart_quoted, smart_single, plain_key, plain_value, equals, continuation, quoted_rest,
                    section_line, entry_line, value_line, quoted_tail)

///////////////////////////////////////////////////////////////////////////////
// Error handling: section_line is the only rule with an expectation point
// (after '['); the other start rules accept any line (quoted_tail may simply
// not match).
///////////////////////////////////////////////////////////////////////////////

struct section_line_class : error_handler_base {};
struct entry_line_class {};
struct value_line_class {};
struct quoted_tail_class {};

}  // namespace certreq::inf::parser
