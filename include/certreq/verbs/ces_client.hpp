// verbs/ces_client.hpp: certreq -submit / -retrieve against an AD CS
// Certificate Enrollment Web Service (CES, [MS-WSTEP]):
// -config https://host/<CA>_CES_<Auth>/service.svc/CES. One SOAP exchange per
// call through the driver's transport; the answer is what the CA decided
// (issued, pending with its RequestID, denied) or an error saying what came back.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/adcs/wstep.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/os/file.hpp"
#include "certreq/verbs/adcs_request.hpp"
#include "certreq/verbs/http.hpp"

namespace certreq::verbs::ces {

using adcs::wstep::answer;
using adcs::wstep::disposition;
using adcs::wstep::error;
template <typename T>
using result = adcs::wstep::result<T>;

// is_ces_url: an https:// (or http://) URL whose path ends in /service.svc/CES
// (any case), the form AD CS gives its CES endpoints.
inline bool is_ces_url(std::string_view url) {
    auto lower = [](std::string_view s) {
        std::string r(s);
        for (auto& c : r)
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        return r;
    };
    std::string u = lower(url.substr(0, url.find_first_of("?#")));
    if (u.rfind("https://", 0) != 0 && u.rfind("http://", 0) != 0) return false;
    while (!u.empty() && u.back() == '/') u.pop_back();
    std::string_view tail = "/service.svc/ces";
    return u.size() > tail.size() && u.compare(u.size() - tail.size(), tail.size(), tail) == 0;
}

// parse_request_id: certreq's RequestId argument, decimal or 0x hex.
inline std::optional<std::uint32_t> parse_request_id(std::string_view s) {
    bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (hex) s.remove_prefix(2);
    if (s.empty() || s.size() > (hex ? 8u : 10u)) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        int d = (c >= '0' && c <= '9') ? c - '0' : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0) return std::nullopt;
        v = v * (hex ? 16 : 10) + std::uint64_t(d);
    }
    if (v > 0xffffffffu) return std::nullopt;
    return std::uint32_t(v);
}

// settings: how to reach and authenticate to the service.
struct settings {
    std::string url;
    http::auth credentials;          // transport-level: Kerberos (negotiate), client certificate
    bool username_token = false;     // -UserName/-p as WS-Security UsernameToken (over TLS)
    std::vector<std::pair<std::string, std::string>> attributes;  // -attrib Name:Value
};

// parse_attributes splits -attrib's "Name:Value\nName2:Value2" (also "\\n",
// as typed on a command line) into pairs; a pair without ':' is an error.
inline core::result<std::vector<std::pair<std::string, std::string>>, std::string> parse_attributes(std::string_view a) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string s;  // "\\n" as typed turned into a line feed (built, not replace()d: GCC 12 -O3 warns falsely)
    s.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == '\\' && i + 1 < a.size() && a[i + 1] == 'n') s += '\n', ++i;
        else s += a[i];
    }
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t nl = s.find('\n', start);
        std::string line = s.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? s.size() + 1 : nl + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty()) continue;
        auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0) return "-attrib: expected Name:Value, got \"" + line + "\"";
        out.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
    return out;
}

namespace detail {

// message_id: a random urn:uuid (RFC 4122 version 4) for wsa:MessageID.
inline result<std::string> message_id() {
    auto rng = mbed::system_rng();
    if (!rng) return core::error("random number generator: " + rng.err().message(), core::hr::fail);
    std::array<std::uint8_t, 16> b{};
    if (rng->fill(b) != 0) return core::error("random number generator failed", core::hr::fail);
    b[6] = std::uint8_t((b[6] & 0x0f) | 0x40);
    b[8] = std::uint8_t((b[8] & 0x3f) | 0x80);
    static constexpr char hex[] = "0123456789abcdef";
    std::string s = "urn:uuid:";
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 15];
    }
    return s;
}

// exchange posts one envelope and reads the answer: a WSTEP answer comes with
// 200, a SOAP fault with 500; anything else is an error quoting what came back.
inline result<answer> exchange(const http::transport& t, const settings& s, adcs::wstep::request rq) {
    auto id = message_id();
    if (!id) return id.err();
    rq.to = s.url;
    rq.message_id = *id;
    if (s.username_token) rq.username_token = std::make_pair(s.credentials.user, s.credentials.password);
    http::auth transport_auth = s.credentials;
    if (s.username_token) transport_auth = {};  // the credentials travel in the SOAP header only
    transport_auth.client_cert_pem = s.credentials.client_cert_pem;
    transport_auth.client_key_pem = s.credentials.client_key_pem;
    std::string envelope = adcs::wstep::build(rq);
    http::http_reply r = t({"POST", s.url, std::string(adcs::wstep::content_type), bytes(envelope.begin(), envelope.end()),
                            transport_auth});
    if (r.failed) return core::error("CES " + s.url + ": " + r.error, r.hresult ? r.hresult : core::hr::winhttp_connection_error);
    if (r.status == 401 || r.status == 403)
        return core::error("CES " + s.url + ": the server refused the credentials (HTTP " + std::to_string(r.status) + ")",
                     core::http_status_hresult(r.status));
    std::string mt = http::media_type(r.content_type);
    bool soap = mt == "application/soap+xml";
    if ((r.status != 200 && r.status != 500) || !soap)
        return core::error("CES " + s.url + ": unexpected answer: HTTP " + std::to_string(r.status) + ", " +
                         (r.content_type.empty() ? std::string("no content type") : "content type " + r.content_type) +
                         ", " + std::to_string(r.body.size()) + " bytes: \"" + http::excerpt(r.body) + "\"",
                     r.status == 200 ? core::hr::winhttp_invalid_server_response : core::http_status_hresult(r.status));
    auto a = adcs::wstep::read(as_chars(r.body));
    if (!a) return core::error("CES " + s.url + ": " + a.err().message, a.err().hresult);
    if (r.status == 500 && a->what != disposition::denied)
        return core::error("CES " + s.url + ": HTTP 500 with a non-fault answer", core::hr::winhttp_invalid_server_response);
    return a;
}

}  // namespace detail

// submit sends a request file's content (PKCS#10, CMC or PKCS#7 renewal; DER,
// PEM or base64, as -submit reads it) for issuance.
// `name` (the file's) prefixes errors about its content.
inline result<answer> submit(const http::transport& t, const settings& s, byte_view request_file, std::string_view name = "request") {
    auto der = adcs_request_der(request_file, name);
    if (!der) return der.err();
    adcs::wstep::request rq;
    rq.token = std::move(*der);
    rq.context = s.attributes;
    return detail::exchange(t, s, std::move(rq));
}

// submit_file is submit with the request read from `path`.
inline result<answer> submit_file(const http::transport& t, const settings& s, const std::string& path) {
    auto file = os::read_file(path);
    if (!file) return file.err();
    return submit(t, s, *file, path);
}

// retrieve asks for the status of a request the CA left pending.
inline result<answer> retrieve(const http::transport& t, const settings& s, std::uint32_t request_id) {
    adcs::wstep::request rq;
    rq.request_id = request_id;
    return detail::exchange(t, s, std::move(rq));
}

using adcs::disposition_lines;

}  // namespace certreq::verbs::ces
