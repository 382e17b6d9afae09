// mbed/key.hpp: private_key, an RSA or EC (P-256/P-384/P-521) key pair held
// in an mbedtls_pk_context: generate, load (PEM or DER: PKCS#8, PKCS#1,
// SEC1, as OpenSSL writes them), write PKCS#8, and export the public key.
// DSA, DH, EdDSA and encrypted key files are refused with a clear error.
// Key material outside the context only ever sits in secret_bytes /
// secret_string (mbed/secret.hpp), and its base64 is mbedTLS's constant-time
// coder, so neither a freed buffer nor the coder's timing gives a key away.
#pragma once
#include <mbedtls/base64.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/mbed/compat.hpp"
#include "certreq/mbed/decrypter.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/p256_base_table.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/model/request.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::mbed {

// RSA sizes accepted for new keys. Windows' software KSP takes 512..16384 in
// steps of 8; 1024..8192 is what anyone still uses (the lowering warns < 2048).
inline constexpr std::uint32_t rsa_min_bits = 1024;
inline constexpr std::uint32_t rsa_max_bits = 8192;
inline constexpr int rsa_public_exponent = 65537;

// keygen_phase is reported to a progress callback. mbedTLS has no hook
// inside prime generation, so only the start and the end are reported.
enum class keygen_phase { started, finished };
using keygen_progress = std::function<void(keygen_phase)>;

namespace detail {

using pk_handle = handle<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;

// pem_line = 64: base64 characters per line of a PEM key, as OpenSSL writes them.
inline constexpr std::size_t pem_line = 64;

// base64_decode_key decodes the base64 body of a PEM key block with mbedTLS's
// constant-time decoder into wiped memory; blanks and line ends are dropped
// first (into wiped memory too), and missing '=' padding is added, since
// mbedTLS would silently drop a last group without it. Sets `why` and
// returns false on bad base64.
inline bool base64_decode_key(std::string_view body, secret_bytes& der, std::string& why) {
    secret_string text = make_secret_string({});
    text.reserve(body.size() + 3);
    for (char c : body)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') text.push_back(c);
    std::size_t pad = text.size() - std::min(text.size(), text.find_last_not_of('=') + 1);
    std::size_t data = text.size() - pad;
    if (data % 4 == 1) return why = "truncated base64 (one dangling character)", false;
    if (pad == 0 && data % 4 != 0) text.append(4 - data % 4, '=');
    else if ((data + pad) % 4 != 0) return why = "not a base64 character, or '=' out of place", false;
    auto src = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = 0;
    int rc = mbedtls_base64_decode(nullptr, 0, &n, src, text.size());  // validates, and sizes the output
    if (rc == MBEDTLS_ERR_BASE64_INVALID_CHARACTER) return why = "not a base64 character, or '=' out of place", false;
    der.resize(n);
    if (n != 0 && mbedtls_base64_decode(der.data(), der.size(), &n, src, text.size()) != 0) return why = "cannot decode", false;
    der.resize(n);
    return true;
}

// pem_of wraps DER in "-----BEGIN label-----" lines, pem_line characters a
// line, LF line ends, with mbedTLS's constant-time base64 encoder.
inline result<secret_string> pem_of(std::string_view label, byte_view der) {
    secret_bytes b64(4 * ((der.size() + 2) / 3) + 1);  // + mbedTLS's NUL
    std::size_t n = 0;
    if (int rc = mbedtls_base64_encode(b64.data(), b64.size(), &n, der.data(), der.size()); rc != 0)
        return failed("mbedtls_base64_encode", rc);
    secret_string out = make_secret_string({});
    out.reserve(2 * label.size() + 32 + n + n / pem_line + 1);
    out.append("-----BEGIN ").append(label).append("-----\n");
    for (std::size_t at = 0; at < n; at += pem_line)
        out.append(reinterpret_cast<const char*>(b64.data()) + at, std::min(pem_line, n - at)).push_back('\n');
    out.append("-----END ").append(label).append("-----\n");
    return out;
}

inline bool contains(byte_view hay, byte_view needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// unsupported_algorithm names the key type in a DER blob mbedTLS could not
// place (it looks for the algorithm OIDs), or returns "".
inline std::string unsupported_algorithm(byte_view der) {
    struct known {
        std::initializer_list<std::uint8_t> oid;
        const char* name;
    };
    static const known table[] = {
        {{0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01}, "DSA keys"},
        {{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x03, 0x01}, "DH keys"},
        {{0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3E, 0x02, 0x01}, "DH keys (X9.42)"},
        {{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A}, "RSASSA-PSS keys (use an rsaEncryption key)"},
        {{0x06, 0x03, 0x2B, 0x65, 0x70}, "Ed25519 keys"},
        {{0x06, 0x03, 0x2B, 0x65, 0x71}, "Ed448 keys"},
        {{0x06, 0x03, 0x2B, 0x65, 0x6E}, "X25519 keys"},
        {{0x06, 0x03, 0x2B, 0x65, 0x6F}, "X448 keys"},
    };
    for (auto& k : table)
        if (contains(der, byte_view(k.oid.begin(), k.oid.size()))) return k.name;
    return {};
}

// pem_block is one "-----BEGIN label-----" ... "-----END label-----" block.
struct pem_block {
    std::string label;
    std::string_view body;  // between the BEGIN and END lines
    bool encrypted_header = false;  // RFC 1421 "Proc-Type: 4,ENCRYPTED"
};

// next_pem_block finds the first block at or after `from`; `from` moves past it.
inline bool next_pem_block(std::string_view text, std::size_t& from, pem_block& out) {
    static constexpr std::string_view begin = "-----BEGIN ", dashes = "-----";
    std::size_t b = text.find(begin, from);
    if (b == std::string_view::npos) return false;
    std::size_t label_start = b + begin.size();
    std::size_t label_end = text.find(dashes, label_start);
    if (label_end == std::string_view::npos) return false;
    out.label = std::string(text.substr(label_start, label_end - label_start));
    std::string end_line = "-----END " + out.label + "-----";
    std::size_t body_start = label_end + dashes.size();
    std::size_t e = text.find(end_line, body_start);
    if (e == std::string_view::npos) return false;
    std::string_view body = text.substr(body_start, e - body_start);
    out.encrypted_header = false;
    // RFC 1421 headers ("Name: value" lines) end at the first blank line.
    if (body.find(':') != std::string_view::npos) {
        out.encrypted_header = body.find("ENCRYPTED") != std::string_view::npos;
        std::size_t blank = body.find("\n\n");
        if (blank == std::string_view::npos) blank = body.find("\r\n\r\n");
        body = blank == std::string_view::npos ? std::string_view{} : body.substr(blank);
    }
    out.body = body;
    from = e + end_line.size();
    return true;
}

}  // namespace detail

// private_key owns a key pair: the software signer (mbed/signer.hpp) and,
// for RSA, decrypter (mbed/decrypter.hpp). Movable, not copyable. A
// private_key must not be used by two threads at once (signing sets the RSA
// padding mode).
class private_key final : public signer, public decrypter {
public:
    // generate_rsa makes a new RSA key of `bits` (a multiple of 8 in
    // rsa_min_bits..rsa_max_bits) with e = 65537.
    static result<private_key> generate_rsa(std::uint32_t bits, rng_ref rng, const keygen_progress& progress = {}) {
        if (bits < rsa_min_bits || bits > rsa_max_bits || bits % 8 != 0)
            return refused("generate_rsa", "RSA key length " + std::to_string(bits) + " is not supported (use a multiple of 8 from " +
                                               std::to_string(rsa_min_bits) + " to " + std::to_string(rsa_max_bits) + ")");
        private_key k;
        if (int rc = mbedtls_pk_setup(k.pk(), mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)); rc != 0)
            return failed("mbedtls_pk_setup", rc);
        if (progress) progress(keygen_phase::started);
        int rc = mbedtls_rsa_gen_key(mbedtls_pk_rsa(*k.pk()), rng.fn, rng.ctx, bits, rsa_public_exponent);
        if (rc != 0) return failed("mbedtls_rsa_gen_key", rc);
        if (progress) progress(keygen_phase::finished);
        return k;
    }

    // generate_ec makes a new key on `c` (p256, p384 or p521).
    static result<private_key> generate_ec(model::curve c, rng_ref rng) {
        mbedtls_ecp_group_id id = group_of(c);
        if (id == MBEDTLS_ECP_DP_NONE) return refused("generate_ec", "no elliptic curve given");
        private_key k;
        if (int rc = mbedtls_pk_setup(k.pk(), mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)); rc != 0)
            return failed("mbedtls_pk_setup", rc);
        mbedtls_ecp_keypair* ec = mbedtls_pk_ec(*k.pk());
#if CERTREQ_MBEDTLS3
        // 3.x has P-256's fixed-base table built in (mbed/p256_base_table.hpp).
        if (int rc = mbedtls_ecp_gen_key(id, ec, rng.fn, rng.ctx); rc != 0) return failed("mbedtls_ecp_gen_key", rc);
#else
        // mbedtls_ecp_gen_key, split so that P-256's fixed-base table is
        // preloaded before the first multiplication by G (same key, less work).
        if (int rc = mbedtls_ecp_group_load(&ec->grp, id); rc != 0) return failed("mbedtls_ecp_gen_key", rc);
        detail::preload_p256_base_table(*ec);
        if (int rc = mbedtls_ecp_gen_keypair(&ec->grp, &ec->d, &ec->Q, rng.fn, rng.ctx); rc != 0)
            return failed("mbedtls_ecp_gen_key", rc);
#endif
        return k;
    }

    // generate follows the model: RSA of params.rsa_bits or EC on params.ec_curve.
    static result<private_key> generate(const model::key_params& params, rng_ref rng, const keygen_progress& progress = {}) {
        if (params.algorithm == model::key_algorithm::ec) return generate_ec(params.ec_curve, rng);
        return generate_rsa(params.rsa_bits, rng, progress);
    }

    // load parses an unencrypted private key: PEM ("PRIVATE KEY", "RSA
    // PRIVATE KEY", "EC PRIVATE KEY"; other blocks such as OpenSSL's "EC
    // PARAMETERS" are skipped) or DER (PKCS#8, PKCS#1 RSAPrivateKey, SEC1
    // ECPrivateKey).
    static result<private_key> load(byte_view data) {
        std::string_view text = as_chars(data);
        if (text.find("-----BEGIN ") == std::string_view::npos) return load_der(data);
        std::size_t from = 0;
        detail::pem_block blk;
        std::string seen;
        while (detail::next_pem_block(text, from, blk)) {
            if (blk.label == "ENCRYPTED PRIVATE KEY" || blk.encrypted_header)
                return refused("load private key", "the key file is encrypted; password-protected keys are not supported (decrypt it first, e.g. openssl pkey -in key.pem -out plain.pem)");
            if (blk.label == "DSA PRIVATE KEY") return refused("load private key", "not supported: DSA keys");
            if (blk.label == "PRIVATE KEY" || blk.label == "RSA PRIVATE KEY" || blk.label == "EC PRIVATE KEY") {
                secret_bytes der;
                std::string why;
                if (!detail::base64_decode_key(blk.body, der, why))
                    return refused("load private key", "bad base64 in the " + blk.label + " block: " + why);
                return load_der(der);
            }
            if (!seen.empty()) seen += ", ";
            seen += blk.label;
        }
        return refused("load private key", seen.empty() ? std::string("no complete PEM block found")
                                                         : "no private key block in PEM data (found: " + seen + ")");
    }

    // load_der parses DER only (see load).
    static result<private_key> load_der(byte_view der) {
        private_key k;
        int rc = compat::pk_parse_key(k.pk(), der.data(), der.size());
        if (rc == MBEDTLS_ERR_PK_PASSWORD_REQUIRED || rc == MBEDTLS_ERR_PK_PASSWORD_MISMATCH)
            return refused("load private key", "the key file is encrypted; password-protected keys are not supported");
        if (rc != 0) {
            std::string what = detail::unsupported_algorithm(der);
            if (!what.empty()) return refused("load private key", "not supported: " + what);
            return failed("mbedtls_pk_parse_key", rc);
        }
        mbedtls_pk_type_t t = mbedtls_pk_get_type(k.pk());
        if (t == MBEDTLS_PK_ECKEY || t == MBEDTLS_PK_ECKEY_DH) {
            if (k.curve() == model::curve::none) {
                const mbedtls_ecp_curve_info* info = mbedtls_ecp_curve_info_from_grp_id(compat::ec_group_id(mbedtls_pk_ec(*k.pk())));
                return refused("load private key", std::string("not supported: EC curve ") + (info ? info->name : "with explicit parameters") +
                                                       " (use P-256, P-384 or P-521)");
            }
        } else if (t != MBEDTLS_PK_RSA) {
            return refused("load private key", std::string("not supported: ") + mbedtls_pk_get_name(k.pk()) + " keys");
        }
        return k;
    }

    private_key(private_key&&) noexcept = default;
    private_key& operator=(private_key&&) noexcept = default;
    private_key(const private_key&) = delete;
    private_key& operator=(const private_key&) = delete;

    model::key_algorithm algorithm() const noexcept override {
        return mbedtls_pk_get_type(pk()) == MBEDTLS_PK_RSA ? model::key_algorithm::rsa : model::key_algorithm::ec;
    }

    // bits returns the modulus size (RSA) or the field size (EC: 256, 384, 521).
    std::size_t bits() const noexcept { return mbedtls_pk_get_bitlen(pk()); }

    // curve returns the named curve of an EC key, curve::none for RSA.
    model::curve curve() const noexcept {
        if (algorithm() != model::key_algorithm::ec) return model::curve::none;
        switch (compat::ec_group_id(mbedtls_pk_ec(*pk()))) {
            case MBEDTLS_ECP_DP_SECP256R1: return model::curve::p256;
            case MBEDTLS_ECP_DP_SECP384R1: return model::curve::p384;
            case MBEDTLS_ECP_DP_SECP521R1: return model::curve::p521;
            default: return model::curve::none;
        }
    }

    // pkcs8_der returns the PrivateKeyInfo (RFC 5208), laid out as OpenSSL
    // writes it: RSA wraps the PKCS#1 RSAPrivateKey; EC wraps an ECPrivateKey
    // with the public key but without the [0] parameters (they are in the
    // AlgorithmIdentifier). Every buffer that holds key bytes is wiped.
    result<secret_bytes> pkcs8_der() const {
        // into_secret: the DER of `v` in wiped memory (der/ writes into any span).
        auto into_secret = [](const auto& v, secret_bytes& out) {
            out.resize(v.encoded_size());
            return der::encode_into(std::span<std::uint8_t>(out.data(), out.size()), v).has_value();
        };
        secret_bytes inner;  // RSAPrivateKey (PKCS#1, mbedTLS writes it) or ECPrivateKey (RFC 5915)
        if (algorithm() == model::key_algorithm::rsa) {
            secret_bytes buf(16384);
            int n = mbedtls_pk_write_key_der(pk(), buf.data(), buf.size());
            if (n < 0) return failed("mbedtls_pk_write_key_der", n);
            inner.assign(buf.end() - n, buf.end());
        } else {
            std::size_t field = (bits() + 7) / 8;
            secret_bytes d(field);
            if (int rc = compat::ec_write_private(mbedtls_pk_ec(*pk()), d.data(), field); rc != 0)
                return failed("mbedtls_ecp_write_key", rc);
            auto point = subject_public_key_bits();  // the uncompressed point
            if (!point) return point.err();
            // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [1] publicKey BIT STRING }
            auto ec_key = der::sequence(der::integer(1), der::octet_string(byte_view(d)), der::explicit_tag<1>(der::bit_string(*point)));
            if (!into_secret(ec_key, inner)) return error{0, "pkcs8_der", "the ECPrivateKey does not encode"};
        }
        // PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, privateKey OCTET STRING }
        auto info = [&](const auto& algorithm_id) { return der::sequence(der::integer(0), algorithm_id, der::octet_string(byte_view(inner))); };
        secret_bytes out;
        bool ok = algorithm() == model::key_algorithm::rsa
                      ? into_secret(info(der::sequence(oids::rsa_encryption, der::null{})), out)
                      : into_secret(info(der::sequence(oids::ec_public_key, der::oid_dotted(curve_oid()))), out);
        if (!ok) return error{0, "pkcs8_der", "the PrivateKeyInfo does not encode"};
        return out;
    }

    // pkcs8_pem returns pkcs8_der() as "-----BEGIN PRIVATE KEY-----", 64
    // characters a line, LF line ends (a Unix key file).
    result<secret_string> pkcs8_pem() const {
        auto der = pkcs8_der();
        if (!der) return der.err();
        return detail::pem_of("PRIVATE KEY", *der);
    }

    // public_key_der returns the SubjectPublicKeyInfo DER.
    result<bytes> public_key_der() const override {
        bytes buf(4096);
        int n = mbedtls_pk_write_pubkey_der(pk(), buf.data(), buf.size());
        if (n < 0) return failed("mbedtls_pk_write_pubkey_der", n);
        return bytes(buf.end() - n, buf.end());
    }

    // subject_public_key_bits returns the contents of the SPKI BIT STRING
    // without its unused-bits octet: RSAPublicKey DER, or the uncompressed EC
    // point. RFC 5280 §4.2.1.2 method (1) hashes exactly these bytes.
    result<bytes> subject_public_key_bits() const {
        bytes buf(4096);
        unsigned char* p = buf.data() + buf.size();
        int n = mbedtls_pk_write_pubkey(&p, buf.data(), pk());
        if (n < 0) return failed("mbedtls_pk_write_pubkey", n);
        return bytes(p, p + n);
    }

    // sign_digest: RSA PKCS#1 v1.5 or PSS (MGF1 = hash, salt = hash length);
    // ECDSA deterministic per RFC 6979 (MBEDTLS_ECDSA_DETERMINISTIC, on in
    // 2.28 and 3.6), so an EC signature depends only on key and data. The RNG
    // blinds (RSA, ECDSA) and salts PSS.
    result<bytes> sign_digest(model::hash_algorithm h, bool pss, byte_view digest, rng_ref rng) const override {
        mbedtls_md_type_t md = md_type(h);
        if (algorithm() == model::key_algorithm::rsa) {
            mbedtls_rsa_context* rsa = mbedtls_pk_rsa(*pk());
            bytes sig(mbedtls_rsa_get_len(rsa));
            if (pss) {
                // MGF1 uses the padding's hash_id; the salt is the hash length
                // (mbedtls_rsa_rsassa_pss_sign would use the maximum instead).
                mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, md);
                int rc = mbedtls_rsa_rsassa_pss_sign_ext(rsa, rng.fn, rng.ctx, md, static_cast<unsigned>(digest.size()), digest.data(),
                                                         static_cast<int>(digest.size()), sig.data());
                mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
                if (rc != 0) return failed("mbedtls_rsa_rsassa_pss_sign_ext", rc);
            } else {
                mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
                int rc = compat::rsa_pkcs1_v15_sign(rsa, rng, md, static_cast<unsigned>(digest.size()), digest.data(), sig.data());
                if (rc != 0) return failed("mbedtls_rsa_rsassa_pkcs1_v15_sign", rc);
            }
            return sig;
        }
        if (pss) return refused("sign", "RSASSA-PSS (AlternateSignatureAlgorithm) needs an RSA key, not an EC key");
        bytes sig(MBEDTLS_ECDSA_MAX_LEN);
        std::size_t n = 0;
        if (mbedtls_pk_can_do(pk(), MBEDTLS_PK_ECDSA)) {
            // What mbedtls_pk_sign does, minus 2.28's copy of the key: the copy's
            // group starts without the fixed-base table and throws it away after
            // one signature. Signing with the key's own group keeps the table (and
            // P-256's is preloaded), so the same deterministic signature costs
            // less, in a one-shot process and when signing many requests.
            mbedtls_ecp_keypair* ec = mbedtls_pk_ec(*pk());
            detail::preload_p256_base_table(*ec);
            if (int rc = compat::ecdsa_write_signature(ec, md, digest.data(), digest.size(), sig.data(), sig.size(), &n, rng); rc != 0)
                return failed("mbedtls_pk_sign", rc);
        } else if (int rc = compat::pk_sign(pk(), md, digest.data(), digest.size(), sig.data(), sig.size(), &n, rng); rc != 0) {
            return failed("mbedtls_pk_sign", rc);
        }
        sig.resize(n);
        return sig;
    }

    // decrypt_key_transport: RSAES-PKCS1-v1_5 decryption, blinded with `rng`,
    // into a wiped buffer (the output is a content-encryption key).
    result<secret_bytes> decrypt_key_transport(byte_view cipher_text, rng_ref rng) const override {
        if (algorithm() != model::key_algorithm::rsa) return refused("rsa_decrypt", "key transport needs an RSA private key");
        mbedtls_rsa_context* rsa = mbedtls_pk_rsa(*pk());
        if (cipher_text.size() != mbedtls_rsa_get_len(rsa))
            return refused("rsa_decrypt", "the encrypted key is " + std::to_string(cipher_text.size()) + " bytes, the RSA key " +
                                                  std::to_string(mbedtls_rsa_get_len(rsa)));
        mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
        secret_bytes out(cipher_text.size());
        std::size_t n = 0;
        if (int rc = compat::rsa_pkcs1_decrypt(rsa, rng, &n, cipher_text.data(), out.data(), out.size()); rc != 0)
            return failed("mbedtls_rsa_pkcs1_decrypt", rc);
        out.resize(n);
        return out;
    }

    // native exposes the context to the rest of mbed/ (rsa_blinding.hpp).
    mbedtls_pk_context* native() const noexcept { return h_->get(); }

private:
    private_key() : h_(std::make_unique<detail::pk_handle>()) {}

    mbedtls_pk_context* pk() const noexcept { return h_->get(); }

    static mbedtls_ecp_group_id group_of(model::curve c) noexcept {
        switch (c) {
            case model::curve::p256: return MBEDTLS_ECP_DP_SECP256R1;
            case model::curve::p384: return MBEDTLS_ECP_DP_SECP384R1;
            case model::curve::p521: return MBEDTLS_ECP_DP_SECP521R1;
            case model::curve::none: break;
        }
        return MBEDTLS_ECP_DP_NONE;
    }

    // curve_oid: the named curve's OID (the AlgorithmIdentifier's parameters).
    std::string_view curve_oid() const noexcept {
        switch (curve()) {
            case model::curve::p256: return oids::secp256r1.dotted();
            case model::curve::p384: return oids::secp384r1.dotted();
            case model::curve::p521: return oids::secp521r1.dotted();
            case model::curve::none: break;
        }
        return {};
    }

    std::unique_ptr<detail::pk_handle> h_;
};

}  // namespace certreq::mbed
