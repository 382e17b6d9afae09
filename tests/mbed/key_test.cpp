#include "certreq/mbed/key.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "certreq/core/base64.hpp"
#include "support.hpp"

using namespace certreq;
using mbed_test::file_bytes;

namespace {

mbed::private_key load_ok(std::string_view file) {
    auto k = mbed::private_key::load(file_bytes(file));
    if (!k) FAIL(std::string(file) << ": " << k.err().message());
    return std::move(*k);
}

std::string load_error(std::string_view file) {
    auto k = mbed::private_key::load(file_bytes(file));
    return k ? std::string("(loaded)") : k.err().message();
}

mbed::rng_ref test_rng() {
    static auto g = mbed::ctr_drbg::deterministic(as_bytes("certreq mbed key tests"));
    REQUIRE(g);
    return g->ref();
}

}  // namespace

TEST_CASE("private_key::load: openssl-written PKCS#8, PKCS#1 and SEC1 files") {
    struct row {
        const char* file;
        model::key_algorithm alg;
        std::size_t bits;
        model::curve curve;
        const char* spki;
    };
    const row rows[] = {
        {"p256.pkcs8.pem", model::key_algorithm::ec, 256, model::curve::p256, "p256.spki.der"},
        {"p256.pkcs8.der", model::key_algorithm::ec, 256, model::curve::p256, "p256.spki.der"},
        {"rsa2048.pkcs8.pem", model::key_algorithm::rsa, 2048, model::curve::none, "rsa2048.spki.der"},
        {"rsa2048.pkcs8.der", model::key_algorithm::rsa, 2048, model::curve::none, "rsa2048.spki.der"},
        {"rsa1024.pkcs1.pem", model::key_algorithm::rsa, 1024, model::curve::none, "rsa1024.spki.der"},
        {"p384.sec1.pem", model::key_algorithm::ec, 384, model::curve::p384, "p384.spki.der"},  // with EC PARAMETERS block
        {"p521.pkcs8.pem", model::key_algorithm::ec, 521, model::curve::p521, "p521.spki.der"},
    };
    for (auto& r : rows) {
        CAPTURE(r.file);
        auto k = load_ok(r.file);
        CHECK(k.algorithm() == r.alg);
        CHECK(k.bits() == r.bits);
        CHECK(k.curve() == r.curve);
        auto spki = k.public_key_der();
        REQUIRE(spki);
        CHECK(*spki == file_bytes(r.spki));  // = openssl pkey -pubout -outform DER
    }
}

TEST_CASE("private_key::pkcs8_der/pem: byte-identical to openssl's PKCS#8") {
    for (const char* name : {"p256", "rsa2048"}) {
        CAPTURE(name);
        auto k = load_ok(std::string(name) + ".pkcs8.pem");
        auto der = k.pkcs8_der();
        REQUIRE(der);
        CHECK(same_bytes(*der, file_bytes(std::string(name) + ".pkcs8.der")));
        auto pem = k.pkcs8_pem();
        REQUIRE(pem);
        CHECK(*pem == as_chars(file_bytes(std::string(name) + ".pkcs8.pem")));
    }
    // P-384 and P-521: ECPrivateKey with the public key, no [0] parameters, as
    // `openssl pkey` writes PKCS#8 (p384.pkcs8.pem is `openssl pkey -in p384.sec1.pem`, OpenSSL 3.0).
    for (const char* name : {"p384.pkcs8.pem", "p521.pkcs8.pem"}) {
        CAPTURE(name);
        auto k = load_ok(name);
        auto pem = k.pkcs8_pem();
        REQUIRE(pem);
        CHECK(*pem == as_chars(file_bytes(name)));
    }
}

TEST_CASE("private_key::pkcs8_pem: mbedTLS's base64 gives the bytes the old encoder gave") {
    // The PEM used to be core/base64.hpp's encode(der, 64, "\n") between the
    // BEGIN and END lines; it is now made with mbedtls_base64_encode in wiped
    // memory. Same bytes for every key in tests/mbed/data...
    auto old_pem = [](byte_view der, std::string_view label = "PRIVATE KEY") {
        return "-----BEGIN " + std::string(label) + "-----\n" + base64::encode(der, 64, "\n") + "\n-----END " +
               std::string(label) + "-----\n";
    };
    for (const char* file : {"p256.pkcs8.pem", "p256.pkcs8.der", "rsa2048.pkcs8.pem", "rsa1024.pkcs1.pem", "p384.sec1.pem",
                             "p521.pkcs8.pem"}) {
        CAPTURE(file);
        auto k = load_ok(file);
        auto der = k.pkcs8_der();
        auto pem = k.pkcs8_pem();
        REQUIRE(der);
        REQUIRE(pem);
        CHECK(std::string_view(*pem) == old_pem(*der));
        auto again = mbed::private_key::load(as_bytes(*pem));  // and it reads back
        REQUIRE(again);
        CHECK(*again->pkcs8_der() == *der);
    }
    // ...and for every length modulo 3 and around the 48-byte line boundary.
    bytes data;
    for (std::size_t n = 1; n <= 200; ++n) {
        CAPTURE(n);
        data.push_back(static_cast<std::uint8_t>(n * 37 + 11));
        auto pem = mbed::detail::pem_of("PRIVATE KEY", data);
        REQUIRE(pem);
        CHECK(std::string_view(*pem) == old_pem(data));
    }
}

TEST_CASE("private_key::load: PEM with CRLF, blanks, no final newline, no '=' padding") {
    for (const char* file : {"p256.pkcs8.pem", "p384.sec1.pem", "p521.pkcs8.pem"}) {  // PKCS#8 DER length 0, 2, 1 mod 3
        CAPTURE(file);
        auto pem = load_ok(file).pkcs8_pem();
        REQUIRE(pem);
        std::string text;
        for (char c : std::string_view(*pem)) c == '\n' ? text.append(" \r\n\t") : c == '=' ? text : text.append(1, c);
        text.resize(text.size() - 4);
        auto k = mbed::private_key::load(as_bytes(text));
        REQUIRE(k);
        CHECK(*k->pkcs8_pem() == *pem);
    }
    std::string dangling = "-----BEGIN PRIVATE KEY-----\nMAAAM\n-----END PRIVATE KEY-----\n";
    auto k = mbed::private_key::load(as_bytes(dangling));
    REQUIRE(!k);
    CHECK(k.err().message() == "load private key: bad base64 in the PRIVATE KEY block: truncated base64 (one dangling character)");
}

TEST_CASE("private_key::pkcs8_der: PKCS#1 and SEC1 inputs re-encode as openssl pkcs8 -topk8 does") {
    if (!mbed_test::have_openssl()) return;
    mbed_test::scratch_dir dir;
    for (const char* file : {"rsa1024.pkcs1.pem", "p384.sec1.pem", "p521.pkcs8.pem"}) {
        CAPTURE(file);
        auto k = load_ok(file);
        REQUIRE(mbed_test::run("openssl pkcs8 -topk8 -nocrypt -outform DER -in " + mbed_test::data_path(file) + " -out " + (dir / "ref.der")));
        auto der = k.pkcs8_der();
        REQUIRE(der);
        CHECK(same_bytes(*der, mbed_test::read_bytes(dir / "ref.der")));
    }
}

TEST_CASE("private_key::subject_public_key_bits: the SPKI BIT STRING contents") {
    auto ec = load_ok("p256.pkcs8.pem");
    auto bits = ec.subject_public_key_bits();
    REQUIRE(bits);
    auto spki = file_bytes("p256.spki.der");
    REQUIRE(bits->size() == 65);
    CHECK((*bits)[0] == 0x04);  // uncompressed point
    CHECK(bytes(spki.end() - 65, spki.end()) == *bits);
    CHECK(spki[spki.size() - 66] == 0x00);  // unused-bits octet, excluded

    auto rsa = load_ok("rsa2048.pkcs8.pem");
    bits = rsa.subject_public_key_bits();
    REQUIRE(bits);
    spki = file_bytes("rsa2048.spki.der");
    REQUIRE(bits->size() == 270);  // 30 82 01 0a, n (257), e (5)
    CHECK(bytes(spki.end() - 270, spki.end()) == *bits);
}

TEST_CASE("private_key::load: refusals name the problem") {
    CHECK(load_error("p256.encrypted.pem") ==
          "load private key: the key file is encrypted; password-protected keys are not supported "
          "(decrypt it first, e.g. openssl pkey -in key.pem -out plain.pem)");
    CHECK(load_error("dsa1024.pkcs8.pem") == "load private key: not supported: DSA keys");
    CHECK(load_error("ed25519.pkcs8.pem") == "load private key: not supported: Ed25519 keys");
    CHECK(load_error("dh2048.pkcs8.pem") == "load private key: not supported: DH keys");
    CHECK(load_error("k256.sec1.pem") == "load private key: not supported: EC curve secp256k1 (use P-256, P-384 or P-521)");
    CHECK(load_error("p256.spki.der") == "mbedtls_pk_parse_key: PK - Invalid key tag or value (-0x3D00)");

    std::string traditional_dsa = "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n";
    auto k = mbed::private_key::load(as_bytes(traditional_dsa));
    REQUIRE(!k);
    CHECK(k.err().message() == "load private key: not supported: DSA keys");

    std::string legacy_encrypted =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMAA=\n-----END RSA PRIVATE KEY-----\n";
    k = mbed::private_key::load(as_bytes(legacy_encrypted));
    REQUIRE(!k);
    CHECK(k.err().code == 0);
    CHECK(k.err().text.starts_with("the key file is encrypted"));

    std::string only_cert = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    k = mbed::private_key::load(as_bytes(only_cert));
    REQUIRE(!k);
    CHECK(k.err().message() == "load private key: no private key block in PEM data (found: CERTIFICATE)");

    std::string truncated = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEG\n";
    k = mbed::private_key::load(as_bytes(truncated));
    REQUIRE(!k);
    CHECK(k.err().message() == "load private key: no complete PEM block found");

    std::string bad_base64 = "-----BEGIN PRIVATE KEY-----\nMI*A\n-----END PRIVATE KEY-----\n";
    k = mbed::private_key::load(as_bytes(bad_base64));
    REQUIRE(!k);
    CHECK(k.err().message() == "load private key: bad base64 in the PRIVATE KEY block: not a base64 character, or '=' out of place");
    std::string bad_padding = "-----BEGIN PRIVATE KEY-----\nMA=A\n-----END PRIVATE KEY-----\n";
    k = mbed::private_key::load(as_bytes(bad_padding));
    REQUIRE(!k);
    CHECK(k.err().message() == "load private key: bad base64 in the PRIVATE KEY block: not a base64 character, or '=' out of place");

    k = mbed::private_key::load({});
    REQUIRE(!k);
    CHECK(k.err().call == "mbedtls_pk_parse_key");
}

TEST_CASE("private_key::generate_ec: every curve; openssl reads the PKCS#8 back") {
    mbed_test::scratch_dir dir;
    bool openssl = mbed_test::have_openssl();
    const std::pair<model::curve, std::size_t> curves[] = {
        {model::curve::p256, 256}, {model::curve::p384, 384}, {model::curve::p521, 521}};
    for (auto& entry : curves) {
        model::curve c = entry.first;
        std::size_t bits = entry.second;  // not a structured binding: clang 14 cannot capture those
        CAPTURE(bits);
        auto k = mbed::private_key::generate_ec(c, test_rng());
        REQUIRE(k);
        CHECK(k->algorithm() == model::key_algorithm::ec);
        CHECK(k->curve() == c);
        CHECK(k->bits() == bits);
        auto pem = k->pkcs8_pem();
        REQUIRE(pem);
        auto again = mbed::private_key::load(as_bytes(*pem));
        REQUIRE(again);
        CHECK(*again->pkcs8_der() == *k->pkcs8_der());
        if (openssl) {
            mbed_test::write_bytes(dir / "k.pem", as_bytes(*pem));
            REQUIRE(mbed_test::run("openssl pkey -check -noout -in " + (dir / "k.pem")));
            REQUIRE(mbed_test::run("openssl pkey -in " + (dir / "k.pem") + " -pubout -outform DER -out " + (dir / "pub.der")));
            CHECK(mbed_test::read_bytes(dir / "pub.der") == *k->public_key_der());
        }
    }
    auto none = mbed::private_key::generate_ec(model::curve::none, test_rng());
    REQUIRE(!none);
    CHECK(none.err().message() == "generate_ec: no elliptic curve given");
}

TEST_CASE("private_key::generate_rsa: size checks, progress, openssl check") {
    std::vector<mbed::keygen_phase> phases;
    auto k = mbed::private_key::generate_rsa(1024, test_rng(), [&](mbed::keygen_phase p) { phases.push_back(p); });
    REQUIRE(k);
    CHECK(k->algorithm() == model::key_algorithm::rsa);
    CHECK(k->bits() == 1024);
    CHECK(k->curve() == model::curve::none);
    CHECK(phases == std::vector{mbed::keygen_phase::started, mbed::keygen_phase::finished});
    if (mbed_test::have_openssl()) {
        mbed_test::scratch_dir dir;
        mbed_test::write_bytes(dir / "k.pem", as_bytes(*k->pkcs8_pem()));
        REQUIRE(mbed_test::run("openssl pkey -check -noout -in " + (dir / "k.pem")));
            REQUIRE(mbed_test::run("openssl pkey -in " + (dir / "k.pem") + " -pubout -outform DER -out " + (dir / "pub.der")));
        CHECK(mbed_test::read_bytes(dir / "pub.der") == *k->public_key_der());
        CHECK(mbed_test::run("openssl rsa -check -noout -in " + (dir / "k.pem")));
    }
    for (std::uint32_t bad : {0u, 512u, 1000u, 1028u, 8200u, 16384u}) {
        CAPTURE(bad);
        auto r = mbed::private_key::generate_rsa(bad, test_rng());
        REQUIRE(!r);
        CHECK(r.err().message() == "generate_rsa: RSA key length " + std::to_string(bad) +
                                       " is not supported (use a multiple of 8 from 1024 to 8192)");
    }
    CHECK(mbed::private_key::generate_rsa(1032, test_rng()));  // multiples of 8 are fine
}

TEST_CASE("private_key: deterministic rng gives the same key twice") {
    auto g1 = mbed::ctr_drbg::deterministic(as_bytes("golden"));
    auto g2 = mbed::ctr_drbg::deterministic(as_bytes("golden"));
    auto a = mbed::private_key::generate_ec(model::curve::p256, g1->ref());
    auto b = mbed::private_key::generate_ec(model::curve::p256, g2->ref());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(*a->pkcs8_der() == *b->pkcs8_der());

    model::key_params params;
    params.algorithm = model::key_algorithm::ec;
    params.ec_curve = model::curve::p384;
    auto c = mbed::private_key::generate(params, g1->ref());
    REQUIRE(c);
    CHECK(c->curve() == model::curve::p384);
}
