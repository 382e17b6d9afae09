// The requests the verbs build in code instead of INF text: a local-CA
// renewal (verbs/renewal_request.hpp) and a SCEP template
// (verbs/scep_template.hpp). Each must be the request the INF text the
// driver used to write made: the CertificationRequestInfo is compared byte
// for byte with the one lowered from that text (kept here as the reference).
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <string>

#include "certreq/asn1/decode.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/renewal_request.hpp"
#include "certreq/verbs/scep_template.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/csr.hpp"
#include "scratch.hpp"

using namespace certreq;

namespace {

// info_der: the CertificationRequestInfo `r` makes with `key` (the SKI filled as build_new fills it).
bytes info_der(model::request r, const mbed::private_key& key) {
    auto spki = key.public_key_der();
    auto bits = key.subject_public_key_bits();
    REQUIRE(spki);
    REQUIRE(bits);
    verbs::detail::fill_key_identifiers(r, *bits);
    auto info = x509::certification_request_info(r.subject, *spki, x509::request_attributes::from_request(r));
    REQUIRE(info);
    return *info;
}

std::string first_message(verbs::new_result& n) {
    return n.diags().items().empty() ? std::string() : n.diags().format(n.diags().items()[0]);
}

// lowered: what build_new made of `inf` before the key (lower_new).
model::request lowered(const std::string& inf, const std::string& attrib = {}) {
    verbs::new_result n;
    verbs::new_options opt;
    opt.attrib = attrib;
    bool ok = verbs::lower_new(n, as_bytes(inf), "reference.inf", opt);
    REQUIRE_MESSAGE(ok, first_message(n));
    return n.request;
}

std::string inf_quote(std::string_view v) {
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// old_renewal_inf: the INF the driver's -enroll renew used to hand to build_new (verbs/enroll.hpp renewal_of).
std::string old_renewal_inf(const store::installed_certificate& c, const mbed::private_key& key, bool reuse_keys) {
    auto d = asn1::decode(asn1::module::pkix, "Certificate", c.der);
    REQUIRE(d);
    std::string inf = "[NewRequest]\r\nRequestType = PKCS7\r\nRenewalCert = " + c.thumbprint + "\r\n";
    if (key.algorithm() == model::key_algorithm::rsa) {
        inf += std::string("KeyAlgorithm = RSA\r\nKeyLength = ") + std::to_string(key.bits()) + "\r\n";
    } else {
        const char* curve = key.curve() == model::curve::p384 ? "ECDSA_P384" : key.curve() == model::curve::p521 ? "ECDSA_P521" : "ECDSA_P256";
        inf += std::string("KeyAlgorithm = ") + curve + "\r\n";
    }
    if (reuse_keys) inf += "UseExistingKeySet = TRUE\r\nKeyContainer = \"" + c.key_container + "\"\r\n";
    if (!c.friendly_name.empty()) inf += std::string("FriendlyName = ") + inf_quote(c.friendly_name) + "\r\n";
    inf += "[Extensions]\r\n";
    std::string critical;
    std::size_t n = d.value->count("tbsCertificate.extensions");
    for (std::size_t i = 1; i <= n; ++i) {
        std::string p = asn1::item("tbsCertificate.extensions", i);
        std::string oid = d.value->oid(p + ".extnID").value_or("");
        auto v = d.value->element(p + ".extnValue");
        auto& kept = verbs::renewal_kept_extensions;
        if (!v || std::find(std::begin(kept), std::end(kept), oid) == std::end(kept)) continue;
        inf += oid + " = " + base64::encode(v->content, 0, "") + "\r\n";
        if (d.value->boolean(p + ".critical").value_or(false)) critical += (critical.empty() ? "" : ",") + oid;
    }
    if (!critical.empty()) inf += "Critical = " + critical + "\r\n";
    return inf;
}

// installed: a self-signed certificate made by -new's library side and installed with its key.
store::installed_certificate installed(store::key_store& ks, const std::string& inf, std::int64_t now) {
    verbs::new_options opt;
    opt.now = now;
    auto n = verbs::build_new(as_bytes(inf), "self.inf", opt, &ks);
    REQUIRE_MESSAGE(n.ok, first_message(n));
    REQUIRE(verbs::save_new(n, ks, {}, false, false));
    auto c = store::resolve_certificate(ks, n.thumbprint);
    REQUIRE(c);
    return *c;
}

constexpr std::int64_t now = 1700000000;  // 2023-11-14

}  // namespace

TEST_CASE("renewal_request: the request the renewal INF made, byte for byte, for ECDSA and RSA keys") {
    scratch_stores dir;
    auto ks = store::key_store::open(store::scope::user);
    REQUIRE(ks);
    auto rng = mbed::system_rng();
    REQUIRE(rng);
    const std::string ext = "[Extensions]\n2.5.29.17 = \"{text}dns=www.example.com&dns=example.com\"\n"
                            "[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1\nOID = 1.3.6.1.5.5.7.3.2\n"
                            "[BasicConstraintsExtension]\nPathLength = 0\nCritical = TRUE\n";
    struct kind {
        const char* key_lines;
        bool reuse;
    };
    for (auto k : {kind{"KeyAlgorithm = ECDSA_P384\n", false}, kind{"KeyAlgorithm = RSA\nKeyLength = 2048\n", true}}) {
        CAPTURE(k.key_lines);
        auto c = installed(*ks, std::string("[NewRequest]\nSubject = \"CN=www.example.com\"\nRequestType = Cert\n") + k.key_lines +
                                    "KeyUsage = 0xa0\nFriendlyName = \"web \"\"one\"\"\"\n" + ext, now);
        auto pem = ks->load_key(c.key_container);
        REQUIRE(pem);
        auto key = mbed::private_key::load(as_bytes(*pem));
        REQUIRE(key);

        std::string problem;
        auto built = verbs::renewal_request(c, *ks, k.reuse, now + 60, problem);
        REQUIRE_MESSAGE(built, problem);
        model::request reference = lowered(old_renewal_inf(c, *key, k.reuse));
        CHECK(built->type == model::request_type::pkcs7);
        CHECK(built->renewal_cert == c.thumbprint);
        CHECK(built->friendly_name == "web \"one\"");
        CHECK(built->friendly_name == reference.friendly_name);
        CHECK(built->use_existing_key_set == k.reuse);
        CHECK(built->key_container == reference.key_container);
        CHECK(built->key.algorithm == reference.key.algorithm);
        CHECK(built->key.ec_curve == reference.key.ec_curve);
        CHECK(built->key.rsa_bits == reference.key.rsa_bits);
        CHECK(built->key_spec == reference.key_spec);
        CHECK(built->defaults.provider_name == reference.defaults.provider_name);
        REQUIRE(built->extensions.size() == reference.extensions.size());
        for (std::size_t i = 0; i < built->extensions.size(); ++i) {
            CHECK(built->extensions[i].oid == reference.extensions[i].oid);
            CHECK(built->extensions[i].critical == reference.extensions[i].critical);
        }
        CHECK(info_der(*built, *key) == info_der(reference, *key));
    }
}

TEST_CASE("renewal_request refuses a certificate that is not valid now, before any key is read") {
    scratch_stores dir;
    auto ks = store::key_store::open(store::scope::user);
    REQUIRE(ks);
    auto c = installed(*ks, "[NewRequest]\nSubject = \"CN=old.example.com\"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n"
                            "NotBefore = \"1/1/2020\"\nNotAfter = \"1/1/2021\"\n", now);
    std::string problem;
    CHECK_FALSE(verbs::renewal_request(c, *ks, false, now, problem));
    CHECK(problem.rfind("certificate " + c.thumbprint + ": the certificate expired on ", 0) == 0);
    CHECK(problem.find("only valid (unexpired) certificates can be renewed") != std::string::npos);

    c.key_container.clear();
    c.der = installed(*ks, "[NewRequest]\nSubject = \"CN=new.example.com\"\nRequestType = Cert\nKeyAlgorithm = ECDSA_P256\n", now).der;
    CHECK_FALSE(verbs::renewal_request(c, *ks, false, now, problem));
    CHECK(problem == "the installed certificate has no private key in " + ks->root());
}

TEST_CASE("scep_template_request: the request the -enroll SCEP INF text made, byte for byte") {
    auto rng = mbed::system_rng();
    REQUIRE(rng);
    auto key = mbed::private_key::generate({model::key_algorithm::ec, model::curve::p256, 0, false}, *rng);
    REQUIRE(key);
    for (std::string attrib : {std::string(), std::string("SAN:dns=a.example.com\\nCertificateTemplate:Other")}) {
        for (std::string challenge : {std::string(), std::string("s3cret \"x\"")}) {
            CAPTURE(attrib);
            CAPTURE(challenge);
            // The INF the driver used to concatenate (less CACerts and CACapabilities, which new_scep.hpp reads).
            std::string inf = std::string("[NewRequest]\r\nSubject = ") + inf_quote("CN=host1.example.com") + "\r\nKeyLength = 2048\r\n";
            inf += std::string("[RequestAttributes]\r\nCertificateTemplate = ") + inf_quote("Scep Template") + "\r\n";
            inf += "\r\n[NewRequest]\r\nRequestType = SCEP\r\n";
            if (!challenge.empty()) inf += std::string("ChallengePassword = ") + inf_quote(challenge) + "\r\n";
            model::request reference = lowered(inf, attrib);

            diagnostics d("(template Scep Template)");
            auto built = verbs::scep_template_request("host1.example.com", "Scep Template", attrib, challenge, d);
            REQUIRE(built);
            CHECK(d.items().empty());
            CHECK(built->type == model::request_type::scep);
            CHECK(reference.type == model::request_type::scep);
            CHECK(built->challenge_password == challenge);
            CHECK(built->challenge_password == reference.challenge_password);
            CHECK(built->key.rsa_bits == 2048);
            CHECK(built->key.algorithm == reference.key.algorithm);
            CHECK(built->key_spec == reference.key_spec);
            REQUIRE(built->name_values.size() == reference.name_values.size());
            for (std::size_t i = 0; i < built->name_values.size(); ++i) {
                CHECK(built->name_values[i].name == reference.name_values[i].name);
                CHECK(built->name_values[i].value == reference.name_values[i].value);
            }
            CHECK(info_der(*built, *key) == info_der(reference, *key));
        }
    }
}

TEST_CASE("scep_template_request: a bad -attrib part is an error, as -new reports it") {
    diagnostics d("(template T)");
    CHECK_FALSE(verbs::scep_template_request("h", "T", "NoColonHere", "", d));
    REQUIRE(d.has_errors());
    CHECK(d.format(d.items()[0]).rfind("(template T): error: ", 0) == 0);
}

TEST_CASE("take_challenge: ChallengePassword:value leaves -attrib; '=' and a carriage return are refused") {
    std::string attrib = "CertificateTemplate:Web\\nChallengePassword: s3cret \nSAN:dns=x";
    std::string challenge;
    CHECK(verbs::take_challenge(attrib, challenge).empty());
    CHECK(challenge == "s3cret");
    CHECK(attrib == "CertificateTemplate:Web\\nSAN:dns=x");

    attrib = "ChallengePassword=s3cret";
    challenge.clear();
    CHECK(verbs::take_challenge(attrib, challenge) == model::challenge_typo_message);
    CHECK(challenge.empty());

    attrib = "challengepassword:a\rb";
    CHECK(verbs::take_challenge(attrib, challenge) == "-attrib: ChallengePassword holds a carriage return");
}
