// scep/cert_rep.hpp: the client's reading of a CertRep (RFC 8894 §3.3.2):
// signature by a trusted CA/RA certificate, messageType 3, our transactionID,
// recipientNonce = our senderNonce, then by pkiStatus: SUCCESS decrypts the
// envelope with our signer certificate and key and returns the certificates;
// FAILURE returns failInfo; PENDING returns nothing more.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/cms/enveloped_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/decrypter.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/scep/degenerate.hpp"
#include "certreq/scep/message.hpp"
#include "certreq/scep/pki_message_reader.hpp"
#include "certreq/store/hex.hpp"

namespace certreq::scep {

// expectation: what the client sent and holds, to check the answer against.
struct expectation {
    std::string transaction_id;
    bytes sender_nonce;               // ours; the CertRep's recipientNonce must equal it
    std::vector<bytes> trusted;       // the CA/RA certificates (GetCACert / CACerts)
    byte_view recipient_cert;         // the certificate we signed the request with
    const mbed::decrypter* key = nullptr;  // its key (software or on a token)
};

// cert_rep: a checked CertRep.
struct cert_rep {
    pki_status status = pki_status::failure;
    std::string fail_info;             // FAILURE: the number ("2")
    std::string fail_info_text;        // FAILURE: failInfoText when the CA sent one
    std::vector<bytes> certificates;   // SUCCESS: the decrypted degenerate PKCS#7, in order
    mbed::content_cipher cipher = mbed::content_cipher::des_cbc;
    model::hash_algorithm digest = model::hash_algorithm::sha1;
    std::size_t signed_by = 0;         // index into expectation::trusted

    // fail_info_words: "badRequest", or the number when unknown.
    std::string fail_info_words() const {
        auto w = fail_info_name(fail_info);
        return w.empty() ? (fail_info.empty() ? std::string("(no failInfo)") : "failInfo " + fail_info) : std::string(w);
    }
};

// read_cert_rep checks `der` against `x` and opens it.
inline result<cert_rep> read_cert_rep(byte_view der, const expectation& x) {
    auto m = read_pki_message(der);
    if (!m) return m.err();
    cert_rep out;
    out.digest = m->digest;
    auto by = verify_signature(*m, x.trusted);
    if (!by) return by.err();
    out.signed_by = *by;
    if (m->message_type != "3")
        return core::at_offset(m->signer_offset, "expected a CertRep (messageType 3), got messageType " + m->message_type);
    if (m->transaction_id != x.transaction_id)
        return core::at_offset(m->signer_offset, "transactionID " + m->transaction_id + " does not match ours (" + x.transaction_id + ")");
    if (!m->recipient_nonce) return core::at_offset(m->signer_offset, "the CertRep has no recipientNonce");
    if (!same_bytes(*m->recipient_nonce, x.sender_nonce))
        return core::at_offset(m->signer_offset, "recipientNonce " + store::to_hex(*m->recipient_nonce) +
                                               " is not the senderNonce we sent (" + store::to_hex(x.sender_nonce) + ")");
    // senderNonce may equal recipientNonce (micromdm scepserver echoes it); only its presence matters.
    if (!m->pki_status) return core::at_offset(m->signer_offset, "the CertRep has no pkiStatus");
    auto st = parse_pki_status(*m->pki_status);
    if (!st) return core::at_offset(m->signer_offset, "unknown pkiStatus \"" + *m->pki_status + "\"");
    out.status = *st;
    if (*st == pki_status::failure) {
        out.fail_info = m->fail_info.value_or("");
        out.fail_info_text = m->fail_info_text.value_or("");
        return out;
    }
    if (*st == pki_status::pending) return out;
    if (!m->content) return core::at_offset(m->signer_offset, "a SUCCESS CertRep must carry the certificate; the content is absent");
    if (!x.key) return core::at_offset(m->signer_offset, "no private key to decrypt the CertRep with");
    auto opened = cms::open(*m->content, x.recipient_cert, *x.key, m->content_offset);
    if (!opened) return core::at_offset(opened.err().offset, "pkcsPKIEnvelope: " + opened.err().message);
    out.cipher = opened->cipher;
    auto certs = certificates_of(opened->content);
    if (!certs) return core::at_offset(m->content_offset, "the decrypted content is not a certs-only PKCS#7: " + certs.err().message);
    if (certs->empty()) return core::at_offset(m->content_offset, "the decrypted PKCS#7 holds no certificate");
    out.certificates = std::move(*certs);
    return out;
}

}  // namespace certreq::scep
