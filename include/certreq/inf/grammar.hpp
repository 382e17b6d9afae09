// inf/grammar.hpp: the INF grammar's start rule (definitions in
// inf/grammar_def.hpp, EBNF in grammars/inf.ebnf). The grammar reads the
// text itself, line ends included: `file = { line }`, where one `line` is a
// statement (a section header, a blank or comment line, an over-long line,
// or an entry with the physical lines it pulls in through a trailing '\'
// or a quote broken across lines). The reader (inf/parse.hpp) applies
// `line` repeatedly and resolves each statement as soon as it is parsed:
// memory stays bounded, diagnostics come in file order, reading stops after
// limits::max_diagnostics, and one statement's storage is reused.
#pragma once
#include "certreq/inf/x3.hpp"

#include "certreq/inf/ast.hpp"

namespace certreq::inf::parser {

namespace x3 = boost::spirit::x3;

struct line_class;

using line_type = x3::rule<line_class, ast::parts>;

}  // namespace certreq::inf::parser
