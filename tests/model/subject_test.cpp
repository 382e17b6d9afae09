#include "certreq/model/subject.hpp"

#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;
using certreq::model::test::at;
using certreq::model::test::messages;

namespace {

// dump renders a name as "oid:kind:value" per attribute, "+" inside an RDN, " / " between RDNs.
std::string dump(const name& n) {
    static const char* kinds[] = {"P", "IA5", "UTF8", "BMP", "T61", "NUM", "OCT"};
    std::string r;
    for (auto& rdn : n.rdns) {
        if (!r.empty()) r += " / ";
        bool first = true;
        for (auto& av : rdn) {
            if (!first) r += "+";
            first = false;
            r += av.oid + ":" + kinds[static_cast<int>(av.kind)] + ":" + av.value;
        }
    }
    return r;
}

std::string parse_ok(std::string s, std::uint32_t flags = 0) {
    diagnostics d;
    auto n = parse_name(at(std::move(s)), flags, d);
    REQUIRE(n);
    CHECK(messages(d) == "");
    return dump(*n);
}

std::string parse_err(std::string s, std::uint32_t flags = 0, std::uint32_t line = 4, std::uint32_t col = 11) {
    diagnostics d;
    auto n = parse_name(at(std::move(s), line, col), flags, d);
    CHECK_FALSE(n);
    return messages(d);
}

}  // namespace

TEST_CASE("subject: keywords, written order, string types") {
    CHECK(parse_ok("CN=host,O=Org,C=US") == "2.5.4.3:P:host / 2.5.4.10:P:Org / 2.5.4.6:P:US");
    CHECK(parse_ok("cn=TestCN;o=TestOrg") == "2.5.4.3:P:TestCN / 2.5.4.10:P:TestOrg");
    CHECK(parse_ok("E=a@b.c, DC=example, DC=com") ==
          "1.2.840.113549.1.9.1:IA5:a@b.c / 0.9.2342.19200300.100.1.25:IA5:example / 0.9.2342.19200300.100.1.25:IA5:com");
    CHECK(parse_ok("CN=*.example.com") == "2.5.4.3:UTF8:*.example.com");
    CHECK(parse_ok("CN=Jürgen") == "2.5.4.3:UTF8:Jürgen");
    CHECK(parse_ok("S=WA,ST=WA,STREET=1 Main,T=Dr,Title=x,G=a,GN=b,GivenName=c,I=d,Initials=e,SN=f") ==
          "2.5.4.8:P:WA / 2.5.4.8:P:WA / 2.5.4.9:P:1 Main / 2.5.4.12:P:Dr / 2.5.4.12:P:x / 2.5.4.42:P:a / "
          "2.5.4.42:P:b / 2.5.4.42:P:c / 2.5.4.43:P:d / 2.5.4.43:P:e / 2.5.4.4:P:f");
    CHECK(parse_ok("SERIALNUMBER=20-1234,Phone=\"+1 555\",X21Address=12 34,PostalCode=98052,POBox=7,"
                   "Description=d,dnQualifier=q,Email=x@y") ==
          "2.5.4.5:P:20-1234 / 2.5.4.20:P:+1 555 / 2.5.4.24:NUM:12 34 / 2.5.4.17:P:98052 / 2.5.4.18:P:7 / "
          "2.5.4.13:P:d / 2.5.4.46:P:q / 1.2.840.113549.1.9.1:IA5:x@y");
    CHECK(parse_ok("DC=bücher") == "0.9.2342.19200300.100.1.25:UTF8:bücher");
    CHECK(parse_ok("") == "");
    CHECK(parse_ok("   ") == "");
}

TEST_CASE("subject: OIDs, whitespace, quoting, #hex, + RDNs") {
    CHECK(parse_ok("OID.0.9.2342.19200300.100.1.1=jdoe, 2.5.4.15=Private Organization") ==
          "0.9.2342.19200300.100.1.1:P:jdoe / 2.5.4.15:P:Private Organization");
    CHECK(parse_ok("oid.2.5.4.6=US") == "2.5.4.6:P:US");  // the C rules follow the OID
    CHECK(parse_ok("  CN  =  a b  ,  O = x  ") == "2.5.4.3:P:a b / 2.5.4.10:P:x");
    CHECK(parse_ok("CN=\"a, b\",O=x") == "2.5.4.3:P:a, b / 2.5.4.10:P:x");
    CHECK(parse_ok("CN=\"User \"\"one\"\"\"") == "2.5.4.3:UTF8:User \"one\"");
    CHECK(parse_ok("CN=\" padded \"") == "2.5.4.3:P: padded ");
    CHECK(parse_ok("CN=a+OU=b,O=c") == "2.5.4.3:P:a+2.5.4.11:P:b / 2.5.4.10:P:c");
    CHECK(parse_ok("CN=x,2.5.4.45=#03 02 00 ff") == std::string("2.5.4.3:P:x / 2.5.4.45:OCT:\x03\x02\x00\xff", 31));
    CHECK(parse_ok("CN=a,\r\nO=b") == "2.5.4.3:P:a / 2.5.4.10:P:b");
    CHECK(parse_ok("CN=a,") == "2.5.4.3:P:a");
}

TEST_CASE("subject: X500NameFlags") {
    using namespace name_flags;
    CHECK(parse_ok("CN=a,O=b", reverse) == "2.5.4.10:P:b / 2.5.4.3:P:a");
    CHECK(parse_ok("CN=a,O=b", reverse | forward) == "2.5.4.3:P:a / 2.5.4.10:P:b");
    CHECK(parse_ok("CN=a,b;O=c", semicolon) == "2.5.4.3:P:a,b / 2.5.4.10:P:c");
    CHECK(parse_ok("CN=a;b,O=c", comma) == "2.5.4.3:UTF8:a;b / 2.5.4.10:P:c");
    CHECK(parse_ok("CN=a,b;c\nO=d", crlf) == "2.5.4.3:UTF8:a,b;c / 2.5.4.10:P:d");
    CHECK(parse_ok("CN=a+b,O=c", no_plus) == "2.5.4.3:P:a+b / 2.5.4.10:P:c");
    CHECK(parse_ok("CN=\"q\"", no_quoting) == "2.5.4.3:UTF8:\"q\"");
    CHECK(parse_ok("CN=host", force_utf8_dir_str) == "2.5.4.3:UTF8:host");
    CHECK(parse_ok("CN=host,C=US", force_utf8_dir_str) == "2.5.4.3:UTF8:host / 2.5.4.6:P:US");
    CHECK(parse_ok("CN=host", force_utf8_dir_str | disable_utf8_dir_str) == "2.5.4.3:P:host");
    CHECK(parse_ok("CN=Jürgen", enable_t61_unicode) == "2.5.4.3:T61:Jürgen");
    CHECK(parse_ok("CN=Ω", enable_t61_unicode) == "2.5.4.3:UTF8:Ω");
    CHECK(parse_ok("CN=Jürgen", enable_utf8_unicode) == "2.5.4.3:UTF8:Jürgen");
    CHECK(parse_ok("E=user@bücher.example", enable_punycode) == "1.2.840.113549.1.9.1:IA5:user@xn--bcher-kva.example");
    CHECK(parse_ok("E=a@münchen.de", enable_punycode) == "1.2.840.113549.1.9.1:IA5:a@xn--mnchen-3ya.de");
}

TEST_CASE("subject: errors point into the value") {
    CHECK(parse_err("CN=a, O=x, C=pais") == "4:24: error: Subject: C (country) must be a 2-letter code, got \"pais\"");
    CHECK(parse_err("CN=a,XX=b") == "4:16: error: Subject: unknown attribute \"XX\" (use OID.1.2.3= for attributes without a keyword)");
    CHECK(parse_err("CN=a,OID.1.x=b") == "4:16: error: Subject: invalid object identifier \"OID.1.x\"");
    CHECK(parse_err("CN=a,O") == "4:17: error: Subject: expected '=' after \"O\"");
    CHECK(parse_err("CN=a,,O=b") == "4:16: error: Subject: expected an attribute (like CN=name)");
    CHECK(parse_err("CN=\"abc") == "4:14: error: Subject: unterminated quoted value (no closing '\"')");
    CHECK(parse_err("CN=\"abc\" x") == "4:20: error: Subject: expected ',' or ';' or '+' before \"x\"");
    CHECK(parse_err("E=jö@x.de") == "4:14: error: Subject: character \"ö\" is not allowed in an IA5String (e-mail addresses "
                                     "must be ASCII; CERT_NAME_STR_ENABLE_PUNYCODE_FLAG converts a non-ASCII host)");
    CHECK(parse_err("X21Address=12a") == "4:24: error: Subject: character \"a\" is not allowed in a NumericString");
    CHECK(parse_err("SERIALNUMBER=a_b") == "4:25: error: Subject: character \"_\" is not allowed in a PrintableString");
    CHECK(parse_err("CN=x,O=#0g") == "4:20: error: Subject: expected a hex digit in '#' value, got \"g\"");
    CHECK(parse_err("CN=x,O=#012") == "4:18: error: Subject: odd number of hex digits in '#' value");
    CHECK(parse_err("=x") == "4:11: error: Subject: missing attribute name before '='");
}

TEST_CASE("subject: positions inside a value joined from two lines") {
    located_text v("CN=a, ", position{3, 12});
    v.append("O=b, C=USA", position{4, 1});
    diagnostics d;
    CHECK_FALSE(parse_name(v, 0, d));
    CHECK(messages(d) == "4:8: error: Subject: C (country) must be a 2-letter code, got \"USA\"");
}

TEST_CASE("subject: BMPString on request (CertStrToName's default for non-printable text)") {
    diagnostics d;
    auto n = parse_name(at("CN=Jürgen,O=*.x,OU=plain,L=\xF0\x9F\x98\x80"), 0, d, "Subject", true);
    REQUIRE(n);
    CHECK(dump(*n) == "2.5.4.3:BMP:Jürgen / 2.5.4.10:BMP:*.x / 2.5.4.11:P:plain / 2.5.4.7:UTF8:\xF0\x9F\x98\x80");
    auto u = parse_name(at("CN=Jürgen"), name_flags::enable_utf8_unicode, d, "Subject", true);
    REQUIRE(u);
    CHECK(dump(*u) == "2.5.4.3:UTF8:Jürgen");
    CHECK(d.empty());
}
