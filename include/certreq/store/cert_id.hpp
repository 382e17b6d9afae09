// store/cert_id.hpp: resolve_certificate, the one place a `-cert CertId`
// (and RenewalCert) is looked up in a key store, for every verb that takes
// one: -new (RequestType = Cert issuer, PKCS7 renewal, CMC agent), -sign,
// -policy, -enroll -cert ID Renew (local CA and SCEP).
//
// A CertId is, as certutil reads it (spec §1.3, §8):
//   - a SHA-1 thumbprint, 40 hex digits in any case, optionally separated by
//     spaces, tabs or ':' as certutil and the certificate dialog show it
//     ("61 2d 3c fe ...", "61:2D:3C:FE...");
//   - a serial number in hex (same separators; leading 00 octets ignored);
//   - a certificate name: a CN of the subject, or the FriendlyName kept with
//     the certificate.
// Name matching is exact but case-insensitive for ASCII letters (Windows
// compares certificate names without regard to case); other characters are
// compared byte for byte (UTF-8). No substring or wildcard matching: a CertId
// picks one certificate or is an error.
//
// A full thumbprint of an installed certificate wins outright. Otherwise every
// certificate whose serial number, subject CN or FriendlyName matches is a
// candidate: one is the answer, none is an ENOENT error ("no installed
// certificate matches 'ID' in ROOT"), several an error listing their thumbprints
// so the user can pick one (E_FAIL: Windows asks in a dialog there, so no
// code of its own is known).
#pragma once
#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/store.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::store {


// subject_common_names returns every CN (2.5.4.3) value of a certificate's
// subject as UTF-8 text; empty when the DER does not decode.
inline std::vector<std::string> subject_common_names(byte_view cert_der) {
    std::vector<std::string> out;
    auto d = asn1::read_certificate(cert_der);
    auto subject = d ? d->subject() : std::nullopt;
    if (!subject) return out;
    asn1::reader rdns(subject->content, subject->content_offset());
    core::error e;
    while (!rdns.empty()) {
        auto rdn = rdns.next(&e);
        if (!rdn) break;
        asn1::reader atvs(rdn->content, rdn->content_offset());
        while (!atvs.empty()) {
            auto atv = atvs.next(&e);
            if (!atv) break;
            asn1::reader parts(atv->content, atv->content_offset());
            auto type = parts.next(&e);
            auto value = type ? parts.next(&e) : std::nullopt;
            if (type && value && asn1::oid_string(type->content) == oids::common_name.dotted() && asn1::is_string_tag(*value))
                out.push_back(asn1::string_text(*value));
        }
    }
    return out;
}

// resolve_certificate finds the certificate `id` names in `ks` (see above)
// and returns it with its DER.
inline os::result<installed_certificate> resolve_certificate(const key_store& ks, std::string_view id) {
    std::string trimmed(id);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.pop_back();
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.erase(0, 1);
    if (trimmed.empty()) return os::failure(EINVAL, "the certificate id is empty (give a thumbprint, serial number or certificate name)");
    std::string hex = normalize_hex(trimmed);
    auto with_der = [&](installed_certificate c) -> os::result<installed_certificate> {
        auto der = ks.load_certificate_der(c.thumbprint);
        if (!der) return der.err();
        c.der = std::move(*der);
        return c;
    };
    auto all = ks.list_certificates();
    if (!all) return all.err();
    if (hex.size() == 40)
        for (auto& c : *all)
            if (c.thumbprint == hex) return with_der(c);
    std::vector<installed_certificate> matches;
    for (auto& c : *all) {
        bool match = (!hex.empty() && same_serial(c.serial, hex)) || iequals(c.friendly_name, trimmed);
        auto der = ks.load_certificate_der(c.thumbprint);
        if (!der) continue;
        if (!match)
            for (const std::string& cn : subject_common_names(*der)) match = match || iequals(cn, trimmed);
        if (!match) continue;
        c.der = std::move(*der);
        matches.push_back(std::move(c));
    }
    if (matches.size() == 1) return std::move(matches.front());
    if (matches.empty())
        return os::failure(ENOENT, "no installed certificate matches '" + trimmed + "' in " + ks.root());
    std::sort(matches.begin(), matches.end(),
              [](const installed_certificate& a, const installed_certificate& b) { return a.thumbprint < b.thumbprint; });
    std::string list;
    for (auto& c : matches) list += "\n  " + c.thumbprint;
    return core::failed(std::to_string(matches.size()) + " installed certificates in " + ks.root() + " match '" +
                        trimmed + "'; give the thumbprint of one:" + list);
}

}  // namespace certreq::store
