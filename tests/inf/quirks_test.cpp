// Tests for the quirks of real-world INF files that the reader tolerates with
// a warning (see shared/corpus/MANIFEST.tsv).
#include <doctest/doctest.h>

#include "certreq/inf/read.hpp"
#include "helpers.hpp"

using certreq::position;
using inf_test::diags;
using inf_test::read;
using inf_test::strs;
using inf_test::value;

TEST_CASE("unterminated quote: value runs to the end of the line (corpus 022, 023, 053)") {
    auto r = read("[Version]\nSignature=\"$Windows NT$\n\n[S]\nk=v\n");
    CHECK(value(r, "Version", "Signature") == "$Windows NT$");
    CHECK(value(r, "S", "k") == "v");
    CHECK(diags(r) == strs({"warning 2:11: missing closing quote; the value runs to the end of the line"}));
    CHECK(r.doc.find("Version")->entries.at(0).quoted);
}

TEST_CASE("unterminated quote: a comment-looking next line is not joined (corpus 023)") {
    auto r = read("[Version]\nSignature=\"$Windows NT$\n;;;;;;\n; 2.5.29.19 == x\n[Strings]\na = \"b\"\n");
    CHECK(value(r, "Version", "Signature") == "$Windows NT$");
    CHECK(value(r, "Strings", "a") == "b");
    CHECK(diags(r) == strs({"warning 2:11: missing closing quote; the value runs to the end of the line"}));
}

TEST_CASE("unterminated quote: ';' inside the open quote is text") {
    auto r = read("[S]\nk = \"a;b\n");
    CHECK(value(r, "S", "k") == "a;b");
}

TEST_CASE("quoted value broken across two lines is joined (corpus 025)") {
    auto r = read("[NewRequest]\n"
                  "Subject = \"CN=app, OU=sec,\n"
                  "O=corp, C=pais\"\n"
                  "KeySpec = 1\n");
    CHECK(value(r, "NewRequest", "Subject") == "CN=app, OU=sec,O=corp, C=pais");
    CHECK(value(r, "NewRequest", "KeySpec") == "1");
    CHECK(diags(r) == strs({"warning 2:11: quoted value continues on the next line; the line break is dropped"}));
    auto* e = r.doc.find("NewRequest")->find("Subject");
    CHECK(e->value.at(15) == position{3, 1});   // O of O=corp
}

TEST_CASE("broken quote: the next line is not joined when it would leave another quote open") {
    auto r = read("[S]\na = \"x\nb = \"y\"\n");
    CHECK(value(r, "S", "a") == "x");
    CHECK(value(r, "S", "b") == "y");
    CHECK(diags(r) == strs({"warning 2:5: missing closing quote; the value runs to the end of the line"}));
}

TEST_CASE("broken quote: a section header is never joined") {
    auto r = read("[S]\na = \"x\n[T]\"\nk=v\n");
    CHECK(value(r, "S", "a") == "x");
    CHECK(value(r, "T", "k") == "v");
    CHECK(diags(r) == strs({"warning 2:5: missing closing quote; the value runs to the end of the line",
                            "warning 3:4: text after the section header is ignored"}));
}

TEST_CASE("typographic double quotes are quotes, with a warning (corpus 014, Windows-1252 0x93/0x94)") {
    auto r = read("[S]\nSubject = \xE2\x80\x9C" "CN=a; b\xE2\x80\x9D ; c\nF = \xE2\x80\x9Dx\"\n");
    CHECK(value(r, "S", "Subject") == "CN=a; b");
    CHECK(value(r, "S", "F") == "x");
    CHECK(diags(r) == strs({"warning 2:11: typographic quote used as an INF quote",
                            "warning 3:5: typographic quote used as an INF quote"}));
    CHECK(r.doc.find("S")->find("Subject")->quoted);
}

TEST_CASE("typographic quote left open") {
    auto r = read("[S]\nk = \xE2\x80\x9Cxyz\n");
    CHECK(value(r, "S", "k") == "xyz");
    CHECK(diags(r) == strs({"warning 2:5: typographic quote used as an INF quote",
                            "warning 2:5: missing closing quote; the value runs to the end of the line"}));
}

TEST_CASE("typographic single quotes around a whole value are quotes; apostrophes stay") {
    auto r = read("[S]\nNotice = \xE2\x80\x98Hello world\xE2\x80\x99 ; c\nName = Jane\xE2\x80\x99s cert\n");
    CHECK(value(r, "S", "Notice") == "Hello world");
    CHECK(value(r, "S", "Name") == "Jane\xE2\x80\x99s cert");
    CHECK(diags(r) == strs({"warning 2:10: typographic quote used as an INF quote"}));
}

TEST_CASE("straight single quotes are kept literally, with a warning (capolicy 010)") {
    auto r = read("[Version]\nSignature='$Windows NT$'\n[P]\nNotice='it''s'\nName=it's\n");
    CHECK(value(r, "Version", "Signature") == "'$Windows NT$'");
    CHECK(value(r, "P", "Notice") == "'it''s'");
    CHECK(value(r, "P", "Name") == "it's");
    CHECK(diags(r) == strs({"warning 2:11: single quotes are not INF quotes; they are kept in the value",
                            "warning 4:8: single quotes are not INF quotes; they are kept in the value"}));
}

TEST_CASE("unquoted value with spaces and trailing blanks (corpus 011, 021)") {
    auto r = read("[Version] \r\nSignature=$Windows NT$ \r\n[NewRequest] \r\n   ProviderName = Microsoft RSA SChannel Cryptographic Provider \r\n");
    CHECK(r.diags.empty());
    CHECK(value(r, "Version", "Signature") == "$Windows NT$");
    CHECK(value(r, "NewRequest", "ProviderName") == "Microsoft RSA SChannel Cryptographic Provider");
}
