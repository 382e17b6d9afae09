// verbs/request_defaults.hpp: what -new adds to a request whose INF names no
// ProviderName, KeySpec or KeyUsage (spec §7.2, as model/lower.hpp does), for
// the requests the verbs build in code (a renewal, a SCEP template).
#pragma once
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "certreq/model/extension_order.hpp"
#include "certreq/model/request.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

// request_defaults gives `r` what -new adds to a request whose INF names no
// ProviderName, KeySpec or KeyUsage (spec §7.2, model/lower.hpp): the
// provider of the key's kind, KeySpec 2 for RSA in a legacy CSP, the
// defaulted KeyUsage and the SKI (computed from the key later), in certreq's
// order. `key_spec_given`: r.key_spec is the caller's (a template's KeySpec),
// and the KeyUsage follows it.
inline void request_defaults(model::request& r, bool key_spec_given = false) {
    bool rsa = r.key.algorithm == model::key_algorithm::rsa;
    r.defaults.provider_name = rsa ? "Microsoft Strong Cryptographic Provider" : "Microsoft Software Key Storage Provider";
    if (rsa && !key_spec_given) r.key_spec = 2;
    auto has = [&](std::string_view oid) {
        return std::any_of(r.extensions.begin(), r.extensions.end(), [&](const model::extension& x) { return x.oid == oid; });
    };
    if (!r.suppress_defaults && !has(oids::key_usage.dotted())) {
        std::uint16_t ku = !rsa ? (r.key.ecdh ? 0x08 : 0x80) : r.key_spec == 2 ? 0x80 : r.key_spec == 1 ? 0x20 : 0xa0;
        r.extensions.push_back(model::extension{std::string(oids::key_usage.dotted()), true, model::key_usage{ku}, {}, true});
    }
    if (!r.suppress_defaults && !has(oids::subject_key_identifier.dotted()))
        r.extensions.push_back(model::extension{std::string(oids::subject_key_identifier.dotted()), false, model::subject_key_identifier{}, {}, true});
    model::order_as_certreq(r.extensions);
}

}  // namespace certreq::verbs
