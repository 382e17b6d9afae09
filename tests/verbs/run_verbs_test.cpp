// The verbs end to end through their run_* functions, as the driver calls
// them: paths in, a report out (the exact lines scripts parse, the failure's
// HRESULT). A local CA and both stores live in a scratch directory.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "certreq/os/file.hpp"
#include "certreq/verbs/run_accept.hpp"
#include "certreq/verbs/run_ca.hpp"
#include "certreq/verbs/run_dump.hpp"
#include "certreq/verbs/run_enroll.hpp"
#include "certreq/verbs/run_new.hpp"
#include "certreq/verbs/run_sign.hpp"
#include "certreq/verbs/run_submit.hpp"
#include "scratch.hpp"

using namespace certreq;

namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// thumbprint_of: the Thumbprint: value in an "Installed Certificate:" block.
std::string thumbprint_of(const std::string& results) {
    auto at = results.find("  Thumbprint: ");
    REQUIRE(at != std::string::npos);
    at += 14;
    return results.substr(at, results.find('\n', at) - at);
}

const std::string issued_1 = "RequestId: 1\nRequestId: \"1\"\nCertificate retrieved(Issued) Issued\n";

}  // namespace

TEST_CASE("a local CA's life cycle through run_ca, run_new, run_submit, run_accept, run_retrieve, run_enroll") {
    scratch_stores dir;
    const std::string ca = dir / "ca";
    verbs::run_options ro;

    auto init = verbs::run_ca({"INIT"}, ca, {}, ro);
    CHECK(init.ok());
    CHECK(init.messages().empty());
    CHECK(init.results().rfind("CertReq: CA created in " + ca + "\n  Subject: ", 0) == 0);
    CHECK(init.results().find("  Requests are issued at once\n") != std::string::npos);

    write(dir / "web.inf", "[NewRequest]\nSubject = \"CN=web.example.com\"\nKeyAlgorithm = ECDSA_P256\n"
                           "[Extensions]\n2.5.29.17 = \"{text}dns=web.example.com\"\n");
    auto made = verbs::run_new(dir / "web.inf", dir / "web.req", {}, ro);
    CHECK(made.ok());
    CHECK(made.results() == "CertReq: Request Created\n");
    CHECK(os::exists(dir / "web.req"));

    // An existing output without -f: refused before any key is made.
    auto again = verbs::run_new(dir / "web.inf", dir / "web.req", {}, ro);
    REQUIRE(again.failed);
    CHECK(*again.failed == core::hr::file_exists);
    CHECK(again.results().empty());
    CHECK(again.messages() == std::string("certreq: ") + dir / "web.req" + ": file exists (use -f to overwrite)\n");

    auto submitted = verbs::run_submit(dir / "web.req", {dir / "web.cer", dir / "web.p7b"}, "", {ca, false}, ro);
    CHECK(submitted.ok());
    CHECK(submitted.results() == issued_1);
    CHECK(submitted.disposition == 0);
    CHECK(os::exists(dir / "web.p7b"));

    auto accepted = verbs::run_accept(dir / "web.cer", {}, {});
    CHECK(accepted.ok());
    CHECK(accepted.results().rfind("Installed Certificate:\n  Serial Number: ", 0) == 0);
    CHECK(accepted.results().find("  Subject: CN=web.example.com (DNS Name=web.example.com)\n") != std::string::npos);
    std::string thumb = thumbprint_of(accepted.results());
    CHECK(thumb.size() == 40);

    auto retrieved = verbs::run_retrieve("0x1", {dir / "again.cer"}, {ca, false}, ro);
    CHECK(retrieved.results() == issued_1);
    auto same = os::read_file(dir / "again.cer"), first = os::read_file(dir / "web.cer");
    REQUIRE(same);
    REQUIRE(first);
    CHECK(*same == *first);

    auto missing = verbs::run_retrieve("9", {dir / "nine.cer"}, {ca, false}, ro);
    REQUIRE(missing.failed);
    CHECK(*missing.failed == core::hr::not_found);

    verbs::enroll_target renew;
    renew.renew = true;
    renew.cert = thumb;
    auto renewed = verbs::run_enroll(renew, ca, {}, ro);
    CHECK_MESSAGE(renewed.ok(), renewed.messages());
    CHECK(renewed.results().rfind("RequestId: 2\nRequestId: \"2\"\nCertificate retrieved(Issued) Issued\nInstalled Certificate:\n", 0) == 0);
    CHECK(renewed.results().find("  Subject: CN=web.example.com\n") != std::string::npos);  // -enroll: no DNS names
    CHECK(thumbprint_of(renewed.results()) != thumb);

    verbs::enroll_target nothing;
    nothing.template_name = "NoSuchTemplate";
    auto no_template = verbs::run_enroll(nothing, ca, {}, ro);
    REQUIRE(no_template.failed);
    CHECK(*no_template.failed == core::hr::not_found);
    CHECK(no_template.messages().rfind("certreq: template 'NoSuchTemplate' not found (looked for NoSuchTemplate.inf", 0) == 0);

    auto list = verbs::run_ca({"list"}, ca, {}, ro);
    CHECK(list.results().rfind("RequestId  Status   Submitted             Serial                    Subject\n1          issued   ", 0) == 0);
    CHECK(list.results().find("\n2          issued   ") != std::string::npos);

    auto crl = verbs::run_ca({"crl", dir / "ca.crl"}, ca, {}, ro);
    CHECK(crl.results() == std::string("CertReq: CRL published: ") + dir / "ca.crl" + "\n");
}

TEST_CASE("run_ca: arguments that do not fit are usage errors; a bad id is ERROR_INVALID_PARAMETER") {
    scratch_stores dir;
    const std::string ca = dir / "ca";
    verbs::run_options ro;
    REQUIRE(verbs::run_ca({"init"}, ca, {}, ro).ok());

    auto extra = verbs::run_ca({"list", "x"}, ca, {}, ro);
    CHECK(extra.usage);
    CHECK_FALSE(extra.failed);
    CHECK(extra.messages() == verbs::ca_usage_text);
    auto unknown = verbs::run_ca({"Frob"}, ca, {}, ro);
    CHECK(unknown.usage);
    CHECK(unknown.messages() == std::string("certreq -ca: unknown command 'frob'\n") + verbs::ca_usage_text);
    auto bad = verbs::run_ca({"issue", "zz"}, ca, {}, ro);
    REQUIRE(bad.failed);
    CHECK(*bad.failed == core::hr::invalid_parameter);
    CHECK(bad.messages() == "certreq: 'zz' is not a request id (decimal or 0x hex)\n");
    auto reason = verbs::run_ca({"revoke", "01", "sometimes"}, ca, {}, ro);
    CHECK(reason.messages() == "certreq: unknown revocation reason 'sometimes' (a CRLReason name or number 0-10)\n");
    // No CA there: the open fails before the arguments are looked at, as certreq does.
    auto none = verbs::run_ca({"list", "x"}, dir / "nowhere", {}, ro);
    CHECK(none.failed);
    CHECK_FALSE(none.usage);
}

TEST_CASE("run_sign: the certificate picker names the stores, or the candidates; -cert signs") {
    scratch_stores dir;
    verbs::run_options ro;
    write(dir / "a.inf", "[NewRequest]\nSubject = \"CN=a\"\nKeyAlgorithm = ECDSA_P256\nRequestType = Cert\n");
    write(dir / "b.inf", "[NewRequest]\nSubject = \"CN=b\"\nKeyAlgorithm = ECDSA_P256\nRequestType = Cert\n");
    write(dir / "r.inf", "[NewRequest]\nSubject = \"CN=r\"\nKeyAlgorithm = ECDSA_P256\n");
    REQUIRE(verbs::run_new(dir / "r.inf", dir / "r.req", {}, ro).ok());

    verbs::cert_choice pick;
    auto none = verbs::run_sign(dir / "r.req", dir / "s.req", pick, {}, ro);
    REQUIRE(none.failed);
    CHECK(*none.failed == core::hr::crypt_not_found);
    CHECK(none.messages() == std::string("certreq -sign: no -cert given, and no certificate with a private key and the "
                                         "Certificate Request Agent EKU (1.3.6.1.4.1.311.20.2.1; -noEKU: any) in ") +
                                 dir / "user-store" + ", " + dir / "machine-store" + "\n");

    auto a = verbs::run_new(dir / "a.inf", dir / "a.cer", {}, ro);
    auto b = verbs::run_new(dir / "b.inf", dir / "b.cer", {}, ro);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    pick.no_eku = true;
    auto two = verbs::run_sign(dir / "r.req", dir / "s.req", pick, {}, ro);
    REQUIRE(two.failed);
    std::string ta = thumbprint_of(a.results()), tb = thumbprint_of(b.results());
    std::string head = "certreq -sign: no -cert given, and 2 certificates qualify (certificate with a private key); choose one with -cert:";
    CHECK((two.messages() == head + "\n  " + ta + "\n  " + tb + "\n" || two.messages() == head + "\n  " + tb + "\n  " + ta + "\n"));
    CHECK_FALSE(os::exists(dir / "s.req"));

    pick.cert = "b";  // by subject CN
    auto signed_ = verbs::run_sign(dir / "r.req", dir / "s.req", pick, {}, ro);
    CHECK_MESSAGE(signed_.ok(), signed_.messages());
    CHECK(signed_.results() == "Signed PKCS10 request as CMC with 1 signer (" + tb + ")\n");
    CHECK(os::exists(dir / "s.req"));

    pick.cert = "nobody";
    auto unknown = verbs::run_sign(dir / "r.req", dir / "t.req", pick, {}, ro);
    REQUIRE(unknown.failed);
    CHECK(*unknown.failed == core::hr::crypt_not_found);
    CHECK(unknown.messages().rfind("-cert: error: -cert: ", 0) == 0);
}

TEST_CASE("run_dump: the dump on the results channel; a missing file is ERROR_FILE_NOT_FOUND") {
    scratch_stores dir;
    verbs::run_options ro;
    write(dir / "d.inf", "[NewRequest]\nSubject = \"CN=dumped.example.com\"\nKeyAlgorithm = ECDSA_P256\n");
    REQUIRE(verbs::run_new(dir / "d.inf", dir / "d.req", {}, ro).ok());
    auto text = verbs::run_dump(dir / "d.req", false, false);
    CHECK(text.ok());
    CHECK(text.results().find("CN=dumped.example.com") != std::string::npos);
    auto json = verbs::run_dump(dir / "d.req", true, false);
    CHECK(json.results().rfind("{", 0) == 0);

    auto missing = verbs::run_dump(dir / "missing.req", false, false);
    REQUIRE(missing.failed);
    CHECK(*missing.failed == core::hr::file_not_found);
    CHECK(missing.results().empty());
    CHECK(missing.messages() == std::string("certreq: cannot open ") + dir / "missing.req" + ": No such file or directory\n");

    write(dir / "junk.req", "not a request");
    auto junk = verbs::run_dump(dir / "junk.req", false, false);
    REQUIRE(junk.failed);
    CHECK(*junk.failed == core::hr::invalid_data);
    CHECK(junk.messages().rfind(dir / "junk.req" + ": ", 0) == 0);
}
