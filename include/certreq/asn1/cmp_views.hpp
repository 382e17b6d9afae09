// asn1/cmp_views.hpp: a typed read view of a CMP PKIMessage (RFC 4210 /
// RFC 9810 §5.1): the header, the body's kind and its content by kind
// (certificate requests, responses, revocations, confirmations, polling,
// general messages, errors), extraCerts and the protection. As with the
// other views the libtasn1 element paths stay in this layer; the message
// borrows the DER it was read from. Absent or unreadable fields are nullopt.
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
#include "certreq/asn1/values.hpp"
#include "certreq/asn1/view_base.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// free_text: a PKIFreeText's strings ("" for one that does not read).
using free_text = std::vector<std::string>;

// cmp_status: a PKIStatusInfo.
struct cmp_status {
    std::optional<std::int64_t> status;
    std::optional<free_text> status_string;
    std::optional<bit_string> fail_info;
};

// cert_template_view: a CRMF CertTemplate (RFC 4211 §5). publicKey [6] and
// extensions [9] are IMPLICIT: their TLVs carry the context tags.
struct cert_template_view {
    std::optional<byte_view> serial;    // INTEGER content octets
    std::optional<tlv> issuer;          // the Name inside [3]
    std::optional<tlv> subject;         // the Name inside [5]
    std::optional<tlv> public_key;      // [6] SubjectPublicKeyInfo, whole
    std::optional<tlv> extensions;      // [9] Extensions, whole
};

// cmp_header: a PKIHeader.
struct cmp_header {
    std::optional<tlv> whole;
    std::optional<std::int64_t> pvno;
    std::optional<tlv> sender, recipient;  // GeneralName, whole
    std::optional<tlv> message_time;       // GeneralizedTime inside [0]
    std::string protection_algorithm;      // dotted ("" when absent)
    std::optional<tlv> protection_alg;     // AlgorithmIdentifier inside [1]
    // senderKID [2], recipKID [3], transactionID [4], senderNonce [5], recipNonce [6]: the OCTET STRING inside
    std::optional<tlv> sender_kid, recip_kid, transaction_id, sender_nonce, recip_nonce;
    std::optional<free_text> free_text_value;
};

// cert_request_entry: one CertReqMsg of ir, cr, kur, krr, ccr.
struct cert_request_entry {
    std::optional<std::int64_t> cert_req_id;
    cert_template_view template_;
    std::optional<tlv> popo;  // ProofOfPossession, whole (its tag says which)
};

// cert_response_entry: one CertResponse of ip, cp, kup, ccp.
struct cert_response_entry {
    std::optional<std::int64_t> cert_req_id;
    cmp_status status;
    bool has_cert_or_enc_cert = false;
    std::optional<tlv> certificate;  // the Certificate when certOrEncCert is certificate (inside its [0])
};

// revocation_entry: one RevDetails of rr.
struct revocation_entry {
    cert_template_view details;
    std::optional<tlv> crl_entry_details;  // Extensions, whole
};

// cert_status_entry: one CertStatus of certConf.
struct cert_status_entry {
    std::optional<std::int64_t> cert_req_id;
    std::optional<tlv> cert_hash;  // OCTET STRING
    std::optional<cmp_status> status_info;
};

// poll_entry: one entry of pollReq or pollRep.
struct poll_entry {
    std::optional<std::int64_t> cert_req_id;
    std::optional<std::int64_t> check_after;  // pollRep
    std::optional<free_text> reason;          // pollRep
};

// error_content: an ErrorMsgContent.
struct error_content {
    cmp_status status;
    std::optional<std::int64_t> error_code;
    std::optional<free_text> details;
};

// cmp_message_view: a PKIMessage.
class cmp_message_view : public view_base {
public:
    explicit cmp_message_view(decoded d) : view_base(std::move(d)), kind_(d_.choice("body").value_or("")), body_("body." + kind_) {}
    static core::result<cmp_message_view> read(byte_view der, std::size_t base = 0) {
        return read_as<cmp_message_view>(module::cmp, "PKIMessage", der, base);
    }

    cmp_header header() const {
        cmp_header h;
        h.whole = d_.element("header");
        h.pvno = d_.small_int("header.pvno");
        h.sender = d_.element("header.sender");
        h.recipient = d_.element("header.recipient");
        h.message_time = d_.inner("header.messageTime");
        h.protection_algorithm = d_.oid("header.protectionAlg.algorithm").value_or("");
        h.protection_alg = d_.inner("header.protectionAlg");
        h.sender_kid = d_.inner("header.senderKID");
        h.recip_kid = d_.inner("header.recipKID");
        h.transaction_id = d_.inner("header.transactionID");
        h.sender_nonce = d_.inner("header.senderNonce");
        h.recip_nonce = d_.inner("header.recipNonce");
        h.free_text_value = text_list("header.freeText");
        return h;
    }

    // body_kind: the PKIBody alternative ("ir", "ip", "p10cr", "certConf", "error", ...; "" when unreadable).
    const std::string& body_kind() const noexcept { return kind_; }
    std::optional<tlv> body() const { return d_.element("body"); }
    // body_content: the alternative's TLV, whole; body_inner: the one element inside its EXPLICIT tag.
    std::optional<tlv> body_content() const { return d_.element(body_); }
    std::optional<tlv> body_inner() const { return d_.inner(body_); }

    std::vector<tlv> extra_certificates() const { return detail::elements_of(d_, "extraCerts"); }
    // ca_pubs: the caPubs of a CertRepMessage (ip, cp, kup, ccp).
    std::vector<tlv> ca_pubs() const { return detail::elements_of(d_, body_ + ".caPubs"); }
    std::optional<tlv> protection() const { return d_.inner("protection"); }

    std::vector<cert_request_entry> requests() const {
        std::vector<cert_request_entry> out;
        for (std::size_t i = 1, n = d_.count(body_); i <= n; ++i) {
            std::string m = item(body_, i);
            out.push_back({d_.small_int(m + ".certReq.certReqId"), cert_template(m + ".certReq.certTemplate"), d_.element(m + ".popo")});
        }
        return out;
    }

    std::vector<cert_response_entry> responses() const {
        std::vector<cert_response_entry> out;
        std::string list = body_ + ".response";
        for (std::size_t i = 1, n = d_.count(list); i <= n; ++i) {
            std::string m = item(list, i);
            cert_response_entry r;
            r.cert_req_id = d_.small_int(m + ".certReqId");
            r.status = status(m + ".status");
            std::string ckp = m + ".certifiedKeyPair.certOrEncCert";
            r.has_cert_or_enc_cert = d_.present(ckp);
            if (d_.choice(ckp) == "certificate") r.certificate = d_.inner(ckp + ".certificate");
            out.push_back(std::move(r));
        }
        return out;
    }

    std::vector<revocation_entry> revocations() const {
        std::vector<revocation_entry> out;
        for (std::size_t i = 1, n = d_.count(body_); i <= n; ++i) {
            std::string m = item(body_, i);
            out.push_back({cert_template(m + ".certDetails"), d_.element(m + ".crlEntryDetails")});
        }
        return out;
    }

    // revocation_statuses: the status list of an rp.
    std::vector<cmp_status> revocation_statuses() const {
        std::vector<cmp_status> out;
        std::string list = body_ + ".status";
        for (std::size_t i = 1, n = d_.count(list); i <= n; ++i) out.push_back(status(item(list, i)));
        return out;
    }

    std::vector<cert_status_entry> cert_confirmations() const {
        std::vector<cert_status_entry> out;
        for (std::size_t i = 1, n = d_.count(body_); i <= n; ++i) {
            std::string m = item(body_, i);
            cert_status_entry c{d_.small_int(m + ".certReqId"), d_.element(m + ".certHash"), std::nullopt};
            if (d_.present(m + ".statusInfo")) c.status_info = status(m + ".statusInfo");
            out.push_back(std::move(c));
        }
        return out;
    }

    std::vector<poll_entry> polls() const {
        std::vector<poll_entry> out;
        for (std::size_t i = 1, n = d_.count(body_); i <= n; ++i) {
            std::string m = item(body_, i);
            out.push_back({d_.small_int(m + ".certReqId"), d_.small_int(m + ".checkAfter"), text_list(m + ".reason")});
        }
        return out;
    }

    // info_types: each InfoTypeAndValue's infoType of a genm or genp (nullopt when unreadable).
    std::vector<std::optional<std::string>> info_types() const {
        std::vector<std::optional<std::string>> out;
        for (std::size_t i = 1, n = d_.count(body_); i <= n; ++i) out.push_back(d_.oid(item(body_, i) + ".infoType"));
        return out;
    }

    error_content error() const {
        return {status(body_ + ".pKIStatusInfo"), d_.small_int(body_ + ".errorCode"), text_list(body_ + ".errorDetails")};
    }

private:
    std::optional<free_text> text_list(const std::string& path) const {
        if (!d_.present(path)) return std::nullopt;
        free_text out;
        for (std::size_t i = 1, n = d_.count(path); i <= n; ++i) out.push_back(d_.text(item(path, i)).value_or(""));
        return out;
    }
    cmp_status status(const std::string& path) const {
        return {d_.small_int(path + ".status"), text_list(path + ".statusString"), d_.bits(path + ".failInfo")};
    }
    cert_template_view cert_template(const std::string& path) const {
        return {d_.integer(path + ".serialNumber"), d_.inner(path + ".issuer"), d_.inner(path + ".subject"),
                d_.element(path + ".publicKey"), d_.element(path + ".extensions")};
    }

    std::string kind_;
    std::string body_;
};

core::result<cmp_message_view> read_cmp_message(bytes&&, std::size_t = 0) = delete;  // would dangle
inline core::result<cmp_message_view> read_cmp_message(byte_view der, std::size_t base = 0) {
    return cmp_message_view::read(der, base);
}

}  // namespace certreq::asn1
