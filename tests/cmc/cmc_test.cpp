#include <doctest/doctest.h>

#include <string>

#include "../cms/support.hpp"
#include "certreq/asn1/decode.hpp"
#include "certreq/cmc/request.hpp"
#include "certreq/cmc/response.hpp"
#include "certreq/cmc/response_reader.hpp"
#include "certreq/cmc/unwrap.hpp"
#include "certreq/cms/signed_data.hpp"

using namespace certreq;
using namespace cms_test;
using model::hash_algorithm;

namespace {

const bytes ski = unhex("a253e94835d4c63215c0faa43761edbe5f50aa9b");

// cmc_request wraps ec-req.der in PKIData with a CMC attributes control and
// signs it with the request key by SKI (spec §9.2), plus the agent when asked (§9.3).
bytes cmc_request(const mbed::private_key& ec, const mbed::private_key* agent, bool tamper = false) {
    bytes csr = data("ec-req.der");
    std::vector<bytes> controls;
    if (agent) controls.push_back(*cmc::reg_info_control(2, cmc::reg_info_text({{"RequesterName", "DOM\\user"}})));
    bytes os_attr = *cms::attribute("1.3.6.1.4.1.311.13.2.3", der::to_bytes(der::ia5_string("10.0.19045.2")));
    controls.push_back(*cmc::cmc_attributes_control(agent ? 3 : 2, 0, {1}, {os_attr}));
    auto body = cmc::pki_data(csr, 1, controls);
    REQUIRE(body);
    cms::signed_data_fields f;
    f.content_type = "1.3.6.1.5.5.7.12.2";
    f.content = byte_view(*body);
    cms::signer s;
    s.key = &ec;
    s.digest = hash_algorithm::sha1;
    s.sid = cms::signer_id::subject_key_id;
    s.key_id = ski;
    f.signers.push_back(s);
    if (agent) {
        f.certificates = {data("agent.der")};
        cms::signer a;
        a.key = agent;
        a.digest = hash_algorithm::sha1;
        a.cert = f.certificates[0];
        f.signers.push_back(a);
    }
    bytes copy = *body;
    if (tamper) {
        // Sign one body, ship another: the messageDigest no longer matches.
        f.content = byte_view(copy);
        auto out = cms::signed_data(f);
        REQUIRE(out);
        auto at = std::search(out->begin(), out->end(), csr.begin(), csr.end());
        REQUIRE(at != out->end());
        at[40] ^= 1;
        return *out;
    }
    auto out = cms::signed_data(f);
    REQUIRE(out);
    return *out;
}

}  // namespace

TEST_CASE("cmc::pki_data and controls: exact DER of the shapes in spec §9.2/§9.3") {
    bytes csr = {0x30, 0x00};
    auto ri = cmc::reg_info_control(2, cmc::reg_info_text({{"CertificateTemplate", "User"}, {"RequesterName", "DOM\\user"}}));
    REQUIRE(ri);
    CHECK(cmc::reg_info_text({{"RequesterName", "DOM\\user"}}) == "RequesterName=DOM%5Cuser&");
    // SEQUENCE { INTEGER 2, OID 1.3.6.1.5.5.7.7.18, SET { OCTET STRING "CertificateTemplate=User&RequesterName=DOM%5Cuser&" } }
    std::string text = "CertificateTemplate=User&RequesterName=DOM%5Cuser&";
    CHECK(hex(*ri) == "3043" "020102" "06082b06010505070712" "3134" "0432" + hex(as_bytes(text)));
    auto attrs = cmc::cmc_attributes_control(2, 0, {1}, {});
    REQUIRE(attrs);
    CHECK(hex(*attrs) == "301d" "020102" "060a2b0601040182370a0a01" "310c" "300a" "020100" "3003020101" "3100");
    auto body = cmc::pki_data(csr, 1, {*attrs});
    REQUIRE(body);
    CHECK(hex(*body) == "302e" "301f" + hex(*attrs) + "3007" "a005" "020101" "3000" "3000" "3000");
    auto ae = cmc::add_extensions_control(2, 1, {}, {unhex("300c0603551d130101ff04023000")});
    REQUIRE(ae);
    CHECK(hex(*ae) == "3026" "020102" "06082b06010505070708" "3117" "3015" "020101" "3000" "300e" "300c0603551d130101ff04023000");
    CHECK(!cmc::pki_data(bytes{0x30, 0x01}, 1, {}));
    auto bad = cmc::cmc_attributes_control(2, 0, {1}, {bytes{0x02, 0x01, 0x00}});
    REQUIRE(!bad);
    CHECK(bad.err().message == "a CMC attribute is not one DER Attribute");
}

TEST_CASE("cmc::full_response: success with the issued cert; openssl verifies; read back") {
    auto ca_key = key_file("ca-key.pem");
    bytes ca = data("ca.der"), issued = data("ec.der");
    cmc::response_fields f;
    f.body_list = {1};
    f.certificates = {issued};
    cmc::ca_signer signer{&ca_key, ca, hash_algorithm::sha256};
    auto out = cmc::full_response(f, signer);
    REQUIRE(out);

    auto dir = scratch("cmc-response");
    write_file(dir / "resp.der", *out);
    auto r = run("openssl cms -verify -binary -inform DER -in " + (dir / "resp.der").string() + " -CAfile " + data_path("ca.pem") +
                 " -purpose any -out " + (dir / "body.der").string());
    CHECK(r.status == 0);
    // The verified body is the PKIResponse: statusInfoV2 success for body part 1.
    auto body = read_file(dir / "body.der");
    CHECK(hex(body) == "3021" "301b" "3019" "020101" "06082b06010505070719" "310a" "3008" "020100" "3003020101" "3000" "3000");
    auto parse = run("openssl asn1parse -inform DER -in " + (dir / "body.der").string());
    CHECK(parse.output.find("OBJECT            :1.3.6.1.5.5.7.7.25") != std::string::npos);

    auto rr = cmc::read_full_response(*out);
    REQUIRE(rr);
    CHECK(rr->signature_verified);
    REQUIRE(rr->status);
    CHECK(rr->status->status == cmc::cmc_status::success);
    CHECK(rr->status->body_list == std::vector<cmc::body_part_id>{1});
    REQUIRE(rr->certificates.size() == 2);  // issued, then the CA added
    CHECK(rr->certificates[0] == issued);
    CHECK(rr->certificates[1] == ca);
}

TEST_CASE("cmc::full_response: failed with failInfo, pending with pendInfo") {
    auto ca_key = key_file("ca-key.pem");
    bytes ca = data("ca.der");
    cmc::ca_signer signer{&ca_key, ca, hash_algorithm::sha256};

    cmc::response_fields failed;
    failed.status = cmc::cmc_status::failed;
    failed.fail = cmc::fail_info::bad_request;
    failed.body_list = {7};
    failed.status_string = "Denied by Policy Module";
    auto body = cmc::pki_response(failed);
    REQUIRE(body);
    CHECK(hex(*body) == "303d" "3037" "3035" "020101" "06082b06010505070719" "3126" "3024" "020102" "3003020107"
                        "0c17" + hex(as_bytes("Denied by Policy Module")) + "020102" "3000" "3000");
    auto out = cmc::full_response(failed, signer);
    REQUIRE(out);
    auto rr = cmc::read_full_response(*out);
    REQUIRE(rr);
    CHECK(rr->signature_verified);
    CHECK(rr->status->status == cmc::cmc_status::failed);
    CHECK(rr->status->fail == 2);
    CHECK(rr->status->status_string == "Denied by Policy Module");
    CHECK(rr->status->body_list == std::vector<cmc::body_part_id>{7});

    cmc::response_fields pending;
    pending.status = cmc::cmc_status::pending;
    pending.pending = cmc::pend_info{bytes{0x00, 0x2a}, 1767225600};  // 2026-01-01 00:00:00Z
    out = cmc::full_response(pending, signer);
    REQUIRE(out);
    rr = cmc::read_full_response(*out);
    REQUIRE(rr);
    CHECK(rr->status->status == cmc::cmc_status::pending);
    CHECK(rr->status->pend_token == bytes{0x00, 0x2a});
    CHECK(rr->status->pend_time == "2026-01-01 00:00:00 UTC");

    cmc::response_fields wrong;
    wrong.fail = cmc::fail_info::bad_alg;
    auto w = cmc::pki_response(wrong);
    REQUIRE(!w);
    CHECK(w.err().message == "failInfo is only for status failed");
}

TEST_CASE("cmc::unwrap: a bare PKCS#10 comes back as is") {
    bytes csr = data("rsa-req.der");
    auto u = cmc::unwrap(csr);
    REQUIRE(u);
    CHECK(u->kind == cmc::request_kind::pkcs10);
    CHECK(u->pkcs10 == csr);
    CHECK(u->body_part == 1);
    CHECK(u->signer_count == 0);
    CHECK(u->signatures_verified);
}

TEST_CASE("cmc::unwrap: PKCS#7 renewal shape (signer = old certificate, no signed attributes)") {
    auto agent = key_file("agent-key.pem");
    bytes csr = data("ec-req.der"), cert = data("agent.der");
    cms::signed_data_fields f;
    f.content = byte_view(csr);
    f.certificates = {cert};
    cms::signer s;
    s.key = &agent;
    s.digest = hash_algorithm::sha1;
    s.cert = cert;
    s.signed_attributes = false;
    f.signers.push_back(s);
    auto p7 = cms::signed_data(f);
    REQUIRE(p7);
    auto u = cmc::unwrap(*p7);
    REQUIRE(u);
    CHECK(u->kind == cmc::request_kind::pkcs7);
    CHECK(u->pkcs10 == csr);
    CHECK(u->signatures_verified);
    CHECK(u->problem.empty());
    REQUIRE(u->signer_certificates.size() == 1);
    CHECK(u->signer_certificates[0] == cert);

    // Signed by a key that is not the included certificate's: refused with the signer named.
    auto ec = key_file("ec-key.pem");
    f.signers[0].key = &ec;
    auto forged = cms::signed_data(f);
    REQUIRE(forged);
    u = cmc::unwrap(*forged);
    REQUIRE(u);
    CHECK(!u->signatures_verified);
    CHECK(u->problem == "signer 1 (serial number 1002): the signature does not verify");
}

TEST_CASE("cmc::unwrap: CMC signed by the request key (SKI), and EOBO with the agent") {
    auto ec = key_file("ec-key.pem");
    auto agent = key_file("agent-key.pem");
    auto u = cmc::unwrap(cmc_request(ec, nullptr));
    REQUIRE(u);
    CHECK(u->kind == cmc::request_kind::cmc);
    CHECK(u->pkcs10 == data("ec-req.der"));
    CHECK(u->body_part == 1);
    CHECK(u->signatures_verified);
    REQUIRE(u->signer_certificates.size() == 1);
    CHECK(u->signer_certificates[0].empty());
    REQUIRE(u->controls.size() == 1);
    CHECK(u->controls[0].id == 2);
    CHECK(u->controls[0].type == "1.3.6.1.4.1.311.10.10.1");
    REQUIRE(u->cmc_attributes.size() == 1);

    u = cmc::unwrap(cmc_request(ec, &agent));
    REQUIRE(u);
    CHECK(u->signatures_verified);
    CHECK(u->signer_count == 2);
    CHECK(u->reg_info == "RequesterName=DOM%5Cuser&");
    bool agent_seen = false;
    for (const bytes& c : u->signer_certificates) agent_seen = agent_seen || c == data("agent.der");
    CHECK(agent_seen);

    // openssl agrees (the request key's certificate supplied for the SKI signer).
    auto dir = scratch("cmc-eobo");
    write_file(dir / "req.der", cmc_request(ec, &agent));
    auto r = run("openssl cms -verify -binary -inform DER -in " + (dir / "req.der").string() + " -CAfile " + data_path("ca.pem") +
                 " -certfile " + data_path("ec.pem") + " -purpose any -out /dev/null");
    CHECK(r.status == 0);

    u = cmc::unwrap(cmc_request(ec, &agent, true));
    REQUIRE(u);
    CHECK(!u->signatures_verified);
    CHECK(u->problem.find("the messageDigest attribute does not match the content") != std::string::npos);
}

TEST_CASE("cmc::unwrap: not a request") {
    auto u = cmc::unwrap(data("ca.der"));
    REQUIRE(!u);
    CHECK(u.err().message.rfind("not a PKCS#10, PKCS#7 or CMC request: ", 0) == 0);
    auto resp = cmc::unwrap(*cms::certs_only({data("ca.der")}));
    REQUIRE(!resp);
    CHECK(resp.err().message == "the PKCS#7 request has no content");
}

TEST_CASE("cmc::unwrap: id-cmc-addExtensions and regInfo controls are handed to the CA") {
    auto agent = key_file("agent-key.pem");
    bytes csr = data("rsa-req.der"), cert = data("agent.der");
    bytes bc = unhex("300f0603551d130101ff040530030101ff");  // basicConstraints critical cA
    std::vector<bytes> controls = {*cmc::add_extensions_control(2, 0, {1}, {bc}),
                                   *cmc::reg_info_control(3, "RequesterName=DOM%5Cuser&")};
    auto body = cmc::pki_data(csr, 1, controls);
    REQUIRE(body);
    cms::signed_data_fields f;
    f.content_type = "1.3.6.1.5.5.7.12.2";
    f.content = byte_view(*body);
    f.certificates = {cert};
    cms::signer s;
    s.key = &agent;
    s.cert = cert;
    f.signers.push_back(s);
    auto der = cms::signed_data(f);
    REQUIRE(der);
    auto u = cmc::unwrap(*der);
    REQUIRE(u);
    CHECK(u->signatures_verified);
    CHECK(u->pkcs10 == csr);
    REQUIRE(u->added_extensions.size() == 1);
    CHECK(u->added_extensions[0] == bc);
    CHECK(u->reg_info == "RequesterName=DOM%5Cuser&");
    REQUIRE(u->controls.size() == 2);
    CHECK(u->controls[0].id == 2);
    CHECK(u->controls[1].type == "1.3.6.1.5.5.7.7.18");
}

TEST_CASE("cmc::read_full_response: the older id-cmc-statusInfo control reads the same; unsigned is reported") {
    // PKIResponse { { [1] id-cmc-statusInfo { failed, { 1 }, failInfo badRequest } }, {}, {} } in an unsigned SignedData.
    bytes status = unhex("300b" "020102" "3003020101" "020102");
    auto ctl = cmc::tagged_attribute(1, "1.3.6.1.5.5.7.7.1", {status});
    REQUIRE(ctl);
    bytes body = der::to_bytes(der::sequence(der::sequence(der::raw(*ctl)), der::sequence(), der::sequence()));
    cms::signed_data_fields f;
    f.content_type = "1.3.6.1.5.5.7.12.3";
    f.content = byte_view(body);
    mbed::rng_ref none{};
    auto der = cms::signed_data(f, none);
    REQUIRE(der);
    auto rr = cmc::read_full_response(*der);
    REQUIRE(rr);
    REQUIRE(rr->status);
    CHECK(rr->status->status == cmc::cmc_status::failed);
    CHECK(rr->status->fail == 2);
    CHECK(rr->status->body_list == std::vector<cmc::body_part_id>{1});
    CHECK(!rr->signature_verified);
    CHECK(rr->problem == "the CMC response is not signed");
    auto notcmc = cmc::read_full_response(*cms::certs_only({data("ca.der")}));
    REQUIRE(!notcmc);
    CHECK(notcmc.err().message == "expected a CMC response (id-cct-PKIResponse 1.3.6.1.5.5.7.12.3), found 1.2.840.113549.1.7.1");
}

TEST_CASE("cmc::unwrap / read_full_response: every truncation and single-byte change is an error or a failed check, never a crash") {
    auto ec = key_file("ec-key.pem");
    auto agent = key_file("agent-key.pem");
    bytes req = cmc_request(ec, &agent);
    // Outside the signatures' cover: the certificate set (its issuer, serial and
    // key are checked; its validity, extensions and signature are the CA's chain
    // check) and digestAlgorithms (a hint; each SignerInfo names its digest).
    auto v = cms::read_signed_data(req);
    REQUIRE(v);
    auto inside = [&](std::size_t at, byte_view part) {
        auto from = std::size_t(part.data() - req.data());
        return at >= from && at < from + part.size();
    };
    std::size_t verified = 0;
    for (std::size_t n = 0; n < req.size(); ++n) {
        bytes cut(req.begin(), req.begin() + std::ptrdiff_t(n));
        CHECK(!cmc::unwrap(cut));
        bytes flipped = req;
        flipped[n] ^= 0x5a;
        auto u = cmc::unwrap(flipped);
        if (u && u->signatures_verified) {
            ++verified;
            bool unsigned_part = inside(n, v->certificates[0]);
            for (byte_view a : v->digest_algorithms) unsigned_part = unsigned_part || inside(n, a);
            CHECK_MESSAGE(unsigned_part, "a change at offset " << n << " still verifies");
        }
        (void)cmc::read_full_response(flipped);
    }
    MESSAGE("bytes whose change still verifies: " << verified << " of " << req.size());
}
