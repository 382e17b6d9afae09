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

// unicode_text is -UnicodeText's form of a base64 output file: UTF-16LE with
// the FF FE byte-order mark (what Windows Notepad calls "Unicode"; certreq's
// own readers and ours detect it). The text is ASCII, so each byte becomes
// the byte and a zero. DER (-binary) is never converted.
inline std::string unicode_text(std::string_view ascii) {
    std::string out;
    out.reserve(2 + 2 * ascii.size());
    out += '\xFF';
    out += '\xFE';
    for (char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

// output_file_text: file_text, then UTF-16LE (unicode_text) when `unicode` and not `binary`.
inline std::string output_file_text(std::string_view label, byte_view der, bool binary, bool unicode) {
    std::string t = file_text(label, der, binary);
    return unicode && !binary ? unicode_text(t) : t;
}

}  // namespace certreq::verbs
