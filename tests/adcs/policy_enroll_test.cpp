// verbs/cep_client.hpp and verbs/enroll_from_policy.hpp: the client against
// a canned transport, and what a template of tests/data/adcs/xcep/policies.xml
// turns into: the [NewRequest], the template extension (exact DER), the CES
// endpoint chosen by authentication and priority, and why none fits.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "certreq/os/file.hpp"
#include "certreq/verbs/cep_client.hpp"
#include "certreq/verbs/enroll_from_policy.hpp"
#include "certreq/x509/extension.hpp"

#include "xcep_sample.hpp"

using namespace certreq;
namespace x = adcs::xcep;
namespace pe = verbs::policy_enroll;

namespace {

using xcep_test::sample;

x::policy_response policy() {
    auto r = x::read(sample());
    REQUIRE(r);
    return *r;
}

verbs::http::transport canned(int status, std::string type, std::string body, verbs::http::http_request* seen = nullptr) {
    return [=](const verbs::http::http_request& rq) {
        if (seen) *seen = rq;
        verbs::http::http_reply r;
        r.status = status;
        r.content_type = type;
        r.body.assign(body.begin(), body.end());
        return r;
    };
}

}  // namespace

namespace {

// der_of: the extnValue the DER writer makes for an extension's value.
bytes der_of(const model::extension_value& v) {
    auto der = x509::encode_extension_value(v);
    REQUIRE(der);
    return *der;
}

}  // namespace

TEST_CASE("certificate template information v2: the template's OID and revision, DER") {
    auto info = pe::template_information("1.3.6.1.4.1.311.21.8.1.2.3.4.17", 100, 4);
    REQUIRE(info);
    CHECK(der_of(*info) == bytes{0x30, 0x16, 0x06, 0x0e, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x08, 0x01, 0x02, 0x03,
                                 0x04, 0x11, 0x02, 0x01, 0x64, 0x02, 0x01, 0x04});
    auto big = pe::template_information("1.2.3", 128, 0x12345);
    REQUIRE(big);
    CHECK(der_of(*big) == bytes{0x30, 0x0d, 0x06, 0x02, 0x2a, 0x03, 0x02, 0x02, 0x00, 0x80, 0x02, 0x03, 0x01, 0x23, 0x45});
    CHECK(!pe::template_information("not.an.oid", 1, 0));
}

namespace {

// made: the request template `name` of the sample policy turns into, for `who`.
std::optional<model::request> made(const x::policy_template& t, bool machine, diagnostics& d,
                                   const model::requester_identity& who = {"web1.example.com", "alice", "", "", "", ""},
                                   std::string attrib = {}) {
    auto r = pe::template_request(t, machine, who, attrib, d);
    REQUIRE(r);
    return *r;
}

}  // namespace

namespace {

std::vector<std::string> oids_of(const model::request& r) {
    std::vector<std::string> out;
    for (auto& e : r.extensions) out.push_back(e.oid);
    return out;
}

}  // namespace

TEST_CASE("the request of a template: key algorithm and length, KeySpec, hash, subject flags, built in code") {
    auto p = policy();
    diagnostics d;
    // Schema 1: RSA 2048, KeySpec 1 (KeyUsage keyEncipherment), the template as CertificateTemplate and its name extension;
    // flags 0xa6000000: SAN e-mail and UPN, subject e-mail and directory path, from what the caller supplies.
    model::requester_identity full{"web1.example.com", "alice", "alice@example.com", "alice@example.com", "CN=alice,CN=Users,DC=example,DC=com", ""};
    auto user = made(*p.find("User"), false, d, full);
    REQUIRE(user);
    CHECK(d.items().empty());
    CHECK(user->key.algorithm == model::key_algorithm::rsa);
    CHECK(user->key.rsa_bits == 2048);
    CHECK(user->key_spec == 1);
    CHECK(user->hash == model::hash_algorithm::sha256);
    CHECK_FALSE(user->machine_key_set);
    REQUIRE(user->name_values.size() == 1);
    CHECK(user->name_values[0].name == "CertificateTemplate");
    CHECK(user->name_values[0].value == "User");
    REQUIRE(user->subject.rdns.size() == 5);  // the directory path's four RDNs, then the e-mail
    CHECK(user->subject.rdns[4][0].oid == "1.2.840.113549.1.9.1");
    CHECK(user->subject.rdns[4][0].value == "alice@example.com");
    CHECK(oids_of(*user) == std::vector<std::string>{"1.3.6.1.4.1.311.20.2", "2.5.29.17", "2.5.29.14", "2.5.29.15"});
    CHECK(std::get<model::key_usage>(user->extensions[3].value).flags == 0x20);
    // What a flag needs and the caller lacks: the INF's SubjectNameFlags message, no request.
    diagnostics lacking("template User (from the policy)");
    auto none = pe::template_request(*p.find("User"), false, {"web1.example.com", "alice", "", "", "", ""}, "", lacking);
    REQUIRE(none);
    CHECK(!*none);
    std::vector<std::string> said;
    for (auto& i : lacking.items()) said.push_back(i.message);
    CHECK(said == std::vector<std::string>{
        "SubjectNameFlags: CT_FLAG_SUBJECT_REQUIRE_DIRECTORY_PATH needs the directory name: set CERTREQ_SUBJECT_DN (Windows reads it from Active Directory)",
        "SubjectNameFlags: CT_FLAG_SUBJECT_REQUIRE_EMAIL needs an e-mail address: set CERTREQ_SUBJECT_EMAIL (Windows reads it from Active Directory)",
        "SubjectNameFlags: CT_FLAG_SUBJECT_ALT_REQUIRE_EMAIL needs an e-mail address: set CERTREQ_SUBJECT_EMAIL (Windows reads it from Active Directory)",
        "SubjectNameFlags: CT_FLAG_SUBJECT_ALT_REQUIRE_UPN needs a user principal name: set CERTREQ_SUBJECT_UPN (Windows reads it from Active Directory)"});

    // Schema 2, the enrollee supplies the subject (flag 1): CN = this host with -machine, in the machine store;
    // the template information first, the template's own KeyUsage (a0) instead of the default.
    auto web = made(*p.find("WebServer"), true, d);
    REQUIRE(web);
    CHECK(web->machine_key_set);
    CHECK(web->key_spec == 1);
    REQUIRE(web->subject.rdns.size() == 1);
    CHECK(web->subject.rdns[0][0].value == "web1.example.com");
    CHECK(web->name_values.empty());
    CHECK(oids_of(*web) == std::vector<std::string>{"2.5.29.14", "1.3.6.1.4.1.311.21.7", "2.5.29.15", "2.5.29.37"});
    CHECK(der_of(web->extensions[2].value) == bytes{0x03, 0x02, 0x05, 0xa0});
    // -attrib adds attributes; a CertificateTemplate among them adds its name extension, as -new
    // does for the attribute (the request from INF text did the same before it was built in code).
    auto attributed = made(*p.find("WebServer"), true, d, {"web1.example.com", "alice", "", "", "", ""}, "CertificateTemplate:Other\nSAN:dns=x");
    REQUIRE(attributed);
    CHECK(attributed->name_values.size() == 2);
    CHECK(oids_of(*attributed) ==
          std::vector<std::string>{"1.3.6.1.4.1.311.20.2", "2.5.29.14", "1.3.6.1.4.1.311.21.7", "2.5.29.15", "2.5.29.37"});

    // ECDSA P-256 with SHA-384, KeySpec 0: the KeyUsage digitalSignature default.
    auto ec = made(*p.find("ECDSAWebServer"), false, d);
    REQUIRE(ec);
    CHECK(ec->key.algorithm == model::key_algorithm::ec);
    CHECK(ec->key.ec_curve == model::curve::p256);
    CHECK(ec->hash == model::hash_algorithm::sha384);
    CHECK(ec->key_spec == 0);

    x::policy_template odd = *p.find("ECDSAWebServer");
    odd.key.algorithm_oid = "1.2.3.4";
    auto bad = pe::template_request(odd, false, {}, "", d);
    REQUIRE(!bad);
    CHECK(bad.err().message == "template ECDSAWebServer: public key algorithm 1.2.3.4 is not supported");
    CHECK(bad.err().hresult == core::hr::not_supported);
    odd = *p.find("User");
    odd.key.minimal_key_length = 1000;
    auto short_key = pe::template_request(odd, false, full, "", d);
    REQUIRE(!short_key);
    CHECK(short_key.err().message == "template User: minimal RSA key length 1000 is not 1024 to 8192 bits in whole bytes");
    // A template name with quotes and '%' is a value, never INF text.
    odd = *p.find("User");
    odd.common_name = "50% \"off\"";
    auto quoted = made(odd, false, d, full);
    REQUIRE(quoted);
    CHECK(quoted->name_values[0].value == "50% \"off\"");
}

TEST_CASE("the template's extensions: the template information first (schema 2+), then its own") {
    auto p = policy();
    auto web = pe::template_extensions(*p.find("WebServer"));
    REQUIRE(web);
    REQUIRE(web->size() == 3);
    CHECK((*web)[0].oid == "1.3.6.1.4.1.311.21.7");
    CHECK(der_of((*web)[0].value) == der_of(*pe::template_information("1.3.6.1.4.1.311.21.8.1.2.3.4.17", 100, 4)));
    CHECK((*web)[1].oid == "2.5.29.15");
    CHECK((*web)[1].critical);
    CHECK(std::get<model::raw_value>((*web)[1].value).der == bytes{0x03, 0x02, 0x05, 0xa0});
    CHECK((*web)[2].oid == "2.5.29.37");
    auto user = pe::template_extensions(*p.find("User"));  // schema 1: the name goes as CertificateTemplate
    REQUIRE(user);
    CHECK(user->empty());
}

TEST_CASE("the CES endpoint: the caller's authentication, lowest priority, no renewal-only URI") {
    auto p = policy();
    const auto* web = p.find("WebServer");
    auto k = pe::choose_endpoint(p, *web, x::auth::kerberos);
    REQUIRE(k.uri);
    CHECK(k.uri->uri == "https://ca1.example.com/Example-CA1_CES_Kerberos/service.svc/CES");
    auto u = pe::choose_endpoint(p, *web, x::auth::username_password);
    REQUIRE(u.uri);
    CHECK(u.uri->uri == "https://ca1.example.com/Example-CA1_CES_UsernamePassword/service.svc/CES");
    // CA 2's Certificate URI is renewal-only: not for a new enrollment.
    auto c = pe::choose_endpoint(p, *web, x::auth::certificate);
    CHECK(!c.uri);
    CHECK(c.problem == "template WebServer: its CAs take Kerberos, UsernamePassword authentication, and the options given use "
                       "Certificate (-Kerberos, -UserName with -p, -ClientCertificate or -Anonymous choose)");
    // A renewal may go there.
    auto renewal = pe::choose_endpoint(p, *web, x::auth::certificate, true);
    REQUIRE(renewal.uri);
    CHECK(renewal.uri->uri == "https://ca2.example.com/Example-CA2_CES_Certificate/service.svc/CES");
    auto none = pe::choose_endpoint(p, *p.find("ECDSAWebServer"), x::auth::kerberos);
    CHECK(!none.uri);
    CHECK(none.problem == "template ECDSAWebServer: the policy names no CA enrollment service for it");
    // Priorities: a lower number first, whatever the order in the answer; nil last.
    auto q = p;
    q.cas[0].uris[0].priority = 9;
    q.cas[0].uris.push_back({x::auth::kerberos, "https://ca3.example.com/X_CES_Kerberos/service.svc/CES", 3, false});
    q.cas[0].uris.push_back({x::auth::kerberos, "https://ca4.example.com/X_CES_Kerberos/service.svc/CES", std::nullopt, false});
    CHECK(pe::choose_endpoint(q, *q.find("WebServer"), x::auth::kerberos).uri->uri ==
          "https://ca3.example.com/X_CES_Kerberos/service.svc/CES");
    q.cas[0].uris = {{x::auth::kerberos, "https://ca.example.com/certsrv", 1, false}};
    CHECK(pe::choose_endpoint(q, *q.find("WebServer"), x::auth::kerberos).problem ==
          "template WebServer: its CAs' Kerberos URIs are not enrollment web services (https://ca.example.com/certsrv)");
}

TEST_CASE("get_policies: one POST of the GetPolicies envelope, the policy or a clear error") {
    verbs::cep::settings s;
    s.url = "https://cep.example/ADPolicyProvider_CEP_UsernamePassword/service.svc/CEP";
    s.credentials.user = "alice";
    s.credentials.password = "pw";
    s.username_token = true;
    verbs::http::http_request seen;
    auto r = verbs::cep::get_policies(canned(200, "application/soap+xml; charset=utf-8", sample(), &seen), s);
    REQUIRE(r);
    CHECK(r->policies.size() == 3);
    CHECK(seen.method == "POST");
    CHECK(seen.url == s.url);
    CHECK(seen.content_type == "application/soap+xml; charset=utf-8");
    CHECK(seen.credentials.kind == verbs::http::auth::scheme::none);  // the password is in the SOAP header only
    CHECK(seen.credentials.password.empty());
    std::string body(as_chars(seen.body));
    CHECK(body.find("<a:To s:mustUnderstand=\"1\">" + s.url + "</a:To>") != std::string::npos);
    CHECK(body.find("<o:Username>alice</o:Username>") != std::string::npos);
    CHECK(body.find("<preferredLanguage>en-US</preferredLanguage>") != std::string::npos);

    auto e = verbs::cep::get_policies(canned(401, "text/html", "<html>no</html>"), s);
    REQUIRE(!e);
    CHECK(e.err().message == "CEP " + s.url + ": the server refused the credentials (HTTP 401)");
    e = verbs::cep::get_policies(canned(200, "text/html", "<html><body>Sign in</body></html>"), s);
    REQUIRE(!e);
    CHECK(e.err().message == "CEP " + s.url + ": unexpected answer: HTTP 200, content type text/html, 33 bytes: "
                                               "\"<html><body>Sign in</body></html>\"");
    e = verbs::cep::get_policies(canned(500, "application/soap+xml", sample()), s);
    REQUIRE(!e);
    CHECK(e.err().message == "CEP " + s.url + ": HTTP 500 with a non-fault answer");
}

TEST_CASE("is_cep_url: the CEP endpoint form only") {
    CHECK(verbs::cep::is_cep_url("https://h/ADPolicyProvider_CEP_Kerberos/service.svc/CEP"));
    CHECK(verbs::cep::is_cep_url("https://h/ADPolicyProvider_CEP_Kerberos/service.svc/cep/"));
    CHECK(!verbs::cep::is_cep_url("https://h/CA_CES_Kerberos/service.svc/CES"));
    CHECK(!verbs::cep::is_cep_url("ftp://h/x/service.svc/CEP"));
    CHECK(!verbs::cep::is_cep_url("https://h/service.svc/CEPx"));
}

TEST_CASE("enroll stops before any key or request when the policy does not fit") {
    auto run = [](const std::string& body, const std::string& name, std::uint32_t kind, bool password) {
        pe::settings s;
        s.policy.url = "https://cep.example/ADPolicyProvider_CEP_UsernamePassword/service.svc/CEP";
        s.policy.username_token = password;
        s.auth_kind = kind;
        std::vector<std::string> urls;
        verbs::http::transport t = [&, body](const verbs::http::http_request& rq) {
            urls.push_back(rq.url);
            verbs::http::http_reply r;
            r.status = 200;
            r.content_type = "application/soap+xml; charset=utf-8";
            r.body.assign(body.begin(), body.end());
            return r;
        };
        auto r = pe::enroll(t, s, name, nullptr, nullptr, {});
        CHECK(urls == std::vector<std::string>{s.policy.url});  // the policy only: no CES request
        CHECK(!r.request);                                        // no key made
        return r;
    };
    const std::string p = sample();
    auto r = run(p, "Nope", x::auth::kerberos, false);
    CHECK(r.error == "template 'Nope' is not in the policy of https://cep.example/ADPolicyProvider_CEP_UsernamePassword/"
                     "service.svc/CEP (it offers User, WebServer, ECDSAWebServer)");
    CHECK(r.hresult == core::hr::not_found);
    std::string denied = p;
    denied.replace(denied.find("<enroll>true</enroll>"), 21, "<enroll>false</enroll>");
    r = run(denied, "User", x::auth::kerberos, false);
    CHECK(r.error == "template User: the policy does not give you enroll permission");
    CHECK(r.hresult == core::hr::access_denied);
    // A password never goes to a CES over plain http.
    std::string plain = p;
    auto at = plain.find("https://ca1.example.com/Example-CA1_CES_UsernamePassword");
    plain.replace(at, 8, "http://");
    r = run(plain, "WebServer", x::auth::username_password, true);
    CHECK(r.error == "template WebServer: its CES URI http://ca1.example.com/Example-CA1_CES_UsernamePassword/service.svc/CES "
                     "is not https://, and the password is sent over https:// only");
    r = run(p, "ECDSAWebServer", x::auth::kerberos, false);
    CHECK(r.error == "template ECDSAWebServer: the policy names no CA enrollment service for it");
    CHECK(r.hresult == core::hr::not_supported);
}
