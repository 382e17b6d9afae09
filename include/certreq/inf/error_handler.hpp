// inf/error_handler.hpp: the grammar's two handlers, mixed into rule IDs.
//   annotate_position  on success, records the range a node was parsed from
//                      in its `where` (positions on every AST node);
//   error_handler_base X3 expectation failures (`a > b`) become
//                      certreq::diagnostics errors at the line and column
//                      where `b` was expected; the rest of the line is
//                      skipped and the rule accepted, so reading goes on.
// The reporter travels in the parse context (x3::with<error_reporter_tag>).
#pragma once
#include <string>

#include "certreq/inf/x3.hpp"

#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/ast.hpp"
#include "certreq/inf/position_tracker.hpp"

namespace certreq::inf::parser {

namespace x3 = boost::spirit::x3;

struct error_reporter_tag;

// error_reporter reports problems at addresses in the source text.
struct error_reporter {
    diagnostics* diags = nullptr;
    position_tracker* positions = nullptr;

    void error(ast::iterator where, std::string msg) const {
        if (diags && positions) diags->error(positions->at(where), std::move(msg));
    }
};

struct annotate_position {
    template <typename Iterator, typename Node, typename Context>
    void on_success(Iterator const& first, Iterator const& last, Node& node, Context const&) const {
        node.where = ast::range(first, last);
    }
};

struct error_handler_base {
    template <typename Iterator, typename Exception, typename Context>
    x3::error_handler_result on_error(Iterator& first, Iterator const& last, Exception const& x, Context const& context) const {
        const error_reporter& rep = x3::get<error_reporter_tag>(context).get();
        std::string which = x.which();
        if (which == "']'")
            rep.error(x.where(), "expected ']' to close the section name");
        else
            rep.error(x.where(), "syntax error: expected " + which);
        // The statement is the whole line: skip it and its line end.
        first = x.where();
        while (first != last && *first != '\r' && *first != '\n') ++first;
        if (first != last && *first++ == '\r' && first != last && *first == '\n') ++first;
        return x3::error_handler_result::accept;
    }
};

}  // namespace certreq::inf::parser
