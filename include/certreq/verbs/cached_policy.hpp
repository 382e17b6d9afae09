// verbs/cached_policy.hpp: the policy of a CEP server through the key
// store's policy cache (store/policy_cache.hpp), as [MS-XCEP] has a client
// keep it: while the last answer's nextUpdateHours have not passed, the
// cached policy is used without asking; after that, GetPolicies carries the
// time of the last full answer as client/lastUpdate, and an answer with
// policiesNotChanged = true (oIDs, cAs and policies nil) means the cached
// policy is still the server's. A full answer replaces the cache. The cache
// is an optimisation only: a file that does not read or parse is ignored and
// a cache that cannot be written is not an error (both said under -v).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/adcs/xcep_response.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/store/policy_cache.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/timestamp.hpp"
#include "certreq/verbs/cep_client.hpp"

namespace certreq::verbs::cep {

// xs_date_time: Unix seconds as an xs:dateTime in GMT ("2026-12-02T17:01:43Z"),
// the store's own time format.
inline std::string xs_date_time(std::int64_t t) { return store::format_time(t); }

// cache_identity: who the policy is for, by the credentials' kind and name
// (a policy depends on the caller's permissions); never the password.
inline std::string cache_identity(const settings& s, std::uint32_t auth_kind) {
    namespace auth = adcs::xcep::auth;
    if (auth_kind == auth::username_password) return "UsernamePassword:" + s.credentials.user;
    if (auth_kind == auth::certificate) {
        auto d = mbed::sha256(as_bytes(s.credentials.client_cert_pem));
        return "Certificate:" + core::to_hex(byte_view(d.data(), d.size()));
    }
    return std::string(adcs::xcep::auth_name(auth_kind));
}

// cached_policy: the policy, and what the cache did (notes for -v).
struct cached_policy {
    policy_response policy;
    std::vector<std::string> notes;
};

// policy_with_cache: the policy of `s.url` for `identity` at `now`, through
// the cache in `ks` (none: no cache).
inline result<cached_policy> policy_with_cache(const http::transport& t, const settings& s, const std::string& identity,
                                               const store::key_store* ks, std::int64_t now) {
    cached_policy out;
    std::optional<store::policy_cache_entry> entry;
    std::optional<policy_response> cached;
    if (ks) {
        auto e = store::load_policy_cache(*ks, s.url, identity);
        if (!e) out.notes.push_back("policy cache ignored: " + e.err().message);
        else if (*e) {
            auto p = adcs::xcep::read((*e)->body);
            if (!p) out.notes.push_back("policy cache ignored: " + store::policy_cache_path(ks->root(), s.url, identity) + ": " + p.err().message);
            else if (p->policies_not_changed) out.notes.push_back("policy cache ignored: it holds no policies");
            else entry = std::move(**e), cached = std::move(*p);
        }
    }
    if (cached && entry->next_update_hours && now >= entry->checked &&
        now - entry->checked < std::int64_t(entry->next_update_hours) * 3600) {
        out.notes.push_back("policy of " + s.url + " from the cache (received " + xs_date_time(entry->checked) + ", next update after " +
                            std::to_string(entry->next_update_hours) + " hours)");
        out.policy = std::move(*cached);
        return out;
    }
    auto f = fetch_policies(t, s, cached ? xs_date_time(entry->last_update) : std::string());
    if (!f) return f.err();
    store::policy_cache_entry save;
    auto hours = f->policy.next_update_hours;
    bool not_changed = f->policy.policies_not_changed;
    if (not_changed) {
        if (!cached)
            return core::error("CEP " + s.url + ": the server says the policies have not changed (policiesNotChanged), "
                         "but none were asked for with a lastUpdate time",
                         core::hr::winhttp_invalid_server_response);
        out.notes.push_back("policy of " + s.url + ": not changed since " + xs_date_time(entry->last_update) + "; the cached policy is used");
        save = std::move(*entry);
        out.policy = std::move(*cached);
    } else {
        out.notes.push_back("policy of " + s.url + " received" +
                            (ks ? " and cached for " + std::to_string(hours.value_or(0)) + " hours" : std::string()));
        save.url = s.url, save.identity = identity, save.last_update = now, save.body = std::move(f->body);
        out.policy = std::move(f->policy);
    }
    save.checked = now;
    save.next_update_hours = hours.value_or(not_changed ? save.next_update_hours : 0);
    if (ks)
        if (auto w = store::save_policy_cache(*ks, save); !w) out.notes.push_back("policy cache not written: " + w.err().message);
    return out;
}

}  // namespace certreq::verbs::cep
