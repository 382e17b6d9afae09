// adcs/xcep_request.hpp and adcs/xcep_response.hpp: the GetPolicies we send
// (exact bytes; the test service validates it against tests/data/adcs/xcep.xsd),
// the policy read from tests/data/adcs/xcep/policies.xml, and every kind of
// malformed answer as an error naming the element.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "certreq/adcs/xcep_request.hpp"
#include "certreq/adcs/xcep_response.hpp"
#include "certreq/os/file.hpp"

#include "xcep_sample.hpp"

using namespace certreq;
namespace x = adcs::xcep;

namespace {

using xcep_test::sample;

// replace: the sample with one piece of it changed (the piece must be there once).
std::string replace(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(s.find(from, at + 1) == std::string::npos);
    return s.replace(at, from.size(), to);
}

std::string error_of(const std::string& body, const x::limits& lim = {}) {
    auto r = x::read(body, lim);
    REQUIRE(!r);
    return r.err().message;
}

}  // namespace

TEST_CASE("GetPolicies: the exact envelope, nil client values and no filter") {
    x::request rq;
    rq.to = "https://cep.example/ADPolicyProvider_CEP_Kerberos/service.svc/CEP";
    rq.message_id = "urn:uuid:00000000-0000-4000-8000-000000000000";
    CHECK(x::build(rq) ==
          "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://www.w3.org/2005/08/addressing\">"
          "<s:Header><a:Action s:mustUnderstand=\"1\">http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPolicies</a:Action>"
          "<a:MessageID>urn:uuid:00000000-0000-4000-8000-000000000000</a:MessageID>"
          "<a:To s:mustUnderstand=\"1\">https://cep.example/ADPolicyProvider_CEP_Kerberos/service.svc/CEP</a:To></s:Header>"
          "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
          "<GetPolicies xmlns=\"http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy\"><client>"
          "<lastUpdate xsi:nil=\"true\"/><preferredLanguage xsi:nil=\"true\"/></client>"
          "<requestFilter xsi:nil=\"true\"/></GetPolicies></s:Body></s:Envelope>");
}

TEST_CASE("GetPolicies: lastUpdate, preferredLanguage and a UsernameToken, escaped, read back by namespace") {
    x::request rq;
    rq.to = "https://cep.example/ADPolicyProvider_CEP_UsernamePassword/service.svc/CEP";
    rq.message_id = "urn:uuid:1";
    rq.last_update = "2026-12-01T10:00:00Z";
    rq.preferred_language = "en-US";
    rq.username_token = std::make_pair(std::string("alice"), std::string("p<&>w"));
    std::string s = x::build(rq);
    CHECK(s.find("<o:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#"
                 "PasswordText\">p&lt;&amp;&gt;w</o:Password>") != std::string::npos);
    auto doc = xml::parse(s);
    REQUIRE(doc);
    auto client = doc->root().child(adcs::soap::ns_soap12, "Body").child(x::ns_policy, "GetPolicies").child(x::ns_policy, "client");
    CHECK(client.child(x::ns_policy, "lastUpdate").text() == "2026-12-01T10:00:00Z");
    CHECK(client.child(x::ns_policy, "preferredLanguage").text() == "en-US");
    auto tok = doc->root().child(adcs::soap::ns_soap12, "Header").child(adcs::soap::ns_secext, "Security");
    CHECK(tok.child(adcs::soap::ns_secext, "UsernameToken").child(adcs::soap::ns_secext, "Password").text() == "p<&>w");
}

TEST_CASE("GetPoliciesResponse: templates, CAs and OIDs, every reference resolved") {
    auto r = x::read(sample());
    REQUIRE_MESSAGE(r, (r ? "" : r.err().message));
    CHECK(r->policy_id == "{6C1F7F0B-1B4D-4D2A-9C3E-0E5A2B7C9D11}");
    CHECK(r->friendly_name == "Example Enterprise Policy");
    CHECK(r->next_update_hours == 8u);
    CHECK(!r->policies_not_changed);
    REQUIRE(r->policies.size() == 3);
    REQUIRE(r->cas.size() == 2);
    CHECK(r->oids.size() == 8);

    const auto* user = r->find("user");  // names ignore ASCII case
    REQUIRE(user);
    CHECK(user->common_name == "User");
    CHECK(user->oid == "1.3.6.1.4.1.311.21.8.1.2.3.4.1");
    CHECK(user->policy_schema == 1);
    CHECK(user->major_revision == 3);
    CHECK(user->minor_revision == 1);
    CHECK(user->validity_seconds == 31536000u);
    CHECK(user->renewal_seconds == 3628800u);
    CHECK(user->enroll);
    CHECK(!user->auto_enroll);
    CHECK(user->key.minimal_key_length == 2048);
    CHECK(user->key.key_spec == 1u);
    CHECK(user->key.algorithm_oid.empty());
    CHECK(user->key.crypto_providers ==
          std::vector<std::string>{"Microsoft Enhanced Cryptographic Provider v1.0", "Microsoft Base Cryptographic Provider v1.0"});
    CHECK(user->subject_name_flags == 0xa6000000u);
    CHECK(user->general_flags == 66112u);
    CHECK(user->hash_algorithm_oid.empty());
    CHECK(user->extensions.empty());
    CHECK(user->ca_references == std::vector<std::int32_t>{1});

    const auto* web = r->find("WebServer");
    REQUIRE(web);
    CHECK(web->policy_schema == 2);
    CHECK(web->hash_algorithm_oid == "2.16.840.1.101.3.4.2.1");
    CHECK(web->subject_name_flags == 1u);
    CHECK(web->ca_references == std::vector<std::int32_t>{1, 2});
    REQUIRE(web->extensions.size() == 2);
    CHECK(web->extensions[0].oid == "2.5.29.15");
    CHECK(web->extensions[0].critical);
    CHECK(web->extensions[0].value == bytes{0x03, 0x02, 0x05, 0xa0});
    CHECK(web->extensions[1].oid == "2.5.29.37");
    CHECK(!web->extensions[1].critical);
    CHECK(web->extensions[1].value.size() == 12);

    const auto* ec = r->find("ECDSAWebServer");
    REQUIRE(ec);
    CHECK(ec->policy_schema == 4);
    CHECK(ec->key.algorithm_oid == "1.2.840.10045.3.1.7");
    CHECK(ec->key.minimal_key_length == 256);
    CHECK(ec->key.key_spec == 0u);
    CHECK(ec->hash_algorithm_oid == "2.16.840.1.101.3.4.2.2");
    CHECK(!r->find("Web"));

    const auto* ca1 = r->ca(1);
    REQUIRE(ca1);
    REQUIRE(ca1->uris.size() == 2);
    CHECK(ca1->uris[0].client_authentication == x::auth::kerberos);
    CHECK(ca1->uris[0].uri == "https://ca1.example.com/Example-CA1_CES_Kerberos/service.svc/CES");
    CHECK(ca1->uris[0].priority == 1u);
    CHECK(!ca1->uris[0].renewal_only);
    CHECK(ca1->uris[1].client_authentication == x::auth::username_password);
    CHECK(ca1->uris[1].priority == 2u);
    CHECK(ca1->certificate.size() == 863);  // tests/data/vectors/cmp/ca.pem
    CHECK(ca1->certificate[0] == 0x30);
    CHECK(ca1->enroll_permission);
    const auto* ca2 = r->ca(2);
    REQUIRE(ca2);
    CHECK(ca2->uris[0].client_authentication == x::auth::certificate);
    CHECK(!ca2->uris[0].priority);
    CHECK(ca2->uris[0].renewal_only);
    CHECK(!ca2->enroll_permission);
    CHECK(!r->ca(3));
    CHECK(r->oids[2].default_name.empty());  // nil
    CHECK(r->oids[0].group == x::oid_group::public_key_algorithm);
}

TEST_CASE("a SOAP fault is an error quoting its code and reason") {
    std::string f =
        R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code>)"
        R"(<s:Reason><s:Text xml:lang="de-DE">Fehler</s:Text><s:Text xml:lang="en-US">The policy server is not available.</s:Text></s:Reason>)"
        R"(</s:Fault></s:Body></s:Envelope>)";
    auto r = x::read(f);
    REQUIRE(!r);
    CHECK(r.err().message ==
          "the enrollment policy service answered with a SOAP fault (s:Receiver): \"The policy server is not available.\"");
    CHECK(r.err().hresult == core::hr::fail);
}

TEST_CASE("answers that are not a GetPoliciesResponse") {
    CHECK(error_of("<html>") .rfind("the enrollment policy service's answer is not XML: malformed XML at byte", 0) == 0);
    CHECK(error_of(R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>)") ==
          "the enrollment policy service answered in SOAP 1.1; XCEP uses SOAP 1.2");
    CHECK(error_of(R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetPolicies xmlns="urn:x"/></s:Body></s:Envelope>)") ==
          "unexpected SOAP body element <GetPolicies> (namespace \"urn:x\"), not a GetPoliciesResponse");
    CHECK(x::read("<x/>").err().hresult == core::hr::winhttp_invalid_server_response);
}

TEST_CASE("malformed policies: each an error naming the element") {
    const std::string s = sample();
    const std::string prefix = "the enrollment policy service's answer is malformed: ";
    CHECK(error_of(replace(s, "<commonName>WebServer</commonName>", "")) ==
          prefix + "response/policies/policy[2]/attributes/commonName: missing");
    CHECK(error_of(replace(s, "<minimalKeyLength>256</minimalKeyLength>", "<minimalKeyLength>-1</minimalKeyLength>")) ==
          prefix + "response/policies/policy[3]/attributes/privateKeyAttributes/minimalKeyLength: expected a number from 0 to "
                   "4294967295, got \"-1\"");
    CHECK(error_of(replace(s, "<policyOIDReference>11</policyOIDReference>", "<policyOIDReference>99</policyOIDReference>")) ==
          prefix + "response/policies/policy[2]/policyOIDReference: refers to OID 99, which the answer's oIDs do not hold");
    CHECK(error_of(replace(s, "<cAReference>2</cAReference>\n            </cAs>\n            <attributes>\n              <commonName>ECDSA",
                           "<cAReference>7</cAReference>\n            </cAs>\n            <attributes>\n              <commonName>ECDSA")) ==
          prefix + "response/policies/policy[3]/cAs/cAReference[1]: refers to CA 7, which the answer's cAs do not hold");
    CHECK(error_of(replace(s, "<oIDReferenceID>6</oIDReferenceID>", "<oIDReferenceID>5</oIDReferenceID>")) ==
          prefix + "oIDs/oID[3]: oIDReferenceID 5 is given twice");
    CHECK(error_of(replace(s, "<enrollPermission>false</enrollPermission>", "<enrollPermission>maybe</enrollPermission>")) ==
          prefix + "cAs/cA[2]/enrollPermission: expected true or false, got \"maybe\"");
    CHECK(error_of(replace(s, "<value>AwIFoA==", "<value>!!wIFoA==")) ==
          prefix + "response/policies/policy[2]/attributes/extensions/extension[1]/value: not base64 (not a base64 character at byte 0)");
    CHECK(error_of(R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>)"
                   R"(<GetPoliciesResponse xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy" )"
                   R"(xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><response i:nil="true"/><cAs i:nil="true"/>)"
                   R"(<oIDs i:nil="true"/></GetPoliciesResponse></s:Body></s:Envelope>)") ==
          prefix + "GetPoliciesResponse/response: is nil");
}

TEST_CASE("vendor elements (##any) are skipped; nil collections are empty") {
    std::string s = replace(sample(), "<renewalOnly>true</renewalOnly>", "<renewalOnly>true</renewalOnly><v:hint xmlns:v=\"urn:vendor\">x</v:hint>");
    auto r = x::read(s);
    REQUIRE(r);
    CHECK(r->ca(2)->uris.size() == 1);
    CHECK(r->find("User")->extensions.empty());  // <extensions xsi:nil="true"/>
}

TEST_CASE("limits: too many policies, CAs or OIDs is an error before use") {
    const std::string s = sample();
    x::limits lim;
    lim.max_policies = 2;
    CHECK(error_of(s, lim) == "the enrollment policy service's answer is malformed: response/policies: holds 3 <policy> elements, "
                              "more than the limit of 2");
    lim = {};
    lim.max_oids = 7;
    CHECK(error_of(s, lim) == "the enrollment policy service's answer is malformed: oIDs: holds 8 <oID> elements, more than the limit of 7");
    lim = {};
    lim.max_binary = 100;
    CHECK(error_of(s, lim).find("cAs/cA[1]/certificate: larger than 100 bytes") != std::string::npos);
    lim = {};
    lim.document.max_bytes = 1000;
    CHECK(error_of(s, lim).find("exceeds the limit of 1000") != std::string::npos);
}
