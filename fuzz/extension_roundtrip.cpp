// fuzz/extension_roundtrip.cpp: extension model -> DER (x509/extensions/) ->
// libtasn1 -> the same values. The model comes from the {text} grammars
// (byte 0 picks the OID as in text_extension, the rest is the body), or, for
// KeyUsage, from bytes 1-2 as the Windows flags. Every field the model holds
// is read back from the decoded DER and compared.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/model/text_extensions.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/x509/name.hpp"
#include "extension_oids.hpp"
#include "text_input.hpp"

namespace {
using certreq::fuzz::expect;
namespace asn1 = certreq::asn1;
namespace model = certreq::model;

std::string at(const std::string& base, std::size_t i) { return base + (base.empty() ? "?" : ".?") + std::to_string(i + 1); }
std::string chars(certreq::byte_view b) { return std::string(certreq::as_chars(b)); }

// check_general_name compares GeneralName `path` of `dec` with `want`.
void check_general_name(const asn1::decoded& dec, const std::string& path, const model::general_name& want) {
    auto alt = dec.choice(path);
    expect(alt.has_value(), "GeneralName has an alternative");
    auto content = [&](const char* name) {
        expect(*alt == name, "GeneralName alternative matches the model");
        auto t = dec.element(path + "." + name);
        expect(t.has_value(), "GeneralName alternative present");
        return t->content;
    };
    std::visit([&](const auto& g) {
        using T = std::decay_t<decltype(g)>;
        if constexpr (std::is_same_v<T, model::other_name>) {
            expect(*alt == "otherName", "otherName alternative");
            expect(dec.oid(path + ".otherName.type-id") == g.type_oid, "otherName type-id unchanged");
            auto v = dec.element(path + ".otherName.value");
            expect(v && v->is(asn1::tag_class::context, 0), "otherName value is [0]");
            expect(chars(v->content) == chars(g.value_der), "otherName value unchanged");
        } else if constexpr (std::is_same_v<T, model::rfc822_name>) {
            expect(chars(content("rfc822Name")) == g.value, "rfc822Name unchanged");
        } else if constexpr (std::is_same_v<T, model::dns_name>) {
            expect(chars(content("dNSName")) == g.value, "dNSName unchanged");
        } else if constexpr (std::is_same_v<T, model::uri_name>) {
            expect(chars(content("uniformResourceIdentifier")) == g.value, "URI unchanged");
        } else if constexpr (std::is_same_v<T, model::ip_address>) {
            expect(chars(content("iPAddress")) == chars(g.octets), "iPAddress unchanged");
        } else if constexpr (std::is_same_v<T, model::registered_id>) {
            expect(asn1::oid_string(content("registeredID")) == g.oid, "registeredID unchanged");
        } else {
            auto name = certreq::x509::encode_name(g.value);
            expect(name.has_value(), "directoryName encodes");
            expect(chars(content("directoryName")) == chars(*name), "directoryName unchanged");
        }
    }, want);
}

void check_general_names(const asn1::decoded& dec, const std::string& path, const model::general_names& want,
                         const char* suffix = "") {
    expect(dec.count(path) == want.size(), "same number of GeneralNames");
    for (std::size_t i = 0; i < want.size(); ++i) check_general_name(dec, at(path, i) + suffix, want[i]);
}

asn1::decoded decode(const char* type, certreq::byte_view der) {
    auto r = asn1::decode(asn1::module::pkix, type, der);
    if (!r && certreq::asn1::over_limit(r.error)) throw certreq::fuzz::out_of_scope{};
    if (!r) std::fprintf(stderr, "%s\n", r.error.message.c_str());
    expect(bool(r), "the encoded value decodes as its ASN.1 type");
    return std::move(*r.value);
}

void check(const model::extension_value& v, certreq::byte_view der) {
    std::visit([&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, model::raw_value>) {
            expect(chars(der) == chars(m.der), "raw values are written verbatim");
        } else if constexpr (std::is_same_v<T, model::alt_name>) {
            check_general_names(decode("GeneralNames", der), "", m.names);
        } else if constexpr (std::is_same_v<T, model::extended_key_usage>) {
            auto d = decode("ExtKeyUsageSyntax", der);
            expect(d.count("") == m.oids.size(), "same number of key purposes");
            for (std::size_t i = 0; i < m.oids.size(); ++i) expect(d.oid(at("", i)) == m.oids[i], "key purpose unchanged");
        } else if constexpr (std::is_same_v<T, model::basic_constraints>) {
            auto d = decode("BasicConstraints", der);
            expect(d.boolean("cA").value_or(false) == m.ca, "cA unchanged");
            auto len = d.small_int("pathLenConstraint");
            expect(len.has_value() == m.path_length.has_value() && (!len || *len == std::int64_t(*m.path_length)),
                   "pathLenConstraint unchanged");
        } else if constexpr (std::is_same_v<T, model::key_usage>) {
            auto d = decode("KeyUsage", der);
            auto bits = d.bits("");
            expect(bits.has_value(), "KeyUsage bits");
            for (unsigned i = 0; i < 16; ++i) {
                bool want = i < 8 ? (m.flags & (0x80u >> i)) : (m.flags & (0x8000u >> (i - 8)));
                expect(bits->bit(i) == want, "KeyUsage bit unchanged");
            }
        } else if constexpr (std::is_same_v<T, model::certificate_policies>) {
            auto d = decode("CertificatePolicies", der);
            expect(d.count("") == m.policies.size(), "same number of policies");
            for (std::size_t i = 0; i < m.policies.size(); ++i) {
                const auto& p = m.policies[i];
                const std::string pi = at("", i);
                expect(d.oid(pi + ".policyIdentifier") == p.oid, "policy OID unchanged");
                expect(d.count(pi + ".policyQualifiers") == p.qualifiers.size(), "same number of qualifiers");
                for (std::size_t j = 0; j < p.qualifiers.size(); ++j) {
                    const std::string q = at(pi + ".policyQualifiers", j);
                    const bool cps = p.qualifiers[j].type == model::policy_qualifier::kind::cps;
                    expect(d.oid(q + ".policyQualifierId") == (cps ? "1.3.6.1.5.5.7.2.1" : "1.3.6.1.5.5.7.2.2"),
                           "qualifier id unchanged");
                    auto body = d.element(q + ".qualifier");
                    expect(body.has_value(), "qualifier present");
                    if (cps) {
                        expect(body->is_universal(22) && chars(body->content) == p.qualifiers[j].text, "CPS URI unchanged");
                    } else {
                        auto un = decode("UserNotice", body->whole);
                        expect(un.text("explicitText") == p.qualifiers[j].text, "explicitText unchanged");
                    }
                }
            }
        } else if constexpr (std::is_same_v<T, model::name_constraints>) {
            auto d = decode("NameConstraints", der);
            check_general_names(d, "permittedSubtrees", m.permitted, ".base");
            check_general_names(d, "excludedSubtrees", m.excluded, ".base");
        } else if constexpr (std::is_same_v<T, model::policy_mappings>) {
            auto d = decode("PolicyMappings", der);
            expect(d.count("") == m.mappings.size(), "same number of mappings");
            for (std::size_t i = 0; i < m.mappings.size(); ++i) {
                expect(d.oid(at("", i) + ".issuerDomainPolicy") == m.mappings[i].issuer_domain, "issuer policy unchanged");
                expect(d.oid(at("", i) + ".subjectDomainPolicy") == m.mappings[i].subject_domain, "subject policy unchanged");
            }
        }
        // policy_constraints, subject_key_identifier, smime_capabilities have no {text} form here.
    }, v);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || size > certreq::fuzz::max_input) return 0;
    const auto oid = certreq::fuzz::pick_extension(data[0]);
    model::extension_value value;
    if (oid == "2.5.29.15") {
        if (size < 3) return 0;
        value = model::key_usage{std::uint16_t(data[1] | (data[2] & 0x80) << 8)};
    } else {
        std::string text = certreq::fuzz::body_only(data[0]) ? "{text}" : "";
        text.append(reinterpret_cast<const char*>(data + 1), size - 1);
        certreq::diagnostics d;
        auto v = model::parse_extension_value(oid, certreq::located_text(std::move(text), {1, 1}), d);
        if (!v || v->absent) return 0;
        value = std::move(v->value);
    }
    auto der = certreq::x509::encode_extension_value(value);
    if (!der) return 0;  // reported by check_extensions (text_extension checks that)
    try {
        check(value, *der);
    } catch (const certreq::fuzz::out_of_scope&) {  // more list elements than decode() takes
    }
    return 0;
}
