#include "certreq/model/text_extensions.hpp"

#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;
using certreq::model::test::at;
using certreq::model::test::messages;

namespace {

std::string hex(byte_view b) {
    static const char* digits = "0123456789abcdef";
    std::string r;
    for (auto x : b) {
        if (!r.empty()) r += ' ';
        r += digits[x >> 4];
        r += digits[x & 15];
    }
    return r;
}

// show renders a general name compactly.
std::string show(const general_name& g) {
    struct V {
        std::string operator()(const other_name& o) { return "other:" + o.type_oid + ":" + hex(o.value_der); }
        std::string operator()(const rfc822_name& n) { return "email:" + n.value; }
        std::string operator()(const dns_name& n) { return "dns:" + n.value; }
        std::string operator()(const directory_name& n) { return "dir:" + std::to_string(n.value.rdns.size()); }
        std::string operator()(const uri_name& n) { return "uri:" + n.value; }
        std::string operator()(const ip_address& n) { return "ip:" + hex(n.octets); }
        std::string operator()(const registered_id& n) { return "rid:" + n.oid; }
    };
    return std::visit(V{}, g);
}

std::string show(const general_names& names) {
    std::string r;
    for (auto& g : names) r += (r.empty() ? "" : " | ") + show(g);
    return r;
}

}  // namespace

TEST_CASE("IP addresses: IPv4 and every RFC 4291 IPv6 text form") {
    CHECK(hex(*parse_ip("192.0.2.1")) == "c0 00 02 01");
    CHECK(hex(*parse_ip("::1")) == "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01");
    CHECK(hex(*parse_ip("::")) == "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    CHECK(hex(*parse_ip("2001:db8::8:800:200c:417a")) == "20 01 0d b8 00 00 00 00 00 08 08 00 20 0c 41 7a");
    CHECK(hex(*parse_ip("2001:DB8:0:0:8:800:200C:417A")) == "20 01 0d b8 00 00 00 00 00 08 08 00 20 0c 41 7a");
    CHECK(hex(*parse_ip("fe80::")) == "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    CHECK(hex(*parse_ip("::ffff:192.0.2.1")) == "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01");
    CHECK(hex(*parse_ip("0:0:0:0:0:0:13.1.68.3")) == "00 00 00 00 00 00 00 00 00 00 00 00 0d 01 44 03");
    for (auto bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1:", ":1",
                     "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "", "g::",
                     // inet_pton semantics: leading zeros (octal elsewhere), short forms, blanks
                     "01.2.3.4", "1.2.3.04", "127.1", "0x7f.0.0.1", " 1.2.3.4", "1.2.3.4 "})
        CHECK_MESSAGE(!parse_ip(bad), bad);
    CHECK_FALSE(parse_ip(std::string_view("1.2.3.4\0", 8)));
}

TEST_CASE("GUID: Windows memory layout, braces optional") {
    auto g = parse_guid("f7c3ac41-b8ce-4fb4-aa58-3d1dc0e36b39");
    REQUIRE(g);
    CHECK(hex(*g) == "41 ac c3 f7 ce b8 b4 4f aa 58 3d 1d c0 e3 6b 39");
    CHECK(parse_guid("{F7C3AC41-B8CE-4FB4-AA58-3D1DC0E36B39}") == g);
    CHECK_FALSE(parse_guid("f7c3ac41b8ce4fb4aa583d1dc0e36b39"));
}

TEST_CASE("SAN {text}: every token") {
    diagnostics d;
    auto v = parse_extension_value("2.5.29.17",
                                   at("{text}dns=a.example&EMail=u@x&UPN=u@d&URL=http://x/&IPAddress=10.0.0.1&"
                                      "IP Address=::1&DirectoryName=CN=x,DC=y&RegisteredId=1.2.3.4&"
                                      "GUID=f7c3ac41-b8ce-4fb4-aa58-3d1dc0e36b39&1.2.3.4={utf8}hi&1.2.3.5={octet}AAEC&"
                                      "1.2.3.6={octet}{hex}00 01&1.2.3.7={asn}BAIAAQ==&1.2.3.8={hex}04 01 ff&"),
                                   d);
    REQUIRE(v);
    CHECK(messages(d) == "");
    CHECK_FALSE(v->critical);
    auto& san = std::get<alt_name>(v->value);
    CHECK(show(san.names) ==
          "dns:a.example | email:u@x | other:1.3.6.1.4.1.311.20.2.3:0c 03 75 40 64 | uri:http://x/ | ip:0a 00 00 01 | "
          "ip:00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 | dir:2 | rid:1.2.3.4 | "
          "other:1.3.6.1.4.1.311.25.1:04 10 41 ac c3 f7 ce b8 b4 4f aa 58 3d 1d c0 e3 6b 39 | other:1.2.3.4:0c 02 68 69 | "
          "other:1.2.3.5:04 03 00 01 02 | other:1.2.3.6:04 02 00 01 | other:1.2.3.7:04 02 00 01 | other:1.2.3.8:04 01 ff");
}

TEST_CASE("SAN {text}: uri alias warns, errors are positioned") {
    diagnostics d;
    auto v = parse_extension_value("2.5.29.17", at("{text}uri=http://a/", 7, 13), d);
    REQUIRE(v);
    CHECK(messages(d) == "7:19: warning: SubjectAltName: \"uri\" read as URL= (the documented token)");
    diagnostics e;
    CHECK_FALSE(parse_extension_value("2.5.29.17", at("{text}dns=a&ipaddress=1.2.3.999&foo=x&bare&email=é@x", 3, 13), e));
    CHECK(messages(e) == "3:51: error: SubjectAltName: expected name=value, got \"bare\"");
    diagnostics f;
    CHECK_FALSE(parse_extension_value("2.5.29.17", at("{text}dns=a&ipaddress=1.2.3.999&foo=x&email=é@x", 3, 13), f));
    CHECK(messages(f) == "3:35: error: SubjectAltName: not an IPv4 or IPv6 address: \"1.2.3.999\"\n"
                         "3:45: error: SubjectAltName: unknown name type \"foo\" (expected DNS, EMail, UPN, URL, IPAddress, "
                         "DirectoryName, RegisteredId, GUID or an OID)\n"
                         "3:57: error: SubjectAltName: non-ASCII character in \"é@x\" (an IA5String)");
    diagnostics h;
    CHECK_FALSE(parse_extension_value("2.5.29.17", at("{text}dns=a&dns=&", 6, 1), h));
    CHECK(messages(h) == "6:17: error: SubjectAltName: dns= needs a value");
    diagnostics g;
    CHECK_FALSE(parse_extension_value("2.5.29.17", at("{text}DirectoryName=CN=a,C=USA", 2, 1), g));
    CHECK(messages(g) == "2:28: error: DirectoryName: C (country) must be a 2-letter code, got \"USA\"");
}

TEST_CASE("EKU, basic constraints, {critical}") {
    diagnostics d;
    auto eku = parse_extension_value("2.5.29.37", at("{text}1.3.6.1.5.5.7.3.1, 1.3.6.1.5.5.7.3.2,"), d);
    REQUIRE(eku);
    CHECK(std::get<extended_key_usage>(eku->value).oids == std::vector<std::string>{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"});
    auto bc = parse_extension_value("2.5.29.19", at("{critical}{text}ca=1&pathlength=0"), d);
    REQUIRE(bc);
    CHECK(bc->critical);
    CHECK(std::get<basic_constraints>(bc->value).ca);
    CHECK(std::get<basic_constraints>(bc->value).path_length == 0u);
    auto ee = parse_extension_value("2.5.29.19", at("{text}"), d);
    REQUIRE(ee);
    CHECK_FALSE(std::get<basic_constraints>(ee->value).ca);
    CHECK(messages(d) == "");
    auto w = parse_extension_value("2.5.29.19", at("{text}ca=false&pathlength=3", 4, 13), d);
    REQUIRE(w);
    CHECK_FALSE(std::get<basic_constraints>(w->value).path_length);
    CHECK(messages(d) == "4:28: warning: BasicConstraints: pathlength is ignored without ca=1");
    diagnostics e;
    CHECK_FALSE(parse_extension_value("2.5.29.37", at("{text}1.3.6.1.5.5.7.3.1,serverAuth", 1, 1), e));
    CHECK_FALSE(parse_extension_value("2.5.29.19", at("{text}ca=maybe", 2, 1), e));
    CHECK(messages(e) == "1:25: error: EnhancedKeyUsage: invalid object identifier \"serverAuth\"\n"
                         "2:10: error: BasicConstraints ca: expected TRUE or FALSE, got \"maybe\"");
    // Microsoft's table writes `ca=0pathlength=3`; real INF files copy it.
    diagnostics g;
    CHECK_FALSE(parse_extension_value("2.5.29.19", at("{text}ca=0PathLength=0", 3, 1), g));
    CHECK(messages(g) == "3:11: error: BasicConstraints: missing '&' before \"pathlength\" (write ca=0&PathLength=0)");
}

TEST_CASE("policies, name constraints, policy mappings") {
    diagnostics d;
    auto p = parse_extension_value("2.5.29.32", at("{text}OID=1.2.3&URL=http://cps/&Notice=Hi&OID=2.5.29.32.0"), d);
    REQUIRE(p);
    auto& pol = std::get<certificate_policies>(p->value).policies;
    REQUIRE(pol.size() == 2);
    CHECK(pol[0].oid == "1.2.3");
    REQUIRE(pol[0].qualifiers.size() == 2);
    CHECK(pol[0].qualifiers[0].type == policy_qualifier::kind::cps);
    CHECK(pol[0].qualifiers[0].text == "http://cps/");
    CHECK(pol[0].qualifiers[1].type == policy_qualifier::kind::user_notice);
    CHECK(pol[1].oid == "2.5.29.32.0");
    auto nc = parse_extension_value(
        "2.5.29.30", at("{text}subtree=include&DNS=.example.com&IPAddress=10.0.0.0,255.0.0.0&subtree=exclude&Email=@bad&IPAddress=fd00::/8"), d);
    REQUIRE(nc);
    auto& c = std::get<name_constraints>(nc->value);
    CHECK(show(c.permitted) == "dns:.example.com | ip:0a 00 00 00 ff 00 00 00");
    CHECK(show(c.excluded) == "email:@bad | ip:fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    auto pm = parse_extension_value("2.5.29.33", at("{text}oid=1.2.3&oid=1.2.4&1.5.6=1.5.7"), d);
    REQUIRE(pm);
    auto& m = std::get<policy_mappings>(pm->value).mappings;
    REQUIRE(m.size() == 2);
    CHECK(m[0].issuer_domain == "1.2.3");
    CHECK(m[0].subject_domain == "1.2.4");
    CHECK(m[1].issuer_domain == "1.5.6");
    CHECK(m[1].subject_domain == "1.5.7");
    CHECK(messages(d) == "");
    auto f = parse_extension_value("1.3.6.1.4.1.311.21.10", at("{text}OID=1.3.6.1.5.5.7.3.9&Flags=0x1", 9, 1), d);
    REQUIRE(f);
    CHECK(messages(d) == "9:29: warning: ApplicationPolicies: Flags= has no standard encoding and is ignored");
    diagnostics e;
    CHECK_FALSE(parse_extension_value("2.5.29.32", at("{text}URL=http://x", 1, 1), e));
    CHECK_FALSE(parse_extension_value("2.5.29.30", at("{text}DNS=x", 2, 1), e));
    CHECK_FALSE(parse_extension_value("2.5.29.33", at("{text}oid=1.2.3", 3, 1), e));
    CHECK(messages(e) == "1:7: error: CertificatePolicies: URL= must follow an OID= token\n"
                         "2:7: error: NameConstraints: a name needs subtree=include or subtree=exclude before it\n"
                         "3:11: error: PolicyMappings: policies must come in issuer, subject pairs");
}

TEST_CASE("top-level value forms") {
    diagnostics d;
    auto b64 = parse_extension_value("2.5.29.15", at("AwIBBg=="), d);
    REQUIRE(b64);
    CHECK(hex(std::get<raw_value>(b64->value).der) == "03 02 01 06");
    auto unpadded = parse_extension_value("2.5.29.15", at("AwIBBg"), d);
    REQUIRE(unpadded);
    CHECK(hex(std::get<raw_value>(unpadded->value).der) == "03 02 01 06");
    auto h = parse_extension_value("1.3.6.1.5.5.7.48.1.5", at("{hex}05 00"), d);
    REQUIRE(h);
    CHECK(hex(std::get<raw_value>(h->value).der) == "05 00");
    auto asn = parse_extension_value("1.2.3.4", at("{critical}{asn}BQA="), d);
    REQUIRE(asn);
    CHECK(asn->critical);
    CHECK(hex(std::get<raw_value>(asn->value).der) == "05 00");
    auto oct = parse_extension_value("1.2.3.4", at("{octet}{hex}01 02"), d);
    REQUIRE(oct);
    CHECK(hex(std::get<raw_value>(oct->value).der) == "04 02 01 02");
    auto utf = parse_extension_value("1.2.3.4", at("{utf8}ab"), d);
    REQUIRE(utf);
    CHECK(hex(std::get<raw_value>(utf->value).der) == "0c 02 61 62");
    auto empty = parse_extension_value("1.2.3.4", at(""), d);
    REQUIRE(empty);
    CHECK(empty->absent);
    CHECK(messages(d) == "");
    auto e5 = parse_extension_value("1.3.6.1.5.5.7.48.1.5", at("Empty", 2, 24), d);
    REQUIRE(e5);
    CHECK(hex(std::get<raw_value>(e5->value).der) == "05 00");
    CHECK(messages(d) == "2:24: warning: extension 1.3.6.1.5.5.7.48.1.5: \"Empty\" is written as DER NULL (05 00)");
}

TEST_CASE("top-level value errors") {
    diagnostics d;
    CHECK_FALSE(parse_extension_value("2.5.29.15", at("{text}Digital Signature, Key Cert Sign", 21, 13), d));
    CHECK_FALSE(parse_extension_value("1.3.6.1.4.1.311.25.2", at("{text}tag=04", 25, 24), d));
    CHECK_FALSE(parse_extension_value("1.2.3", at("{hex}05 0g", 3, 9), d));
    CHECK_FALSE(parse_extension_value("1.2.3", at("AwI*", 4, 9), d));
    CHECK_FALSE(parse_extension_value("1.2.3", at("{base64}AA==", 5, 9), d));
    CHECK(messages(d) ==
          "21:13: error: KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest] (e.g. "
          "\"CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE\") or a base64/{hex} value\n"
          "25:24: error: extension 1.3.6.1.4.1.311.25.2 has no {text} form: give its DER as base64 or {hex}\n"
          "3:18: error: extension 1.2.3: expected hex byte pairs\n"
          "4:12: error: extension 1.2.3: bad base64 (not a base64 character)\n"
          "5:9: error: extension 1.2.3: unknown value prefix \"{base64}\" (expected {text}, {hex}, {asn}, {octet}, {utf8} or {critical})");
}
