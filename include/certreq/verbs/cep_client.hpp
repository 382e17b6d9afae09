// verbs/cep_client.hpp: the client of an AD CS Certificate Enrollment Policy
// web service (CEP, [MS-XCEP]):
// -PolicyServer https://host/ADPolicyProvider_CEP_<Auth>/service.svc/CEP.
// One GetPolicies exchange through the driver's transport, authenticated as
// CES is (Kerberos, a UsernameToken, a client certificate, or none); the
// answer is the policy (templates, CAs, OIDs) or an error saying what came back.
#pragma once
#include <string>
#include <string_view>
#include <utility>

#include "certreq/adcs/xcep_request.hpp"
#include "certreq/adcs/xcep_response.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/verbs/ces_client.hpp"
#include "certreq/verbs/http.hpp"

namespace certreq::verbs::cep {

using adcs::error;
using adcs::xcep::policy_response;
template <typename T>
using result = adcs::result<T>;

// is_cep_url: an https:// (or http://) URL whose path ends in /service.svc/CEP
// (any case, a trailing '/' allowed), the form AD CS gives its CEP endpoints.
inline bool is_cep_url(std::string_view url) {
    std::string u(url.substr(0, url.find_first_of("?#")));
    for (auto& c : u)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (u.rfind("https://", 0) != 0 && u.rfind("http://", 0) != 0) return false;
    while (!u.empty() && u.back() == '/') u.pop_back();
    std::string_view tail = "/service.svc/cep";
    return u.size() > tail.size() && u.compare(u.size() - tail.size(), tail.size(), tail) == 0;
}

// settings: how to reach and authenticate to the policy service (as ces::settings).
struct settings {
    std::string url;
    http::auth credentials;       // transport-level: Kerberos (negotiate), client certificate
    bool username_token = false;  // -UserName/-p as WS-Security UsernameToken (over TLS)
    std::string preferred_language = "en-US";
};

// fetched: the policy and the SOAP body it was read from (what the policy cache keeps).
struct fetched {
    policy_response policy;
    std::string body;
};

// fetch_policies asks for every policy the caller may use (no filter);
// `last_update` (xs:dateTime, GMT; empty: nil) is when the caller last
// received them, so that the server may answer policiesNotChanged.
inline result<fetched> fetch_policies(const http::transport& t, const settings& s, const std::string& last_update,
                                      const adcs::xcep::limits& lim = {}) {
    auto id = ces::detail::message_id();
    if (!id) return id.err();
    adcs::xcep::request rq;
    rq.to = s.url;
    rq.message_id = *id;
    rq.preferred_language = s.preferred_language;
    rq.last_update = last_update;
    if (s.username_token) rq.username_token = std::make_pair(s.credentials.user, s.credentials.password);
    http::auth transport_auth = s.credentials;
    if (s.username_token) {  // the credentials travel in the SOAP header only
        transport_auth = {};
        transport_auth.client_cert_pem = s.credentials.client_cert_pem;
        transport_auth.client_key_pem = s.credentials.client_key_pem;
    }
    std::string envelope = adcs::xcep::build(rq);
    http::http_reply r = t({"POST", s.url, std::string(adcs::soap::content_type), bytes(envelope.begin(), envelope.end()),
                            transport_auth});
    std::string who = "CEP " + s.url + ": ";
    if (r.failed) return core::error(who + r.error, r.hresult ? r.hresult : core::hr::winhttp_connection_error);
    if (r.status == 401 || r.status == 403)
        return core::error(who + "the server refused the credentials (HTTP " + std::to_string(r.status) + ")",
                     core::http_status_hresult(r.status));
    bool soap = http::media_type(r.content_type) == "application/soap+xml";
    if ((r.status != 200 && r.status != 500) || !soap)
        return core::error(who + "unexpected answer: HTTP " + std::to_string(r.status) + ", " +
                         (r.content_type.empty() ? std::string("no content type") : "content type " + r.content_type) + ", " +
                         std::to_string(r.body.size()) + " bytes: \"" + http::excerpt(r.body) + "\"",
                     r.status == 200 ? core::hr::winhttp_invalid_server_response : core::http_status_hresult(r.status));
    auto p = adcs::xcep::read(as_chars(r.body), lim);
    if (!p) return core::error(who + p.err().message, p.err().hresult);
    if (r.status == 500) return core::error(who + "HTTP 500 with a non-fault answer", core::hr::winhttp_invalid_server_response);
    return fetched{std::move(*p), std::string(as_chars(r.body))};
}

// get_policies asks for every policy, with no cached lastUpdate.
inline result<policy_response> get_policies(const http::transport& t, const settings& s, const adcs::xcep::limits& lim = {}) {
    auto f = fetch_policies(t, s, {}, lim);
    if (!f) return f.err();
    return std::move(f->policy);
}

}  // namespace certreq::verbs::cep
