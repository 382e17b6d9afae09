// scep/pki_message_reader.hpp: reads any SCEP PKIMessage (RFC 8894 §3.2):
// the SignedData, its SCEP signed attributes, the encapsulated
// pkcsPKIEnvelope, the certificates, and checks the signature against a set
// of certificates the caller trusts for this purpose. Decryption is left to
// the caller (cms/enveloped_data.hpp), who knows which key to use.
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/cms/enveloped_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/scep/degenerate.hpp"
#include "certreq/scep/message.hpp"

namespace certreq::scep {

// pki_message: what a PKIMessage says. Byte fields are copies, so it does not
// borrow the input.
struct pki_message {
    std::string message_type;            // "3", "19", ...
    std::string transaction_id;
    std::optional<std::string> pki_status;
    std::optional<std::string> fail_info;
    std::optional<std::string> fail_info_text;
    std::optional<bytes> sender_nonce, recipient_nonce;
    std::optional<bytes> content;         // eContent octets (the pkcsPKIEnvelope); absent on FAILURE/PENDING
    std::size_t content_offset = 0;
    std::vector<bytes> certificates;      // SignedData.certificates, in order
    model::hash_algorithm digest = model::hash_algorithm::sha1;
    std::string signature_algorithm;      // OID
    // the signer: issuerAndSerialNumber (Name TLV + INTEGER content) or SKI
    bytes signer_issuer, signer_serial, signer_ski;
    bytes signed_attrs;                   // re-tagged as SET (0x31): what the signature covers
    bytes signature;
    bytes message_digest;                 // the messageDigest attribute
    std::size_t signer_offset = 0;
};

namespace detail {

inline std::string printable(const asn1::tlv& t) { return std::string(as_chars(t.content)); }

}  // namespace detail

// read_pki_message decodes `der` (a ContentInfo with SignedData). It checks
// the structure and the messageDigest against the content; the signature is
// checked by verify_signature.
inline result<pki_message> read_pki_message(byte_view der) {
    auto ci = asn1::read_content_info(der);
    if (!ci) return core::at_offset(ci.err().offset, ci.err().text());
    if (ci->type != std::string(asn1::oid_signed_data))
        return core::at_offset(0, "a SCEP message is PKCS#7 signed data; this is " + ci->type.value_or("?"));
    auto inner = ci->content;
    if (!inner) return core::at_offset(0, "ContentInfo: no content");
    auto sd = asn1::read_signed_data_view(inner->whole, inner->offset);
    if (!sd) return core::at_offset(sd.err().offset, sd.err().text());
    pki_message m;

    if (auto ec = sd->content()) {
        m.content.emplace(ec->content.begin(), ec->content.end());
        m.content_offset = ec->content_offset();
    }
    for (const asn1::tlv& c : sd->certificates()) m.certificates.emplace_back(c.whole.begin(), c.whole.end());

    std::size_t signers = sd->signer_count();
    if (signers != 1)
        return core::at_offset(inner->offset, "a SCEP message has exactly one SignerInfo; this one has " + std::to_string(signers));
    auto si = sd->signer_at(1);
    if (!si) return core::at_offset(inner->offset, "SignerInfo: unreadable");
    m.signer_offset = si->whole.offset;
    std::string digest_oid = si->digest_oid.value_or("?");
    auto digest = hash_by_oid(digest_oid);
    if (!digest) return core::at_offset(m.signer_offset, "SignerInfo: digest algorithm " + digest_oid + " is not supported");
    m.digest = *digest;
    m.signature_algorithm = si->signature_algorithm_oid.value_or("?");
    if (si->signature) m.signature.assign(si->signature->content.begin(), si->signature->content.end());
    if (si->by_key_id) {
        if (si->key_id) m.signer_ski.assign(si->key_id->content.begin(), si->key_id->content.end());
    } else {
        if (si->issuer) m.signer_issuer.assign(si->issuer->whole.begin(), si->issuer->whole.end());
        if (si->serial) m.signer_serial.assign(si->serial->begin(), si->serial->end());
    }

    const auto& attrs = si->signed_attrs;
    if (!attrs) return core::at_offset(m.signer_offset, "SignerInfo: SCEP needs signed attributes; there are none");
    m.signed_attrs.assign(attrs->whole.begin(), attrs->whole.end());
    m.signed_attrs[0] = 0x31;  // signed as SET OF, sent as [0] IMPLICIT (RFC 5652 §5.4)
    bool have_type = false, have_tid = false, have_digest = false;
    for (const asn1::attribute_entry& a : si->attributes) {
        const std::string& type = a.type;
        const auto v = a.first();
        if (!v) continue;
        if (a.value_count() != 1)
            return core::at_offset(v->offset, "signed attribute " + type + " must have exactly one value");
        auto want = [&](std::uint32_t tag, const char* what) -> std::optional<error> {
            if (v->is_universal(tag)) return std::nullopt;
            return core::at_offset(v->offset, std::string(what) + " has the wrong type");
        };
        if (oids::scep_message_type == type) {
            if (auto e = want(asn1::utag::printable_string, "messageType")) return *e;
            m.message_type = detail::printable(*v), have_type = true;
        } else if (oids::scep_transaction_id == type) {
            if (auto e = want(asn1::utag::printable_string, "transactionID")) return *e;
            m.transaction_id = detail::printable(*v), have_tid = true;
        } else if (oids::scep_pki_status == type) {
            if (auto e = want(asn1::utag::printable_string, "pkiStatus")) return *e;
            m.pki_status = detail::printable(*v);
        } else if (oids::scep_fail_info == type) {
            if (auto e = want(asn1::utag::printable_string, "failInfo")) return *e;
            m.fail_info = detail::printable(*v);
        } else if (oids::scep_fail_info_text == type) {
            m.fail_info_text = asn1::string_text(*v);
        } else if (oids::scep_sender_nonce == type) {
            if (auto e = want(asn1::utag::octet_string, "senderNonce")) return *e;
            m.sender_nonce.emplace(v->content.begin(), v->content.end());
        } else if (oids::scep_recipient_nonce == type) {
            if (auto e = want(asn1::utag::octet_string, "recipientNonce")) return *e;
            m.recipient_nonce.emplace(v->content.begin(), v->content.end());
        } else if (oids::message_digest == type) {
            if (auto e = want(asn1::utag::octet_string, "messageDigest")) return *e;
            m.message_digest.assign(v->content.begin(), v->content.end()), have_digest = true;
        }
    }
    if (!have_type) return core::at_offset(attrs->offset, "signed attributes: no messageType");
    if (!have_tid) return core::at_offset(attrs->offset, "signed attributes: no transactionID");
    if (!have_digest) return core::at_offset(attrs->offset, "signed attributes: no messageDigest");
    bytes h = mbed::hash(m.digest, m.content ? byte_view(*m.content) : byte_view{});
    if (!same_bytes(h, m.message_digest))
        return core::at_offset(attrs->offset, "messageDigest does not match the content: the message was altered");
    return m;
}

// names_certificate: does the SignerInfo's sid name this certificate?
inline bool names_certificate(const pki_message& m, byte_view cert_der) {
    auto c = asn1::read_certificate(cert_der);
    if (!c) return false;
    if (!m.signer_ski.empty()) {
        // Our SKI convention (and RFC 5280's method 1): SHA-1 of the public key bits.
        auto bits = c->spki_bits();
        if (!bits) return false;
        auto h = mbed::sha1(bits->bytes);
        return same_bytes(h, m.signer_ski);
    }
    auto issuer = c->issuer();
    auto serial = c->serial();
    return issuer && serial && same_bytes(issuer->whole, m.signer_issuer) && same_bytes(*serial, m.signer_serial);
}

// verify_signature checks the signature with the first certificate of
// `trusted` that the SignerInfo names and returns its index. Certificates the
// message itself carries are not trusted for this: a CertRep must be signed
// by the CA or RA the client got from GetCACert.
inline result<std::size_t> verify_signature(const pki_message& m, const std::vector<bytes>& trusted) {
    if (!known_signature(m.signature_algorithm))
        return core::at_offset(m.signer_offset, "signature algorithm " + m.signature_algorithm + " is not supported");
    model::hash_algorithm h = signature_hash(m.signature_algorithm).value_or(m.digest);
    for (std::size_t i = 0; i < trusted.size(); ++i) {
        if (!names_certificate(m, trusted[i])) continue;
        auto rc = cms::read_certificate(trusted[i]);
        auto ok = mbed::verify(rc->spki, h, false, m.signed_attrs, m.signature);
        if (!ok) return core::at_offset(m.signer_offset, "signature check: " + ok.err().message());
        if (!*ok) return core::at_offset(m.signer_offset, "the signature does not verify with the certificate that signed it");
        return i;
    }
    return core::at_offset(m.signer_offset, "the message is not signed by any of the " + std::to_string(trusted.size()) +
                                          " CA/RA certificate(s) we trust");
}

}  // namespace certreq::scep
