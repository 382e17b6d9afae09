// verbs/new_scep.hpp: `-new` with RequestType = SCEP (spec §9.4, RFC 8894
// PKCSReq). The PKCS#10 (with challengePassword) is made as for PKCS10; this
// step wraps it: the CA/RA certificate from the INF's CACerts file (chosen by
// CAThumbprint when there are several), the cipher and digest from
// CACapabilities, a self-signed signer certificate of the request key, and
// the state -submit needs to read the answer.
//
//   [NewRequest]
//   RequestType = SCEP
//   ChallengePassword = s3cret
//   CACerts = ca.cer                 ; GetCACert answer: DER/PEM certificate(s) or PKCS#7
//   CACapabilities = "AES,SHA-256,POSTPKIOperation"   ; GetCACaps keywords (default: none: 3DES, SHA-1)
//   CAThumbprint = 5F3C...           ; SHA-1 or SHA-256 of the recipient certificate (optional)
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/path.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/scep/capabilities.hpp"
#include "certreq/scep/pki_message_builder.hpp"
#include "certreq/scep/state.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/verbs/scep_ca.hpp"
#include "certreq/verbs/scep_client.hpp"

namespace certreq::verbs {

// scep_request: the PKCSReq and what save_new keeps for -submit.
struct scep_request {
    bytes message;
    scep::transaction_state state;
};

namespace detail {

inline const inf::entry* new_request_entry(const inf::document& doc, std::string_view key) {
    const inf::section* nr = doc.find("NewRequest");
    return nr ? nr->find(key) : nullptr;
}

// read_cert_bundle reads a file of certificates: DER or PEM certificate(s), or a PKCS#7.
inline std::optional<std::vector<bytes>> read_cert_bundle(const std::string& path, std::string& why) {
    auto raw = os::read_file(path);
    if (!raw) return why = raw.err().message, std::nullopt;
    std::vector<bytes> out;
    std::string_view text = as_chars(*raw);
    if (pem::count_blocks(text) > 0) {
        // Several PEM blocks: decode each block on its own.
        for (std::size_t at = 0; (at = text.find(pem::begin_mark, at)) != std::string_view::npos;) {
            auto blk = pem::read_block(text, at);
            if (!blk) return why = "PEM block at offset " + std::to_string(at) + ": " + blk.err().message, std::nullopt;
            std::size_t stop = blk->end;
            auto d = pem::detect_and_decode(as_bytes(text.substr(at, stop - at)));
            if (!d) return why = "PEM block at offset " + std::to_string(at) + ": " + d.error->message, std::nullopt;
            auto certs = scep_client::parse_ca_certs(d.der);
            if (!certs) return why = certs.err().message, std::nullopt;
            out.insert(out.end(), certs->begin(), certs->end());
            at = stop;
        }
    } else {
        auto d = pem::detect_and_decode(*raw);
        if (!d) return why = d.error->message, std::nullopt;
        auto certs = scep_client::parse_ca_certs(d.der);
        if (!certs) return why = certs.err().message, std::nullopt;
        out = std::move(*certs);
    }
    if (out.empty()) return why = "no certificate in the file", std::nullopt;
    return out;
}

// choose_recipient: the certificate CAThumbprint names; else an RA
// certificate (one not issued by itself) when there is one; else the first.
inline std::optional<std::size_t> choose_recipient(const std::vector<bytes>& certs, std::string_view thumbprint, std::string& why) {
    if (!thumbprint.empty()) {
        std::string want = store::normalize_hex(thumbprint);
        for (std::size_t i = 0; i < certs.size(); ++i)
            if (want == store::normalize_hex(store::to_hex(mbed::sha1(certs[i]))) ||
                want == store::normalize_hex(store::to_hex(mbed::sha256(certs[i]))))
                return i;
        why = "no certificate in CACerts has the thumbprint " + std::string(thumbprint);
        return std::nullopt;
    }
    for (std::size_t i = 0; i < certs.size(); ++i) {
        auto c = cms::read_certificate(certs[i]);
        if (c && !std::equal(c->issuer.begin(), c->issuer.end(), c->subject.begin(), c->subject.end())) return i;
    }
    return std::size_t{0};
}

}  // namespace detail

// read_scep_ca reads CACerts, CACapabilities and CAThumbprint of an INF.
// Relative paths are taken from the working directory, then from the INF's
// directory. `server` (-enroll: what the SCEP server said) stands in for
// CACerts and CACapabilities where the INF has none; CAThumbprint still
// chooses among its certificates.
inline std::optional<scep_ca> read_scep_ca(const inf::document& doc, std::string_view inf_name, diagnostics& d,
                                           const scep_ca* server = nullptr) {
    scep_ca ca;
    const inf::entry* certs = detail::new_request_entry(doc, "CACerts");
    const inf::entry* caps = detail::new_request_entry(doc, "CACapabilities");
    const inf::entry* thumb = detail::new_request_entry(doc, "CAThumbprint");
    const inf::entry* rt = detail::new_request_entry(doc, "RequestType");
    position certs_at = certs ? certs->value.start() : position{};
    std::string why;
    if (!certs && server) {
        ca.certs = server->certs;
    } else if (!certs || certs->value.view().empty()) {
        d.error(rt ? rt->value.start() : position{},
                "RequestType = SCEP needs CACerts = <file with the CA/RA certificate(s), as GetCACert returns them>");
        return std::nullopt;
    } else {
        std::string path(certs->value.view());
        if (!os::exists(path) && path.front() != '/') {
            std::string dir = os::parent_dir(std::string(inf_name));
            if (!dir.empty() && os::exists(os::join(dir, path))) path = os::join(dir, path);
        }
        auto bundle = detail::read_cert_bundle(path, why);
        if (!bundle) return d.error(certs_at, "CACerts: " + why), std::nullopt;
        ca.certs = std::move(*bundle);
    }
    if (ca.certs.empty()) return d.error(certs_at, "CACerts: no certificate in the file"), std::nullopt;
    auto r = detail::choose_recipient(ca.certs, thumb ? thumb->value.view() : std::string_view{}, why);
    if (!r) return d.error(thumb->value.start(), "CAThumbprint: " + why), std::nullopt;
    ca.recipient = *r;
    if (auto c = cms::read_certificate(ca.certs[ca.recipient]); !c) {
        d.error(certs_at, "CACerts: " + c.err().message);
        return std::nullopt;
    }
    ca.caps = !caps && server ? server->caps : scep::parse_capabilities(caps ? caps->value.view() : std::string_view{});
    return ca;
}

// wrap_scep makes the PKCSReq around `csr` (made with `key`), signed by a new
// self-signed certificate of that key, encrypted to the chosen CA certificate.
inline std::optional<scep_request> wrap_scep(const scep_ca& ca, byte_view csr, const mbed::signer& key, std::int64_t now,
                                             diagnostics& d, position at = {}) {
    if (key.algorithm() != model::key_algorithm::rsa) {
        d.error(at, "RequestType = SCEP needs an RSA key: the CA encrypts the certificate to it (RFC 8894 key transport)");
        return std::nullopt;
    }
    auto req = asn1::read_csr(csr);
    auto subject = req ? req->subject() : std::nullopt;
    if (!subject) return d.error(at, "the PKCS#10 to wrap does not decode"), std::nullopt;
    auto rng = mbed::system_rng();
    if (!rng) return d.error(at, rng.err().message()), std::nullopt;
    auto spki = key.public_key_der();
    if (!spki) return d.error(at, spki.err().message()), std::nullopt;

    scep_request out;
    scep::transaction_state& st = out.state;
    st.transaction_id = scep::transaction_id_for(*spki);
    st.subject.assign(subject->whole.begin(), subject->whole.end());
    st.ca_certs = ca.certs;
    st.recipient = ca.recipient;
    for (auto& k : ca.caps.keywords) st.capabilities += (st.capabilities.empty() ? "" : " ") + k;
    model::hash_algorithm digest = ca.caps.digest();
    st.digest = digest == model::hash_algorithm::sha1 ? "SHA1" : digest == model::hash_algorithm::sha512 ? "SHA512" : "SHA256";

    auto signer = scep::self_signed_signer_for(key, subject->whole, digest, now, *rng);
    if (!signer) return d.error(at, "signer certificate: " + signer.err().message), std::nullopt;
    st.signer_cert = std::move(*signer);
    auto nonce = scep::new_nonce(*rng);
    if (!nonce) return d.error(at, nonce.err().message), std::nullopt;
    st.last_nonce = *nonce;

    scep::message_fields f;
    f.type = scep::message_type::pkcs_req;
    f.transaction_id = st.transaction_id;
    f.sender_nonce = st.last_nonce;
    f.digest = digest;
    f.cipher = ca.caps.content_cipher();
    f.message_data = csr;
    f.recipients = {ca.certs[ca.recipient]};
    f.signer_cert = st.signer_cert;
    f.signer_key = &key;
    auto msg = scep::build_pki_message(f, *rng);
    if (!msg) return d.error(at, msg.err().message), std::nullopt;
    out.message = std::move(*msg);
    return out;
}

}  // namespace certreq::verbs
