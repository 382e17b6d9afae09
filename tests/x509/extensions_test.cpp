#include <doctest/doctest.h>

#include "../der/hex.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/x509/extension.hpp"

using namespace certreq;
using certreq::test::hex;
using certreq::test::norm;
using certreq::test::to_hex;

static std::string value_hex(const model::extension_value& v) {
    auto r = x509::encode_extension_value(v);
    REQUIRE(r);
    return to_hex(*r);
}

static std::string ext_hex(const model::extension& e) {
    auto r = x509::encode_extension(e);
    REQUIRE(r);
    return to_hex(*r);
}

TEST_CASE("Extension: critical KeyUsage, the spec's sample bytes") {
    model::extension e{"2.5.29.15", true, model::key_usage{0xa0}, {}};
    CHECK(ext_hex(e) == norm(R"(
        30 0e                   -- Extension
           06 03 55 1d 0f       --   extnID keyUsage
           01 01 ff             --   critical TRUE
           04 04                --   extnValue
              03 02 05 a0       --     BIT STRING digitalSignature, keyEncipherment
    )"));
    e.critical = false;  // DEFAULT FALSE is omitted
    CHECK(ext_hex(e) == norm("30 0b 06 03 55 1d 0f 04 04 03 02 05 a0"));
}

TEST_CASE("KeyUsage: Windows flags -> BIT STRING with trailing zero bits trimmed") {
    struct {
        std::uint16_t flags;
        const char* der;
    } cases[] = {
        {0xa0, "03 02 05 a0"},    {0x80, "03 02 07 80"},    {0x06, "03 02 01 06"},  // spec reminders
        {0x01, "03 02 00 01"},    {0x02, "03 02 01 02"},    {0xff, "03 02 00 ff"},
        {0x8000, "03 03 07 00 80"},                                                   // decipherOnly
        {0x8001, "03 03 07 01 80"}, {0x80a0, "03 03 07 a0 80"},
        {0, "03 01 00"},
    };
    for (auto& c : cases) {
        CAPTURE(c.flags);
        CHECK(value_hex(model::key_usage{c.flags}) == norm(c.der));
    }
}

TEST_CASE("BasicConstraints: cA DEFAULT FALSE omitted") {
    CHECK(value_hex(model::basic_constraints{false, std::nullopt}) == norm("30 00"));
    CHECK(value_hex(model::basic_constraints{true, std::nullopt}) == norm("30 03 01 01 ff"));
    CHECK(value_hex(model::basic_constraints{true, 0u}) == norm("30 06 01 01 ff 02 01 00"));
    CHECK(value_hex(model::basic_constraints{true, 200u}) == norm("30 07 01 01 ff 02 02 00 c8"));
    CHECK(ext_hex({"2.5.29.19", true, model::basic_constraints{true, 3u}, {}}) ==
          norm("30 12 06 03 55 1d 13 01 01 ff 04 08 30 06 01 01 ff 02 01 03"));
}

TEST_CASE("ExtendedKeyUsage: OIDs in order") {
    CHECK(value_hex(model::extended_key_usage{{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}}) == norm(R"(
        30 14
           06 08 2b 06 01 05 05 07 03 01   -- serverAuth
           06 08 2b 06 01 05 05 07 03 02   -- clientAuth
    )"));
    CHECK_FALSE(x509::encode_extension_value(model::extended_key_usage{{"1.3.6.1.5.5.7.3.1", "serverAuth"}}));
}

TEST_CASE("SubjectAltName: GeneralNames") {
    model::alt_name san{{model::dns_name{"a.b"}, model::other_name{"1.3.6.1.4.1.311.20.2.3", hex("0c 03 75 40 64")}}};
    CHECK(value_hex(san) == norm("30 1a 82 03 61 2e 62 a0 13 06 0a 2b 06 01 04 01 82 37 14 02 03 a0 05 0c 03 75 40 64"));
}

TEST_CASE("CertificatePolicies: CPS as IA5String, user notice explicitText as UTF8String") {
    model::certificate_policies p;
    p.policies.push_back({"2.5.29.32.0", {}});
    p.policies.push_back({"1.2.3", {{model::policy_qualifier::kind::cps, "http://c/"},
                                    {model::policy_qualifier::kind::user_notice, "hi"}}});
    CHECK(value_hex(p) == norm(R"(
        30 39
           30 06 06 04 55 1d 20 00                       -- anyPolicy, no qualifiers
           30 2f
              06 02 2a 03                                -- 1.2.3
              30 29
                 30 15
                    06 08 2b 06 01 05 05 07 02 01        -- id-qt-cps
                    16 09 68 74 74 70 3a 2f 2f 63 2f     -- IA5String "http://c/"
                 30 10
                    06 08 2b 06 01 05 05 07 02 02        -- id-qt-unotice
                    30 04 0c 02 68 69                    -- UserNotice { explicitText UTF8String "hi" }
    )"));
}

TEST_CASE("NameConstraints: [0]/[1] IMPLICIT GeneralSubtrees, min/max omitted") {
    model::name_constraints nc;
    nc.permitted = {model::dns_name{".a"}, model::ip_address{hex("0a 00 00 00 ff 00 00 00")}};
    nc.excluded = {model::rfc822_name{"b"}};
    CHECK(value_hex(nc) == norm(R"(
        30 1b
           a0 12                                  -- permittedSubtrees
              30 04 82 02 2e 61                   --   GeneralSubtree { dNSName ".a" }
              30 0a 87 08 0a 00 00 00 ff 00 00 00 --   GeneralSubtree { iPAddress 10.0.0.0/255.0.0.0 }
           a1 05                                  -- excludedSubtrees
              30 03 81 01 62                      --   GeneralSubtree { rfc822Name "b" }
    )"));
    model::name_constraints only_excluded;
    only_excluded.excluded = {model::dns_name{"x"}};
    CHECK(value_hex(only_excluded) == norm("30 07 a1 05 30 03 82 01 78"));
    CHECK(value_hex(model::name_constraints{}) == norm("30 00"));
}

TEST_CASE("PolicyMappings and PolicyConstraints") {
    CHECK(value_hex(model::policy_mappings{{{"1.2.3", "1.2.4"}}}) == norm("30 0a 30 08 06 02 2a 03 06 02 2a 04"));
    CHECK(value_hex(model::policy_constraints{0u, std::nullopt}) == norm("30 03 80 01 00"));
    CHECK(value_hex(model::policy_constraints{std::nullopt, 2u}) == norm("30 03 81 01 02"));
    CHECK(value_hex(model::policy_constraints{1u, 300u}) == norm("30 07 80 01 01 81 02 01 2c"));
    CHECK(value_hex(model::policy_constraints{}) == norm("30 00"));
}

TEST_CASE("SubjectKeyIdentifier: OCTET STRING; an empty id is refused") {
    bytes id = hex("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14");
    CHECK(value_hex(model::subject_key_identifier{id}) == norm("04 14 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14"));
    CHECK_FALSE(x509::encode_extension_value(model::subject_key_identifier{}));
}

TEST_CASE("SMIMECapabilities and raw values") {
    model::smime_capabilities caps{{{"1.2.840.113549.3.2", hex("02 02 00 80")}, {"1.3.14.3.2.7", {}}}};
    CHECK(value_hex(caps) == norm(R"(
        30 19
           30 0e 06 08 2a 86 48 86 f7 0d 03 02 02 02 00 80   -- rc2-cbc, 128 bits
           30 07 06 05 2b 0e 03 02 07                        -- desCBC
    )"));
    CHECK(ext_hex({"1.3.6.1.5.5.7.48.1.5", false, model::raw_value{hex("05 00")}, {}}) ==
          norm("30 0f 06 09 2b 06 01 05 05 07 30 01 05 04 02 05 00"));
}

TEST_CASE("Extensions: SEQUENCE OF Extension in order; check_extensions reports positions") {
    std::vector<model::extension> list = {
        {"2.5.29.19", true, model::basic_constraints{false, std::nullopt}, {}},
        {"2.5.29.15", true, model::key_usage{0x06}, {}},
    };
    auto r = der::encode(x509::extensions(list));
    REQUIRE(r);
    CHECK(to_hex(*r) == norm(R"(
        30 1e
           30 0c 06 03 55 1d 13 01 01 ff 04 02 30 00             -- basicConstraints critical, cA FALSE
           30 0e 06 03 55 1d 0f 01 01 ff 04 04 03 02 01 06       -- keyUsage critical keyCertSign|cRLSign
    )"));
    diagnostics d;
    CHECK(x509::check_extensions(list, d));
    std::vector<model::extension> bad = {
        {"2.5.29.x", false, model::raw_value{hex("05 00")}, {3, 1}},
        {"2.5.29.14", false, model::subject_key_identifier{}, {4, 1}},
    };
    CHECK_FALSE(x509::check_extensions(bad, d));
    REQUIRE(d.items().size() == 2);
    CHECK(d.items()[0].pos == position{3, 1});
    CHECK(d.items()[0].message == "extension \"2.5.29.x\": not a valid OBJECT IDENTIFIER");
    CHECK(d.items()[1].pos == position{4, 1});
    CHECK(d.items()[1].message == "extension 2.5.29.14: the value cannot be encoded (invalid OID, non-ASCII IA5String text or empty key identifier)");
}

TEST_CASE("AuthorityKeyIdentifier keyIdentifier form (spec reminder: 30 16 80 14 <20 bytes>)") {
    bytes id(20, 0xab);
    auto v = x509::authority_key_identifier(id);
    REQUIRE(v);
    CHECK(to_hex(*v) == norm("30 16 80 14 ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab"));
    CHECK_FALSE(x509::authority_key_identifier(byte_view{}));
    // Carried as a raw extension value, written verbatim inside extnValue.
    CHECK(ext_hex({"2.5.29.35", false, model::raw_value{*v}, {}}).substr(0, 29) == norm("30 1f 06 03 55 1d 23 04 18 30"));
}
