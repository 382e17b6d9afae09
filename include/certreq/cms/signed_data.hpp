// cms/signed_data.hpp: builds CMS SignedData (RFC 5652 §5) in a ContentInfo.
//
//   ContentInfo { id-signedData, [0] SignedData {
//     version          1, or 3 when a signer is named by subjectKeyIdentifier or
//                      the eContentType is not id-data (§5.1),
//     digestAlgorithms { one AlgorithmIdentifier per digest used, with NULL },
//     encapContentInfo { eContentType, [0] OCTET STRING eContent (unless detached) },
//     certificates [0] IMPLICIT { certificates, in the order given }   (omitted if none)
//     crls         [1] IMPLICIT { CRLs, in the order given }           (omitted if none)
//     signerInfos { SignerInfo {
//         version 1 (issuerAndSerialNumber) or 3 ([0] subjectKeyIdentifier),
//         sid, digestAlgorithm,
//         signedAttrs [0] IMPLICIT { contentType, messageDigest, extra... }  (unless none),
//         signatureAlgorithm, signature, unsignedAttrs [1] (if any) } } } }
//
// Who uses it: RequestType = PKCS7 (one v1 signer, no signed attributes, as
// certreq writes renewals), RequestType = CMC (v3 signer by SKI; EOBO adds a v1
// agent signer), -sign, the local CA's CMC full response, SCEP PKIMessages.
//
// The signature is over the DER of the signed attributes as a SET (tag 31,
// §5.4), or over the eContent octets when there are none. RSA signers are
// labelled rsaEncryption NULL by default, as certreq and Windows' CMS do;
// `standard_signature_oid` gives sha256WithRSAEncryption and the like instead.
// certs_only() writes the degenerate "certificates only" form (no content, no
// signers) that certreq and SCEP use for chains. `signer_infos` keeps
// SignerInfos made elsewhere (DER, verbatim) beside the new ones: -sign adds a
// signer that way. cms/signed_data_reader.hpp reads and verifies the result.
//
//   cms::signed_data_fields f;
//   f.content_type = oids::cct_pki_data.dotted();  // dotted eContentType
//   f.content = pki_data_der;
//   f.signers.push_back({.key = &key, .digest = model::hash_algorithm::sha256,
//                        .sid = cms::signer_id::subject_key_id, .key_id = ski});
//   auto ci = cms::signed_data(f);                  // result<bytes>: ContentInfo DER, or core::at_offset(offset, message)
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/tlv.hpp"
#include "certreq/cms/certificate_fields.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/der/der.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/request.hpp"
#include "certreq/x509/algorithm.hpp"

namespace certreq::cms {

// signer_id: how a SignerInfo names its certificate (RFC 5652 §5.3).
enum class signer_id {
    issuer_and_serial,   // v1: issuer and serial of `signer::cert`
    subject_key_id,      // v3: [0] `signer::key_id` (e.g. a request's SKI)
};

// signer: one SignerInfo to make. The views must outlive the build call.
struct signer {
    const mbed::signer* key = nullptr;     // any signer (mbed/signer.hpp)
    model::hash_algorithm digest = model::hash_algorithm::sha256;
    bool pss = false;                      // RSASSA-PSS (RSA keys only)
    signer_id sid = signer_id::issuer_and_serial;
    byte_view cert;                        // the signer's certificate DER (issuer_and_serial)
    byte_view key_id;                      // the subjectKeyIdentifier octets (subject_key_id)
    bool signed_attributes = true;         // false: sign the eContent itself (PKCS #7 v1.5 style)
    std::vector<bytes> extra_attributes;   // more signed Attribute DERs, after contentType/messageDigest
    std::vector<bytes> unsigned_attributes;  // unsignedAttrs Attribute DERs
    bool standard_signature_oid = false;   // RSA: shaNNNWithRSAEncryption instead of rsaEncryption
};

// signed_data_fields: the whole SignedData. content_type is dotted text.
struct signed_data_fields {
    std::string content_type = std::string(oids::data.dotted());
    std::optional<byte_view> content;      // eContent; nullopt: none (nothing to sign but attributes)
    bool detached = false;                 // sign `content` but leave it out of encapContentInfo
    std::vector<bytes> certificates;
    std::vector<bytes> crls;
    std::vector<signer> signers;
    // SignerInfos already made (e.g. by another party: -sign adds a signer to
    // a request that has some), kept verbatim before the new ones, and the
    // digest AlgorithmIdentifiers they use.
    std::vector<bytes> signer_infos;
    std::vector<bytes> digest_algorithms;
};

// digest_algorithm_id returns AlgorithmIdentifier { hash OID, NULL }, as certreq writes it.
inline bytes digest_algorithm_id(model::hash_algorithm h) {
    return der::to_bytes(der::sequence(x509::hash_oid(h), der::null{}));
}

// signature_algorithm_id returns the SignerInfo signatureAlgorithm for `s`.
inline bytes signature_algorithm_id(const signer& s) {
    auto alg = s.key->algorithm();
    if (alg == model::key_algorithm::rsa && !s.pss && !s.standard_signature_oid)
        return der::to_bytes(der::sequence(oids::rsa_encryption, der::null{}));
    return x509::signature_algorithm(alg, s.digest, s.pss);
}

// attribute returns the DER of Attribute { oid, SET { value DER } }.
inline std::optional<bytes> attribute(std::string_view oid, byte_view value_der) {
    der::oid_dotted o(oid);
    if (!o.valid()) return std::nullopt;
    return der::encode(der::sequence(o, der::set_of(der::raw(value_der))));
}

namespace detail {

struct built_signer {
    bytes sid;          // IssuerAndSerialNumber or [0] SKI, DER
    bytes digest_alg;
    bytes signed_attrs; // [0] IMPLICIT SET OF Attribute, or empty
    bytes sig_alg;
    bytes signature;
    bytes unsigned_attrs;  // [1] IMPLICIT SET OF Attribute, or empty
    int version = 1;
};

// raw_set_of returns Tag { members } with the members DER-sorted (SET OF).
inline std::optional<bytes> raw_set(const std::vector<bytes>& members) {
    return der::encode(der::set_of(members, [](const bytes& m) { return der::raw(m); }));
}

inline result<built_signer> build_signer(const signer& s, std::size_t index, std::string_view content_type, byte_view content,
                                         mbed::rng_ref rng) {
    std::string who = "signer " + std::to_string(index + 1) + ": ";
    if (!s.key) return core::at_offset(0, who + "no private key");
    built_signer b;
    if (s.sid == signer_id::issuer_and_serial) {
        auto c = read_certificate(s.cert);
        if (!c) return core::at_offset(c.err().offset, who + c.err().message);
        b.sid = der::to_bytes(der::sequence(der::raw(c->issuer), der::primitive<der::tag::integer>(c->serial)));
        b.version = 1;
    } else {
        if (s.key_id.empty()) return core::at_offset(0, who + "no subjectKeyIdentifier to name the signer by");
        b.sid = der::to_bytes(der::implicit_tag<0>(der::octet_string(s.key_id)));
        b.version = 3;
    }
    b.digest_alg = digest_algorithm_id(s.digest);
    b.sig_alg = signature_algorithm_id(s);

    bytes to_sign;
    if (s.signed_attributes) {
        der::oid_dotted ct(content_type);
        if (!ct.valid()) return core::at_offset(0, who + "content type \"" + std::string(content_type) + "\" is not an OID");
        bytes digest = mbed::hash(s.digest, content);
        std::vector<bytes> attrs;
        attrs.push_back(der::to_bytes(der::sequence(oids::content_type, der::set_of(ct))));
        attrs.push_back(der::to_bytes(der::sequence(oids::message_digest, der::set_of(der::octet_string(byte_view(digest))))));
        for (const bytes& a : s.extra_attributes) {
            if (auto bad = asn1::validate_der(a); bad || a.empty() || a[0] != der::tag::sequence)
                return core::at_offset(0, who + "an extra signed attribute is not one DER Attribute SEQUENCE");
            attrs.push_back(a);
        }
        auto set = raw_set(attrs);
        if (!set || set->empty()) return core::at_offset(0, who + "the signed attributes could not be encoded");
        to_sign = *set;  // signed with the SET tag (§5.4) ...
        b.signed_attrs = std::move(*set);
        b.signed_attrs[0] = der::tag::context_constructed(0);  // ... sent as [0] IMPLICIT
    } else {
        if (!s.extra_attributes.empty()) return core::at_offset(0, who + "extra signed attributes need signed attributes");
        to_sign.assign(content.begin(), content.end());
    }
    auto sig = mbed::sign(*s.key, s.digest, s.pss, to_sign, rng);
    if (!sig) return core::at_offset(0, who + "signing failed: " + sig.err().message());
    b.signature = std::move(*sig);
    if (!s.unsigned_attributes.empty()) {
        for (const bytes& a : s.unsigned_attributes)
            if (asn1::validate_der(a) || a.empty() || a[0] != der::tag::sequence)
                return core::at_offset(0, who + "an unsigned attribute is not one DER Attribute SEQUENCE");
        auto set = raw_set(s.unsigned_attributes);
        if (!set || set->empty()) return core::at_offset(0, who + "the unsigned attributes could not be encoded");
        b.unsigned_attrs = std::move(*set);
        b.unsigned_attrs[0] = der::tag::context_constructed(1);
    }
    return b;
}

}  // namespace detail

// signed_data signs `f` and returns the DER of ContentInfo { id-signedData, SignedData }.
// Each signer's messageDigest is over the eContent octets (empty when there is
// no content). An error names the signer (1-based) and what failed.
inline result<bytes> signed_data(const signed_data_fields& f, mbed::rng_ref rng) {
    der::oid_dotted ct(f.content_type);
    if (!ct.valid()) return core::at_offset(0, "content type \"" + f.content_type + "\" is not an OID");
    if (f.detached && !f.content) return core::at_offset(0, "a detached signature needs the content to sign");
    byte_view content = f.content.value_or(byte_view{});

    std::vector<detail::built_signer> built;
    std::vector<bytes> digests;  // distinct digest AlgorithmIdentifiers, first use first
    bool v3 = f.content_type != oids::data.dotted();
    auto add_digest = [&](const bytes& alg) {
        bool seen = false;
        for (const bytes& d : digests) seen = seen || d == alg;
        if (!seen) digests.push_back(alg);
    };
    for (const bytes& a : f.digest_algorithms) {
        if (a.empty() || a[0] != der::tag::sequence || asn1::validate_der(a)) return core::at_offset(0, "a digest algorithm is not DER");
        add_digest(a);
    }
    for (const bytes& si : f.signer_infos) {
        // SignerInfo ::= SEQUENCE { version CMSVersion, ... }: v3 (by SKI) makes the SignedData v3.
        auto t = asn1::parse_one(si);
        if (!t || t->whole.size() != si.size() || !t->is_universal(asn1::utag::sequence) || asn1::validate_der(si))
            return core::at_offset(0, "an existing SignerInfo is not one DER SEQUENCE");
        auto v = asn1::parse_one(t->content);
        if (v && v->is_universal(asn1::utag::integer) && v->content.size() == 1 && v->content[0] >= 3) v3 = true;
    }
    for (std::size_t i = 0; i < f.signers.size(); ++i) {
        auto b = detail::build_signer(f.signers[i], i, f.content_type, content, rng);
        if (!b) return b.err();
        if (b->version == 3) v3 = true;
        add_digest(b->digest_alg);
        built.push_back(std::move(*b));
    }
    for (const bytes& c : f.certificates)
        if (c.empty() || asn1::validate_der(c)) return core::at_offset(0, "a certificate is not DER");
    auto raw_of = [](const bytes& b) { return der::raw(b); };
    for (const bytes& c : f.crls)
        if (c.empty() || asn1::validate_der(c)) return core::at_offset(0, "a CRL is not DER");

    std::vector<bytes> infos = f.signer_infos;
    for (const detail::built_signer& b : built)
        infos.push_back(der::to_bytes(der::sequence(der::integer(std::uint64_t(b.version)), der::raw(b.sid), der::raw(b.digest_alg),
                                                    der::raw(b.signed_attrs), der::raw(b.sig_alg),
                                                    der::octet_string(byte_view(b.signature)), der::raw(b.unsigned_attrs))));
    auto signer_infos = der::set_of(infos, raw_of);
    bool has_content = f.content && !f.detached;
    auto encap = der::sequence(ct, der::when(has_content, der::explicit_tag<0>(der::octet_string(content))));
    auto sd = der::sequence(
            oids::signed_data,
            der::explicit_tag<0>(der::sequence(
                    der::integer(v3 ? 3 : 1), der::set_of(digests, raw_of), encap,
                    der::when(!f.certificates.empty(),
                              der::tagged_of<der::tag::context_constructed(0)>(f.certificates, raw_of)),
                    der::when(!f.crls.empty(), der::tagged_of<der::tag::context_constructed(1)>(f.crls, raw_of)),
                    signer_infos)));
    auto out = der::encode(sd);
    if (!out) return core::at_offset(0, "the SignedData could not be encoded");
    return std::move(*out);
}

// signed_data with the process-wide system RNG (RSA blinding, PSS salts).
inline result<bytes> signed_data(const signed_data_fields& f) {
    auto rng = mbed::system_rng();
    if (!rng) return core::at_offset(0, rng.err().message());
    return signed_data(f, *rng);
}

// certs_only returns the degenerate SignedData: ContentInfo { id-signedData,
// SignedData { v1, {}, { id-data }, [0] certs, [1] crls, {} } } with the
// certificates in the order given (leaf first, as certreq writes chains).
inline result<bytes> certs_only(const std::vector<bytes>& certs, const std::vector<bytes>& crls = {}) {
    signed_data_fields f;
    f.certificates = certs;
    f.crls = crls;
    mbed::rng_ref none{};
    return signed_data(f, none);  // no signers: the RNG is never used
}

}  // namespace certreq::cms
