// verbs/signing_cert.hpp: an installed certificate with its private key, found
// in the key store by thumbprint, serial number or name (store/cert_id.hpp): the -cert of -sign and
// -policy, the enrollment agent of an EOBO CMC request, RenewalCert's old
// certificate that signs a PKCS #7 renewal. Without -cert, -sign and -policy
// pick the one certificate whose EKU allows the purpose (signing_candidates).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/extension_views.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/verbs/stored_key.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

struct signing_cert {
    bytes cert_der;
    std::string thumbprint;
    stored_key key;  // software, or on a token (a smart card's agent key); signs as key.signer()
};

// load_signing_cert loads the key of `found` (an installed certificate of
// `ks`, with its DER). Errors start with `label` and are reported at `at`.
inline std::optional<signing_cert> load_signing_cert(store::installed_certificate found, const store::key_store& ks,
                                                     const std::string& label, diagnostics& d, position at = {},
                                                     const key_access& access = {}) {
    if (found.key_container.empty())
        return d.error(at, label + ": certificate " + found.thumbprint + " has no private key in the store"), std::nullopt;
    auto key = open_stored_key(ks, found.key_container, access);
    if (!key) return d.error(at, label + ": ", key.err()), std::nullopt;
    if (!asn1::read_certificate(found.der))
        return d.error(at, label + ": the installed certificate " + found.thumbprint + " does not decode"), std::nullopt;
    return signing_cert{std::move(found.der), found.thumbprint, std::move(*key)};
}

// load_signing_cert finds `id` in `ks` (store/cert_id.hpp: thumbprint,
// serial, subject CN or FriendlyName) and loads its key. Errors start with
// `label` (e.g. "-cert", "RenewalCert") and are reported at `at`.
inline std::optional<signing_cert> load_signing_cert(const std::string& id, const store::key_store* ks, const std::string& label,
                                                     diagnostics& d, position at = {}, const key_access& access = {}) {
    if (!ks) return d.error(at, label + ": no key store to find the certificate in"), std::nullopt;
    auto found = store::resolve_certificate(*ks, id);
    if (!found) return d.error(at, label + ": " + found.err().message), std::nullopt;
    return load_signing_cert(std::move(*found), *ks, label, d, at, access);
}

// The key purposes certreq's certificate picker filters on (-noEKU: none).
inline constexpr std::string_view purpose_request_agent = oids::ms_enrollment_agent.dotted();  // -sign
inline constexpr std::string_view purpose_qualified_subordination = oids::ms_qualified_subordination.dotted();        // -policy

// allows_purpose: whether the certificate may be used for `purpose` by its
// EKU: listed, anyExtendedKeyUsage, or no EKU extension at all (Windows reads
// a certificate without EKU as good for every purpose). False when the DER or
// its EKU does not decode.
inline bool allows_purpose(byte_view cert_der, std::string_view purpose) {
    auto c = asn1::read_certificate(cert_der);
    if (!c) return false;
    auto v = c->extension_octets(oids::ext_key_usage.dotted());
    if (!v) return true;
    auto purposes = asn1::read_key_purposes(v->content);
    if (!purposes) return false;
    for (const std::string& oid : *purposes)
        if (oid == purpose || oid == oids::any_extended_key_usage.dotted()) return true;
    return false;
}

// signing_candidates lists the thumbprints of the installed certificates in
// `ks` that have a private key and allow `purpose` (any purpose when empty).
inline os::result<std::vector<std::string>> signing_candidates(const store::key_store& ks, std::string_view purpose) {
    auto all = ks.list_certificates();
    if (!all) return all.err();
    std::vector<std::string> out;
    for (auto& c : *all) {
        if (c.key_container.empty() || !ks.has_key(c.key_container)) continue;
        if (!purpose.empty()) {
            auto der = ks.load_certificate_der(c.thumbprint);
            if (!der || !allows_purpose(*der, purpose)) continue;
        }
        out.push_back(c.thumbprint);
    }
    return out;
}

}  // namespace certreq::verbs
