#include <doctest/doctest.h>

#include <string>

#include "../der/hex.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/certificate.hpp"
#include "certreq/x509/csr.hpp"
#include "tool.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;
using model::hash_algorithm;
using model::key_algorithm;

TEST_CASE("AlgorithmIdentifier: RSA PKCS#1 v1.5 with NULL, ECDSA without parameters") {
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha1)) ==
          norm("30 0d 06 09 2a 86 48 86 f7 0d 01 01 05 05 00"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha256)) ==
          norm("30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha384)) ==
          norm("30 0d 06 09 2a 86 48 86 f7 0d 01 01 0c 05 00"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha512)) ==
          norm("30 0d 06 09 2a 86 48 86 f7 0d 01 01 0d 05 00"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha1)) ==
          norm("30 09 06 07 2a 86 48 ce 3d 04 01"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha256)) ==
          norm("30 0a 06 08 2a 86 48 ce 3d 04 03 02"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha384)) ==
          norm("30 0a 06 08 2a 86 48 ce 3d 04 03 03"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha512)) ==
          norm("30 0a 06 08 2a 86 48 ce 3d 04 03 04"));
    CHECK(to_hex(x509::public_key_algorithm(key_algorithm::rsa)) == norm("30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00"));
    CHECK(to_hex(x509::public_key_algorithm(key_algorithm::ec, model::curve::p256)) ==
          norm("30 13 06 07 2a 86 48 ce 3d 02 01 06 08 2a 86 48 ce 3d 03 01 07"));
    CHECK(to_hex(x509::public_key_algorithm(key_algorithm::ec, model::curve::p384)) ==
          norm("30 10 06 07 2a 86 48 ce 3d 02 01 06 05 2b 81 04 00 22"));
}

TEST_CASE("AlgorithmIdentifier: RSASSA-PSS with explicit parameters (RFC 4055)") {
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha256, true)) == norm(R"(
        30 41
           06 09 2a 86 48 86 f7 0d 01 01 0a                  -- id-RSASSA-PSS
           30 34                                             -- RSASSA-PSS-params
              a0 0f                                          --   [0] hashAlgorithm
                 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00   -- sha256, NULL
              a1 1c                                          --   [1] maskGenAlgorithm
                 30 1a 06 09 2a 86 48 86 f7 0d 01 01 08      --     id-mgf1
                    30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00  -- sha256, NULL
              a2 03 02 01 20                                 --   [2] saltLength 32
    )"));
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha512, true)).substr(0, 5) == "30 41");
    // SHA-1 is every DEFAULT: empty parameters.
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::rsa, hash_algorithm::sha1, true)) ==
          norm("30 0d 06 09 2a 86 48 86 f7 0d 01 01 0a 30 00"));
    // EC keys ignore the PSS flag.
    CHECK(to_hex(x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha256, true)) ==
          norm("30 0a 06 08 2a 86 48 ce 3d 04 03 02"));
}

static model::name subject_cn(const char* cn) {
    model::name n;
    n.rdns.push_back({model::attribute_value{"2.5.4.3", model::string_kind::printable, cn, {}}});
    return n;
}

TEST_CASE("CertificationRequestInfo and CertificationRequest layout") {
    auto subject = subject_cn("a");
    bytes spki = hex("30 03 02 01 00");  // stand-in: written verbatim
    model::request r;
    r.suppress_defaults = true;
    auto info = x509::certification_request_info(subject, spki, x509::request_attributes::from_request(r));
    REQUIRE(info);
    CHECK(to_hex(*info) == norm(R"(
        30 18
           02 01 00                                  -- version v1(0)
           30 0c 31 0a 30 08 06 03 55 04 03 13 01 61 -- subject CN=a
           30 03 02 01 00                            -- subjectPKInfo (verbatim)
           a0 00                                     -- attributes: none
    )"));
    bytes alg = x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha256);
    bytes sig = hex("01 02");
    CHECK(to_hex(x509::certification_request(*info, alg, sig)) ==
          norm("30 2b " + to_hex(*info) + " " + to_hex(alg) + " 03 03 00 01 02"));
}

TEST_CASE("TBSCertificate layout: v3, positive serial, UTCTime/GeneralizedTime, [3] extensions") {
    auto name = subject_cn("a");
    bytes serial = hex("00 80 01");
    bytes alg = x509::signature_algorithm(key_algorithm::ec, hash_algorithm::sha256);
    bytes spki = hex("30 00");
    std::vector<model::extension> exts = {{"2.5.29.19", true, model::basic_constraints{true, std::nullopt}, {}}};
    x509::tbs_fields f;
    f.serial = serial;
    f.signature_algorithm_der = alg;
    f.issuer = &name;
    f.subject = &name;
    f.not_before = 0;
    f.not_after = 2524608000;  // 2050: GeneralizedTime
    f.spki_der = spki;
    f.extensions = &exts;
    auto tbs = x509::tbs_certificate(f);
    REQUIRE(tbs);
    CHECK(to_hex(*tbs) == norm(R"(
        30 6b
           a0 03 02 01 02                                  -- version v3
           02 03 00 80 01                                  -- serialNumber (leading 00 kept: top bit)
           30 0a 06 08 2a 86 48 ce 3d 04 03 02             -- signature ecdsa-with-SHA256
           30 0c 31 0a 30 08 06 03 55 04 03 13 01 61       -- issuer CN=a
           30 20                                           -- validity
              17 0d 37 30 30 31 30 31 30 30 30 30 30 30 5a          -- 700101000000Z
              18 0f 32 30 35 30 30 31 30 31 30 30 30 30 30 30 5a    -- 20500101000000Z
           30 0c 31 0a 30 08 06 03 55 04 03 13 01 61       -- subject CN=a
           30 00                                           -- subjectPublicKeyInfo (verbatim)
           a3 13 30 11                                     -- [3] EXPLICIT Extensions
              30 0f 06 03 55 1d 13 01 01 ff 04 05 30 03 01 01 ff   -- basicConstraints critical cA
    )"));
    // No extensions: [3] is omitted. A zero serial is 02 01 00.
    f.extensions = nullptr;
    bytes zero = hex("00 00");
    f.serial = zero;
    auto bare = x509::tbs_certificate(f);
    REQUIRE(bare);
    CHECK(bare->size() == 0x6b + 2 - 21 - 2);
    CHECK(to_hex(byte_view(*bare).subspan(7, 3)) == norm("02 01 00"));
    f.issuer = nullptr;
    CHECK_FALSE(x509::tbs_certificate(f));
}

TEST_CASE("CertificationRequestInfo into every buffer size: too small fails, never writes past the span") {
    model::request r;
    r.subject.rdns.push_back({model::attribute_value{"2.5.4.3", model::string_kind::printable, "a", {}},
                              model::attribute_value{"2.5.4.10", model::string_kind::bmp, "b", {}}});
    r.extensions.push_back({"2.5.29.15", true, model::key_usage{0xa0}, {}});
    r.extensions.push_back({"2.5.29.17", false, model::alt_name{{model::dns_name{"a"}}}, {}});
    r.name_values.push_back({"CertificateTemplate", "User", {}});
    bytes spki = hex("30 03 02 01 00");
    auto attrs = x509::request_attributes::from_request(r);
    auto value = x509::certification_request_info_value(r.subject, spki, attrs);
    auto expect = der::encode(value);
    REQUIRE(expect);
    REQUIRE(expect->size() == value.encoded_size());
    for (std::size_t n = 0; n <= expect->size() + 1; ++n) {
        CAPTURE(n);
        bytes buf(n + 4, 0xee);
        auto got = der::encode_into(std::span<std::uint8_t>(buf.data(), n), value);
        if (n < expect->size()) {
            CHECK_FALSE(got);
        } else {
            REQUIRE(got);
            CHECK(bytes(buf.begin(), buf.begin() + std::ptrdiff_t(*got)) == *expect);
        }
        for (std::size_t i = std::min(n, expect->size()); i < buf.size(); ++i) CHECK(buf[i] == 0xee);
    }
}
