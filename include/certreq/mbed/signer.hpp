// mbed/signer.hpp: the signer seam. Whatever signs a request, a certificate
// or a CMS SignerInfo is a `signer`: its public key and sign(digest).
// Implementations:
//   mbed::private_key        a software key (mbed/key.hpp), with P-256's
//                            fixed-base table and RSA blinding behind it
//   mbed::callback_signer    a caller's function (a secure element's driver)
//   p11::token_signer        a key on a PKCS#11 token (p11/signer.hpp)
//   store::blinded_signer    a stored RSA key with its blinding cache
// Hashing stays with the caller (mbed::sign in mbed/sign.hpp), so a signer
// only ever sees the digest: what smart cards and TPMs sign.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"

namespace certreq::mbed {

class signer {
public:
    virtual ~signer() = default;

    // algorithm: RSA or EC (chooses the signature AlgorithmIdentifier).
    virtual model::key_algorithm algorithm() const noexcept = 0;

    // public_key_der: the SubjectPublicKeyInfo DER.
    virtual result<bytes> public_key_der() const = 0;

    // sign_digest signs `digest` (made with `h`): RSA PKCS#1 v1.5, or RSASSA-PSS
    // (MGF1 with `h`, salt = digest length) when `pss`; EC: a DER
    // Ecdsa-Sig-Value. `rng` is for blinding and salts; a signer with its own
    // random source (a token) may ignore it.
    virtual result<bytes> sign_digest(model::hash_algorithm h, bool pss, byte_view digest, rng_ref rng) const = 0;

    // subject_public_key_bits: the SPKI BIT STRING's contents without the
    // unused-bits octet (RSAPublicKey DER or the EC point), what a
    // SubjectKeyIdentifier hashes.
    result<bytes> subject_public_key_bits() const {
        auto spki = public_key_der();
        if (!spki) return spki.err();
        return bits_of_spki(*spki);
    }

    // bits_of_spki: the BIT STRING contents of a SubjectPublicKeyInfo DER.
    static result<bytes> bits_of_spki(byte_view spki) {
        std::size_t at = 0;
        auto header = [&](std::uint8_t tag, std::size_t& len) {
            if (at + 2 > spki.size() || spki[at] != tag) return false;
            std::size_t n = spki[at + 1];
            at += 2;
            if (n & 0x80) {
                std::size_t k = n & 0x7f;
                if (k == 0 || k > 4 || at + k > spki.size()) return false;
                n = 0;
                for (std::size_t i = 0; i < k; ++i) n = n << 8 | spki[at++];
            }
            len = n;
            return at + n <= spki.size();
        };
        std::size_t len = 0;
        if (!header(0x30, len) || !header(0x30, len)) return refused("SubjectPublicKeyInfo", "malformed");
        at += len;  // AlgorithmIdentifier
        if (!header(0x03, len) || len < 1 || spki[at] != 0) return refused("SubjectPublicKeyInfo", "malformed BIT STRING");
        return bytes(spki.begin() + std::ptrdiff_t(at + 1), spki.begin() + std::ptrdiff_t(at + len));
    }

protected:
    signer() = default;
    signer(const signer&) = default;
    signer(signer&&) = default;
    signer& operator=(const signer&) = default;
    signer& operator=(signer&&) = default;
};

// callback_signer: a key the caller signs with itself, e.g. a secure element
// whose driver is not PKCS#11. `sign` gets the digest and returns the
// signature as sign_digest describes (ECDSA as DER; raw r||s can be turned
// into DER with der::ecdsa_signature).
class callback_signer final : public signer {
public:
    using sign_fn = std::function<result<bytes>(model::hash_algorithm, bool pss, byte_view digest)>;

    callback_signer(model::key_algorithm alg, bytes spki_der, sign_fn fn)
        : alg_(alg), spki_(std::move(spki_der)), fn_(std::move(fn)) {}

    model::key_algorithm algorithm() const noexcept override { return alg_; }
    result<bytes> public_key_der() const override { return spki_; }
    result<bytes> sign_digest(model::hash_algorithm h, bool pss, byte_view digest, rng_ref) const override {
        if (!fn_) return refused("sign", "no signing function");
        return fn_(h, pss, digest);
    }

private:
    model::key_algorithm alg_;
    bytes spki_;
    sign_fn fn_;
};

}  // namespace certreq::mbed
