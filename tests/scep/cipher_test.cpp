// mbed/cipher.hpp and mbed/rsa_transport.hpp: known answers and round trips.
#include <doctest/doctest.h>

#include <string>

#include "certreq/mbed/cipher.hpp"
#include "certreq/mbed/rsa_transport.hpp"
#include "certreq/store/hex.hpp"
#include "vectors.hpp"

using namespace certreq;

namespace {
bytes unhex(std::string_view h) {
    bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(std::uint8_t(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}
}  // namespace

TEST_CASE("AES-128-CBC: NIST SP 800-38A F.2.1 first block, then PKCS#7 padding") {
    bytes key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
    bytes iv = unhex("000102030405060708090a0b0c0d0e0f");
    bytes pt = unhex("6bc1bee22e409f96e93d7e117393172a");
    auto ct = mbed::cbc_encrypt(mbed::content_cipher::aes128_cbc, key, iv, pt);
    REQUIRE(ct);
    REQUIRE(ct->size() == 32);  // a whole block of padding follows
    CHECK(store::to_hex(byte_view(*ct).first(16)) == "7649abac8119b246cee98e9b12e9197d");
    auto back = mbed::cbc_decrypt(mbed::content_cipher::aes128_cbc, key, iv, *ct);
    REQUIRE(back);
    CHECK(*back == pt);
}

TEST_CASE("every cipher round-trips every length 0..33; a wrong key fails") {
    for (auto c : {mbed::content_cipher::des_cbc, mbed::content_cipher::des3_cbc, mbed::content_cipher::aes128_cbc,
                   mbed::content_cipher::aes192_cbc, mbed::content_cipher::aes256_cbc}) {
        const auto& ci = mbed::info(c);
        bytes key(ci.key_size, 0x42), iv(ci.iv_size, 0x17);
        for (std::size_t n = 0; n <= 33; ++n) {
            bytes pt(n, std::uint8_t(n));
            auto ct = mbed::cbc_encrypt(c, key, iv, pt);
            REQUIRE(ct);
            CHECK(ct->size() == (n / ci.iv_size + 1) * ci.iv_size);
            auto back = mbed::cbc_decrypt(c, key, iv, *ct);
            REQUIRE(back);
            CHECK(*back == pt);
        }
        CHECK(mbed::cipher_by_oid(ci.oid) == c);
        auto bad = mbed::cbc_decrypt(c, key, iv, bytes(ci.iv_size * 2 + 1, 0));
        REQUIRE(!bad);
        CHECK(bad.err().text.find("not a whole number of blocks") != std::string::npos);
    }
    auto short_key = mbed::cbc_encrypt(mbed::content_cipher::aes256_cbc, bytes(16), bytes(16), bytes(3));
    REQUIRE(!short_key);
    CHECK(short_key.err().text == "AES-256-CBC needs a 32-byte key, got 16");
}

TEST_CASE("RSA key transport round trip, and decrypting the captured 02 request's key with the CA key") {
    auto ca = scep_test::key("ca-key.pem");
    auto spki = ca.public_key_der();
    REQUIRE(spki);
    auto rng = mbed::system_rng();
    REQUIRE(rng);
    bytes cek(32, 0xA5);
    auto ek = mbed::rsa_encrypt(*spki, cek, *rng);
    REQUIRE(ek);
    CHECK(ek->size() == 256);
    auto back = ca.decrypt_key_transport(*ek, *rng);
    REQUIRE(back);
    CHECK(bytes(back->begin(), back->end()) == cek);
    bytes wrong = *ek;
    wrong[5] ^= 0xFF;
    CHECK(!ca.decrypt_key_transport(wrong, *rng));
    CHECK(!ca.decrypt_key_transport(bytes(10), *rng));
}
