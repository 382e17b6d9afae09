// The extension registry (model/extension_registry.hpp): each row's OID is in
// the OID registry and appears once; the {text} forms, the local CA's policy
// and the writing order it derives are the ones certreq had as separate lists.
#include "certreq/model/extension_order.hpp"
#include "certreq/model/extension_registry.hpp"
#include "certreq/model/sections.hpp"
#include "certreq/model/text_extensions.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <type_traits>
#include <variant>

#include "certreq/oids/registry.hpp"
#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;

namespace {

std::string joined(local_ca which) {
    std::string r;
    for (const auto& id : extension_ids)
        if (id.ca == which) r.append(r.empty() ? "" : " ").append(id.oid);
    return r;
}

}  // namespace

TEST_CASE("every registered OID is in the OID registry, once") {
    std::set<std::string_view> seen;
    for (const auto& id : extension_ids) {
        CAPTURE(id.oid);
        CHECK(oids::find(id.oid) != nullptr);
        CHECK(seen.insert(id.oid).second);
        CHECK(find_extension(id.oid) == &id);
    }
    CHECK(extension_ids.size() == 25);
    CHECK(find_extension("1.2.3.4") == nullptr);
}

TEST_CASE("the {text} forms, in the order the fuzz targets pick them") {
    std::string forms;
    for (const auto& id : extension_ids)
        if (!id.text_name.empty()) forms.append(id.oid).append("=").append(id.text_name).append(" ");
    CHECK(forms ==
          "2.5.29.17=SubjectAltName 2.5.29.18=IssuerAltName 2.5.29.37=EnhancedKeyUsage 2.5.29.19=BasicConstraints "
          "2.5.29.32=CertificatePolicies 1.3.6.1.4.1.311.21.10=ApplicationPolicies 2.5.29.30=NameConstraints "
          "2.5.29.33=PolicyMappings 1.3.6.1.4.1.311.21.11=ApplicationPolicyMappings ");
    CHECK(text_form_name(oids::issuer_alt_name.dotted()) == "IssuerAltName");
    CHECK(text_form_name(oids::key_usage.dotted()).empty());
}

TEST_CASE("the local CA's policy: what it copies, writes itself and drops") {
    CHECK(joined(local_ca::copies) ==
          "2.5.29.17 2.5.29.37 2.5.29.19 2.5.29.32 1.3.6.1.4.1.311.21.10 2.5.29.30 2.5.29.33 1.3.6.1.4.1.311.21.11 "
          "2.5.29.15 2.5.29.36 1.3.6.1.4.1.311.21.12 1.2.840.113549.1.9.15 1.3.6.1.4.1.311.20.2 1.3.6.1.4.1.311.21.7 "
          "1.3.6.1.5.5.7.48.1.5 1.3.6.1.5.5.7.1.24");
    CHECK(joined(local_ca::writes) == "2.5.29.14 2.5.29.35 2.5.29.31 1.3.6.1.5.5.7.1.1");
    CHECK(joined(local_ca::drops) == "2.5.29.18 1.3.6.1.5.5.7.1.11 2.5.29.54 2.5.29.20 2.5.29.21");
}

TEST_CASE("the writing order's groups come from the registry rows") {
    auto rank = [](std::string_view oid, bool defaulted = false) {
        return certreq_rank(extension{std::string(oid), false, raw_value{}, {}, defaulted});
    };
    CHECK(rank(oids::ms_certificate_template_name.dotted()) == 0);
    CHECK(rank(oids::ms_certificate_template.dotted()) == 0);
    CHECK(rank(oids::key_usage.dotted()) == 1);
    CHECK(rank(oids::subject_alt_name.dotted()) == 2);
    CHECK(rank("1.2.3.4") == 2);
    CHECK(rank(oids::basic_constraints.dotted()) == 3);
    CHECK(rank(oids::authority_key_identifier.dotted()) == 4);
    CHECK(rank(oids::subject_key_identifier.dotted()) == 5);
    CHECK(rank(oids::subject_key_identifier.dotted(), true) == 5);
    CHECK(rank(oids::key_usage.dotted(), true) == 6);
}

TEST_CASE("the value variant: raw DER first, then each typed kind's value") {
    using V = extension_value;
    static_assert(std::is_same_v<std::variant_alternative_t<0, V>, raw_value>);
    CHECK(std::variant_size_v<V> == 13);
    std::size_t typed = 0;
    extension_kinds::each([&](auto k) {
        using K = typename decltype(k)::type;
        if constexpr (requires { typename K::value; }) {
            ++typed;
            CHECK(V(typename K::value{}).index() == typed);
        }
    });
    CHECK(typed == 12);
}

TEST_CASE("a kind without a {text} grammar says so; KeyUsage points at KeyUsage =") {
    diagnostics d;
    CHECK_FALSE(parse_extension_value(oids::policy_constraints.dotted(), located_text("{text}a=1", {3, 12}), d));
    CHECK_FALSE(parse_extension_value(oids::key_usage.dotted(), located_text("{text}a=1", {4, 12}), d));
    REQUIRE(d.items().size() == 2);
    CHECK(d.items()[0].message == "extension 2.5.29.36 has no {text} form: give its DER as base64 or {hex}");
    CHECK(d.items()[1].message.starts_with("KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest]"));
}

TEST_CASE("the INF sections: each kind lists its sections and the OID each writes") {
    std::string forms;
    extension_kinds::each([&](auto k) {
        using K = typename decltype(k)::type;
        if constexpr (requires { K::sections; })
            for (const auto& f : K::sections) {
                bool own = false;  // the OID is one of the kind's rows
                for (const auto& id : K::ids) own = own || id.oid == f.oid;
                CAPTURE(f.name);
                CHECK(own);
                forms.append(f.name).append("=").append(f.oid).append(" ");
            }
    });
    CHECK(forms ==
          "EnhancedKeyUsageExtension=2.5.29.37 BasicConstraintsExtension=2.5.29.19 "
          "PolicyStatementExtension=2.5.29.32 ApplicationPolicyStatementExtension=1.3.6.1.4.1.311.21.10 "
          "NameConstraintsExtension=2.5.29.30 PolicyMappingsExtension=2.5.29.33 "
          "ApplicationPolicyMappingsExtension=1.3.6.1.4.1.311.21.11 PolicyConstraintsExtension=2.5.29.36 "
          "ApplicationPolicyConstraintsExtension=1.3.6.1.4.1.311.21.12 ");
    CHECK(is_extension_section("basicconstraintsextension"));
    CHECK_FALSE(is_extension_section("CRLDistributionPoint"));
    static constexpr std::string_view too_few[] = {"EnhancedKeyUsageExtension"};
    static_assert(!lists_every_extension_section(too_few));
}

TEST_CASE("a section is lowered by the kind that lists it, whatever the case of its name") {
    auto doc = test::mini_inf("[applicationpolicymappingsextension]\nCritical = true\n1.2.3 = 1.2.4\n");
    diagnostics d;
    section_refs refs;
    auto x = lower_extension_section(doc, "ApplicationPolicyMappingsExtension", refs, d);
    REQUIRE(x);
    CHECK(test::messages(d) == "");
    CHECK(x->oid == "1.3.6.1.4.1.311.21.11");
    CHECK(x->critical);
    auto& pm = std::get<policy_mappings>(x->value);
    REQUIRE(pm.mappings.size() == 1);
    CHECK(pm.mappings[0].issuer_domain == "1.2.3");
    CHECK(pm.mappings[0].subject_domain == "1.2.4");
    CHECK_FALSE(lower_extension_section(doc, "PolicyMappingsExtension", refs, d));  // absent: nothing, no message
    CHECK(d.items().empty());
}

TEST_CASE("a bad Critical= drops the extension after the kind reported its own errors") {
    auto doc = test::mini_inf("[BasicConstraintsExtension]\nCritical = maybe\nPathLength = x\n");
    diagnostics d;
    section_refs refs;
    CHECK_FALSE(lower_extension_section(doc, "BasicConstraintsExtension", refs, d));
    CHECK(d.items().size() == 2);
    CHECK(test::messages(d).find("Critical") != std::string::npos);
    CHECK(test::messages(d).find("PathLength") != std::string::npos);
}
