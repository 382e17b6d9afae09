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
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/bytes.hpp"
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

// free_text joins a PKIFreeText (SEQUENCE OF UTF8String) with "; ".
inline std::string free_text(const asn1::decoded& d, std::string_view path) {
    std::string out;
    for (std::size_t i = 1; i <= d.count(path); ++i) {
        if (i > 1) out += "; ";
        out += d.text(idx(path, i)).value_or("");
    }
    return out;
}

// status_info renders a PKIStatusInfo at `path`.
inline dump_node status_info(const asn1::decoded& d, std::string_view path) {
    dump_node n = dump_node::object();
    auto st = d.small_int(sub(path, "status"));
    std::string s = st ? std::to_string(*st) : "?";
    if (st && *st >= 0 && std::size_t(*st) < std::size(cmp_status_names)) s += " (" + std::string(cmp_status_names[*st]) + ")";
    n.add("status", s);
    if (d.present(sub(path, "statusString"))) n.add("statusString", free_text(d, sub(path, "statusString")));
    if (auto fi = d.bits(sub(path, "failInfo"))) {
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

// cert_template renders a CRMF CertTemplate at `path`.
inline dump_node cert_template(const asn1::decoded& d, std::string_view path, dump_context& ctx) {
    dump_node n = dump_node::object();
    if (auto s = d.integer(sub(path, "serialNumber"))) n.add("serialNumber", asn1::hex(*s));
    if (auto iss = d.inner(sub(path, "issuer"))) n.add("issuer", name_text(*iss));
    if (auto subj = d.inner(sub(path, "subject"))) n.add("subject", name_text(*subj));
    if (auto pk = d.element(sub(path, "publicKey"))) {
        bytes spki = retagged(*pk);
        if (auto t = asn1::parse_one(spki, pk->offset)) n.add("publicKey", public_key(*t, ctx));
    }
    if (auto ext = d.element(sub(path, "extensions"))) {
        bytes der = retagged(*ext);
        if (auto t = asn1::parse_one(der, ext->offset)) n.add("extensions", extensions_tlv(*t, ctx));
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

// cmp_message renders a PKIMessage TLV.
inline dump_node cmp_message(const asn1::tlv& t, dump_context& ctx) {
    auto r = asn1::decode(asn1::module::cmp, "PKIMessage", t.whole, t.offset);
    if (!r) {
        ctx.fail(r.error);
        return dump_node::str("error: " + r.error.text());
    }
    const auto& d = *r.value;
    dump_node n = dump_node::object();
    n.add("type", "CMP message");
    std::string body = d.choice("body").value_or("?");
    n.add("body", body);

    std::vector<asn1::tlv> certs;  // extraCerts + caPubs: where signer and issuer keys come from
    for (std::size_t i = 1; i <= d.count("extraCerts"); ++i)
        if (auto c = d.element(idx("extraCerts", i))) certs.push_back(*c);
    std::string rep = "body." + body;
    for (std::size_t i = 1; i <= d.count(sub(rep, "caPubs")); ++i)
        if (auto c = d.element(idx(sub(rep, "caPubs"), i))) certs.push_back(*c);

    dump_node h = dump_node::object();
    h.add("pvno", dump_node::num(d.small_int("header.pvno").value_or(0)));
    if (auto s = d.element("header.sender")) h.add("sender", general_name(*s));
    if (auto s = d.element("header.recipient")) h.add("recipient", general_name(*s));
    if (auto t2 = d.inner("header.messageTime")) h.add("messageTime", asn1::time_text(*t2));
    std::string prot_alg = d.oid("header.protectionAlg.algorithm").value_or("");
    if (!prot_alg.empty())
        h.add("protectionAlg", prot_alg == oids::password_based_mac.dotted() ? "passwordBasedMac (" + prot_alg + ")" : oid_label(prot_alg));
    for (const char* f : {"senderKID", "recipKID", "transactionID", "senderNonce", "recipNonce"})
        if (auto v = d.inner(sub("header", f))) {
            bool printable = !v->content.empty() && std::all_of(v->content.begin(), v->content.end(),
                                                                [](std::uint8_t c) { return c >= 0x20 && c < 0x7F; });
            h.add(f, std::string(f).find("KID") != std::string::npos && printable ? std::string(as_chars(v->content))
                                                                                  : asn1::hex(v->content));
        }
    if (d.present("header.freeText")) h.add("freeText", free_text(d, "header.freeText"));
    n.add("header", std::move(h));

    dump_node b = dump_node::object();
    if (body == "ir" || body == "cr" || body == "kur" || body == "krr" || body == "ccr") {
        dump_node reqs = dump_node::array();
        for (std::size_t i = 1; i <= d.count(rep); ++i) {
            std::string m = idx(rep, i);
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(d.small_int(sub(m, "certReq.certReqId")).value_or(-1)));
            q.add("template", cert_template(d, sub(m, "certReq.certTemplate"), ctx));
            if (auto popo = d.element(sub(m, "popo"))) {
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
        if (std::size_t n_ca = d.count(sub(rep, "caPubs"))) b.add("caPubs", dump_node::num(std::int64_t(n_ca)));
        dump_node resps = dump_node::array();
        for (std::size_t i = 1; i <= d.count(sub(rep, "response")); ++i) {
            std::string m = idx(sub(rep, "response"), i);
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(d.small_int(sub(m, "certReqId")).value_or(-1)));
            q.add("status", status_info(d, sub(m, "status")));
            std::string ckp = sub(m, "certifiedKeyPair.certOrEncCert");
            if (d.choice(ckp) == "certificate") {
                if (auto c = d.inner(sub(ckp, "certificate"))) {
                    auto key = issuer_key(*c, certs);
                    q.add("certificate", certificate(*c, ctx, key ? &*key : nullptr));
                }
            } else if (d.present(ckp)) {
                q.add("certificate", "(encrypted)");
            }
            resps.push(std::move(q));
        }
        b.add("responses", std::move(resps));
    } else if (body == "p10cr") {
        if (auto req = d.inner(rep)) b.add("request", request(*req, ctx));
    } else if (body == "rr") {
        dump_node list = dump_node::array();
        for (std::size_t i = 1; i <= d.count(rep); ++i) {
            std::string m = idx(rep, i);
            dump_node q = dump_node::object();
            q.add("certDetails", cert_template(d, sub(m, "certDetails"), ctx));
            if (auto ext = d.element(sub(m, "crlEntryDetails"))) q.add("crlEntryDetails", extensions_tlv(*ext, ctx));
            list.push(std::move(q));
        }
        b.add("revocations", std::move(list));
    } else if (body == "rp") {
        dump_node list = dump_node::array();
        for (std::size_t i = 1; i <= d.count(sub(rep, "status")); ++i) list.push(status_info(d, idx(sub(rep, "status"), i)));
        b.add("status", std::move(list));
    } else if (body == "certConf") {
        dump_node list = dump_node::array();
        for (std::size_t i = 1; i <= d.count(rep); ++i) {
            std::string m = idx(rep, i);
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(d.small_int(sub(m, "certReqId")).value_or(-1)));
            if (auto h2 = d.element(sub(m, "certHash"))) q.add("certHash", asn1::hex(h2->content));
            if (d.present(sub(m, "statusInfo"))) q.add("statusInfo", status_info(d, sub(m, "statusInfo")));
            list.push(std::move(q));
        }
        b.add("certStatus", std::move(list));
    } else if (body == "pollReq" || body == "pollRep") {
        dump_node list = dump_node::array();
        for (std::size_t i = 1; i <= d.count(rep); ++i) {
            std::string m = idx(rep, i);
            dump_node q = dump_node::object();
            q.add("certReqId", dump_node::num(d.small_int(sub(m, "certReqId")).value_or(-1)));
            if (body == "pollRep") {
                q.add("checkAfter", dump_node::num(d.small_int(sub(m, "checkAfter")).value_or(-1)));
                if (d.present(sub(m, "reason"))) q.add("reason", free_text(d, sub(m, "reason")));
            }
            list.push(std::move(q));
        }
        b.add(body == "pollRep" ? "pollRep" : "pollReq", std::move(list));
    } else if (body == "genm" || body == "genp") {
        dump_node list = dump_node::array();
        for (std::size_t i = 1; i <= d.count(rep); ++i)
            list.push(dump_node::str(oid_label(d.oid(sub(idx(rep, i), "infoType")).value_or("?"))));
        b.add("infoTypes", std::move(list));
    } else if (body == "error") {
        b.add("status", status_info(d, sub(rep, "pKIStatusInfo")));
        if (auto c = d.small_int(sub(rep, "errorCode"))) b.add("errorCode", dump_node::num(*c));
        if (d.present(sub(rep, "errorDetails"))) b.add("errorDetails", free_text(d, sub(rep, "errorDetails")));
    } else if (body != "pkiconf") {
        if (auto e = d.element(rep)) b.add("hex", asn1::hex(e->whole));
    }
    n.add("content", std::move(b));

    dump_node extra = dump_node::array();
    for (std::size_t i = 1; i <= d.count("extraCerts"); ++i)
        if (auto c = d.element(idx("extraCerts", i))) {
            auto key = issuer_key(*c, certs);
            extra.push(certificate(*c, ctx, key ? &*key : nullptr));
        }
    if (!extra.empty()) n.add("extraCerts", std::move(extra));

    // Protection: signature over DER(SEQUENCE { header, body }) (RFC 4210 5.1.3).
    dump_node p = dump_node::object();
    auto prot = d.inner("protection");
    if (!prot) {
        p.add("verified", "(no protection)");
    } else if (prot_alg == oids::password_based_mac.dotted() || prot_alg.rfind("1.3.6.1.5.5.8.1.", 0) == 0 ||
               prot_alg == oids::hmac_with_sha1.dotted() || prot_alg == oids::hmac_with_sha256.dotted()) {
        p.add("verified", "not checked (MAC protection needs the shared secret)");
    } else {
        auto alg_tlv = d.inner("header.protectionAlg");
        auto header = d.element("header");
        auto body_tlv = d.element("body");
        std::optional<asn1::tlv> key;
        auto sender = d.element("header.sender");
        for (const auto& c : certs) {
            auto cd = asn1::read_certificate(c.whole, c.offset);
            auto subj = cd ? cd->subject() : std::nullopt;
            auto sname = sender ? asn1::parse_one(sender->content, sender->content_offset()) : std::nullopt;
            if (subj && sname && std::equal(subj->whole.begin(), subj->whole.end(), sname->whole.begin(), sname->whole.end())) {
                key = cd->spki();
                break;
            }
        }
        if (!alg_tlv || !header || !body_tlv) {
            p.add("verified", "not checked (protectionAlg missing)");
        } else if (!key) {
            p.add("verified", "not checked (sender certificate not in extraCerts)");
        } else {
            bytes content(header->whole.begin(), header->whole.end());
            content.insert(content.end(), body_tlv->whole.begin(), body_tlv->whole.end());
            bytes data = {0x30};
            std::size_t len = content.size();
            if (len < 0x80) {
                data.push_back(std::uint8_t(len));
            } else {
                bytes lb;
                for (std::size_t l = len; l; l >>= 8) lb.insert(lb.begin(), std::uint8_t(l));
                data.push_back(std::uint8_t(0x80 | lb.size()));
                data.insert(data.end(), lb.begin(), lb.end());
            }
            data.insert(data.end(), content.begin(), content.end());
            auto alg = parse_signature_algorithm(alg_tlv->whole, alg_tlv->offset);
            auto bits = asn1::bits(*prot);
            p.add("verified", run_check(ctx.verify, alg, key->whole, data, bits.bytes));
        }
    }
    n.add("protection", std::move(p));
    return n;
}

}  // namespace certreq::verbs
