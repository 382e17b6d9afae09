// inf/grammar_def.hpp: the INF grammar in Boost.Spirit X3 (EBNF in
// grammars/inf.ebnf). It reads the decoded text directly, line ends
// included: one `line` is one statement, which for an entry may pull in
// further physical lines (a trailing '\', a quote broken across lines).
// Attributes are ranges into the text (ast.hpp): nothing is copied.
#pragma once
#include "certreq/inf/x3.hpp"
#include <cstddef>
#include <string>

#include "certreq/inf/ast.hpp"
#include "certreq/inf/ast_adapted.hpp"
#include "certreq/inf/error_handler.hpp"
#include "certreq/inf/grammar.hpp"
#include "certreq/inf/limits.hpp"

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
        std::string r(1, '\'');
        r.push_back(static_cast<char>(p.ch));
        r.push_back('\'');
        return r;
    }
};
// X3 appends to a container with insert(end, x), which GCC does not inline;
// the parts of an entry are appended in the grammar's inner loop.
template <>
struct traits::push_back_container<certreq::inf::ast::parts> {
    template <typename T>
    static bool call(certreq::inf::ast::parts& c, T&& val) {
        c.push_back(static_cast<T&&>(val));
        return true;
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

// over_long_line matches a whole physical line longer than
// limits::max_line_bytes, without its line end. Only text longer than the limit
// can hold such a line, so short files never scan for it.
struct over_long_line_parser : x3::parser<over_long_line_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
        constexpr std::size_t max = limits::max_line_bytes;
        if (static_cast<std::size_t>(last - first) <= max) return false;
        Iterator p = first;
        for (Iterator stop = first + max + 1; p != stop; ++p)
            if (*p == '\r' || *p == '\n') return false;
        while (p != last && *p != '\r' && *p != '\n') ++p;
        first = p;
        return true;
    }
};

inline constexpr over_long_line_parser over_long_line{};

// char_class is a byte table: which bytes a run of text may hold.
struct char_class {
    bool in[256] = {};
};

// all_but builds the class of every byte except those in `excluded`.
constexpr char_class all_but(const char* excluded) {
    char_class c;
    for (bool& b : c.in) b = true;
    for (const char* p = excluded; *p; ++p) c.in[static_cast<unsigned char>(*p)] = false;
    return c;
}

// run_parser matches one or more bytes of a class in one loop: the inner
// loop of plain text, quoted text and comments (x3::char_ sets test a
// std::bitset through a call per byte).
struct run_parser : x3::parser<run_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    const char_class* cls;

    constexpr explicit run_parser(const char_class& c) : cls(&c) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
        Iterator p = first;
        while (p != last && cls->in[static_cast<unsigned char>(*p)]) ++p;
        if (p == first) return false;
        first = p;
        return true;
    }
};

// line_break_parser matches CRLF, LF or CR.
struct line_break_parser : x3::parser<line_break_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
        if (first == last || (*first != '\r' && *first != '\n')) return false;
        if (*first++ == '\r' && first != last && *first == '\n') ++first;
        return true;
    }
};

// smart_quote_parser matches one of two typographic quotes, U+20xx in UTF-8
// (E2 80 xx): one test for the common byte that starts neither.
struct smart_quote_parser : x3::parser<smart_quote_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    unsigned char a, b;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
        if (first == last || *first != '\xE2' || last - first < 3 || first[1] != '\x80') return false;
        const auto c = static_cast<unsigned char>(first[2]);
        if (c != a && c != b) return false;
        first += 3;
        return true;
    }
};

// The classes: a line's text, a quoted string's text, and plain text (in a
// value; in a key also without '='): all but quotes, ';', line ends and
// the bytes that may start something else ('\\', '%', a typographic quote).
inline constexpr char_class blank_chars = [] {
    char_class c;
    for (char b : {' ', '\t', '\v', '\f'}) c.in[static_cast<unsigned char>(b)] = true;
    return c;
}();
inline constexpr char_class line_chars = all_but("\r\n");
inline constexpr char_class quoted_chars = all_but("\"\r\n");
inline constexpr char_class plain_value_chars = all_but("\";\\%\xE2\r\n");
inline constexpr char_class plain_key_chars = all_but("\";\\%\xE2\r\n=");
inline constexpr run_parser blank_run{blank_chars};
inline constexpr run_parser line_run{line_chars};
inline constexpr run_parser quoted_run{quoted_chars};
inline constexpr run_parser plain_value_run{plain_value_chars};
inline constexpr run_parser plain_key_run{plain_key_chars};

// Where a part may start: anything but a line end, ';' and (in a key) '='.
inline constexpr char_class value_start = all_but(";\r\n");
inline constexpr char_class key_start = all_but(";\r\n=");

// parts_from(c)[p] is *p and maybe_part[p] is -p for the parts of an
// entry, appending each part in place; parts_from tries a part only at a
// byte of class `c` (so the loop stops without trying every kind of part).
// X3 parses a kleene or an optional into a temporary vector whenever the
// container already holds elements (to roll back a failure, which neither
// has), which would cost every entry an allocation.
template <typename Subject>
struct parts_directive : x3::unary_parser<Subject, parts_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, parts_directive<Subject>>;
    using attribute_type = ast::parts;
    static bool const has_attribute = true;
    static bool const handles_container = false;
    const char_class* start;
    bool many;

    constexpr parts_directive(Subject const& subject, const char_class* c, bool m) : base_type(subject), start(c), many(m) {}

    template <typename Iterator, typename Context, typename RContext>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext, ast::parts& attr) const {
        do {
            if (start && (first == last || !start->in[static_cast<unsigned char>(*first)])) break;
            if (!x3::detail::parse_into_container(this->subject, first, last, context, rcontext, attr)) break;
        } while (many);
        return true;
    }
};

struct parts_gen {
    const char_class* start;
    bool many;

    template <typename Subject>
    constexpr parts_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](Subject const& subject) const {
        return {x3::as_parser(subject), start, many};
    }
};

constexpr parts_gen parts_from(const char_class& start) { return {&start, true}; }
inline constexpr parts_gen maybe_part{nullptr, false};

///////////////////////////////////////////////////////////////////////////////
// Rule IDs (with their handlers, at the end)
///////////////////////////////////////////////////////////////////////////////

struct quoted_class;
struct smart_quoted_class;
struct smart_single_class;
struct plain_key_class;
struct plain_value_class;
struct equals_class;
struct continuation_class;
struct section_name_class;
struct section_trailing_class;
struct section_line_class;
struct entry_class;
struct statement_class;
struct too_long_class;
struct too_long_line_class;

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
inline const x3::rule<section_name_class, ast::part> section_name = "section name";
inline const x3::rule<section_trailing_class, ast::part> section_trailing = "text after a section header";
inline const x3::rule<section_line_class, ast::parts> section_line = "section header";
inline const x3::rule<entry_class, ast::parts> entry = "entry";
inline const x3::rule<statement_class, ast::parts> statement = "statement";
inline const x3::rule<too_long_class, ast::part> too_long = "over-long line";
inline const x3::rule<too_long_line_class, ast::parts> too_long_line = "over-long line";
inline const line_type line = "line";

///////////////////////////////////////////////////////////////////////////////
// Grammar
///////////////////////////////////////////////////////////////////////////////

// Blanks are spaces, tabs, vertical tabs and form feeds. A line ends with
// CRLF, LF or CR (or the end of the text).
inline const auto blank = x3::char_(" \t\v\f");
inline const auto blanks = -blank_run;
inline constexpr line_break_parser line_break{};
inline const auto line_end = line_break | eoi;
inline const auto comment = lit(';') >> -line_run;

// The lines a '\' skips on its way to the line it continues: comment lines
// and empty ones (a line of blanks is joined, as text).
inline const auto skipped_lines = *(line_break >> ((blanks >> comment) | &line_end));

// U+201C/U+201D (“ ”) and U+2018/U+2019 (‘ ’) in UTF-8.
inline constexpr smart_quote_parser smart_dq{{}, 0x9C, 0x9D};
inline constexpr smart_quote_parser smart_sq{{}, 0x98, 0x99};

// A '\' followed only by blanks (and maybe a comment) continues the line.
inline const auto continuation_ahead = lit('\\') >> *blank >> (lit(';') | line_end);

// %strkey%: a ';' inside is not a comment (INF rule); no blanks, '=' or quotes.
inline const auto strkey = lit('%') >> *~x3::char_("%\"= \t\v\f\r\n") >> '%';

// Most characters are plain: one char-set test. Only '\\', '%' and the
// first byte of a typographic quote need a closer look.
inline const auto special_char = strkey | (x3::char_("\\%\xE2") - smart_dq - continuation_ahead);
inline const auto plain_value_text = +(plain_value_run | special_char);
inline const auto plain_key_text = +(plain_key_run | special_char);

// A quote left open at the end of a line joins the next line when that line
// closes it and leaves no other quote open (corpus 025): one broken_quote
// part whose text spans the line end (dropped when the value is built).
// These are the line-local parts the joined line may hold after the quote.
inline const auto closed_quoted = lit('"') >> *(quoted_run | lit("\"\"")) >> '"';
inline const auto closed_smart = smart_dq >> *(~x3::char_("\"\r\n") - smart_dq) >> (smart_dq | '"');
inline const auto tail_continuation = lit('\\') >> *blank >> &(lit(';') | line_end);
inline const auto tail_part = tail_continuation | closed_quoted | closed_smart | plain_value_text;
inline const auto joinable_line = line_break >> !(blanks >> (line_end | '[')) >> !over_long_line;
// Inside "...", "" is a literal quote.
inline const auto quoted_text = *(quoted_run | lit("\"\""));

inline const auto quoted_def =
    lit('"') >> ((raw[quoted_text] >> lit('"') >> attr(k::quoted)) |
                 (raw[quoted_text >> joinable_line >> quoted_text] >> lit('"') >>
                  &(*tail_part >> -comment >> line_end) >> attr(k::broken_quote)) |
                 (raw[quoted_text] >> attr(k::unterminated)));

inline const auto smart_quoted_def =
    smart_dq >> raw[*(~x3::char_("\"\r\n") - smart_dq)]
             >> (((smart_dq | '"') >> attr(k::smart_quoted)) | attr(k::smart_unterminated));

// ‘...’ counts as quotes only around a whole value, so apostrophes
// (Jane’s) stay text.
inline const auto smart_single_def = smart_sq >> raw[*(~x3::char_("\r\n") - smart_sq)] >> smart_sq >>
                                     &(*blank >> (lit(';') | line_end)) >> attr(k::smart_single);

inline const auto plain_key_def = raw[plain_key_text] >> attr(k::plain);
inline const auto plain_value_def = raw[plain_value_text] >> attr(k::plain);
inline const auto equals_def = raw[lit('=')] >> attr(k::equals);

// A '\' joins the next line that is not empty or a comment, unless that line is
// a section header or too long, or there is none.
inline const auto continuation_def =
    raw[lit('\\')] >> blanks >> &(lit(';') | line_end) >>
    ((omit[-comment >> skipped_lines >> line_break] >> !(blanks >> '[') >> !over_long_line >> attr(k::continuation)) |
     (&(-comment >> skipped_lines >> eoi) >> attr(k::dangling_at_eof)) |
     (&(-comment >> skipped_lines >> line_break >> blanks >> '[') >> attr(k::dangling_at_header)) |
     attr(k::dangling_at_long));

// Plain text first (the common case): it cannot start where the others do.
inline const auto key_part = plain_key | quoted | continuation | smart_quoted;
inline const auto value_part = plain_value | quoted | continuation | smart_quoted;

// Flat on purpose (no optional group): every part goes straight into the
// statement's vector. Key parts stop only at '=', ';' or the end of a line
// that is not continued, so value parts and the smart_single can only
// follow an '='.
inline const auto entry_def =
    parts_from(key_start)[key_part] >> maybe_part[equals] >> blanks >> maybe_part[smart_single] >>
    parts_from(value_start)[value_part] >> -comment >> line_end;

// `[` commits: a header without `]` is an error, reported where `]` was
// expected (error_handler_base), and has no trailing part. Nested to the
// right on purpose: X3 parses a left-nested `name > ']'` into a temporary
// part, which the expectation failure would throw away.
inline const auto section_name_def = lit('[') >> raw[*~x3::char_("]\r\n")] >> attr(k::section_name);
inline const auto section_trailing_def = raw[*~x3::char_(";\r\n")] >> attr(k::section_trailing);
inline const auto section_line_def = section_name >> (x3::expect[lit(']')] >> section_trailing >> -comment >> line_end);

inline const auto empty_line = omit[-comment >> line_end];

inline const auto statement_def = empty_line | section_line | entry;

inline const auto too_long_def = raw[over_long_line] >> attr(k::too_long);
inline const auto too_long_line_def = too_long >> line_end;

inline const auto line_def = too_long_line | (blanks >> statement);

BOOST_SPIRIT_DEFINE(quoted, smart_quoted, smart_single, plain_key, plain_value, equals,
                    continuation, section_name, section_trailing, section_line, entry, statement, too_long, too_long_line, line)

///////////////////////////////////////////////////////////////////////////////
// Handlers: every node records where it was parsed from; section_line is
// the only rule with expectation points.
///////////////////////////////////////////////////////////////////////////////

struct quoted_class : annotate_position {};
struct smart_quoted_class : annotate_position {};
struct smart_single_class : annotate_position {};
struct plain_key_class : annotate_position {};
struct plain_value_class : annotate_position {};
struct equals_class : annotate_position {};
struct continuation_class : annotate_position {};
struct section_name_class : annotate_position {};
struct section_trailing_class : annotate_position {};
struct section_line_class : error_handler_base {};
struct entry_class {};
struct statement_class {};
struct too_long_class : annotate_position {};
struct too_long_line_class {};
struct line_class {};

}  // namespace certreq::inf::parser
