// tests/cms/support.hpp: fixtures (tests/cms/data: an RSA CA, an EC P-256
// signer with an SKI, an RSA enrollment agent; made once with openssl) and
// helpers to run openssl on what we build.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"

namespace cms_test {

using certreq::byte_view;
using certreq::bytes;

inline std::string data_path(std::string_view name) {
    const char* root = std::getenv("CERTREQ_SOURCE_ROOT");
    std::string base = root ? std::string(root) + "/tests" : std::string(".");
    return base + "/cms/data/" + std::string(name);
}

inline bytes read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}
inline bytes data(std::string_view name) { return read_file(data_path(name)); }

inline void write_file(const std::filesystem::path& p, byte_view b) {
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

inline certreq::mbed::private_key key_file(std::string_view name) {
    auto k = certreq::mbed::private_key::load(data(name));
    if (!k) {
        std::fprintf(stderr, "%s: %s\n", std::string(name).c_str(), k.err().message().c_str());
        std::abort();
    }
    return std::move(*k);
}

struct run_result {
    int status = -1;
    std::string output;  // stdout and stderr
};

// run executes a shell command and collects its output.
inline run_result run(const std::string& cmd) {
    run_result r;
    FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    r.status = ::pclose(p);
    return r;
}

// scratch is a fresh directory for one test's files.
inline std::filesystem::path scratch(const std::string& name) {
    auto d = std::filesystem::temp_directory_path() / ("certreq-cms-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

inline std::string hex(byte_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (auto c : b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

inline bytes unhex(std::string_view h) {
    bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

}  // namespace cms_test
