// inf/error_handler.hpp: X3 expectation failures (`a > b`) become
// certreq::diagnostics errors at the line and column where `b` was expected.
// The handler is attached to the outermost rule only; the reporter travels
// in the parse context (x3::with<error_reporter_tag>).
#pragma once
#include <cstdint>
#include <string>

#include "certreq/inf/x3.hpp"

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/position.hpp"
#include "certreq/inf/ast.hpp"

namespace certreq::inf::parser {

namespace x3 = boost::spirit::x3;

struct error_reporter_tag;

// line_reporter reports problems on one physical line.
struct line_reporter {
    diagnostics* diags = nullptr;
    ast::iterator line_begin = nullptr;
    std::uint32_t line = 0;

    position at(ast::iterator where) const noexcept {
        std::uint32_t col = 1;
        for (auto p = line_begin; p < where; ++p)
            if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) ++col;
        return {line, col};
    }
    void error(ast::iterator where, std::string msg) const {
        if (diags) diags->error(at(where), std::move(msg));
    }
};

// error_handler_base is mixed into the rule ID of each start rule.
struct error_handler_base {
    template <typename Iterator, typename Exception, typename Context>
    x3::error_handler_result on_error(Iterator&, Iterator const&, Exception const& x, Context const& context) const {
        const line_reporter& rep = x3::get<error_reporter_tag>(context).get();
        std::string which = x.which();
        if (which == "']'")
            rep.error(x.where(), "expected ']' to close the section name");
        else
            rep.error(x.where(), "syntax error: expected " + which);
        return x3::error_handler_result::fail;
    }
};

}  // namespace certreq::inf::parser
