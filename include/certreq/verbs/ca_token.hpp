// verbs/ca_token.hpp: the local CA with its key in an HSM (PKCS#11). A
// CAPolicy.inf whose [NewRequest] names a token ProviderName, or a pkcs11:
// KeyContainer, has -ca init make the CA key on the token (verbs/new_token.hpp);
// ca.key then holds a reference (store/token_reference.hpp), and every verb
// that opens the CA signs there (ca_key_source).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "certreq/ca/authority.hpp"
#include "certreq/ca/policy.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/error.hpp"
#include "certreq/verbs/new_token.hpp"
#include "certreq/verbs/stored_key.hpp"

namespace certreq::verbs {

// shared_signer: a stored key as the shared signer the CA holds.
inline std::shared_ptr<const mbed::signer> shared_signer(stored_key k) {
    auto owner = std::make_shared<const stored_key>(std::move(k));
    return std::shared_ptr<const mbed::signer>(owner, &owner->signer());
}

// ca_key_source: how the CA reaches a key on a token (open), and, when
// `made` holds one, the key -ca init just made there (make).
inline ca::local_ca::key_source ca_key_source(const key_access& a, std::shared_ptr<const stored_key> made = {}) {
    ca::local_ca::key_source src;
    src.open = [a](const store::token_reference& ref) -> os::result<std::shared_ptr<const mbed::signer>> {
        auto k = open_token_reference(ref, a);
        if (!k) return k.err();
        return shared_signer(std::move(*k));
    };
    if (made)
        src.make = [made](const ca::settings&) -> os::result<ca::local_ca::made_key> {
            return ca::local_ca::made_key{std::shared_ptr<const mbed::signer>(made, &made->signer()),
                                          made->reference()->serialize()};
        };
    return src;
}

// make_ca_token_key: the CA key on the token the policy names, or nullptr
// for a software key (nothing selects a token). Errors go to `d` (at the
// policy's lines); `failed` is set then.
inline std::shared_ptr<const stored_key> make_ca_token_key(const ca::settings& s, const inf::document& policy, const key_access& a,
                                                           diagnostics& d, bool& failed) {
    failed = false;
    model::request r;
    r.key = s.key;
    r.key_container = s.key_container;
    r.exportable = s.exportable;
    r.key_spec = 2;  // a CA key signs
    if (!s.provider_name.empty()) r.defaults.provider_name = s.provider_name;
    std::optional<token_target> token;
    if (!plan_token(r, policy, nullptr, a, token, d)) return failed = true, nullptr;
    if (!token) return nullptr;
    auto rng = mbed::system_rng();
    if (!rng) return d.error({}, rng.err().message()), failed = true, nullptr;
    auto k = open_token_key(*token, r, policy, a, *rng, d);
    if (!k) return failed = true, nullptr;
    return std::make_shared<const stored_key>(std::move(*k));
}

}  // namespace certreq::verbs
