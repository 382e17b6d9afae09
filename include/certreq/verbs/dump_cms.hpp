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

#include "certreq/asn1/cmc_views.hpp"
#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/asn1/views.hpp"
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

// signer_id renders a SignerIdentifier (or a RecipientIdentifier): a subject
// key identifier, or an issuer and serial number.
inline dump_node signer_id(bool by_key_id, const std::optional<asn1::tlv>& key_id, const std::optional<asn1::tlv>& issuer,
                           const std::optional<byte_view>& serial) {
    dump_node n = dump_node::object();
    if (by_key_id) {
        if (key_id) n.add("subjectKeyIdentifier", asn1::hex(key_id->content));
    } else {
        if (issuer) n.add("issuer", name_text(*issuer));
        n.add("serialNumber", asn1::hex(serial.value_or(byte_view{})));
    }
    return n;
}

// find_signer_key returns the SubjectPublicKeyInfo of the certificate in `certs`
// that the signer names (issuer + serial, or subject key identifier).
inline std::optional<asn1::tlv> find_signer_key(const asn1::signer_info& s, const std::vector<asn1::tlv>& certs) {
    for (const auto& c : certs) {
        auto cert = asn1::read_certificate(c.whole, c.offset);
        if (!cert) continue;
        if (s.by_key_id) {
            if (!s.key_id) continue;
            auto inner = cert->extension(oids::subject_key_identifier.dotted());
            if (inner && same_bytes(inner->content, s.key_id->content)) return cert->spki();
        } else if (s.issuer && s.serial) {
            auto ci = cert->issuer();
            auto cs = cert->serial();
            if (ci && cs && same_bytes(ci->whole, s.issuer->whole) && same_bytes(*cs, *s.serial)) return cert->spki();
        }
    }
    return std::nullopt;
}

// request_key_of_pki_data returns the key of the only PKCS#10 in a CMC PKIData:
// a CMC request is signed by the key it asks a certificate for (spec §9.2).
inline std::optional<asn1::tlv> request_key_of_pki_data(byte_view der, std::size_t off) {
    auto pd = asn1::read_pki_data(der, off);
    if (!pd || pd->request_count() != 1 || pd->request_kind(1) != "tcr") return std::nullopt;
    auto req = pd->tcr_request(1);
    if (!req) return std::nullopt;
    auto r = asn1::read_csr(req->whole, req->offset);
    if (!r) return std::nullopt;
    return r->spki();
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
        if (asn1::read_content_info(c, off)) return content_info(*t, ctx);
        if (asn1::read_csr(c, off)) return request(*t, ctx);
        if (asn1::read_certificate(c, off)) return certificate(*t, ctx);
    }
    dump_node n = dump_node::object();
    n.add("bytes", dump_node::num(std::int64_t(c.size())));
    return n;
}

// message_digest_check compares the messageDigest signed attribute with the
// digest of the encapsulated content.
inline std::string message_digest_check(const std::vector<asn1::attribute_entry>& attrs, std::optional<model::hash_algorithm> hash,
                                        byte_view content, dump_context& ctx) {
    std::optional<asn1::tlv> md;
    for (const auto& a : attrs)
        if (a.type == oids::message_digest.dotted()) md = a.first();
    if (!md || !md->is_universal(asn1::utag::octet_string)) return "missing";
    if (!ctx.digest || !*ctx.digest) return "not checked (no digest function)";
    if (!hash) return "not checked (unsupported digest algorithm)";
    bytes want = (*ctx.digest)(*hash, content);
    bool same = std::equal(want.begin(), want.end(), md->content.begin(), md->content.end());
    return same ? "matches the content" : "does not match the content";
}

// certificates_node renders a SignedData's certificates, each checked with
// its issuer's key when the bag holds the issuer.
inline dump_node certificates_node(const std::vector<asn1::tlv>& certs, dump_context& ctx) {
    dump_node list = dump_node::array();
    for (const auto& c : certs) {
        std::optional<asn1::tlv> issuer_key;
        if (auto cert = asn1::read_certificate(c.whole, c.offset)) {
            auto iss = cert->issuer();
            for (const auto& other : certs) {
                auto o = asn1::read_certificate(other.whole, other.offset);
                auto subj = o ? o->subject() : std::nullopt;
                if (iss && subj && same_bytes(iss->whole, subj->whole)) issuer_key = o->spki();
            }
        }
        list.push(certificate(c, ctx, issuer_key ? &*issuer_key : nullptr));
    }
    return list;
}

// signer_node renders one SignerInfo and whether its signature verifies.
inline dump_node signer_node(const asn1::signer_info& si, const std::vector<asn1::tlv>& certs, std::string_view ect,
                             const std::optional<asn1::tlv>& econtent, dump_context& ctx) {
    dump_node s = dump_node::object();
    s.add("version", dump_node::num(si.version.value_or(0)));
    s.add("signerIdentifier", signer_id(si.by_key_id, si.key_id, si.issuer, si.serial));
    std::string digest = si.digest_oid.value_or("?");
    s.add("digestAlgorithm", algorithm_name(digest));
    const auto& signed_attrs = si.signed_attrs;
    if (signed_attrs) s.add("signedAttributes", attributes(si.attributes, ctx));
    signature_algorithm alg;
    if (si.signature_algorithm) alg = parse_signature_algorithm(si.signature_algorithm->whole, si.signature_algorithm->offset, hash_of(digest));
    s.add("signatureAlgorithm", algorithm_name(alg.oid));
    auto key = find_signer_key(si, certs);
    if (!key && ect == asn1::oid_pki_data && econtent) key = request_key_of_pki_data(econtent->content, econtent->content_offset());
    std::string verdict;
    if (!key) {
        verdict = "not checked (signer certificate not in the message)";
    } else if (si.signature) {
        // Signed attributes are signed as a SET OF (tag 0x31), not as the [0] they are sent in.
        bytes data;
        if (signed_attrs) {
            data.assign(signed_attrs->whole.begin(), signed_attrs->whole.end());
            data[0] = 0x31;
        } else if (econtent) {
            data.assign(econtent->content.begin(), econtent->content.end());
        }
        verdict = run_check(ctx.verify, alg, key->whole, data, si.signature->content);
    }
    // With signed attributes the signature covers them; they bind the content by messageDigest.
    if (signed_attrs) {
        std::string md = message_digest_check(si.attributes, hash_of(digest), econtent ? econtent->content : byte_view{}, ctx);
        s.add("messageDigest", md);
        if (verdict == "yes" && md != "matches the content" && md.rfind("not checked", 0) != 0) verdict = "NO (" + md + ")";
    }
    s.add("verified", verdict);
    if (si.unsigned_attrs) s.add("unsignedAttributes", attributes(si.unsigned_attributes, ctx));
    return s;
}

// signed_data renders a SignedData TLV.
inline dump_node signed_data(const asn1::tlv& t, dump_context& ctx) {
    auto r = asn1::read_signed_data_view(t.whole, t.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::signed_data_view& d = *r;
    dump_node n = dump_node::object();
    asn1::content_kind kind = asn1::signed_content_kind(d);
    n.add("type", std::string(asn1::to_string(kind)));
    n.add("version", dump_node::num(d.version().value_or(0)));
    dump_node digests = dump_node::array();
    for (std::size_t i = 1, n = d.digest_algorithms().size(); i <= n; ++i)
        digests.push(dump_node::str(algorithm_name(d.digest_algorithm_oid(i).value_or("?"))));
    n.add("digestAlgorithms", std::move(digests));

    std::string ect = d.content_type().value_or("?");
    auto econtent = d.content();

    // SCEP summary first: it is what a reader of a PKIMessage looks for.
    if (kind == asn1::content_kind::scep) {
        dump_node scep = dump_node::object();
        if (auto first_signer = d.signer_at(1))
            for (const auto& a : first_signer->attributes) {
                auto v = a.first();
                if (!v) continue;
                if (auto s = scep_attribute(a.type, *v)) scep.add(std::string(oids::display_name(a.type)), *s);
            }
        n.add("scep", std::move(scep));
    }

    dump_node encap = dump_node::object();
    encap.add("contentType", oid_label(ect));
    if (econtent) encap.add("content", encapsulated(ect, *econtent, ctx));
    else encap.add("content", "(absent)");
    n.add("encapContentInfo", std::move(encap));

    std::vector<asn1::tlv> certs = d.certificates();
    n.add("certificates", certificates_node(certs, ctx));
    if (std::size_t ncrl = d.crls().size()) n.add("crls", dump_node::num(std::int64_t(ncrl)));

    dump_node signers = dump_node::array();
    for (std::size_t i = 1; i <= d.signer_count(); ++i)
        if (auto si = d.signer_at(i)) signers.push(signer_node(*si, certs, ect, econtent, ctx));
    n.add("signers", std::move(signers));
    return n;
}

// enveloped_data renders an EnvelopedData TLV.
inline dump_node enveloped_data(const asn1::tlv& t, dump_context& ctx) {
    auto r = asn1::read_enveloped_data_view(t.whole, t.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::enveloped_data_view& d = *r;
    dump_node n = dump_node::object();
    n.add("type", "CMS enveloped data");
    n.add("version", dump_node::num(d.version().value_or(0)));
    dump_node recips = dump_node::array();
    for (std::size_t i = 1; i <= d.recipient_count(); ++i) {
        dump_node rn = dump_node::object();
        std::string kind = d.recipient_kind(i).value_or("?");
        rn.add("kind", kind);
        if (auto k = d.key_transport_at(i)) {
            rn.add("recipientIdentifier", signer_id(!k->by_issuer_serial, k->key_id, k->issuer, k->serial));
            rn.add("keyEncryptionAlgorithm", algorithm_name(k->key_encryption_oid.value_or("?")));
        }
        recips.push(std::move(rn));
    }
    n.add("recipients", std::move(recips));
    n.add("contentType", oid_label(d.content_type().value_or("?")));
    n.add("contentEncryptionAlgorithm", algorithm_name(d.content_encryption_oid().value_or("?")));
    if (auto ec = d.encrypted_content()) {
        if (!ec->is(asn1::tag_class::context, 0)) {
            ctx.fail(ec->offset, "EnvelopedData: encryptedContent must be tagged [0]");
        } else if (!ec->constructed) {
            n.add("encryptedBytes", dump_node::num(std::int64_t(ec->content.size())));
        } else {
            // BER constructed form: [0] { OCTET STRING... } (Go's pkcs7 writes it).
            std::size_t total = 0;
            asn1::reader rd(ec->content, ec->content_offset());
            core::error e;
            while (auto part = rd.next(&e)) total += part->content.size();
            n.add("encryptedBytes", dump_node::num(std::int64_t(total)));
            n.add("encryptedContentEncoding", "constructed [0] (BER, not DER)");
        }
    }
    return n;
}

// cmc_status_node renders a CMCStatusInfoV2 with the names of its status and
// failInfo (RFC 5272 §6.1.1, §6.1.4).
inline dump_node cmc_status_node(const asn1::cmc_status_info& st) {
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
    dump_node n = dump_node::object();
    n.add("status", named(st.status.value_or(-1), statuses));
    if (st.status_string) n.add("statusString", *st.status_string);
    if (st.other_info == "failInfo") n.add("failInfo", named(st.fail_info.value_or(-1), fails));
    if (st.other_info == "pendInfo") {
        if (st.pend_token) n.add("pendToken", asn1::hex(st.pend_token->content));
        if (st.pend_time) n.add("pendTime", *st.pend_time);
    }
    return n;
}

// control_value renders a CMC control attribute value by its type; a value
// that does not decode as its type is reported and shown as hex.
inline dump_node control_value(std::string_view type, const asn1::tlv& v, dump_context& ctx) {
    auto refs = [](const std::vector<std::int64_t>& ids) {
        dump_node list = dump_node::array();
        for (std::int64_t id : ids) list.push(dump_node::num(id));
        return list;
    };
    if (type == oids::ms_cmc_attributes.dotted()) {
        auto a = asn1::read_cmc_attributes(v.whole, v.offset);
        if (!a) {
            ctx.fail(a.err());
        } else {
            dump_node n = dump_node::object();
            n.add("dataReference", dump_node::num(a->data_reference));
            n.add("certReferences", refs(a->cert_references));
            n.add("attributes", attributes(a->attributes, ctx));
            return n;
        }
    } else if (type == oids::cmc_add_extensions.dotted()) {
        auto a = asn1::read_add_extensions(v.whole, v.offset);
        if (!a) {
            ctx.fail(a.err());
        } else {
            dump_node n = dump_node::object();
            n.add("pkiDataReference", dump_node::num(a->pki_data_reference));
            if (a->list) n.add("extensions", extensions_tlv(*a->list, ctx));
            return n;
        }
    } else if (type == oids::cmc_status_info_v2.dotted()) {
        auto st = asn1::read_status_info(v.whole, v.offset);
        if (!st) ctx.fail(st.err());
        else return cmc_status_node(*st);
    } else if (type == oids::cmc_reg_info.dotted() && v.is_universal(asn1::utag::octet_string)) {
        return dump_node::str(std::string(as_chars(v.content)));
    } else {
        return dump_node::str(value_text(v));
    }
    return dump_node::str("#" + asn1::hex(v.whole));
}

// pki_data renders a CMC PKIData (or PKIResponse) TLV.
inline dump_node pki_data(const asn1::tlv& t, dump_context& ctx, bool response) {
    auto r = asn1::pki_data_view::read(t.whole, t.offset, response);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::pki_data_view& d = *r;
    dump_node n = dump_node::object();
    n.add("type", response ? "CMC PKIResponse" : "CMC PKIData");
    dump_node controls = dump_node::array();
    for (const auto& c : d.controls()) {
        dump_node cn = dump_node::object();
        cn.add("bodyPartID", dump_node::num(c.body_part_id));
        std::string type = c.type.empty() ? "?" : c.type;
        cn.add("type", oid_label(type));
        dump_node values = dump_node::array();
        for (const auto& v : c.values) values.push(control_value(type, v, ctx));
        cn.add("values", std::move(values));
        controls.push(std::move(cn));
    }
    n.add("controls", std::move(controls));
    if (!response) {
        dump_node reqs = dump_node::array();
        for (std::size_t i = 1; i <= d.request_count(); ++i) {
            dump_node rn = dump_node::object();
            std::string kind = d.request_kind(i).value_or("?");
            rn.add("kind", kind);
            if (kind == "tcr") {
                rn.add("bodyPartID", dump_node::num(d.tcr_body_part_id(i).value_or(0)));
                if (auto req = d.tcr_request(i)) rn.add("request", request(*req, ctx));
            } else if (auto e = d.request_element(i)) {
                rn.add("hex", asn1::hex(e->whole));
            }
            reqs.push(std::move(rn));
        }
        n.add("requests", std::move(reqs));
    }
    dump_node cms = dump_node::array();
    for (std::size_t i = 1; i <= d.content_count(); ++i) {
        dump_node cn = dump_node::object();
        cn.add("bodyPartID", dump_node::num(d.content_body_part_id(i).value_or(0)));
        if (auto ci = d.content_info_at(i)) cn.add("content", content_info(*ci, ctx));
        cms.push(std::move(cn));
    }
    n.add("cmsSequence", std::move(cms));
    n.add("otherMessages", dump_node::num(std::int64_t(d.other_message_count())));
    return n;
}

// content_info renders a ContentInfo TLV (signed or enveloped data).
inline dump_node content_info(const asn1::tlv& t, dump_context& ctx) {
    if (ctx.depth >= max_nesting) {
        ctx.fail(t.offset, "CMS content nested more than " + std::to_string(max_nesting) + " levels");
        return dump_node::str("error: nested too deeply");
    }
    auto r = asn1::read_content_info(t.whole, t.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    std::string type = r->type.value_or("?");
    auto content = r->content;
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
