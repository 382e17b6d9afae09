// Cross-checks with an independent implementation: CSRs and a self-signed
// certificate built here, signed by `openssl dgst`, must verify and dump
// with `openssl req` / `openssl x509` / `openssl asn1parse`.
#include <doctest/doctest.h>

#include <string>

#include "../der/hex.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/certificate.hpp"
#include "certreq/x509/csr.hpp"
#include "tool.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::read_file;
using certreq::test::run;
using certreq::test::write_file;
using model::hash_algorithm;
using model::key_algorithm;

namespace {

model::request sample_request() {
    model::request r;
    r.subject.rdns.push_back({model::attribute_value{"2.5.4.3", model::string_kind::printable, "host.example.com", {}}});
    r.subject.rdns.push_back({model::attribute_value{"2.5.4.11", model::string_kind::bmp, "Unit \xe2\x82\xac", {}},
                              model::attribute_value{"2.5.4.10", model::string_kind::utf8, "Org", {}}});
    r.subject.rdns.push_back({model::attribute_value{"0.9.2342.19200300.100.1.25", model::string_kind::ia5, "example", {}}});
    r.extensions.push_back({"2.5.29.17", false,
                            model::alt_name{{model::dns_name{"host.example.com"}, model::dns_name{"www.example.com"},
                                             model::ip_address{hex("c0 a8 01 01")}, model::rfc822_name{"a@example.com"},
                                             model::other_name{"1.3.6.1.4.1.311.20.2.3", hex("0c 03 75 40 64")},
                                             model::uri_name{"http://example.com/"}}},
                            {}});
    r.extensions.push_back({"2.5.29.37", false, model::extended_key_usage{{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}}, {}});
    r.extensions.push_back({"2.5.29.15", true, model::key_usage{0xa0}, {}});
    r.extensions.push_back({"2.5.29.19", true, model::basic_constraints{true, 2u}, {}});
    model::certificate_policies cp;
    cp.policies.push_back({"1.2.3.4", {{model::policy_qualifier::kind::cps, "http://example.com/cps"},
                                       {model::policy_qualifier::kind::user_notice, "Notice text"}}});
    r.extensions.push_back({"2.5.29.32", false, cp, {}});
    r.extensions.push_back({"2.5.29.14", false, model::subject_key_identifier{hex("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14")}, {}});
    r.name_values.push_back({"CertificateTemplate", "WebServer", {}});
    r.defaults.machine = "host.example.com";
    r.defaults.user = "EXAMPLE\\user";
    r.key_spec = 1;
    return r;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// sh runs `cmd` inside `dir`.
test::run_result sh(const std::filesystem::path& dir, const std::string& cmd) {
    return run("cd '" + dir.string() + "' && " + cmd);
}

// signed_csr makes a key with openssl, encodes the CSR of sample_request()
// for its public key, signs it with `openssl dgst` and writes csr.der.
void signed_csr(const std::filesystem::path& dir, const std::string& genpkey, key_algorithm ka,
                hash_algorithm h, bool pss, const std::string& dgst) {
    REQUIRE(sh(dir, "openssl genpkey " + genpkey + " -out key.pem").status == 0);
    REQUIRE(sh(dir, "openssl pkey -in key.pem -pubout -outform DER -out spki.der").status == 0);
    bytes spki = read_file(dir / "spki.der");
    REQUIRE(!spki.empty());
    auto r = sample_request();
    auto info = x509::certification_request_info(r.subject, spki, x509::request_attributes::from_request(r));
    REQUIRE(info);
    write_file(dir / "info.der", *info);
    auto s = sh(dir, "openssl dgst " + dgst + " -sign key.pem -out sig.bin info.der");
    REQUIRE_MESSAGE(s.status == 0, s.output);
    bytes sig = read_file(dir / "sig.bin");
    write_file(dir / "csr.der", x509::certification_request(*info, x509::signature_algorithm(ka, h, pss), sig));
}

void check_csr_dump(const std::filesystem::path& dir) {
    auto v = sh(dir, "openssl req -inform DER -in csr.der -noout -verify -text -nameopt RFC2253");
    INFO(v.output);
    CHECK(v.status == 0);
    CHECK(contains(v.output, "verify OK"));
    CHECK(contains(v.output, "DC=example"));
    CHECK(contains(v.output, "CN=host.example.com"));
    CHECK(contains(v.output, "O=Org"));
    CHECK(contains(v.output, "DNS:host.example.com, DNS:www.example.com, IP Address:192.168.1.1, email:a@example.com"));
    CHECK(contains(v.output, "URI:http://example.com/"));
    CHECK(contains(v.output, "TLS Web Server Authentication, TLS Web Client Authentication"));
    CHECK(contains(v.output, "X509v3 Key Usage: critical"));
    CHECK(contains(v.output, "Digital Signature, Key Encipherment"));
    CHECK(contains(v.output, "CA:TRUE, pathlen:2"));
    CHECK(contains(v.output, "Policy: 1.2.3.4"));
    CHECK(contains(v.output, "CPS: http://example.com/cps"));
    CHECK(contains(v.output, "Explicit Text: Notice text"));
    CHECK(contains(v.output, "01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14"));
    auto a = sh(dir, "openssl asn1parse -inform DER -in csr.der -i");
    INFO(a.output);
    CHECK(a.status == 0);
    CHECK(contains(a.output, ":1.3.6.1.4.1.311.13.2.1"));
    CHECK(contains(a.output, ":1.3.6.1.4.1.311.21.20"));
    CHECK(contains(a.output, ":1.3.6.1.4.1.311.13.2.2"));
    CHECK(contains(a.output, ":1.3.6.1.4.1.311.13.2.3"));
    CHECK(contains(a.output, ":Extension Request"));
    CHECK(contains(a.output, "IA5STRING         :10.0.19045.2"));
    CHECK(contains(a.output, "UTF8STRING        :EXAMPLE\\user"));
    CHECK(contains(a.output, "BMPSTRING"));
}

}  // namespace

TEST_CASE("openssl verifies an ECDSA P-256 / SHA-256 CSR and reads every field") {
    if (!test::have_openssl()) return;
    auto dir = test::scratch_dir("ec");
    signed_csr(dir, "-algorithm EC -pkeyopt ec_paramgen_curve:P-256", key_algorithm::ec, hash_algorithm::sha256, false,
               "-sha256");
    check_csr_dump(dir);
    // GnuTLS (libtasn1, strict DER) parses it too.
    if (run("certtool --version").status == 0) {
        auto c = sh(dir, "certtool --crq-info --inder --infile csr.der");
        INFO(c.output);
        CHECK(c.status == 0);
        CHECK(contains(c.output, "Self signature: verified"));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("openssl verifies RSA CSRs: PKCS#1 v1.5 SHA-384 and RSASSA-PSS SHA-256") {
    if (!test::have_openssl()) return;
    auto dir = test::scratch_dir("rsa");
    signed_csr(dir, "-algorithm RSA -pkeyopt rsa_keygen_bits:2048", key_algorithm::rsa, hash_algorithm::sha384, false,
               "-sha384");
    check_csr_dump(dir);
    REQUIRE(sh(dir, "rm -f key.pem spki.der info.der sig.bin csr.der").status == 0);
    signed_csr(dir, "-algorithm RSA -pkeyopt rsa_keygen_bits:2048", key_algorithm::rsa, hash_algorithm::sha256, true,
               "-sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256");
    check_csr_dump(dir);
    auto v = sh(dir, "openssl req -inform DER -in csr.der -noout -text");
    CHECK(contains(v.output, "Signature Algorithm: rsassaPss"));
    CHECK(contains(v.output, "Salt Length: 0x20"));
    CHECK(contains(v.output, "Mask Algorithm: mgf1 with sha256"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("openssl verifies a self-signed certificate (v3, GeneralizedTime after 2049)") {
    if (!test::have_openssl()) return;
    auto dir = test::scratch_dir("cert");
    REQUIRE(sh(dir, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out key.pem").status == 0);
    REQUIRE(sh(dir, "openssl pkey -in key.pem -pubout -outform DER -out spki.der").status == 0);
    bytes spki = read_file(dir / "spki.der");
    model::name name;
    name.rdns.push_back({model::attribute_value{"2.5.4.3", model::string_kind::printable, "Test Root", {}}});
    std::vector<model::extension> exts = {
        {"2.5.29.19", true, model::basic_constraints{true, std::nullopt}, {}},
        {"2.5.29.15", true, model::key_usage{0x86}, {}},
    };
    bytes serial = hex("7f 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
    bytes alg = x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha384);
    x509::tbs_fields f;
    f.serial = serial;
    f.signature_algorithm_der = alg;
    f.issuer = &name;
    f.subject = &name;
    f.not_before = 1700000000;   // 2023-11-14T22:13:20Z
    f.not_after = 2556144000;    // 2051-01-01T00:00:00Z
    f.spki_der = spki;
    f.extensions = &exts;
    auto tbs = x509::tbs_certificate(f);
    REQUIRE(tbs);
    write_file(dir / "tbs.der", *tbs);
    REQUIRE(sh(dir, "openssl dgst -sha384 -sign key.pem -out sig.bin tbs.der").status == 0);
    write_file(dir / "cert.der", x509::certificate(*tbs, alg, read_file(dir / "sig.bin")));
    REQUIRE(sh(dir, "openssl x509 -inform DER -in cert.der -out cert.pem").status == 0);
    auto t = sh(dir, "openssl x509 -in cert.pem -noout -text");
    INFO(t.output);
    CHECK(contains(t.output, "Version: 3 (0x2)"));
    CHECK(contains(t.output, "7f:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f"));
    CHECK(contains(t.output, "Not Before: Nov 14 22:13:20 2023 GMT"));
    CHECK(contains(t.output, "Not After : Jan  1 00:00:00 2051 GMT"));
    CHECK(contains(t.output, "Certificate Sign, CRL Sign"));
    auto v = sh(dir, "openssl verify -attime 1800000000 -CAfile cert.pem cert.pem");
    INFO(v.output);
    CHECK(v.status == 0);
    CHECK(contains(v.output, "cert.pem: OK"));
    std::filesystem::remove_all(dir);
}
