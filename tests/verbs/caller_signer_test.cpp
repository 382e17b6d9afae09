// build_new with the caller's signer (new_options::signer): the request is
// made with it, whatever the INF's key settings, and save_new stores nothing.
#include <doctest/doctest.h>

#include <string>

#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/x509/csr.hpp"

using namespace certreq;

TEST_CASE("new_options::signer: the caller's key signs every request type; nothing is stored") {
    auto rng = mbed::system_rng();
    REQUIRE(rng);
    auto key = mbed::private_key::generate({model::key_algorithm::ec, model::curve::p256, 0, false}, *rng);
    REQUIRE(key);
    auto spki = key->public_key_der();
    REQUIRE(spki);
    int calls = 0;
    mbed::callback_signer se(model::key_algorithm::ec, *spki, [&](model::hash_algorithm h, bool pss, byte_view digest) {
        ++calls;
        return key->sign_digest(h, pss, digest, *rng);
    });
    for (std::string type : {"PKCS10", "Cert", "CMC"}) {
        CAPTURE(type);
        std::string inf = "[NewRequest]\nSubject = \"CN=device 42\"\nKeyLength = 4096\nRequestType = " + type + "\n";
        verbs::new_options opt;
        opt.signer = &se;
        opt.rng = *rng;
        opt.now = 1700000000;
        calls = 0;
        auto n = verbs::build_new(as_bytes(inf), "device.inf", opt);
        REQUIRE_MESSAGE(n.ok, n.diags().has_errors());
        CHECK(calls == (type == "CMC" ? 2 : 1));  // CMC: the PKCS#10, then the SignedData
        CHECK(n.caller_key);
        CHECK(n.key_pem.empty());
        CHECK(n.key_container.empty());
        CHECK(n.public_key_sha1 == store::to_hex(mbed::sha1(*spki)));  // the caller's key, not a 4096-bit RSA one
        CHECK_FALSE(verbs::output_text(n, false).empty());
    }
}
