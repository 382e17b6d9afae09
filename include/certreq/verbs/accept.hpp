// verbs/accept.hpp: the library side of `certreq -accept [-user|-machine]
// file` (spec §1.2, §1.5). The file is a certificate, a PKCS#7 chain or a
// CMC full response (any encoding). The certificate whose public key matches
// a pending request of -new is installed with that request's key (and
// FriendlyName), and the pending entry is removed, all or nothing.
// Without -user/-machine the user store is searched first, then the machine
// store (certreq needs them "only when no pending request matches").
// A container that references a key on a token (store/token_reference.hpp)
// is matched by the public key recorded with the reference, without opening
// the token; once installed, the certificate is also written to the token
// as a certificate object beside its key where the token allows it (a
// token that refuses is a warning, not a failure: the store holds it).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/extension_views.hpp"
#include "certreq/asn1/name_text.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/rollback.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/token_reference.hpp"
#include "certreq/verbs/stored_key.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

// Failures carry ERROR_INVALID_DATA for a file that holds no certificate,
// CRYPT_E_NOT_FOUND (as certreq.exe) when no pending request has the key.

// installed: what -accept prints.
struct installed {
    std::string serial_hex, subject, thumbprint;
    std::vector<std::string> dns_names;  // SAN dNSName entries, shown after the subject
    std::int64_t not_before = 0, not_after = 0;
    bool machine = false;
    std::vector<std::string> warnings;  // e.g. the token did not take the certificate
};

namespace detail {

inline constexpr std::string_view oid_signed_data = oids::signed_data.dotted();

// is_certificate: `der` decodes as a Certificate with its public key
// (libtasn1 takes an empty SEQUENCE, `30 00`, for a Certificate with no fields).
inline bool is_certificate(byte_view der) {
    auto d = asn1::read_certificate(der);
    return d && d->spki_bits().has_value();
}

// certificates_in returns the certificates of a file: a certificate, or
// the `certificates` of a PKCS#7 / CMC SignedData.
inline core::result<std::vector<bytes>> certificates_in(byte_view file) {
    auto in = pem::detect_and_decode(file);
    if (!in) return core::bad_data("offset " + std::to_string(in.error->offset) + ": " + in.error->message);
    if (is_certificate(in.der)) return std::vector<bytes>{in.der};
    auto ci = asn1::read_content_info(in.der);
    if (!ci) return core::bad_data("not a certificate, PKCS#7 chain or CMC response: DER offset " + std::to_string(ci.err().offset) + ": " + ci.err().text());
    auto type = ci->type;
    if (!type) return core::bad_data("not a certificate, PKCS#7 chain or CMC response (an empty or incomplete structure)");
    if (*type != oid_signed_data) return core::bad_data("a PKCS#7 file without SignedData has no certificates");
    auto content = ci->content;
    if (!content) return core::bad_data("ContentInfo: no content");
    auto sd = asn1::read_signed_data_view(content->whole, content->offset);
    if (!sd) return core::bad_data("DER offset " + std::to_string(sd.err().offset) + ": " + sd.err().text());
    std::vector<bytes> certs;
    for (const asn1::tlv& c : sd->certificates())
        if (is_certificate(c.whole)) certs.emplace_back(c.whole.begin(), c.whole.end());
    if (certs.empty()) return core::bad_data("the PKCS#7 file holds no certificate");
    return certs;
}

inline void describe(const bytes& cert, installed& out) {
    auto d = asn1::read_certificate(cert);
    if (!d) return;
    if (auto s = d->serial()) out.serial_hex = store::to_hex(*s);
    if (auto s = d->subject()) out.subject = asn1::name_text(*s);
    if (auto t = d->not_before()) out.not_before = asn1::unix_time(*t).value_or(0);
    if (auto t = d->not_after()) out.not_after = asn1::unix_time(*t).value_or(0);
    auto v = d->extension_octets(oids::subject_alt_name.dotted());
    if (!v) return;
    auto names = asn1::read_general_names(v->content);
    if (!names) return;
    for (const asn1::general_name_view& g : *names)
        if (g.kind == "dNSName" && g.text) out.dns_names.push_back(*g.text);
}

}  // namespace detail

// spki_sha1 returns the hex SHA-1 of a certificate's SubjectPublicKeyInfo
// (the key the store's pending requests are indexed by).
inline std::optional<std::string> spki_sha1(const bytes& cert) {
    auto d = asn1::read_certificate(cert);
    if (!d) return std::nullopt;
    auto spki = d->spki();
    if (!spki) return std::nullopt;
    return store::to_hex(mbed::sha1(spki->whole));
}

namespace detail {

// stored_key_matches: the pending request's key container holds the key of
// the certificate (its SubjectPublicKeyInfo SHA-1 is `spki_sha1_hex`).
inline std::optional<std::string> stored_key_mismatch(const store::key_store& ks, const std::string& container,
                                                      const std::string& spki_sha1_hex) {
    auto pem = ks.load_key(container);
    if (!pem) return pem.err().message;
    if (auto ref = store::token_reference::parse(*pem)) {  // a key on a token: its recorded public key
        if (ref->public_key_sha1 == spki_sha1_hex) return std::nullopt;
        return "the certificate's public key is not the token key that container '" + container + "' of " + ks.root() +
               " references; nothing installed";
    }
    auto key = mbed::private_key::load(as_bytes(*pem));
    if (!key) return "key container '" + container + "': " + key.err().message();
    auto spki = key->public_key_der();
    if (!spki || store::to_hex(mbed::sha1(*spki)) != spki_sha1_hex)
        return "the certificate's public key is not the key stored in container '" + container + "' of " + ks.root() +
               "; nothing installed";
    return std::nullopt;
}

}  // namespace detail

namespace detail {

// to_token writes the installed certificate to the token that holds its key
// (a smart card shows it to the applications that use the card). Best effort:
// returns why not, or nullopt.
inline std::optional<std::string> to_token(const store::key_store& ks, const std::string& container, const bytes& cert,
                                           const key_access& access) {
    auto text = ks.load_key(container);
    if (!text) return text.err().message;
    auto ref = store::token_reference::parse(*text);
    if (!ref) return std::nullopt;  // a software key
    auto key = open_token_reference(*ref, access, true);
    if (!key) return key.err().message;
    auto d = asn1::read_certificate(cert);
    auto subject = d ? d->subject() : std::nullopt;
    if (!subject) return std::string("the certificate does not decode");
    const p11::token_key* t = key->token();
    if (auto s = p11::store_certificate(*t->signer.session_of(), cert, subject->whole, t->id, t->label); !s) return s.err().message();
    return std::nullopt;
}

}  // namespace detail

// accept_file installs the certificate of `file` that answers a pending
// request, holding each store's lock while it finds, installs and removes.
// `access` reaches a token that holds the key (the certificate is written there too).
inline core::result<installed> accept_file(byte_view file, store::key_store* user_store,
                                                         store::key_store* machine_store, const key_access& access = {}) {
    auto certs = detail::certificates_in(file);
    if (!certs) return certs.err();
    std::vector<std::string> searched;
    for (store::key_store* ks : {user_store, machine_store}) {
        if (!ks) continue;
        searched.push_back(ks->root());
        if (!os::is_directory(ks->root())) continue;  // nothing pending there; do not create it
        auto lock = ks->lock();
        if (!lock) return lock.err();
        for (auto& cert : *certs) {
            auto key = spki_sha1(cert);
            if (!key) continue;
            auto pending = ks->find_pending_by_public_key(*key);
            if (!pending) return pending.err();
            if (!*pending) continue;
            if (auto why = detail::stored_key_mismatch(*ks, (*pending)->key_container, *key)) return core::bad_data(*why);
            store::rollback tx;
            store::installed_certificate info;
            info.thumbprint = store::to_hex(mbed::sha1(cert));
            info.key_container = (*pending)->key_container;
            info.friendly_name = (*pending)->friendly_name;
            installed out;
            detail::describe(cert, out);
            info.serial = out.serial_hex;
            out.thumbprint = info.thumbprint;
            out.machine = ks == machine_store;
            if (auto s = ks->install_certificate(cert, info, &tx); !s) return s.err();
            if (auto s = ks->remove_pending((*pending)->id, &tx); !s) return s.err();
            tx.commit();
            if (auto why = detail::to_token(*ks, info.key_container, cert, access))
                out.warnings.push_back("the certificate is installed in " + ks->root() + " but not on the token: " + *why);
            return out;
        }
    }
    std::string where;
    for (auto& s : searched) where += (where.empty() ? "" : " and ") + s;
    return core::error("no pending request matches the public key of " +
                        std::string(certs->size() == 1 ? "the certificate" : "any of the " + std::to_string(certs->size()) + " certificates") +
                        " (searched the pending requests in " + (where.empty() ? std::string("no store") : where) + ")", core::hr::crypt_not_found);
}

}  // namespace certreq::verbs
