// tests/asn1/test_util.hpp: hex literals, DER elements, files from tests/data, a sample CSR.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"

namespace certreq::test {

// from_hex reads hex digits, ignoring spaces and `|` separators.
inline bytes from_hex(std::string_view s) {
    bytes out;
    int hi = -1;
    for (char c : s) {
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (v < 0) continue;
        if (hi < 0) hi = v;
        else out.push_back(std::uint8_t(hi * 16 + v)), hi = -1;
    }
    return out;
}

// tlv builds one DER element (definite length, minimal form). Bytes are
// pushed one by one: an initializer_list insert trips GCC 12's false
// -Warray-bounds at -O3.
inline bytes tlv(std::uint8_t tag, const bytes& content) {
    bytes out;
    out.reserve(content.size() + 6);
    out.push_back(tag);
    const std::size_t n = content.size();
    if (n >= 0x80) {
        std::size_t octets = 0;
        for (std::size_t v = n; v; v >>= 8) ++octets;
        out.push_back(std::uint8_t(0x80 | octets));
        for (std::size_t i = octets; i-- > 0;) out.push_back(std::uint8_t(n >> (8 * i)));
    } else {
        out.push_back(std::uint8_t(n));
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

inline bytes read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return bytes{std::istreambuf_iterator<char>(f), {}};
}

inline std::string shared_dir() {
    const char* s = std::getenv("CERTREQ_TEST_DATA");
    return s && *s ? s : "data";
}

// sample_csr: `openssl req -new -newkey ec -subj /CN=t` (P-256, ecdsa-with-SHA256), 201 bytes.
inline bytes sample_csr() {
    return from_hex(
        "3081c6"                                   // CertificationRequest
        "306e020100"                               // info, version 0
        "300c310a300806035504030c0174"             // subject CN=t
        "3059301306072a8648ce3d020106082a8648ce3d030107"  // SPKI algorithm
        "034200044fe60066a9fbdf8363567f4b75d01d415d7d6975aa704231bfe91827833f02adb55132b72e8485eb30aa4c"
        "769f480035c209e6bc212010f4da6531c8555f6cf9"
        "a000"                                     // attributes (none)
        "300a06082a8648ce3d040302"                 // ecdsa-with-SHA256
        "03480030450221008d1aea82a3d910b792ca66ba1499070bd253eee0169bf1c3da0ff142279749d40220317d0395db"
        "008ca404d86c37c930da73c90659a41b59db1f69c9a1535785e254");
}

}  // namespace certreq::test
