// tests/mbed/support.hpp: helpers for the mbed tests: test data paths, a
// scratch directory, file I/O and running openssl.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"

namespace mbed_test {

inline std::string data_path(std::string_view name) {
    const char* root = std::getenv("CERTREQ_SOURCE_ROOT");
    std::string base = root ? std::string(root) + "/tests" : std::string(".");
    return base + "/mbed/data/" + std::string(name);
}

inline certreq::bytes read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return certreq::bytes(std::istreambuf_iterator<char>(in), {});
}

inline certreq::bytes file_bytes(std::string_view name) { return read_bytes(data_path(name)); }

inline void write_bytes(const std::string& path, certreq::byte_view b) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline std::string hex(certreq::byte_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (auto c : b) s += digits[c >> 4], s += digits[c & 15];
    return s;
}

// scratch_dir is a temporary directory removed with its contents at scope end.
struct scratch_dir {
    std::string path;
    scratch_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "certreq-mbed-XXXXXX").string();
        path = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    }
    ~scratch_dir() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
    std::string operator/(std::string_view name) const { return path + "/" + std::string(name); }
};

inline bool have_openssl() { return std::system("openssl version >/dev/null 2>&1") == 0; }

// run executes a shell command quietly and returns true when it exits 0.
inline bool run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

// spki_pem wraps SubjectPublicKeyInfo DER as "-----BEGIN PUBLIC KEY-----".
inline std::string spki_pem(certreq::byte_view der) {
    return "-----BEGIN PUBLIC KEY-----\n" + certreq::base64::encode(der, 64, "\n") + "\n-----END PUBLIC KEY-----\n";
}

}  // namespace mbed_test
