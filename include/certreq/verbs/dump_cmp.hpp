// verbs/dump_cmp.hpp: -dump of CMP PKIMessages (RFC 4210 / 9810): header
// (sender, recipient, transactionID, nonces, protection algorithm), the body by
// type (requests with their templates, responses with PKIStatusInfo and the
// certificates, p10cr, revocation, polling, certConf, errors) and extraCerts.
// Signature protection is checked with the sender's certificate from
// extraCerts; MAC (PBM) protection needs the shared secret and is not checked.
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/cmp_views.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/der/der.hpp"
#include "certreq/verbs/dump_tree.hpp"
#include "certreq/verbs/dump_verify.hpp"
#include "certreq/verbs/dump_x509.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

inline constexpr std::string_view cmp_status_names[] = {
    "accepted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification",
    "keyUpdateWarning"};

inline constexpr std::string_view cmp_fail_info_names[] = {
    "badAlg", "badMessageCheck", "badRequest", "badTime", "badCertId", "badDataFormat", "wrongAuthority",
    "incorrectData", "missingTimeStamp", "badPOP", "certRevoked", "certConfirmed", "wrongIntegrity",
    "badRecipientNonce", "timeNotAvailable", "unacceptedPolicy", "unacceptedExtension", "addInfoNotAvailable",
    "badSenderNonce", "badCertTemplate", "signerNotTrusted", "transactionIdInUse", "unsupportedVersion",
    "notAuthorized", "systemUnavail", "systemFailure", "duplicateCertReq"};

// free_text joins a PKIFreeText's strings with "; ".
inline std::string free_text(const asn1::free_text& t) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i) out += "; ";
        out += t[i];
    }
    return out;
}

// status_info renders a PKIStatusInfo.
inline dump_node status_info(const asn1::cmp_status& si) {
    dump_node n = dump_node::object();
    const auto& st = si.status;
    std::string s = st ? std::to_string(*st) : "?";
    if (st && *st >= 0 && std::size_t(*st) < std::size(cmp_status_names)) s += " (" + std::string(cmp_status_names[*st]) + ")";
    n.add("status", s);
    if (si.status_string) n.add("statusString", free_text(*si.status_string));
    if (const auto& fi = si.fail_info) {
        dump_node flags = dump_node::array();
        for (std::size_t i = 0; i < fi->bit_count; ++i)
            if (fi->bit(i))
                flags.push(dump_node::str(i < std::size(cmp_fail_info_names) ? std::string(cmp_fail_info_names[i])
                                                                             : "bit" + std::to_string(i)));
        n.add("failInfo", std::move(flags));
    }
    return n;
}

// retagged returns an IMPLICIT [n] SEQUENCE OF as a universal SEQUENCE (same
// length, so offsets stay true) to decode it with a pkix type.
inline bytes retagged(const asn1::tlv& t) {
    bytes b(t.whole.begin(), t.whole.end());
    if (!b.empty()) b[0] = 0x30;
    return b;
}

// cert_template renders a CRMF CertTemplate.
inline dump_node cert_template(const asn1::cert_template_view& t, dump_context& ctx) {
    dump_node n = dump_node::object();
    if (t.serial) n.add("serialNumber", asn1::hex(*t.serial));
    if (t.issuer) n.add("issuer", name_text(*t.issuer));
    if (t.subject) n.add("subject", name_text(*t.subject));
    if (const auto& pk = t.public_key) {
        bytes spki = retagged(*pk);
        if (auto p = asn1::parse_one(spki, pk->offset)) n.add("publicKey", public_key(*p, ctx));
    }
    if (const auto& ext = t.extensions) {
        bytes der = retagged(*ext);
        if (auto e = asn1::parse_one(der, ext->offset)) n.add("extensions", extensions_tlv(*e, ctx));
    }
    return n;
}

inline std::optional<asn1::tlv> issuer_key(const asn1::tlv& cert, const std::vector<asn1::tlv>& pool) {
    auto cd = asn1::read_certificate(cert.whole, cert.offset);
    if (!cd) return std::nullopt;
    auto iss = cd->issuer();
    for (const auto& other : pool) {
        auto od = asn1::read_certificate(other.whole, other.offset);
        auto subj = od ? od->subject() : std::nullopt;
        if (iss && subj && std::equal(iss->whole.begin(), iss->whole.end(), subj->whole.begin(), subj->whole.end()))
            return od->spki();
    }
    return std::nullopt;
}

// cmp_header_node renders a PKIHeader.
inline dump_node cmp_header_node(const asn1::cmp_header& hd) {
    dump_node h = dump_node::object();
    h.add("pvno", dump_node::num(hd.pvno.value_or(0)));
    if (hd.sender) h.add("sender", general_name(*hd.sender));
    if (hd.recipient) h.add("recipient", general_name(*hd.recipient));
    if (hd.message_time) h.add("messageTime", asn1::time_text(*hd.message_time));
    const std::string& prot_alg = hd.protection_algorithm;
    if (!prot_alg.empty())
        h.add("protectionAlg", prot_alg == oids::password_based_mac.dotted() ? "passwordBasedMac (" + prot_alg + ")" : oid_label(prot_alg));
    // KIDs print as text when they are; nonces and the transaction ID as hex.
    const std::pair<const char*, const std::optional<asn1::tlv>*> octets[] = {
            {"senderKID", &hd.sender_kid}, {"recipKID", &hd.recip_kid}, {"transactionID", &hd.transaction_id},
            {"senderNonce", &hd.sender_nonce}, {"recipNonce", &hd.recip_nonce}};
    for (const auto& [f, value] : octets)
        if (const auto& v = *value) {
            bool printable = !v->content.empty() && std::all_of(v->content.begin(), v->content.end(),
                                                                [](std::uint8_t c) { return c >= 0x20 && c < 0x7F; });
            h.add(f, std::string(f).find("KID") != std::string::npos && printable ? std::string(as_chars(v->content))
                                                                                  : asn1::hex(v->content));
        }
    if (hd.free_text_value) h.add("freeText", free_text(*hd.free_text_value));
    return h;
}

// cmp_body_node renders the PKIBody by its kind; `certs` are where issuer keys come from.
inline dump_node cmp_body_node(const asn1::cmp_message_view& d, std::string_view body, const std::vector<asn1::tlv>& certs,
                               dump_context& ctx) {
    dump_node b = dump_node::object();
    if (body == "ir" || body == "cr" || body == "kur" || body == "krr" || body == "ccr") {
        dump_node reqs = dump_node::array();
        for (const auto& r : d.requests()) {
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(r.cert_req_id.value_or(-1)));
            q.add("template", cert_template(r.template_, ctx));
            if (const auto& popo = r.popo) {
                static constexpr std::string_view popo_names[] = {"raVerified", "signature", "keyEncipherment",
                                                                  "keyAgreement"};
                q.add("popo", popo->cls == asn1::tag_class::context && popo->number < 4
                                  ? std::string(popo_names[popo->number])
                                  : "#" + asn1::hex(popo->whole));
            }
            reqs.push(std::move(q));
        }
        b.add("requests", std::move(reqs));
    } else if (body == "ip" || body == "cp" || body == "kup" || body == "ccp") {
        if (std::size_t n_ca = d.ca_pubs().size()) b.add("caPubs", dump_node::num(std::int64_t(n_ca)));
        dump_node resps = dump_node::array();
        for (const auto& r : d.responses()) {
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(r.cert_req_id.value_or(-1)));
            q.add("status", status_info(r.status));
            if (r.certificate) {
                auto key = issuer_key(*r.certificate, certs);
                q.add("certificate", certificate(*r.certificate, ctx, key ? &*key : nullptr));
            } else if (r.has_cert_or_enc_cert) {
                q.add("certificate", "(encrypted)");
            }
            resps.push(std::move(q));
        }
        b.add("responses", std::move(resps));
    } else if (body == "p10cr") {
        if (auto req = d.body_inner()) b.add("request", request(*req, ctx));
    } else if (body == "rr") {
        dump_node list = dump_node::array();
        for (const auto& r : d.revocations()) {
            dump_node q = dump_node::object();
            q.add("certDetails", cert_template(r.details, ctx));
            if (r.crl_entry_details) q.add("crlEntryDetails", extensions_tlv(*r.crl_entry_details, ctx));
            list.push(std::move(q));
        }
        b.add("revocations", std::move(list));
    } else if (body == "rp") {
        dump_node list = dump_node::array();
        for (const auto& st : d.revocation_statuses()) list.push(status_info(st));
        b.add("status", std::move(list));
    } else if (body == "certConf") {
        dump_node list = dump_node::array();
        for (const auto& c : d.cert_confirmations()) {
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(c.cert_req_id.value_or(-1)));
            if (c.cert_hash) q.add("certHash", asn1::hex(c.cert_hash->content));
            if (c.status_info) q.add("statusInfo", status_info(*c.status_info));
            list.push(std::move(q));
        }
        b.add("certStatus", std::move(list));
    } else if (body == "pollReq" || body == "pollRep") {
        dump_node list = dump_node::array();
        for (const auto& p : d.polls()) {
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(p.cert_req_id.value_or(-1)));
            if (body == "pollRep") {
                q.add("checkAfter", dump_node::num(p.check_after.value_or(-1)));
                if (p.reason) q.add("reason", free_text(*p.reason));
            }
            list.push(std::move(q));
        }
        b.add(body == "pollRep" ? "pollRep" : "pollReq", std::move(list));
    } else if (body == "genm" || body == "genp") {
        dump_node list = dump_node::array();
        for (const auto& t : d.info_types()) list.push(dump_node::str(oid_label(t.value_or("?"))));
        b.add("infoTypes", std::move(list));
    } else if (body == "error") {
        auto e = d.error();
        b.add("status", status_info(e.status));
        if (e.error_code) b.add("errorCode", dump_node::num(*e.error_code));
        if (e.details) b.add("errorDetails", free_text(*e.details));
    } else if (body != "pkiconf") {
        if (auto e = d.body_content()) b.add("hex", asn1::hex(e->whole));
    }
    return b;
}

// protection_node checks a signature protection over DER(SEQUENCE { header,
// body }) (RFC 4210 5.1.3) with the sender's certificate from `certs`.
inline dump_node protection_node(const asn1::cmp_message_view& d, const asn1::cmp_header& hd,
                                 const std::vector<asn1::tlv>& certs, dump_context& ctx) {
    dump_node p = dump_node::object();
    const std::string& prot_alg = hd.protection_algorithm;
    auto prot = d.protection();
    if (!prot) {
        p.add("verified", "(no protection)");
        return p;
    }
    if (prot_alg == oids::password_based_mac.dotted() || prot_alg.rfind("1.3.6.1.5.5.8.1.", 0) == 0 ||
        prot_alg == oids::hmac_with_sha1.dotted() || prot_alg == oids::hmac_with_sha256.dotted()) {
        p.add("verified", "not checked (MAC protection needs the shared secret)");
        return p;
    }
    auto body_tlv = d.body();
    std::optional<asn1::tlv> key;
    auto sname = hd.sender ? asn1::parse_one(hd.sender->content, hd.sender->content_offset()) : std::nullopt;
    for (const auto& c : certs) {
        auto cd = asn1::read_certificate(c.whole, c.offset);
        auto subj = cd ? cd->subject() : std::nullopt;
        if (subj && sname && same_bytes(subj->whole, sname->whole)) {
            key = cd->spki();
            break;
        }
    }
    if (!hd.protection_alg || !hd.whole || !body_tlv) {
        p.add("verified", "not checked (protectionAlg missing)");
    } else if (!key) {
        p.add("verified", "not checked (sender certificate not in extraCerts)");
    } else {
        auto data = der::to_bytes(der::sequence(der::raw(hd.whole->whole), der::raw(body_tlv->whole)));
        auto alg = parse_signature_algorithm(hd.protection_alg->whole, hd.protection_alg->offset);
        auto bits = asn1::bits(*prot);
        p.add("verified", run_check(ctx.verify, alg, key->whole, data, bits.bytes));
    }
    return p;
}

// cmp_message renders a PKIMessage TLV.
inline dump_node cmp_message(const asn1::tlv& t, dump_context& ctx) {
    auto r = asn1::read_cmp_message(t.whole, t.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::cmp_message_view& d = *r;
    dump_node n = dump_node::object();
    n.add("type", "CMP message");
    std::string body = d.body_kind().empty() ? "?" : d.body_kind();
    n.add("body", body);

    std::vector<asn1::tlv> extra = d.extra_certificates();
    std::vector<asn1::tlv> certs = extra;  // extraCerts + caPubs: where signer and issuer keys come from
    for (const auto& c : d.ca_pubs()) certs.push_back(c);

    asn1::cmp_header hd = d.header();
    n.add("header", cmp_header_node(hd));
    n.add("content", cmp_body_node(d, body, certs, ctx));

    dump_node extra_node = dump_node::array();
    for (const auto& c : extra) {
        auto key = issuer_key(c, certs);
        extra_node.push(certificate(c, ctx, key ? &*key : nullptr));
    }
    if (!extra_node.empty()) n.add("extraCerts", std::move(extra_node));
    n.add("protection", protection_node(d, hd, certs, ctx));
    return n;
}

}  // namespace certreq::verbs
