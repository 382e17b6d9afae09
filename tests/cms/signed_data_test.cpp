#include "certreq/cms/signed_data.hpp"

#include <doctest/doctest.h>

#include <string>

#include "certreq/asn1/decode.hpp"
#include "support.hpp"

using namespace certreq;
using namespace cms_test;
using model::hash_algorithm;

namespace {

const std::string ca_file = data_path("ca.pem");

// verify runs `openssl cms -verify` on DER and returns its output (the content on success).
run_result openssl_verify(const bytes& der, const std::string& name, const std::string& extra = "") {
    auto dir = scratch(name);
    write_file(dir / "sd.der", der);
    return run("(openssl cms -verify -binary -inform DER -in " + (dir / "sd.der").string() + " -CAfile " + ca_file +
               " -purpose any " + extra + " -out " + (dir / "out.bin").string() + " && cat " + (dir / "out.bin").string() + ")");
}

asn1::decoded decode_sd(const bytes& ci) {
    auto d = asn1::decode(asn1::module::cms, "ContentInfo", ci);
    REQUIRE(d);
    REQUIRE(d.value->oid("contentType") == "1.2.840.113549.1.7.2");
    auto inner = d.value->inner("content");
    REQUIRE(inner);
    auto sd = asn1::decode(asn1::module::cms, "SignedData", inner->whole, inner->offset);
    REQUIRE(sd);
    return std::move(*sd.value);
}

}  // namespace

TEST_CASE("cms::signed_data: RSA signer by issuerAndSerialNumber, signed attributes, cert included; openssl verifies") {
    auto key = key_file("ca-key.pem");
    bytes cert = data("ca.der");
    std::string content = "hello, CMS";
    cms::signed_data_fields f;
    f.content = as_bytes(content);
    f.certificates = {cert};
    cms::signer s;
    s.key = &key;
    s.digest = hash_algorithm::sha256;
    s.cert = cert;
    f.signers.push_back(s);
    auto out = cms::signed_data(f);
    REQUIRE(out);

    auto r = openssl_verify(*out, "rsa-ias");
    CHECK(r.status == 0);
    CHECK(r.output.find("hello, CMS") != std::string::npos);

    auto sd = decode_sd(*out);
    CHECK(*sd.small_int("version") == 1);
    CHECK(sd.count("digestAlgorithms") == 1);
    CHECK(sd.oid("digestAlgorithms.?1.algorithm") == "2.16.840.1.101.3.4.2.1");
    CHECK(sd.oid("encapContentInfo.eContentType") == "1.2.840.113549.1.7.1");
    CHECK(sd.count("certificates") == 1);
    CHECK(!sd.present("crls"));
    CHECK(sd.count("signerInfos") == 1);
    CHECK(*sd.small_int("signerInfos.?1.version") == 1);
    CHECK(sd.choice("signerInfos.?1.sid") == "issuerAndSerialNumber");
    CHECK(sd.count("signerInfos.?1.signedAttrs") == 2);
    // certreq's label for an RSA signature in CMS: rsaEncryption NULL.
    CHECK(sd.oid("signerInfos.?1.signatureAlgorithm.algorithm") == "1.2.840.113549.1.1.1");
    CHECK(hex(sd.element("signerInfos.?1.signatureAlgorithm")->whole) == "300d06092a864886f70d0101010500");
}

TEST_CASE("cms::signed_data: EC signer by subjectKeyIdentifier, PKIData content type -> v3; openssl verifies with the cert given") {
    auto key = key_file("ec-key.pem");
    bytes ski = unhex("a253e94835d4c63215c0faa43761edbe5f50aa9b");
    bytes content = {0x30, 0x00};
    cms::signed_data_fields f;
    f.content_type = "1.3.6.1.5.5.7.12.2";
    f.content = content;
    cms::signer s;
    s.key = &key;
    s.digest = hash_algorithm::sha1;
    s.sid = cms::signer_id::subject_key_id;
    s.key_id = ski;
    f.signers.push_back(s);
    auto out = cms::signed_data(f);
    REQUIRE(out);
    auto sd = decode_sd(*out);
    CHECK(*sd.small_int("version") == 3);
    CHECK(!sd.present("certificates"));
    CHECK(*sd.small_int("signerInfos.?1.version") == 3);
    CHECK(sd.choice("signerInfos.?1.sid") == "subjectKeyIdentifier");
    CHECK(hex(sd.element("signerInfos.?1.sid")->whole) == "8014" + hex(ski));
    CHECK(sd.oid("signerInfos.?1.signatureAlgorithm.algorithm") == "1.2.840.10045.4.1");
    CHECK(hex(sd.element("digestAlgorithms.?1")->whole) == "300906052b0e03021a0500");
    // The contentType attribute carries the eContentType.
    for (std::size_t i = 1; i <= 2; ++i) {
        std::string p = "signerInfos.?1.signedAttrs.?" + std::to_string(i);
        if (sd.oid(p + ".attrType") == "1.2.840.113549.1.9.3")
            CHECK(hex(sd.element(p + ".attrValues.?1")->whole) == "06082b06010505070c02");
    }

    auto r = openssl_verify(*out, "ec-ski", "-certfile " + data_path("ec.pem"));
    CHECK(r.status == 0);
}

TEST_CASE("cms::signed_data: two signers (request key by SKI + agent by issuerAndSerialNumber), extra signed attribute") {
    auto ec = key_file("ec-key.pem");
    auto agent = key_file("agent-key.pem");
    bytes agent_cert = data("agent.der");
    bytes content = {0x04, 0x01, 0x41};
    cms::signed_data_fields f;
    f.content_type = "1.3.6.1.5.5.7.12.2";
    f.content = content;
    f.certificates = {agent_cert};
    cms::signer a;
    a.key = &ec;
    a.digest = hash_algorithm::sha256;
    a.sid = cms::signer_id::subject_key_id;
    bytes ski = unhex("a253e94835d4c63215c0faa43761edbe5f50aa9b");
    a.key_id = ski;
    cms::signer b;
    b.key = &agent;
    b.digest = hash_algorithm::sha384;
    b.cert = agent_cert;
    // signingTime 2026-01-01 00:00:00Z, as an extra signed attribute.
    b.extra_attributes.push_back(*cms::attribute("1.2.840.113549.1.9.5", unhex("170d3236303130313030303030305a")));
    f.signers = {a, b};
    auto out = cms::signed_data(f);
    REQUIRE(out);
    auto sd = decode_sd(*out);
    CHECK(*sd.small_int("version") == 3);
    CHECK(sd.count("digestAlgorithms") == 2);
    CHECK(sd.count("signerInfos") == 2);
    // SET OF SignerInfo is DER-sorted: the short EC SignerInfo (v3, by SKI) sorts before the RSA agent's (v1).
    CHECK(*sd.small_int("signerInfos.?1.version") == 3);
    CHECK(*sd.small_int("signerInfos.?2.version") == 1);
    CHECK(sd.count("signerInfos.?1.signedAttrs") == 2);
    CHECK(sd.count("signerInfos.?2.signedAttrs") == 3);
    CHECK(sd.oid("signerInfos.?2.digestAlgorithm.algorithm") == "2.16.840.1.101.3.4.2.2");

    auto r = openssl_verify(*out, "two-signers", "-certfile " + data_path("ec.pem"));
    CHECK(r.status == 0);
    CHECK(r.output.find("Verification successful") != std::string::npos);
}

TEST_CASE("cms::signed_data: no signed attributes (PKCS #7 renewal style) and detached content") {
    auto key = key_file("agent-key.pem");
    bytes cert = data("agent.der");
    std::string content = "the PKCS#10 would be here";
    cms::signed_data_fields f;
    f.content = as_bytes(content);
    f.certificates = {cert};
    cms::signer s;
    s.key = &key;
    s.digest = hash_algorithm::sha1;
    s.cert = cert;
    s.signed_attributes = false;
    f.signers.push_back(s);
    auto out = cms::signed_data(f);
    REQUIRE(out);
    auto sd = decode_sd(*out);
    CHECK(*sd.small_int("version") == 1);
    CHECK(!sd.present("signerInfos.?1.signedAttrs"));
    // The signature is PKCS#1 v1.5 over the content itself.
    auto spki = *key.public_key_der();
    auto sig = sd.octets("signerInfos.?1.signature");
    CHECK(*mbed::verify(spki, hash_algorithm::sha1, false, as_bytes(content), sig->content) == true);
    auto r = openssl_verify(*out, "no-attrs");
    CHECK(r.status == 0);
    CHECK(r.output.find(content) != std::string::npos);

    f.detached = true;
    f.signers[0].signed_attributes = true;
    auto det = cms::signed_data(f);
    REQUIRE(det);
    auto dsd = decode_sd(*det);
    CHECK(!dsd.present("encapContentInfo.eContent"));
    auto dir = scratch("detached");
    write_file(dir / "content.bin", as_bytes(content));
    auto rd = openssl_verify(*det, "detached-v", "-content " + (dir / "content.bin").string());
    CHECK(rd.status == 0);
    write_file(dir / "other.bin", as_bytes(content + "!"));
    auto bad = openssl_verify(*det, "detached-x", "-content " + (dir / "other.bin").string());
    CHECK(bad.status != 0);
}

TEST_CASE("cms::certs_only: degenerate SignedData with the chain in order") {
    auto out = cms::certs_only({data("ec.der"), data("ca.der")});
    REQUIRE(out);
    auto sd = decode_sd(*out);
    CHECK(*sd.small_int("version") == 1);
    CHECK(sd.count("digestAlgorithms") == 0);
    CHECK(sd.count("signerInfos") == 0);
    CHECK(!sd.present("encapContentInfo.eContent"));
    REQUIRE(sd.count("certificates") == 2);
    auto first = sd.element("certificates.?1")->whole;
    CHECK(bytes(first.begin(), first.end()) == data("ec.der"));
    auto dir = scratch("certs-only");
    write_file(dir / "p7.der", *out);
    auto r = run("openssl pkcs7 -inform DER -in " + (dir / "p7.der").string() + " -print_certs -noout");
    CHECK(r.status == 0);
    auto ec_at = r.output.find("subject=CN = EC signer");
    auto ca_at = r.output.find("subject=CN = Test CMS CA");
    CHECK(ec_at != std::string::npos);
    CHECK(ca_at != std::string::npos);
    CHECK(ec_at < ca_at);
    // The exact bytes for a tiny pseudo-certificate list.
    auto tiny = cms::certs_only({bytes{0x30, 0x00}}, {bytes{0x30, 0x01, 0x05}});
    REQUIRE(!tiny);  // 30 01 05 is not DER: refused
    auto ok = cms::certs_only({bytes{0x30, 0x00}}, {bytes{0x30, 0x00}});
    REQUIRE(ok);
    CHECK(hex(*ok) == "302b" "06092a864886f70d010702" "a01e" "301c" "020101" "3100" "300b06092a864886f70d010701"
                      "a0023000" "a1023000" "3100");
}

TEST_CASE("cms::signed_data: errors name the signer and what is wrong") {
    auto key = key_file("ec-key.pem");
    cms::signed_data_fields f;
    f.content = as_bytes("x");
    cms::signer s;
    f.signers.push_back(s);
    auto r = cms::signed_data(f);
    REQUIRE(!r);
    CHECK(r.err().message == "signer 1: no private key");

    f.signers[0].key = &key;
    f.signers[0].sid = cms::signer_id::subject_key_id;
    r = cms::signed_data(f);
    REQUIRE(!r);
    CHECK(r.err().message == "signer 1: no subjectKeyIdentifier to name the signer by");

    f.signers[0].sid = cms::signer_id::issuer_and_serial;
    bytes junk = {0x01, 0x02};
    f.signers[0].cert = junk;
    r = cms::signed_data(f);
    REQUIRE(!r);
    CHECK(r.err().message.rfind("signer 1: certificate: ", 0) == 0);

    f.signers.clear();
    f.content_type = "1.2.bad";
    r = cms::signed_data(f);
    REQUIRE(!r);
    CHECK(r.err().message == "content type \"1.2.bad\" is not an OID");

    f.content_type = "1.2.840.113549.1.7.1";
    f.content.reset();
    f.detached = true;
    r = cms::signed_data(f);
    REQUIRE(!r);
    CHECK(r.err().message == "a detached signature needs the content to sign");
}
