// tests/p11: the PKCS#11 layer against a real SoftHSM2 token (softhsm.hpp):
// keys generated on the token sign, and the signatures verify with mbedTLS
// against the public key read back; attributes as asked; errors that name
// what is wrong and never the PIN.
#include <doctest/doctest.h>

#include <signal.h>

#include <fstream>
#include <string>

#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/p11/key.hpp"
#include "certreq/p11/providers.hpp"
#include "certreq/p11/signer.hpp"
#include "certreq/p11/token.hpp"
#include "certreq/p11/uri.hpp"
#include "softhsm.hpp"

using namespace certreq;

namespace {

p11::pin_source pin(const char* p = p11_test::user_pin) {
    p11::pin_source s;
    s.pin = mbed::make_secret_string(p);
    return s;
}

std::shared_ptr<p11::session> open_token(const std::string& token) {
    REQUIRE(p11_test::hsm().ok);
    p11::uri u;
    u.token = token;
    auto s = p11::login(p11_test::softhsm_module, u, pin(), true);
    REQUIRE_MESSAGE(s, (s ? "" : s.err().message()));
    return *s;
}

void check_signs(const mbed::signer& k, bool pss) {
    auto rng = mbed::system_rng();
    REQUIRE(rng);
    std::string tbs = "to be signed";
    auto spki = k.public_key_der();
    REQUIRE(spki);
    for (auto h : {model::hash_algorithm::sha256, model::hash_algorithm::sha384}) {
        auto sig = mbed::sign(k, h, pss, as_bytes(tbs), *rng);
        REQUIRE_MESSAGE(sig, (sig ? "" : sig.err().message()));
        auto ok = mbed::verify(*spki, h, pss, as_bytes(tbs), *sig);
        REQUIRE(ok);
        CHECK(*ok);
        auto bad = mbed::verify(*spki, h, pss, as_bytes(std::string("other")), *sig);
        CHECK_FALSE(*bad);
    }
}

}  // namespace

TEST_CASE("uri: RFC 7512 attributes, percent-encoding, the PIN kept out of to_string") {
    auto u = p11::uri::parse("pkcs11:token=My%20Card;id=%01%ff;object=web;type=private?module-path=/usr/lib/x.so&pin-value=12%334");
    REQUIRE(u);
    CHECK(u->token == "My Card");
    CHECK(u->id == bytes{0x01, 0xff});
    CHECK(u->object == "web");
    CHECK(u->module_path == "/usr/lib/x.so");
    CHECK(std::string(u->pin_value.begin(), u->pin_value.end()) == "1234");
    CHECK(u->to_string() == "pkcs11:token=My%20Card;object=web;id=%01%FF;type=private?module-path=/usr/lib/x.so");
    auto bad = p11::uri::parse("pkcs11:tokn=x");
    REQUIRE_FALSE(bad);
    CHECK(bad.err().message() == "pkcs11: URI: unknown attribute \"tokn\"");
    CHECK_FALSE(p11::uri::parse("pkcs11:id=%0"));
    CHECK_FALSE(p11::uri::is_uri("MyKey"));
}

TEST_CASE("providers: environment, then the store's file, then the defaults; software stays software") {
    std::string conf = p11_test::hsm().dir + "/providers.conf";
    { std::ofstream(conf) << "# admin's mapping\nAcme HSM KSP = /opt/acme/libacme.so\nMicrosoft Platform Crypto Provider = software\n"; }
    auto b = p11::select_backend("acme hsm ksp", conf, nullptr);
    CHECK_FALSE(b.software);
    CHECK(b.module == "/opt/acme/libacme.so");
    CHECK(p11::select_backend("Microsoft Platform Crypto Provider", conf, nullptr).software);
    auto env = p11::select_backend("Microsoft Platform Crypto Provider", conf, "Other = x;Microsoft Platform Crypto Provider = softhsm2");
    CHECK(env.module == "softhsm2");
    CHECK(env.origin == "$CERTREQ_PROVIDERS");
    auto def = p11::select_backend("Microsoft Smart Card Key Storage Provider", "", nullptr);
    CHECK(def.module == "opensc-pkcs11.so");
    CHECK(p11::select_backend("Microsoft Software Key Storage Provider", conf, nullptr).software);
    CHECK(p11::select_backend("Microsoft Strong Cryptographic Provider", "", nullptr).software);
    // p11-kit's registry: softhsm2.module names the library
    CHECK(p11::module_path("softhsm2").ends_with("libsofthsm2.so"));
    CHECK(p11::module_path("/x/y.so") == "/x/y.so");
}

TEST_CASE("RSA and EC keys generated on SoftHSM2 sign; the signatures verify against the public key read back") {
    auto s = open_token("certreq-a");
    struct kind {
        model::key_params params;
        const char* label;
    };
    for (auto k : {kind{{model::key_algorithm::rsa, model::curve::none, 2048, false}, "rsa2048"},
                   kind{{model::key_algorithm::ec, model::curve::p256, 0, false}, "p256"},
                   kind{{model::key_algorithm::ec, model::curve::p384, 0, false}, "p384"}}) {
        CAPTURE(k.label);
        p11::key_template t;
        t.params = k.params;
        t.label = k.label;
        t.id = bytes{0x42, static_cast<std::uint8_t>(k.label[1])};
        auto key = p11::create_key(s, t);
        REQUIRE_MESSAGE(key, (key ? "" : key.err().message()));
        CHECK(key->signer.algorithm() == k.params.algorithm);
        check_signs(key->signer, false);
        if (k.params.algorithm == model::key_algorithm::rsa) check_signs(key->signer, true);
        // sensitive, not extractable, made on the token
        CHECK(s->flag(key->objects.private_key, CKA_SENSITIVE) == true);
        CHECK(s->flag(key->objects.private_key, CKA_EXTRACTABLE) == false);
        CHECK(s->flag(key->objects.private_key, CKA_ALWAYS_SENSITIVE) == true);
        CHECK(s->flag(key->objects.private_key, CKA_NEVER_EXTRACTABLE) == true);
        CHECK(s->flag(key->objects.private_key, CKA_LOCAL) == true);
        // a second key with the label is refused
        auto again = p11::create_key(s, t);
        REQUIRE_FALSE(again);
        CHECK(again.err().message().find("already holds a private key labelled \"" + std::string(k.label) + "\"") != std::string::npos);
        // found again by label: the same public key
        p11::uri u;
        u.object = k.label;
        auto found = p11::find_key(s, u);
        REQUIRE_MESSAGE(found, (found ? "" : found.err().message()));
        CHECK(*found->signer.public_key_der() == *key->signer.public_key_der());
        CHECK(found->id == t.id);
    }
}

TEST_CASE("Exportable: CKA_EXTRACTABLE, still sensitive; KeySpec 1: CKA_DECRYPT") {
    auto s = open_token("certreq-a");
    p11::key_template t;
    t.params = {model::key_algorithm::rsa, model::curve::none, 2048, false};
    t.label = "exportable";
    t.extractable = true;
    t.decrypt = true;
    auto key = p11::create_key(s, t);
    REQUIRE(key);
    CHECK(s->flag(key->objects.private_key, CKA_EXTRACTABLE) == true);
    CHECK(s->flag(key->objects.private_key, CKA_SENSITIVE) == true);
    CHECK(s->flag(key->objects.private_key, CKA_DECRYPT) == true);
    CHECK(s->flag(key->objects.private_key, CKA_SIGN) == true);
    p11::destroy_key(*s, key->objects);
    p11::uri u;
    u.object = "exportable";
    CHECK_FALSE(p11::find_key(s, u));
}

TEST_CASE("a wrong PIN is an error that names the token and never the PIN") {
    REQUIRE(p11_test::hsm().ok);
    p11::uri u;
    u.token = "certreq-b";
    auto s = p11::login(p11_test::softhsm_module, u, pin("97531"), true);
    REQUIRE_FALSE(s);
    CHECK(s.err().message() == "token \"certreq-b\": login: the PIN is incorrect (CKR_PIN_INCORRECT) (0x000000A0)");
    CHECK(s.err().hresult() == 0x8010006bu);  // SCARD_W_WRONG_CHV, as certreq.exe reports a card's wrong PIN
    CHECK(s.err().message().find("97531") == std::string::npos);
    // the URI's pin-value is used when the caller gives none, and is kept out of errors too
    auto w = p11::uri::parse("pkcs11:token=certreq-b?pin-value=97531");
    REQUIRE(w);
    auto s2 = p11::login(p11_test::softhsm_module, *w, {}, true);
    REQUIRE_FALSE(s2);
    CHECK(s2.err().message().find("97531") == std::string::npos);
    // no PIN at all: says how to give one
    auto s3 = p11::login(p11_test::softhsm_module, u, {}, true);
    REQUIRE_FALSE(s3);
    CHECK(s3.err().message() == "token \"certreq-b\" needs a PIN: give -pin, set CERTREQ_PIN, or add pin-source to the pkcs11: URI");
}

TEST_CASE("a missing module or token names what is missing") {
    REQUIRE(p11_test::hsm().ok);
    auto m = p11::module::load("/nonexistent/libnothing.so");
    REQUIRE_FALSE(m);
    CHECK(m.err().message().starts_with("PKCS#11 module /nonexistent/libnothing.so cannot be loaded: "));
    p11::uri u;
    u.token = "no-such-token";
    auto s = p11::login(p11_test::softhsm_module, u, pin(), true);
    REQUIRE_FALSE(s);
    CHECK(s.err().message().starts_with("no token \"no-such-token\" in PKCS#11 module /usr/lib/softhsm/libsofthsm2.so (it has: \"certreq-"));
    p11::uri any;  // two tokens and none named
    auto s2 = p11::login(p11_test::softhsm_module, any, pin(), true);
    REQUIRE_FALSE(s2);
    CHECK(s2.err().message().find("several tokens") != std::string::npos);
    CHECK(s2.err().message().find("name one with token=") != std::string::npos);
}

TEST_CASE("a dynamically linked process hosts a module as it is: no probe, no fault handler") {
    // The guards of p11/probe.hpp and p11/crash_guard.hpp are for static
    // processes only (the driver's default build); this test program is not one.
    // The handler is compared with the one before (AddressSanitizer installs
    // its own SIGSEGV handler in the sanitizer pass; SIG_DFL otherwise).
    CHECK_FALSE(p11::statically_linked());
    struct sigaction before {}, now {};
    REQUIRE(::sigaction(SIGSEGV, nullptr, &before) == 0);
    open_token("certreq-a");
    REQUIRE(::sigaction(SIGSEGV, nullptr, &now) == 0);
    CHECK(now.sa_flags == before.sa_flags);
    CHECK((now.sa_sigaction == before.sa_sigaction));
    CHECK(std::string(p11::signal_name(SIGSEGV)) == "SIGSEGV");
    CHECK(std::string(p11::signal_name(SIGABRT)) == "SIGABRT");
}

TEST_CASE("a certificate is stored on the token beside its key, once") {
    auto s = open_token("certreq-b");
    bytes cert = {0x30, 0x03, 0x02, 0x01, 0x01};  // the token does not parse it
    bytes subject = {0x30, 0x00};
    REQUIRE(p11::store_certificate(*s, cert, subject, {0x07}, "c"));
    REQUIRE(p11::store_certificate(*s, cert, subject, {0x07}, "c"));
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    auto found = s->find({CK_ATTRIBUTE{CKA_CLASS, &cls, sizeof cls}});
    REQUIRE(found);
    CHECK(found->size() == 1);
}
