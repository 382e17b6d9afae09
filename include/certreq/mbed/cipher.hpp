// mbed/cipher.hpp: the CBC content ciphers of CMS EnvelopedData (RFC 5652
// §6.3, RFC 3370 §5.1, RFC 3565): DES-CBC, DES-EDE3-CBC, AES-128/192/256-CBC,
// with PKCS#7 padding, through mbedTLS's cipher API. SCEP servers still answer
// with single DES (micromdm scepserver 2.1.0 does), so DES is here to decrypt.
#pragma once
#include <mbedtls/cipher.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::mbed {

enum class content_cipher { des_cbc, des3_cbc, aes128_cbc, aes192_cbc, aes256_cbc };

// cipher_info: the OID of the AlgorithmIdentifier, key and IV sizes.
struct cipher_info {
    content_cipher id;
    std::string_view oid;
    std::string_view name;
    std::size_t key_size;
    std::size_t iv_size;
    mbedtls_cipher_type_t type;
};

inline constexpr cipher_info cipher_table[] = {
    {content_cipher::des_cbc, oids::des_cbc.dotted(), "DES-CBC", 8, 8, MBEDTLS_CIPHER_DES_CBC},
    {content_cipher::des3_cbc, oids::des_ede3_cbc.dotted(), "DES-EDE3-CBC", 24, 8, MBEDTLS_CIPHER_DES_EDE3_CBC},
    {content_cipher::aes128_cbc, oids::aes128_cbc.dotted(), "AES-128-CBC", 16, 16, MBEDTLS_CIPHER_AES_128_CBC},
    {content_cipher::aes192_cbc, oids::aes192_cbc.dotted(), "AES-192-CBC", 24, 16, MBEDTLS_CIPHER_AES_192_CBC},
    {content_cipher::aes256_cbc, oids::aes256_cbc.dotted(), "AES-256-CBC", 32, 16, MBEDTLS_CIPHER_AES_256_CBC},
};

inline const cipher_info& info(content_cipher c) noexcept {
    for (auto& i : cipher_table)
        if (i.id == c) return i;
    return cipher_table[0];
}

// cipher_by_oid finds the cipher of a contentEncryptionAlgorithm OID.
inline std::optional<content_cipher> cipher_by_oid(std::string_view oid) noexcept {
    for (auto& i : cipher_table)
        if (i.oid == oid) return i.id;
    return std::nullopt;
}

namespace detail {

using cipher_handle = handle<mbedtls_cipher_context_t, mbedtls_cipher_init, mbedtls_cipher_free>;

// cbc runs one whole CBC operation with PKCS#7 padding.
inline result<bytes> cbc(content_cipher c, mbedtls_operation_t op, byte_view key, byte_view iv, byte_view in) {
    const cipher_info& ci = info(c);
    if (key.size() != ci.key_size)
        return refused("cipher", std::string(ci.name) + " needs a " + std::to_string(ci.key_size) + "-byte key, got " +
                                         std::to_string(key.size()));
    if (iv.size() != ci.iv_size)
        return refused("cipher", std::string(ci.name) + " needs a " + std::to_string(ci.iv_size) + "-byte IV, got " +
                                         std::to_string(iv.size()));
    if (op == MBEDTLS_DECRYPT && (in.empty() || in.size() % ci.iv_size != 0))
        return refused("cipher", std::string(ci.name) + ": the ciphertext (" + std::to_string(in.size()) +
                                         " bytes) is not a whole number of blocks");
    const mbedtls_cipher_info_t* mi = mbedtls_cipher_info_from_type(ci.type);
    if (!mi) return refused("mbedtls_cipher_info_from_type", std::string(ci.name) + " is not compiled into mbedTLS");
    cipher_handle h;
    if (int rc = mbedtls_cipher_setup(h.get(), mi); rc != 0) return failed("mbedtls_cipher_setup", rc);
    if (int rc = mbedtls_cipher_setkey(h.get(), key.data(), static_cast<int>(key.size() * 8), op); rc != 0)
        return failed("mbedtls_cipher_setkey", rc);
    if (int rc = mbedtls_cipher_set_padding_mode(h.get(), MBEDTLS_PADDING_PKCS7); rc != 0)
        return failed("mbedtls_cipher_set_padding_mode", rc);
    bytes out(in.size() + ci.iv_size);
    std::size_t n = 0;
    if (int rc = mbedtls_cipher_crypt(h.get(), iv.data(), iv.size(), in.data(), in.size(), out.data(), &n); rc != 0)
        return failed(op == MBEDTLS_DECRYPT ? "decrypt " + std::string(ci.name) : "encrypt " + std::string(ci.name), rc);
    out.resize(n);
    return out;
}

}  // namespace detail

// cbc_encrypt pads `plain` (PKCS#7) and encrypts it.
inline result<bytes> cbc_encrypt(content_cipher c, byte_view key, byte_view iv, byte_view plain) {
    return detail::cbc(c, MBEDTLS_ENCRYPT, key, iv, plain);
}

// cbc_decrypt decrypts and removes the PKCS#7 padding; a wrong key shows as a padding error.
inline result<bytes> cbc_decrypt(content_cipher c, byte_view key, byte_view iv, byte_view cipher_text) {
    return detail::cbc(c, MBEDTLS_DECRYPT, key, iv, cipher_text);
}

}  // namespace certreq::mbed
