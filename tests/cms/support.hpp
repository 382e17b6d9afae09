// tests/cms/support.hpp: fixtures (tests/cms/data: an RSA CA, an EC P-256
// signer with an SKI, an RSA enrollment agent; made once with openssl) and
// helpers to run openssl on what we build (tests/x509/tool.hpp).
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
#include "../x509/tool.hpp"

namespace cms_test {

using certreq::byte_view;
using certreq::bytes;
using certreq::test::read_file;
using certreq::test::run;
using certreq::test::run_result;
using certreq::test::scratch_dir;
using certreq::test::write_file;

inline std::string data_path(std::string_view name) {
    const char* root = std::getenv("CERTREQ_SOURCE_ROOT");
    std::string base = root ? std::string(root) + "/tests" : std::string(".");
    return base + "/cms/data/" + std::string(name);
}

inline bytes data(std::string_view name) { return read_file(data_path(name)); }

inline certreq::mbed::private_key key_file(std::string_view name) {
    auto k = certreq::mbed::private_key::load(data(name));
    if (!k) {
        std::fprintf(stderr, "%s: %s\n", std::string(name).c_str(), k.err().message().c_str());
        std::abort();
    }
    return std::move(*k);
}

// scratch is a fresh directory for one test's files.
inline std::filesystem::path scratch(const std::string& name) { return scratch_dir("cms-" + name); }

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
