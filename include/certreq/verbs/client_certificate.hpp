// verbs/client_certificate.hpp: -ClientCertificate ID: an installed
// certificate and its private key, as PEM for TLS client authentication to an
// AD CS web service (store/cert_id.hpp: thumbprint, serial, subject CN or
// FriendlyName). A software key stays in memory (a zeroizing string); a key
// on a PKCS#11 token stays there: the token is logged in to here (a wrong PIN
// or a missing key is an error before any request), and TLS reaches the key
// through the module, the key's URI and the PIN (certreq-http).
#pragma once
#include <string>
#include <vector>

#include "certreq/core/result.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/p11/token.hpp"
#include "certreq/p11/uri.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/token_reference.hpp"
#include "certreq/verbs/http.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/stored_key.hpp"

namespace certreq::verbs {

struct client_certificate {
    std::string cert_pem;
    mbed::secret_string key_pem;              // a software key, or
    http::auth::token_key token;              // a key on a token (module_path set)
};

// token_client_key logs in to the token `ref` names and finds the key there.
inline core::result<http::auth::token_key, std::string> token_client_key(const store::token_reference& ref, const key_access& a) {
    auto u = p11::uri::parse(ref.uri);
    if (!u) return u.err().message();
    if (u->module_path.empty()) return std::string("the token reference names no module-path");
    auto l = p11::login_keeping_pin(u->module_path, *u, a.pins(), false);
    if (!l) return l.err().message();
    if (auto k = p11::find_key(l->s, *u); !k) return k.err().message();
    p11::uri key = *u;
    key.module_path.clear(), key.module_name.clear();
    return http::auth::token_key{u->module_path, key.to_string(), std::move(l->pin)};
}

// load_client_certificate looks `id` up in the store -user/-machine chooses,
// else the user store, then the machine store; `access` reaches a token key.
inline core::result<client_certificate, std::string> load_client_certificate(const std::string& id, bool user, bool machine,
                                                                             const key_access& access) {
    std::vector<store::scope> scopes;
    if (machine) scopes = {store::scope::machine};
    else if (user) scopes = {store::scope::user};
    else scopes = {store::scope::user, store::scope::machine};
    std::string why = "no installed certificate matches";
    for (auto sc : scopes) {
        auto ks = store::key_store::open(sc);
        if (!ks) continue;
        auto found = store::resolve_certificate(*ks, id);
        if (!found) {
            why = found.err().message;
            continue;
        }
        if (found->key_container.empty())
            return "-ClientCertificate " + id + ": certificate " + found->thumbprint + " has no private key in the store";
        auto key = ks->load_key(found->key_container);
        if (!key) return "-ClientCertificate " + id + ": " + key.err().message;
        if (auto ref = store::token_reference::parse(*key)) {
            auto t = token_client_key(*ref, access);
            if (!t) return "-ClientCertificate " + id + ": " + t.err();
            return client_certificate{frame(label_certificate, found->der), mbed::make_secret_string({}), std::move(*t)};
        }
        return client_certificate{frame(label_certificate, found->der), std::move(*key), {}};
    }
    return "-ClientCertificate " + id + ": " + why;
}

}  // namespace certreq::verbs
