// p11/token.hpp: what the verbs do with a token: log in (the PIN from the
// caller, the URI's pin-value or pin-source, or a prompt), make a key pair or
// find one, and store a certificate object beside a key. No PIN ever appears
// in an error.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/os/file.hpp"
#include "certreq/p11/api.hpp"
#include "certreq/p11/key.hpp"
#include "certreq/p11/module.hpp"
#include "certreq/p11/session.hpp"
#include "certreq/p11/signer.hpp"
#include "certreq/p11/uri.hpp"

namespace certreq::p11 {

// pin_source: where a PIN comes from when the URI gives none. `pin` is the
// caller's (-pin, $CERTREQ_PIN); `prompt` asks for one (a terminal), given
// the token's label; either may be empty.
struct pin_source {
    mbed::secret_string pin = mbed::make_secret_string({});
    std::function<std::optional<mbed::secret_string>(const std::string& token_label)> prompt;
};

namespace detail {

// pin_for: the caller's PIN, then the URI's pin-value, its pin-source (a
// file: its first line), then the prompt.
inline result<mbed::secret_string> pin_for(const uri& u, const token& t, const pin_source& p) {
    if (!p.pin.empty()) return mbed::make_secret_string(p.pin);
    if (!u.pin_value.empty()) return mbed::make_secret_string(u.pin_value);
    if (!u.pin_source.empty()) {
        auto text = os::read_file_as<mbed::secret_bytes>(u.pin_source, 4096);
        if (!text) return refused("pin-source " + u.pin_source + ": " + text.err().message);
        mbed::secret_string pin = mbed::make_secret_string({});
        for (std::uint8_t c : *text) {
            if (c == '\n' || c == '\r') break;
            pin.push_back(static_cast<char>(c));
        }
        return pin;
    }
    if (p.prompt)
        if (auto pin = p.prompt(t.label)) return std::move(*pin);
    return refused("token \"" + t.label + "\" needs a PIN: give -pin, set CERTREQ_PIN, or add pin-source to the pkcs11: URI");
}

}  // namespace detail

// logged_in: a session logged in, and the PIN that took (empty when the
// token wants no login): a caller that hands the key to another PKCS#11
// user (TLS client authentication in certreq-http) passes the PIN on.
struct logged_in {
    std::shared_ptr<session> s;
    mbed::secret_string pin = mbed::make_secret_string({});
};

// login_keeping_pin: load `module_path`, choose the token `u` names, open a
// session and log in as the user (when the token wants a login).
inline result<logged_in> login_keeping_pin(const std::string& module_path, const uri& u, const pin_source& pins, bool read_write) {
    auto m = module::load(module_path);
    if (!m) return m.err();
    auto t = find_token(**m, u);
    if (!t) return t.err();
    auto s = session::open(*m, *t, read_write);
    if (!s) return s.err();
    logged_in out{std::move(*s)};
    if (t->login_required) {
        auto pin = detail::pin_for(u, *t, pins);
        if (!pin) return pin.err();
        if (auto st = out.s->login(*pin); !st) return st.err();
        out.pin = std::move(*pin);
    }
    return out;
}

// login: login_keeping_pin, the session only.
inline result<std::shared_ptr<session>> login(const std::string& module_path, const uri& u, const pin_source& pins,
                                              bool read_write) {
    auto l = login_keeping_pin(module_path, u, pins, read_write);
    if (!l) return l.err();
    return std::move(l->s);
}

// token_key: a key pair on the token with its signer.
struct token_key {
    key_pair objects;
    token_signer signer;
    bytes id;
    std::string label;
};

// create_key generates `k` on the token, refusing a label that is taken
// (a key container is never replaced).
inline result<token_key> create_key(const std::shared_ptr<session>& s, const key_template& k) {
    auto taken = find_keys(*s, CKO_PRIVATE_KEY, k.label, {});
    if (!taken) return taken.err();
    if (!taken->empty())
        return refused("token \"" + s->info().label + "\" already holds a private key labelled \"" + k.label +
                       "\": use UseExistingKeySet = TRUE to make a request with it, or another KeyContainer name");
    auto pair = generate(*s, k);
    if (!pair) return pair.err();
    auto sig = token_signer::open(s, pair->private_key, pair->public_key);
    if (!sig) {
        // do not leave a half-made key behind
        s->api()->C_DestroyObject(s->handle(), pair->private_key);
        s->api()->C_DestroyObject(s->handle(), pair->public_key);
        return sig.err();
    }
    return token_key{*pair, std::move(*sig), k.id, k.label};
}

// destroy_key removes both objects (a request that failed after the key was made).
inline void destroy_key(const session& s, const key_pair& k) {
    if (k.private_key != CK_INVALID_HANDLE) s.api()->C_DestroyObject(s.handle(), k.private_key);
    if (k.public_key != CK_INVALID_HANDLE) s.api()->C_DestroyObject(s.handle(), k.public_key);
}

// find_key finds the one private key the URI's object= and id= select.
inline result<token_key> find_key(const std::shared_ptr<session>& s, const uri& u) {
    if (u.object.empty() && u.id.empty()) return refused("the pkcs11: URI names no key (give object= or id=)");
    auto keys = find_keys(*s, CKO_PRIVATE_KEY, u.object, u.id);
    if (!keys) return keys.err();
    std::string what = u.object.empty() ? std::string("with the URI's id") : "labelled \"" + u.object + "\"";
    if (keys->empty()) return refused("token \"" + s->info().label + "\" has no private key " + what);
    if (keys->size() > 1) return refused("token \"" + s->info().label + "\" has several private keys " + what + ": add id= to the pkcs11: URI");
    key_pair objects{keys->front(), CK_INVALID_HANDLE};
    bytes id;
    std::string label;
    if (auto v = s->attribute(objects.private_key, CKA_ID)) id = std::move(*v);
    if (auto v = s->attribute(objects.private_key, CKA_LABEL)) label.assign(v->begin(), v->end());
    if (!id.empty())
        if (auto pubs = find_keys(*s, CKO_PUBLIC_KEY, {}, id); pubs && pubs->size() == 1) objects.public_key = pubs->front();
    auto sig = token_signer::open(s, objects.private_key, objects.public_key);
    if (!sig) return sig.err();
    return token_key{objects, std::move(*sig), std::move(id), std::move(label)};
}

// store_certificate writes `cert_der` to the token as a public X.509
// certificate object with the key's CKA_ID and label, once (an object with
// the same value is left alone).
inline status store_certificate(const session& s, byte_view cert_der, byte_view subject_der, const bytes& id,
                                const std::string& label) {
    static const CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE type = CKC_X_509;
    std::vector<CK_ATTRIBUTE> find_t = {detail::attr(CKA_CLASS, &cls, sizeof cls),
                                        detail::attr(CKA_VALUE, cert_der.data(), cert_der.size())};
    if (auto found = s.find(find_t); found && !found->empty()) return {};
    std::vector<CK_ATTRIBUTE> t = {detail::attr(CKA_CLASS, &cls, sizeof cls),
                                   detail::attr(CKA_CERTIFICATE_TYPE, &type, sizeof type),
                                   detail::attr(CKA_TOKEN, &yes, sizeof yes),
                                   detail::attr(CKA_PRIVATE, &no, sizeof no),
                                   detail::attr(CKA_VALUE, cert_der.data(), cert_der.size()),
                                   detail::attr(CKA_SUBJECT, subject_der.data(), subject_der.size()),
                                   detail::attr(CKA_ID, id.data(), id.size()),
                                   detail::attr(CKA_LABEL, label.data(), label.size())};
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    if (CK_RV rv = s.api()->C_CreateObject(s.handle(), t.data(), t.size(), &h); rv != CKR_OK)
        return failed("token \"" + s.info().label + "\": storing the certificate", rv);
    return {};
}

}  // namespace certreq::p11
