// driver/http_transport.cpp: spawns certreq-http with posix_spawn, feeds the
// request body on its stdin, reads its framed answer from its stdout.
#include "http_transport.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace certreq::driver {

namespace {

using verbs::http::http_reply;
using verbs::http::http_request;

constexpr std::size_t max_reply = std::size_t{4} << 20;  // certreq-http's own limit, plus the header line

http_reply failure(std::string msg) {
    http_reply r;
    r.failed = true;
    r.error = std::move(msg);
    return r;
}

// write_all writes everything, retrying on EINTR; false on a broken pipe.
bool write_all(int fd, const std::uint8_t* p, std::size_t n) {
    while (n) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w, n -= std::size_t(w);
    }
    return true;
}

}  // namespace

std::string http_program() {
    if (const char* e = std::getenv("CERTREQ_HTTP"); e && *e) return e;
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        std::string self(buf, std::size_t(n));
        auto slash = self.rfind('/');
        std::string beside = self.substr(0, slash + 1) + "certreq-http";
        if (::access(beside.c_str(), X_OK) == 0) return beside;
    }
    return "certreq-http";
}

http_reply http_transport(const http_request& rq) {
    std::string prog = http_program();
    int in_pipe[2], out_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) return failure(std::string("pipe: ") + std::strerror(errno));
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
        ::close(in_pipe[0]), ::close(in_pipe[1]);
        return failure(std::string("pipe: ") + std::strerror(errno));
    }
    using scheme = verbs::http::auth::scheme;
    const auto& auth = rq.credentials;
    bool with_password = auth.kind == scheme::basic || auth.kind == scheme::ntlm || auth.kind == scheme::basic_or_ntlm;
    // The password goes through its own pipe on fd 3, never on the command line.
    int cred_pipe[2] = {-1, -1};
    if (with_password && ::pipe2(cred_pipe, O_CLOEXEC) != 0) {
        ::close(in_pipe[0]), ::close(in_pipe[1]), ::close(out_pipe[0]), ::close(out_pipe[1]);
        return failure(std::string("pipe: ") + std::strerror(errno));
    }
    // The client certificate and its key: a pipe on fd 4, never a file.
    bool with_cert = !auth.client_cert_pem.empty();
    // A key on a token: where it is and the PIN, as certreq-http reads them after the certificate.
    const auto& tk = auth.client_key_token;
    mbed::secret_string key_text = tk.module_path.empty() ? mbed::make_secret_string(auth.client_key_pem) : mbed::make_secret_string({});
    if (!tk.module_path.empty()) {
        key_text.reserve(200 + tk.module_path.size() + tk.uri.size() + tk.pin.size());  // one buffer: no unwiped copy
        key_text.append("-----BEGIN CERTREQ PKCS11 KEY-----\nmodule-path=").append(tk.module_path).append("\nuri=").append(tk.uri);
        key_text.append("\npin=").append(tk.pin).append("\n-----END CERTREQ PKCS11 KEY-----\n");
    }
    if (with_cert && auth.client_cert_pem.size() + key_text.size() > 60000) {
        ::close(in_pipe[0]), ::close(in_pipe[1]), ::close(out_pipe[0]), ::close(out_pipe[1]);
        if (with_password) ::close(cred_pipe[0]), ::close(cred_pipe[1]);
        return failure("the client certificate and key are too large");
    }
    int cert_pipe[2] = {-1, -1};
    if (with_cert && ::pipe2(cert_pipe, O_CLOEXEC) != 0) {
        ::close(in_pipe[0]), ::close(in_pipe[1]), ::close(out_pipe[0]), ::close(out_pipe[1]);
        if (with_password) ::close(cred_pipe[0]), ::close(cred_pipe[1]);
        return failure(std::string("pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    if (with_password) posix_spawn_file_actions_adddup2(&fa, cred_pipe[0], 3);
    if (with_cert) posix_spawn_file_actions_adddup2(&fa, cert_pipe[0], 4);
    std::vector<std::string> args = {prog};
    if (auth.kind == scheme::negotiate) args.insert(args.end(), {"--auth", "negotiate"});
    if (with_password) {
        const char* kinds = auth.kind == scheme::basic ? "basic" : auth.kind == scheme::ntlm ? "ntlm" : "basic,ntlm";
        args.insert(args.end(), {"--auth", kinds, "--credentials-fd", "3"});
    }
    if (with_cert) args.insert(args.end(), {"--client-cert-fd", "4"});
    args.insert(args.end(), {rq.method, rq.url});
    if (!rq.content_type.empty()) args.push_back(rq.content_type);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    bool path_search = prog.find('/') == std::string::npos;
    int rc = path_search ? posix_spawnp(&pid, prog.c_str(), &fa, nullptr, argv.data(), environ)
                         : posix_spawn(&pid, prog.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in_pipe[0]), ::close(out_pipe[1]);
    if (with_password) ::close(cred_pipe[0]);
    if (with_cert) ::close(cert_pipe[0]);
    if (rc != 0) {
        ::close(in_pipe[1]), ::close(out_pipe[0]);
        if (with_password) ::close(cred_pipe[1]);
        if (with_cert) ::close(cert_pipe[1]);
        return failure("cannot run the HTTP helper " + prog + ": " + std::strerror(rc) +
                       " (install certreq-http beside certreq or set CERTREQ_HTTP)");
    }
    // The helper reads the whole body before it writes anything, so writing
    // first cannot deadlock. A helper that died early gives EPIPE: ignore SIGPIPE.
    struct sigaction ign {}, old {};
    ign.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ign, &old);
    if (with_password) {  // small: fits the pipe buffer, so it cannot block
        std::string creds = auth.user + "\n" + auth.password;
        write_all(cred_pipe[1], reinterpret_cast<const std::uint8_t*>(creds.data()), creds.size());
        for (auto& ch : creds) ch = '\0';
        ::close(cred_pipe[1]);
    }
    if (with_cert) {  // under 60000 bytes: fits the pipe buffer, so it cannot block
        write_all(cert_pipe[1], reinterpret_cast<const std::uint8_t*>(auth.client_cert_pem.data()), auth.client_cert_pem.size());
        write_all(cert_pipe[1], reinterpret_cast<const std::uint8_t*>(key_text.data()), key_text.size());
        ::close(cert_pipe[1]);
    }
    if (rq.method == "POST") write_all(in_pipe[1], rq.body.data(), rq.body.size());
    ::close(in_pipe[1]);
    ::sigaction(SIGPIPE, &old, nullptr);

    std::string out;
    char buf[65536];
    bool too_big = false;
    for (;;) {
        ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (out.size() + std::size_t(n) > max_reply + 512) {
            too_big = true;
            break;
        }
        out.append(buf, std::size_t(n));
    }
    ::close(out_pipe[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (too_big) return failure("the HTTP helper sent more than the response limit");

    auto nl = out.find('\n');
    if (nl == std::string::npos) {
        if (WIFSIGNALED(status)) return failure(prog + " was killed by signal " + std::to_string(WTERMSIG(status)));
        return failure(prog + " gave no answer (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
    }
    std::string head = out.substr(0, nl);
    if (head.rfind("ERROR ", 0) == 0) {
        std::string rest = head.substr(6);
        auto sp = rest.find(' ');
        http_reply r = failure(sp == std::string::npos ? rest : rest.substr(sp + 1));
        r.hresult = verbs::http::transport_hresult(rest.substr(0, sp));
        return r;
    }
    if (head.rfind("OK ", 0) != 0) return failure(prog + ": unexpected answer \"" + head.substr(0, 80) + "\"");
    http_reply r;
    char ctype[512] = "";
    int code = 0;
    if (std::sscanf(head.c_str() + 3, "%d %511s", &code, ctype) < 1) return failure(prog + ": malformed status line");
    r.status = code;
    r.content_type = std::string(ctype) == "-" ? std::string() : std::string(ctype);
    r.body.assign(out.begin() + std::ptrdiff_t(nl + 1), out.end());
    return r;
}

}  // namespace certreq::driver
