// The -new / -accept flow across mbed/ and store/: a new key is saved with
// its pending request; the certificate's public key finds the request again.
#include <doctest/doctest.h>

#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/store/store.hpp"
#include "support.hpp"

using namespace certreq;

TEST_CASE("store + mbed: -new saves key and pending request; -accept finds them by SPKI SHA-1") {
    store_test::temp_store t;
    auto st = store::key_store::open(store::scope::user);
    REQUIRE(st);
    auto key = mbed::private_key::generate_ec(model::curve::p256, *mbed::system_rng());
    REQUIRE(key);
    auto spki = key->public_key_der();
    REQUIRE(spki);
    std::string container = store::default_container_name();
    {
        store::rollback tx;
        REQUIRE(st->save_key(container, *key->pkcs8_pem(), false, &tx));
        store::pending_request p;
        p.key_container = container;
        p.public_key_sha1 = store::to_hex(mbed::sha1(*spki));
        REQUIRE(st->add_pending_request(p, as_bytes("request DER"), &tx));
        tx.commit();
    }
    // -accept: the certificate carries the same SPKI.
    auto found = st->find_pending_by_public_key(store::to_hex(mbed::sha1(*spki)));
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->key_container == container);
    auto pem = st->load_key((*found)->key_container);
    REQUIRE(pem);
    auto loaded = mbed::private_key::load(as_bytes(*pem));
    REQUIRE(loaded);
    CHECK(*loaded->public_key_der() == *spki);
    auto sig = mbed::sign(*loaded, model::hash_algorithm::sha256, false, as_bytes("tbs"));
    REQUIRE(sig);
    CHECK(*mbed::verify(*spki, model::hash_algorithm::sha256, false, as_bytes("tbs"), *sig));
}
