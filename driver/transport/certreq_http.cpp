// certreq-http: the one HTTP(S) request certreq's SCEP and AD CS clients
// need, in its own small program because libcurl cannot be linked into the
// static certreq binary (Debian ships no static libcurl). certreq spawns it
// (driver/http_transport.cpp).
//
//   certreq-http [--timeout SECONDS] [--max-size BYTES] [--auth negotiate|basic|ntlm|basic,ntlm]
//                [--credentials-fd FD] [--client-cert-fd FD]
//                GET|POST URL [CONTENT-TYPE]
//
// --auth negotiate is SPNEGO with the caller's Kerberos ticket cache; basic and
// ntlm read "user\npassword" from --credentials-fd (a pipe: a password never
// appears on a command line) and are refused over plain http://; basic,ntlm
// lets libcurl take what the server offers (NTLM when it offers both: the
// password itself is not sent), after a first request without credentials.
// --client-cert-fd reads a PEM certificate followed by its PEM private key
// (TLS client authentication; the key never touches a file), or followed by
// a key on a PKCS#11 token:
//   -----BEGIN CERTREQ PKCS11 KEY-----\nmodule-path=M\nuri=pkcs11:...\npin=P\n-----END CERTREQ PKCS11 KEY-----\n
// which OpenSSL's pkcs11 engine (libengine-pkcs11-openssl; Debian 12 has no
// PKCS#11 provider) signs with on the token; the PIN comes by the pipe too.
// POST sends stdin as the body. The answer on stdout is one header line, then
// (for OK) the response body:
//   OK <status> <content-type or ->\n<body>          exit 0 (any HTTP status)
//   ERROR <kind> <message>\n                          exit 1
// kinds: usage, refused, timeout, redirect, too-large, tls, resolve, network, auth.
// Redirects are not followed (a 3xx is ERROR redirect); HTTPS peers and
// host names are verified (against the system CAs, or the PEM file named by
// $CERTREQ_CA_BUNDLE for a private SCEP server); the body is limited (default 4 MiB).
#include <curl/curl.h>
#if CERTREQ_HTTP_TOKEN_KEYS
#define OPENSSL_SUPPRESS_DEPRECATED  // the ENGINE API: the pkcs11 engine is one
#include <openssl/engine.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#endif

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

struct sink {
    std::string body;
    std::size_t limit = 0;
    bool too_large = false;
};

std::size_t on_data(char* p, std::size_t size, std::size_t n, void* user) {
    auto* s = static_cast<sink*>(user);
    std::size_t len = size * n;
    if (s->body.size() + len > s->limit) {
        s->too_large = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    s->body.append(p, len);
    return len;
}

int fail(const char* kind, const std::string& message) {
    std::string line = std::string("ERROR ") + kind + " ";
    for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
    line += "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    return 1;
}

// read_fd reads a small pipe to its end (at most 64 KiB) and closes it.
bool read_fd(int fd, std::string& out) {
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, std::size_t(n));
        if (out.size() > 65536) return ::close(fd), false;
    }
    ::close(fd);
    return true;
}

std::string read_stdin(std::size_t limit, bool& too_large) {
    std::string in;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
        if (in.size() + n > limit) {
            too_large = true;
            break;
        }
        in.append(buf, n);
    }
    return in;
}

constexpr std::string_view token_begin = "-----BEGIN CERTREQ PKCS11 KEY-----\n";
constexpr std::string_view token_end = "-----END CERTREQ PKCS11 KEY-----\n";

// token_key_fields: module-path, uri and pin of a CERTREQ PKCS11 KEY block; false when malformed.
bool token_key_fields(std::string_view block, std::string& module, std::string& uri, std::string& pin) {
    if (block.substr(0, token_begin.size()) != token_begin || block.size() < token_begin.size() + token_end.size() ||
        block.substr(block.size() - token_end.size()) != token_end)
        return false;
    block = block.substr(token_begin.size(), block.size() - token_begin.size() - token_end.size());
    for (auto [name, out] : {std::pair<std::string_view, std::string*>{"module-path=", &module}, {"uri=", &uri}, {"pin=", &pin}}) {
        auto nl = block.find('\n');
        if (nl == std::string_view::npos || block.substr(0, name.size()) != name) return false;
        out->assign(block.substr(name.size(), nl - name.size()));
        block.remove_prefix(nl + 1);
    }
    return block.empty() && !module.empty() && uri.rfind("pkcs11:", 0) == 0;
}

#if CERTREQ_HTTP_TOKEN_KEYS
// token_client: the certificate and the token key (through the pkcs11
// engine) that the TLS handshake uses; put in libcurl's SSL_CTX (on_ssl_ctx).
struct token_client {
    ENGINE* engine = nullptr;
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    ~token_client() {
        EVP_PKEY_free(key);
        X509_free(cert);
        if (engine) ENGINE_finish(engine), ENGINE_free(engine);
    }
};

std::string openssl_error() {
    unsigned long e = ERR_get_error();
    char buf[256] = "";
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return buf[0] ? buf : "no OpenSSL error";
}

// load_token_client opens `uri`'s key with the engine (MODULE_PATH `module`, the PIN); "" or why not.
std::string load_token_client(token_client& t, std::string_view cert_pem, const std::string& module, const std::string& uri,
                              const std::string& pin) {
    BIO* b = BIO_new_mem_buf(cert_pem.data(), int(cert_pem.size()));
    t.cert = b ? PEM_read_bio_X509(b, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(b);
    if (!t.cert) return "the client certificate: " + openssl_error();
    t.engine = ENGINE_by_id("pkcs11");
    if (!t.engine) return "OpenSSL's pkcs11 engine is not installed (Debian: libengine-pkcs11-openssl): " + openssl_error();
    if (!ENGINE_ctrl_cmd_string(t.engine, "MODULE_PATH", module.c_str(), 0) || !ENGINE_init(t.engine)) {
        ENGINE_free(t.engine), t.engine = nullptr;
        return "the pkcs11 engine cannot load " + module + ": " + openssl_error();
    }
    if (!pin.empty() && !ENGINE_ctrl_cmd_string(t.engine, "PIN", pin.c_str(), 0)) return "the pkcs11 engine took no PIN";
    t.key = ENGINE_load_private_key(t.engine, uri.c_str(), nullptr, nullptr);
    if (!t.key) return "the pkcs11 engine finds no key " + uri + ": " + openssl_error();
    return {};
}

CURLcode on_ssl_ctx(CURL*, void* ssl_ctx, void* user) {
    auto* t = static_cast<token_client*>(user);
    auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
    return SSL_CTX_use_certificate(ctx, t->cert) == 1 && SSL_CTX_use_PrivateKey(ctx, t->key) == 1 ? CURLE_OK : CURLE_SSL_CERTPROBLEM;
}
#endif

}  // namespace

int main(int argc, char** argv) {
    long timeout = 30;
    std::size_t max_size = std::size_t{4} << 20;
    std::vector<std::string> args;
    std::string auth;
    int credentials_fd = -1, client_cert_fd = -1;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--auth" && i + 1 < argc) {
            auth = argv[++i];
        } else if ((a == "--credentials-fd" || a == "--client-cert-fd") && i + 1 < argc) {
            int fd = std::atoi(argv[++i]);
            if (fd < 3) return fail("usage", a + " needs a descriptor number above 2");
            (a == "--credentials-fd" ? credentials_fd : client_cert_fd) = fd;
        } else if ((a == "--timeout" || a == "--max-size") && i + 1 < argc) {
            char* end = nullptr;
            unsigned long long v = std::strtoull(argv[++i], &end, 10);
            if (!end || *end != '\0' || v == 0) return fail("usage", a + " needs a positive number");
            if (a == "--timeout") timeout = static_cast<long>(v);
            else max_size = static_cast<std::size_t>(v);
        } else {
            args.push_back(a);
        }
    }
    if (args.size() < 2 || args.size() > 3 || (args[0] != "GET" && args[0] != "POST"))
        return fail("usage", "certreq-http [--timeout S] [--max-size N] GET|POST URL [CONTENT-TYPE]");
    const bool post = args[0] == "POST";
    const std::string& url = args[1];
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return fail("usage", "only http:// and https:// URLs: " + url);

    const bool password_auth = auth == "basic" || auth == "ntlm" || auth == "basic,ntlm";
    if (!auth.empty() && auth != "negotiate" && !password_auth)
        return fail("usage", "--auth takes negotiate, basic, ntlm or basic,ntlm");
    std::string user, password, client_pem;
    if (client_cert_fd >= 0 && !read_fd(client_cert_fd, client_pem)) return fail("usage", "client certificate: too long");
    auto key_at = client_pem.find("-----BEGIN ", client_pem.find("-----END "));
    std::string token_module, token_uri, token_pin;
    const bool token_key = key_at != std::string::npos && std::string_view(client_pem).substr(key_at).starts_with(token_begin);
    if (token_key && !token_key_fields(std::string_view(client_pem).substr(key_at), token_module, token_uri, token_pin))
        return fail("usage", "--client-cert-fd: a malformed CERTREQ PKCS11 KEY block");
    if (client_cert_fd >= 0 && !token_key &&
        (key_at == std::string::npos || client_pem.find("PRIVATE KEY-----", key_at) == std::string::npos))
        return fail("usage", "--client-cert-fd: expected a PEM certificate, then its PEM private key or a token key");
    if (password_auth) {
        if (url.rfind("https://", 0) != 0) return fail("usage", "a password is sent over https:// only, not to " + url);
        if (credentials_fd < 0) return fail("usage", "--auth " + auth + " needs --credentials-fd");
        std::string creds;
        if (!read_fd(credentials_fd, creds)) return fail("usage", "credentials too long");
        auto nl = creds.find('\n');
        if (nl == std::string::npos) return fail("usage", "credentials: expected user, newline, password");
        user = creds.substr(0, nl);
        password = creds.substr(nl + 1);
    }

    std::string body;
    if (post) {
        bool big = false;
        body = read_stdin(max_size, big);
        if (big) return fail("too-large", "the request body exceeds " + std::to_string(max_size) + " bytes");
    }

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return fail("network", "curl_global_init failed");
    CURL* c = curl_easy_init();
    if (!c) return fail("network", "curl_easy_init failed");
    sink out;
    out.limit = max_size;
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_slist* headers = nullptr;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (const char* bundle = std::getenv("CERTREQ_CA_BUNDLE"); bundle && *bundle) curl_easy_setopt(c, CURLOPT_CAINFO, bundle);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "certreq/1");
    if (auth == "negotiate") {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
        curl_easy_setopt(c, CURLOPT_USERPWD, ":");  // the ticket cache, not a password
    } else if (password_auth) {
        unsigned long kinds = auth == "basic" ? CURLAUTH_BASIC : auth == "ntlm" ? CURLAUTH_NTLM : CURLAUTH_BASIC | CURLAUTH_NTLM;
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, kinds);
        curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
    }
#if CERTREQ_HTTP_TOKEN_KEYS
    token_client token;
    if (token_key) {
        std::string why = load_token_client(token, std::string_view(client_pem).substr(0, key_at), token_module, token_uri, token_pin);
        for (auto& ch : token_pin) ch = '\0';
        if (!why.empty()) return fail("tls", why);
        curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
        curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, &token);
    }
#else
    if (token_key) return fail("tls", "this certreq-http was built without OpenSSL: no client keys on a token");
#endif
    if (!client_pem.empty() && !token_key) {
        curl_blob cert{client_pem.data(), key_at, CURL_BLOB_COPY};
        curl_blob key{client_pem.data() + key_at, client_pem.size() - key_at, CURL_BLOB_COPY};
        curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert);
        curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key);
        curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
    }
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_size));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    if (post) {
        std::string ct = "Content-Type: " + (args.size() == 3 ? args[2] : std::string("application/octet-stream"));
        headers = curl_slist_append(headers, ct.c_str());
        headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    const char* location = nullptr;
    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
    std::string redirect_to = location ? location : "";
    const char* ctype = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
    std::string content_type = ctype && *ctype ? ctype : "-";
    for (char& ch : content_type)
        if (ch == ' ' || ch == '\n' || ch == '\r') ch = '_';
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    for (auto& ch : password) ch = '\0';  // not left in memory longer than needed
    for (auto& ch : client_pem) ch = '\0';
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    curl_global_cleanup();

    if (rc != CURLE_OK) {
        switch (rc) {
            case CURLE_COULDNT_CONNECT: return fail("refused", "cannot connect to " + url + ": " + detail);
            case CURLE_OPERATION_TIMEDOUT: return fail("timeout", "no answer from " + url + " within " + std::to_string(timeout) + " s");
            case CURLE_COULDNT_RESOLVE_HOST: return fail("resolve", "cannot resolve the host of " + url + ": " + detail);
            case CURLE_FILESIZE_EXCEEDED:
                return fail("too-large", "the response exceeds " + std::to_string(max_size) + " bytes");
            case CURLE_WRITE_ERROR:
                if (out.too_large) return fail("too-large", "the response exceeds " + std::to_string(max_size) + " bytes");
                return fail("network", detail);
            case CURLE_PEER_FAILED_VERIFICATION:
            case CURLE_SSL_CONNECT_ERROR:
            case CURLE_SSL_CERTPROBLEM:
            case CURLE_SSL_CACERT_BADFILE:
            case CURLE_SSL_CLIENTCERT:
                return fail("tls", "TLS with " + url + ": " + detail);
            default: return fail("network", url + ": " + detail);
        }
    }
    if (status >= 300 && status < 400)
        return fail("redirect", "HTTP " + std::to_string(status) + " from " + url +
                                    (redirect_to.empty() ? std::string() : " to " + redirect_to.substr(0, 300)) +
                                    ": redirects are not followed");
    std::string head = "OK " + std::to_string(status) + " " + content_type + "\n";
    std::fwrite(head.data(), 1, head.size(), stdout);
    std::fwrite(out.body.data(), 1, out.body.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
