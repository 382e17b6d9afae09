// p11/signer.hpp: token_signer, a private key on a PKCS#11 token behind the
// signer seam (mbed/signer.hpp). The key never leaves the token: C_Sign gets
// the digest (RSA PKCS#1 v1.5 as a DigestInfo with CKM_RSA_PKCS, RSASSA-PSS
// with CKM_RSA_PKCS_PSS, ECDSA with CKM_ECDSA whose raw r||s der/ecdsa.hpp
// turns into DER). A caller with its own session and key object (a secure
// element's vendor module) builds one with token_signer::open.
#pragma once
#include <memory>
#include <string>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/ecdsa.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/mbed/decrypter.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/model/request.hpp"
#include "certreq/p11/api.hpp"
#include "certreq/p11/key.hpp"
#include "certreq/p11/session.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::p11 {

namespace detail {

struct hash_ids {
    der::oid_literal oid;
    CK_MECHANISM_TYPE mech;
    CK_RSA_PKCS_MGF_TYPE mgf;
};

inline hash_ids hash_of(model::hash_algorithm h) noexcept {
    switch (h) {
        case model::hash_algorithm::sha1: return {oids::sha1, CKM_SHA_1, CKG_MGF1_SHA1};
        case model::hash_algorithm::sha256: break;
        case model::hash_algorithm::sha384: return {oids::sha384, CKM_SHA384, CKG_MGF1_SHA384};
        case model::hash_algorithm::sha512: return {oids::sha512, CKM_SHA512, CKG_MGF1_SHA512};
    }
    return {oids::sha256, CKM_SHA256, CKG_MGF1_SHA256};
}

}  // namespace detail

// token_signer: a token's private key as a signer and, for RSA, as a
// decrypter (a SCEP CertRep's key transport: C_Decrypt with CKM_RSA_PKCS; the
// key needs CKA_DECRYPT, which KeySpec = 1 gives).
class token_signer final : public mbed::signer, public mbed::decrypter {
public:
    // open: the private key object `key` (and its public key object, if the
    // caller knows it) in a logged-in session.
    static result<token_signer> open(std::shared_ptr<session> s, CK_OBJECT_HANDLE key,
                                     CK_OBJECT_HANDLE public_key = CK_INVALID_HANDLE) {
        model::key_algorithm alg{};
        auto spki = public_key_info(*s, {key, public_key}, alg);
        if (!spki) return spki.err();
        return token_signer(std::move(s), key, alg, std::move(*spki));
    }

    model::key_algorithm algorithm() const noexcept override { return alg_; }
    mbed::result<bytes> public_key_der() const override { return spki_; }

    mbed::result<bytes> sign_digest(model::hash_algorithm h, bool pss, byte_view digest, mbed::rng_ref) const override {
        auto ids = detail::hash_of(h);
        CK_RSA_PKCS_PSS_PARAMS pss_params{ids.mech, ids.mgf, digest.size()};
        CK_MECHANISM mech{CKM_ECDSA, nullptr, 0};
        bytes input(digest.begin(), digest.end());
        if (alg_ == model::key_algorithm::rsa && pss) {
            mech = {CKM_RSA_PKCS_PSS, &pss_params, sizeof pss_params};
        } else if (alg_ == model::key_algorithm::rsa) {
            mech = {CKM_RSA_PKCS, nullptr, 0};
            input = der::to_bytes(der::sequence(der::sequence(ids.oid, der::null{}), der::octet_string(digest)));
        } else if (pss) {
            return mbed::refused("sign", "RSASSA-PSS (AlternateSignatureAlgorithm) needs an RSA key, not an EC key");
        }
        CK_FUNCTION_LIST_PTR f = s_->api();
        std::string who = "token \"" + s_->info().label + "\": ";
        if (CK_RV rv = f->C_SignInit(s_->handle(), &mech, key_); rv != CKR_OK) return mbed::refused("C_SignInit", who + rv_text(rv));
        bytes sig(1024);  // RSA 8192 at most
        CK_ULONG n = sig.size();
        if (CK_RV rv = f->C_Sign(s_->handle(), input.data(), input.size(), sig.data(), &n); rv != CKR_OK)
            return mbed::refused("C_Sign", who + rv_text(rv));
        sig.resize(n);
        if (alg_ == model::key_algorithm::rsa) return sig;
        auto der = der::ecdsa_signature(sig);
        if (!der) return mbed::refused("C_Sign", who + "the ECDSA signature is not r||s");
        return std::move(*der);
    }

    mbed::result<mbed::secret_bytes> decrypt_key_transport(byte_view cipher_text, mbed::rng_ref) const override {
        if (alg_ != model::key_algorithm::rsa) return mbed::refused("decrypt", "key transport needs an RSA key, not an EC key");
        CK_MECHANISM mech{CKM_RSA_PKCS, nullptr, 0};
        CK_FUNCTION_LIST_PTR f = s_->api();
        std::string who = "token \"" + s_->info().label + "\": ";
        if (CK_RV rv = f->C_DecryptInit(s_->handle(), &mech, key_); rv != CKR_OK)
            return mbed::refused("C_DecryptInit", who + rv_text(rv));
        bytes in(cipher_text.begin(), cipher_text.end());  // C_Decrypt takes a non-const pointer
        mbed::secret_bytes out(in.size());
        CK_ULONG n = out.size();
        if (CK_RV rv = f->C_Decrypt(s_->handle(), in.data(), in.size(), out.data(), &n); rv != CKR_OK)
            return mbed::refused("C_Decrypt", who + rv_text(rv));
        out.resize(n);
        return out;
    }

    const std::shared_ptr<session>& session_of() const noexcept { return s_; }
    CK_OBJECT_HANDLE object() const noexcept { return key_; }

private:
    token_signer(std::shared_ptr<session> s, CK_OBJECT_HANDLE key, model::key_algorithm alg, bytes spki)
        : s_(std::move(s)), key_(key), alg_(alg), spki_(std::move(spki)) {}

    std::shared_ptr<session> s_;
    CK_OBJECT_HANDLE key_;
    model::key_algorithm alg_;
    bytes spki_;
};

}  // namespace certreq::p11
