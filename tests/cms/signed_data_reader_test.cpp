#include "certreq/cms/signed_data_reader.hpp"

#include <doctest/doctest.h>

#include <string>

#include "certreq/cms/signed_data.hpp"
#include "support.hpp"

using namespace certreq;
using namespace cms_test;
using model::hash_algorithm;

namespace {

// two_signers builds id-data "payload" signed by the EC key (SKI, no cert
// included) and the agent (issuerAndSerialNumber, cert included).
bytes two_signers(const mbed::private_key& ec, const mbed::private_key& agent, const bytes& agent_cert, const bytes& ski,
                  bool attrs = true) {
    cms::signed_data_fields f;
    f.content = as_bytes("payload");
    f.certificates = {agent_cert};
    cms::signer a;
    a.key = &ec;
    a.sid = cms::signer_id::subject_key_id;
    a.key_id = ski;
    a.signed_attributes = attrs;
    cms::signer b;
    b.key = &agent;
    b.digest = hash_algorithm::sha512;
    b.cert = agent_cert;
    b.signed_attributes = attrs;
    b.standard_signature_oid = true;
    f.signers = {a, b};
    auto out = cms::signed_data(f);
    REQUIRE(out);
    return *out;
}

}  // namespace

TEST_CASE("cms::read_signed_data + verify_signer: what the builder wrote reads back and verifies") {
    auto ec = key_file("ec-key.pem");
    auto agent = key_file("agent-key.pem");
    bytes agent_cert = data("agent.der"), ec_cert = data("ec.der");
    bytes ski = cms::key_id_of(ec_cert);
    CHECK(hex(ski) == "a253e94835d4c63215c0faa43761edbe5f50aa9b");
    for (bool attrs : {true, false}) {
        CAPTURE(attrs);
        bytes der = two_signers(ec, agent, agent_cert, ski, attrs);
        auto v = cms::read_signed_data(der);
        REQUIRE(v);
        CHECK(v->version == 3);
        CHECK(v->content_type == "1.2.840.113549.1.7.1");
        REQUIRE(v->content);
        CHECK(std::string(as_chars(*v->content)) == "payload");
        REQUIRE(v->certificates.size() == 1);
        REQUIRE(v->signers.size() == 2);
        CHECK(v->digest_algorithms.size() == 2);
        for (std::size_t i = 0; i < 2; ++i) {
            const auto& s = v->signers[i];
            auto cert = cms::find_signer_certificate(*v, s, {ec_cert});
            REQUIRE(cert);
            CHECK(*cert == (s.by_key_id ? ec_cert : agent_cert));
            auto c = cms::read_certificate(*cert);
            auto st = cms::verify_signer(*v, i, c->spki);
            CHECK_MESSAGE(st.ok(), (st.ok() ? "" : st.err().message));
            CHECK(s.attributes.size() == (attrs ? 2u : 0u));
        }
        // Without the extra certificate the SKI signer's cert is not found.
        for (const auto& s : v->signers)
            if (s.by_key_id) CHECK(!cms::find_signer_certificate(*v, s));
        // The wrong key fails, naming the signer.
        std::size_t ski_index = v->signers[0].by_key_id ? 0 : 1;
        auto agent_spki = *agent.public_key_der();
        auto bad = cms::verify_signer(*v, ski_index, agent_spki);
        REQUIRE(!bad);
        CHECK(bad.err().message == "signer " + std::to_string(ski_index + 1) +
                                           " (subjectKeyIdentifier a253e94835d4c63215c0faa43761edbe5f50aa9b): "
                                           "the signature does not verify");
    }
}

TEST_CASE("cms::verify_signer: a changed content or attribute is caught with the check that failed") {
    auto ec = key_file("ec-key.pem");
    auto agent = key_file("agent-key.pem");
    bytes agent_cert = data("agent.der"), ec_cert = data("ec.der");
    bytes ski = cms::key_id_of(ec_cert);
    bytes der = two_signers(ec, agent, agent_cert, ski);
    // "payload" -> "paYload": the messageDigest no longer matches.
    bytes changed = der;
    auto at = std::search(changed.begin(), changed.end(), std::begin("payload"), std::end("payload") - 1);
    REQUIRE(at != changed.end());
    at[2] = 'Y';
    auto v = cms::read_signed_data(changed);
    REQUIRE(v);
    std::size_t agent_index = v->signers[0].by_key_id ? 1 : 0;
    auto st = cms::verify_signer(*v, agent_index, cms::read_certificate(agent_cert)->spki);
    REQUIRE(!st);
    CHECK(st.err().message == "signer " + std::to_string(agent_index + 1) +
                                      " (serial number 1002): the messageDigest attribute does not match the content");
    // The same content with the attributes left alone but a signature bit flipped.
    bytes flipped = der;
    auto w = cms::read_signed_data(der);
    auto sig = w->signers[agent_index].signature;
    flipped[std::size_t(sig.data() - der.data()) + 10] ^= 1;
    auto fv = cms::read_signed_data(flipped);
    st = cms::verify_signer(*fv, agent_index, cms::read_certificate(agent_cert)->spki);
    REQUIRE(!st);
    CHECK(st.err().message == "signer " + std::to_string(agent_index + 1) + " (serial number 1002): the signature does not verify");
}

TEST_CASE("cms::read_signed_data: not SignedData, or not DER, is an error with an offset") {
    auto env = cms::read_signed_data(unhex("300f06092a864886f70d010703a0023000"));
    REQUIRE(!env);
    CHECK(env.err().message == "expected CMS SignedData (1.2.840.113549.1.7.2), found content type 1.2.840.113549.1.7.3");
    auto junk = cms::read_signed_data(unhex("3003020101ff"));
    REQUIRE(!junk);
    auto certs = cms::certs_only({data("ca.der")});
    auto v = cms::read_signed_data(*certs);
    REQUIRE(v);
    CHECK(v->signers.empty());
    CHECK(!v->content);
    CHECK(v->certificates.size() == 1);
}

namespace {

// version_offset: the offset in `der` of the one-octet version INTEGER that
// opens the SEQUENCE `seq` (a view into `der`), which must hold `expect`.
std::size_t version_offset(const bytes& der, byte_view seq, std::uint8_t expect) {
    auto t = asn1::parse_one(seq);
    REQUIRE(t);
    asn1::reader fields(t->content);
    auto version = fields.next(nullptr);
    REQUIRE(version);
    REQUIRE(version->content.size() == 1);
    REQUIRE(version->content[0] == expect);
    return std::size_t(version->content.data() - der.data());
}

}  // namespace

TEST_CASE("cms::read_signed_data: versions RFC 5652 does not allow are refused") {
    auto key = key_file("ec-key.pem");
    cms::signed_data_fields f;
    f.content = as_bytes("x");
    cms::signer s;
    s.key = &key;
    s.sid = cms::signer_id::subject_key_id;
    bytes ski = unhex("a253e94835d4c63215c0faa43761edbe5f50aa9b");
    s.key_id = ski;
    f.signers.push_back(s);
    auto der = cms::signed_data(f);
    REQUIRE(der);
    // ContentInfo { OID, [0] { SignedData { INTEGER 3, ... } } }: find the version octet.
    auto ci = asn1::parse_one(*der);
    REQUIRE(ci);
    asn1::reader outer(ci->content);
    auto oid = outer.next(nullptr);
    auto tagged = outer.next(nullptr);
    REQUIRE(oid);
    REQUIRE(tagged);
    bytes v2 = *der;
    v2[version_offset(*der, tagged->content, 3)] = 2;
    auto r = cms::read_signed_data(v2);
    REQUIRE(!r);
    CHECK(r.err().message == "SignedData: version 2 is not 1, 3, 4 or 5 (RFC 5652 5.1)");
    // The SignerInfo's version 3 -> 1 while its sid is a subjectKeyIdentifier.
    auto v = cms::read_signed_data(*der);
    REQUIRE(v);
    bytes si1 = *der;
    si1[version_offset(*der, v->signers[0].whole, 3)] = 1;
    r = cms::read_signed_data(si1);
    REQUIRE(!r);
    CHECK(r.err().message == "SignedData: SignerInfo 1 has version 1, not 3 as its subjectKeyIdentifier requires");
}
