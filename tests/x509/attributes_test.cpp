#include <doctest/doctest.h>

#include "../der/der_hex.hpp"
#include "certreq/x509/attributes.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;

using certreq::test::der_hex;

TEST_CASE("ENROLLMENT_NAME_VALUE_PAIR: CertificateTemplate=User (S-P10: 30 32 1e 26 ... 1e 08 ...)") {
    CHECK(der_hex(x509::name_value_attribute("CertificateTemplate", "User")) == norm(R"(
        30 42                                         -- Attribute
           06 0a 2b 06 01 04 01 82 37 0d 02 01        --   1.3.6.1.4.1.311.13.2.1
           31 34                                      --   SET
              30 32                                   --     SEQUENCE
                 1e 26 00 43 00 65 00 72 00 74 00 69 00 66 00 69 00 63 00 61 00 74 00 65
                       00 54 00 65 00 6d 00 70 00 6c 00 61 00 74 00 65   -- BMPString "CertificateTemplate"
                 1e 08 00 55 00 73 00 65 00 72                           -- BMPString "User"
    )"));
}

TEST_CASE("OS version, client info, CSP info (spec 7.2)") {
    CHECK(der_hex(x509::os_version_attribute("10.0.19045.2")) == norm(R"(
        30 1c
           06 0a 2b 06 01 04 01 82 37 0d 02 03                 -- 1.3.6.1.4.1.311.13.2.3
           31 0e 16 0c 31 30 2e 30 2e 31 39 30 34 35 2e 32     -- SET { IA5String "10.0.19045.2" }
    )"));
    CHECK(der_hex(x509::client_info_attribute(9, "h.d", "D\\u", "certreq")) == norm(R"(
        30 25
           06 09 2b 06 01 04 01 82 37 15 14                   -- 1.3.6.1.4.1.311.21.20
           31 18
              30 16
                 02 01 09                                     -- clientId 9 (ClientIdCertReq)
                 0c 03 68 2e 64                               -- machine
                 0c 03 44 5c 75                               -- DOMAIN\user
                 0c 07 63 65 72 74 72 65 71                   -- process
    )"));
    CHECK(der_hex(x509::csp_info_attribute(1, "P")) == norm(R"(
        30 1a
           06 0a 2b 06 01 04 01 82 37 0d 02 02                -- 1.3.6.1.4.1.311.13.2.2
           31 0c
              30 0a
                 02 01 01                                     -- keySpec AT_KEYEXCHANGE
                 1e 02 00 50                                  -- BMPString "P"
                 03 01 00                                     -- empty BIT STRING
    )"));
}

TEST_CASE("challengePassword: PrintableString if printable, else UTF8String") {
    CHECK(der_hex(x509::challenge_password_attribute("abc")) ==
          norm("30 12 06 09 2a 86 48 86 f7 0d 01 09 07 31 05 13 03 61 62 63"));
    CHECK(der_hex(x509::challenge_password_attribute("a_c")) ==
          norm("30 12 06 09 2a 86 48 86 f7 0d 01 09 07 31 05 0c 03 61 5f 63"));
}

TEST_CASE("extensionRequest: SET { Extensions }") {
    std::vector<model::extension> list = {{"2.5.29.15", true, model::key_usage{0x80}, {}}};
    CHECK(der_hex(x509::extension_request_attribute(list)) == norm(R"(
        30 1f
           06 09 2a 86 48 86 f7 0d 01 09 0e                   -- extensionRequest
           31 12
              30 10                                           -- Extensions
                 30 0e 06 03 55 1d 0f 01 01 ff 04 04 03 02 07 80
    )"));
}

TEST_CASE("attributes: [0] IMPLICIT SET OF, sorted by encoding; SuppressDefaults drops the identity ones") {
    model::request r;
    r.extensions = {{"2.5.29.15", true, model::key_usage{0x80}, {}}};
    r.name_values = {{"CertificateTemplate", "User", {}}};
    r.defaults.machine = "h";
    r.defaults.user = "D\\u";
    r.key_spec = 1;
    auto a = x509::request_attributes::from_request(r);
    auto out = der::encode(x509::attributes_value(a));
    REQUIRE(out);
    // Sizes: OS 30 1c, extensionRequest 30 1f, client info 30 27, name/value 30 42, CSP 30 66:
    // DER order here is decided by the length octet: 1c < 1f < 27 < 42 < 66. The defaults are
    // certreq.exe's (spec 7.2): process "certreq.exe", "Microsoft Strong Cryptographic Provider".
    std::vector<std::string> expect = {
        der_hex(x509::os_version_attribute("10.0.19045.2")),
        der_hex(x509::extension_request_attribute(r.extensions)),
        der_hex(x509::client_info_attribute(9, "h", "D\\u", "certreq.exe")),
        der_hex(x509::name_value_attribute("CertificateTemplate", "User")),
        der_hex(x509::csp_info_attribute(1, "Microsoft Strong Cryptographic Provider")),
    };
    std::string joined;
    std::size_t total = 0;
    for (auto& e : expect) {
        joined += ' ' + e;
        total += (e.size() + 1) / 3;
    }
    REQUIRE(total == 30 + 33 + 41 + 68 + 104);
    CHECK(to_hex(*out) == norm("a0 82 01 14" + joined));

    r.suppress_defaults = true;
    auto s = der::encode(x509::attributes_value(x509::request_attributes::from_request(r)));
    REQUIRE(s);
    CHECK(to_hex(*s) == norm("a0 65 " + der_hex(x509::extension_request_attribute(r.extensions)) + " " +
                             der_hex(x509::name_value_attribute("CertificateTemplate", "User"))));

    model::request empty;
    empty.suppress_defaults = true;
    auto e = der::encode(x509::attributes_value(x509::request_attributes::from_request(empty)));
    REQUIRE(e);
    CHECK(to_hex(*e) == norm("a0 00"));
}
