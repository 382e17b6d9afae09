// store/token_reference.hpp: a key container whose key lives on a token
// (PKCS#11: a smart card, an HSM, a TPM). keys/<container>.key then holds,
// where a software container holds the PEM key, a reference and no key
// material:
//
//   # certreq token key
//   uri=pkcs11:token=Card;serial=1234;object=web;id=%A1%B2;type=private?module-path=/usr/lib/...
//   public_key_sha1=a9993e36...
//
// (then the pending requests, as for any container: store/container_file.hpp).
// The URI names the module, the token and the key object (RFC 7512; never a
// PIN); public_key_sha1 (of the SubjectPublicKeyInfo) lets -accept match a
// certificate without opening the token.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certreq/store/hex.hpp"

namespace certreq::store {

inline constexpr std::string_view token_marker = "# certreq token key\n";

struct token_reference {
    std::string uri;
    std::string public_key_sha1;  // hex

    std::string serialize() const { return std::string(token_marker) + "uri=" + uri + "\npublic_key_sha1=" + public_key_sha1 + "\n"; }

    // parse: the reference in a container's key text, or nullopt when the
    // text is not one (a PEM key).
    static std::optional<token_reference> parse(std::string_view key_text) {
        if (!key_text.starts_with(token_marker)) return std::nullopt;
        token_reference r;
        key_text.remove_prefix(token_marker.size());
        while (!key_text.empty()) {
            std::size_t end = key_text.find('\n');
            std::string_view line = key_text.substr(0, end);
            key_text = end == std::string_view::npos ? std::string_view{} : key_text.substr(end + 1);
            if (line.starts_with("uri=")) r.uri = line.substr(4);
            else if (line.starts_with("public_key_sha1=")) r.public_key_sha1 = normalize_hex(line.substr(16));
        }
        if (r.uri.empty() || r.public_key_sha1.size() != 40) return std::nullopt;
        return r;
    }
};

}  // namespace certreq::store
