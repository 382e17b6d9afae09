// CAPolicy.inf -> ca::settings: every corpus file, and each [certsrv_server] key.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "certreq/ca/policy.hpp"
#include "certreq/ca/settings_file.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/os/file.hpp"

namespace {

namespace fs = std::filesystem;
using certreq::as_bytes;
using unit = certreq::model::validity::unit;

fs::path corpus_dir() {
    const char* s = std::getenv("CERTREQ_TEST_DATA");
    return fs::path(s && *s ? s : "data") / "corpus" / "capolicy-wild";
}

struct read_policy_result {
    certreq::inf::read_result inf;
    certreq::ca::policy_result policy;
};

std::string all(const certreq::diagnostics& d) {
    std::string out;
    for (auto& x : d.items()) out += d.format(x);
    return out;
}

read_policy_result read(std::string_view text) {
    read_policy_result r{certreq::inf::read(as_bytes(text), "capolicy.inf"), {}};
    r.policy = certreq::ca::read_policy(r.inf.doc, r.inf.diags);
    return r;
}

read_policy_result read_corpus(const std::string& name) {
    auto b = certreq::os::read_file((corpus_dir() / name).string());
    REQUIRE(b);
    read_policy_result r{certreq::inf::read(*b, name), {}};
    r.policy = certreq::ca::read_policy(r.inf.doc, r.inf.diags);
    return r;
}

}  // namespace

TEST_CASE("every CAPolicy.inf of the corpus is read without an error") {
    int files = 0;
    for (auto& e : fs::directory_iterator(corpus_dir())) {
        auto r = read_corpus(e.path().filename().string());
        INFO(e.path().filename().string() << "\n" << all(r.inf.diags));
        CHECK(r.policy.ok);
        CHECK_FALSE(r.inf.diags.has_errors());
        ++files;
    }
    CHECK(files == 10);
}

TEST_CASE("001: RSA 2048, 20 years, CRL every 26 weeks, a policy statement with notice and CPS") {
    auto r = read_corpus("001-sandmanzac-policy-cps-url.inf");
    REQUIRE(r.policy.ok);
    auto& s = r.policy.value;
    CHECK(s.key.algorithm == certreq::model::key_algorithm::rsa);
    CHECK(s.key.rsa_bits == 2048);
    CHECK(s.ca_lifetime.unit == unit::years);
    CHECK(s.ca_lifetime.units == 20);
    CHECK(s.crl_period.unit == unit::weeks);
    CHECK(s.crl_period.units == 26);
    REQUIRE(s.ca_extensions.size() == 1);
    CHECK(s.ca_extensions[0].oid == "2.5.29.32");
    auto& pol = std::get<certreq::model::certificate_policies>(s.ca_extensions[0].value);
    REQUIRE(pol.policies.size() == 1);
    CHECK(pol.policies[0].oid == "1.2.3.4.1455.67.89.5");
    REQUIRE(pol.policies[0].qualifiers.size() == 2);
    CHECK(s.subject.rdns.size() == 1);
    CHECK(s.subject.rdns[0][0].value == "certreq Local CA");
}

TEST_CASE("002: PathLength 2 is kept for the CA's own basicConstraints; empty CDP/AIA sections mean none") {
    auto r = read_corpus("002-bendusz-tabs-basicconstraints.inf");
    REQUIRE(r.policy.ok);
    CHECK(r.policy.value.path_length == 2u);
    CHECK(r.policy.value.cdp_urls.empty());
    CHECK(r.policy.value.aia_urls.empty());
    CHECK(r.policy.value.key.rsa_bits == 4096);
    CHECK(r.policy.value.crl_period.unit == unit::years);  // "Year"
}

TEST_CASE("004: HashAlgorithm=RSASHA256 is read as SHA256 with a warning") {
    auto r = read_corpus("004-labbuilder-rootca-rsasha256-crlf.inf");
    REQUIRE(r.policy.ok);
    CHECK(r.policy.value.hash == certreq::model::hash_algorithm::sha256);
    CHECK(all(r.inf.diags).find("warning: HashAlgorithm: \"RSASHA256\" read as SHA256") != std::string::npos);
}

TEST_CASE("008: empty extension values suppress, raw KeyUsage is critical") {
    auto r = read_corpus("008-automatedlab-empty-ext-removal-unquoted-notice.inf");
    REQUIRE(r.policy.ok);
    auto& exts = r.policy.value.ca_extensions;
    REQUIRE(exts.size() == 2);
    CHECK(exts[0].oid == "2.5.29.15");
    CHECK(exts[0].critical);
    CHECK(exts[1].oid == "2.5.29.32");
}

TEST_CASE("011: Empty = True, ClockSkewMinutes") {
    auto r = read_corpus("011-empty-true-cdp-aia-clockskew.inf");
    REQUIRE(r.policy.ok);
    CHECK(r.policy.value.clock_skew_minutes == 20);
    CHECK(r.policy.value.cdp_urls.empty());
    CHECK(r.policy.value.crl_period.units == 1);
}

TEST_CASE("013 (UTF-16LE): AlternateSignatureAlgorithm with the default P-256 key warns and signs with ECDSA") {
    auto r = read_corpus("013-dsc-demo-utf16-raw-ku-unquoted.inf");
    REQUIRE(r.policy.ok);
    CHECK_FALSE(r.policy.value.pss);
    CHECK(r.policy.value.key.ec_curve == certreq::model::curve::p256);
    CHECK(all(r.inf.diags).find("AlternateSignatureAlgorithm applies to RSA keys only") != std::string::npos);
}

TEST_CASE("our keys: RequestDisposition, ValidityPeriod of issued certificates, URLs, [NewRequest] for the CA itself") {
    auto r = read("[certsrv_server]\nRequestDisposition = Pending\nValidityPeriod = Days\nValidityPeriodUnits = 90\n"
                  "[CRLDistributionPoint]\nURL = http://a.example/ca.crl\nURL = \"ldap:///CN=x\"\n"
                  "[AuthorityInformationAccess]\nURL = http://a.example/%3.crt\n"
                  "[NewRequest]\nSubject = \"CN=Issuing, O=Example\"\nKeyAlgorithm = ECDSA_P384\nHashAlgorithm = SHA384\n");
    REQUIRE(r.policy.ok);
    auto& s = r.policy.value;
    CHECK(s.pend_all);
    CHECK(s.issued_lifetime.unit == unit::days);
    CHECK(s.issued_lifetime.units == 90);
    CHECK(s.cdp_urls == std::vector<std::string>{"http://a.example/ca.crl", "ldap:///CN=x"});
    CHECK(s.aia_urls == std::vector<std::string>{"http://a.example/%3.crt"});
    CHECK(s.key.ec_curve == certreq::model::curve::p384);
    CHECK(s.hash == certreq::model::hash_algorithm::sha384);
    CHECK(s.subject.rdns.size() == 2);
    CHECK(all(r.inf.diags).find("capolicy.inf:9:7: warning: [AuthorityInformationAccess] URL: Windows CA variables") !=
          std::string::npos);
}

TEST_CASE("bad values are positioned errors") {
    auto r = read("[certsrv_server]\nRequestDisposition = Maybe\nRenewalValidityPeriod = Fortnights\n");
    CHECK_FALSE(r.policy.ok);
    std::string text = all(r.inf.diags);
    CHECK(text.find("capolicy.inf:2:22: error: RequestDisposition: expected Issue or Pending, got \"Maybe\"") != std::string::npos);
    CHECK(text.find("capolicy.inf:3:25: error: RenewalValidityPeriod: unknown unit \"Fortnights\"") != std::string::npos);
}

TEST_CASE("ca.conf round trip keeps every setting") {
    auto r = read("[certsrv_server]\nRequestDisposition = Pending\nCRLPeriod = Days\nCRLPeriodUnits = 3\nClockSkewMinutes = 5\n"
                  "[CRLDistributionPoint]\nURL = http://a/1.crl\nURL = http://a/2.crl\n[AuthorityInformationAccess]\nURL = http://a/ca\n");
    REQUIRE(r.policy.ok);
    auto text = certreq::ca::write_settings(r.policy.value);
    auto back = certreq::ca::read_settings(text);
    REQUIRE(back);
    CHECK(back->pend_all);
    CHECK(back->crl_period.unit == unit::days);
    CHECK(back->crl_period.units == 3);
    CHECK(back->clock_skew_minutes == 5);
    CHECK(back->cdp_urls == r.policy.value.cdp_urls);
    CHECK(back->aia_urls == r.policy.value.aia_urls);
    CHECK(certreq::ca::write_settings(*back) == text);
    CHECK_FALSE(certreq::ca::read_settings("hash=md5\n"));
}
