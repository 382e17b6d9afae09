#include "certreq/mbed/hash.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

using namespace certreq;
using mbed_test::hex;

// FIPS 180-2 appendix vectors for "abc".
TEST_CASE("mbed::hash: FIPS 180 'abc' vectors") {
    auto abc = as_bytes("abc");
    CHECK(hex(mbed::sha1(abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex(mbed::sha256(abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(mbed::sha384(abc)) ==
          "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    CHECK(hex(mbed::sha512(abc)) ==
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST_CASE("mbed::hash: by model::hash_algorithm, sizes, empty input") {
    using model::hash_algorithm;
    CHECK(mbed::digest_size(hash_algorithm::sha1) == 20);
    CHECK(mbed::digest_size(hash_algorithm::sha256) == 32);
    CHECK(mbed::digest_size(hash_algorithm::sha384) == 48);
    CHECK(mbed::digest_size(hash_algorithm::sha512) == 64);
    CHECK(hex(mbed::hash(hash_algorithm::sha256, {})) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(mbed::hash(hash_algorithm::sha1, {})) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    auto abc = as_bytes("abc");
    auto d384 = mbed::sha384(abc);
    CHECK(mbed::hash(hash_algorithm::sha384, abc) == bytes(d384.begin(), d384.end()));
    CHECK(mbed::hash(hash_algorithm::sha512, abc).size() == 64);
}
