// verbs/new_token.hpp: -new with the key on a token (PKCS#11: a smart card,
// an HSM, a TPM through tpm2-pkcs11). ProviderName selects the backend
// (p11/providers.hpp); KeyContainer names the key on the token (CKA_LABEL),
// or is a pkcs11: URI whose module-path, token, object/id and pin-source /
// pin-value are honoured. The key is generated on the token (sensitive
// always; CKA_EXTRACTABLE only for Exportable / ExportableEncrypted; CKA_SIGN
// and CKA_DECRYPT from KeySpec and KeyUsageProperty) or, with
// UseExistingKeySet, found there. The store keeps a reference to it
// (store/token_reference.hpp), never key material.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"
#include "certreq/p11/key.hpp"
#include "certreq/p11/providers.hpp"
#include "certreq/p11/token.hpp"
#include "certreq/p11/uri.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/container.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/token_reference.hpp"
#include "certreq/verbs/stored_key.hpp"

namespace certreq::verbs {

// token_target: where a -new key is made (or found).
struct token_target {
    std::string module;      // what dlopen gets
    p11::uri where;          // the token and the key's label (object) / id
    std::string container;   // the store container that references the key
};

namespace detail {

inline position token_key_position(const inf::document& doc, std::string_view key) {
    if (const inf::section* nr = doc.find("NewRequest"))
        if (const inf::entry* e = nr->find(key)) return e->value.start();
    return {};
}

// key_usage_of: CKA_SIGN / CKA_DECRYPT. KeyUsageProperty (NCRYPT_ALLOW_*) when
// given; else KeySpec: AT_SIGNATURE (2) signs only, AT_KEYEXCHANGE (1) and a
// KSP key (0) also decrypt (RSA; an EC key only signs).
inline void key_usage_of(const model::request& r, p11::key_template& t) {
    bool rsa = r.key.algorithm == model::key_algorithm::rsa;
    if (r.key_usage_property) {
        t.sign = (*r.key_usage_property & 2) != 0;
        t.decrypt = rsa && (*r.key_usage_property & 1) != 0;
    } else {
        t.sign = true;
        t.decrypt = rsa && r.key_spec != 2;
    }
}

// token_key_decrypts: whether a key made on a token for `r` may decrypt.
inline bool token_key_decrypts(const model::request& r) {
    p11::key_template t;
    key_usage_of(r, t);
    return t.decrypt;
}

}  // namespace detail

// plan_token: the token ProviderName or a pkcs11: KeyContainer selects, or
// nullopt in `out` for the software store. False after reporting an error.
inline bool plan_token(const model::request& r, const inf::document& doc, const store::key_store* keys, const key_access& a,
                       std::optional<token_target>& out, diagnostics& d) {
    bool is_uri = p11::uri::is_uri(r.key_container);
    auto be = p11::select_backend(r.defaults.provider_name, keys ? keys->root() + "/providers.conf" : std::string(),
                                  a.providers.empty() ? nullptr : a.providers.c_str());
    if (be.software && !is_uri) return true;
    token_target t;
    if (is_uri) {
        auto u = p11::uri::parse(r.key_container);
        if (!u) return d.error(detail::token_key_position(doc, "KeyContainer"), "KeyContainer: " + u.err().message()), false;
        t.where = std::move(*u);
    } else {
        t.where.object = r.key_container;
    }
    if (!t.where.module_path.empty()) t.module = t.where.module_path;
    else if (!t.where.module_name.empty()) t.module = p11::module_path(t.where.module_name);
    else if (!be.software) t.module = p11::module_path(be.module);
    else
        return d.error(detail::token_key_position(doc, "KeyContainer"),
                       "KeyContainer is a pkcs11: URI without module-path, and ProviderName \"" + r.defaults.provider_name +
                               "\" is the software key store: add module-path to the URI, or map the provider to a PKCS#11 "
                               "module (providers.conf in the store, or CERTREQ_PROVIDERS)"),
               false;
    t.where.module_path = t.module;
    // The store container: the key's label when the store can hold that name.
    t.container = t.where.object;
    if (t.container.empty() || !store::validate_container_name(t.container)) t.container = store::default_container_name();
    if (t.where.object.empty() && t.where.id.empty()) t.where.object = t.container;
    out = std::move(t);
    return true;
}

// open_token_key logs in and makes the key on the token (or finds it, with
// UseExistingKeySet). `rng` makes a new key's CKA_ID. nullopt after
// reporting an error; a failed login leaves nothing on the token.
inline std::optional<stored_key> open_token_key(const token_target& t, const model::request& r, const inf::document& doc,
                                                const key_access& a, mbed::rng_ref rng, diagnostics& d) {
    position at = detail::token_key_position(doc, !r.key_container.empty() ? "KeyContainer" : "ProviderName");
    auto s = p11::login(t.module, t.where, a.pins(), true);
    if (!s) return d.error(at, s.err().message(), s.err().hresult()), std::nullopt;
    std::optional<p11::token_key> key;
    if (r.use_existing_key_set) {
        auto k = p11::find_key(*s, t.where);
        if (!k) return d.error(at, k.err().message(), k.err().hresult()), std::nullopt;
        key = std::move(*k);
    } else {
        p11::key_template kt;
        kt.params = r.key;
        kt.label = t.where.object;
        kt.id = t.where.id;
        if (kt.id.empty()) {
            kt.id.resize(16);
            if (rng.fill(kt.id) != 0) return d.error(at, "the random generator failed"), std::nullopt;
        }
        kt.extractable = r.exportable || r.exportable_encrypted;
        detail::key_usage_of(r, kt);
        auto k = p11::create_key(*s, kt);
        if (!k) return d.error(at, k.err().message(), k.err().hresult()), std::nullopt;
        key = std::move(*k);
    }
    p11::uri ref;
    ref.token = (*s)->info().label;
    ref.serial = (*s)->info().serial;
    ref.object = key->label;
    ref.id = key->id;
    ref.type = "private";
    ref.module_path = t.module;
    auto spki = key->signer.public_key_der();
    if (!spki) return d.error(at, spki.err().message()), std::nullopt;
    store::token_reference tr{ref.to_string(), store::to_hex(mbed::sha1(*spki))};
    return stored_key(std::move(*key), std::move(tr));
}

// destroy_token_key removes a key this run made on a token (the request
// failed after it was made, or could not be stored).
inline void destroy_token_key(const stored_key& k) {
    if (const p11::token_key* t = k.token()) p11::destroy_key(*t->signer.session_of(), t->objects);
}

// token_key_guard removes the key made on a token when the scope ends
// without `ok` (every early return of build_new after the key was made).
struct token_key_guard {
    const std::shared_ptr<const stored_key>& made;
    const bool& ok;
    token_key_guard(const std::shared_ptr<const stored_key>& m, const bool& o) : made(m), ok(o) {}
    token_key_guard(const token_key_guard&) = delete;
    token_key_guard& operator=(const token_key_guard&) = delete;
    ~token_key_guard() {
        if (made && !ok) destroy_token_key(*made);
    }
};

}  // namespace certreq::verbs
