// verbs/run_adcs.hpp and verbs/adcs_credentials.hpp through the functions
// the driver calls: which authentication the options choose (and refuse),
// what Web Enrollment's answers turn into (the lines scripts parse, the
// disposition, the files), against a canned transport that records what
// was asked. The end-to-end runs against a real HTTPS service are the
// driver's adcs suite.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "certreq/os/file.hpp"
#include "certreq/verbs/run_adcs.hpp"
#include "certreq/verbs/run_ca.hpp"
#include "scratch.hpp"

using namespace certreq;
using scheme = verbs::http::auth::scheme;

namespace {

struct reply {
    int status;
    std::string type;
    std::string body;
};

// replaying answers `replies` in order and keeps every request.
struct replaying {
    std::vector<reply> replies;
    std::vector<verbs::http::http_request> seen;
    verbs::http::transport transport() {
        return [this](const verbs::http::http_request& rq) {
            seen.push_back(rq);
            verbs::http::http_reply r;
            REQUIRE(seen.size() <= replies.size());
            auto& a = replies[seen.size() - 1];
            r.status = a.status, r.content_type = a.type, r.body.assign(a.body.begin(), a.body.end());
            return r;
        };
    }
};

verbs::adcs_auth_options user_and_password() {
    verbs::adcs_auth_options o;
    o.username = "alice";
    o.password_given = true;
    o.password = "s3cret-pw";
    return o;
}

}  // namespace

TEST_CASE("adcs_credentials_for: one authentication, a password over https:// only, -attrib as pairs") {
    verbs::report rep;
    auto kerb = verbs::adcs_credentials_for("https://ca/certsrv", {}, {}, {}, rep);
    REQUIRE(kerb);
    CHECK(kerb->credentials.kind == scheme::negotiate);  // certreq.exe's default
    CHECK(kerb->auth_kind() == adcs::xcep::auth::kerberos);
    verbs::adcs_auth_options anon;
    anon.anonymous = true;
    anon.attrib = "CertificateTemplate:WebServer\\nSAN:dns=a.example";
    auto a = verbs::adcs_credentials_for("https://ca/certsrv", anon, {}, {}, rep);
    REQUIRE(a);
    CHECK(a->credentials.kind == scheme::none);
    CHECK(a->auth_kind() == adcs::xcep::auth::anonymous);
    CHECK(a->attributes == std::vector<std::pair<std::string, std::string>>{{"CertificateTemplate", "WebServer"}, {"SAN", "dns=a.example"}});
    auto p = verbs::adcs_credentials_for("https://ca/certsrv", user_and_password(), {}, {}, rep);
    REQUIRE(p);
    CHECK(p->password);
    CHECK(p->credentials.user == "alice");
    CHECK(p->auth_kind() == adcs::xcep::auth::username_password);
    CHECK(rep.lines.empty());

    auto refused = [](const std::string& url, const verbs::adcs_auth_options& o) {
        verbs::report r;
        CHECK(!verbs::adcs_credentials_for(url, o, {}, {}, r));
        REQUIRE(r.failed);
        CHECK(*r.failed == core::hr::invalid_parameter);
        CHECK(r.results().empty());
        return r.messages();
    };
    auto both = user_and_password();
    both.kerberos = true;
    CHECK(refused("https://ca/certsrv", both) == "certreq: choose one of -Kerberos, -UserName, -ClientCertificate and -Anonymous\n");
    verbs::adcs_auth_options no_user;
    no_user.password_given = true;
    no_user.password = "s3cret-pw";
    CHECK(refused("https://ca/certsrv", no_user) == "certreq: -p is the password for -UserName, which is missing\n");
    auto no_password = user_and_password();
    no_password.password_given = false;
    CHECK(refused("https://ca/certsrv", no_password) == "certreq: -UserName needs -p (certreq does not prompt for a password)\n");
    auto plain = refused("http://ca/certsrv", user_and_password());
    CHECK(plain == "certreq: -UserName/-p: the password is sent over https:// only\n");
    CHECK(plain.find("s3cret-pw") == std::string::npos);
    verbs::adcs_auth_options bad_attrib;
    bad_attrib.attrib = "NoColon";
    CHECK(refused("https://ca/certsrv", bad_attrib).rfind("certreq: ", 0) == 0);
}

TEST_CASE("run_adcs_retrieve from Web Enrollment: pending, denied, issued with the files written") {
    scratch_stores dir;
    verbs::run_options ro;
    REQUIRE(verbs::run_ca({"INIT"}, dir / "ca", {}, ro).ok());
    auto ca_der = os::read_file(dir / "ca/ca.cer");
    REQUIRE(ca_der);
    const std::string url = "https://ca.example/certsrv";

    replaying pending{{{200, "text/html", "<b>Certificate Pending</b><P>Your Request Id is 7.</P>"}}, {}};
    auto r = verbs::run_adcs_retrieve(pending.transport(), url, "0x7", {dir / "p.cer"}, user_and_password(), ro);
    CHECK(r.ok());
    CHECK(r.results() == "RequestId: 7\nRequestId: \"7\"\nCertificate request is pending: Taken Under Submission\n");
    CHECK(r.disposition == 3);
    REQUIRE(pending.seen.size() == 1);
    CHECK(pending.seen[0].method == "GET");
    CHECK(pending.seen[0].url == "https://ca.example/certsrv/certnew.cer?ReqID=7&Enc=b64");
    CHECK(pending.seen[0].credentials.user == "alice");
    CHECK(pending.seen[0].credentials.kind == scheme::basic_or_ntlm);  // whichever the server offers
    CHECK(!os::exists(dir / "p.cer"));

    replaying denied{{{200, "text/html",
                       "<b>Certificate Request Denied</b><P>Your Request Id is 8. The disposition message is \"Denied by the CA "
                       "administrator 0x80094014 (-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)\".</P>"}},
                     {}};
    r = verbs::run_adcs_retrieve(denied.transport(), url, "8", {dir / "d.cer"}, {}, ro);
    CHECK(r.ok());
    CHECK(r.results() == "RequestId: 8\nRequestId: \"8\"\nCertificate not issued (Denied) Denied by the CA administrator "
                         "0x80094014 (-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)\n");
    CHECK(r.disposition == 4);
    CHECK(denied.seen.at(0).credentials.kind == scheme::negotiate);

    std::string cert(as_chars(*ca_der));
    replaying issued{{{200, "application/pkix-cert", cert}}, {}};
    auto o = verbs::run_options{};
    o.output.binary = true;
    r = verbs::run_adcs_retrieve(issued.transport(), url, "9", {dir / "i.cer"}, {}, o);
    CHECK(r.ok());
    CHECK(r.results() == "RequestId: 9\nRequestId: \"9\"\nCertificate retrieved(Issued) Issued\n");
    CHECK(r.disposition == 0);
    auto written = os::read_file(dir / "i.cer");
    REQUIRE(written);
    CHECK(*written == *ca_der);

    // A chain was asked for and the page sent none: the disposition, then the failure; no file.
    replaying no_chain{{{200, "application/pkix-cert", cert}, {200, "text/plain", ""}}, {}};
    r = verbs::run_adcs_retrieve(no_chain.transport(), url, "9", {dir / "n.cer", dir / "n.p7b"}, {}, o);
    CHECK(!r.ok());
    CHECK(!os::exists(dir / "n.cer"));
    CHECK(!os::exists(dir / "n.p7b"));
}

TEST_CASE("run_adcs_* refuse before any request: a bad RequestId, an existing output, a password over http://") {
    scratch_stores dir;
    verbs::run_options ro;
    replaying none{{}, {}};
    auto r = verbs::run_adcs_retrieve(none.transport(), "https://ca/certsrv", "seven", {dir / "x.cer"}, {}, ro);
    REQUIRE(r.failed);
    CHECK(*r.failed == core::hr::invalid_parameter);
    CHECK(r.messages() == "certreq: RequestId: expected a number (7 or 0x7), got \"seven\"\n");
    r = verbs::run_adcs_submit(none.transport(), "http://ca/certsrv", dir / "x.req", {dir / "x.cer"}, user_and_password(), ro);
    REQUIRE(r.failed);
    CHECK(r.messages() == "certreq: -UserName/-p: the password is sent over https:// only\n");
    verbs::policy_enroll_target what{"https://ca/certsrv", "WebServer", false, std::nullopt};
    r = verbs::run_policy_enroll(none.transport(), what, {}, {}, ro);
    REQUIRE(r.failed);
    CHECK(r.messages().rfind("certreq: -PolicyServer: expected an enrollment policy service URL", 0) == 0);
    what = {"https://h/ADPolicyProvider_CEP_Kerberos/service.svc/CEP", "WebServer", true, std::nullopt};
    r = verbs::run_policy_enroll(none.transport(), what, {}, {}, ro);
    CHECK(r.messages() == "certreq: -enroll takes -config or -PolicyServer, not both (the policy names the CAs)\n");
    CHECK(none.seen.empty());
}
