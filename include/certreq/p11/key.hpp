// p11/key.hpp: key pairs on a token: generated there (C_GenerateKeyPair,
// sensitive always, extractable only when asked), found by CKA_LABEL and/or
// CKA_ID, and their public key read back as a SubjectPublicKeyInfo.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/request.hpp"
#include "certreq/p11/api.hpp"
#include "certreq/p11/session.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::p11 {

// key_template: what to generate.
struct key_template {
    model::key_params params;  // RSA bits, or the EC curve
    std::string label;         // CKA_LABEL (the KeyContainer name)
    bytes id;                  // CKA_ID
    bool extractable = false;  // Exportable / ExportableEncrypted
    bool sign = true;          // CKA_SIGN
    bool decrypt = false;      // CKA_DECRYPT (RSA key exchange)
};

// key_pair: the two objects on the token.
struct key_pair {
    CK_OBJECT_HANDLE private_key = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE public_key = CK_INVALID_HANDLE;
};

namespace detail {

inline constexpr std::uint8_t oid_p256[] = {0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
inline constexpr std::uint8_t oid_p384[] = {0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22};
inline constexpr std::uint8_t oid_p521[] = {0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23};

inline byte_view curve_params(model::curve c) noexcept {
    switch (c) {
        case model::curve::p256: return oid_p256;
        case model::curve::p384: return oid_p384;
        case model::curve::p521: return oid_p521;
        case model::curve::none: break;
    }
    return {};
}

inline CK_ATTRIBUTE attr(CK_ATTRIBUTE_TYPE t, const void* v, std::size_t n) {
    return CK_ATTRIBUTE{t, const_cast<void*>(v), n};
}

inline std::size_t field_bytes(byte_view ec_params) {
    if (same_bytes(ec_params, oid_p256)) return 32;
    if (same_bytes(ec_params, oid_p384)) return 48;
    if (same_bytes(ec_params, oid_p521)) return 66;
    return 0;
}

}  // namespace detail

// generate makes the key pair on the token (logged-in R/W session).
inline result<key_pair> generate(const session& s, const key_template& k) {
    static const CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    static const std::uint8_t e65537[] = {0x01, 0x00, 0x01};
    const CK_BBOOL& extractable = k.extractable ? yes : no;
    const CK_BBOOL& decrypt = k.decrypt ? yes : no;
    const CK_BBOOL& sign = k.sign ? yes : no;
    CK_ULONG bits = k.params.rsa_bits;
    bool rsa = k.params.algorithm == model::key_algorithm::rsa;
    std::vector<CK_ATTRIBUTE> pub = {
            detail::attr(CKA_TOKEN, &yes, sizeof yes), detail::attr(CKA_PRIVATE, &no, sizeof no),
            detail::attr(CKA_VERIFY, &sign, sizeof sign), detail::attr(CKA_LABEL, k.label.data(), k.label.size()),
            detail::attr(CKA_ID, k.id.data(), k.id.size())};
    std::vector<CK_ATTRIBUTE> priv = {
            detail::attr(CKA_TOKEN, &yes, sizeof yes), detail::attr(CKA_PRIVATE, &yes, sizeof yes),
            detail::attr(CKA_SENSITIVE, &yes, sizeof yes), detail::attr(CKA_EXTRACTABLE, &extractable, sizeof extractable),
            detail::attr(CKA_SIGN, &sign, sizeof sign), detail::attr(CKA_LABEL, k.label.data(), k.label.size()),
            detail::attr(CKA_ID, k.id.data(), k.id.size())};
    CK_MECHANISM mech{rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    // Only what the key is for: no decrypt/unwrap unless asked. CKA_DECRYPT
    // and the public halves only on RSA keys (tpm2-pkcs11 refuses
    // CKA_DECRYPT = FALSE on an EC key, which cannot decrypt anyway).
    priv.push_back(detail::attr(CKA_UNWRAP, &decrypt, sizeof decrypt));
    if (rsa) {
        priv.push_back(detail::attr(CKA_DECRYPT, &decrypt, sizeof decrypt));
        pub.push_back(detail::attr(CKA_ENCRYPT, &decrypt, sizeof decrypt));
        pub.push_back(detail::attr(CKA_WRAP, &decrypt, sizeof decrypt));
        pub.push_back(detail::attr(CKA_MODULUS_BITS, &bits, sizeof bits));
        pub.push_back(detail::attr(CKA_PUBLIC_EXPONENT, e65537, sizeof e65537));
    } else {
        byte_view params = detail::curve_params(k.params.ec_curve);
        if (params.empty()) return refused("no elliptic curve given for the token key");
        pub.push_back(detail::attr(CKA_EC_PARAMS, params.data(), params.size()));
    }
    key_pair out;
    CK_RV rv = s.api()->C_GenerateKeyPair(s.handle(), &mech, pub.data(), pub.size(), priv.data(), priv.size(), &out.public_key,
                                         &out.private_key);
    std::string what = rsa ? "RSA " + std::to_string(bits) : std::string(k.params.ec_curve == model::curve::p256   ? "ECDSA P-256"
                                                                          : k.params.ec_curve == model::curve::p384 ? "ECDSA P-384"
                                                                                                                    : "ECDSA P-521");
    if (rv != CKR_OK) return failed("token \"" + s.info().label + "\": generating an " + what + " key", rv);
    return out;
}

// find_keys returns the objects of `cls` with this label and/or id (either
// may be empty, not both).
inline result<std::vector<CK_OBJECT_HANDLE>> find_keys(const session& s, CK_OBJECT_CLASS cls, const std::string& label,
                                                       const bytes& id) {
    std::vector<CK_ATTRIBUTE> t = {detail::attr(CKA_CLASS, &cls, sizeof cls)};
    if (!label.empty()) t.push_back(detail::attr(CKA_LABEL, label.data(), label.size()));
    if (!id.empty()) t.push_back(detail::attr(CKA_ID, id.data(), id.size()));
    return s.find(std::move(t));
}

// public_key_info reads the key's public half (from its public key object,
// or the private key's own attributes) as SubjectPublicKeyInfo DER.
inline result<bytes> public_key_info(const session& s, key_pair k, model::key_algorithm& alg) {
    auto type = s.attribute(k.private_key, CKA_KEY_TYPE);
    if (!type) return type.err();
    CK_KEY_TYPE kt = CKK_RSA;
    if (type->size() != sizeof kt) return refused("token \"" + s.info().label + "\": the key has no CKA_KEY_TYPE");
    std::copy(type->begin(), type->end(), reinterpret_cast<std::uint8_t*>(&kt));
    auto read = [&](CK_ATTRIBUTE_TYPE a) -> result<bytes> {
        if (k.public_key != CK_INVALID_HANDLE) {
            auto v = s.attribute(k.public_key, a);
            if (!v || !v->empty()) return v;
        }
        return s.attribute(k.private_key, a);
    };
    if (kt == CKK_RSA) {
        alg = model::key_algorithm::rsa;
        auto n = read(CKA_MODULUS);
        auto e = read(CKA_PUBLIC_EXPONENT);
        if (!n) return n.err();
        if (!e) return e.err();
        if (n->empty() || e->empty()) return refused("token \"" + s.info().label + "\": the RSA key's modulus cannot be read");
        bytes rsa_key = der::to_bytes(der::sequence(der::integer(byte_view(*n)), der::integer(byte_view(*e))));
        return der::to_bytes(der::sequence(der::sequence(oids::rsa_encryption, der::null{}), der::bit_string(rsa_key)));
    }
    if (kt != CKK_EC) return refused("token \"" + s.info().label + "\": the key is neither RSA nor EC");
    alg = model::key_algorithm::ec;
    auto params = read(CKA_EC_PARAMS);
    auto point = read(CKA_EC_POINT);
    if (!params) return params.err();
    if (!point) return point.err();
    std::size_t field = detail::field_bytes(*params);
    if (field == 0) return refused("token \"" + s.info().label + "\": the key's curve is not P-256, P-384 or P-521");
    // CKA_EC_POINT is the DER OCTET STRING of the point (PKCS#11 2.40); some
    // tokens give the bare point.
    byte_view q = *point;
    std::size_t raw = 1 + 2 * field;
    if (q.size() != raw) {
        std::size_t hdr = raw < 128 ? 2 : 3;
        if (q.size() != raw + hdr || q[0] != 0x04) return refused("token \"" + s.info().label + "\": cannot read the EC point");
        q = q.subspan(hdr);
    }
    if (q[0] != 0x04) return refused("token \"" + s.info().label + "\": the EC point is not uncompressed");
    return der::to_bytes(der::sequence(der::sequence(oids::ec_public_key, der::raw(*params)), der::bit_string(q)));
}

}  // namespace certreq::p11
