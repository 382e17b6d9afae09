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

// Spec 6.4: certreq.exe reads the Subject leaf first and writes it root first;
// spec 6.3: DirectoryStrings are UTF8String even when printable.
TEST_CASE("subject: the written order is reversed in DER, as certreq.exe writes it") {
    CHECK(parse_ok("CN=host,O=Org,C=US") == "2.5.4.6:P:US / 2.5.4.10:UTF8:Org / 2.5.4.3:UTF8:host");
    CHECK(parse_ok("CN=x,CN=Users,DC=contoso,DC=com") ==
          "0.9.2342.19200300.100.1.25:IA5:com / 0.9.2342.19200300.100.1.25:IA5:contoso / 2.5.4.3:UTF8:Users / 2.5.4.3:UTF8:x");
    CHECK(parse_ok("CN=Host One, C=KG") == "2.5.4.6:P:KG / 2.5.4.3:UTF8:Host One");
    // A multi-valued RDN stays one RDN; only the RDN sequence is reversed.
    CHECK(parse_ok("CN=a+OU=b,O=c") == "2.5.4.10:UTF8:c / 2.5.4.3:UTF8:a+2.5.4.11:UTF8:b");
}

TEST_CASE("subject: keywords and string types (written order kept with FORWARD)") {
    using name_flags::forward;
    CHECK(parse_ok("cn=TestCN;o=TestOrg", forward) == "2.5.4.3:UTF8:TestCN / 2.5.4.10:UTF8:TestOrg");
    CHECK(parse_ok("E=a@b.c, DC=example, DC=com", forward) ==
          "1.2.840.113549.1.9.1:IA5:a@b.c / 0.9.2342.19200300.100.1.25:IA5:example / 0.9.2342.19200300.100.1.25:IA5:com");
    CHECK(parse_ok("CN=*.example.com") == "2.5.4.3:UTF8:*.example.com");
    CHECK(parse_ok("CN=Jürgen") == "2.5.4.3:UTF8:Jürgen");
    CHECK(parse_ok("S=WA,ST=WA,STREET=1 Main,T=Dr,Title=x,G=a,GN=b,GivenName=c,I=d,Initials=e,SN=f", forward) ==
          "2.5.4.8:UTF8:WA / 2.5.4.8:UTF8:WA / 2.5.4.9:UTF8:1 Main / 2.5.4.12:UTF8:Dr / 2.5.4.12:UTF8:x / 2.5.4.42:UTF8:a / "
          "2.5.4.42:UTF8:b / 2.5.4.42:UTF8:c / 2.5.4.43:UTF8:d / 2.5.4.43:UTF8:e / 2.5.4.4:UTF8:f");
    CHECK(parse_ok("SERIALNUMBER=20-1234,Phone=\"+1 555\",X21Address=12 34,PostalCode=98052,POBox=7,"
                   "Description=d,dnQualifier=q,Email=x@y", forward) ==
          "2.5.4.5:P:20-1234 / 2.5.4.20:P:+1 555 / 2.5.4.24:NUM:12 34 / 2.5.4.17:UTF8:98052 / 2.5.4.18:UTF8:7 / "
          "2.5.4.13:UTF8:d / 2.5.4.46:UTF8:q / 1.2.840.113549.1.9.1:IA5:x@y");
    CHECK(parse_ok("DC=bücher") == "0.9.2342.19200300.100.1.25:UTF8:bücher");
    CHECK(parse_ok("") == "");
    CHECK(parse_ok("   ") == "");
}

TEST_CASE("subject: OIDs, whitespace, quoting, #hex, + RDNs") {
    using name_flags::forward;
    // A keyword's OID written as OID.x or dotted is typed like the keyword; an OID without a keyword is not forced.
    CHECK(parse_ok("OID.0.9.2342.19200300.100.1.1=jdoe, 2.5.4.15=Private Organization, OID.2.5.4.3=n", forward) ==
          "0.9.2342.19200300.100.1.1:P:jdoe / 2.5.4.15:P:Private Organization / 2.5.4.3:UTF8:n");
    CHECK(parse_ok("oid.2.5.4.6=US") == "2.5.4.6:P:US");  // the C rules follow the OID
    CHECK(parse_ok("  CN  =  a b  ,  O = x  ") == "2.5.4.10:UTF8:x / 2.5.4.3:UTF8:a b");
    CHECK(parse_ok("CN=\"a, b\",O=x") == "2.5.4.10:UTF8:x / 2.5.4.3:UTF8:a, b");
    CHECK(parse_ok("CN=\"User \"\"one\"\"\"") == "2.5.4.3:UTF8:User \"one\"");
    CHECK(parse_ok("CN=\" padded \"") == "2.5.4.3:UTF8: padded ");
    CHECK(parse_ok("CN=x,2.5.4.45=#03 02 00 ff") == std::string("2.5.4.45:OCT:\x03\x02\x00\xff / 2.5.4.3:UTF8:x", 34));
    CHECK(parse_ok("CN=a,\r\nO=b") == "2.5.4.10:UTF8:b / 2.5.4.3:UTF8:a");
    CHECK(parse_ok("CN=a,") == "2.5.4.3:UTF8:a");
}

TEST_CASE("subject: X500NameFlags") {
    using namespace name_flags;
    // REVERSE alone leaves the default (reversed); FORWARD keeps the written order, also with REVERSE.
    CHECK(parse_ok("CN=a,O=b", reverse) == "2.5.4.10:UTF8:b / 2.5.4.3:UTF8:a");
    CHECK(parse_ok("CN=a,O=b", forward) == "2.5.4.3:UTF8:a / 2.5.4.10:UTF8:b");
    CHECK(parse_ok("CN=a,O=b", reverse | forward) == "2.5.4.3:UTF8:a / 2.5.4.10:UTF8:b");
    CHECK(parse_ok("CN=a,b;O=c", semicolon | forward) == "2.5.4.3:UTF8:a,b / 2.5.4.10:UTF8:c");
    CHECK(parse_ok("CN=a;b,O=c", comma | forward) == "2.5.4.3:UTF8:a;b / 2.5.4.10:UTF8:c");
    CHECK(parse_ok("CN=a,b;c\nO=d", crlf | forward) == "2.5.4.3:UTF8:a,b;c / 2.5.4.10:UTF8:d");
    CHECK(parse_ok("CN=a+b,O=c", no_plus | forward) == "2.5.4.3:UTF8:a+b / 2.5.4.10:UTF8:c");
    CHECK(parse_ok("CN=\"q\"", no_quoting) == "2.5.4.3:UTF8:\"q\"");
    CHECK(parse_ok("CN=host", force_utf8_dir_str) == "2.5.4.3:UTF8:host");
    CHECK(parse_ok("CN=host,C=US", force_utf8_dir_str) == "2.5.4.6:P:US / 2.5.4.3:UTF8:host");
    // DISABLE_UTF8_DIR_STR: PrintableString when it can be, then the other string flags choose.
    CHECK(parse_ok("CN=host,O=*.x,C=US", disable_utf8_dir_str) == "2.5.4.6:P:US / 2.5.4.10:UTF8:*.x / 2.5.4.3:P:host");
    CHECK(parse_ok("CN=host", force_utf8_dir_str | disable_utf8_dir_str) == "2.5.4.3:P:host");
    CHECK(parse_ok("CN=Jürgen", disable_utf8_dir_str | enable_t61_unicode) == "2.5.4.3:T61:Jürgen");
    CHECK(parse_ok("CN=Jürgen", enable_t61_unicode) == "2.5.4.3:UTF8:Jürgen");
    CHECK(parse_ok("CN=Ω", disable_utf8_dir_str | enable_t61_unicode) == "2.5.4.3:UTF8:Ω");
    CHECK(parse_ok("CN=Jürgen", enable_utf8_unicode) == "2.5.4.3:UTF8:Jürgen");
    CHECK(parse_ok("E=user@bücher.example", enable_punycode) == "1.2.840.113549.1.9.1:IA5:user@xn--bcher-kva.example");
    CHECK(parse_ok("E=a@münchen.de", enable_punycode) == "1.2.840.113549.1.9.1:IA5:a@xn--mnchen-3ya.de");
    // libidn2, UTS #46 mapping (issue 18: the hand-written encoder gave xn--BCHER-2pa), non-transitional ß.
    CHECK(parse_ok("E=user@BÜCHER.example", enable_punycode) == "1.2.840.113549.1.9.1:IA5:user@xn--bcher-kva.example");
    CHECK(parse_ok("E=a@faß.de", enable_punycode) == "1.2.840.113549.1.9.1:IA5:a@xn--fa-hia.de");
}

TEST_CASE("subject: an e-mail host with no IDNA form is an error with libidn2's reason") {
    using namespace name_flags;
    std::string long_label(70, 'x');
    CHECK(parse_err("E=a@ü" + long_label + ".de", enable_punycode).rfind("4:15: error: Subject: the host of \"a@ü", 0) == 0);
    CHECK(parse_err("E=a@ü" + long_label + ".de", enable_punycode).find("has no IDNA form: ") != std::string::npos);
    CHECK(parse_err("E=a@\xe2\x98\x83.de", enable_punycode) ==  // U+2603 SNOWMAN is DISALLOWED in IDNA2008
          "4:15: error: Subject: the host of \"a@\xe2\x98\x83.de\" has no IDNA form: string contains a disallowed character");
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
    using name_flags::disable_utf8_dir_str, name_flags::forward;
    auto n = parse_name(at("CN=Jürgen,O=*.x,OU=plain,L=\xF0\x9F\x98\x80"), disable_utf8_dir_str | forward, d, "Subject", true);
    REQUIRE(n);
    CHECK(dump(*n) == "2.5.4.3:BMP:Jürgen / 2.5.4.10:BMP:*.x / 2.5.4.11:P:plain / 2.5.4.7:UTF8:\xF0\x9F\x98\x80");
    auto u = parse_name(at("CN=Jürgen"), disable_utf8_dir_str | name_flags::enable_utf8_unicode, d, "Subject", true);
    REQUIRE(u);
    CHECK(dump(*u) == "2.5.4.3:UTF8:Jürgen");
    CHECK(d.empty());
}
