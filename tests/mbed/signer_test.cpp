// The signer seam (mbed/signer.hpp): a caller's signing function stands in
// for a key, the SPKI's key bits are read without mbedTLS, and raw ECDSA r||s
// (what tokens return) becomes the DER that verifies.
#include <doctest/doctest.h>

#include <string>

#include "certreq/der/ecdsa.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/mbed/signer.hpp"

using namespace certreq;

TEST_CASE("callback_signer: a caller's function signs; the signature verifies against its public key") {
    auto rng = mbed::system_rng();
    REQUIRE(rng);
    for (auto params : {model::key_params{model::key_algorithm::ec, model::curve::p256, 0, false},
                        model::key_params{model::key_algorithm::rsa, model::curve::none, 2048, false}}) {
        auto key = mbed::private_key::generate(params, *rng);
        REQUIRE(key);
        auto spki = key->public_key_der();
        REQUIRE(spki);
        int calls = 0;
        mbed::callback_signer se(key->algorithm(), *spki, [&](model::hash_algorithm h, bool pss, byte_view digest) {
            ++calls;
            CHECK(digest.size() == mbed::digest_size(h));
            return key->sign_digest(h, pss, digest, *rng);  // the "secure element"
        });
        std::string tbs = "certification request info";
        auto sig = mbed::sign(se, model::hash_algorithm::sha384, false, as_bytes(tbs), *rng);
        REQUIRE(sig);
        CHECK(calls == 1);
        CHECK(*mbed::verify(*spki, model::hash_algorithm::sha384, false, as_bytes(tbs), *sig));
        // the key bits a SubjectKeyIdentifier hashes, read from the SPKI alone
        CHECK(*se.subject_public_key_bits() == *key->subject_public_key_bits());
        if (params.algorithm == model::key_algorithm::ec) {
            auto pss = mbed::sign(se, model::hash_algorithm::sha256, true, as_bytes(tbs), *rng);
            REQUIRE_FALSE(pss);
            CHECK(calls == 1);  // refused before the caller is asked
        }
    }
    CHECK_FALSE(mbed::signer::bits_of_spki(bytes{0x30, 0x03, 0x02, 0x01, 0x00}));
}

TEST_CASE("der::ecdsa_signature: raw r||s to Ecdsa-Sig-Value, minimal INTEGERs") {
    bytes raw(64, 0);
    raw[0] = 0x80;   // r: high bit set -> a leading 00
    raw[33] = 0x01;  // s: leading zeros dropped
    auto der = der::ecdsa_signature(raw);
    REQUIRE(der);
    CHECK(der->size() == 2 + (2 + 33) + (2 + 31));
    CHECK((*der)[0] == 0x30);
    CHECK((*der)[2] == 0x02);
    CHECK((*der)[3] == 33);
    CHECK((*der)[4] == 0x00);
    CHECK((*der)[5] == 0x80);
    CHECK((*der)[2 + 35] == 0x02);
    CHECK((*der)[2 + 36] == 31);
    CHECK((*der)[2 + 37] == 0x01);
    CHECK_FALSE(der::ecdsa_signature(bytes{1, 2, 3}));
    CHECK_FALSE(der::ecdsa_signature(bytes{}));
}
