// fuzz/adcs_policy.cpp: any bytes as what an AD CS enrollment policy service
// (CEP, MS-XCEP) answers, through adcs::xcep::read. Checks: a policy or an
// error, never both; every reference in a policy resolves (templates name
// CAs the answer holds; the CAs' URIs exist); lists stay within the limits;
// an error says why in a bounded message and carries an HRESULT. Each
// template also goes through the request making that does not touch keys
// (verbs/enroll_from_policy.hpp: the [NewRequest], the template extensions,
// the CES endpoint choice for every authentication kind).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/adcs/xcep_response.hpp"
#include "certreq/verbs/enroll_from_policy.hpp"
#include "certreq/x509/extension.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    namespace x = certreq::adcs::xcep;
    namespace pe = certreq::verbs::policy_enroll;
    if (size > certreq::fuzz::max_input) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const x::limits lim;

    auto r = x::read(text, lim);
    if (!r) {
        expect(!r.err().message.empty() && r.err().message.size() < 1500, "an error says why, bounded");
        expect(r.err().hresult != 0, "an error carries an HRESULT");
        return 0;
    }
    expect(r->policies.size() <= lim.max_policies && r->cas.size() <= lim.max_cas && r->oids.size() <= lim.max_oids,
           "collections stay within the limits");
    for (auto& ca : r->cas) expect(!ca.uris.empty() && ca.uris.size() <= lim.max_uris, "a CA has 1..max_uris URIs");
    for (auto& t : r->policies) {
        expect(!t.common_name.empty() && t.common_name.size() <= lim.max_text, "a template has a bounded name");
        for (auto ref : t.ca_references) expect(r->ca(ref) != nullptr, "a template's CA reference resolves");
        expect(r->find(t.common_name) != nullptr, "a template is found by its own name");
        certreq::diagnostics d;
        const certreq::model::requester_identity who{"host.example.com", "user", "user@example.com", "user@example.com",
                                                     "CN=user,DC=example,DC=com", "{01234567-89ab-cdef-0123-456789abcdef}"};
        auto made = pe::template_request(t, false, who, "", d);
        if (!made) expect(!made.err().message.empty(), "a template that cannot be made says why");
        else if (*made)
            for (auto& e : (*made)->extensions)
                // The SubjectKeyIdentifier is a placeholder until the key is made (verbs/new.ipp).
                expect(e.oid == certreq::oids::subject_key_identifier.dotted() || certreq::x509::encode_extension_value(e.value).has_value(),
                       "every extension of a template's request encodes");
        else expect(d.has_errors(), "no request without an error");
        (void)pe::template_extensions(t);
        for (std::uint32_t a : {1u, 2u, 4u, 8u}) {
            auto e = pe::choose_endpoint(*r, t, a);
            expect(e.uri.has_value() != !e.problem.empty(), "an endpoint or a reason, never both");
            if (e.uri) expect(e.uri->client_authentication == a && !e.uri->renewal_only, "the endpoint fits the authentication");
        }
    }
    return 0;
}
