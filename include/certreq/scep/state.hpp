// scep/state.hpp: what a SCEP client must keep between sending a request and
// reading its answer (for -submit after -new, and for -retrieve polling after
// PENDING): the key container, the signer certificate, the trusted CA/RA
// certificates, the request's subject and the last senderNonce. One file per
// transaction, <store root>/scep/<transactionID>.meta (store/metadata.hpp
// format), written atomically, 0600.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/from_hex.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/metadata.hpp"
#include "certreq/store/rollback.hpp"

namespace certreq::scep {

struct transaction_state {
    std::string transaction_id;
    std::string key_container;
    std::string pending_id;           // the key store's pending request, if any
    std::string ca_url;               // set by -submit
    std::string status = "created";   // created, pending
    std::string capabilities;         // GetCACaps keywords, space separated
    std::string digest = "SHA256";    // the digest the messages are signed with
    bytes signer_cert;                // what the request was signed with (self-signed or the renewed certificate)
    bytes subject;                    // the request's subject Name DER (CertPoll's IssuerAndSubject)
    bytes last_nonce;                 // the senderNonce of the last message sent
    std::vector<bytes> ca_certs;      // trusted for CertRep signatures
    std::size_t recipient = 0;        // the one in ca_certs messages are encrypted to
};

// state_path: <root>/scep/<transactionID>.meta. The ID must be a plain token.
inline std::optional<std::string> state_path(std::string_view root, std::string_view transaction_id) {
    if (transaction_id.empty() || transaction_id.size() > 128) return std::nullopt;
    for (char c : transaction_id)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.'))
            return std::nullopt;
    if (transaction_id.front() == '.') return std::nullopt;
    return std::string(root) + "/scep/" + std::string(transaction_id) + ".meta";
}

inline std::string serialize(const transaction_state& s) {
    store::metadata m;
    m.set("transaction_id", s.transaction_id);
    m.set("key_container", s.key_container);
    m.set("pending_id", s.pending_id);
    m.set("ca_url", s.ca_url);
    m.set("status", s.status);
    m.set("capabilities", s.capabilities);
    m.set("digest", s.digest);
    m.set("signer_cert", base64::encode(s.signer_cert));
    m.set("subject", base64::encode(s.subject));
    m.set("last_nonce", store::to_hex(s.last_nonce));
    m.set("recipient", std::to_string(s.recipient));
    for (std::size_t i = 0; i < s.ca_certs.size(); ++i) m.set("ca_cert." + std::to_string(i + 1), base64::encode(s.ca_certs[i]));
    return m.serialize();
}

inline os::result<transaction_state> parse_state(std::string_view text) {
    auto m = store::metadata::parse(text);
    if (!m) return m.err();
    transaction_state s;
    s.transaction_id = m->get_or("transaction_id");
    s.key_container = m->get_or("key_container");
    s.pending_id = m->get_or("pending_id");
    s.ca_url = m->get_or("ca_url");
    s.status = m->get_or("status", "created");
    s.capabilities = m->get_or("capabilities");
    s.digest = m->get_or("digest", "SHA256");
    auto b64 = [&](const char* name, bytes& out) -> bool {
        auto v = base64::decode(m->get_or(name));
        if (!v) return false;
        out = std::move(*v);
        return true;
    };
    if (!b64("signer_cert", s.signer_cert) || s.signer_cert.empty()) return core::failed("signer_cert: missing or not base64");
    if (!b64("subject", s.subject)) return core::failed("subject: not base64");
    auto nonce = core::from_hex(m->get_or("last_nonce"));
    if (!nonce) return core::failed("last_nonce: not hex");
    s.last_nonce = std::move(*nonce);
    for (std::size_t i = 1;; ++i) {
        auto v = m->get("ca_cert." + std::to_string(i));
        if (!v) break;
        auto d = base64::decode(*v);
        if (!d) return core::failed("ca_cert." + std::to_string(i) + ": not base64");
        s.ca_certs.push_back(std::move(*d));
    }
    if (s.transaction_id.empty()) return core::failed("transaction_id: missing");
    std::string rcp = m->get_or("recipient", "0");
    s.recipient = 0;
    for (char c : rcp) {
        if (c < '0' || c > '9' || s.recipient > 1000) return core::failed("recipient: not a number");
        s.recipient = s.recipient * 10 + std::size_t(c - '0');
    }
    if (s.recipient >= s.ca_certs.size()) return core::failed("recipient: no such CA certificate");
    return s;
}

// save_state writes (or replaces) the state file of `s` under `root`.
inline os::status save_state(std::string_view root, const transaction_state& s, store::rollback* tx = nullptr) {
    auto path = state_path(root, s.transaction_id);
    if (!path) return core::failed("transactionID \"" + s.transaction_id + "\" cannot name a state file");
    if (auto d = os::ensure_dir(std::string(root), 0700); !d) return d;
    if (auto d = os::ensure_dir(std::string(root) + "/scep", 0700); !d) return d;
    std::optional<bytes> old;
    if (os::exists(*path))
        if (auto r = os::read_file(*path)) old = std::move(*r);
    std::string text = serialize(s);
    if (auto w = os::write_file_atomic(*path, as_bytes(text), 0600, true); !w) return w;
    if (tx) {
        if (old) tx->changed_file(*path, std::move(*old), 0600);
        else tx->created_file(*path);
    }
    return {};
}

// load_state reads the state of `transaction_id`; nullopt when there is none.
inline os::result<std::optional<transaction_state>> load_state(std::string_view root, std::string_view transaction_id) {
    auto path = state_path(root, transaction_id);
    if (!path) return std::optional<transaction_state>{};
    if (!os::exists(*path)) return std::optional<transaction_state>{};
    auto text = os::read_file(*path);
    if (!text) return text.err();
    auto s = parse_state(as_chars(*text));
    if (!s) return core::failed(*path + ": " + s.err().message);
    return std::optional<transaction_state>(std::move(*s));
}

inline os::status remove_state(std::string_view root, std::string_view transaction_id) {
    auto path = state_path(root, transaction_id);
    if (!path) return {};
    return os::remove_file(*path, true);
}

}  // namespace certreq::scep
