// The SCEP pieces the verbs took over from the driver that need no server:
// the CA -enroll fetched stands in for an INF's missing CACerts and
// CACapabilities (verbs/new_scep.hpp read_scep_ca), and certreq's
// disposition lines with their opt-in exit codes (verbs/scep_transaction.hpp).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "certreq/inf/read.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/scep_transaction.hpp"

using namespace certreq;

namespace {

bytes self_signed(const std::string& cn) {
    verbs::new_options opt;
    opt.now = 1700000000;
    std::string inf = "[NewRequest]\nSubject = \"CN=" + cn + "\"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n";
    auto n = verbs::build_new(as_bytes(inf), "ca.inf", opt);
    REQUIRE(n.ok);
    return n.der;
}

std::optional<verbs::scep_ca> read(const std::string& inf, const verbs::scep_ca* server, diagnostics& d) {
    auto r = inf::read(as_bytes(inf), "x.inf");
    REQUIRE_FALSE(r.diags.has_errors());
    auto ca = verbs::read_scep_ca(r.doc, "x.inf", d, server);
    return ca;
}

}  // namespace

TEST_CASE("read_scep_ca: the server's CA where the INF names none; the INF's own values first") {
    verbs::scep_ca server{{self_signed("ca one"), self_signed("ca two")}, 0, scep::parse_capabilities("AES\nSHA-256\nRenewal")};
    diagnostics d("x.inf");
    auto both = read("[NewRequest]\nRequestType = SCEP\n", &server, d);
    REQUIRE(both);
    CHECK(both->certs == server.certs);
    CHECK(both->recipient == 0);
    CHECK(both->caps.keywords == server.caps.keywords);
    CHECK(both->caps.aes);

    auto caps = read("[NewRequest]\nRequestType = SCEP\nCACapabilities = \"DES3 SHA-1\"\n", &server, d);
    REQUIRE(caps);
    CHECK(caps->certs == server.certs);
    CHECK(caps->caps.keywords == std::vector<std::string>{"DES3", "SHA-1"});
    CHECK_FALSE(caps->caps.aes);

    // CAThumbprint chooses among the server's certificates.
    std::string second = store::to_hex(mbed::sha1(server.certs[1]));
    auto chosen = read("[NewRequest]\nRequestType = SCEP\nCAThumbprint = " + second + "\n", &server, d);
    REQUIRE(chosen);
    CHECK(chosen->recipient == 1);
    CHECK(d.items().empty());

    auto wrong = read("[NewRequest]\nRequestType = SCEP\nCAThumbprint = 00ff\n", &server, d);
    CHECK_FALSE(wrong);
    REQUIRE(d.items().size() == 1);
    CHECK(d.format(d.items()[0]) == "x.inf:3:16: error: CAThumbprint: no certificate in CACerts has the thumbprint 00ff\n");

    diagnostics alone("x.inf");
    CHECK_FALSE(read("[NewRequest]\nRequestType = SCEP\n", nullptr, alone));
    REQUIRE(alone.items().size() == 1);
    CHECK(alone.format(alone.items()[0]) == "x.inf:2:15: error: RequestType = SCEP needs CACerts = <file with the CA/RA "
                                             "certificate(s), as GetCACert returns them>\n");

    diagnostics missing("x.inf");
    CHECK_FALSE(read("[NewRequest]\nRequestType = SCEP\nCACerts = /nonexistent/ca.p7b\n", &server, missing));
    REQUIRE(missing.items().size() == 1);
    CHECK(missing.format(missing.items()[0]).rfind("x.inf:3:11: error: CACerts: cannot open /nonexistent/ca.p7b", 0) == 0);
}

TEST_CASE("say_disposition: certreq's lines for SUCCESS, PENDING and FAILURE, and the opt-in exit codes") {
    verbs::scep_client::outcome o;
    o.transaction_id = "ABC";
    o.status = scep::pki_status::success;
    verbs::report ok;
    verbs::scep_run::say_disposition(ok, o);
    CHECK(ok.results() == "RequestId: ABC\nRequestId: \"ABC\"\nCertificate retrieved(Issued) Issued\n");
    CHECK(ok.disposition == 0);

    o.status = scep::pki_status::pending;
    verbs::report pending;
    verbs::scep_run::say_disposition(pending, o);
    CHECK(pending.results() == "RequestId: ABC\nRequestId: \"ABC\"\nCertificate request is pending: Taken Under Submission\n");
    CHECK(pending.disposition == 3);
    CHECK(pending.ok());

    o.status = scep::pki_status::failure;
    o.fail_info = "badRequest";
    verbs::report denied;
    verbs::scep_run::say_disposition(denied, o);
    CHECK(denied.results() == "RequestId: ABC\nRequestId: \"ABC\"\nCertificate not issued (Denied) SCEP failInfo: badRequest\n");
    CHECK(denied.disposition == 4);
    o.fail_info_text = "unknown challenge";
    verbs::report told;
    verbs::scep_run::say_disposition(told, o);
    CHECK(told.results().find("SCEP failInfo: badRequest (unknown challenge)\n") != std::string::npos);
}
