// verbs/cached_policy.hpp and store/policy_cache.hpp: the CEP policy cache
// against a counting transport in a scratch key store: the first answer
// kept, reused while nextUpdateHours run, then GetPolicies with lastUpdate
// and policiesNotChanged honoured, a full answer replacing it, a damaged
// file ignored with a note, an identity of its own per credentials.
#include <doctest/doctest.h>

#include <string>

#include "certreq/os/atomic_file.hpp"
#include "certreq/verbs/cached_policy.hpp"

#include "../os/support.hpp"
#include "xcep_sample.hpp"

using namespace certreq;
namespace cep = verbs::cep;

namespace {

constexpr std::int64_t t0 = 1767225600;  // 2026-01-01T00:00:00Z

std::string not_changed() {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body "
           "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><GetPoliciesResponse "
           "xmlns=\"http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy\"><response><policyID>p</policyID>"
           "<policyFriendlyName i:nil=\"true\"/><nextUpdateHours>4</nextUpdateHours><policiesNotChanged>true</policiesNotChanged>"
           "<policies i:nil=\"true\"/></response><cAs i:nil=\"true\"/><oIDs i:nil=\"true\"/></GetPoliciesResponse></s:Body></s:Envelope>";
}

// server: answers `body` and keeps every request it saw.
struct server {
    std::string body;
    std::vector<std::string> seen;
    verbs::http::transport transport() {
        return [this](const verbs::http::http_request& rq) {
            seen.emplace_back(as_chars(rq.body));
            verbs::http::http_reply r;
            r.status = 200;
            r.content_type = "application/soap+xml; charset=utf-8";
            r.body.assign(body.begin(), body.end());
            return r;
        };
    }
};

cep::settings settings_for(std::string user) {
    cep::settings s;
    s.url = "https://cep.example.test/ADPolicyProvider_CEP_UsernamePassword/service.svc/CEP";
    s.credentials.user = std::move(user);
    s.credentials.password = "secret";
    s.username_token = true;
    return s;
}

}  // namespace

TEST_CASE("the policy cache: kept, reused for nextUpdateHours, then lastUpdate and policiesNotChanged") {
    os_test::scratch_dir dir;
    store::key_store ks(dir / "store");
    server srv{xcep_test::sample(), {}};
    auto s = settings_for("alice");
    std::string id = cep::cache_identity(s, adcs::xcep::auth::username_password);
    CHECK(id == "UsernamePassword:alice");

    auto first = cep::policy_with_cache(srv.transport(), s, id, &ks, t0);
    REQUIRE(first);
    REQUIRE(srv.seen.size() == 1);
    CHECK(srv.seen[0].find("<lastUpdate xsi:nil=\"true\"/>") != std::string::npos);
    CHECK(first->policy.find("User"));
    CHECK(first->notes == std::vector<std::string>{"policy of " + s.url + " received and cached for 8 hours"});
    std::string path = store::policy_cache_path(ks.root(), s.url, id);
    mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK(os_test::mode_of(path) == (0666u & ~unsigned(mask)));  // a cache honours the umask
    auto text = os::read_file(path);
    REQUIRE(text);
    CHECK(std::string(as_chars(*text)).find("secret") == std::string::npos);

    // 8 hours (the sample's nextUpdateHours) less a second: no request.
    auto again = cep::policy_with_cache(srv.transport(), s, id, &ks, t0 + 8 * 3600 - 1);
    REQUIRE(again);
    CHECK(srv.seen.size() == 1);
    CHECK(again->policy.find("User"));

    // Then lastUpdate = the first answer's time; "not changed" keeps the cached policy.
    srv.body = not_changed();
    auto later = cep::policy_with_cache(srv.transport(), s, id, &ks, t0 + 8 * 3600);
    REQUIRE(later);
    REQUIRE(srv.seen.size() == 2);
    CHECK(srv.seen[1].find("<lastUpdate>2026-01-01T00:00:00Z</lastUpdate>") != std::string::npos);
    CHECK(later->policy.find("User"));
    // The "not changed" answer's nextUpdateHours (4) now counts from its time.
    CHECK(cep::policy_with_cache(srv.transport(), s, id, &ks, t0 + 12 * 3600 - 1));
    CHECK(srv.seen.size() == 2);
    CHECK(cep::policy_with_cache(srv.transport(), s, id, &ks, t0 + 12 * 3600));
    REQUIRE(srv.seen.size() == 3);
    CHECK(srv.seen[2].find("<lastUpdate>2026-01-01T00:00:00Z</lastUpdate>") != std::string::npos);

    // Another user: another cache, which "not changed" cannot answer.
    auto bob = settings_for("bob");
    auto other = cep::policy_with_cache(srv.transport(), bob, cep::cache_identity(bob, adcs::xcep::auth::username_password), &ks, t0);
    REQUIRE(!other);
    CHECK(other.err().message.find("policiesNotChanged") != std::string::npos);
}

TEST_CASE("the policy cache: a damaged file is ignored with a note, and written anew") {
    os_test::scratch_dir dir;
    store::key_store ks(dir / "store");
    server srv{xcep_test::sample(), {}};
    auto s = settings_for("alice");
    std::string id = cep::cache_identity(s, adcs::xcep::auth::username_password);
    REQUIRE(cep::policy_with_cache(srv.transport(), s, id, &ks, t0));
    std::string path = store::policy_cache_path(ks.root(), s.url, id);
    for (std::string damage : {std::string("no format\n"), std::string("url=x\nidentity=y\n"),
                               "url=" + s.url + "\nidentity=" + id + "\nlast_update=1\nchecked=" + std::to_string(t0) +
                                   "\nnext_update_hours=8\nbody=PG5vdA==\n"}) {
        REQUIRE(os::write_file_atomic(path, as_bytes(damage), 0600, true));
        auto r = cep::policy_with_cache(srv.transport(), s, id, &ks, t0 + 1);
        REQUIRE(r);
        REQUIRE(r->notes.size() == 2);
        CHECK(r->notes[0].rfind("policy cache ignored: " + path + ": ", 0) == 0);
        CHECK(srv.seen.back().find("<lastUpdate xsi:nil=\"true\"/>") != std::string::npos);
        auto n = srv.seen.size();
        auto cached = cep::policy_with_cache(srv.transport(), s, id, &ks, t0 + 2);
        REQUIRE(cached);
        CHECK(srv.seen.size() == n);  // rewritten: valid again
    }
    CHECK(!cep::policy_with_cache(srv.transport(), s, id, nullptr, t0 + 3)->policy.policies.empty());  // no store: no cache
}

TEST_CASE("xs:dateTime of the client's lastUpdate: GMT, whole seconds") {
    CHECK(cep::xs_date_time(0) == "1970-01-01T00:00:00Z");
    CHECK(cep::xs_date_time(t0 + 3661) == "2026-01-01T01:01:01Z");
}
