// tests/scep/fake_ca.hpp: a SCEP CA inside the test, behind a transport
// callback, built from our own encoder and the vectors' CA (ca.der,
// ca-key.pem). It answers GetCACaps/GetCACert, PKCSReq/RenewalReq (SUCCESS,
// FAILURE or PENDING as told) and CertPoll, as RFC 8894 says and as
// micromdm scepserver does (SHA-1 signatures, DES envelopes by default).
#pragma once
#include <string>
#include <vector>

#include "certreq/core/base64.hpp"
#include "certreq/scep/pki_message_builder.hpp"
#include "certreq/scep/pki_message_reader.hpp"
#include "certreq/verbs/scep_client.hpp"
#include "vectors.hpp"

namespace scep_test {

using namespace certreq;

struct fake_ca {
    bytes ca_cert = file("ca.der");
    mbed::private_key ca_key = key("ca-key.pem");
    std::string caps = "Renewal\nSHA-1\nSHA-256\nAES\nDES3\nSCEPStandard\nPOSTPKIOperation";
    std::string challenge = "s3cret";
    bool pend_first = false;       // answer the first PKCSReq with PENDING
    model::hash_algorithm rep_digest = model::hash_algorithm::sha1;     // how CertReps are signed
    mbed::content_cipher rep_cipher = mbed::content_cipher::des_cbc;    // and encrypted
    std::vector<verbs::scep_client::http_request> seen;
    std::vector<std::string> message_types;  // of the PKIOperations received
    bytes last_csr;
    bytes last_poll_body;          // the decrypted IssuerAndSubject of the last CertPoll
    bytes pending_csr;
    std::int64_t serial = 100;

    static std::string query_value(const std::string& url, const std::string& name) {
        auto q = url.find('?');
        if (q == std::string::npos) return {};
        std::string rest = url.substr(q + 1);
        std::size_t at = 0;
        while (at < rest.size()) {
            auto amp = rest.find('&', at);
            std::string kv = rest.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
            if (kv.rfind(name + "=", 0) == 0) {
                std::string v = kv.substr(name.size() + 1), out;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (v[i] == '%' && i + 2 < v.size()) out += char(std::stoi(v.substr(i + 1, 2), nullptr, 16)), i += 2;
                    else out += v[i];
                }
                return out;
            }
            if (amp == std::string::npos) break;
            at = amp + 1;
        }
        return {};
    }

    verbs::scep_client::http_reply reply(int status, std::string ct, bytes body) {
        verbs::scep_client::http_reply r;
        r.status = status;
        r.content_type = std::move(ct);
        r.body = std::move(body);
        return r;
    }

    bytes issue(byte_view csr_der) {
        auto req = asn1::decode(asn1::module::pkix, "CertificationRequest", csr_der);
        auto subject = req.value->element("certificationRequestInfo.subject");
        auto spki = req.value->element("certificationRequestInfo.subjectPKInfo");
        auto ca = cms::read_certificate(ca_cert);
        bytes alg = x509::signature_algorithm(model::key_algorithm::rsa, model::hash_algorithm::sha256);
        bytes ser = {std::uint8_t(serial++)};
        x509::tbs_fields f;
        f.serial = ser;
        f.signature_algorithm_der = alg;
        f.issuer_der = ca->subject;
        f.subject_der = subject->whole;
        f.not_before = 1700000000;
        f.not_after = 1900000000;
        f.spki_der = spki->whole;
        auto tbs = x509::tbs_certificate(f);
        auto sig = mbed::sign(ca_key, model::hash_algorithm::sha256, false, *tbs);
        return x509::certificate(*tbs, alg, *sig);
    }

    bytes cert_rep(const scep::pki_message& req, const std::string& status, std::optional<bytes> issued,
                   std::optional<std::string> fail = std::nullopt) {
        auto rng = mbed::system_rng();
        bytes content = issued ? scep::degenerate_pkcs7({*issued}) : bytes{};
        scep::message_fields f;
        f.type = scep::message_type::cert_rep;
        f.transaction_id = req.transaction_id;
        f.sender_nonce = *req.sender_nonce;  // as scepserver does: echo the client's nonce
        f.recipient_nonce = *req.sender_nonce;
        f.pki_status = status;
        f.fail_info = fail;
        f.digest = rep_digest;
        f.cipher = rep_cipher;
        f.message_data = content;
        f.no_content = !issued;
        f.recipients = {req.certificates.at(0)};
        f.signer_cert = ca_cert;
        f.signer_key = &ca_key;
        return *scep::build_pki_message(f, *rng);
    }

    verbs::scep_client::http_reply operator()(const verbs::scep_client::http_request& rq) {
        seen.push_back(rq);
        std::string op = query_value(rq.url, "operation");
        if (op == "GetCACaps") return reply(200, "text/plain", bytes(caps.begin(), caps.end()));
        if (op == "GetCACert") return reply(200, "application/x-x509-ca-cert", ca_cert);
        if (op != "PKIOperation") return reply(500, "text/plain", bytes{'n', 'o'});
        bytes msg = rq.method == "POST" ? rq.body : *base64::decode(query_value(rq.url, "message"));
        auto req = scep::read_pki_message(msg);
        if (!req || !scep::verify_signature(*req, req->certificates)) return reply(500, "text/plain", bytes{'b', 'a', 'd'});
        message_types.push_back(req->message_type);
        auto opened = cms::open(*req->content, ca_cert, ca_key);
        if (!opened) return reply(500, "text/plain", bytes{'e', 'n', 'v'});
        if (req->message_type == "20") {
            last_poll_body = opened->content;
            if (pending_csr.empty()) return reply(200, "application/x-pki-message", cert_rep(*req, "2", std::nullopt, "4"));
            return reply(200, "application/x-pki-message", cert_rep(*req, "0", issue(pending_csr)));
        }
        last_csr = opened->content;
        auto csr = asn1::decode(asn1::module::pkix, "CertificationRequest", last_csr);
        std::string pw;
        for (std::size_t i = 1; csr && i <= csr.value->count("certificationRequestInfo.attributes"); ++i) {
            std::string a = "certificationRequestInfo.attributes.?" + std::to_string(i);
            if (csr.value->oid(a + ".type") == "1.2.840.113549.1.9.7")
                if (auto v = csr.value->element(a + ".values.?1")) pw = std::string(as_chars(v->content));
        }
        if (pw != challenge) return reply(200, "application/x-pki-message", cert_rep(*req, "2", std::nullopt, "2"));
        if (pend_first) {
            pend_first = false;
            pending_csr = last_csr;
            return reply(200, "application/x-pki-message", cert_rep(*req, "3", std::nullopt));
        }
        return reply(200, "application/x-pki-message; charset=binary", cert_rep(*req, "0", issue(last_csr)));
    }
};

}  // namespace scep_test
