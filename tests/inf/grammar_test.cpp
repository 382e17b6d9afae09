// Tests for the INF grammar (inf/grammar_def.hpp) on its own: the statements
// and parts it produces from a whole file, with the line:column of every AST
// node (where it was parsed from, and the text it holds), checked against
// golden descriptions; then reader behaviour the grammar decides.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/source.hpp"
#include "certreq/inf/grammar_def.hpp"
#include "certreq/inf/read.hpp"
#include "helpers.hpp"

namespace {

namespace ast = certreq::inf::ast;
namespace parser = certreq::inf::parser;
namespace x3 = boost::spirit::x3;

const char* kind_name(ast::part_kind k) {
    switch (k) {
        case ast::part_kind::plain: return "plain";
        case ast::part_kind::quoted: return "quoted";
        case ast::part_kind::smart_quoted: return "smart_quoted";
        case ast::part_kind::smart_single: return "smart_single";
        case ast::part_kind::unterminated: return "unterminated";
        case ast::part_kind::smart_unterminated: return "smart_unterminated";
        case ast::part_kind::broken_quote: return "broken_quote";
        case ast::part_kind::equals: return "equals";
        case ast::part_kind::continuation: return "continuation";
        case ast::part_kind::dangling_at_eof: return "dangling_at_eof";
        case ast::part_kind::dangling_at_header: return "dangling_at_header";
        case ast::part_kind::dangling_at_long: return "dangling_at_long";
        case ast::part_kind::too_long: return "too_long";
        case ast::part_kind::section_name: return "section_name";
        case ast::part_kind::section_trailing: return "section_trailing";
    }
    return "?";
}

const char* kind_name(ast::statement_kind k) {
    switch (k) {
        case ast::statement_kind::empty: return "empty";
        case ast::statement_kind::too_long: return "too_long";
        case ast::statement_kind::section: return "section";
        case ast::statement_kind::entry: return "entry";
    }
    return "?";
}

// describer prints nodes as `[line:col,line:col)` ranges of the source.
struct describer {
    const certreq::source_text& src;

    std::string at(const char* p) const {
        auto pos = src.position_of(static_cast<std::size_t>(p - src.text().data()));
        return std::to_string(pos.line) + ':' + std::to_string(pos.column);
    }
    std::string range(const ast::range& r) const {
        if (r.begin() == nullptr) return "[none)";
        return '[' + at(r.begin()) + ',' + at(r.end()) + ')';
    }
    std::string text(const ast::range& r) const {
        std::string t(r.begin(), r.end());
        std::string out = "\"";
        for (char c : t) {
            if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else
                out += c;
        }
        return out + '"';
    }
};

// statements parses all of `text` with the `line` rule and describes each
// statement and its nodes, then the diagnostics.
std::vector<std::string> statements(std::string_view text) {
    certreq::source_text src("g.inf", std::string(text));
    certreq::diagnostics diags(&src);
    certreq::inf::position_tracker positions(src);
    parser::error_reporter reporter{&diags, &positions};
    const auto line = x3::with<parser::error_reporter_tag>(std::cref(reporter))[parser::line];
    describer d{src};
    std::vector<std::string> out;
    const char* it = src.text().data();
    const char* const end = it + src.text().size();
    while (it != end) {
        ast::parts st;
        const char* before = it;
        REQUIRE(x3::parse(it, end, line, st));
        REQUIRE(it != before);
        std::string s = std::string(kind_name(ast::kind_of(st))) + " to " + d.at(it);
        if (ast::kind_of(st) == ast::statement_kind::section) s += ast::header_closed(st) ? " closed" : " open";
        out.push_back(s);
        for (auto& p : st) {
            std::string t = std::string("  ") + kind_name(p.kind) + ' ' + d.range(p.where) + " text " + d.range(p.text);
            if (p.kind != ast::part_kind::too_long) t += ' ' + d.text(p.text);
            out.push_back(t);
        }
    }
    for (auto& di : diags.items())
        out.push_back(std::string(certreq::to_string(di.level)) + ' ' + std::to_string(di.pos.line) + ':' +
                      std::to_string(di.pos.column) + ": " + di.message);
    return out;
}

using lines = std::vector<std::string>;

}  // namespace

TEST_CASE("grammar: headers, entries, comments and blank lines, with every node's position") {
    CHECK(statements("[Version] ; c\r\n"
                     "Signature = \"$Windows NT$\"\r\n"
                     "\r\n"
                     "  ; comment\r\n"
                     "\tKey=a b;c\r\n"
                     "[ S ] x\n"
                     "1.2.3") ==
          lines{
              "section to 2:1 closed",
              "  section_name [1:1,1:9) text [1:2,1:9) \"Version\"",
              "  section_trailing [1:10,1:11) text [1:10,1:11) \" \"",
              "entry to 3:1",
              "  plain [2:1,2:11) text [2:1,2:11) \"Signature \"",
              "  equals [2:11,2:12) text [2:11,2:12) \"=\"",
              "  quoted [2:13,2:27) text [2:14,2:26) \"$Windows NT$\"",
              "empty to 4:1",
              "empty to 5:1",
              "entry to 6:1",
              "  plain [5:2,5:5) text [5:2,5:5) \"Key\"",
              "  equals [5:5,5:6) text [5:5,5:6) \"=\"",
              "  plain [5:6,5:9) text [5:6,5:9) \"a b\"",
              "section to 7:1 closed",
              "  section_name [6:1,6:5) text [6:2,6:5) \" S \"",
              "  section_trailing [6:6,6:8) text [6:6,6:8) \" x\"",
              "entry to 7:6",
              "  plain [7:1,7:6) text [7:1,7:6) \"1.2.3\"",
          });
}

TEST_CASE("grammar: a header without ']' is reported by the error handler and consumes its line") {
    CHECK(statements("[Broken ; x\nk=v\n") ==
          lines{
              "section to 2:1 open",
              "  section_name [1:1,1:12) text [1:2,1:12) \"Broken ; x\"",
              "entry to 3:1",
              "  plain [2:1,2:2) text [2:1,2:2) \"k\"",
              "  equals [2:2,2:3) text [2:2,2:3) \"=\"",
              "  plain [2:3,2:4) text [2:3,2:4) \"v\"",
              "error 1:12: expected ']' to close the section name",
          });
}

TEST_CASE("grammar: a '\\' joint covers the comment and empty lines it skips") {
    CHECK(statements("k = a \\ ; c\n"
                     "; skipped\n"
                     "\n"
                     "  b\n") ==
          lines{
              "entry to 5:1",
              "  plain [1:1,1:3) text [1:1,1:3) \"k \"",
              "  equals [1:3,1:4) text [1:3,1:4) \"=\"",
              "  plain [1:5,1:7) text [1:5,1:7) \"a \"",
              "  continuation [1:7,4:1) text [1:7,1:8) \"\\\"",
              "  plain [4:1,4:4) text [4:1,4:4) \"  b\"",
          });
}

TEST_CASE("grammar: a '\\' that cannot join says why") {
    CHECK(statements("a \\\n[T]\nb \\\n; c\n") ==
          lines{
              "entry to 2:1",
              "  plain [1:1,1:3) text [1:1,1:3) \"a \"",
              "  dangling_at_header [1:3,1:4) text [1:3,1:4) \"\\\"",
              "section to 3:1 closed",
              "  section_name [2:1,2:3) text [2:2,2:3) \"T\"",
              "  section_trailing [2:4,2:4) text [2:4,2:4) \"\"",
              "entry to 4:1",
              "  plain [3:1,3:3) text [3:1,3:3) \"b \"",
              "  dangling_at_eof [3:3,3:4) text [3:3,3:4) \"\\\"",
              "empty to 5:1",
          });
    std::string long_line(certreq::inf::limits::max_line_bytes + 1, 'x');
    CHECK(statements("c \\\n" + long_line + "\nd\n") ==
          lines{
              "entry to 2:1",
              "  plain [1:1,1:3) text [1:1,1:3) \"c \"",
              "  dangling_at_long [1:3,1:4) text [1:3,1:4) \"\\\"",
              "too_long to 3:1",
              "  too_long [2:1,2:65538) text [2:1,2:65538)",
              "entry to 4:1",
              "  plain [3:1,3:2) text [3:1,3:2) \"d\"",
          });
}

TEST_CASE("grammar: quotes: closed, broken across a line end, left open, typographic") {
    CHECK(statements("a = \"x\"\"y\" \"CN=a,\r\nO=b\" ; c\n"
                     "b = \"open\n"
                     "c = \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x9Copen\n"
                     "d = \xE2\x80\x98s\xE2\x80\x99\n") ==
          lines{
              "entry to 3:1",
              "  plain [1:1,1:3) text [1:1,1:3) \"a \"",
              "  equals [1:3,1:4) text [1:3,1:4) \"=\"",
              "  quoted [1:5,1:11) text [1:6,1:10) \"x\"\"y\"",
              "  plain [1:11,1:12) text [1:11,1:12) \" \"",
              "  broken_quote [1:12,2:5) text [1:13,2:4) \"CN=a,\\r\\nO=b\"",
              "  plain [2:5,2:6) text [2:5,2:6) \" \"",
              "entry to 4:1",
              "  plain [3:1,3:3) text [3:1,3:3) \"b \"",
              "  equals [3:3,3:4) text [3:3,3:4) \"=\"",
              "  unterminated [3:5,3:10) text [3:6,3:10) \"open\"",
              "entry to 5:1",
              "  plain [4:1,4:3) text [4:1,4:3) \"c \"",
              "  equals [4:3,4:4) text [4:3,4:4) \"=\"",
              "  smart_quoted [4:5,4:8) text [4:6,4:7) \"q\"",
              "  plain [4:8,4:9) text [4:8,4:9) \" \"",
              "  smart_unterminated [4:9,4:14) text [4:10,4:14) \"open\"",
              "entry to 6:1",
              "  plain [5:1,5:3) text [5:1,5:3) \"d \"",
              "  equals [5:3,5:4) text [5:3,5:4) \"=\"",
              "  smart_single [5:5,5:8) text [5:6,5:7) \"s\"",
          });
}

TEST_CASE("grammar: %strkey% keeps its ';', later '=' are value text, '\\' inside text is plain") {
    CHECK(statements("%a;b% = x=y\\z\n") ==
          lines{
              "entry to 2:1",
              "  plain [1:1,1:7) text [1:1,1:7) \"%a;b% \"",
              "  equals [1:7,1:8) text [1:7,1:8) \"=\"",
              "  plain [1:9,1:14) text [1:9,1:14) \"x=y\\z\"",
          });
}

TEST_CASE("grammar: a line over the limit is one too_long statement") {
    std::string t = "[S]\r\n" + std::string(certreq::inf::limits::max_line_bytes + 1, 'k') + "\r\nk=v";
    CHECK(statements(t) == lines{
                               "section to 2:1 closed",
                               "  section_name [1:1,1:3) text [1:2,1:3) \"S\"",
                               "  section_trailing [1:4,1:4) text [1:4,1:4) \"\"",
                               "too_long to 3:1",
                               "  too_long [2:1,2:65538) text [2:1,2:65538)",
                               "entry to 3:4",
                               "  plain [3:1,3:2) text [3:1,3:2) \"k\"",
                               "  equals [3:2,3:3) text [3:2,3:3) \"=\"",
                               "  plain [3:3,3:4) text [3:3,3:4) \"v\"",
                           });
    // Exactly at the limit is fine.
    std::string ok = std::string(certreq::inf::limits::max_line_bytes, 'k') + "\n";
    CHECK(statements(ok).at(0) == "entry to 2:1");
}

// Reader behaviour the grammar decides that the other tests do not pin.

TEST_CASE("reader: '\\' skips empty lines as well as comment lines") {
    auto r = inf_test::read("[S]\nk = a \\\n\n; c\n\n  b\nj = 1\n");
    CHECK(r.diags.empty());
    CHECK(inf_test::value(r, "S", "k") == "a b");
    CHECK(inf_test::value(r, "S", "j") == "1");
    // A line of blanks is joined as text: it ends the entry.
    auto b = inf_test::read("[S]\nk = a \\\n   \nb\n");
    CHECK(inf_test::value(b, "S", "k") == "a");
    CHECK(b.doc.find("S")->entries.size() == 2);
}

TEST_CASE("reader: '\\' on the last line, before a final line end or only comments, is at the end of the file") {
    auto r = inf_test::read("[S]\nk = a \\\n");
    CHECK(inf_test::diags(r) == inf_test::strs({"warning 2:7: line continuation '\\' at the end of the file"}));
    CHECK(inf_test::value(r, "S", "k") == "a");
    auto c = inf_test::read("[S]\nk = a \\\n; c");
    CHECK(inf_test::diags(c) == inf_test::strs({"warning 2:7: line continuation '\\' at the end of the file"}));
}

TEST_CASE("reader: '\\' before an over-long line is dropped; the line is an error") {
    std::string t = "[S]\nk = a \\\n" + std::string(certreq::inf::limits::max_line_bytes + 1, 'x') + "\nj=1\n";
    auto r = inf_test::read(t);
    CHECK(inf_test::diags(r) == inf_test::strs({"error 3:1: line longer than 65536 bytes"}));
    CHECK(inf_test::value(r, "S", "k") == "a");
    CHECK(inf_test::value(r, "S", "j") == "1");
}

TEST_CASE("reader: a quote broken before any '=' is the key; the joined line keeps its '='") {
    auto r = inf_test::read("[S]\n\"Key\n Name\" = v\n");
    CHECK(inf_test::diags(r) == inf_test::strs({"warning 2:1: quoted value continues on the next line; the line break is dropped"}));
    auto& e = r.doc.sections.at(0).entries.at(0);
    CHECK(e.has_key);
    CHECK(e.key.str() == "Key Name");
    CHECK(e.key.at(3) == certreq::position{3, 1});
    CHECK(e.value.str() == "v");
}

TEST_CASE("reader: a broken quote joins only a line that closes it cleanly; CRLF inside is dropped") {
    auto r = inf_test::read("[S]\r\na = \"x,\r\ny\" \\\r\n z\r\nb = \"p\r\n   \r\nc = \"q\r\n[T]\r\n");
    CHECK(inf_test::value(r, "S", "a") == "x,y z");
    CHECK(inf_test::value(r, "S", "b") == "p");
    CHECK(inf_test::value(r, "S", "c") == "q");
    CHECK(inf_test::diags(r) == inf_test::strs({"warning 2:5: quoted value continues on the next line; the line break is dropped",
                                                "warning 5:5: missing closing quote; the value runs to the end of the line",
                                                "warning 7:5: missing closing quote; the value runs to the end of the line"}));
}
