#include <doctest/doctest.h>

#include "certreq/core/base64.hpp"

using namespace certreq;

TEST_CASE("base64 round trips RFC 4648 vectors") {
    const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; ++i) {
        CHECK(base64::encode(as_bytes(plain[i])) == coded[i]);
        auto d = base64::decode(coded[i]);
        REQUIRE(d);
        CHECK(as_chars(*d) == plain[i]);
    }
}

TEST_CASE("base64 wraps lines and accepts unpadded, spaced input") {
    bytes b(60, 0xff);
    auto s = base64::encode(b, 64);
    CHECK(s.substr(64, 2) == "\r\n");
    CHECK(s.size() == 80 + 2);
    auto d = base64::decode("AwIB\r\n Bg");  // unpadded, as the MS SAN sample
    REQUIRE(d);
    CHECK(*d == bytes{0x03, 0x02, 0x01, 0x06});
}

TEST_CASE("base64 rejects bad input with an offset") {
    auto bad = base64::decode("Zm9v!");
    REQUIRE_FALSE(bad);
    CHECK(bad.err().offset == 4);
    CHECK(bad.err().message == "not a base64 character");
    CHECK(base64::decode("Z").err().message == "truncated base64 (one dangling character)");
    CHECK(base64::decode("Zg=a").err().message == "data after '=' padding");
    CHECK(base64::decode("Zh==").err().message == "non-zero trailing bits");  // trailing bits set
    CHECK(base64::decode("Zh==").err().offset == 4);
}
