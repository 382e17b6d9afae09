// bench/common.hpp: the request every benchmark builds (examples/webserver.inf
// with an existing key) and small helpers shared by the benchmark files.
#pragma once
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"

namespace bench {

// The typical request: 3-RDN subject, key usage, EKU, SAN with two DNS names
// and an IP address, default attributes.
inline constexpr std::string_view webserver_inf = R"(; A TLS server request, as a Windows admin would write it for certreq -new.
[Version]
Signature = "$Windows NT$"

[NewRequest]
Subject = "CN=www.example.com, O=Example Ltd, C=GB"
UseExistingKeySet = TRUE
KeyContainer = bench
HashAlgorithm = SHA256
KeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE"
FriendlyName = "www.example.com TLS"
RequestType = PKCS10

[EnhancedKeyUsageExtension]
OID = 1.3.6.1.5.5.7.3.1 ; Server Authentication

[Extensions]
2.5.29.17 = "{text}"
_continue_ = "DNS=www.example.com&"
_continue_ = "DNS=example.com&"
_continue_ = "IPAddress=192.0.2.10"
)";

inline constexpr const char* subject_dn = "CN=www.example.com,O=Example Ltd,C=GB";

// The same SAN and EKU extnValue contents, pre-encoded, for the mbedTLS side.
inline constexpr unsigned char san_der[] = {0x30, 0x24, 0x82, 0x0f, 'w', 'w', 'w', '.', 'e', 'x', 'a', 'm', 'p', 'l',
                                            'e', '.', 'c', 'o', 'm', 0x82, 0x0b, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
                                            '.', 'c', 'o', 'm', 0x87, 0x04, 192, 0, 2, 10};
inline constexpr unsigned char eku_der[] = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};

// source_root: CERTREQ_SOURCE_ROOT, or the source tree meson compiled in.
inline std::string source_root() {
    if (const char* e = std::getenv("CERTREQ_SOURCE_ROOT"); e && *e) return e;
    return CERTREQ_BENCH_SOURCE_ROOT;
}

inline std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

inline std::string key_pem(std::string_view name) {
    return slurp(source_root() + "/tests/mbed/data/" + std::string(name) + ".pkcs8.pem");
}

}  // namespace bench
