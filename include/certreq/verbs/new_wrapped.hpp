// verbs/new_wrapped.hpp: -new with RequestType = PKCS7 or CMC (spec §9.1-§9.3).
// build_new (verbs/new.hpp) makes the PKCS#10 as for PKCS10, with what
// plan_wrapped adds to it, then wrap_request wraps it:
//
//   PKCS7  renewal: the PKCS#10 (empty subject, renewal-certificate attribute =
//          the old certificate) in SignedData v1 { id-data }, signed by the OLD
//          certificate's key (RenewalCert, or -cert), issuerAndSerialNumber, no
//          signed attributes, the old certificate included.
//   CMC    PKIData { controls, { [0] { 1, PKCS#10 } }, {}, {} } in SignedData v3
//          { id-cct-PKIData }, signed by the new key named by the request's SKI,
//          with contentType + messageDigest; no certificates. Controls: the
//          CMC attributes (client info) at bodyPartID 2 — or, enrolling on
//          behalf of RequesterName, regInfo at 2 and CMC attributes at 3, a
//          second signer (the -cert enrollment agent, issuerAndSerialNumber)
//          and the agent's certificate. RenewalCert: renewal attribute and
//          empty subject, still one signer (the new key).
//   PrivateKeyArchive = TRUE (CMC only; MS-WCCE §3.1.1.4.3.6.1): the new key,
//          PKCS#8 DER, in an EnvelopedData (AES-256-CBC, RSA key transport) to
//          the CA exchange certificate given with -xchg FILE; the EnvelopedData
//          DER goes in the request key's SignerInfo as the unsigned attribute
//          szOID_ARCHIVED_KEY_ATTR (1.3.6.1.4.1.311.21.13), its hash (the
//          request's hash algorithm) as szOID_ENCRYPTED_KEY_HASH
//          (1.3.6.1.4.1.311.21.21) in the CMC attributes control, so the
//          signature covers it. Windows encrypts a PRIVATEKEYBLOB; we send
//          PKCS#8, which only our CA (or an OpenSSL-based one) reads. Without
//          -xchg the request is refused: the local CA has no exchange certificate.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/asn1/views.hpp"
#include "certreq/cmc/request.hpp"
#include "certreq/cmc/unwrap.hpp"
#include "certreq/cms/enveloped_data.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/der/der.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/mbed/cipher.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/file.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/signing_cert.hpp"
#include "certreq/verbs/stored_key.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

// wrap_plan: what a PKCS7/CMC request needs beyond the PKCS#10.
struct wrap_plan {
    model::request_type type = model::request_type::cmc;
    std::optional<signing_cert> renewal;  // the old certificate (RenewalCert / -cert with PKCS7)
    std::optional<signing_cert> agent;    // the enrollment agent (CMC + RequesterName + -cert)
    std::vector<bytes> extra_attributes;  // more PKCS#10 attributes (renewal certificate)
    std::vector<byte_view> extra_views;   // views of extra_attributes for x509::request_attributes::extra
    std::optional<bytes> exchange_cert;   // PrivateKeyArchive: the CA exchange certificate (-xchg)
    position at;                          // RequestType, for errors while wrapping
};

namespace detail {

inline position wrapped_key_position(const inf::document& doc, std::string_view key) {
    if (const inf::section* nr = doc.find("NewRequest"))
        if (const inf::entry* e = nr->find(key)) return e->value.start();
    return {};
}

}  // namespace detail

// plan_wrapped loads the certificates a PKCS7/CMC request is signed with and
// prepares the PKCS#10's extra attributes; it empties the subject of a
// renewal. `cert_id` is -cert. nullopt after reporting an error.
inline std::optional<wrap_plan> plan_wrapped(model::request& r, const std::string& cert_id, const store::key_store* ks,
                                             const inf::document& doc, diagnostics& d,
                                             const std::string& exchange_cert_file = {}, const key_access& access = {}) {
    wrap_plan p;
    p.type = r.type;
    p.at = detail::wrapped_key_position(doc, "RequestType");
    if (r.private_key_archive) {
        position at = detail::wrapped_key_position(doc, "PrivateKeyArchive");
        if (r.type != model::request_type::cmc)
            return d.error(at, "PrivateKeyArchive = TRUE works only with RequestType = CMC"), std::nullopt;
        if (exchange_cert_file.empty())
            return d.error(at, "PrivateKeyArchive = TRUE needs the CA's exchange certificate: give -xchg FILE "
                               "(the local CA has no exchange certificate and cannot archive keys)"),
                   std::nullopt;
        auto file = os::read_file(exchange_cert_file, 1 << 20);
        if (!file) return d.error(at, "-xchg: " + file.err().message), std::nullopt;
        auto in = pem::detect_and_decode(*file);
        if (!in) return d.error(at, "-xchg " + exchange_cert_file + ": offset " + std::to_string(in.error->offset) + ": " + in.error->message), std::nullopt;
        auto c = cms::read_certificate(in.der);
        if (!c) return d.error(at, "-xchg " + exchange_cert_file + ": " + c.err().message), std::nullopt;
        auto spki = asn1::read_public_key_info(c->spki);
        if (!spki || spki->algorithm != oids::rsa_encryption.dotted())
            return d.error(at, "-xchg " + exchange_cert_file + ": the exchange certificate's key must be RSA (key transport)"),
                   std::nullopt;
        p.exchange_cert = std::move(in.der);
    }
    if (r.type == model::request_type::pkcs7) {
        if (!r.requester_name.empty()) {
            d.error(detail::wrapped_key_position(doc, "RequesterName"),
                    "RequesterName (enroll on behalf of) is supported with RequestType = CMC, not PKCS7");
            return std::nullopt;
        }
        std::string id = !r.renewal_cert.empty() ? r.renewal_cert : cert_id;
        if (id.empty()) {
            d.error(p.at, "RequestType = PKCS7 is a renewal: give RenewalCert (or -cert) naming the certificate to renew");
            return std::nullopt;
        }
        std::string label = !r.renewal_cert.empty() ? "RenewalCert" : "-cert";
        position at = !r.renewal_cert.empty() ? detail::wrapped_key_position(doc, "RenewalCert") : position{};
        p.renewal = load_signing_cert(id, ks, label, d, at, access);
        if (!p.renewal) return std::nullopt;
    } else {
        if (!r.requester_name.empty() && cert_id.empty()) {
            d.error(detail::wrapped_key_position(doc, "RequesterName"),
                    "RequesterName (enroll on behalf of) needs -cert naming the enrollment agent certificate");
            return std::nullopt;
        }
        if (!cert_id.empty() && r.requester_name.empty()) {
            d.error(p.at, "-cert with RequestType = CMC names the enrollment agent: give RequesterName too");
            return std::nullopt;
        }
        if (!cert_id.empty()) {
            p.agent = load_signing_cert(cert_id, ks, "-cert", d, {}, access);
            if (!p.agent) return std::nullopt;
        }
        if (!r.renewal_cert.empty()) {
            p.renewal = load_signing_cert(r.renewal_cert, ks, "RenewalCert", d, detail::wrapped_key_position(doc, "RenewalCert"), access);
            if (!p.renewal) return std::nullopt;
        }
    }
    if (p.renewal) {
        // The CA takes the subject from the certificate being renewed (spec §9.1).
        r.subject = model::name{};
        p.extra_attributes.push_back(der::to_bytes(
                der::sequence(oids::ms_renewal_certificate, der::set_of(der::raw(p.renewal->cert_der)))));
    }
    for (const bytes& a : p.extra_attributes) p.extra_views.push_back(a);
    return p;
}

// wrap_request wraps the signed PKCS#10 as the plan says. `key` is the
// request's (new) key; `software` the same key when it is a software key
// (PrivateKeyArchive exports it; a token's key cannot be). nullopt after
// reporting an error.
inline std::optional<bytes> wrap_request(const wrap_plan& p, byte_view pkcs10, const mbed::signer& key,
                                         const mbed::private_key* software, const model::request& r, diagnostics& d) {
    cms::signed_data_fields f;
    if (p.type == model::request_type::pkcs7) {
        f.content = pkcs10;
        f.certificates = {p.renewal->cert_der};
        cms::signer s;
        s.key = &p.renewal->key.signer();
        s.digest = r.hash;
        s.cert = p.renewal->cert_der;
        s.signed_attributes = false;
        f.signers.push_back(std::move(s));
        auto out = cms::signed_data(f);
        if (!out) return d.error(p.at, "PKCS7: " + out.err().message), std::nullopt;
        return std::move(*out);
    }

    std::vector<bytes> controls;
    cmc::body_part_id next = 2;
    if (p.agent) {
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto& nv : r.name_values)
            if (nv.name == "CertificateTemplate") pairs.emplace_back(nv.name, nv.value);
        pairs.emplace_back("RequesterName", r.requester_name);
        auto ri = cmc::reg_info_control(next++, cmc::reg_info_text(pairs));
        if (!ri) return d.error(p.at, "CMC: " + ri.err().message), std::nullopt;
        controls.push_back(std::move(*ri));
    }
    std::vector<bytes> attrs;
    if (!r.suppress_defaults)
        attrs.push_back(der::to_bytes(
                x509::client_info_attribute(r.defaults.client_id, r.defaults.machine, r.defaults.user, r.defaults.process)));
    auto rng = mbed::system_rng();
    if (!rng) return d.error(p.at, "CMC: " + rng.err().message()), std::nullopt;
    bytes archived;  // ContentInfo { envelopedData } of the new key
    if (p.exchange_cert) {
        if (!software)
            return d.error(p.at, "PrivateKeyArchive: the request's key is on a token (or the caller's) and cannot be "
                                 "exported to the CA"),
                   std::nullopt;
        auto pkcs8 = software->pkcs8_der();
        if (!pkcs8) return d.error(p.at, "PrivateKeyArchive: " + pkcs8.err().message()), std::nullopt;
        auto env = cms::seal(*pkcs8, {*p.exchange_cert}, mbed::content_cipher::aes256_cbc, *rng);  // pkcs8 wipes itself
        if (!env) return d.error(p.at, "PrivateKeyArchive: " + env.err().message), std::nullopt;
        archived = std::move(*env);
        bytes h = mbed::hash(r.hash, archived);
        attrs.push_back(der::to_bytes(der::sequence(oids::ms_encrypted_key_hash, der::set_of(der::octet_string(byte_view(h))))));
    }
    auto ca = cmc::cmc_attributes_control(next++, 0, {1}, attrs);
    if (!ca) return d.error(p.at, "CMC: " + ca.err().message), std::nullopt;
    controls.push_back(std::move(*ca));
    auto body = cmc::pki_data(pkcs10, 1, controls);
    if (!body) return d.error(p.at, "CMC: " + body.err().message), std::nullopt;

    auto rk = cmc::request_key_of(pkcs10);
    if (!rk || rk->ids.empty()) return d.error(p.at, "CMC: the PKCS#10 just made does not decode"), std::nullopt;
    f.content_type = std::string(oids::cct_pki_data.dotted());
    f.content = byte_view(*body);
    cms::signer s;
    s.key = &key;
    s.digest = r.hash;
    s.pss = r.alternate_signature;
    s.sid = cms::signer_id::subject_key_id;
    s.key_id = rk->ids.front();
    if (!archived.empty())
        s.unsigned_attributes.push_back(der::to_bytes(der::sequence(oids::ms_archived_key, der::set_of(der::raw(archived)))));
    f.signers.push_back(std::move(s));
    if (p.agent) {
        f.certificates = {p.agent->cert_der};
        cms::signer a;
        a.key = &p.agent->key.signer();
        a.digest = r.hash;
        a.cert = p.agent->cert_der;
        f.signers.push_back(std::move(a));
    }
    auto out = cms::signed_data(f, *rng);
    if (!out) return d.error(p.at, "CMC: " + out.err().message), std::nullopt;
    return std::move(*out);
}

}  // namespace certreq::verbs
