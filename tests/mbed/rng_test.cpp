#include "certreq/mbed/rng.hpp"

#include <doctest/doctest.h>

#include <array>

#include "certreq/mbed/error.hpp"
#include "support.hpp"

using namespace certreq;

TEST_CASE("mbed::system_rng: seeded once, gives different output each call") {
    auto r1 = mbed::system_rng();
    REQUIRE(r1);
    auto r2 = mbed::system_rng();
    REQUIRE(r2);
    CHECK(r1->ctx == r2->ctx);  // one process-wide generator
    std::array<std::uint8_t, 32> a{}, b{};
    CHECK(r1->fill(a) == 0);
    CHECK(r2->fill(b) == 0);
    CHECK(a != b);
    CHECK(a != std::array<std::uint8_t, 32>{});
}

TEST_CASE("mbed::ctr_drbg: seeded generators differ; deterministic ones repeat") {
    auto g1 = mbed::ctr_drbg::seeded();
    auto g2 = mbed::ctr_drbg::seeded();
    REQUIRE(g1);
    REQUIRE(g2);
    std::array<std::uint8_t, 16> a{}, b{};
    CHECK(g1->ref().fill(a) == 0);
    CHECK(g2->ref().fill(b) == 0);
    CHECK(a != b);

    auto d1 = mbed::ctr_drbg::deterministic(as_bytes("seed"));
    auto d2 = mbed::ctr_drbg::deterministic(as_bytes("seed"));
    auto d3 = mbed::ctr_drbg::deterministic(as_bytes("other seed"));
    REQUIRE(d1);
    REQUIRE(d2);
    REQUIRE(d3);
    std::array<std::uint8_t, 64> x{}, y{}, z{};
    CHECK(d1->ref().fill(x) == 0);
    CHECK(d2->ref().fill(y) == 0);
    CHECK(d3->ref().fill(z) == 0);
    CHECK(x == y);
    CHECK(x != z);
    // A moved generator keeps its state (the context lives on the heap).
    mbed::ctr_drbg moved = std::move(*d1);
    CHECK(moved.ref().fill(x) == 0);
    CHECK(d2->ref().fill(y) == 0);
    CHECK(x == y);
}

TEST_CASE("mbed::ctr_drbg::deterministic: empty seed is an error") {
    auto d = mbed::ctr_drbg::deterministic({});
    REQUIRE(!d);
    CHECK(d.err().message() == "ctr_drbg::deterministic: empty seed");
}

TEST_CASE("mbed::error: message with and without an mbedTLS code") {
    auto e = mbed::failed("mbedtls_pk_parse_key", -0x3D00);
    CHECK(e.code == -0x3D00);
    CHECK(e.message() == "mbedtls_pk_parse_key: PK - Invalid key tag or value (-0x3D00)");
    CHECK(mbed::refused("x", "y").message() == "x: y");
}
