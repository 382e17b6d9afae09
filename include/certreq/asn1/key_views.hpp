// asn1/key_views.hpp: typed reads of private-key containers for -dump (which
// names the format, algorithm and size, never the key): PKCS#8
// PrivateKeyInfo, PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey. The key octets are
// borrowed from the input and never copied here.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// private_key_info: a PKCS#8 PrivateKeyInfo (RFC 5208 §5), as read.
struct private_key_info {
    std::string algorithm;          // privateKeyAlgorithm.algorithm, dotted ("" when unreadable)
    std::optional<tlv> parameters;  // privateKeyAlgorithm.parameters
    std::optional<tlv> private_key; // the OCTET STRING (content: the algorithm's key DER)
};

core::result<private_key_info> read_private_key_info(bytes&&, std::size_t = 0) = delete;
inline core::result<private_key_info> read_private_key_info(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "PrivateKeyInfo", der, base);
    if (!d) return d.error;
    return private_key_info{d.value->oid("privateKeyAlgorithm.algorithm").value_or(""),
                            d.value->element("privateKeyAlgorithm.parameters"), d.value->element("privateKey")};
}

// read_rsa_private_key_modulus: a PKCS#1 RSAPrivateKey's modulus (INTEGER content octets).
core::result<byte_view> read_rsa_private_key_modulus(bytes&&, std::size_t = 0) = delete;
inline core::result<byte_view> read_rsa_private_key_modulus(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "RSAPrivateKey", der, base);
    if (!d) return d.error;
    return d.value->integer("modulus").value_or(byte_view{});
}

// read_ec_private_key_parameters: a SEC1 ECPrivateKey's [0] parameters (the
// curve's OID when named), nullopt when it has none.
core::result<std::optional<tlv>> read_ec_private_key_parameters(bytes&&, std::size_t = 0) = delete;
inline core::result<std::optional<tlv>> read_ec_private_key_parameters(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "ECPrivateKey", der, base);
    if (!d) return d.error;
    return d.value->inner("parameters");
}

}  // namespace certreq::asn1
