// scep/pki_message_builder.hpp: builds client PKIMessages (RFC 8894 §3.2):
//
//   ContentInfo { signedData, SignedData { v1, { digest },
//     { id-data, OCTET STRING <ContentInfo { envelopedData, <messageData> }> },
//     certificates { the signer certificate },
//     { SignerInfo { v1, issuerAndSerialNumber, digest,
//         signedAttrs { contentType, messageDigest, transactionID, messageType, senderNonce },
//         signature algorithm of the key, signature } } } }
//
// and the self-signed signer certificate of a first enrollment (§2.3). The
// SignedData comes from cms/signed_data.hpp, the envelope from cms/enveloped_data.hpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/cms/enveloped_data.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/der/der.hpp"
#include "certreq/mbed/cipher.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/scep/degenerate.hpp"
#include "certreq/scep/message.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/certificate.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::scep {

// message_fields: everything a client PKIMessage is made of.
struct message_fields {
    message_type type = message_type::pkcs_req;
    std::string transaction_id;
    bytes sender_nonce;                     // 16 random bytes (new_nonce)
    model::hash_algorithm digest = model::hash_algorithm::sha256;
    mbed::content_cipher cipher = mbed::content_cipher::aes256_cbc;
    byte_view message_data;                 // PKCS#10, or IssuerAndSubject for CertPoll
    std::vector<bytes> recipients;          // the CA/RA certificate(s) to encrypt to
    byte_view signer_cert;                  // self-signed (PKCSReq) or the existing certificate (RenewalReq)
    const mbed::signer* signer_key = nullptr;
    // CertRep only (what a CA/RA sends; used by tests to play the server):
    std::optional<std::string> pki_status, fail_info;
    std::optional<bytes> recipient_nonce;
    bool no_content = false;                // FAILURE/PENDING: no pkcsPKIEnvelope
};

// transaction_id_for: the hex SHA-1 of the SubjectPublicKeyInfo (RFC 8894
// §3.2.1.1 suggests a hash of the public key), which is also the key store's
// public-key id of the pending request.
inline std::string transaction_id_for(byte_view spki_der) { return store::to_hex(mbed::sha1(spki_der)); }

// new_nonce: 16 random bytes.
inline result<bytes> new_nonce(mbed::rng_ref rng) {
    bytes n(16);
    if (rng.fill(n) != 0) return core::at_offset(0, "the random generator failed");
    return n;
}

// build_pki_message envelopes the messageData to the recipients and signs the result.
inline result<bytes> build_pki_message(const message_fields& f, mbed::rng_ref rng) {
    if (!f.signer_key) return core::at_offset(0, "no signer key");
    if (f.transaction_id.empty() || !der::is_printable(f.transaction_id))
        return core::at_offset(0, "the transactionID must be a non-empty PrintableString");
    if (f.sender_nonce.empty()) return core::at_offset(0, "the senderNonce must not be empty");
    bytes env;
    if (!f.no_content) {
        auto sealed = cms::seal(f.message_data, f.recipients, f.cipher, rng);
        if (!sealed) return core::at_offset(0, "pkcsPKIEnvelope: " + sealed.err().message);
        env = std::move(*sealed);
    }
    auto signer = cms::read_certificate(f.signer_cert);
    if (!signer) return core::at_offset(0, "signer certificate: " + signer.err().message);

    // The SCEP attributes go after contentType and messageDigest (cms/signed_data.hpp).
    std::vector<bytes> attrs;
    auto add = [&](std::string_view oid, bytes value) {
        if (auto a = cms::attribute(oid, value)) attrs.push_back(std::move(*a));
    };
    auto printable = [](std::string_view v) { return der::to_bytes(der::printable_string(v)); };
    auto octets = [](byte_view v) { return der::to_bytes(der::octet_string(v)); };
    add(oids::scep_transaction_id.dotted(), printable(f.transaction_id));
    add(oids::scep_message_type.dotted(), printable(to_wire(f.type)));
    add(oids::scep_sender_nonce.dotted(), octets(f.sender_nonce));
    if (f.pki_status) add(oids::scep_pki_status.dotted(), printable(*f.pki_status));
    if (f.fail_info) add(oids::scep_fail_info.dotted(), printable(*f.fail_info));
    if (f.recipient_nonce) add(oids::scep_recipient_nonce.dotted(), octets(*f.recipient_nonce));

    cms::signer s;
    s.key = f.signer_key;
    s.digest = f.digest;
    s.sid = cms::signer_id::issuer_and_serial;
    s.cert = f.signer_cert;
    s.extra_attributes = std::move(attrs);
    s.standard_signature_oid = true;  // sha256WithRSAEncryption, as RFC 8894 clients send
    cms::signed_data_fields sd;
    if (!f.no_content) sd.content = byte_view(env);
    sd.certificates = {bytes(f.signer_cert.begin(), f.signer_cert.end())};  // only the signer: each one becomes a recipient
    sd.signers = {std::move(s)};
    auto out = cms::signed_data(sd, rng);
    if (!out) return core::at_offset(0, "the PKIMessage: " + out.err().message);
    return std::move(*out);
}

// self_signed_signer_for makes the throwaway certificate a first enrollment
// is signed with (RFC 8894 §2.3): subject = issuer = the request's subject
// (Name DER; an empty one becomes CN=SCEP SIGNER), valid from 10 minutes ago
// for `days` days, random serial, no extensions.
inline result<bytes> self_signed_signer_for(const mbed::signer& key, byte_view subject_der, model::hash_algorithm h,
                                            std::int64_t now, mbed::rng_ref rng, int days = 30) {
    auto spki = key.public_key_der();
    if (!spki) return core::at_offset(0, spki.err().message());
    bytes serial(16);
    if (rng.fill(serial) != 0) return core::at_offset(0, "the random generator failed");
    serial[0] = std::uint8_t((serial[0] & 0x3F) | 0x10);
    static const bytes fallback =
            der::to_bytes(der::sequence(der::set_of(der::sequence(oids::common_name, der::printable_string("SCEP SIGNER")))));
    byte_view name = subject_der.size() <= 2 ? byte_view(fallback) : subject_der;
    bytes alg = x509::signature_algorithm(key.algorithm(), h, false);
    x509::tbs_fields f;
    f.serial = serial;
    f.signature_algorithm_der = alg;
    f.issuer_der = name;
    f.subject_der = name;
    f.not_before = now - 600;
    f.not_after = now + std::int64_t(days) * 86400;
    f.spki_der = *spki;
    auto tbs = x509::tbs_certificate(f);
    if (!tbs) return core::at_offset(0, "the signer certificate could not be encoded");
    auto sig = mbed::sign(key, h, false, *tbs, rng);
    if (!sig) return core::at_offset(0, "signing the signer certificate: " + sig.err().message());
    return x509::certificate(*tbs, alg, *sig);
}

}  // namespace certreq::scep
