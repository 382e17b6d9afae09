// verbs/dump_cms.hpp: -dump of CMS messages: SignedData (signers,
// certificates inside, encapsulated content), SCEP PKIMessages (messageType,
// transactionID, pkiStatus, failInfo, nonces), CMC PKIData / PKIResponse, and
// EnvelopedData (recipients and cipher; the content stays encrypted).
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/extension_value.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/scep/message.hpp"
#include "certreq/verbs/dump_tree.hpp"
#include "certreq/verbs/dump_verify.hpp"
#include "certreq/verbs/dump_x509.hpp"

namespace certreq::verbs {

inline constexpr int max_nesting = 8;  // PKCS#7 inside CMC inside PKCS#7 ...

inline std::string with_name(std::string v, std::string_view name) {
    return name.empty() ? v : v + " (" + std::string(name) + ")";
}

// scep_attribute renders a SCEP signed attribute value; nullopt if `type` is not one.
inline std::optional<std::string> scep_attribute(std::string_view type, const asn1::tlv& v) {
    std::string text = value_text(v);
    if (type == oids::scep_message_type.dotted()) return with_name(text, scep::message_type_name(text));
    if (type == oids::scep_pki_status.dotted()) return with_name(text, scep::pki_status_name(text));
    if (type == oids::scep_fail_info.dotted()) return with_name(text, scep::fail_info_name(text));
    if (type == oids::scep_sender_nonce.dotted() || type == oids::scep_recipient_nonce.dotted()) return asn1::hex(v.content);
    if (type == oids::scep_transaction_id.dotted() || type == oids::scep_fail_info_text.dotted()) return text;
    return std::nullopt;
}

inline dump_node content_info(const asn1::tlv& ci, dump_context& ctx);
inline dump_node pki_data(const asn1::tlv& t, dump_context& ctx, bool response);

// signer_id renders a SignerIdentifier at `path` of a decoded CMS value.
inline dump_node signer_id(const asn1::decoded& d, std::string_view path) {
    dump_node n = dump_node::object();
    if (d.choice(path) == "subjectKeyIdentifier") {
        if (auto k = d.element(sub(path, "subjectKeyIdentifier"))) n.add("subjectKeyIdentifier", asn1::hex(k->content));
    } else {
        std::string ias = sub(path, "issuerAndSerialNumber");
        if (auto iss = d.element(sub(ias, "issuer"))) n.add("issuer", name_text(*iss));
        n.add("serialNumber", asn1::hex(d.integer(sub(ias, "serialNumber")).value_or(byte_view{})));
    }
    return n;
}

// find_signer_key returns the SubjectPublicKeyInfo of the certificate in `certs`
// that the signer at `sid` names (issuer + serial, or subject key identifier).
inline std::optional<asn1::tlv> find_signer_key(const asn1::decoded& sd, std::string_view sid,
                                                const std::vector<asn1::tlv>& certs) {
    bool by_ski = sd.choice(sid) == "subjectKeyIdentifier";
    auto ski = sd.element(sub(sid, "subjectKeyIdentifier"));
    auto iss = sd.element(sub(sid, "issuerAndSerialNumber.issuer"));
    auto serial = sd.integer(sub(sid, "issuerAndSerialNumber.serialNumber"));
    for (const auto& c : certs) {
        auto cd = asn1::decode(asn1::module::pkix, "Certificate", c.whole, c.offset);
        if (!cd) continue;
        const auto& d = *cd.value;
        if (by_ski) {
            if (!ski) continue;
            auto inner = asn1::extension_inner(d, "tbsCertificate.extensions", oids::subject_key_identifier.dotted());
            if (inner && same_bytes(inner->content, ski->content)) return d.element("tbsCertificate.subjectPublicKeyInfo");
        } else if (iss && serial) {
            auto ci = d.element("tbsCertificate.issuer");
            auto cs = d.integer("tbsCertificate.serialNumber");
            if (ci && cs && same_bytes(ci->whole, iss->whole) && same_bytes(*cs, *serial))
                return d.element("tbsCertificate.subjectPublicKeyInfo");
        }
    }
    return std::nullopt;
}

// request_key_of_pki_data returns the key of the only PKCS#10 in a CMC PKIData:
// a CMC request is signed by the key it asks a certificate for (spec §9.2).
inline std::optional<asn1::tlv> request_key_of_pki_data(byte_view der, std::size_t off) {
    auto pd = asn1::decode(asn1::module::cms, "PKIData", der, off);
    if (!pd || pd.value->count("reqSequence") != 1 || pd.value->choice("reqSequence.?1") != "tcr") return std::nullopt;
    auto req = pd.value->element("reqSequence.?1.tcr.certificationRequest");
    if (!req) return std::nullopt;
    auto r = asn1::decode(asn1::module::pkix, "CertificationRequest", req->whole, req->offset);
    if (!r) return std::nullopt;
    return r.value->element("certificationRequestInfo.subjectPKInfo");
}

// encapsulated renders eContent (the OCTET STRING contents) by what it holds.
inline dump_node encapsulated(std::string_view type, const asn1::tlv& octets, dump_context& ctx) {
    byte_view c = octets.content;
    std::size_t off = octets.content_offset();
    if (c.empty()) return dump_node::str("(empty)");
    if (type == asn1::oid_pki_data) return pki_data(asn1::tlv{asn1::tag_class::universal, true, 16, off, c, c}, ctx, false);
    if (type == asn1::oid_pki_response) return pki_data(asn1::tlv{asn1::tag_class::universal, true, 16, off, c, c}, ctx, true);
    // id-data: whatever DER is inside (a PKCS#10, an EnvelopedData for SCEP...).
    if (auto t = asn1::parse_one(c, off); t && !asn1::validate_der(c, off)) {
        if (asn1::decode(asn1::module::cms, "ContentInfo", c, off)) return content_info(*t, ctx);
        if (asn1::decode(asn1::module::pkix, "CertificationRequest", c, off)) return request(*t, ctx);
        if (asn1::decode(asn1::module::pkix, "Certificate", c, off)) return certificate(*t, ctx);
    }
    dump_node n = dump_node::object();
    n.add("bytes", dump_node::num(std::int64_t(c.size())));
    return n;
}

// message_digest_check compares the messageDigest signed attribute with the
// digest of the encapsulated content.
inline std::string message_digest_check(const asn1::decoded& d, std::string_view attrs,
                                        std::optional<model::hash_algorithm> hash, byte_view content,
                                        dump_context& ctx) {
    std::optional<asn1::tlv> md;
    for (std::size_t j = 1; j <= d.count(attrs); ++j)
        if (d.oid(sub(idx(attrs, j), "attrType")) == oids::message_digest.dotted()) md = d.element(idx(sub(idx(attrs, j), "attrValues"), 1));
    if (!md || !md->is_universal(asn1::utag::octet_string)) return "missing";
    if (!ctx.digest || !*ctx.digest) return "not checked (no digest function)";
    if (!hash) return "not checked (unsupported digest algorithm)";
    bytes want = (*ctx.digest)(*hash, content);
    bool same = std::equal(want.begin(), want.end(), md->content.begin(), md->content.end());
    return same ? "matches the content" : "does not match the content";
}

// signed_data renders a SignedData TLV.
inline dump_node signed_data(const asn1::tlv& t, dump_context& ctx) {
    auto r = asn1::decode(asn1::module::cms, "SignedData", t.whole, t.offset);
    if (!r) {
        ctx.fail(r.error);
        return dump_node::str("error: " + r.error.text());
    }
    const auto& d = *r.value;
    dump_node n = dump_node::object();
    asn1::content_kind kind = asn1::signed_content_kind(d);
    n.add("type", std::string(asn1::to_string(kind)));
    n.add("version", dump_node::num(d.small_int("version").value_or(0)));
    dump_node digests = dump_node::array();
    for (std::size_t i = 1; i <= d.count("digestAlgorithms"); ++i)
        digests.push(dump_node::str(algorithm_name(d.oid(sub(idx("digestAlgorithms", i), "algorithm")).value_or("?"))));
    n.add("digestAlgorithms", std::move(digests));

    std::string ect = d.oid("encapContentInfo.eContentType").value_or("?");
    auto econtent = d.inner("encapContentInfo.eContent");

    // SCEP summary first: it is what a reader of a PKIMessage looks for.
    if (kind == asn1::content_kind::scep) {
        dump_node scep = dump_node::object();
        std::string attrs = "signerInfos.?1.signedAttrs";
        for (std::size_t j = 1; j <= d.count(attrs); ++j) {
            std::string a = idx(attrs, j);
            std::string type = d.oid(sub(a, "attrType")).value_or("");
            auto v = d.element(idx(sub(a, "attrValues"), 1));
            if (!v) continue;
            if (auto s = scep_attribute(type, *v)) scep.add(std::string(oids::display_name(type)), *s);
        }
        n.add("scep", std::move(scep));
    }

    dump_node encap = dump_node::object();
    encap.add("contentType", oid_label(ect));
    if (econtent) encap.add("content", encapsulated(ect, *econtent, ctx));
    else encap.add("content", "(absent)");
    n.add("encapContentInfo", std::move(encap));

    std::vector<asn1::tlv> certs;
    for (std::size_t i = 1; i <= d.count("certificates"); ++i)
        if (auto c = d.element(idx("certificates", i))) certs.push_back(*c);
    dump_node cert_list = dump_node::array();
    for (const auto& c : certs) {
        // Check each certificate with its issuer's key when the bag holds the issuer.
        std::optional<asn1::tlv> issuer_key;
        if (auto cd = asn1::decode(asn1::module::pkix, "Certificate", c.whole, c.offset)) {
            auto iss = cd.value->element("tbsCertificate.issuer");
            for (const auto& other : certs) {
                auto od = asn1::decode(asn1::module::pkix, "Certificate", other.whole, other.offset);
                auto subj = od ? od.value->element("tbsCertificate.subject") : std::nullopt;
                if (iss && subj && std::equal(iss->whole.begin(), iss->whole.end(), subj->whole.begin(), subj->whole.end()))
                    issuer_key = od.value->element("tbsCertificate.subjectPublicKeyInfo");
            }
        }
        cert_list.push(certificate(c, ctx, issuer_key ? &*issuer_key : nullptr));
    }
    n.add("certificates", std::move(cert_list));
    if (std::size_t ncrl = d.count("crls")) n.add("crls", dump_node::num(std::int64_t(ncrl)));

    dump_node signers = dump_node::array();
    for (std::size_t i = 1; i <= d.count("signerInfos"); ++i) {
        std::string si = idx("signerInfos", i);
        dump_node s = dump_node::object();
        s.add("version", dump_node::num(d.small_int(sub(si, "version")).value_or(0)));
        s.add("signerIdentifier", signer_id(d, sub(si, "sid")));
        std::string digest = d.oid(sub(si, "digestAlgorithm.algorithm")).value_or("?");
        s.add("digestAlgorithm", algorithm_name(digest));
        auto signed_attrs = d.element(sub(si, "signedAttrs"));
        if (signed_attrs) s.add("signedAttributes", attributes(d, sub(si, "signedAttrs"), ctx, "attrType", "attrValues"));
        auto alg_tlv = d.element(sub(si, "signatureAlgorithm"));
        auto sig = d.element(sub(si, "signature"));
        signature_algorithm alg;
        if (alg_tlv) alg = parse_signature_algorithm(alg_tlv->whole, alg_tlv->offset, hash_of(digest));
        s.add("signatureAlgorithm", algorithm_name(alg.oid));
        auto key = find_signer_key(d, sub(si, "sid"), certs);
        if (!key && ect == asn1::oid_pki_data && econtent)
            key = request_key_of_pki_data(econtent->content, econtent->content_offset());
        std::string verdict;
        if (!key) {
            verdict = "not checked (signer certificate not in the message)";
        } else if (sig) {
            // Signed attributes are signed as a SET OF (tag 0x31), not as the [0] they are sent in.
            bytes data;
            if (signed_attrs) {
                data.assign(signed_attrs->whole.begin(), signed_attrs->whole.end());
                data[0] = 0x31;
            } else if (econtent) {
                data.assign(econtent->content.begin(), econtent->content.end());
            }
            verdict = run_check(ctx.verify, alg, key->whole, data, sig->content);
        }
        // With signed attributes the signature covers them; they bind the content by messageDigest.
        if (signed_attrs) {
            std::string md = message_digest_check(d, sub(si, "signedAttrs"), hash_of(digest),
                                                  econtent ? econtent->content : byte_view{}, ctx);
            s.add("messageDigest", md);
            if (verdict == "yes" && md != "matches the content" && md.rfind("not checked", 0) != 0)
                verdict = "NO (" + md + ")";
        }
        s.add("verified", verdict);
        if (d.present(sub(si, "unsignedAttrs"))) s.add("unsignedAttributes", attributes(d, sub(si, "unsignedAttrs"), ctx, "attrType", "attrValues"));
        signers.push(std::move(s));
    }
    n.add("signers", std::move(signers));
    return n;
}

// enveloped_data renders an EnvelopedData TLV.
inline dump_node enveloped_data(const asn1::tlv& t, dump_context& ctx) {
    auto r = asn1::decode(asn1::module::cms, "EnvelopedData", t.whole, t.offset);
    if (!r) {
        ctx.fail(r.error);
        return dump_node::str("error: " + r.error.text());
    }
    const auto& d = *r.value;
    dump_node n = dump_node::object();
    n.add("type", "CMS enveloped data");
    n.add("version", dump_node::num(d.small_int("version").value_or(0)));
    dump_node recips = dump_node::array();
    for (std::size_t i = 1; i <= d.count("recipientInfos"); ++i) {
        std::string ri = idx("recipientInfos", i);
        dump_node rn = dump_node::object();
        std::string kind = d.choice(ri).value_or("?");
        rn.add("kind", kind);
        if (kind == "ktri") {
            rn.add("recipientIdentifier", signer_id(d, sub(ri, "ktri.rid")));
            rn.add("keyEncryptionAlgorithm", algorithm_name(d.oid(sub(ri, "ktri.keyEncryptionAlgorithm.algorithm")).value_or("?")));
        }
        recips.push(std::move(rn));
    }
    n.add("recipients", std::move(recips));
    n.add("contentType", oid_label(d.oid("encryptedContentInfo.contentType").value_or("?")));
    n.add("contentEncryptionAlgorithm",
          algorithm_name(d.oid("encryptedContentInfo.contentEncryptionAlgorithm.algorithm").value_or("?")));
    if (auto ec = d.element("encryptedContentInfo.encryptedContent")) {
        if (!ec->is(asn1::tag_class::context, 0)) {
            ctx.fail(ec->offset, "EnvelopedData: encryptedContent must be tagged [0]");
        } else if (!ec->constructed) {
            n.add("encryptedBytes", dump_node::num(std::int64_t(ec->content.size())));
        } else {
            // BER constructed form: [0] { OCTET STRING... } (Go's pkcs7 writes it).
            std::size_t total = 0;
            asn1::reader r(ec->content, ec->content_offset());
            core::error e;
            while (auto part = r.next(&e)) total += part->content.size();
            n.add("encryptedBytes", dump_node::num(std::int64_t(total)));
            n.add("encryptedContentEncoding", "constructed [0] (BER, not DER)");
        }
    }
    return n;
}

// control_value renders a CMC control attribute value by its type.
inline dump_node control_value(std::string_view type, const asn1::tlv& v, dump_context& ctx) {
    auto dec = [&](std::string_view t) {
        auto r = asn1::decode(asn1::module::cms, t, v.whole, v.offset);
        if (!r) ctx.fail(r.error);
        return r;
    };
    if (type == oids::ms_cmc_attributes.dotted()) {
        if (auto d = dec("CMCAttributes")) {
            dump_node n = dump_node::object();
            n.add("dataReference", dump_node::num(d.value->small_int("dataReference").value_or(0)));
            dump_node refs = dump_node::array();
            for (std::size_t i = 1; i <= d.value->count("certReferences"); ++i)
                refs.push(dump_node::num(d.value->small_int(idx("certReferences", i)).value_or(0)));
            n.add("certReferences", std::move(refs));
            n.add("attributes", attributes(*d.value, "attributes", ctx, "attrType", "attrValues"));
            return n;
        }
    } else if (type == oids::cmc_add_extensions.dotted()) {
        if (auto d = dec("AddExtensions")) {
            dump_node n = dump_node::object();
            n.add("pkiDataReference", dump_node::num(d.value->small_int("pkiDataReference").value_or(0)));
            if (auto ext = d.value->element("extensions")) n.add("extensions", extensions_tlv(*ext, ctx));
            return n;
        }
    } else if (type == oids::cmc_status_info_v2.dotted()) {
        if (auto d = dec("CMCStatusInfoV2")) {
            dump_node n = dump_node::object();
            // CMCStatus and CMCFailInfo names (RFC 5272 §6.1.1, §6.1.4).
            static constexpr std::string_view statuses[] = {"success", "", "failed", "pending", "noSupport",
                                                            "confirmRequired", "popRequired", "partial"};
            static constexpr std::string_view fails[] = {"badAlg", "badMessageCheck", "badRequest", "badTime",
                                                         "badCertId", "unsupportedExt", "mustArchiveKeys",
                                                         "badIdentity", "popRequired", "popFailed", "noKeyReuse",
                                                         "internalCAError", "tryLater", "authDataFail"};
            auto named = [](std::int64_t v, auto& table) {
                std::string s = std::to_string(v);
                if (v >= 0 && std::size_t(v) < std::size(table) && !table[std::size_t(v)].empty())
                    s += " (" + std::string(table[std::size_t(v)]) + ")";
                return s;
            };
            n.add("status", named(d.value->small_int("cMCStatus").value_or(-1), statuses));
            if (auto s = d.value->text("statusString")) n.add("statusString", *s);
            if (d.value->choice("otherInfo") == "failInfo")
                n.add("failInfo", named(d.value->small_int("otherInfo.failInfo").value_or(-1), fails));
            if (d.value->choice("otherInfo") == "pendInfo") {
                if (auto tok = d.value->element("otherInfo.pendInfo.pendToken")) n.add("pendToken", asn1::hex(tok->content));
                if (auto t = d.value->time("otherInfo.pendInfo.pendTime")) n.add("pendTime", *t);
            }
            return n;
        }
    } else if (type == oids::cmc_reg_info.dotted() && v.is_universal(asn1::utag::octet_string)) {
        return dump_node::str(std::string(as_chars(v.content)));
    } else {
        return dump_node::str(value_text(v));
    }
    return dump_node::str("#" + asn1::hex(v.whole));
}

// pki_data renders a CMC PKIData (or PKIResponse) TLV.
inline dump_node pki_data(const asn1::tlv& t, dump_context& ctx, bool response) {
    auto r = asn1::decode(asn1::module::cms, response ? "PKIResponse" : "PKIData", t.whole, t.offset);
    if (!r) {
        ctx.fail(r.error);
        return dump_node::str("error: " + r.error.text());
    }
    const auto& d = *r.value;
    dump_node n = dump_node::object();
    n.add("type", response ? "CMC PKIResponse" : "CMC PKIData");
    dump_node controls = dump_node::array();
    for (std::size_t i = 1; i <= d.count("controlSequence"); ++i) {
        std::string c = idx("controlSequence", i);
        dump_node cn = dump_node::object();
        cn.add("bodyPartID", dump_node::num(d.small_int(sub(c, "bodyPartID")).value_or(0)));
        std::string type = d.oid(sub(c, "attrType")).value_or("?");
        cn.add("type", oid_label(type));
        dump_node values = dump_node::array();
        for (std::size_t j = 1; j <= d.count(sub(c, "attrValues")); ++j)
            if (auto v = d.element(idx(sub(c, "attrValues"), j))) values.push(control_value(type, *v, ctx));
        cn.add("values", std::move(values));
        controls.push(std::move(cn));
    }
    n.add("controls", std::move(controls));
    if (!response) {
        dump_node reqs = dump_node::array();
        for (std::size_t i = 1; i <= d.count("reqSequence"); ++i) {
            std::string q = idx("reqSequence", i);
            dump_node rn = dump_node::object();
            std::string kind = d.choice(q).value_or("?");
            rn.add("kind", kind);
            if (kind == "tcr") {
                rn.add("bodyPartID", dump_node::num(d.small_int(sub(q, "tcr.bodyPartID")).value_or(0)));
                if (auto req = d.element(sub(q, "tcr.certificationRequest"))) rn.add("request", request(*req, ctx));
            } else if (auto e = d.element(sub(q, kind))) {
                rn.add("hex", asn1::hex(e->whole));
            }
            reqs.push(std::move(rn));
        }
        n.add("requests", std::move(reqs));
    }
    dump_node cms = dump_node::array();
    for (std::size_t i = 1; i <= d.count("cmsSequence"); ++i) {
        std::string c = idx("cmsSequence", i);
        dump_node cn = dump_node::object();
        cn.add("bodyPartID", dump_node::num(d.small_int(sub(c, "bodyPartID")).value_or(0)));
        if (auto ci = d.element(sub(c, "contentInfo"))) cn.add("content", content_info(*ci, ctx));
        cms.push(std::move(cn));
    }
    n.add("cmsSequence", std::move(cms));
    n.add("otherMessages", dump_node::num(std::int64_t(d.count("otherMsgSequence"))));
    return n;
}

// content_info renders a ContentInfo TLV (signed or enveloped data).
inline dump_node content_info(const asn1::tlv& t, dump_context& ctx) {
    if (ctx.depth >= max_nesting) {
        ctx.fail(t.offset, "CMS content nested more than " + std::to_string(max_nesting) + " levels");
        return dump_node::str("error: nested too deeply");
    }
    auto r = asn1::decode(asn1::module::cms, "ContentInfo", t.whole, t.offset);
    if (!r) {
        ctx.fail(r.error);
        return dump_node::str("error: " + r.error.text());
    }
    std::string type = r.value->oid("contentType").value_or("?");
    auto content = r.value->inner("content");
    if (!content) {
        ctx.fail(t.offset, "ContentInfo: content missing");
        return dump_node::str("error: content missing");
    }
    ++ctx.depth;
    dump_node n = type == asn1::oid_signed_data      ? signed_data(*content, ctx)
                  : type == asn1::oid_enveloped_data ? enveloped_data(*content, ctx)
                                                     : dump_node::object();
    --ctx.depth;
    if (n.type == dump_node::kind::object && n.items.empty()) {
        n.add("contentType", oid_label(type));
        n.add("hex", asn1::hex(content->whole));
    }
    return n;
}

}  // namespace certreq::verbs
