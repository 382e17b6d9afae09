// Round trip: every extension form `-new` writes (x509/ from the typed
// model) decodes through asn1/ + -dump to the values the model held.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "certreq/asn1/decode.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/verbs/dump_x509.hpp"
#include "certreq/x509/extension.hpp"
#include "test_util.hpp"

using namespace certreq;

namespace {
// dumped encodes the extensions with x509/, decodes them with asn1/ and
// renders the dump as text (what `certreq -dump` prints for them).
std::string dumped(const std::vector<model::extension>& list) {
    auto der = der::encode(x509::extensions(list));
    REQUIRE(der.has_value());
    auto d = asn1::read_extensions(*der);
    REQUIRE(d);
    diagnostics diags;
    verbs::dump_context ctx{nullptr, &diags, false, 0};
    auto tree = verbs::extensions(d->entries(), ctx);
    CHECK(diags.empty());
    std::ostringstream out;
    verbs::render_text(out, tree);
    return out.str();
}
model::extension ext(std::string oid, bool critical, model::extension_value v) {
    return model::extension{std::move(oid), critical, std::move(v), {}};
}
}  // namespace

TEST_CASE("roundtrip: subject alternative names, every GeneralName form") {
    model::name dir;
    dir.rdns.push_back({model::attribute_value{"2.5.4.3", model::string_kind::utf8, "Alice", {}}});
    dir.rdns.push_back({model::attribute_value{"2.5.4.10", model::string_kind::printable, "Example", {}}});
    model::alt_name san{{model::dns_name{"www.example.com"}, model::rfc822_name{"a@example.com"},
                         model::uri_name{"https://example.com/x"}, model::ip_address{{192, 0, 2, 7}},
                         model::ip_address{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
                         model::registered_id{"1.2.3.4"}, model::directory_name{dir},
                         model::other_name{"1.3.6.1.4.1.311.20.2.3", test::from_hex("0c11616c696365406578616d706c652e636f6d")}}};
    CHECK(dumped({ext("2.5.29.17", false, san)}) ==
          "- name: subjectAltName\n"
          "  oid: 2.5.29.17\n"
          "  critical: false\n"
          "  names:\n"
          "    - type: dNSName\n      value: www.example.com\n"
          "    - type: rfc822Name\n      value: a@example.com\n"
          "    - type: uniformResourceIdentifier\n      value: https://example.com/x\n"
          "    - type: iPAddress\n      value: 192.0.2.7\n"
          "    - type: iPAddress\n      value: 2001:db8::1\n"
          "    - type: registeredID\n      value: 1.2.3.4\n"
          "    - type: directoryName\n      value: O=Example, CN=Alice\n"
          "    - type: otherName\n      oid: userPrincipalName\n      value: alice@example.com\n");
}

TEST_CASE("roundtrip: basic constraints, key usage, EKU") {
    CHECK(dumped({ext("2.5.29.19", true, model::basic_constraints{true, 3})}) ==
          "- name: basicConstraints\n  oid: 2.5.29.19\n  critical: true\n  cA: true\n  pathLenConstraint: 3\n");
    CHECK(dumped({ext("2.5.29.19", false, model::basic_constraints{false, std::nullopt})}) ==
          "- name: basicConstraints\n  oid: 2.5.29.19\n  critical: false\n  cA: false\n");
    // Windows layout: 0xA0 = digitalSignature | keyEncipherment, 0x8000 = decipherOnly.
    CHECK(dumped({ext("2.5.29.15", true, model::key_usage{0x80A0})}) ==
          "- name: keyUsage\n  oid: 2.5.29.15\n  critical: true\n  usages:\n"
          "    - digitalSignature\n    - keyEncipherment\n    - decipherOnly\n");
    CHECK(dumped({ext("2.5.29.37", false, model::extended_key_usage{{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.2.3.4"}})}) ==
          "- name: extKeyUsage\n  oid: 2.5.29.37\n  critical: false\n  purposes:\n"
          "    - serverAuth (1.3.6.1.5.5.7.3.1)\n    - clientAuth (1.3.6.1.5.5.7.3.2)\n    - 1.2.3.4\n");
}

TEST_CASE("roundtrip: certificate and application policies") {
    model::certificate_policies pol{{
        model::policy_information{"1.2.3.4", {model::policy_qualifier{model::policy_qualifier::kind::cps, "http://example.com/cps"},
                                              model::policy_qualifier{model::policy_qualifier::kind::user_notice, "Legal notice"}}},
        model::policy_information{"2.5.29.32.0", {}},
    }};
    std::string want_body =
        "  policies:\n"
        "    - policy: 1.2.3.4\n"
        "      qualifiers:\n"
        "        - cps: http://example.com/cps\n"
        "        - userNotice: Legal notice\n"
        "    - policy: anyPolicy (2.5.29.32.0)\n";
    CHECK(dumped({ext("2.5.29.32", false, pol)}) == "- name: certificatePolicies\n  oid: 2.5.29.32\n  critical: false\n" + want_body);
    CHECK(dumped({ext("1.3.6.1.4.1.311.21.10", false, pol)}) ==
          "- name: applicationPolicies\n  oid: 1.3.6.1.4.1.311.21.10\n  critical: false\n" + want_body);
}

TEST_CASE("roundtrip: name constraints, policy mappings, policy constraints") {
    model::name_constraints nc{{model::dns_name{"example.com"}}, {model::ip_address{{10, 0, 0, 0, 255, 0, 0, 0}}}};
    CHECK(dumped({ext("2.5.29.30", true, nc)}) ==
          "- name: nameConstraints\n  oid: 2.5.29.30\n  critical: true\n"
          "  permittedSubtrees:\n    - type: dNSName\n      value: example.com\n"
          "  excludedSubtrees:\n    - type: iPAddress\n      value: 10.0.0.0/255.0.0.0\n");
    CHECK(dumped({ext("2.5.29.33", false, model::policy_mappings{{{"1.2.3", "1.2.4"}}})}) ==
          "- name: policyMappings\n  oid: 2.5.29.33\n  critical: false\n  mappings:\n"
          "    - issuerDomainPolicy: 1.2.3\n      subjectDomainPolicy: 1.2.4\n");
    CHECK(dumped({ext("2.5.29.36", true, model::policy_constraints{0, 2})}) ==
          "- name: policyConstraints\n  oid: 2.5.29.36\n  critical: true\n  requireExplicitPolicy: 0\n  inhibitPolicyMapping: 2\n");
}

TEST_CASE("roundtrip: key identifiers, S/MIME capabilities, raw values") {
    CHECK(dumped({ext("2.5.29.14", false, model::subject_key_identifier{test::from_hex("0102030405")})}) ==
          "- name: subjectKeyIdentifier\n  oid: 2.5.29.14\n  critical: false\n  keyIdentifier: 0102030405\n");
    model::smime_capabilities caps{{{"1.2.840.113549.3.7", {}}, {"1.2.840.113549.3.2", test::from_hex("02020080")}}};
    CHECK(dumped({ext("1.2.840.113549.1.9.15", false, caps)}) ==
          "- name: smimeCapabilities\n  oid: 1.2.840.113549.1.9.15\n  critical: false\n  capabilities:\n"
          "    - des-ede3-cbc (1.2.840.113549.3.7)\n    - rc2-cbc (1.2.840.113549.3.2) 128\n");
    CHECK(dumped({ext("1.2.3.4.5", false, model::raw_value{test::from_hex("0c0161")})}) ==
          "- name: unknown\n  oid: 1.2.3.4.5\n  critical: false\n  hex: 0C0161\n");
}
