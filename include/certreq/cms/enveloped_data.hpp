// cms/enveloped_data.hpp: CMS EnvelopedData (RFC 5652 §6) with one
// KeyTransRecipientInfo per recipient (RSA PKCS#1 v1.5, recipient named by
// issuerAndSerialNumber): what SCEP wraps its messageData in (RFC 8894 §3.2.2).
//
//   seal: content -> ContentInfo { id-envelopedData, EnvelopedData v0 } to the
//         certificates given, with a fresh content key and IV.
//   open: ContentInfo (or a bare EnvelopedData) -> content, with our
//         certificate (to find our RecipientInfo) and private key.
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/cms/certificate_fields.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/core/result.hpp"
#include "certreq/der/der.hpp"
#include "certreq/mbed/cipher.hpp"
#include "certreq/mbed/decrypter.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/rsa_transport.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::cms {

namespace detail {


}  // namespace detail

// seal encrypts `content` with `cipher` under a fresh key and IV and makes the
// key readable to each certificate in `recipients` (DER). Returns the DER of
// ContentInfo { id-envelopedData, EnvelopedData }.
inline result<bytes> seal(byte_view content, const std::vector<bytes>& recipients, mbed::content_cipher cipher,
                          mbed::rng_ref rng) {
    const mbed::cipher_info& ci = mbed::info(cipher);
    mbed::secret_bytes key(ci.key_size);  // the content key: with it, the content (an archived private key)
    bytes iv(ci.iv_size);
    if (rng.fill(key) != 0 || rng.fill(iv) != 0) return core::at_offset(0, "the random generator failed");
    auto ct = mbed::cbc_encrypt(cipher, key, iv, content);
    if (!ct) return core::at_offset(0, ct.err().message());

    struct ktri {
        certificate_fields cert;
        bytes encrypted_key;
    };
    std::vector<ktri> infos;
    for (std::size_t i = 0; i < recipients.size(); ++i) {
        auto rc = read_certificate(recipients[i]);
        if (!rc) return core::at_offset(0, "recipient " + std::to_string(i + 1) + ": " + rc.err().message);
        auto ek = mbed::rsa_encrypt(rc->spki, key, rng);
        if (!ek) return core::at_offset(0, "recipient " + std::to_string(i + 1) + ": " + ek.err().message());
        infos.push_back({*rc, std::move(*ek)});
    }
    if (infos.empty()) return core::at_offset(0, "no recipient certificate");
    auto recipient_infos = der::set_of(infos, [](const ktri& k) {
        return der::sequence(der::integer(0),
                             der::sequence(der::raw(k.cert.issuer), der::primitive<der::tag::integer>(k.cert.serial)),
                             der::sequence(oids::rsa_encryption, der::null{}), der::octet_string(byte_view(k.encrypted_key)));
    });
    auto enveloped = der::sequence(
            oids::enveloped_data,
            der::explicit_tag<0>(der::sequence(
                    der::integer(0), recipient_infos,
                    der::sequence(oids::data, der::sequence(der::oid_dotted(ci.oid), der::octet_string(byte_view(iv))),
                                  der::implicit_tag<0>(der::octet_string(byte_view(*ct)))))));
    auto out = der::encode(enveloped);
    if (!out) return core::at_offset(0, "the EnvelopedData could not be encoded");
    return std::move(*out);
}

// opened: the decrypted content and the cipher it came in.
struct opened {
    bytes content;
    mbed::content_cipher cipher;
};

// open decrypts an EnvelopedData (bare, or inside a ContentInfo) for the
// recipient `my_cert` (DER) whose key decrypts the content-encryption key
// (`key`: software or on a token). `base` is the offset of `der` in the
// whole input, for error offsets.
inline result<opened> open(byte_view der, byte_view my_cert, const mbed::decrypter& key, std::size_t base = 0) {
    byte_view env = der;
    std::size_t env_off = base;
    if (auto ci = asn1::read_content_info(der, base)) {
        if (ci->type != std::string(asn1::oid_enveloped_data))
            return core::at_offset(base, "ContentInfo holds " + ci->type.value_or("?") + ", not enveloped data");
        auto inner = ci->content;
        if (!inner) return core::at_offset(base, "ContentInfo: no content");
        env = inner->whole;
        env_off = inner->offset;
    }
    auto d = asn1::read_enveloped_data_view(env, env_off);
    if (!d) return core::at_offset(d.err().offset, d.err().text());  // "EnvelopedData: ..." (decode() names the type)
    auto me = read_certificate(my_cert);
    if (!me) return core::at_offset(0, "our certificate: " + me.err().message);

    // Our RecipientInfo: the key-transport one naming our certificate.
    std::optional<asn1::tlv> encrypted_key;
    std::size_t n = d->recipient_count();
    for (std::size_t i = 1; i <= n && !encrypted_key; ++i) {
        auto ktri = d->key_transport_at(i);
        if (!ktri) continue;
        // by subjectKeyIdentifier: our SCEP signer certificates carry none
        if (!ktri->by_issuer_serial) continue;
        if (!ktri->issuer || !ktri->serial || !same_bytes(ktri->issuer->whole, me->issuer) || !same_bytes(*ktri->serial, me->serial))
            continue;
        if (ktri->key_encryption_oid != std::string(oids::rsa_encryption.dotted()))
            return core::at_offset(env_off, "our RecipientInfo uses key transport " + ktri->key_encryption_oid.value_or("?") +
                                          "; only rsaEncryption is supported");
        encrypted_key = ktri->encrypted_key;
    }
    if (!encrypted_key) return core::at_offset(env_off, "EnvelopedData: no RecipientInfo for our certificate (" + std::to_string(n) +
                                                      " recipient(s))");

    std::string alg = d->content_encryption_oid().value_or("?");
    auto cipher = mbed::cipher_by_oid(alg);
    auto alg_tlv = d->content_encryption_oid_tlv();
    std::size_t alg_off = alg_tlv ? alg_tlv->offset : env_off;
    if (!cipher) return core::at_offset(alg_off, "content encryption " + alg + " is not supported (DES, 3DES, AES-CBC are)");
    auto iv = d->content_encryption_parameters();
    if (!iv || !iv->is_universal(asn1::utag::octet_string))
        return core::at_offset(alg_off, std::string(mbed::info(*cipher).name) + ": the parameters are not an IV OCTET STRING");

    // encryptedContent [0] IMPLICIT OCTET STRING: primitive (DER), or
    // constructed with OCTET STRING segments (the BER form Go's pkcs7 sends).
    auto ec = d->encrypted_content();
    if (!ec) return core::at_offset(env_off, "EnvelopedData: no encryptedContent");
    if (!ec->is(asn1::tag_class::context, 0)) return core::at_offset(ec->offset, "EnvelopedData: encryptedContent must be tagged [0]");
    bytes ct;
    if (!ec->constructed) {
        ct.assign(ec->content.begin(), ec->content.end());
    } else {
        asn1::reader rd(ec->content, ec->content_offset());
        while (!rd.empty()) {
            core::error e;
            auto seg = rd.next(&e);
            if (!seg) return core::at_offset(e.offset, "encryptedContent: " + e.message);
            if (!seg->is_universal(asn1::utag::octet_string) || seg->constructed)
                return core::at_offset(seg->offset, "encryptedContent: a segment is not a primitive OCTET STRING");
            ct.insert(ct.end(), seg->content.begin(), seg->content.end());
        }
    }

    auto rng = mbed::system_rng();
    if (!rng) return core::at_offset(0, rng.err().message());
    auto cek = key.decrypt_key_transport(encrypted_key->content, *rng);
    if (!cek) return core::at_offset(encrypted_key->offset, "encryptedKey: " + cek.err().message());
    auto plain = mbed::cbc_decrypt(*cipher, *cek, iv->content, ct);
    if (!plain) return core::at_offset(ec->offset, "encryptedContent: " + plain.err().message());
    return opened{std::move(*plain), *cipher};
}

}  // namespace certreq::cms
