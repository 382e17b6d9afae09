#include "certreq/mbed/sign.hpp"

#include <doctest/doctest.h>

#include <string>

#include "certreq/mbed/key.hpp"
#include "support.hpp"

using namespace certreq;
using model::hash_algorithm;
using mbed_test::file_bytes;

namespace {

mbed::private_key load_ok(std::string_view file) {
    auto k = mbed::private_key::load(file_bytes(file));
    if (!k) FAIL(std::string(file) << ": " << k.err().message());
    return std::move(*k);
}

bytes unhex(std::string_view h) {
    bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

const char* dgst_name(hash_algorithm h) {
    switch (h) {
        case hash_algorithm::sha1: return "-sha1";
        case hash_algorithm::sha256: return "-sha256";
        case hash_algorithm::sha384: return "-sha384";
        case hash_algorithm::sha512: return "-sha512";
    }
    return "";
}

const hash_algorithm all_hashes[] = {hash_algorithm::sha1, hash_algorithm::sha256, hash_algorithm::sha384, hash_algorithm::sha512};

}  // namespace

TEST_CASE("mbed::sign/verify: every key type and hash round-trips; tampering fails") {
    auto tbs = as_bytes("to be signed");
    auto other = as_bytes("to be signeD");
    for (const char* file : {"p256.pkcs8.pem", "p384.sec1.pem", "p521.pkcs8.pem", "rsa2048.pkcs8.pem", "rsa1024.pkcs1.pem"}) {
        auto key = load_ok(file);
        auto spki = *key.public_key_der();
        for (bool pss : {false, true}) {
            if (pss && key.algorithm() == model::key_algorithm::ec) continue;
            for (auto h : all_hashes) {
                if (pss && h == hash_algorithm::sha512 && key.bits() == 1024) continue;  // 64+64+2 > 128 bytes
                CAPTURE(file);
                CAPTURE(pss);
                CAPTURE(mbed::digest_size(h));
                auto sig = mbed::sign(key, h, pss, tbs);
                REQUIRE(sig);
                if (key.algorithm() == model::key_algorithm::rsa) CHECK(sig->size() == key.bits() / 8);
                CHECK(*mbed::verify(spki, h, pss, tbs, *sig) == true);
                CHECK(*mbed::verify(spki, h, pss, other, *sig) == false);
                if (key.algorithm() == model::key_algorithm::rsa) CHECK(*mbed::verify(spki, h, !pss, tbs, *sig) == false);
                bytes bad = *sig;
                bad[bad.size() / 2] ^= 1;
                CHECK(*mbed::verify(spki, h, pss, tbs, bad) == false);
                CHECK(*mbed::verify(spki, h, pss, tbs, byte_view(*sig).first(sig->size() - 1)) == false);
            }
        }
    }
}

TEST_CASE("mbed::sign: ECDSA is deterministic (RFC 6979): same key + data -> same bytes") {
    auto key = load_ok("p256.pkcs8.pem");
    auto g = mbed::ctr_drbg::seeded();
    REQUIRE(g);
    auto a = mbed::sign(key, hash_algorithm::sha256, false, as_bytes("data"));
    auto b = mbed::sign(key, hash_algorithm::sha256, false, as_bytes("data"), g->ref());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(*a == *b);
    auto c = mbed::sign(key, hash_algorithm::sha256, false, as_bytes("data2"));
    CHECK(*a != *c);
    // RSA-PSS uses a random salt: two signatures differ, both verify.
    auto rsa = load_ok("rsa2048.pkcs8.pem");
    auto p1 = mbed::sign(rsa, hash_algorithm::sha256, true, as_bytes("data"));
    auto p2 = mbed::sign(rsa, hash_algorithm::sha256, true, as_bytes("data"));
    CHECK(*p1 != *p2);
    // PKCS#1 v1.5 is deterministic by construction.
    CHECK(*mbed::sign(rsa, hash_algorithm::sha256, false, as_bytes("data")) ==
          *mbed::sign(rsa, hash_algorithm::sha256, false, as_bytes("data")));
}

// RFC 6979 A.2.5: P-256, SHA-256, message "sample".
TEST_CASE("mbed::sign: RFC 6979 A.2.5 test vector (P-256, SHA-256, \"sample\")") {
    bytes sec1 = unhex("30310201010420C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721A00A06082A8648CE3D030107");
    auto key = mbed::private_key::load(sec1);
    REQUIRE(key);
    auto sig = mbed::sign(*key, hash_algorithm::sha256, false, as_bytes("sample"));
    REQUIRE(sig);
    CHECK(mbed_test::hex(*sig) ==
          "3046"
          "022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
          "022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
}

TEST_CASE("mbed::sign: openssl dgst verifies PKCS#1 v1.5, PSS (salt = hash length) and ECDSA") {
    if (!mbed_test::have_openssl()) return;
    mbed_test::scratch_dir dir;
    auto tbs = as_bytes("certreq cross-check\n");
    mbed_test::write_bytes(dir / "data", tbs);
    for (const char* file : {"rsa2048.pkcs8.pem", "p256.pkcs8.pem", "p384.sec1.pem", "p521.pkcs8.pem"}) {
        auto key = load_ok(file);
        auto pub = mbed_test::spki_pem(*key.public_key_der());
        mbed_test::write_bytes(dir / "pub.pem", as_bytes(pub));
        for (bool pss : {false, true}) {
            if (pss && key.algorithm() == model::key_algorithm::ec) continue;
            for (auto h : all_hashes) {
                CAPTURE(file);
                CAPTURE(pss);
                CAPTURE(dgst_name(h));
                auto sig = mbed::sign(key, h, pss, tbs);
                REQUIRE(sig);
                mbed_test::write_bytes(dir / "sig", *sig);
                std::string cmd = std::string("openssl dgst ") + dgst_name(h) + " -verify " + (dir / "pub.pem") + " -signature " + (dir / "sig");
                if (pss) cmd += " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1";
                CHECK(mbed_test::run(cmd + " " + (dir / "data")));
                if (pss) {  // and not with another salt length
                    std::string wrong = std::string("openssl dgst ") + dgst_name(h) + " -verify " + (dir / "pub.pem") + " -signature " +
                                        (dir / "sig") + " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:" +
                                        std::to_string(mbed::digest_size(h) + 1);
                    CHECK(!mbed_test::run(wrong + " " + (dir / "data")));
                }
            }
        }
    }
}

TEST_CASE("mbed::sign/verify: errors") {
    auto ec = load_ok("p256.pkcs8.pem");
    auto r = mbed::sign(ec, hash_algorithm::sha256, true, as_bytes("x"));
    REQUIRE(!r);
    CHECK(r.err().message() == "sign: RSASSA-PSS (AlternateSignatureAlgorithm) needs an RSA key, not an EC key");

    auto small = load_ok("rsa1024.pkcs1.pem");
    r = mbed::sign(small, hash_algorithm::sha512, true, as_bytes("x"));
    REQUIRE(!r);
    CHECK(r.err().message() == "mbedtls_rsa_rsassa_pss_sign_ext: RSA - Bad input parameters to function (-0x4080)");
    // The failed PSS attempt leaves the key usable for PKCS#1 v1.5.
    auto ok = mbed::sign(small, hash_algorithm::sha256, false, as_bytes("x"));
    REQUIRE(ok);
    CHECK(*mbed::verify(*small.public_key_der(), hash_algorithm::sha256, false, as_bytes("x"), *ok));

    auto v = mbed::verify(as_bytes("not a key"), hash_algorithm::sha256, false, as_bytes("x"), as_bytes("sig"));
    REQUIRE(!v);
    CHECK(v.err().call == "mbedtls_pk_parse_public_key");
    v = mbed::verify(file_bytes("p256.spki.der"), hash_algorithm::sha256, true, as_bytes("x"), as_bytes("sig"));
    REQUIRE(!v);
    CHECK(v.err().message() == "verify: RSASSA-PSS needs an RSA key, not an EC key");
}
