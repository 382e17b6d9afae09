// CertRep decoding against responses captured from micromdm scepserver 2.1.0.
#include <doctest/doctest.h>

#include "certreq/scep/cert_rep.hpp"
#include "vectors.hpp"

using namespace certreq;
using scep_test::file;

namespace {

// expectation_for builds what the client of capture NN held when it sent its request.
struct held {
    bytes request, signer;
    mbed::private_key key;
    scep::pki_message req;
};

held client_of(const std::string& request_file, const std::string& signer_file, const std::string& key_file) {
    held h{file(request_file), file(signer_file), scep_test::key(key_file), {}};
    auto m = scep::read_pki_message(h.request);
    REQUIRE(m);
    h.req = std::move(*m);
    return h;
}

scep::expectation expect(const held& h, const std::vector<bytes>& trusted) {
    scep::expectation x;
    x.transaction_id = h.req.transaction_id;
    x.sender_nonce = *h.req.sender_nonce;
    x.trusted = trusted;
    x.recipient_cert = h.signer;
    x.key = &h.key;
    return x;
}

}  // namespace

TEST_CASE("01: scepclient PKCSReq is read: PKCSReq, SHA-1, transactionID, 16-byte nonce") {
    auto h = client_of("01-pkcsreq-scepclient.der", "01-requester-selfsigned-signer.pem", "01-requester-key.pem");
    CHECK(h.req.message_type == "19");
    CHECK(h.req.digest == model::hash_algorithm::sha1);
    CHECK(h.req.sender_nonce->size() == 16);
    CHECK(h.req.certificates.size() == 1);
    CHECK(h.req.certificates[0] == h.signer);
    // The request is signed by its own self-signed signer certificate.
    auto by = scep::verify_signature(h.req, h.req.certificates);
    CHECK(by);
}

TEST_CASE("01: SUCCESS CertRep: SHA-1 signature by the CA, DES-CBC envelope, issued certificate byte for byte") {
    auto h = client_of("01-pkcsreq-scepclient.der", "01-requester-selfsigned-signer.pem", "01-requester-key.pem");
    auto rep = scep::read_cert_rep(file("01-certrep-success.der"), expect(h, {file("ca.der")}));
    REQUIRE_MESSAGE(rep, (rep ? "" : rep.err().message));
    CHECK(rep->status == scep::pki_status::success);
    CHECK(rep->cipher == mbed::content_cipher::des_cbc);
    CHECK(rep->digest == model::hash_algorithm::sha1);
    REQUIRE(rep->certificates.size() == 1);
    CHECK(rep->certificates[0] == file("01-issued-cert.pem"));
    // The decrypted content is exactly the captured degenerate PKCS#7.
    auto m = scep::read_pki_message(file("01-certrep-success.der"));
    auto opened = cms::open(*m->content, h.signer, h.key);
    REQUIRE(opened);
    CHECK(opened->content == file("01-certrep-degenerate-certs.der"));
    CHECK(*m->content == file("01-certrep-envelope.der"));
}

TEST_CASE("02: AES-256/SHA-256 request, the server answers with SHA-1 and DES") {
    auto h = client_of("02-pkcsreq-aes256-sha256.der", "02-requester-selfsigned-signer.pem", "02-requester-key.pem");
    CHECK(h.req.digest == model::hash_algorithm::sha256);
    auto env = cms::open(*h.req.content, file("ca.der"), scep_test::key("ca-key.pem"));
    REQUIRE(env);
    CHECK(env->cipher == mbed::content_cipher::aes256_cbc);
    CHECK(env->content == file("02-pkcsreq-csr.der"));
    auto rep = scep::read_cert_rep(file("02-certrep-success.der"), expect(h, {file("ca.der")}));
    REQUIRE_MESSAGE(rep, (rep ? "" : rep.err().message));
    CHECK(rep->status == scep::pki_status::success);
    auto opened = cms::open(*scep::read_pki_message(file("02-certrep-success.der"))->content, h.signer, h.key);
    REQUIRE(opened);
    CHECK(opened->content == file("02-certrep-degenerate-certs.der"));
}

TEST_CASE("04: FAILURE CertRep without content: failInfo badRequest") {
    auto req = scep::read_pki_message(file("04-pkcsreq-bad-challenge.der"));
    REQUIRE(req);
    scep::expectation x;
    x.transaction_id = req->transaction_id;
    x.sender_nonce = *req->sender_nonce;
    x.trusted = {file("ca.der")};
    auto rep = scep::read_cert_rep(file("04-certrep-failure-badrequest.der"), x);
    REQUIRE_MESSAGE(rep, (rep ? "" : rep.err().message));
    CHECK(rep->status == scep::pki_status::failure);
    CHECK(rep->fail_info == "2");
    CHECK(rep->fail_info_words() == "badRequest");
    CHECK(rep->certificates.empty());
}

TEST_CASE("a CertRep is refused when signed by someone else, for another transaction, or for another nonce") {
    auto h = client_of("01-pkcsreq-scepclient.der", "01-requester-selfsigned-signer.pem", "01-requester-key.pem");
    bytes rep = file("01-certrep-success.der");
    SUBCASE("not signed by a trusted certificate") {
        auto r = scep::read_cert_rep(rep, expect(h, {file("06-ca-with-digitalSignature.pem")}));
        REQUIRE(!r);
        CHECK(r.err().message == "the message is not signed by any of the 1 CA/RA certificate(s) we trust");
    }
    SUBCASE("same name and serial, other key: the signature fails") {
        // 01's signer certificate has its own key; pretend it is the CA by trusting the
        // 05 renewal answer against it (no match by issuer/serial) — and a re-issued CA with
        // the same name but another serial does not match either.
        auto r = scep::read_cert_rep(rep, expect(h, {}));
        REQUIRE(!r);
        CHECK(r.err().message == "the message is not signed by any of the 0 CA/RA certificate(s) we trust");
    }
    SUBCASE("wrong transactionID") {
        auto x = expect(h, {file("ca.der")});
        x.transaction_id = "other";
        auto r = scep::read_cert_rep(rep, x);
        REQUIRE(!r);
        CHECK(r.err().message.rfind("transactionID ", 0) == 0);
    }
    SUBCASE("wrong nonce") {
        auto x = expect(h, {file("ca.der")});
        x.sender_nonce[0] ^= 1;
        auto r = scep::read_cert_rep(rep, x);
        REQUIRE(!r);
        CHECK(r.err().message.find("is not the senderNonce we sent") != std::string::npos);
    }
    SUBCASE("a flipped byte in the signed attributes or the content") {
        // Find the envelope inside the message and flip a byte of it: the messageDigest no longer matches.
        auto env = file("01-certrep-envelope.der");
        auto at = std::search(rep.begin(), rep.end(), env.begin(), env.end());
        REQUIRE(at != rep.end());
        at[env.size() - 1] ^= 0x01;
        auto r = scep::read_cert_rep(rep, expect(h, {file("ca.der")}));
        REQUIRE(!r);
        CHECK(r.err().message == "messageDigest does not match the content: the message was altered");
    }
}

TEST_CASE("truncated and garbage CertReps are errors with an offset, never crashes") {
    auto h = client_of("01-pkcsreq-scepclient.der", "01-requester-selfsigned-signer.pem", "01-requester-key.pem");
    bytes rep = file("01-certrep-success.der");
    auto x = expect(h, {file("ca.der")});
    for (std::size_t n = 0; n < rep.size(); n += 7) {
        bytes cut(rep.begin(), rep.begin() + static_cast<std::ptrdiff_t>(n));
        CHECK(!scep::read_cert_rep(cut, x));
    }
    auto r = scep::read_cert_rep(as_bytes("not a PKCS#7"), x);
    CHECK(!r);
}

TEST_CASE("every single-byte corruption of a CertRep is refused or read consistently, never a crash") {
    auto h = client_of("01-pkcsreq-scepclient.der", "01-requester-selfsigned-signer.pem", "01-requester-key.pem");
    const bytes rep = file("01-certrep-success.der");
    auto x = expect(h, {file("ca.der")});
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < rep.size(); i += 3) {
        bytes bad = rep;
        bad[i] ^= 0x5A;
        auto r = scep::read_cert_rep(bad, x);
        // The signature covers the attributes and, through messageDigest, the content: a change
        // anywhere that matters is refused; only bytes outside both (certificates bag,
        // unsigned framing) may leave the answer valid, and then it must be the same certificate.
        if (r) {
            ++accepted;
            CHECK(r->certificates == std::vector<bytes>{file("01-issued-cert.pem")});
        }
    }
    CHECK(accepted < rep.size() / 3 / 2);
}
