// verbs/dump_x509.hpp: -dump of the PKIX objects: names, general names,
// public keys, extensions (decoded by name; unknown ones as hex with their
// OID), request attributes, certificates, requests and CRLs.
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/key_views.hpp"
#include "certreq/asn1/name_text.hpp"
#include "certreq/asn1/request_attribute_views.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/core/ascii.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/model/extension_registry.hpp"
#include "certreq/verbs/dump_tree.hpp"
#include "certreq/verbs/dump_verify.hpp"

namespace certreq::verbs {

// dump_context carries the verifier and collects errors; nested values that
// fail to decode are shown as hex and reported, the rest of the dump goes on.
struct dump_context {
    const verify_fn* verify = nullptr;
    diagnostics* diags = nullptr;
    bool failed = false;
    int depth = 0;  // nested PKCS#7 / CMC levels, bounded
    const digest_fn* digest = nullptr;
    bool show_secrets = false;  // challenge passwords in clear (-dump -v); else hidden_secret

    void fail(std::size_t offset, std::string msg) {
        failed = true;
        if (diags) diags->error_at_offset(offset, std::move(msg));
    }
    void fail(const core::error& e) { fail(e.offset, e.text()); }
};

inline std::string idx(std::string_view path, std::size_t i) {
    std::string s(path);
    if (!s.empty()) s += '.';
    return s + '?' + std::to_string(i);
}
inline std::string sub(std::string_view path, std::string_view field) {
    std::string s(path);
    if (!s.empty()) s += '.';
    return s.append(field);
}

// oid_label is "name (dotted)" or the dotted OID when the name is unknown.
inline std::string oid_label(std::string_view oid) {
    auto n = oids::display_name(oid);
    return n.empty() ? std::string(oid) : std::string(n) + " (" + std::string(oid) + ")";
}

using asn1::name_text;
using asn1::value_text;

// ip_text prints an address as RFC 5952 asks (IPv6: lower case, no leading
// zeros, the longest run of two or more zero groups as "::"); name
// constraints carry address + mask (8 or 32 bytes), printed "addr/mask".
inline std::string ip_text(byte_view b) {
    if (b.size() == 4)
        return std::to_string(b[0]) + '.' + std::to_string(b[1]) + '.' + std::to_string(b[2]) + '.' + std::to_string(b[3]);
    if (b.size() == 16) {
        unsigned g[8];
        for (std::size_t i = 0; i < 8; ++i) g[i] = (unsigned(b[2 * i]) << 8) | b[2 * i + 1];
        int best = -1, best_len = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && g[j] == 0) ++j;
            if (j - i > best_len) best = i, best_len = j - i;
            i = j == i ? i + 1 : j;
        }
        std::string s;
        for (int i = 0; i < 8; ++i) {
            if (i == best) {
                s += "::";
                i += best_len - 1;
                continue;
            }
            if (!s.empty() && s.back() != ':') s += ':';
            bool lead = true;
            for (int sh = 12; sh >= 0; sh -= 4) {
                unsigned d = (g[i] >> sh) & 15;
                if (lead && d == 0 && sh) continue;
                lead = false;
                s += core::hex_digit(d);
            }
        }
        return s;
    }
    if (b.size() == 8 || b.size() == 32)
        return ip_text(b.first(b.size() / 2)) + '/' + ip_text(b.subspan(b.size() / 2));
    return asn1::hex(b);
}

// general_name renders one GeneralName TLV as {type, value}.
inline dump_node general_name(const asn1::tlv& g) {
    dump_node n = dump_node::object();
    auto set = [&](const char* type, std::string v) {
        n.add("type", type);
        n.add("value", std::move(v));
        return n;
    };
    if (g.cls != asn1::tag_class::context) return set("unknown", "#" + asn1::hex(g.whole));
    switch (g.number) {
        case 0: {
            asn1::reader r(g.content, g.content_offset());
            core::error e;
            auto type = r.next(&e);
            auto wrapped = type ? r.next(&e) : std::nullopt;
            if (!type || !wrapped) break;
            std::string oid = asn1::oid_string(type->content).value_or("?");
            auto inner = asn1::parse_one(wrapped->content, wrapped->content_offset());
            std::string v = inner ? value_text(*inner) : "#" + asn1::hex(wrapped->content);
            auto nm = oids::display_name(oid);
            n.add("type", "otherName");
            n.add("oid", nm.empty() ? oid : std::string(nm));
            n.add("value", std::move(v));
            return n;
        }
        case 1: return set("rfc822Name", std::string(as_chars(g.content)));
        case 2: return set("dNSName", std::string(as_chars(g.content)));
        case 3: return set("x400Address", "#" + asn1::hex(g.content));
        case 4: {
            auto inner = asn1::parse_one(g.content, g.content_offset());
            return set("directoryName", inner ? name_text(*inner) : "<bad name>");
        }
        case 5: return set("ediPartyName", "#" + asn1::hex(g.content));
        case 6: return set("uniformResourceIdentifier", std::string(as_chars(g.content)));
        case 7: return set("iPAddress", ip_text(g.content));
        case 8: return set("registeredID", asn1::oid_string(g.content).value_or("?"));
        default: break;
    }
    return set("unknown", "#" + asn1::hex(g.whole));
}

// general_names renders the GeneralNames SEQUENCE OF at `path` of a decoded value.
inline dump_node general_names(const asn1::decoded& d, std::string_view path) {
    dump_node list = dump_node::array();
    for (std::size_t i = 1; i <= d.count(path); ++i)
        if (auto g = d.element(idx(path, i))) list.push(general_name(*g));
    return list;
}

namespace detail {
// modulus_bits: the size of an RSA modulus (INTEGER content octets) in bits.
inline std::int64_t modulus_bits(byte_view m) {
    while (!m.empty() && m[0] == 0) m = m.subspan(1);
    std::int64_t bits = std::int64_t(m.size()) * 8;
    for (std::uint8_t top = m.empty() ? 0 : m[0]; bits && !(top & 0x80); top = std::uint8_t(top << 1)) --bits;
    return bits;
}
}  // namespace detail

// public_key renders a SubjectPublicKeyInfo TLV: algorithm and size.
inline dump_node public_key(const asn1::tlv& spki, dump_context& ctx) {
    dump_node n = dump_node::object();
    auto d = asn1::read_public_key_info(spki.whole, spki.offset);
    if (!d) {
        ctx.fail(d.err());
        n.add("error", d.err().text());
        return n;
    }
    const std::string& alg = d->algorithm;
    n.add("algorithm", oid_label(alg));
    const auto& key = d->key;
    if (alg == oids::rsa_encryption.dotted() && key) {
        std::size_t off = d->key_tlv ? d->key_tlv->content_offset() + 1 : spki.offset;
        if (auto rsa = asn1::read_rsa_public_key(key->bytes, off)) {
            n.add("bits", dump_node::num(detail::modulus_bits(rsa->modulus)));
            n.add("exponent", asn1::integer_text(rsa->exponent));
        } else {
            ctx.fail(rsa.err());
            n.add("error", rsa.err().text());
        }
    } else if (alg == oids::ec_public_key.dotted()) {
        std::string curve;
        if (const auto& params = d->parameters; params && params->is_universal(asn1::utag::oid)) {
            curve = asn1::oid_string(params->content).value_or("?");
            n.add("curve", oid_label(curve));
        }
        // The curve's size (P-521 points are 66-byte coordinates); otherwise from the point length.
        std::int64_t bits = curve == oids::secp256r1.dotted() ? 256 : curve == oids::secp384r1.dotted() ? 384 : curve == oids::secp521r1.dotted() ? 521 : 0;
        if (!bits && key && !key->bytes.empty()) bits = std::int64_t((key->bytes.size() - 1) / 2 * 8);
        if (bits) n.add("bits", dump_node::num(bits));
    } else if (key) {
        n.add("bits", dump_node::num(std::int64_t(key->bit_count)));
    }
    return n;
}

// extension_reader is what a kind's dump() (model/extensions/*.hpp) reads
// its decoded value through and writes its fields to.
struct extension_reader {
    const asn1::decoded& d;
    dump_node& n;

    static dump_node array() { return dump_node::array(); }
    static dump_node object() { return dump_node::object(); }
    static dump_node str(std::string s) { return dump_node::str(std::move(s)); }
    static dump_node num(std::int64_t v) { return dump_node::num(v); }
    static dump_node boolean(bool b) { return dump_node::boolean(b); }
    static std::string idx(std::string_view path, std::size_t i) { return verbs::idx(path, i); }
    static std::string sub(std::string_view path, std::string_view field) { return verbs::sub(path, field); }
    static std::string oid_label(std::string_view oid) { return verbs::oid_label(oid); }
    static std::string hex(byte_view b) { return asn1::hex(b); }
    static std::string sharp_hex(byte_view b) { return std::string("#").append(asn1::hex(b)); }
    static std::string integer_text(byte_view b) { return asn1::integer_text(b); }
    static std::string value_text(const asn1::tlv& t) { return asn1::value_text(t); }
    static dump_node general_name(const asn1::tlv& g) { return verbs::general_name(g); }
    dump_node general_names(std::string_view path) const { return verbs::general_names(d, path); }
    // decode reads a nested value; a failure is the kind's to show (not a dump error).
    static auto decode(std::string_view type, const asn1::tlv& t) {
        return asn1::decode(asn1::module::pkix, type, t.whole, t.offset);
    }
};

// extension_value decodes an extnValue (contents `v` at `off`) with the
// reader of the kind registered for `oid`; without one, as hex.
inline void extension_value(dump_node& n, std::string_view oid, byte_view v, std::size_t off, dump_context& ctx) {
    bool read = model::with_extension_kind(oid, [&](auto kind) {
        using K = typename decltype(kind)::type;
        if constexpr (requires { K::asn1_type; }) {
            auto r = asn1::decode(asn1::module::pkix, K::asn1_type, v, off);
            if (!r) {
                ctx.fail(r.error);
                n.add("error", r.error.text());
                n.add("hex", asn1::hex(v));
                return true;
            }
            extension_reader reader{*r.value, n};
            K::dump(reader);
            return true;
        } else {
            return false;
        }
    });
    if (!read) n.add("hex", asn1::hex(v));
}

// extensions renders an Extensions list, read.
inline dump_node extensions(const std::vector<asn1::extension_entry>& list, dump_context& ctx) {
    dump_node out = dump_node::array();
    for (const auto& e : list) {
        std::string oid = e.oid.empty() ? "?" : e.oid;
        dump_node n = dump_node::object();
        auto nm = oids::display_name(oid);
        n.add("name", nm.empty() ? "unknown" : std::string(nm));
        n.add("oid", oid);
        n.add("critical", dump_node::boolean(e.critical));
        extension_value(n, oid, e.value.content, e.value.content_offset(), ctx);
        out.push(std::move(n));
    }
    return out;
}

// extensions_tlv decodes an Extensions TLV found inside an ANY.
inline dump_node extensions_tlv(const asn1::tlv& t, dump_context& ctx) {
    auto d = asn1::read_extensions(t.whole, t.offset);
    if (!d) {
        ctx.fail(d.err());
        return dump_node::str("error: " + d.err().text());
    }
    return extensions(d->entries(), ctx);
}

inline dump_node certificate(const asn1::tlv& cert, dump_context& ctx, const asn1::tlv* issuer_spki = nullptr);

// hidden_secret stands for a challenge password -dump shows only under -v,
// where a dump pasted into a ticket or a log would otherwise carry it.
inline constexpr std::string_view hidden_secret = "(hidden; -v shows it)";

// attribute_value renders one value of a request attribute by its type. A
// challengePassword, and an enrollment name/value pair named
// ChallengePassword, show their value only with ctx.show_secrets.
inline dump_node attribute_value(std::string_view type, const asn1::tlv& v, dump_context& ctx) {
    auto failed = [&](const core::error& e) {
        ctx.fail(e);
        return dump_node::str("#" + asn1::hex(v.whole));
    };
    if (type == oids::extension_request.dotted()) return extensions_tlv(v, ctx);
    if (type == oids::challenge_password.dotted() && !ctx.show_secrets) return dump_node::str(std::string(hidden_secret));
    if (type == oids::ms_enrollment_name_value_pair.dotted()) {
        auto p = asn1::read_name_value_pair(v.whole, v.offset);
        if (!p) return failed(p.err());
        dump_node n = dump_node::object();
        bool secret = iequals(p->name, "ChallengePassword") && !ctx.show_secrets;
        n.add("name", p->name);
        n.add("value", secret ? std::string(hidden_secret) : p->value);
        return n;
    }
    if (type == oids::ms_request_client_info.dotted()) {
        auto c = asn1::read_client_info(v.whole, v.offset);
        if (!c) return failed(c.err());
        dump_node n = dump_node::object();
        n.add("clientId", dump_node::num(c->client_id));
        n.add("machineName", c->machine_name);
        n.add("userName", c->user_name);
        n.add("processName", c->process_name);
        return n;
    }
    if (type == oids::ms_enrollment_csp_provider.dotted()) {
        auto c = asn1::read_csp_provider(v.whole, v.offset);
        if (!c) return failed(c.err());
        dump_node n = dump_node::object();
        n.add("keySpec", dump_node::num(c->key_spec));
        n.add("cspName", c->csp_name);
        n.add("signature", asn1::hex(c->signature.bytes));
        return n;
    }
    if (type == oids::ms_renewal_certificate.dotted()) return certificate(v, ctx);
    if (type == oids::smime_capabilities.dotted()) {
        dump_node n = dump_node::object();
        extension_value(n, type, v.whole, v.offset, ctx);
        return n;
    }
    return dump_node::str(value_text(v));
}

// attributes renders a SET OF Attribute, read ({name, oid, value(s)} per attribute).
inline dump_node attributes(const std::vector<asn1::attribute_entry>& attrs, dump_context& ctx) {
    dump_node list = dump_node::array();
    for (const auto& a : attrs) {
        std::string type = a.type.empty() ? "?" : a.type;
        dump_node n = dump_node::object();
        auto nm = oids::display_name(type);
        n.add("name", nm.empty() ? "unknown" : std::string(nm));
        n.add("oid", type);
        if (a.value_count() == 1) {
            n.add("value", attribute_value(type, a.values[0], ctx));
        } else {
            dump_node values = dump_node::array();
            for (const auto& v : a.values) values.push(attribute_value(type, v, ctx));
            n.add("values", std::move(values));
        }
        list.push(std::move(n));
    }
    return list;
}

// signature_node: algorithm and whether it verifies with `spki` (nullptr: unknown key).
inline dump_node signature_node(const std::optional<asn1::tlv>& alg_tlv, const std::optional<asn1::bit_string>& sig,
                                const std::optional<asn1::tlv>& tbs, const asn1::tlv* spki, dump_context& ctx,
                                std::string_view no_key_reason = "issuer certificate not available") {
    dump_node n = dump_node::object();
    if (!alg_tlv) return n;
    auto alg = parse_signature_algorithm(alg_tlv->whole, alg_tlv->offset);
    n.add("algorithm", oid_label(alg.oid));
    if (!spki) n.add("verified", "not checked (" + std::string(no_key_reason) + ")");
    else if (sig && tbs) n.add("verified", run_check(ctx.verify, alg, spki->whole, tbs->whole, sig->bytes));
    return n;
}

inline std::string version_text(std::optional<std::int64_t> v) { return v ? "v" + std::to_string(*v + 1) : "?"; }

// certificate renders a Certificate TLV. Self-signed certificates are checked
// with their own key; others with `issuer_spki` when the caller found one.
inline dump_node certificate(const asn1::tlv& cert, dump_context& ctx, const asn1::tlv* issuer_spki) {
    auto r = asn1::read_certificate(cert.whole, cert.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::certificate_view& d = *r;
    dump_node n = dump_node::object();
    n.add("type", "certificate");
    n.add("version", version_text(d.version()));
    n.add("serialNumber", asn1::hex(d.serial().value_or(byte_view{})));
    auto issuer = d.issuer();
    auto subject = d.subject();
    n.add("issuer", issuer ? name_text(*issuer) : "");
    n.add("notBefore", d.not_before_text().value_or(""));
    n.add("notAfter", d.not_after_text().value_or(""));
    n.add("subject", subject ? name_text(*subject) : "");
    auto spki = d.spki();
    if (spki) n.add("publicKey", public_key(*spki, ctx));
    if (d.has_extensions()) n.add("extensions", extensions(d.extensions(), ctx));
    bool self_signed = issuer && subject && same_bytes(issuer->whole, subject->whole);
    const asn1::tlv* key = issuer_spki ? issuer_spki : self_signed && spki ? &*spki : nullptr;
    n.add("signature", signature_node(d.signature_algorithm(), d.signature(), d.tbs(), key, ctx));
    // certutil's "Cert Hash(sha1)" and certreq -accept's Thumbprint.
    if (ctx.digest && *ctx.digest) n.add("thumbprint", asn1::hex((*ctx.digest)(model::hash_algorithm::sha1, cert.whole)));
    return n;
}

// request renders a PKCS#10 CertificationRequest TLV (signature checked with its own key).
inline dump_node request(const asn1::tlv& req, dump_context& ctx) {
    auto r = asn1::read_csr(req.whole, req.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::csr_view& d = *r;
    dump_node n = dump_node::object();
    n.add("type", "certificate request (PKCS#10)");
    n.add("version", version_text(d.version()));
    auto subject = d.subject();
    n.add("subject", subject ? name_text(*subject) : "");
    auto spki = d.spki();
    if (spki) n.add("publicKey", public_key(*spki, ctx));
    n.add("attributes", attributes(d.attributes(), ctx));
    n.add("signature", signature_node(d.signature_algorithm(), d.signature(), d.info(), spki ? &*spki : nullptr, ctx));
    return n;
}

// crl renders a CertificateList TLV (the signature needs the issuer: not checked).
inline dump_node crl(const asn1::tlv& list, dump_context& ctx) {
    auto r = asn1::read_crl(list.whole, list.offset);
    if (!r) {
        ctx.fail(r.err());
        return dump_node::str("error: " + r.err().text());
    }
    const asn1::crl_view& d = *r;
    dump_node n = dump_node::object();
    n.add("type", "certificate revocation list");
    n.add("version", version_text(d.version().value_or(0)));
    auto issuer = d.issuer();
    n.add("issuer", issuer ? name_text(*issuer) : "");
    n.add("thisUpdate", d.this_update().value_or(""));
    if (auto nu = d.next_update()) n.add("nextUpdate", *nu);
    dump_node revoked = dump_node::array();
    // One decode per entry: linear in the number of entries (asn1/crl_entries.hpp).
    auto list_tlv = d.revoked_list();
    asn1::reader entries = list_tlv ? asn1::reader(list_tlv->content, list_tlv->content_offset()) : asn1::reader({});
    while (!entries.empty()) {
        auto e = entries.next(nullptr);
        if (!e) break;  // cannot happen: decode() checked the framing
        auto entry = asn1::read_revoked(e->whole, e->offset);
        if (!entry) {
            ctx.fail(entry.err());
            revoked.push(dump_node::str("error: " + entry.err().text()));
            continue;
        }
        dump_node rc = dump_node::object();
        rc.add("serialNumber", asn1::hex(entry->serial));
        rc.add("revocationDate", entry->revocation_date.value_or(""));
        if (entry->has_extensions) rc.add("extensions", extensions(entry->extensions, ctx));
        revoked.push(std::move(rc));
    }
    n.add("revokedCertificates", std::move(revoked));
    if (auto ext = d.extensions_list()) n.add("extensions", extensions_tlv(*ext, ctx));
    n.add("signature", signature_node(d.signature_algorithm(), d.signature(), d.tbs(), nullptr, ctx));
    return n;
}


// private_key renders a PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key TLV:
// format, algorithm and size; key material is never printed.
inline dump_node private_key(const asn1::tlv& key, dump_context& ctx) {
    dump_node n = dump_node::object();
    n.add("type", "private key");
    auto rsa_bits = [&](byte_view der, std::size_t off) -> std::optional<std::int64_t> {
        auto m = asn1::read_rsa_private_key_modulus(der, off);
        if (!m) return std::nullopt;
        return detail::modulus_bits(*m);
    };
    auto curve_of = [&](const std::optional<asn1::tlv>& params) {
        if (params && params->is_universal(asn1::utag::oid)) n.add("curve", oid_label(asn1::oid_string(params->content).value_or("?")));
    };
    if (auto p8 = asn1::read_private_key_info(key.whole, key.offset)) {
        n.add("format", "PKCS#8");
        std::string alg = p8->algorithm.empty() ? "?" : p8->algorithm;
        n.add("algorithm", oid_label(alg));
        curve_of(p8->parameters);
        const auto& inner = p8->private_key;
        if (alg == oids::rsa_encryption.dotted() && inner)
            if (auto bits = rsa_bits(inner->content, inner->content_offset())) n.add("bits", dump_node::num(*bits));
    } else if (auto bits = rsa_bits(key.whole, key.offset)) {
        n.add("format", "PKCS#1");
        n.add("algorithm", oid_label(oids::rsa_encryption.dotted()));
        n.add("bits", dump_node::num(*bits));
    } else if (auto ec = asn1::read_ec_private_key_parameters(key.whole, key.offset)) {
        n.add("format", "SEC1");
        n.add("algorithm", oid_label(oids::ec_public_key.dotted()));
        curve_of(*ec);
    } else {
        ctx.fail(key.offset, "not a PKCS#8, PKCS#1 or SEC1 private key");
    }
    n.add("keyMaterial", "(not shown)");
    return n;
}

}  // namespace certreq::verbs
