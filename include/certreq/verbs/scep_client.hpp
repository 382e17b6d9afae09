// verbs/scep_client.hpp: the HTTP side of a SCEP client (RFC 8894 §4):
// GetCACaps, GetCACert and PKIOperation by POST or GET. It never touches the
// network itself: every request goes through the `transport` callback the
// driver provides (driver/http_transport.cpp spawns certreq-http), so the
// library stays header-only and testable with canned replies.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/scep/capabilities.hpp"
#include "certreq/scep/degenerate.hpp"

namespace certreq::verbs::scep_client {

// http_request: one request for the transport. `body` is sent for POST only.
struct http_request {
    std::string method;  // "GET" or "POST"
    std::string url;
    std::string content_type;
    bytes body;
};

// http_reply: the transport's answer. `failed` with `error` set when there is
// no HTTP answer at all (refused, timeout, redirect, too large, TLS...);
// otherwise the status, content type and body of whatever the server said.
struct http_reply {
    bool failed = false;
    std::string error;
    int status = 0;
    std::string content_type;
    bytes body;
};

using transport = std::function<http_reply(const http_request&)>;

// error: one line for the user.
struct error {
    std::string message;
};
template <typename T>
using result = core::result<T, error>;

// percent_encode: RFC 3986 unreserved characters stay, the rest is %XX
// (scepserver needs '+', '/' and '=' of standard base64 escaped).
inline std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// operation_url: the CA URL (its path kept, any query dropped) with
// ?operation=OP[&message=...] (RFC 8894 §4.1).
inline std::string operation_url(std::string_view ca_url, std::string_view op, std::string_view message = {}) {
    std::string base(ca_url.substr(0, ca_url.find('?')));
    std::string url = base + "?operation=" + std::string(op);
    if (!message.empty()) url += "&message=" + percent_encode(message);
    return url;
}

namespace detail {

inline std::string media_type(std::string_view ct) {
    std::string t(ct.substr(0, ct.find(';')));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    for (auto& c : t)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return t;
}

// checked_reply runs the request and turns transport failures and non-200
// answers into errors naming the operation.
inline result<http_reply> checked_reply(const transport& t, const http_request& rq, std::string_view op) {
    http_reply r = t(rq);
    if (r.failed) return error{std::string(op) + ": " + r.error};
    if (r.status != 200) {
        std::string text(as_chars(r.body).substr(0, 200));
        for (auto& c : text)
            if (c == '\n' || c == '\r' || static_cast<unsigned char>(c) < 0x20) c = ' ';
        while (!text.empty() && text.back() == ' ') text.pop_back();
        return error{std::string(op) + ": the server answered HTTP " + std::to_string(r.status) +
                     (text.empty() ? std::string() : " (" + text + ")")};
    }
    return r;
}

}  // namespace detail

// get_ca_caps runs GetCACaps. A 404/500 for it is not fatal in RFC 8894, but
// both servers we target answer it, so an HTTP error is reported.
inline result<scep::capabilities> get_ca_caps(const transport& t, std::string_view ca_url) {
    auto r = detail::checked_reply(t, {"GET", operation_url(ca_url, "GetCACaps"), {}, {}}, "GetCACaps");
    if (!r) return r.err();
    return scep::parse_capabilities(as_chars(r->body));
}

// parse_ca_certs reads a GetCACert body: one DER certificate
// (application/x-x509-ca-cert) or a certs-only PKCS#7 with the CA and RA
// certificates (application/x-x509-ca-ra-cert). Either form is recognised by
// content, whatever the content type says.
inline result<std::vector<bytes>> parse_ca_certs(byte_view body) {
    if (auto c = asn1::decode(asn1::module::pkix, "Certificate", body)) return std::vector<bytes>{bytes(body.begin(), body.end())};
    auto certs = scep::certificates_of(body);
    if (!certs)
        return error{"GetCACert: the answer is neither a DER certificate nor a certs-only PKCS#7 (at offset " +
                     std::to_string(certs.err().offset) + ": " + certs.err().message + ")"};
    if (certs->empty()) return error{"GetCACert: the PKCS#7 holds no certificate"};
    return std::move(*certs);
}

// get_ca_cert runs GetCACert.
inline result<std::vector<bytes>> get_ca_cert(const transport& t, std::string_view ca_url) {
    auto r = detail::checked_reply(t, {"GET", operation_url(ca_url, "GetCACert"), {}, {}}, "GetCACert");
    if (!r) return r.err();
    return parse_ca_certs(r->body);
}

// pki_operation sends a PKIMessage and returns the CertRep DER: by POST when
// the CA says POSTPKIOperation or SCEPStandard, else by GET with the message
// in standard base64, percent-encoded (RFC 8894 §4.3).
inline result<bytes> pki_operation(const transport& t, std::string_view ca_url, const scep::capabilities& caps,
                                   byte_view message) {
    http_request rq;
    if (caps.use_post()) {
        rq = {"POST", operation_url(ca_url, "PKIOperation"), "application/x-pki-message", bytes(message.begin(), message.end())};
    } else {
        rq = {"GET", operation_url(ca_url, "PKIOperation", base64::encode(message)), {}, {}};
    }
    auto r = detail::checked_reply(t, rq, "PKIOperation");
    if (!r) return r.err();
    std::string mt = detail::media_type(r->content_type);
    if (mt != "application/x-pki-message")
        return error{"PKIOperation: expected application/x-pki-message, the server sent " +
                     (r->content_type.empty() ? std::string("no content type") : r->content_type)};
    return std::move(r->body);
}

}  // namespace certreq::verbs::scep_client
