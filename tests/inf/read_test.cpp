// Tests for the INF reader (inf/read.hpp): sections, entries, comments,
// quoting, line continuation, positions and syntax errors.
#include <doctest/doctest.h>

#include "certreq/inf/read.hpp"
#include "helpers.hpp"

using certreq::position;
using inf_test::diags;
using inf_test::read;
using inf_test::strs;
using inf_test::value;

static position s_pos(const certreq::inf::read_result& r, std::string_view key) {
    auto* e = r.doc.find("S")->find(key);
    return e ? e->pos : position{};
}

TEST_CASE("sections: case-insensitive, blanks allowed, duplicates merged in order") {
    auto r = read("  [ Version ]  \n[NewRequest]\nA=1\n[newrequest]\nb=2\n[VERSION]\nSignature=x\n");
    CHECK(diags(r).empty());
    REQUIRE(r.doc.sections.size() == 2);
    CHECK(r.doc.sections[0].name == "Version");
    CHECK(r.doc.sections[0].pos == position{1, 3});
    CHECK(r.doc.sections[1].name == "NewRequest");
    CHECK(r.doc.sections[1].pos == position{2, 1});
    auto* nr = r.doc.find("NEWREQUEST");
    REQUIRE(nr);
    REQUIRE(nr->entries.size() == 2);
    CHECK(nr->entries[0].key.str() == "A");
    CHECK(nr->entries[1].key.str() == "b");
    CHECK(value(r, "version", "signature") == "x");
}

TEST_CASE("sections: comment after ] is fine, other text is a warning") {
    auto r = read("[A] ; comment\n[B] junk ; c\nk=v\n");
    CHECK(diags(r) == strs({"warning 2:5: text after the section header is ignored"}));
    CHECK(value(r, "B", "k") == "v");
}

TEST_CASE("sections: '[' without ']' is an error; its entries are dropped quietly") {
    auto r = read("[A]\nx=1\n[Broken\ny=2\n[C]\nz=3\n");
    CHECK(diags(r) == strs({"error 3:8: expected ']' to close the section name"}));
    CHECK(r.diags.has_errors());
    REQUIRE(r.doc.sections.size() == 2);
    CHECK(r.doc.sections[0].entries.size() == 1);
    CHECK(value(r, "C", "z") == "3");
}

TEST_CASE("sections: empty name is an error") {
    auto r = read("[ ]\nx=1\n");
    CHECK(diags(r) == strs({"error 1:1: empty section name"}));
    CHECK(r.doc.sections.empty());
}

TEST_CASE("sections: names longer than 255 characters are an error") {
    auto r = read("[" + std::string(256, 'n') + "]\nk=v\n");
    CHECK(diags(r) == strs({"error 1:1: section name longer than 255 characters"}));
    auto ok = read("[" + std::string(255, 'n') + "]\n");
    CHECK(ok.diags.empty());
}

TEST_CASE("entries before any section: one error, entries dropped") {
    auto r = read("; header comment\nA=1\nB=2\n[S]\nC=3\n");
    CHECK(diags(r) == strs({"error 2:1: entry before the first [section] header"}));
    REQUIRE(r.doc.sections.size() == 1);
    CHECK(r.doc.sections[0].entries.size() == 1);
}

TEST_CASE("entries: keys keep spelling, blanks trimmed, repeated keys kept in order") {
    auto r = read("[S]\n  Key Name  =   some value   \nOID=1.2\noid = 1.3\n\tindented\t=\tx\n");
    CHECK(r.diags.empty());
    auto& es = r.doc.sections.at(0).entries;
    REQUIRE(es.size() == 4);
    CHECK(es[0].key.str() == "Key Name");
    CHECK(es[0].value.str() == "some value");
    CHECK(es[0].pos == position{2, 3});
    CHECK(es[0].key.start() == position{2, 3});
    CHECK(es[0].value.start() == position{2, 17});
    auto all = r.doc.sections[0].find_all("OID");
    REQUIRE(all.size() == 2);
    CHECK(all[0]->value.str() == "1.2");
    CHECK(all[1]->value.str() == "1.3");
    CHECK(all[1]->key.str() == "oid");
    CHECK(es[3].key.str() == "indented");
    CHECK(es[3].value.str() == "x");
    CHECK(es[3].pos == position{5, 2});
}

TEST_CASE("entries: value without '=' and empty values") {
    auto r = read("[S]\n1.3.6.1.5.5.7.3.1\nEmpty=\nq = \"\"\n");
    CHECK(r.diags.empty());
    auto& es = r.doc.sections.at(0).entries;
    REQUIRE(es.size() == 3);
    CHECK_FALSE(es[0].has_key);
    CHECK(es[0].key.empty());
    CHECK(es[0].value.str() == "1.3.6.1.5.5.7.3.1");
    CHECK(es[1].has_key);
    CHECK(es[1].value.str() == "");
    CHECK(es[1].value.start() == position{3, 7});
    CHECK_FALSE(es[1].quoted);
    CHECK(es[2].value.str() == "");
    CHECK(es[2].quoted);
}

TEST_CASE("entries: empty key is a warning") {
    auto r = read("[S]\n = v\n");
    CHECK(diags(r) == strs({"warning 2:2: entry with an empty key"}));
    CHECK(r.doc.sections[0].entries.at(0).value.str() == "v");
}

TEST_CASE("comments: ';' outside quotes ends the line, also glued to a value") {
    auto r = read("[S] ;c\n; whole line\n   ; indented comment\na=b;c\nq = \"x;y\" ; z\nk = v ; w\n%a;b%=1 ; strkey\n");
    // The ';' inside %a;b% is not a comment (INF rule); the name is undefined.
    CHECK(diags(r) == strs({"warning 7:1: undefined string %a;b% kept as written"}));
    CHECK(value(r, "S", "%a;b%") == "1");
    CHECK(value(r, "S", "a") == "b");
    CHECK(value(r, "S", "q") == "x;y");
    CHECK(value(r, "S", "k") == "v");
    CHECK(r.doc.sections[0].entries.size() == 4);
}

TEST_CASE("blank and whitespace-only lines are ignored") {
    auto r = read("\n   \n[S]\n\t\n \nk=v\n\n");
    CHECK(r.diags.empty());
    REQUIRE(r.doc.sections.size() == 1);
    CHECK(r.doc.sections[0].entries.size() == 1);
    CHECK(r.doc.sections[0].entries[0].pos == position{6, 1});
}

TEST_CASE("quoting: outer quotes removed, \"\" is a quote, mixed parts") {
    auto r = read("[S]\n"
                  "a = \"  padded  \"\n"
                  "b = \"say \"\"hi\"\"\"\n"
                  "c = \"a\" b \"c\"\n"
                  "d = x\"y\"z\n"
                  "e = \"CN=\"Jane Doe\", O=\"Contoso\", C=US\"\n"
                  "\"quoted key\" = 1\n");
    CHECK(r.diags.empty());
    CHECK(value(r, "S", "a") == "  padded  ");
    CHECK(value(r, "S", "b") == "say \"hi\"");
    CHECK(value(r, "S", "c") == "a b c");
    CHECK(value(r, "S", "d") == "xyz");
    CHECK(value(r, "S", "e") == "CN=Jane Doe, O=Contoso, C=US");
    CHECK(s_pos(r, "quoted key") == position{7, 1});
    CHECK(value(r, "S", "quoted key") == "1");
    auto* s = r.doc.find("S");
    CHECK(s->find("a")->quoted);
    CHECK(s->find("d")->quoted);
}

TEST_CASE("quoting: positions of quoted text stay exact across \"\"") {
    auto r = read("[S]\nb = \"say \"\"hi\"\"!\"\n");
    auto& v = r.doc.sections.at(0).entries.at(0).value;
    REQUIRE(v.str() == "say \"hi\"!");
    CHECK(v.at(0) == position{2, 6});    // s
    CHECK(v.at(4) == position{2, 10});   // the first "" -> "
    CHECK(v.at(5) == position{2, 12});   // h
    CHECK(v.at(7) == position{2, 14});   // the second ""
    CHECK(v.at(8) == position{2, 16});   // !
}

TEST_CASE("later '=' signs are part of the value") {
    auto r = read("[S]\nSubject = CN=a,O=b=c\n");
    CHECK(value(r, "S", "Subject") == "CN=a,O=b=c");
}

TEST_CASE("line continuation: trailing '\\' joins the next line, comment lines skipped") {
    auto r = read("[S]\n"
                  "a = one \\\n"
                  "; a comment line\n"
                  "    two\n"
                  "b = x\\\n"
                  "y\n"
                  "c = \"CN=a,\" \\ ; comment after the backslash\n"
                  "  \"O=b\"\n"
                  "d = no\\continuation\n");
    CHECK(r.diags.empty());
    CHECK(value(r, "S", "a") == "one two");
    CHECK(value(r, "S", "b") == "xy");
    CHECK(value(r, "S", "c") == "CN=a, O=b");
    CHECK(value(r, "S", "d") == "no\\continuation");
    auto* b = r.doc.find("S")->find("b");
    CHECK(b->value.at(1) == position{6, 1});
    auto* a = r.doc.find("S")->find("a");
    CHECK(a->value.at(4) == position{4, 5});
    REQUIRE(r.doc.sections[0].entries.size() == 4);
}

TEST_CASE("line continuation: in the key, at end of file, before a header") {
    auto r = read("[S]\nlong\\\nkey = v\nlast = w \\\n[T]\nk = \\");
    CHECK(value(r, "S", "longkey") == "v");
    CHECK(value(r, "S", "last") == "w");
    CHECK(value(r, "T", "k") == "");
    CHECK(diags(r) == strs({"warning 4:10: line continuation '\\' before a section header is ignored",
                            "warning 6:5: line continuation '\\' at the end of the file"}));
}

TEST_CASE("CRLF, LF and CR-only line ends all work") {
    for (const char* eol : {"\r\n", "\n", "\r"}) {
        std::string t = std::string("[S]") + eol + "a = 1" + eol + eol + "b = \"2\"" + eol;
        auto r = read(t);
        CHECK(r.diags.empty());
        CHECK(value(r, "S", "a") == "1");
        CHECK(value(r, "S", "b") == "2");
        CHECK(r.doc.find("S")->find("b")->pos == position{4, 1});
    }
}

TEST_CASE("limits: NUL bytes, long lines and huge files are errors") {
    auto nul = read(std::string_view("[S]\nk=a\0b\n", 9));
    CHECK(diags(nul) == strs({"error 2:4: NUL character in the file (binary data, or UTF-16 without a BOM?)"}));
    CHECK(nul.doc.sections.empty());

    std::string lng = "[S]\nk=" + std::string(70000, 'x') + "\nj=1\n";
    auto l = read(lng);
    CHECK(diags(l) == strs({"error 2:1: line longer than 65536 bytes"}));
    CHECK(value(l, "S", "j") == "1");
    CHECK(value(l, "S", "k") == "<missing>");

    std::string big(certreq::inf::limits::max_file_bytes + 1, ' ');
    auto b = certreq::inf::read(certreq::as_bytes(big), "big.inf");
    REQUIRE(b.diags.items().size() == 1);
    CHECK(b.diags.items()[0].message == "file larger than 16 MiB");
    CHECK(b.doc.sections.empty());
}

TEST_CASE("diagnostics print file:line:col, the line and a caret") {
    auto r = certreq::inf::read_text("[S]\nSignature=\"$Windows NT$\n", "policy.inf");
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.format(r.diags.items()[0]) ==
          "policy.inf:2:11: warning: missing closing quote; the value runs to the end of the line\n"
          "    Signature=\"$Windows NT$\n"
          "              ^\n");
}

TEST_CASE("read_result can be moved: diagnostics still point at the source") {
    auto r = read("[S]\nk=\"open\n");
    const certreq::source_text* src = r.doc.source.get();
    certreq::inf::read_result moved = std::move(r);
    CHECK(moved.diags.source() == src);
    CHECK(moved.doc.source.get() == src);
    CHECK(moved.diags.format(moved.diags.items().at(0)).find("    k=\"open\n") != std::string::npos);
}

TEST_CASE("unterminated quote before any '=': the whole line is a value") {
    auto r = read("[S]\n\"abc = def\n");
    auto& e = r.doc.sections.at(0).entries.at(0);
    CHECK_FALSE(e.has_key);
    CHECK(e.value.str() == "abc = def");
    CHECK(e.quoted);
    CHECK(diags(r) == strs({"warning 2:1: missing closing quote; the value runs to the end of the line"}));
}

TEST_CASE("empty and comment-only files") {
    CHECK(read("").doc.sections.empty());
    CHECK(read("").diags.empty());
    auto r = read("; nothing\n\n   ; here\n");
    CHECK(r.doc.sections.empty());
    CHECK(r.diags.empty());
    REQUIRE(r.doc.source);
    CHECK(r.doc.source->name() == "test.inf");
}

TEST_CASE("many distinct sections read in linear time") {
    std::string t;
    for (int i = 0; i < 200000; ++i) t += "[s" + std::to_string(i) + "]\nk=" + std::to_string(i) + "\n";
    t += "[S5]\nj=1\n";
    auto r = read(t);
    CHECK(r.diags.empty());
    CHECK(r.doc.sections.size() == 200000);
    CHECK(r.doc.sections[5].entries.size() == 2);
    CHECK(r.doc.sections[5].entries[1].key.str() == "j");
}

TEST_CASE("duplicate sections merge before and after the section index is hashed") {
    std::string t;
    for (int i = 0; i < 20; ++i) {
        t += "[s" + std::to_string(i) + "]\nk=" + std::to_string(i) + "\n";
        if (i == 5 || i == 19) t += "[S3]\nk=again" + std::to_string(i) + "\n";
    }
    auto r = read(t);
    CHECK(r.diags.empty());
    REQUIRE(r.doc.sections.size() == 20);
    auto& s3 = r.doc.sections[3];
    CHECK(s3.name == "s3");
    REQUIRE(s3.entries.size() == 3);
    CHECK(s3.entries[1].value.str() == "again5");
    CHECK(s3.entries[2].value.str() == "again19");
    CHECK(s3.entries[2].pos == position{44, 1});
}

TEST_CASE("sections that alternate many times read in linear time") {
    std::string t;
    for (int i = 0; i < 100000; ++i) t += "[A]\na=" + std::to_string(i) + "\n[B]\nb=1\n";
    auto r = read(t);
    CHECK(r.diags.empty());
    REQUIRE(r.doc.sections.size() == 2);
    REQUIRE(r.doc.sections[0].entries.size() == 100000);
    CHECK(r.doc.sections[0].entries[99999].value.str() == "99999");
}

TEST_CASE("a long chain of '\\' continuation lines reads in linear time") {
    std::string t = "[S]\nk = ";
    for (int i = 0; i < 100000; ++i) t += "ab\\\n";
    t += "end\n";
    auto r = read(t);
    CHECK(diags(r) == strs({"error 2:5: value longer than 4096 characters after %string% substitution"}));
    CHECK(value(r, "S", "k").size() == 200003);
}

TEST_CASE("reading stops after 1000 diagnostics") {
    std::string t;
    for (int i = 0; i < 5000; ++i) t += "[x\n";
    auto r = read(t);
    REQUIRE(r.diags.items().size() == 1001);
    CHECK(r.diags.items()[999].message == "expected ']' to close the section name");
    CHECK(r.diags.items()[1000].message == "too many errors and warnings; the rest of the file is not read");
    CHECK(r.diags.items()[1000].pos == position{1001, 1});
}

TEST_CASE("columns count code points across long runs of multi-byte text") {
    // 12 code points in 36 bytes (2-, 3- and 4-byte sequences) before " = ".
    auto r = read("[S]\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
                  "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 = 'x' %nope%'\n");
    CHECK(diags(r) == strs({"warning 2:16: single quotes are not INF quotes; they are kept in the value",
                            "warning 2:20: undefined string %nope% kept as written"}));
}
