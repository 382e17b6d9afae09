// verbs/pem_output.hpp: how certreq writes DER to a text file: base64 in
// 64-character lines with CRLF, framed by a BEGIN/END label (spec §1.4).
#pragma once
#include <string>
#include <string_view>

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"

namespace certreq::verbs {

inline constexpr std::string_view label_new_request = "NEW CERTIFICATE REQUEST";
inline constexpr std::string_view label_certificate = "CERTIFICATE";
inline constexpr std::string_view label_pkcs7 = "PKCS7";
inline constexpr std::string_view label_crl = "X509 CRL";

// frame returns `-----BEGIN label-----`, the base64 body and `-----END label-----`, CRLF line ends.
inline std::string frame(std::string_view label, byte_view der) {
    std::string out;
    out.reserve(der.size() * 4 / 3 + der.size() / 32 + 2 * label.size() + 40);
    out.append("-----BEGIN ").append(label).append("-----\r\n");
    out.append(base64::encode(der, 64, "\r\n"));
    out.append("\r\n-----END ").append(label).append("-----\r\n");
    return out;
}

// file_text is an output file's content: DER with -binary, else framed base64.
inline std::string file_text(std::string_view label, byte_view der, bool binary) {
    return binary ? std::string(as_chars(der)) : frame(label, der);
}

}  // namespace certreq::verbs
