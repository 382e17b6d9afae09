// cms/certificate_fields.hpp: the fields of a certificate that CMS names a
// party by (issuer and serial, subject, public key): recipients of
// EnvelopedData, signers of SignedData.
#pragma once
#include <cstddef>

#include "certreq/asn1/views.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/core/bytes.hpp"

namespace certreq::cms {

// certificate_fields: the parts of a certificate that name a CMS party. The
// views point into the DER the certificate was read from.
struct certificate_fields {
    byte_view issuer;   // Name TLV
    byte_view serial;   // INTEGER content octets
    byte_view spki;     // SubjectPublicKeyInfo TLV
    byte_view subject;  // Name TLV
};

// read_certificate picks issuer, serial, key and subject out of a certificate's DER.
inline result<certificate_fields> read_certificate(byte_view cert_der, std::size_t base = 0) {
    auto c = asn1::read_certificate(cert_der, base);
    if (!c) return core::at_offset(c.err().offset, "certificate: " + c.err().text());
    auto issuer = c->issuer();
    auto serial = c->serial();
    auto spki = c->spki();
    auto subject = c->subject();
    if (!issuer || !serial || !spki || !subject) return core::at_offset(base, "certificate: issuer, serial, key or subject missing");
    return certificate_fields{issuer->whole, *serial, spki->whole, subject->whole};
}
// The views would dangle: keep the certificate's bytes alive in a variable.
result<certificate_fields> read_certificate(bytes&& cert_der, std::size_t base = 0) = delete;

}  // namespace certreq::cms
