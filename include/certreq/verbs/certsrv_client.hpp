// verbs/certsrv_client.hpp: certreq -submit / -retrieve against AD CS Web
// Enrollment (-config https://host/certsrv): the request posted to
// certfnsh.asp, the request id read from the answer page, the certificate
// and chain fetched from certnew.cer / certnew.p7b. Every page that is not
// one of those answers is an error quoting it (bounded).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/adcs/answer.hpp"
#include "certreq/adcs/certsrv.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/os/file.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/verbs/adcs_request.hpp"
#include "certreq/verbs/http.hpp"

namespace certreq::verbs::certsrv {

using adcs::answer;
using adcs::disposition;
using adcs::error;
template <typename T>
using result = adcs::result<T>;
using adcs::certsrv::is_certsrv_url;

// settings: the certsrv URL, HTTP authentication (Kerberos/SPNEGO, Basic
// with -UserName/-p) and -attrib.
struct settings {
    std::string url;
    http::auth credentials;
    std::vector<std::pair<std::string, std::string>> attributes;
};

namespace detail {

inline constexpr std::size_t quote_limit = 300;

inline std::string what_came(const http::http_reply& r) {
    return "HTTP " + std::to_string(r.status) + ", " +
           (r.content_type.empty() ? std::string("no content type") : "content type " + r.content_type) + ", " +
           std::to_string(r.body.size()) + " bytes";
}

// get runs one request; transport failures, refused credentials and HTTP
// errors become errors naming the URL.
inline result<http::http_reply> fetch(const http::transport& t, const settings& s, http::http_request rq) {
    rq.credentials = s.credentials;
    std::string url = rq.url;
    http::http_reply r = t(rq);
    if (r.failed) return core::error("Web Enrollment " + url + ": " + r.error, r.hresult ? r.hresult : core::hr::winhttp_connection_error);
    if (r.status == 401 || r.status == 403)
        return core::error("Web Enrollment " + url + ": the server refused the credentials (HTTP " + std::to_string(r.status) + ")",
                     core::http_status_hresult(r.status));
    if (r.status != 200)
        return core::error("Web Enrollment " + url + ": " + what_came(r) + ": \"" + http::excerpt(r.body, quote_limit) + "\"",
                     core::http_status_hresult(r.status));
    return r;
}

// der_of: a certnew.cer / certnew.p7b body (base64 with or without a PEM header, or DER) of the kind expected.
inline result<bytes> der_of(const http::http_reply& r, const std::string& url, bool certificate) {
    auto in = pem::detect_and_decode(r.body);
    auto kind = in ? asn1::identify(in.der) : asn1::content_kind::unknown;
    bool ok = certificate ? kind == asn1::content_kind::certificate
                          : (kind == asn1::content_kind::pkcs7 || kind == asn1::content_kind::cmc_response);
    if (!ok)
        return core::error("Web Enrollment " + url + ": expected " + (certificate ? "a certificate" : "a PKCS#7 chain") + ", got " +
                         what_came(r) + ": \"" + http::excerpt(r.body, quote_limit) + "\"",
                     core::hr::winhttp_invalid_server_response);
    return std::move(in.der);
}

// from_page turns a page that is not a certificate into an answer or an error.
// `known`: the request id when the caller has it (-retrieve).
inline result<answer> from_page(const http::http_reply& r, const std::string& url,
                                std::optional<std::uint32_t> known = std::nullopt) {
    if (http::media_type(r.content_type) != "text/html")
        return core::error("Web Enrollment " + url + ": unexpected answer: " + what_came(r) + ": \"" +
                         http::excerpt(r.body, quote_limit) + "\"",
                     core::hr::winhttp_invalid_server_response);
    auto p = adcs::certsrv::read_page(as_chars(r.body));
    answer a;
    a.request_id = p.request_id ? p.request_id : known;
    a.message = p.message;
    a.hresult = p.hresult;
    using k = adcs::certsrv::page::kind;
    switch (p.what) {
        case k::pending: a.what = disposition::pending; break;
        case k::denied:
            a.what = disposition::denied;
            if (!a.hresult) a.hresult = core::hr::fail;
            break;
        case k::error:
            return core::error("Web Enrollment " + url + ": the CA answered with an error page: \"" +
                             std::string(std::string_view(p.message).substr(0, quote_limit)) + "\"",
                         p.hresult ? p.hresult : core::hr::fail);
        case k::issued: a.what = disposition::issued; break;
        case k::unknown:
            return core::error("Web Enrollment " + url + ": an unexpected page (" + what_came(r) + "): \"" +
                             std::string(std::string_view(p.text).substr(0, quote_limit)) +
                             (p.text.size() > quote_limit ? "..." : "") + "\"",
                         core::hr::winhttp_invalid_server_response);
    }
    if (!a.request_id)
        return core::error("Web Enrollment " + url + ": the answer page names no request id: \"" +
                         std::string(std::string_view(p.text).substr(0, quote_limit)) + "\"",
                     core::hr::winhttp_invalid_server_response);
    return a;
}

// collect fetches the issued certificate and, when `chain`, the chain.
inline result<answer> collect(const http::transport& t, const settings& s, answer a, bool chain) {
    std::string url = adcs::certsrv::certificate_url(s.url, *a.request_id);
    auto r = fetch(t, s, {"GET", url, {}, {}});
    if (!r) return r.err();
    if (http::media_type(r->content_type) == "text/html") {
        auto p = from_page(*r, url, a.request_id);
        if (!p || p->what != disposition::issued) return p;
    }
    auto cert = der_of(*r, url, true);
    if (!cert) return cert.err();
    a.what = disposition::issued;
    a.message = "Issued";
    a.certificate = std::move(*cert);
    if (chain) {
        std::string curl = adcs::certsrv::chain_url(s.url, *a.request_id);
        auto c = fetch(t, s, {"GET", curl, {}, {}});
        if (!c) return c.err();
        auto der = der_of(*c, curl, false);
        if (!der) return der.err();
        a.full_response = std::move(*der);
    }
    return a;
}

}  // namespace detail

// submit posts a request file's content (PKCS#10, CMC or PKCS#7; DER, PEM or
// base64) and, when it was issued, fetches the certificate (and the chain
// when `chain`). `name` prefixes errors about the file's content.
inline result<answer> submit(const http::transport& t, const settings& s, byte_view request_file, bool chain,
                             std::string_view name = "request") {
    auto der = adcs_request_der(request_file, name);
    if (!der) return der.err();
    std::string form = adcs::certsrv::submit_form(*der, s.attributes);
    std::string url = adcs::certsrv::base(s.url) + "certfnsh.asp";
    auto r = detail::fetch(t, s, {"POST", url, "application/x-www-form-urlencoded", bytes(form.begin(), form.end())});
    if (!r) return r.err();
    auto a = detail::from_page(*r, url);
    if (!a || a->what != disposition::issued) return a;
    return detail::collect(t, s, std::move(*a), chain);
}

inline result<answer> submit_file(const http::transport& t, const settings& s, const std::string& path, bool chain) {
    auto file = os::read_file(path);
    if (!file) return file.err();
    return submit(t, s, *file, chain, path);
}

// retrieve fetches certnew.cer for a request id: the certificate once
// issued, else the page that says pending or denied.
inline result<answer> retrieve(const http::transport& t, const settings& s, std::uint32_t id, bool chain) {
    answer a;
    a.request_id = id;
    return detail::collect(t, s, std::move(a), chain);
}

}  // namespace certreq::verbs::certsrv
