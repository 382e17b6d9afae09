// verbs/signing_cert.hpp: an installed certificate with its private key, found
// in the key store by thumbprint or serial number: the -cert of -sign and
// -policy, the enrollment agent of an EOBO CMC request, RenewalCert's old
// certificate that signs a PKCS #7 renewal.
#pragma once
#include <optional>
#include <string>

#include "certreq/asn1/decode.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/store/store.hpp"

namespace certreq::verbs {

struct signing_cert {
    bytes cert_der;
    std::string thumbprint;
    mbed::private_key key;
};

// load_signing_cert finds `id` in `ks` and loads its key. Errors start with
// `label` (e.g. "-cert", "RenewalCert") and are reported at `at`.
inline std::optional<signing_cert> load_signing_cert(const std::string& id, const store::key_store* ks, const std::string& label,
                                                     diagnostics& d, position at = {}) {
    if (!ks) return d.error(at, label + ": no key store to find the certificate in"), std::nullopt;
    auto found = ks->find_certificate(id);
    if (!found) return d.error(at, label + ": " + found.err().message), std::nullopt;
    if (!*found) return d.error(at, label + ": no installed certificate matches '" + id + "' in " + ks->root()), std::nullopt;
    if ((*found)->key_container.empty())
        return d.error(at, label + ": certificate " + (*found)->thumbprint + " has no private key in the store"), std::nullopt;
    auto pem = ks->load_key((*found)->key_container);
    if (!pem) return d.error(at, label + ": " + pem.err().message), std::nullopt;
    auto key = mbed::private_key::load(as_bytes(*pem));
    if (!key) return d.error(at, label + ": " + key.err().message()), std::nullopt;
    if (!asn1::decode(asn1::module::pkix, "Certificate", (*found)->der))
        return d.error(at, label + ": the installed certificate " + (*found)->thumbprint + " does not decode"), std::nullopt;
    return signing_cert{std::move((*found)->der), (*found)->thumbprint, std::move(*key)};
}

}  // namespace certreq::verbs
