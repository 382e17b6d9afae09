// verbs/scep_client.hpp: the HTTP side of a SCEP client (RFC 8894 §4):
// GetCACaps, GetCACert and PKIOperation by POST or GET. It never touches the
// network itself: every request goes through the `transport` callback the
// driver provides (driver/http_transport.cpp spawns certreq-http), so the
// library stays header-only and testable with canned replies.
#pragma once
#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/views.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/der/der.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/scep/capabilities.hpp"
#include "certreq/scep/cert_rep.hpp"
#include "certreq/scep/degenerate.hpp"
#include "certreq/scep/pki_message_builder.hpp"
#include "certreq/scep/pki_message_reader.hpp"
#include "certreq/scep/state.hpp"
#include "certreq/verbs/http.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/csr.hpp"

namespace certreq::verbs::scep_client {

using http::http_reply;
using http::http_request;
using http::transport;
using http::transport_hresult;

// Failures (core::error) carry the HRESULT certreq.exe would report (WinHttp
// codes for transport failures, HTTP_E_STATUS_* for an HTTP error answer;
// none: the driver reports E_FAIL).
using error = core::error;
template <typename T>
using result = core::result<T>;


// operation_url: the CA URL (its path kept, any query dropped) with
// ?operation=OP[&message=...] (RFC 8894 §4.1).
inline std::string operation_url(std::string_view ca_url, std::string_view op, std::string_view message = {}) {
    std::string base(ca_url.substr(0, ca_url.find('?')));
    std::string url = base + "?operation=" + std::string(op);
    if (!message.empty()) url += "&message=" + core::percent_encode(message);
    return url;
}

namespace detail {

// checked_reply runs the request and turns transport failures and non-200
// answers into errors naming the operation.
inline result<http_reply> checked_reply(const transport& t, const http_request& rq, std::string_view op) {
    http_reply r = t(rq);
    if (r.failed) return core::error(std::string(op) + ": " + r.error, r.hresult ? r.hresult : core::hr::winhttp_connection_error);
    if (r.status != 200) {
        std::string text(as_chars(r.body).substr(0, 200));
        for (auto& c : text)
            if (c == '\n' || c == '\r' || static_cast<unsigned char>(c) < 0x20) c = ' ';
        while (!text.empty() && text.back() == ' ') text.pop_back();
        return core::error(std::string(op) + ": the server answered HTTP " + std::to_string(r.status) +
                         (text.empty() ? std::string() : " (" + text + ")"),
                     core::http_status_hresult(r.status));
    }
    return r;
}

}  // namespace detail

// get_ca_caps runs GetCACaps. A 404/500 for it is not fatal in RFC 8894, but
// both servers we target answer it, so an HTTP error is reported.
inline result<scep::capabilities> get_ca_caps(const transport& t, std::string_view ca_url) {
    auto r = detail::checked_reply(t, {"GET", operation_url(ca_url, "GetCACaps"), {}, {}}, "GetCACaps");
    if (!r) return r.err();
    return scep::parse_capabilities(as_chars(r->body));
}

// parse_ca_certs reads a GetCACert body: one DER certificate
// (application/x-x509-ca-cert) or a certs-only PKCS#7 with the CA and RA
// certificates (application/x-x509-ca-ra-cert). Either form is recognised by
// content, whatever the content type says.
inline result<std::vector<bytes>> parse_ca_certs(byte_view body) {
    if (asn1::read_certificate(body)) return std::vector<bytes>{bytes(body.begin(), body.end())};
    auto certs = scep::certificates_of(body);
    if (!certs)
        return core::error("GetCACert: the answer is neither a DER certificate nor a certs-only PKCS#7 (at offset " +
                     std::to_string(certs.err().offset) + ": " + certs.err().message + ")");
    if (certs->empty()) return core::error("GetCACert: the PKCS#7 holds no certificate");
    return std::move(*certs);
}

// get_ca_cert runs GetCACert.
inline result<std::vector<bytes>> get_ca_cert(const transport& t, std::string_view ca_url) {
    auto r = detail::checked_reply(t, {"GET", operation_url(ca_url, "GetCACert"), {}, {}}, "GetCACert");
    if (!r) return r.err();
    return parse_ca_certs(r->body);
}

// pki_operation sends a PKIMessage and returns the CertRep DER: by POST when
// the CA says POSTPKIOperation or SCEPStandard, else by GET with the message
// in standard base64, percent-encoded (RFC 8894 §4.3).
inline result<bytes> pki_operation(const transport& t, std::string_view ca_url, const scep::capabilities& caps,
                                   byte_view message) {
    http_request rq;
    if (caps.use_post()) {
        rq = {"POST", operation_url(ca_url, "PKIOperation"), "application/x-pki-message", bytes(message.begin(), message.end())};
    } else {
        rq = {"GET", operation_url(ca_url, "PKIOperation", base64::encode(message)), {}, {}};
    }
    auto r = detail::checked_reply(t, rq, "PKIOperation");
    if (!r) return r.err();
    std::string mt = http::media_type(r->content_type);
    if (mt != "application/x-pki-message")
        return core::error("PKIOperation: expected application/x-pki-message, the server sent " +
                     (r->content_type.empty() ? std::string("no content type") : r->content_type));
    return std::move(r->body);
}

// outcome: the checked answer to a PKCSReq, RenewalReq or CertPoll.
struct outcome {
    scep::pki_status status = scep::pki_status::failure;
    std::string transaction_id;
    std::string fail_info;       // FAILURE: in words ("badRequest")
    std::string fail_info_text;  // FAILURE: the CA's text, if any
    bytes certificate;           // SUCCESS: the issued certificate
    std::vector<bytes> chain;    // SUCCESS: the issued certificate, then the CA/RA certificates
    bytes response;              // the CertRep as received
};

// exchange sends a PKIMessage we built (and hold the state of) and checks the
// answer: signature by one of the state's CA certificates, our transactionID
// and senderNonce, then decryption with the signer certificate's key
// (`decrypt_with`: software or on a token). The issued certificate is the one
// for `issued_for`'s public key (the request's key).
inline result<outcome> exchange(const transport& t, std::string_view ca_url, byte_view message,
                                const scep::transaction_state& st, const mbed::decrypter& decrypt_with,
                                const mbed::signer& issued_for) {
    auto sent = scep::read_pki_message(message);
    if (!sent) return core::error("the request is not a SCEP message (offset " + std::to_string(sent.err().offset) + ": " + sent.err().message + ")");
    if (!sent->sender_nonce) return core::error("the request has no senderNonce");
    // The capabilities the message was built for (INF CACapabilities, or what
    // -enroll fetched) also choose POST or GET; without them, ask the server.
    scep::capabilities caps = scep::parse_capabilities(st.capabilities);
    if (st.capabilities.empty()) {
        auto fetched = get_ca_caps(t, ca_url);
        if (!fetched) return fetched.err();
        caps = std::move(*fetched);
    }
    auto reply = pki_operation(t, ca_url, caps, message);
    if (!reply) return reply.err();
    scep::expectation x;
    x.transaction_id = sent->transaction_id;
    x.sender_nonce = *sent->sender_nonce;
    x.trusted = st.ca_certs;
    x.recipient_cert = st.signer_cert;
    x.key = &decrypt_with;
    auto rep = scep::read_cert_rep(*reply, x);
    if (!rep) return core::error("CertRep (offset " + std::to_string(rep.err().offset) + "): " + rep.err().message);
    outcome o;
    o.status = rep->status;
    o.transaction_id = sent->transaction_id;
    o.response = std::move(*reply);
    if (rep->status == scep::pki_status::failure) {
        o.fail_info = rep->fail_info_words();
        o.fail_info_text = rep->fail_info_text;
    } else if (rep->status == scep::pki_status::success) {
        // The issued certificate is the one for our key; the others are chain.
        auto our_spki = issued_for.public_key_der();
        if (!our_spki) return core::error(our_spki.err().message());
        for (auto& c : rep->certificates) {
            auto rc = cms::read_certificate(c);
            if (rc && std::equal(rc->spki.begin(), rc->spki.end(), our_spki->begin(), our_spki->end()) && o.certificate.empty())
                o.certificate = c;
        }
        if (o.certificate.empty()) return core::error("the CertRep holds no certificate for our public key");
        o.chain.push_back(o.certificate);
        for (auto& c : rep->certificates)
            if (c != o.certificate) o.chain.push_back(c);
        for (auto& c : st.ca_certs)
            if (std::find(o.chain.begin(), o.chain.end(), c) == o.chain.end()) o.chain.push_back(c);
    }
    return o;
}

// cert_poll_message builds the CertPoll (GetCertInitial, messageType 20) of a
// pending transaction: IssuerAndSubject { the CA's subject, the request's
// subject }, a fresh senderNonce (stored back into `st`), same signer.
inline result<bytes> cert_poll_message(scep::transaction_state& st, const mbed::signer& key, mbed::rng_ref rng) {
    if (st.recipient >= st.ca_certs.size()) return core::error("the SCEP state has no CA certificate");
    auto ca = cms::read_certificate(st.ca_certs[st.recipient]);
    if (!ca) return core::error("CA certificate: " + ca.err().message);
    bytes ias = der::to_bytes(der::sequence(der::raw(ca->subject), der::raw(st.subject)));
    auto nonce = scep::new_nonce(rng);
    if (!nonce) return core::error(nonce.err().message);
    st.last_nonce = *nonce;
    scep::message_fields f;
    f.type = scep::message_type::cert_poll;
    f.transaction_id = st.transaction_id;
    f.sender_nonce = st.last_nonce;
    f.digest = st.digest == "SHA1" ? model::hash_algorithm::sha1 : st.digest == "SHA512" ? model::hash_algorithm::sha512
                                                                                       : model::hash_algorithm::sha256;
    f.cipher = scep::parse_capabilities(st.capabilities).content_cipher();
    f.message_data = ias;
    f.recipients = {st.ca_certs[st.recipient]};
    f.signer_cert = st.signer_cert;
    f.signer_key = &key;
    auto m = scep::build_pki_message(f, rng);
    if (!m) return core::error(m.err().message);
    return std::move(*m);
}

// renewal_csr: a PKCS#10 for `key` with the subject of the certificate being
// renewed (Name DER) and the challengePassword when one is given.
inline result<bytes> renewal_csr(byte_view subject_der, const mbed::signer& key, std::string_view challenge,
                                 model::hash_algorithm h, mbed::rng_ref rng) {
    auto spki = key.public_key_der();
    if (!spki) return core::error(spki.err().message());
    auto info = der::encode(der::sequence(
            der::integer(0), der::raw(subject_der), der::raw(*spki),
            der::implicit_tag<0>(der::set_of(der::when(!challenge.empty(), x509::challenge_password_attribute(challenge))))));
    if (!info) return core::error("the renewal request could not be encoded");
    bytes alg = x509::signature_algorithm(key.algorithm(), h, false);
    auto sig = mbed::sign(key, h, false, *info, rng);
    if (!sig) return core::error(sig.err().message());
    return x509::certification_request(*info, alg, *sig);
}

// request_message wraps a PKCS#10 as PKCSReq or RenewalReq for the state's CA,
// signed by the state's signer certificate with `signer_key`; a fresh senderNonce goes into `st`.
inline result<bytes> request_message(scep::message_type type, byte_view csr, scep::transaction_state& st,
                                     const mbed::signer& signer_key, mbed::rng_ref rng) {
    if (st.recipient >= st.ca_certs.size()) return core::error("the SCEP state has no CA certificate");
    auto nonce = scep::new_nonce(rng);
    if (!nonce) return core::error(nonce.err().message);
    st.last_nonce = *nonce;
    auto caps = scep::parse_capabilities(st.capabilities);
    scep::message_fields f;
    f.type = type;
    f.transaction_id = st.transaction_id;
    f.sender_nonce = st.last_nonce;
    f.digest = caps.digest();
    f.cipher = caps.content_cipher();
    f.message_data = csr;
    f.recipients = {st.ca_certs[st.recipient]};
    f.signer_cert = st.signer_cert;
    f.signer_key = &signer_key;
    auto m = scep::build_pki_message(f, rng);
    if (!m) return core::error(m.err().message);
    return std::move(*m);
}

}  // namespace certreq::verbs::scep_client
