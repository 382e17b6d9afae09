// verbs/stored_key.hpp: the key of a store container, wherever it lives: a
// software key (the PEM in keys/<name>.key) or a key on a token that the
// container only references (store/token_reference.hpp). Every verb that
// signs with a stored key opens it here and signs through the signer seam.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"
#include "certreq/core/result.hpp"
#include "certreq/mbed/decrypter.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/p11/token.hpp"
#include "certreq/p11/uri.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/token_reference.hpp"

namespace certreq::verbs {

// key_access: what reaching a token takes, from the caller: the PIN (-pin or
// $CERTREQ_PIN), a prompt for one (a terminal), and the provider mapping
// ($CERTREQ_PROVIDERS; the store's providers.conf is read by the verbs).
// None of it is ever printed.
struct key_access {
    mbed::secret_string pin = mbed::make_secret_string({});
    std::function<std::optional<mbed::secret_string>(const std::string& token_label)> pin_prompt;
    std::string providers;

    p11::pin_source pins() const {
        p11::pin_source p;
        p.pin = mbed::make_secret_string(pin);
        p.prompt = pin_prompt;
        return p;
    }
};

// stored_key: a software key or a token key, as a signer and (RSA) a
// decrypter (a SCEP CertRep is encrypted to it).
class stored_key final : public mbed::decrypter {
public:
    explicit stored_key(mbed::private_key k) : soft_(std::move(k)) {}
    stored_key(p11::token_key k, store::token_reference ref) : token_(std::move(k)), ref_(std::move(ref)) {}

    const mbed::signer& signer() const { return soft_ ? static_cast<const mbed::signer&>(*soft_) : token_->signer; }
    const mbed::private_key* software() const { return soft_ ? &*soft_ : nullptr; }
    const p11::token_key* token() const { return token_ ? &*token_ : nullptr; }
    const std::optional<store::token_reference>& reference() const { return ref_; }

    mbed::result<mbed::secret_bytes> decrypt_key_transport(byte_view cipher_text, mbed::rng_ref rng) const override {
        if (soft_) return soft_->decrypt_key_transport(cipher_text, rng);
        return token_->signer.decrypt_key_transport(cipher_text, rng);
    }

private:
    std::optional<mbed::private_key> soft_;
    std::optional<p11::token_key> token_;
    std::optional<store::token_reference> ref_;
};

// open_token_reference logs in to the token a reference names and finds its
// key. A token's failure keeps its smart-card HRESULT (a wrong PIN is
// SCARD_W_WRONG_CHV, as certreq.exe reports it).
inline core::result<stored_key> open_token_reference(const store::token_reference& ref, const key_access& a,
                                                     bool read_write = false) {
    auto u = p11::uri::parse(ref.uri);
    if (!u) return core::error(u.err());
    if (u->module_path.empty()) return core::error("the token reference names no module-path");
    auto s = p11::login(u->module_path, *u, a.pins(), read_write);
    if (!s) return core::error(s.err());
    auto k = p11::find_key(*s, *u);
    if (!k) return core::error(k.err());
    return stored_key(std::move(*k), ref);
}

// open_stored_key opens the key of `container` in `ks`. Errors are the
// store's, mbedTLS's or the token's own (with its HRESULT); callers say which
// container.
inline core::result<stored_key> open_stored_key(const store::key_store& ks, std::string_view container,
                                                const key_access& a) {
    auto text = ks.load_key(container);
    if (!text) {  // the caller chooses the code (certreq.exe: ERROR_INVALID_DATA for a missing container)
        core::error e(text.err().message);
        e.os_errno = text.err().os_errno;
        return e;
    }
    if (auto ref = store::token_reference::parse(*text)) return open_token_reference(*ref, a);
    auto key = mbed::private_key::load(as_bytes(*text));
    if (!key) return core::error(key.err());
    return stored_key(std::move(*key));
}

}  // namespace certreq::verbs
