// store/blinded_signer.hpp: a stored RSA key that signs with the base-blinding
// pair cached beside it (keys/<name>.blind; mbed/rsa_blinding.hpp), so a
// one-shot process skips the modular inverse, a quarter of an RSA-2048
// signature. A signer (mbed/signer.hpp) like any other: the verbs only choose
// it when the key makes exactly one private-key operation in the run; a
// second operation would blind with the pair the next run takes, so from the
// second one on the signer drops the pair and mbedTLS makes a fresh one.
#pragma once
#include <optional>
#include <string>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rsa_blinding.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/store/store.hpp"

namespace certreq::store {

class blinded_signer final : public mbed::signer {
public:
    // `key` and `ks` must outlive the signer.
    blinded_signer(const mbed::private_key& key, const key_store& ks, std::string container)
        : key_(key), ks_(ks), container_(std::move(container)) {}

    model::key_algorithm algorithm() const noexcept override { return key_.algorithm(); }
    mbed::result<bytes> public_key_der() const override { return key_.public_key_der(); }

    mbed::result<bytes> sign_digest(model::hash_algorithm h, bool pss, byte_view digest, mbed::rng_ref rng) const override {
        if (key_.algorithm() != model::key_algorithm::rsa) return key_.sign_digest(h, pss, digest, rng);
        if (++uses_ > 1) {
            mbed::forget_blinding(key_);
            return key_.sign_digest(h, pss, digest, rng);
        }
        // Take the stored pair P: store P^2 first (a crash skips a pair, never
        // reuses one), then give P to the context, which squares it before use.
        bool taken = false;
        ks_.update_blinding(container_, [&](const std::optional<bytes>& stored) -> std::optional<bytes> {
            auto pair = stored ? mbed::rsa_blinding_pair::parse(*stored) : std::nullopt;
            auto next = pair ? mbed::squared(key_, *pair) : std::nullopt;
            if (!next || !mbed::use_blinding(key_, *pair)) return std::nullopt;
            taken = true;
            return next->serialize();
        });
        auto sig = key_.sign_digest(h, pss, digest, rng);
        if (sig && !taken)  // first use: keep the pair mbedTLS just made
            ks_.update_blinding(container_, [&](const std::optional<bytes>&) -> std::optional<bytes> {
                auto pair = mbed::blinding_of(key_);
                return pair ? std::optional<bytes>(pair->serialize()) : std::nullopt;
            });
        return sig;
    }

private:
    const mbed::private_key& key_;
    const key_store& ks_;
    std::string container_;
    mutable int uses_ = 0;
};

}  // namespace certreq::store
