// asn1/cms_views.hpp: typed read views of CMS (RFC 5652): a ContentInfo, a
// SignedData with its SignerInfos and signed attributes, an EnvelopedData
// with its key-transport recipients. Like asn1/views.hpp, each is decoded
// once and hands out fields by name, so the libtasn1 element paths stay in
// this layer; the checks (versions, content types, what a SCEP or CMC message
// needs) stay with the readers in cms/, scep/ and cmc/. A view borrows the
// DER it was read from: that buffer must outlive it. Fields are whole TLVs
// (offsets absolute) unless the name says otherwise; absent or unreadable
// ones are nullopt.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/view_base.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// content_info: a ContentInfo (RFC 5652 §3).
struct content_info {
    std::optional<std::string> type;  // contentType, dotted
    std::optional<tlv> content;       // the one element inside [0] EXPLICIT (nullopt: absent, or not one element)
};

core::result<content_info> read_content_info(bytes&&, std::size_t = 0) = delete;  // would dangle
// read_content_info decodes `der` (`base`: its offset in the whole input);
// the error is decode()'s ("ContentInfo: ...").
inline core::result<content_info> read_content_info(byte_view der, std::size_t base = 0) {
    auto d = decode(module::cms, "ContentInfo", der, base);
    if (!d) return d.error;
    return content_info{d.value->oid("contentType"), d.value->inner("content")};
}

// signer_info: one SignerInfo (RFC 5652 §5.3), as read.
struct signer_info {
    tlv whole;
    std::optional<std::int64_t> version;
    bool by_key_id = false;                    // sid is [0] subjectKeyIdentifier
    std::optional<tlv> key_id;                 // sid's subjectKeyIdentifier (content: the octets)
    std::optional<tlv> issuer;                 // sid's issuerAndSerialNumber: the Name
    std::optional<byte_view> serial;           // ... and the INTEGER's content octets
    std::optional<std::string> digest_oid;     // digestAlgorithm.algorithm, dotted
    std::optional<tlv> signed_attrs;           // the [0] IMPLICIT SET OF Attribute
    std::vector<attribute_entry> attributes;   // each signed attribute, in order
    std::optional<tlv> signature_algorithm;    // AlgorithmIdentifier
    std::optional<std::string> signature_algorithm_oid;
    std::optional<tlv> signature;              // OCTET STRING (content: the signature)
    std::optional<tlv> unsigned_attrs;         // the [1] IMPLICIT SET OF Attribute
    std::vector<attribute_entry> unsigned_attributes;
};

core::result<attribute_entry> read_attribute(bytes&&, std::size_t = 0) = delete;
// read_attribute decodes one Attribute TLV on its own.
inline core::result<attribute_entry> read_attribute(byte_view der, std::size_t base = 0) {
    auto d = decode(module::cms, "Attribute", der, base);
    if (!d) return d.error;
    return detail::attribute_entry_at(*d.value, "", "attrType", "attrValues");
}

// signed_data_view: a SignedData (RFC 5652 §5.1), the value inside its ContentInfo.
class signed_data_view : public view_base {
public:
    using view_base::view_base;
    static core::result<signed_data_view> read(byte_view der, std::size_t base = 0) {
        return read_as<signed_data_view>(module::cms, "SignedData", der, base);
    }

    std::optional<std::int64_t> version() const { return d_.small_int("version"); }
    std::optional<std::string> content_type() const { return d_.oid("encapContentInfo.eContentType"); }
    // content_wrapper: eContent's [0] EXPLICIT, whole; content: the one element inside it.
    std::optional<tlv> content_wrapper() const { return d_.element("encapContentInfo.eContent"); }
    std::optional<tlv> content() const { return d_.inner("encapContentInfo.eContent"); }

    // digest_algorithms, certificates, crls: each, whole, in stored order.
    std::vector<tlv> digest_algorithms() const { return detail::elements_of(d_, "digestAlgorithms"); }
    std::vector<tlv> certificates() const { return detail::elements_of(d_, "certificates"); }
    std::vector<tlv> crls() const { return detail::elements_of(d_, "crls"); }
    // digest_algorithm_oid: the Nth (1-based) digest algorithm's OID, dotted.
    std::optional<std::string> digest_algorithm_oid(std::size_t n) const { return d_.oid(item("digestAlgorithms", n) + ".algorithm"); }
    // signer_at: the Nth (1-based) SignerInfo, in stored order.
    std::size_t signer_count() const { return d_.count("signerInfos"); }
    std::optional<signer_info> signer_at(std::size_t n) const {
        std::string p = item("signerInfos", n);
        auto whole = d_.element(p);
        if (!whole) return std::nullopt;
        signer_info s;
        s.whole = *whole;
        s.version = d_.small_int(p + ".version");
        s.by_key_id = d_.choice(p + ".sid") == "subjectKeyIdentifier";
        if (s.by_key_id) {
            s.key_id = d_.element(p + ".sid.subjectKeyIdentifier");
        } else {
            s.issuer = d_.element(p + ".sid.issuerAndSerialNumber.issuer");
            s.serial = d_.integer(p + ".sid.issuerAndSerialNumber.serialNumber");
        }
        s.digest_oid = d_.oid(p + ".digestAlgorithm.algorithm");
        s.signed_attrs = d_.element(p + ".signedAttrs");
        if (s.signed_attrs) s.attributes = detail::attribute_list(d_, p + ".signedAttrs", "attrType", "attrValues");
        s.signature_algorithm = d_.element(p + ".signatureAlgorithm");
        s.signature_algorithm_oid = d_.oid(p + ".signatureAlgorithm.algorithm");
        s.signature = d_.element(p + ".signature");
        s.unsigned_attrs = d_.element(p + ".unsignedAttrs");
        if (s.unsigned_attrs) s.unsigned_attributes = detail::attribute_list(d_, p + ".unsignedAttrs", "attrType", "attrValues");
        return s;
    }
};

core::result<signed_data_view> read_signed_data_view(bytes&&, std::size_t = 0) = delete;
inline core::result<signed_data_view> read_signed_data_view(byte_view der, std::size_t base = 0) {
    return signed_data_view::read(der, base);
}

// key_transport_recipient: a KeyTransRecipientInfo (RFC 5652 §6.2.1), as read.
struct key_transport_recipient {
    bool by_issuer_serial = false;             // rid is issuerAndSerialNumber (else subjectKeyIdentifier)
    std::optional<tlv> key_id;                 // rid's [0] subjectKeyIdentifier (content: the octets)
    std::optional<tlv> issuer;                 // rid's Name
    std::optional<byte_view> serial;           // rid's INTEGER content octets
    std::optional<std::string> key_encryption_oid;
    std::optional<tlv> encrypted_key;          // OCTET STRING (content: the encrypted key)
};

// enveloped_data_view: an EnvelopedData (RFC 5652 §6.1), the value inside its ContentInfo.
class enveloped_data_view : public view_base {
public:
    using view_base::view_base;
    static core::result<enveloped_data_view> read(byte_view der, std::size_t base = 0) {
        return read_as<enveloped_data_view>(module::cms, "EnvelopedData", der, base);
    }

    std::optional<std::int64_t> version() const { return d_.small_int("version"); }
    std::size_t recipient_count() const { return d_.count("recipientInfos"); }
    // recipient_kind: the Nth (1-based) RecipientInfo's alternative ("ktri", "kari", "kekri", "pwri", "ori").
    std::optional<std::string> recipient_kind(std::size_t n) const { return d_.choice(item("recipientInfos", n)); }
    // key_transport_at: the Nth (1-based) RecipientInfo when it is key transport (ktri), else nullopt.
    std::optional<key_transport_recipient> key_transport_at(std::size_t n) const {
        std::string p = item("recipientInfos", n);
        if (d_.choice(p) != "ktri") return std::nullopt;
        key_transport_recipient r;
        r.by_issuer_serial = d_.choice(p + ".ktri.rid") == "issuerAndSerialNumber";
        if (r.by_issuer_serial) {
            r.issuer = d_.element(p + ".ktri.rid.issuerAndSerialNumber.issuer");
            r.serial = d_.integer(p + ".ktri.rid.issuerAndSerialNumber.serialNumber");
        } else {
            r.key_id = d_.element(p + ".ktri.rid.subjectKeyIdentifier");
        }
        r.key_encryption_oid = d_.oid(p + ".ktri.keyEncryptionAlgorithm.algorithm");
        r.encrypted_key = d_.element(p + ".ktri.encryptedKey");
        return r;
    }

    // The encryptedContentInfo: its contentType, its algorithm's OID (and that OID's TLV, for
    // positions), the algorithm's parameters, and the [0] encryptedContent.
    std::optional<std::string> content_type() const { return d_.oid("encryptedContentInfo.contentType"); }
    std::optional<std::string> content_encryption_oid() const {
        return d_.oid("encryptedContentInfo.contentEncryptionAlgorithm.algorithm");
    }
    std::optional<tlv> content_encryption_oid_tlv() const {
        return d_.element("encryptedContentInfo.contentEncryptionAlgorithm.algorithm");
    }
    std::optional<tlv> content_encryption_parameters() const {
        return d_.element("encryptedContentInfo.contentEncryptionAlgorithm.parameters");
    }
    std::optional<tlv> encrypted_content() const { return d_.element("encryptedContentInfo.encryptedContent"); }
};

core::result<enveloped_data_view> read_enveloped_data_view(bytes&&, std::size_t = 0) = delete;
inline core::result<enveloped_data_view> read_enveloped_data_view(byte_view der, std::size_t base = 0) {
    return enveloped_data_view::read(der, base);
}

}  // namespace certreq::asn1
