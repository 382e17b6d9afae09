// verbs/client_certificate.hpp: -ClientCertificate ID: an installed
// certificate and its private key, as PEM for TLS client authentication to an
// AD CS web service (store/cert_id.hpp: thumbprint, serial, subject CN or
// FriendlyName). The key stays in memory (a zeroizing string).
#pragma once
#include <string>
#include <vector>

#include "certreq/core/result.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/pem_output.hpp"

namespace certreq::verbs {

struct client_certificate {
    std::string cert_pem;
    mbed::secret_string key_pem;
};

// load_client_certificate looks `id` up in the store -user/-machine chooses,
// else the user store, then the machine store.
inline core::result<client_certificate, std::string> load_client_certificate(const std::string& id, bool user, bool machine) {
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
        return client_certificate{frame(label_certificate, found->der), std::move(*key)};
    }
    return "-ClientCertificate " + id + ": " + why;
}

}  // namespace certreq::verbs
