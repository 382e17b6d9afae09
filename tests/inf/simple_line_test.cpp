// Tests for the grammar-free line reader (inf/simple_line.hpp): wherever it
// accepts a line, its parts must equal what the X3 rule entry_line produces.
#include <doctest/doctest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

#include "certreq/inf/grammar_def.hpp"
#include "certreq/inf/simple_line.hpp"

namespace {

namespace ast = certreq::inf::ast;

ast::parts grammar_parts(std::string_view line) {
    ast::parts out;
    const char* it = line.data();
    boost::spirit::x3::parse(it, line.data() + line.size(), certreq::inf::parser::entry_line, out);
    return out;
}

// differ compares offsets and kinds; returns "" or what differs.
std::string differ(std::string_view line, const ast::parts& a, const ast::parts& b) {
    auto show = [&](const ast::parts& ps) {
        std::string r;
        for (auto& p : ps) {
            r += '[';
            r += std::to_string(p.text.begin() - line.data());
            r += ',';
            r += std::to_string(p.text.end() - line.data());
            r += ")k";
            r += std::to_string(static_cast<int>(p.kind));
            r += ' ';
        }
        return r;
    };
    std::string sa = show(a), sb = show(b);
    if (sa == sb) return {};
    std::string r = "simple: ";
    r += sa;
    r += "grammar: ";
    r += sb;
    return r;
}

// check_line returns whether the simple reader took the line; fails the test
// if it took it and disagrees with the grammar.
bool check_line(std::string_view line) {
    ast::parts simple;
    if (!certreq::inf::detail::simple_entry(line.data(), line.data() + line.size(), simple)) {
        CHECK(simple.empty());
        return false;
    }
    std::string d = differ(line, simple, grammar_parts(line));
    INFO("line: ", std::string(line));
    CHECK(d == "");
    return true;
}

}  // namespace

TEST_CASE("simple_entry: common lines give the grammar's parts") {
    for (std::string_view line : {
             "Subject = \"CN=a, O=b\"",
             "KeyLength=2048",
             "KeyLength = 2048 ; comment \" % \\ \xE2\x80\x9C",
             "Exportable = TRUE   ",
             "a = b = c",
             "= value",
             "key =",
             "key = \"\"",
             "key = \"say \"\"hi\"\"\" tail ; c",
             "key = \"open quote ; not a comment",
             "key = \"ends in pair\"\"",
             "\"quoted\"key\"\" = x\"y\"z",
             "value only, no equals",
             "k = a;b",
             "k = \"%s% \\ inside quotes\"",
         })
        CHECK(check_line(line));
}

TEST_CASE("simple_entry: leaves '\\', '%' and non-ASCII text to the grammar") {
    for (std::string_view line : {
             "k = a \\",
             "k = 50%",
             "%k% = v",
             "k = caf\xC3\xA9",
             "k = \"caf\xC3\xA9\"",
             "k = \xE2\x80\x9Cx\xE2\x80\x9D",
         })
        CHECK_FALSE(check_line(line));
}

TEST_CASE("simple_entry: random lines agree with the grammar") {
    std::mt19937 rng(12345);
    const std::string_view alphabet[] = {"a", "b", " ", "\t", "\"", "\"\"", ";", "=", "%", "\\", "\xE2\x80\x9C", "\xC3\xA9", "["};
    std::size_t taken = 0;
    const std::size_t lines = 100000;
    for (std::size_t i = 0; i < lines; ++i) {
        std::string line;
        std::size_t n = rng() % 12;
        for (std::size_t k = 0; k < n; ++k) {
            // Mostly the characters the simple reader handles.
            std::size_t pick = rng() % 20;
            line += alphabet[pick < 9 ? pick : pick < 18 ? pick % 3 : 9 + rng() % 4];
        }
        taken += check_line(line);
    }
    // The comparison means something only if most lines were taken.
    CHECK(taken > lines / 2);
}

namespace {

// check_header returns whether simple_header took the line; fails the test
// if it took it and the grammar disagrees.
bool check_header(std::string_view line) {
    namespace x3 = boost::spirit::x3;
    ast::section_header simple, grammar;
    if (!certreq::inf::detail::simple_header(line.data(), line.data() + line.size(), simple)) return false;
    certreq::inf::parser::line_reporter rep{nullptr, line.data(), 1};
    const char* it = line.data();
    bool ok = x3::parse(it, line.data() + line.size(),
                        x3::with<certreq::inf::parser::error_reporter_tag>(std::cref(rep))[certreq::inf::parser::section_line],
                        grammar);
    INFO("line: ", std::string(line));
    CHECK(ok);
    CHECK(simple.name.begin() == grammar.name.begin());
    CHECK(simple.name.end() == grammar.name.end());
    CHECK(simple.trailing.begin() == grammar.trailing.begin());
    CHECK(simple.trailing.end() == grammar.trailing.end());
    return true;
}

}  // namespace

TEST_CASE("simple_header: headers give the grammar's name and trailing text") {
    CHECK(check_header("[NewRequest]"));
    CHECK(check_header("[ Version ] trailing ; comment ]"));
    CHECK(check_header("[a;b]c"));
    CHECK(check_header("[]"));
    CHECK_FALSE(check_header("[no close"));
    CHECK_FALSE(check_header("[caf\xC3\xA9]"));
    std::mt19937 rng(54321);
    const std::string_view alphabet[] = {"a", " ", "]", "[", ";", "\"", "=", "\xC3\xA9"};
    std::size_t taken = 0;
    const std::size_t lines = 20000;
    for (std::size_t i = 0; i < lines; ++i) {
        std::string line = "[";
        std::size_t n = rng() % 10;
        for (std::size_t k = 0; k < n; ++k) line += alphabet[rng() % 8];
        taken += check_header(line);
    }
    CHECK(taken > lines / 5);
}
