// mbed/rsa_blinding.hpp: a cached pair makes the same (deterministic PKCS#1
// v1.5) signature, is checked against the key, and advances by squaring.
#include "certreq/mbed/rsa_blinding.hpp"

#include <doctest/doctest.h>

#include <string>

#include "certreq/mbed/key.hpp"
#include "certreq/mbed/sign.hpp"
#include "support.hpp"

using namespace certreq;
using model::hash_algorithm;

namespace {

mbed::private_key load(std::string_view file) {
    auto k = mbed::private_key::load(mbed_test::file_bytes(file));
    REQUIRE(k);
    return std::move(*k);
}

}  // namespace

TEST_CASE("a blinding pair carried to a new context: same signature, no new pair made, advanced by squaring") {
    const bytes msg = {'c', 'e', 'r', 't', 'r', 'e', 'q'};
    auto first = load("rsa2048.pkcs8.pem");
    CHECK_FALSE(mbed::blinding_of(first));  // no private-key operation yet
    auto sig1 = mbed::sign(first, hash_algorithm::sha256, false, msg);
    REQUIRE(sig1);
    auto pair = mbed::blinding_of(first);
    REQUIRE(pair);
    CHECK(pair->vf.size() == 256);

    auto next = mbed::squared(first, *pair);
    REQUIRE(next);
    CHECK(next->vf != pair->vf);

    auto second = load("rsa2048.pkcs8.pem");  // a later process
    REQUIRE(mbed::use_blinding(second, *pair));
    auto sig2 = mbed::sign(second, hash_algorithm::sha256, false, msg);
    REQUIRE(sig2);
    CHECK(*sig2 == *sig1);  // blinding never changes a PKCS#1 v1.5 signature
    auto spki = second.public_key_der();
    REQUIRE(spki);
    auto ok = mbed::verify(*spki, hash_algorithm::sha256, false, msg, *sig2);
    REQUIRE(ok);
    CHECK(*ok);
    auto used = mbed::blinding_of(second);  // mbedTLS squared the given pair, as squared() predicted
    REQUIRE(used);
    CHECK(used->vf == next->vf);
    CHECK(used->vi == next->vi);

    auto round = mbed::rsa_blinding_pair::parse(pair->serialize());
    REQUIRE(round);
    CHECK(round->vf == pair->vf);
    CHECK(round->vi == pair->vi);
}

TEST_CASE("pairs that do not belong to the key are refused") {
    auto key = load("rsa2048.pkcs8.pem");
    auto sig = mbed::sign(key, hash_algorithm::sha256, false, bytes{1, 2, 3});
    REQUIRE(sig);
    auto pair = mbed::blinding_of(key);
    REQUIRE(pair);
    auto bad = *pair;
    bad.vi.back() ^= 1;
    CHECK_FALSE(mbed::squared(key, bad));  // Vi * Vf^e != 1
    bad = *pair;
    bad.vf.pop_back();
    CHECK_FALSE(mbed::squared(key, bad));  // wrong length
    bad = *pair;
    std::fill(bad.vf.begin(), bad.vf.end(), 0xff);
    CHECK_FALSE(mbed::squared(key, bad));  // not below N
    auto other = load("rsa1024.pkcs1.pem");
    CHECK_FALSE(mbed::squared(other, *pair));
    auto ec = load("p256.pkcs8.pem");
    CHECK_FALSE(mbed::squared(ec, *pair));
    CHECK_FALSE(mbed::use_blinding(ec, *pair));
    CHECK_FALSE(mbed::rsa_blinding_pair::parse(bytes{1, 2, 3}));
}
