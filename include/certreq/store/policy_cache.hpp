// store/policy_cache.hpp: the last answer of an enrollment policy server
// (CEP, [MS-XCEP] GetPolicies) kept in the key store, one file per policy
// server URL and authentication identity:
//
//     <root>/policy/<sha256 of "URL\nidentity", hex>.meta   (store/metadata.hpp)
//
// with the URL and identity again (a file that names others is not theirs),
// the time of the last full answer (sent as the next GetPolicies' lastUpdate),
// the time the server last answered, its nextUpdateHours, and the answer's
// SOAP body (base64); the directory is checked as the store's others are
// (store/permissions.hpp). Only the raw answer is kept: the reader parses it again,
// as it parsed it from the server. Written atomically under the store's lock,
// mode 0666 less the umask (a policy holds no secret); not flushed (a cache:
// a lost or damaged one is read as absent and fetched again).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/metadata.hpp"
#include "certreq/store/permissions.hpp"
#include "certreq/store/store.hpp"

namespace certreq::store {

struct policy_cache_entry {
    std::string url;                      // the policy server (-PolicyServer)
    std::string identity;                 // who asked (an authentication kind and name, never a secret)
    std::int64_t last_update = 0;         // Unix time of the last full answer
    std::int64_t checked = 0;             // Unix time of the server's last answer (full or "not changed")
    std::uint32_t next_update_hours = 0;  // the server's nextUpdateHours (0: nil, ask every time)
    std::string body;                     // the GetPoliciesResponse's HTTP body
};

// policy_cache_path: where the entry of (url, identity) lives under `root`.
inline std::string policy_cache_path(std::string_view root, std::string_view url, std::string_view identity) {
    std::string key(url);
    key.append("\n").append(identity);
    auto d = mbed::sha256(as_bytes(key));
    return std::string(root) + "/policy/" + to_hex(byte_view(d.data(), d.size())) + ".meta";
}

namespace detail {

inline std::optional<std::int64_t> cache_number(const metadata& m, const char* name, std::int64_t max) {
    auto v = m.get(name);
    if (!v || v->empty() || v->size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (char c : *v) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (n > max) return std::nullopt;
    return n;
}

}  // namespace detail

// load_policy_cache reads the entry of (url, identity): nullopt when there is
// none, an error saying what is wrong with a file that is not a valid entry.
inline os::result<std::optional<policy_cache_entry>> load_policy_cache(const key_store& ks, std::string_view url,
                                                                       std::string_view identity) {
    std::string path = policy_cache_path(ks.root(), url, identity);
    if (!os::exists(path)) return std::optional<policy_cache_entry>();
    if (auto s = check_store_dirs(ks.root(), {"policy"}); !s) return s.err();
    auto text = os::read_file(path, std::size_t{8} << 20);
    if (!text) return text.err();
    auto bad = [&](const std::string& why) { return core::failed(path + ": " + why); };
    auto m = metadata::parse(as_chars(*text));
    if (!m) return bad(m.err().message);
    policy_cache_entry e;
    e.url = m->get_or("url");
    e.identity = m->get_or("identity");
    if (e.url != url || e.identity != identity) return bad("it is the cache of another policy server or identity");
    auto last = detail::cache_number(*m, "last_update", INT64_C(253402300799));
    auto checked = detail::cache_number(*m, "checked", INT64_C(253402300799));
    auto hours = detail::cache_number(*m, "next_update_hours", 0xffffffff);
    if (!last || !checked || !hours) return bad("last_update, checked or next_update_hours is missing or not a number");
    auto body = base64::decode(m->get_or("body"));
    if (!body || body->empty()) return bad("body is missing or not base64");
    e.last_update = *last, e.checked = *checked, e.next_update_hours = std::uint32_t(*hours);
    e.body.assign(body->begin(), body->end());
    return std::optional<policy_cache_entry>(std::move(e));
}

// save_policy_cache writes (or replaces) the entry under the store's lock.
inline os::status save_policy_cache(const key_store& ks, const policy_cache_entry& e) {
    auto lock = ks.lock();
    if (!lock) return lock.err();
    std::string dir = ks.root() + "/policy";
    if (auto s = os::ensure_dir(dir, key_store::dir_mode); !s) return s;
    if (auto s = check_store_dirs(ks.root(), {"policy"}); !s) return s;
    metadata m;
    m.set("url", e.url);
    m.set("identity", e.identity);
    m.set("last_update", std::to_string(e.last_update));
    m.set("checked", std::to_string(e.checked));
    m.set("next_update_hours", std::to_string(e.next_update_hours));
    m.set("body", base64::encode(as_bytes(e.body)));
    std::string text = m.serialize();
    return os::write_file_atomic(policy_cache_path(ks.root(), e.url, e.identity), as_bytes(text), os::output_mode(), true, false);
}

}  // namespace certreq::store
