// scep_fake_server: the test CA of fake_ca.hpp behind a minimal HTTP/1.1
// server on 127.0.0.1 (one connection at a time, Connection: close), for the
// driver-level PENDING -> -retrieve test: micromdm scepserver has no pending
// mode. Prints the port on stdout, appends one line per PKIOperation
// (the messageType) to the log file, serves until killed.
//
//   scep_fake_server LOGFILE [--pend-first]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "fake_ca.hpp"

namespace {

bool read_request(int fd, certreq::verbs::scep_client::http_request& rq) {
    std::string in;
    char buf[65536];
    std::size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return false;
        in.append(buf, std::size_t(n));
        header_end = in.find("\r\n\r\n");
        if (in.size() > (8u << 20)) return false;
    }
    std::string head = in.substr(0, header_end);
    std::size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
    rq.method = head.substr(0, sp1);
    rq.url = "http://fake" + head.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t length = 0;
    for (std::size_t at = head.find("\r\n"); at != std::string::npos; at = head.find("\r\n", at + 2)) {
        std::string line = head.substr(at + 2, head.find("\r\n", at + 2) - at - 2);
        std::string low = line;
        for (auto& c : low) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (low.rfind("content-length:", 0) == 0) length = std::stoul(line.substr(15));
        if (low.rfind("content-type:", 0) == 0) rq.content_type = line.substr(line.find_first_not_of(' ', 13));
    }
    std::string body = in.substr(header_end + 4);
    while (body.size() < length) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return false;
        body.append(buf, std::size_t(n));
    }
    rq.body.assign(body.begin(), body.end());
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    std::string log = argv[1];
    scep_test::fake_ca ca;
    ca.pend_first = argc > 2 && std::string(argv[2]) == "--pend-first";
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 8) != 0) return 1;
    socklen_t len = sizeof addr;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    std::printf("%d\n", ntohs(addr.sin_port));
    std::fflush(stdout);
    for (;;) {
        int c = ::accept(s, nullptr, nullptr);
        if (c < 0) continue;
        certreq::verbs::scep_client::http_request rq;
        if (read_request(c, rq)) {
            std::size_t before = ca.message_types.size();
            auto r = ca(rq);
            if (ca.message_types.size() > before)
                if (std::FILE* f = std::fopen(log.c_str(), "a")) {
                    std::fprintf(f, "%s %s\n", rq.method.c_str(), ca.message_types.back().c_str());
                    std::fclose(f);
                }
            std::string head = "HTTP/1.1 " + std::to_string(r.status) + " X\r\nContent-Type: " + r.content_type +
                               "\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n";
            (void)!::write(c, head.data(), head.size());
            (void)!::write(c, r.body.data(), r.body.size());
        }
        ::close(c);
    }
}
