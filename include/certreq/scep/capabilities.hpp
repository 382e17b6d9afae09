// scep/capabilities.hpp: the GetCACaps answer (RFC 8894 §3.5.2): one keyword
// per line, case-insensitive, unknown keywords ignored. It decides the
// content cipher, the digest and POST versus GET for PKIOperation.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "certreq/mbed/cipher.hpp"
#include "certreq/model/request.hpp"

namespace certreq::scep {

struct capabilities {
    bool aes = false, des3 = false;
    bool sha1 = false, sha256 = false, sha512 = false;
    bool post = false;          // POSTPKIOperation
    bool renewal = false;       // RenewalReq
    bool scep_standard = false; // implies AES, SHA-256, POSTPKIOperation (RFC 8894 §3.5.2)
    bool get_next_ca_cert = false;
    std::vector<std::string> keywords;  // as sent, for -v and the state file

    // content_cipher: AES-256 when the CA offers AES, else 3DES (RFC 8894 §3.5.2:
    // without AES a client may assume only DES3 and DES).
    mbed::content_cipher content_cipher() const noexcept {
        return aes || scep_standard ? mbed::content_cipher::aes256_cbc : mbed::content_cipher::des3_cbc;
    }
    // digest: SHA-256 when offered, then SHA-512, else SHA-1 (the RFC's fallback).
    model::hash_algorithm digest() const noexcept {
        if (sha256 || scep_standard) return model::hash_algorithm::sha256;
        if (sha512) return model::hash_algorithm::sha512;
        return model::hash_algorithm::sha1;
    }
    bool use_post() const noexcept { return post || scep_standard; }
};

namespace detail {
inline bool iequal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}
}  // namespace detail

// parse_capabilities reads GetCACaps text (LF, CRLF or whitespace separated).
// An empty answer is valid: the CA offers only the RFC 8894 defaults.
inline capabilities parse_capabilities(std::string_view text) {
    capabilities c;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n' || text[i] == ',')) ++i;
        std::size_t j = i;
        while (j < text.size() && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n' || text[j] == ',')) ++j;
        if (j == i) break;
        std::string_view w = text.substr(i, j - i);
        i = j;
        c.keywords.emplace_back(w);
        using detail::iequal;
        if (iequal(w, "AES")) c.aes = true;
        else if (iequal(w, "DES3")) c.des3 = true;
        else if (iequal(w, "SHA-1")) c.sha1 = true;
        else if (iequal(w, "SHA-256")) c.sha256 = true;
        else if (iequal(w, "SHA-512")) c.sha512 = true;
        else if (iequal(w, "POSTPKIOperation")) c.post = true;
        else if (iequal(w, "Renewal")) c.renewal = true;
        else if (iequal(w, "SCEPStandard")) c.scep_standard = true;
        else if (iequal(w, "GetNextCACert")) c.get_next_ca_cert = true;
    }
    return c;
}

}  // namespace certreq::scep
