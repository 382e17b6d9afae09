// cms/signed_data_reader.hpp: reads a CMS SignedData (RFC 5652 §5) and
// checks its signers: the counterpart of cms/signed_data.hpp, for the CA
// (PKCS #7 and CMC requests), -sign (adding a signer) and tests.
//
//   read_signed_data: ContentInfo { id-signedData, SignedData } -> views of
//                     the content, certificates, CRLs and each SignerInfo.
//   find_signer_certificate: the certificate a SignerInfo names, among the
//                     SignedData's certificates and any extra ones given.
//   verify_signer:    contentType and messageDigest attributes against the
//                     content, then the signature with a given public key.
// Views point into the DER read: it must outlive them.
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/signature_algorithm.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/cms/certificate_fields.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/core/result.hpp"
#include "certreq/der/der.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/sign.hpp"

namespace certreq::cms {

// signer_info_view: one SignerInfo as read.
struct signer_info_view {
    std::size_t offset = 0;           // of the SignerInfo in the input
    std::int64_t version = 0;
    bool by_key_id = false;           // sid is [0] subjectKeyIdentifier
    byte_view issuer;                 // Name TLV (issuerAndSerialNumber)
    byte_view serial;                 // INTEGER content octets
    byte_view key_id;                 // subjectKeyIdentifier octets
    std::string digest_oid;
    std::optional<model::hash_algorithm> digest;
    byte_view signed_attrs;           // the whole [0] TLV, empty if absent
    std::vector<asn1::attribute_entry> attributes;  // each signed Attribute
    byte_view signature_algorithm;    // AlgorithmIdentifier TLV
    std::size_t signature_algorithm_offset = 0;
    byte_view signature;              // OCTET STRING contents
    byte_view unsigned_attrs;         // the whole [1] TLV, empty if absent
    byte_view whole;                  // the SignerInfo TLV
};

// signed_data_view: a SignedData as read.
struct signed_data_view {
    std::int64_t version = 0;
    std::string content_type;          // eContentType, dotted
    std::optional<byte_view> content;  // eContent octets (nullopt: detached / absent)
    std::size_t content_offset = 0;
    std::vector<byte_view> certificates;  // each TLV, in stored order
    std::vector<byte_view> crls;
    std::vector<byte_view> digest_algorithms;  // each AlgorithmIdentifier TLV
    std::vector<signer_info_view> signers;
};

namespace detail {
// wholes: each TLV's whole bytes.
inline std::vector<byte_view> wholes(const std::vector<asn1::tlv>& list) {
    std::vector<byte_view> out;
    for (const asn1::tlv& t : list) out.push_back(t.whole);
    return out;
}
}  // namespace detail

// read_signed_data reads ContentInfo { id-signedData, SignedData }. `base`:
// offset of der[0] in the input, for error offsets.
inline result<signed_data_view> read_signed_data(byte_view der, std::size_t base = 0) {
    auto ci = asn1::read_content_info(der, base);
    if (!ci) return core::at_offset(ci.err().offset, ci.err().text());
    auto type = ci->type.value_or("");
    if (type != oids::signed_data.dotted())
        return core::at_offset(base, "expected CMS SignedData (1.2.840.113549.1.7.2), found content type " + type);
    auto inner = ci->content;
    if (!inner) return core::at_offset(base, "ContentInfo: the [0] content is not one element");
    auto sd = asn1::read_signed_data_view(inner->whole, inner->offset);
    if (!sd) return core::at_offset(sd.err().offset, sd.err().text());

    signed_data_view v;
    v.version = sd->version().value_or(-1);
    if (v.version != 1 && v.version != 3 && v.version != 4 && v.version != 5)
        return core::at_offset(inner->offset, "SignedData: version " + std::to_string(v.version) + " is not 1, 3, 4 or 5 (RFC 5652 5.1)");
    v.content_type = sd->content_type().value_or("");
    if (auto c = sd->content_wrapper()) {
        auto oct = asn1::parse_one(c->content, c->content_offset());
        if (!oct || !oct->is_universal(asn1::utag::octet_string) || oct->constructed)
            return core::at_offset(c->offset, "SignedData: eContent is not one OCTET STRING");
        v.content = oct->content;
        v.content_offset = oct->content_offset();
    }
    v.digest_algorithms = detail::wholes(sd->digest_algorithms());
    v.certificates = detail::wholes(sd->certificates());
    v.crls = detail::wholes(sd->crls());
    for (std::size_t i = 1, n = sd->signer_count(); i <= n; ++i) {
        auto si = sd->signer_at(i);
        if (!si) return core::at_offset(inner->offset, "SignedData: SignerInfo " + std::to_string(i) + " unreadable");
        signer_info_view s;
        s.whole = si->whole.whole;
        s.offset = si->whole.offset;
        s.version = si->version.value_or(-1);
        s.by_key_id = si->by_key_id;
        if (si->key_id) s.key_id = si->key_id->content;
        if (si->issuer) s.issuer = si->issuer->whole;
        if (si->serial) s.serial = *si->serial;
        // RFC 5652 5.3: v1 names the signer by issuerAndSerialNumber, v3 by subjectKeyIdentifier.
        if (s.version != (s.by_key_id ? 3 : 1))
            return core::at_offset(s.offset, "SignedData: SignerInfo " + std::to_string(i) + " has version " + std::to_string(s.version) +
                                           (s.by_key_id ? ", not 3 as its subjectKeyIdentifier requires"
                                                        : ", not 1 as its issuerAndSerialNumber requires"));
        s.digest_oid = si->digest_oid.value_or("");
        s.digest = asn1::hash_of(s.digest_oid);
        if (si->signed_attrs) {
            s.signed_attrs = si->signed_attrs->whole;
            s.attributes = std::move(si->attributes);
        }
        if (si->signature_algorithm) {
            s.signature_algorithm = si->signature_algorithm->whole;
            s.signature_algorithm_offset = si->signature_algorithm->offset;
        }
        if (si->signature) s.signature = si->signature->content;
        if (si->unsigned_attrs) s.unsigned_attrs = si->unsigned_attrs->whole;
        v.signers.push_back(std::move(s));
    }
    return v;
}

// key_id_of returns what a certificate's subjectKeyIdentifier extension holds,
// or else the SHA-1 of its subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1).
inline bytes key_id_of(byte_view cert_der) {
    auto c = asn1::read_certificate(cert_der);
    if (!c) return {};
    auto id = c->extension(oids::subject_key_identifier.dotted());
    if (id && id->is_universal(asn1::utag::octet_string)) return bytes(id->content.begin(), id->content.end());
    auto bits = c->spki_bits();
    if (!bits) return {};
    auto h = mbed::sha1(bits->bytes);
    return bytes(h.begin(), h.end());
}

// names reports whether `s` names the certificate `cert_der`.
inline bool names(const signer_info_view& s, byte_view cert_der) {
    if (s.by_key_id) {
        bytes id = key_id_of(cert_der);
        return !id.empty() && same_bytes(id, s.key_id);
    }
    auto c = read_certificate(cert_der);
    return c && same_bytes(c->issuer, s.issuer) && same_bytes(c->serial, s.serial);
}

// find_signer_certificate returns the certificate `s` names, from the
// SignedData's certificates, then `extra`.
inline std::optional<bytes> find_signer_certificate(const signed_data_view& v, const signer_info_view& s,
                                                    const std::vector<bytes>& extra = {}) {
    for (byte_view c : v.certificates)
        if (names(s, c)) return bytes(c.begin(), c.end());
    for (const bytes& c : extra)
        if (names(s, c)) return c;
    return std::nullopt;
}

// signer_name describes a SignerInfo in messages: "signer 2 (subjectKeyIdentifier a253...)".
inline std::string signer_name(const signer_info_view& s, std::size_t index) {
    std::string out = "signer " + std::to_string(index + 1) + " (";
    byte_view id = s.by_key_id ? s.key_id : s.serial;
    out += s.by_key_id ? "subjectKeyIdentifier " : "serial number ";
    return out + core::to_hex(id) + ")";
}

// verify_signer checks SignerInfo `index` of `v` with the public key `spki`
// (SubjectPublicKeyInfo DER). With signed attributes: contentType must equal
// the eContentType and messageDigest the digest of the content (`detached`
// when the SignedData carries none); the signature is over the attributes.
// Without: the signature is over the content. The error names the signer and
// the check that failed.
inline core::status<error> verify_signer(const signed_data_view& v, std::size_t index, byte_view spki,
                                         std::optional<byte_view> detached = std::nullopt) {
    if (index >= v.signers.size()) return core::at_offset(0, "no signer " + std::to_string(index + 1));
    const signer_info_view& s = v.signers[index];
    std::string who = signer_name(s, index) + ": ";
    if (!s.digest) return core::at_offset(s.offset, who + "unsupported digest algorithm " + s.digest_oid);
    byte_view content = detached ? *detached : v.content.value_or(byte_view{});
    if (!detached && !v.content) return core::at_offset(s.offset, who + "the SignedData has no content to check");
    auto alg = asn1::parse_signature_algorithm(s.signature_algorithm, s.signature_algorithm_offset, s.digest);
    if (!alg.hash) return core::at_offset(s.signature_algorithm_offset, who + "unsupported signature algorithm " + alg.oid);

    bytes to_verify;
    if (!s.signed_attrs.empty()) {
        std::optional<byte_view> digest_value;
        std::optional<std::string> type_value;
        for (const asn1::attribute_entry& a : s.attributes) {
            const std::string& type = a.type;
            if (a.value_count() != 1) {
                if (type == oids::message_digest.dotted() || type == oids::content_type.dotted())
                    return core::at_offset(s.offset, who + "the " + type + " attribute must have exactly one value");
                continue;
            }
            const auto val = a.first();
            if (!val) continue;
            if (type == oids::message_digest.dotted()) {
                if (!val->is_universal(asn1::utag::octet_string)) return core::at_offset(s.offset, who + "messageDigest is not an OCTET STRING");
                digest_value = val->content;
            } else if (type == oids::content_type.dotted()) {
                if (!val->is_universal(asn1::utag::oid)) return core::at_offset(s.offset, who + "contentType is not an OBJECT IDENTIFIER");
                type_value = asn1::oid_string(val->content).value_or("");
            }
        }
        if (!type_value) return core::at_offset(s.offset, who + "the signed attributes lack contentType");
        if (*type_value != v.content_type)
            return core::at_offset(s.offset, who + "the contentType attribute (" + *type_value + ") differs from the eContentType (" +
                                           v.content_type + ")");
        if (!digest_value) return core::at_offset(s.offset, who + "the signed attributes lack messageDigest");
        bytes digest = mbed::hash(*s.digest, content);
        if (!same_bytes(digest, *digest_value))
            return core::at_offset(s.offset, who + "the messageDigest attribute does not match the content");
        to_verify.assign(s.signed_attrs.begin(), s.signed_attrs.end());
        to_verify[0] = der::tag::set;  // signed as SET OF, sent as [0] IMPLICIT (RFC 5652 §5.4)
    } else {
        to_verify.assign(content.begin(), content.end());
    }
    auto ok = mbed::verify(spki, *alg.hash, alg.pss, to_verify, s.signature);
    if (!ok) return core::at_offset(s.offset, who + "the public key cannot be used: " + ok.err().message());
    if (!*ok) return core::at_offset(s.offset, who + "the signature does not verify");
    return {};
}

}  // namespace certreq::cms
