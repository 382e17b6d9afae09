// Each kind of the extension registry (model/extension_registry.hpp) both
// ways: a {text} sample (or a value built in code, for kinds without a
// grammar) is lowered, written by its DER writer (x509/extensions/) and read
// back by its -dump reader (model/extensions/*.hpp through verbs/dump_x509.hpp).
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

#include "certreq/asn1/values.hpp"
#include "certreq/model/extension_registry.hpp"
#include "certreq/model/text_extensions.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/verbs/dump_tree.hpp"
#include "certreq/verbs/dump_x509.hpp"
#include "certreq/x509/extension.hpp"

using namespace certreq;

namespace {

struct round_trip {
    std::string der_hex;  // the extnValue the writer made
    std::string dump;     // -dump's fields for it, as text
    bool failed = true;
};

// trip writes `v` and dumps it as the extension `oid`.
round_trip trip(std::string_view oid, const model::extension_value& v) {
    round_trip out;
    auto der = x509::encode_extension_value(v);
    REQUIRE(der);
    out.der_hex = asn1::hex(*der);
    verbs::dump_node n = verbs::dump_node::object();
    verbs::dump_context ctx;
    verbs::extension_value(n, oid, *der, 0, ctx);
    out.failed = ctx.failed;
    verbs::render_text(out.dump, n);
    return out;
}

// text_trip lowers `{text}<body>` for `oid` first.
round_trip text_trip(std::string_view oid, std::string body) {
    diagnostics d;
    auto v = model::parse_extension_value(oid, located_text("{text}" + body, {1, 1}), d);
    REQUIRE(v);
    CHECK(d.items().empty());
    return trip(oid, v->value);
}

// The OIDs a case below round-trips; every typed kind must have one.
std::set<std::string_view>& covered() {
    static std::set<std::string_view> s;
    return s;
}
round_trip check(std::string_view oid, round_trip r) {
    covered().insert(oid);
    CHECK_FALSE(r.failed);
    return r;
}

}  // namespace

TEST_CASE("registry round trips: the {text} grammars") {
    auto san = check(oids::subject_alt_name.dotted(), text_trip(oids::subject_alt_name.dotted(), "dns=a.example&ipaddress=::1&email=u@d"));
    CHECK(san.der_hex == "30228209612E6578616D706C658710000000000000000000000000000000018103754064");
    CHECK(san.dump == "names:\n"
          "  - type: dNSName\n"
          "    value: a.example\n"
          "  - type: iPAddress\n"
          "    value: ::1\n"
          "  - type: rfc822Name\n"
          "    value: u@d\n");
    auto ian = check(oids::issuer_alt_name.dotted(), text_trip(oids::issuer_alt_name.dotted(), "url=http://ca.example/"));
    CHECK(ian.der_hex == "30148612687474703A2F2F63612E6578616D706C652F");
    CHECK(ian.dump == "names:\n"
          "  - type: uniformResourceIdentifier\n"
          "    value: http://ca.example/\n");
    auto eku = check(oids::ext_key_usage.dotted(), text_trip(oids::ext_key_usage.dotted(), "1.3.6.1.5.5.7.3.1, 1.3.6.1.5.5.7.3.2"));
    CHECK(eku.der_hex == "301406082B0601050507030106082B06010505070302");
    CHECK(eku.dump == "purposes:\n"
          "  - serverAuth (1.3.6.1.5.5.7.3.1)\n"
          "  - clientAuth (1.3.6.1.5.5.7.3.2)\n");
    auto bc = check(oids::basic_constraints.dotted(), text_trip(oids::basic_constraints.dotted(), "ca=1&pathlength=2"));
    CHECK(bc.der_hex == "30060101FF020102");
    CHECK(bc.dump == "cA: true\n"
          "pathLenConstraint: 2\n");
    auto cp = check(oids::certificate_policies.dotted(),
                    text_trip(oids::certificate_policies.dotted(), "OID=1.2.3&URL=http://cps/&Notice=Hi"));
    CHECK(cp.der_hex == "3033303106022A03302B301706082B06010505070201160B687474703A2F2F6370732F301006082B0601050507020230040C024869");
    CHECK(cp.dump == "policies:\n"
          "  - policy: 1.2.3\n"
          "    qualifiers:\n"
          "      - cps: http://cps/\n"
          "      - userNotice: Hi\n");
    auto ap = check(oids::ms_application_policies.dotted(), text_trip(oids::ms_application_policies.dotted(), "OID=1.3.6.1.5.5.7.3.9"));
    CHECK(ap.der_hex == "300C300A06082B06010505070309");
    CHECK(ap.dump == "policies:\n"
          "  - policy: OCSPSigning (1.3.6.1.5.5.7.3.9)\n");
    auto nc = check(oids::name_constraints.dotted(),
                    text_trip(oids::name_constraints.dotted(), "subtree=include&dns=a.example&subtree=exclude&ipaddress=10.0.0.0,255.0.0.0"));
    CHECK(nc.der_hex == "301DA00D300B8209612E6578616D706C65A10C300A87080A000000FF000000");
    CHECK(nc.dump == "permittedSubtrees:\n"
          "  - type: dNSName\n"
          "    value: a.example\n"
          "excludedSubtrees:\n"
          "  - type: iPAddress\n"
          "    value: 10.0.0.0/255.0.0.0\n");
    auto pm = check(oids::policy_mappings.dotted(), text_trip(oids::policy_mappings.dotted(), "oid=1.2.3&oid=1.2.4"));
    CHECK(pm.der_hex == "300A300806022A0306022A04");
    CHECK(pm.dump == "mappings:\n"
          "  - issuerDomainPolicy: 1.2.3\n"
          "    subjectDomainPolicy: 1.2.4\n");
    auto apm = check(oids::ms_application_policy_mappings.dotted(),
                     text_trip(oids::ms_application_policy_mappings.dotted(), "1.5.6=1.5.7"));
    CHECK(apm.der_hex == "300A300806022D0606022D07");
    CHECK(apm.dump == "mappings:\n"
          "  - issuerDomainPolicy: 1.5.6\n"
          "    subjectDomainPolicy: 1.5.7\n");
}

TEST_CASE("registry round trips: values built in code") {
    auto ku = check(oids::key_usage.dotted(), trip(oids::key_usage.dotted(), model::key_usage{0x80a0}));
    CHECK(ku.der_hex == "030307A080");
    CHECK(ku.dump == "usages:\n"
          "  - digitalSignature\n"
          "  - keyEncipherment\n"
          "  - decipherOnly\n");
    auto pc = check(oids::policy_constraints.dotted(), trip(oids::policy_constraints.dotted(), model::policy_constraints{0, 3}));
    CHECK(pc.der_hex == "3006800100810103");
    CHECK(pc.dump == "requireExplicitPolicy: 0\n"
          "inhibitPolicyMapping: 3\n");
    auto apc = check(oids::ms_application_policy_constraints.dotted(),
                     trip(oids::ms_application_policy_constraints.dotted(), model::policy_constraints{std::nullopt, 1}));
    CHECK(apc.der_hex == "3003810101");
    CHECK(apc.dump == "inhibitPolicyMapping: 1\n");
    auto ski = check(oids::subject_key_identifier.dotted(),
                     trip(oids::subject_key_identifier.dotted(), model::subject_key_identifier{bytes{0x01, 0x02, 0xff}}));
    CHECK(ski.der_hex == "04030102FF");
    CHECK(ski.dump == "keyIdentifier: 0102FF\n");
    model::smime_capabilities caps{{{std::string(oids::aes256_cbc.dotted()), {}}, {"1.2.840.113549.3.2", bytes{0x02, 0x02, 0x00, 0x80}}}};
    auto sm = check(oids::smime_capabilities.dotted(), trip(oids::smime_capabilities.dotted(), caps));
    CHECK(sm.der_hex == "301D300B060960864801650304012A300E06082A864886F70D030202020080");
    CHECK(sm.dump == "capabilities:\n"
          "  - aes-256-cbc (2.16.840.1.101.3.4.1.42)\n"
          "  - rc2-cbc (1.2.840.113549.3.2) 128\n");
    auto tn = check(oids::ms_certificate_template_name.dotted(),
                    trip(oids::ms_certificate_template_name.dotted(), model::template_name{"WebServer"}));
    CHECK(tn.der_hex == "1E12005700650062005300650072007600650072");
    CHECK(tn.dump == "templateName: WebServer\n");
    // certificate template information v2, as a policy server's template makes it.
    auto ct = check(oids::ms_certificate_template.dotted(),
                    trip(oids::ms_certificate_template.dotted(), model::certificate_template_info{"1.2.3", 128, 0x12345}));
    CHECK(ct.der_hex == "300D06022A03020200800203012345");
    CHECK(ct.dump == "templateID: 1.2.3\nmajorVersion: 128\nminorVersion: 74565\n");
}

TEST_CASE("registry round trips: every typed kind's OIDs were round-tripped above") {
    model::extension_kinds::each([](auto k) {
        using K = typename decltype(k)::type;
        if constexpr (requires { typename K::value; })
            for (const auto& id : K::ids) {
                CAPTURE(id.oid);
                CHECK(covered().count(id.oid) == 1);
            }
    });
}

TEST_CASE("a kind without a reader, and an unregistered OID, dump as hex") {
    auto ocsp = trip(oids::ocsp_nocheck.dotted(), model::raw_value{bytes{0x05, 0x00}});
    CHECK(ocsp.dump == "hex: 0500\n");
    auto other = trip("1.2.3.4", model::raw_value{bytes{0x04, 0x01, 0x2a}});
    CHECK(other.dump == "hex: 04012A\n");
}

TEST_CASE("a reader's decode failure is a dump error with the value as hex") {
    auto bad = trip(oids::basic_constraints.dotted(), model::raw_value{bytes{0x04, 0x00}});
    CHECK(bad.failed);
    CHECK(bad.dump == "error: BasicConstraints: does not match the ASN.1 type: unexpected tag\n"
          "hex: 0400\n");
}
