// The SCEP client (verbs/scep_client.hpp) against a CA played by the test
// (fake_ca.hpp): POST and GET, SUCCESS, FAILURE, PENDING then CertPoll,
// RenewalReq, and transport and HTTP errors.
#include <doctest/doctest.h>

#include <string>

#include "certreq/scep/state.hpp"
#include "certreq/verbs/new_scep.hpp"
#include "certreq/verbs/scep_client.hpp"
#include "fake_ca.hpp"

using namespace certreq;
namespace sc = verbs::scep_client;
using scep_test::fake_ca;
using scep_test::file;

namespace {

const std::string url = "http://ca.test:8080/scep";

// client: a key, its PKCS#10 and the transaction state, as -new leaves them.
struct client {
    mbed::private_key key;
    bytes csr;
    scep::transaction_state st;
    bytes message;
};

bytes subject_der(std::string_view cn) {
    static constexpr der::oid_literal common_name = "2.5.4.3";
    return der::to_bytes(der::sequence(der::set_of(der::sequence(common_name, der::utf8_string(cn)))));
}

client make_client(const std::string& caps, std::string_view challenge = "s3cret", std::string_view cn = "client-test") {
    auto rng = mbed::system_rng();
    client c{scep_test::key("02-requester-key.pem"), {}, {}, {}};
    bytes subject = subject_der(cn);
    c.csr = *sc::renewal_csr(subject, c.key, challenge, model::hash_algorithm::sha256, *rng);
    auto spki = c.key.public_key_der();
    c.st.transaction_id = scep::transaction_id_for(*spki);
    c.st.subject = subject;
    c.st.ca_certs = {file("ca.der")};
    c.st.capabilities = caps;
    c.st.signer_cert = *scep::self_signed_signer_for(c.key, subject, model::hash_algorithm::sha256, 1800000000, *rng);
    c.message = *sc::request_message(scep::message_type::pkcs_req, c.csr, c.st, c.key, *rng);
    return c;
}

}  // namespace

TEST_CASE("URLs: operation appended to the CA path, message standard base64 percent-encoded") {
    CHECK(sc::operation_url("http://h:1/scep", "GetCACaps") == "http://h:1/scep?operation=GetCACaps");
    CHECK(sc::operation_url("http://h/cgi-bin/pkiclient.exe?x=1", "GetCACert") ==
          "http://h/cgi-bin/pkiclient.exe?operation=GetCACert");
    CHECK(sc::operation_url("http://h/scep", "PKIOperation", "ab+/c=") == "http://h/scep?operation=PKIOperation&message=ab%2B%2Fc%3D");
    CHECK(core::percent_encode("a b~") == "a%20b~");
}

TEST_CASE("GetCACaps: the captured scepserver answer") {
    auto raw = os::read_file(scep_test::vector_path("getcacaps-response.txt"));
    REQUIRE(raw);
    auto c = scep::parse_capabilities(as_chars(*raw));
    CHECK(c.keywords == std::vector<std::string>{"Renewal", "SHA-1", "SHA-256", "AES", "DES3", "SCEPStandard", "POSTPKIOperation"});
    CHECK(c.renewal);
    CHECK(c.use_post());
    CHECK(c.content_cipher() == mbed::content_cipher::aes256_cbc);
    CHECK(c.digest() == model::hash_algorithm::sha256);
    auto none = scep::parse_capabilities("");
    CHECK(!none.use_post());
    CHECK(none.content_cipher() == mbed::content_cipher::des3_cbc);
    CHECK(none.digest() == model::hash_algorithm::sha1);
    auto mixed = scep::parse_capabilities("des3, sha-512\r\npostpkioperation");
    CHECK(mixed.use_post());
    CHECK(mixed.digest() == model::hash_algorithm::sha512);
}

TEST_CASE("GetCACert: a bare certificate or a certs-only PKCS#7; anything else is an error") {
    fake_ca ca;
    auto one = sc::get_ca_cert(std::ref(ca), url);
    REQUIRE(one);
    CHECK(*one == std::vector<bytes>{file("ca.der")});
    CHECK(ca.seen.back().method == "GET");
    CHECK(ca.seen.back().url == url + "?operation=GetCACert");
    std::vector<bytes> two = {file("06-ca-with-digitalSignature.pem"), file("ca.der")};
    auto p7 = sc::parse_ca_certs(scep::degenerate_pkcs7(two));
    REQUIRE(p7);
    CHECK(*p7 == two);
    auto bad = sc::parse_ca_certs(as_bytes("<html>"));
    REQUIRE(!bad);
    CHECK(bad.err().message.rfind("GetCACert: the answer is neither a DER certificate nor a certs-only PKCS#7", 0) == 0);
}

TEST_CASE("PKCSReq by POST (SCEPStandard): AES-256 + SHA-256 out, DES + SHA-1 back, certificate for our key") {
    fake_ca ca;
    auto c = make_client("Renewal SHA-1 SHA-256 AES DES3 SCEPStandard POSTPKIOperation");
    auto sent = scep::read_pki_message(c.message);
    REQUIRE(sent);
    CHECK(sent->message_type == "19");
    CHECK(sent->digest == model::hash_algorithm::sha256);
    CHECK(sent->signature_algorithm == "1.2.840.113549.1.1.11");
    CHECK(sent->certificates == std::vector<bytes>{c.st.signer_cert});
    auto env = cms::open(*sent->content, ca.ca_cert, ca.ca_key);
    REQUIRE(env);
    CHECK(env->cipher == mbed::content_cipher::aes256_cbc);
    CHECK(env->content == c.csr);

    auto o = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
    REQUIRE_MESSAGE(o, (o ? "" : o.err().message));
    CHECK(o->status == scep::pki_status::success);
    CHECK(o->transaction_id == c.st.transaction_id);
    auto issued = cms::read_certificate(o->certificate);
    REQUIRE(issued);
    auto spki = c.key.public_key_der();
    CHECK(bytes(issued->spki.begin(), issued->spki.end()) == *spki);
    CHECK(o->chain == std::vector<bytes>{o->certificate, ca.ca_cert});
    REQUIRE(ca.seen.size() == 1);  // the state's capabilities decide: no GetCACaps
    CHECK(ca.seen[0].method == "POST");
    CHECK(ca.seen[0].url == url + "?operation=PKIOperation");
    CHECK(ca.seen[0].content_type == "application/x-pki-message");
    CHECK(ca.seen[0].body == c.message);
}

TEST_CASE("PKCSReq by GET when the CA has no POSTPKIOperation: 3DES and SHA-1") {
    fake_ca ca;
    auto c = make_client("DES3");
    auto sent = scep::read_pki_message(c.message);
    REQUIRE(sent);
    CHECK(sent->digest == model::hash_algorithm::sha1);
    CHECK(cms::open(*sent->content, ca.ca_cert, ca.ca_key)->cipher == mbed::content_cipher::des3_cbc);
    auto o = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
    REQUIRE_MESSAGE(o, (o ? "" : o.err().message));
    CHECK(o->status == scep::pki_status::success);
    REQUIRE(ca.seen.size() == 1);
    CHECK(ca.seen[0].method == "GET");
    CHECK(ca.seen[0].url == url + "?operation=PKIOperation&message=" + core::percent_encode(base64::encode(c.message)));
}

TEST_CASE("no capabilities in the state: GetCACaps first") {
    fake_ca ca;
    auto c = make_client("");
    auto o = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
    REQUIRE(o);
    REQUIRE(ca.seen.size() == 2);
    CHECK(ca.seen[0].url == url + "?operation=GetCACaps");
    CHECK(ca.seen[1].method == "POST");
}

TEST_CASE("wrong challenge: FAILURE with failInfo badRequest") {
    fake_ca ca;
    auto c = make_client("POSTPKIOperation AES SHA-256", "wrong");
    auto o = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
    REQUIRE(o);
    CHECK(o->status == scep::pki_status::failure);
    CHECK(o->fail_info == "badRequest");
    CHECK(o->certificate.empty());
}

TEST_CASE("PENDING, then CertPoll (GetCertInitial) with IssuerAndSubject, then SUCCESS") {
    fake_ca ca;
    ca.pend_first = true;
    auto c = make_client("POSTPKIOperation AES SHA-256");
    auto first = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
    REQUIRE(first);
    CHECK(first->status == scep::pki_status::pending);
    // The state survives a round trip through its file format.
    auto st = scep::parse_state(scep::serialize(c.st));
    REQUIRE(st);
    CHECK(st->signer_cert == c.st.signer_cert);
    CHECK(st->ca_certs == c.st.ca_certs);
    CHECK(st->subject == c.st.subject);
    auto rng = mbed::system_rng();
    bytes old_nonce = st->last_nonce;
    auto poll = sc::cert_poll_message(*st, c.key, *rng);
    REQUIRE(poll);
    CHECK(st->last_nonce != old_nonce);
    auto second = sc::exchange(std::ref(ca), url, *poll, *st, c.key, c.key);
    REQUIRE_MESSAGE(second, (second ? "" : second.err().message));
    CHECK(second->status == scep::pki_status::success);
    CHECK(ca.message_types == std::vector<std::string>{"19", "20"});
    auto ca_subject = cms::read_certificate(ca.ca_cert)->subject;
    bytes want = der::to_bytes(der::sequence(der::raw(ca_subject), der::raw(c.st.subject)));
    CHECK(ca.last_poll_body == want);
}

TEST_CASE("certmonger's CertPoll (vector 06) has the shape ours has: IssuerAndSubject, CA subject first") {
    auto m = scep::read_pki_message(file("06-certpoll-certmonger.der"));
    REQUIRE(m);
    CHECK(m->message_type == "20");
    auto env = cms::open(*m->content, file("06-ca-with-digitalSignature.pem"), scep_test::key("06-ca-key.pem"));
    REQUIRE_MESSAGE(env, (env ? "" : env.err().message));
    auto ias = asn1::decode(asn1::module::cms, "IssuerAndSubject", env->content);
    REQUIRE(ias);
    auto issuer = ias.value->element("issuer");
    bytes ca_der = file("06-ca-with-digitalSignature.pem");  // read_certificate's views point into it
    auto ca_subject = cms::read_certificate(ca_der)->subject;
    CHECK(bytes(issuer->whole.begin(), issuer->whole.end()) == bytes(ca_subject.begin(), ca_subject.end()));
}

TEST_CASE("RenewalReq signed by the issued certificate, for a new key; the answer is encrypted to the old certificate") {
    fake_ca ca;
    auto c = make_client("Renewal POSTPKIOperation AES SHA-256");
    auto first = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
    REQUIRE(first);
    auto rng = mbed::system_rng();
    auto fresh = scep_test::key("01-requester-key.pem");
    scep::transaction_state st = c.st;
    st.transaction_id = scep::transaction_id_for(*fresh.public_key_der());
    st.signer_cert = first->certificate;
    auto csr = sc::renewal_csr(c.st.subject, fresh, "s3cret", model::hash_algorithm::sha256, *rng);
    REQUIRE(csr);
    auto msg = sc::request_message(scep::message_type::renewal_req, *csr, st, c.key, *rng);
    REQUIRE(msg);
    auto sent = scep::read_pki_message(*msg);
    CHECK(sent->message_type == "17");
    CHECK(sent->certificates == std::vector<bytes>{first->certificate});
    auto o = sc::exchange(std::ref(ca), url, *msg, st, c.key, fresh);
    REQUIRE_MESSAGE(o, (o ? "" : o.err().message));
    CHECK(o->status == scep::pki_status::success);
    CHECK(bytes(cms::read_certificate(o->certificate)->spki.begin(), cms::read_certificate(o->certificate)->spki.end()) ==
          *fresh.public_key_der());
}

TEST_CASE("transport failures and HTTP errors name the operation") {
    auto c = make_client("POSTPKIOperation");
    auto refused = [](const sc::http_request&) {
        sc::http_reply r;
        r.failed = true;
        r.error = "cannot connect to http://127.0.0.1:9/scep: Connection refused";
        return r;
    };
    auto e1 = sc::exchange(refused, url, c.message, c.st, c.key, c.key);
    REQUIRE(!e1);
    CHECK(e1.err().message == "PKIOperation: cannot connect to http://127.0.0.1:9/scep: Connection refused");
    auto e2 = sc::get_ca_caps(refused, url);
    REQUIRE(!e2);
    CHECK(e2.err().message.rfind("GetCACaps: cannot connect", 0) == 0);
    auto http500 = [](const sc::http_request&) {
        sc::http_reply r;
        r.status = 500;
        r.body = {'n', 'o', 't', ' ', 'i', 'm', 'p', 'l', '\n'};
        return r;
    };
    auto e3 = sc::exchange(http500, url, c.message, c.st, c.key, c.key);
    REQUIRE(!e3);
    CHECK(e3.err().message == "PKIOperation: the server answered HTTP 500 (not impl)");
    auto html = [](const sc::http_request&) {
        sc::http_reply r;
        r.status = 200;
        r.content_type = "text/html";
        r.body = {'<', 'h', '>'};
        return r;
    };
    auto e4 = sc::exchange(html, url, c.message, c.st, c.key, c.key);
    REQUIRE(!e4);
    CHECK(e4.err().message == "PKIOperation: expected application/x-pki-message, the server sent text/html");
    auto garbage = [](const sc::http_request&) {
        sc::http_reply r;
        r.status = 200;
        r.content_type = "application/x-pki-message";
        r.body = {0x30, 0x03, 0x02, 0x01};
        return r;
    };
    auto e5 = sc::exchange(garbage, url, c.message, c.st, c.key, c.key);
    REQUIRE(!e5);
    CHECK(e5.err().message.rfind("CertRep (offset ", 0) == 0);
}

TEST_CASE("a CertRep for another request (a replay) is refused by its recipientNonce") {
    // Both clients use the same key, so the transactionIDs agree: only the nonce tells them apart.
    fake_ca ca;
    auto a = make_client("POSTPKIOperation", "s3cret", "a");
    auto reply_for_a = [&](const sc::http_request& rq) { return ca(rq); };
    auto other = make_client("POSTPKIOperation", "s3cret", "b");
    // Answer b's request with the CertRep made for a's.
    auto swapped = [&](const sc::http_request&) {
        sc::http_request rq;
        rq.method = "POST";
        rq.url = url + "?operation=PKIOperation";
        rq.body = a.message;
        return reply_for_a(rq);
    };
    auto o = sc::exchange(swapped, url, other.message, other.st, other.key, other.key);
    REQUIRE(!o);
    CHECK(o.err().message.find("is not the senderNonce we sent") != std::string::npos);
}

TEST_CASE("state files: round trip, and damaged files are errors naming the field") {
    scep::transaction_state st;
    st.transaction_id = "ABC";
    st.key_container = "certreq-1";
    st.signer_cert = file("01-requester-selfsigned-signer.pem");
    st.subject = {0x30, 0x00};
    st.ca_certs = {file("ca.der"), file("06-ca-with-digitalSignature.pem")};
    st.recipient = 1;
    st.last_nonce = bytes(16, 0xAB);
    st.capabilities = "AES POSTPKIOperation";
    auto back = scep::parse_state(scep::serialize(st));
    REQUIRE(back);
    CHECK(back->transaction_id == "ABC");
    CHECK(back->key_container == "certreq-1");
    CHECK(back->signer_cert == st.signer_cert);
    CHECK(back->ca_certs == st.ca_certs);
    CHECK(back->recipient == 1);
    CHECK(back->last_nonce == st.last_nonce);
    CHECK(back->capabilities == "AES POSTPKIOperation");
    std::string text = scep::serialize(st);
    auto bad = scep::parse_state(text.replace(text.find("recipient=1"), 11, "recipient=7"));
    REQUIRE(!bad);
    CHECK(bad.err().message == "recipient: no such CA certificate");
    auto no_signer = scep::parse_state("transaction_id=x\n");
    REQUIRE(!no_signer);
    CHECK(no_signer.err().message == "signer_cert: missing or not base64");
    CHECK(!scep::state_path("/r", "../etc"));
    CHECK(!scep::state_path("/r", ""));
    CHECK(scep::state_path("/r", "0A1b") == "/r/scep/0A1b.meta");
}

TEST_CASE("CertReps signed with SHA-1/256/512 and encrypted with DES, 3DES, AES-128/256 are all read") {
    auto c = make_client("POSTPKIOperation AES SHA-256");
    for (auto digest : {model::hash_algorithm::sha1, model::hash_algorithm::sha256, model::hash_algorithm::sha512})
        for (auto cipher : {mbed::content_cipher::des_cbc, mbed::content_cipher::des3_cbc, mbed::content_cipher::aes128_cbc,
                            mbed::content_cipher::aes256_cbc}) {
            CAPTURE(int(digest));
            CAPTURE(mbed::info(cipher).name);
            fake_ca ca;
            ca.rep_digest = digest;
            ca.rep_cipher = cipher;
            auto o = sc::exchange(std::ref(ca), url, c.message, c.st, c.key, c.key);
            REQUIRE_MESSAGE(o, (o ? "" : o.err().message));
            CHECK(o->status == scep::pki_status::success);
            auto rep = scep::read_pki_message(o->response);
            REQUIRE(rep);
            CHECK(rep->digest == digest);
            CHECK(cms::open(*rep->content, c.st.signer_cert, c.key)->cipher == cipher);
        }
}
