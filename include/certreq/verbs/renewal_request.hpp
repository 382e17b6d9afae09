// verbs/renewal_request.hpp: the request `-enroll -cert ID Renew [ReuseKeys]`
// makes for the local CA, built in code (never INF text): a PKCS#7 renewal
// (RequestType = PKCS7, RenewalCert = the old certificate; spec §9.1): the
// PKCS#10 with an empty subject and the old certificate in the
// renewal-certificate attribute, signed by the new key, wrapped in SignedData
// signed by the old certificate's key (verbs/new_wrapped.hpp). The CA takes
// the subject from the old certificate (ca/authority.hpp check_renewal). The
// PKCS#10 asks for the old certificate's SAN, EKU, KeyUsage, policies and
// basic constraints, and the key keeps its FriendlyName. A new key of the
// same algorithm and size, or with `reuse_keys` the old key itself, and the
// defaults -new gives (verbs/request_defaults.hpp).
#pragma once
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/views.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/public_key.hpp"
#include "certreq/model/request.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/token_reference.hpp"
#include "certreq/verbs/renewable.hpp"
#include "certreq/verbs/request_defaults.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

// renewal_kept_extensions: what a renewal asks for again (the rest, such as
// the AKI or the CRL distribution points, is the CA's to set).
inline constexpr std::string_view renewal_kept_extensions[] = {
    oids::subject_alt_name.dotted(),        oids::ext_key_usage.dotted(),
    oids::key_usage.dotted(),               oids::certificate_policies.dotted(),
    oids::basic_constraints.dotted(),       oids::ms_application_policies.dotted(),
    oids::smime_capabilities.dotted(),      oids::ms_certificate_template_name.dotted(),
    oids::ms_certificate_template.dotted()};

// renewal_request: the renewal of `c` (installed in `ks`) at `now`, or why
// not in `problem` (not valid now, no key, a key that does not load).
inline std::optional<model::request> renewal_request(const store::installed_certificate& c, const store::key_store& ks,
                                                     bool reuse_keys, std::int64_t now, std::string& problem) {
    auto d = asn1::read_certificate(c.der);
    if (!d) return problem = "the installed certificate " + c.thumbprint + " does not decode", std::nullopt;
    if (std::string why = renewal_refusal(c.der, now); !why.empty()) return problem = "certificate " + c.thumbprint + ": " + why, std::nullopt;
    if (c.key_container.empty()) return problem = "the installed certificate has no private key in " + ks.root(), std::nullopt;
    auto pem = ks.load_key(c.key_container);
    if (!pem) return problem = pem.err().message, std::nullopt;
    // The key's algorithm and size: a software key says; a token's key is
    // described by the certificate (the renewal signs with it on the token,
    // and a new key would be made in software: ReuseKeys only).
    mbed::public_key_info key;
    if (store::token_reference::parse(*pem)) {
        if (!reuse_keys)
            return problem = "the key of certificate " + c.thumbprint + " is on a token; a new key would be made in software: "
                             "renew with ReuseKeys (the token's key signs again), or make a new key on the token with -new",
                   std::nullopt;
        auto spki = d->spki();
        if (!spki) return problem = "the installed certificate " + c.thumbprint + " has no public key", std::nullopt;
        auto info = mbed::public_key_info_of(spki->whole);
        if (!info) return problem = info.err().message(), std::nullopt;
        key = *info;
    } else {
        auto soft = mbed::private_key::load(as_bytes(*pem));
        if (!soft) return problem = soft.err().message(), std::nullopt;
        key = {soft->algorithm(), soft->bits(), soft->curve()};
    }

    model::request r;
    r.type = model::request_type::pkcs7;
    r.renewal_cert = c.thumbprint;
    if (key.algorithm == model::key_algorithm::rsa) {
        std::size_t bits = key.bits;
        if (bits < 1024 || bits > 8192 || bits % 8)  // what -new makes (model/lower.hpp KeyLength)
            return problem = "the key of certificate " + c.thumbprint + " has " + std::to_string(bits) +
                             " bits; a renewal makes RSA keys of 1024 to 8192 bits, a multiple of 8", std::nullopt;
        r.key.rsa_bits = static_cast<std::uint32_t>(bits);
    } else {
        r.key.algorithm = model::key_algorithm::ec;
        r.key.ec_curve = key.curve == model::curve::p384 ? model::curve::p384
                       : key.curve == model::curve::p521 ? model::curve::p521 : model::curve::p256;
    }
    if (reuse_keys) r.use_existing_key_set = true, r.key_container = c.key_container;
    r.friendly_name = c.friendly_name;
    for (std::size_t i = 1, n = d->extension_count(); i <= n; ++i) {
        auto x = d->extension_at(i);
        if (!x || x->value.content.empty() ||
            std::find(std::begin(renewal_kept_extensions), std::end(renewal_kept_extensions), x->oid) == std::end(renewal_kept_extensions))
            continue;
        r.extensions.push_back(model::extension{x->oid, x->critical, model::raw_value{bytes(x->value.content.begin(), x->value.content.end())}, {}});
    }
    request_defaults(r);
    return r;
}

}  // namespace certreq::verbs
