// inf/grammar.hpp: the INF line grammar's rule types (definitions in
// inf/grammar_def.hpp). The reader splits the text into physical lines itself
// and parses each with one of four start rules:
//   section_line  `[name] trailing ; comment`          (first non-blank is '[')
//   entry_line    `key = value ; comment`, or a value alone
//   value_line    the line after a trailing '\' (all '=' are text)
//   quoted_tail   the line after an unterminated quote (starts inside quotes)
#pragma once
#include "certreq/inf/x3.hpp"

#include "certreq/inf/ast.hpp"

namespace certreq::inf::parser {

namespace x3 = boost::spirit::x3;

struct section_line_class;
struct entry_line_class;
struct value_line_class;
struct quoted_tail_class;

using section_line_type = x3::rule<section_line_class, ast::section_header>;
using entry_line_type = x3::rule<entry_line_class, ast::parts>;
using value_line_type = x3::rule<value_line_class, ast::parts>;
using quoted_tail_type = x3::rule<quoted_tail_class, ast::parts>;

}  // namespace certreq::inf::parser
