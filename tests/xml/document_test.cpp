// xml/document.hpp: namespaces resolved as XML Namespaces 1.0 says, limits,
// refusals (DOCTYPE, unbound prefixes, malformed input), escaping.
#include <doctest/doctest.h>

#include <string>

#include "certreq/xml/document.hpp"

using namespace certreq;

namespace {
constexpr std::string_view soap = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::string_view wst = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
constexpr std::string_view wstep = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment";

// [MS-WSTEP] section 4 example: a client's request for the CA's key exchange
// certificate (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-wstep/e70805b1-4cd5-4508-a487-219e678bd440),
// as published.
constexpr std::string_view wstep_ket_request = R"(<s:Envelope xmlns:a="http://www.w3.org/2005/08/addressing"
xmlns:s="http://www.w3.org/2003/05/soap-envelope">
<s:Header>
<a:Action s:mustUnderstand="1">
http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/KET</a:Action>
<a:MessageID>urn:uuid:c2884a79-b943-45c6-ac02-7256071de309</a:MessageID>
<a:ReplyTo>
<a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address>
</a:ReplyTo>
</s:Header>
<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<RequestSecurityToken xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
<TokenType>http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3</TokenType>
<RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/KET</RequestType>
<RequestKET />
<RequestID xsi:nil="true" xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment" />
</RequestSecurityToken>
</s:Body>
</s:Envelope>)";
}  // namespace

TEST_CASE("the MS-WSTEP key exchange request sample reads by namespace") {
    auto doc = xml::parse(wstep_ket_request);
    REQUIRE(doc);
    auto env = doc->root();
    CHECK(env.is(soap, "Envelope"));
    auto header = env.child(soap, "Header");
    CHECK(header.child("http://www.w3.org/2005/08/addressing", "Action").trimmed_text() ==
          "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/KET");
    CHECK(header.child("http://www.w3.org/2005/08/addressing", "Action").attribute(soap, "mustUnderstand") == "1");
    auto rst = env.child(soap, "Body").child(wst, "RequestSecurityToken");
    REQUIRE(rst);
    CHECK(rst.child(wst, "RequestType").trimmed_text() == "http://docs.oasis-open.org/ws-sx/ws-trust/200512/KET");
    CHECK(rst.child(wst, "RequestKET"));
    // RequestID redeclares the default namespace: it is wstep's, not wst's.
    CHECK_FALSE(rst.child(wst, "RequestID"));
    auto id = rst.child(wstep, "RequestID");
    REQUIRE(id);
    CHECK(id.nil());
    CHECK(rst.elements().size() == 4);
}

TEST_CASE("prefixes are only names: the same element under any prefix, a foreign URI is another") {
    auto a = xml::parse(R"(<x:E xmlns:x="urn:a"><x:c>1</x:c><y:c xmlns:y="urn:b">2</y:c><c>3</c></x:E>)");
    REQUIRE(a);
    CHECK(a->root().is("urn:a", "E"));
    CHECK(a->root().child("urn:a", "c").text() == "1");
    CHECK(a->root().child("urn:b", "c").text() == "2");
    CHECK(a->root().child("", "c").text() == "3");  // no default namespace in scope
    CHECK(a->root().children("urn:a", "c").size() == 1);
    auto b = xml::parse(R"(<E xmlns="urn:a" xmlns:p="urn:p" p:at="v" at="w"><![CDATA[<raw>]]>&amp;&#x41;</E>)");
    REQUIRE(b);
    CHECK(b->root().is("urn:a", "E"));
    CHECK(b->root().attribute("urn:p", "at") == "v");
    CHECK(b->root().attribute("", "at") == "w");  // unprefixed attributes have no namespace
    CHECK_FALSE(b->root().attribute("urn:a", "at"));
    CHECK(b->root().text() == "<raw>&A");
}

TEST_CASE("hostile and broken XML is refused with a reason") {
    auto dtd = xml::parse(R"(<!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;">]><a>&y;</a>)");
    REQUIRE_FALSE(dtd);
    CHECK(dtd.err().find("DOCTYPE") != std::string::npos);
    auto unbound = xml::parse("<p:a/>");
    REQUIRE_FALSE(unbound);
    CHECK(unbound.err().find("unbound namespace prefix in <p:a>") != std::string::npos);
    auto unbound_attr = xml::parse("<a q:x='1'/>");
    REQUIRE_FALSE(unbound_attr);
    CHECK(unbound_attr.err().find("attribute q:x") != std::string::npos);
    auto broken = xml::parse("<a><b></a>");
    REQUIRE_FALSE(broken);
    CHECK(broken.err().find("malformed XML at byte") != std::string::npos);
    CHECK_FALSE(xml::parse(""));
    auto trailing = xml::parse("<a/>tail");
    REQUIRE_FALSE(trailing);
    CHECK(trailing.err().find("outside the root element") != std::string::npos);
    CHECK_FALSE(xml::parse("<a/><b/>"));
    CHECK_FALSE(xml::parse("<?xml-stylesheet href='x'?><a/>"));
    CHECK(xml::parse("<?xml version='1.0' encoding='utf-8'?><a/>"));
}

TEST_CASE("limits: size, depth and element count at the limit and one past") {
    xml::limits lim;
    lim.max_bytes = 64;
    lim.max_depth = 3;
    lim.max_elements = 4;
    CHECK(xml::parse("<a><b><c/></b></a>", lim));
    auto deep = xml::parse("<a><b><c><d/></c></b></a>", lim);
    REQUIRE_FALSE(deep);
    CHECK(deep.err() == "unacceptable XML: elements nested deeper than 3");
    CHECK(xml::parse("<a><b/><b/><b/></a>", lim));
    CHECK_FALSE(xml::parse("<a><b/><b/><b/><b/></a>", lim));
    std::string big = "<a>" + std::string(57, 'x') + "</a>";  // 64 bytes
    CHECK(xml::parse(big, lim));
    auto over = xml::parse(big + " ", lim);
    REQUIRE_FALSE(over);
    CHECK(over.err() == "XML of 65 bytes exceeds the limit of 64");
    // The default depth limit holds against a deeply nested document.
    std::string nest;
    for (int i = 0; i < 10000; ++i) nest += "<a>";
    for (int i = 0; i < 10000; ++i) nest += "</a>";
    CHECK_FALSE(xml::parse(nest));
}

TEST_CASE("escaping for element text and attribute values round-trips") {
    std::string nasty = "a<b>&\"c'\r\n\t";
    auto doc = xml::parse("<r x=\"" + xml::escape_attribute(nasty) + "\">" + xml::escape_text(nasty) + "</r>");
    REQUIRE(doc);
    CHECK(doc->root().attribute("", "x") == nasty);
    CHECK(doc->root().text() == nasty);
}
