// verbs/http.hpp: the one HTTP exchange the network clients (SCEP, AD CS)
// ask of the driver's transport (driver/http_transport.cpp, which runs
// certreq-http, the libcurl program). The library never touches the network.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/mbed/secret.hpp"

namespace certreq::verbs::http {

// auth: how to authenticate. The password and the client key travel to
// certreq-http through pipes, never on a command line or in a file, and are
// never printed.
struct auth {
    // basic_or_ntlm: whichever of the two the server offers (libcurl
    // prefers NTLM, which does not send the password itself).
    enum class scheme { none, negotiate, basic, ntlm, basic_or_ntlm };
    scheme kind = scheme::none;
    std::string user;
    std::string password;
    std::string client_cert_pem;          // TLS client authentication: the certificate (PEM)
    mbed::secret_string client_key_pem;   // and its private key (PEM), passed by a pipe, never a file
    // client_key_token: or its key on a PKCS#11 token: the module, the key's
    // pkcs11: URI (no module-path, no PIN) and the PIN (by the pipe too).
    struct token_key {
        std::string module_path;
        std::string uri;
        mbed::secret_string pin = mbed::make_secret_string({});
    };
    token_key client_key_token;
};

// http_request: one request for the transport. `body` is sent for POST only.
struct http_request {
    std::string method;  // "GET" or "POST"
    std::string url;
    std::string content_type;
    bytes body;
    auth credentials = {};
};

// http_reply: the transport's answer. `failed` with `error` set when there is
// no HTTP answer at all (refused, timeout, redirect, too large, TLS...);
// otherwise the status, content type and body of whatever the server said.
struct http_reply {
    bool failed = false;
    std::string error;
    core::hresult hresult = core::hr::none;  // with `failed`: the WinHttp code (transport_hresult)
    int status = 0;
    std::string content_type;
    bytes body;
};

using transport = std::function<http_reply(const http_request&)>;

// transport_hresult: the WinHttp error certreq.exe reports for a transport
// failure of the kind certreq-http names (driver/transport/certreq_http.cpp).
inline core::hresult transport_hresult(std::string_view kind) noexcept {
    if (kind == "timeout") return core::hr::winhttp_timeout;
    if (kind == "refused") return core::hr::winhttp_cannot_connect;
    if (kind == "resolve") return core::hr::winhttp_name_not_resolved;
    if (kind == "tls") return core::hr::winhttp_secure_failure;
    if (kind == "redirect") return core::hr::winhttp_redirect_failed;
    if (kind == "too-large") return core::hr::winhttp_invalid_server_response;
    if (kind == "auth") return core::http_status_hresult(401);
    return core::hr::winhttp_connection_error;
}

// media_type: a Content-Type without parameters, lower case.
inline std::string media_type(std::string_view ct) {
    std::string t(ct.substr(0, ct.find(';')));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    for (auto& c : t)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return t;
}

// excerpt: at most `limit` bytes of an untrusted body, on one line, for messages.
inline std::string excerpt(byte_view body, std::size_t limit = 200) {
    std::string text(as_chars(body).substr(0, limit));
    for (auto& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (body.size() > limit) text += "...";
    return text;
}

}  // namespace certreq::verbs::http
