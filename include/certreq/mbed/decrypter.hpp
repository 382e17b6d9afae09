// mbed/decrypter.hpp: the decrypter seam, the signer seam's twin for the one
// private-key operation a client decrypts with: RSA PKCS#1 v1.5 key transport
// (rsaEncryption, RFC 3370 §4.2.1), how a CA encrypts a SCEP CertRep's
// content-encryption key to the requester. Implementations:
//   mbed::private_key        a software key (mbed/key.hpp)
//   p11::token_signer        a key on a PKCS#11 token (C_Decrypt, CKM_RSA_PKCS)
//   verbs::stored_key        a store container's key, wherever it lives
// The key that comes out is key material: it lives in a wiped buffer.
#pragma once
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/result.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/secret.hpp"

namespace certreq::mbed {

class decrypter {
public:
    virtual ~decrypter() = default;

    // decrypt_key_transport: the plaintext of an RSAES-PKCS1-v1_5
    // encryptedKey. `rng` blinds a software key; a token may ignore it.
    virtual result<secret_bytes> decrypt_key_transport(byte_view cipher_text, rng_ref rng) const = 0;

protected:
    decrypter() = default;
    decrypter(const decrypter&) = default;
    decrypter(decrypter&&) = default;
    decrypter& operator=(const decrypter&) = default;
    decrypter& operator=(decrypter&&) = default;
};

}  // namespace certreq::mbed
