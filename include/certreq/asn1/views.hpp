// asn1/views.hpp: typed read views of the PKIX values certreq reads most:
// a Certificate, a CertificationRequest, a CRL, an Extensions list, a
// SubjectPublicKeyInfo and an RSAPublicKey decoded once, their fields by name
// (as Go's x509.ParseCertificate hands out a struct), so the libtasn1 element
// paths ("tbsCertificate.subject") stay in this layer. A view borrows the DER
// it was read from: that buffer must outlive it. Fields are whole TLVs
// (offsets absolute) unless the name says otherwise.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/crl_entries.hpp"
#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/extension_value.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/asn1/view_base.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// extension_entry: one Extension of a list, as read.
struct extension_entry {
    std::string oid;     // extnID, dotted ("" when unreadable)
    bool critical = false;
    tlv value;           // the extnValue OCTET STRING (its content is the extension's DER)
    tlv whole;           // the Extension
};

// attribute_entry: one Attribute (a request's, a CMS signer's), as read.
struct attribute_entry {
    std::string type;            // dotted ("" when unreadable)
    std::vector<tlv> values;     // its SET OF values, each whole, in order
    std::optional<tlv> whole;    // the Attribute
    std::size_t value_count() const noexcept { return values.size(); }
    std::optional<tlv> first() const { return values.empty() ? std::nullopt : std::optional<tlv>(values.front()); }
};

namespace detail {
// attribute_entry_at reads the Attribute at `path` ("" = the decoded value
// itself), whose fields the schema names `type_field` and `values_field`.
inline attribute_entry attribute_entry_at(const decoded& d, const std::string& path, std::string_view type_field,
                                          std::string_view values_field) {
    std::string p = path.empty() ? path : path + ".";
    attribute_entry a;
    a.type = d.oid(p + std::string(type_field)).value_or("");
    a.values = elements_of(d, p + std::string(values_field));
    a.whole = d.element(path);
    return a;
}

// attribute_list reads each Attribute of the SET OF at `path`, in order.
inline std::vector<attribute_entry> attribute_list(const decoded& d, std::string_view path, std::string_view type_field,
                                                   std::string_view values_field) {
    std::vector<attribute_entry> out;
    for (std::size_t i = 1, n = d.count(path); i <= n; ++i) out.push_back(attribute_entry_at(d, item(path, i), type_field, values_field));
    return out;
}

// extension_entry_at reads the Extension at `path` ("" = the decoded value itself).
inline std::optional<extension_entry> extension_entry_at(const decoded& d, const std::string& path) {
    std::string p = path.empty() ? path : path + ".";
    auto v = d.element(p + "extnValue");
    auto whole = d.element(path);
    if (!v || !whole) return std::nullopt;
    return extension_entry{d.oid(p + "extnID").value_or(""), d.boolean(p + "critical").value_or(false), *v, *whole};
}
}  // namespace detail

// extension_at: the Nth (1-based) Extension of the Extensions at `list`
// ("" when `d` is itself an Extensions value).
inline std::optional<extension_entry> extension_at(const decoded& d, std::string_view list, std::size_t n) {
    return detail::extension_entry_at(d, list.empty() ? nth(n) : item(list, n));
}

// extension_entries: every Extension of the Extensions at `list`, in order.
inline std::vector<extension_entry> extension_entries(const decoded& d, std::string_view list) {
    std::vector<extension_entry> out;
    for (std::size_t i = 1, n = d.count(list); i <= n; ++i)
        if (auto e = extension_at(d, list, i)) out.push_back(std::move(*e));
    return out;
}

// read_extension decodes one Extension TLV on its own.
core::result<extension_entry> read_extension(bytes&&, std::size_t = 0) = delete;
inline core::result<extension_entry> read_extension(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "Extension", der, base);
    if (!d) return d.error;
    auto e = detail::extension_entry_at(*d.value, "");
    if (!e) return core::at_offset(base, "Extension: unreadable");
    return *e;
}

// certificate_view: a Certificate (RFC 5280 §4.1).
class certificate_view : public view_base {
public:
    using view_base::view_base;
    static core::result<certificate_view> read(byte_view der, std::size_t base = 0) {
        return read_as<certificate_view>(module::pkix, "Certificate", der, base);
    }

    std::optional<tlv> tbs() const { return d_.element("tbsCertificate"); }
    // version: 0 for v1 (also when the DEFAULT is omitted), 2 for v3; nullopt when unreadable.
    std::optional<std::int64_t> version() const {
        auto v = d_.inner("tbsCertificate.version");
        if (!v) return 0;
        return small_integer(v->content);
    }
    std::optional<byte_view> serial() const { return d_.integer("tbsCertificate.serialNumber"); }  // INTEGER content octets
    std::optional<tlv> issuer() const { return d_.element("tbsCertificate.issuer"); }
    std::optional<tlv> subject() const { return d_.element("tbsCertificate.subject"); }
    std::optional<tlv> spki() const { return d_.element("tbsCertificate.subjectPublicKeyInfo"); }
    std::optional<tlv> not_before() const { return d_.element("tbsCertificate.validity.notBefore"); }
    std::optional<tlv> not_after() const { return d_.element("tbsCertificate.validity.notAfter"); }
    // not_before_text, not_after_text: `YYYY-MM-DD HH:MM:SS UTC`.
    std::optional<std::string> not_before_text() const { return d_.time("tbsCertificate.validity.notBefore"); }
    std::optional<std::string> not_after_text() const { return d_.time("tbsCertificate.validity.notAfter"); }
    // spki_bits: the subjectPublicKey BIT STRING's key octets.
    std::optional<bit_string> spki_bits() const { return d_.bits("tbsCertificate.subjectPublicKeyInfo.subjectPublicKey"); }
    std::optional<std::string> key_algorithm() const { return d_.oid("tbsCertificate.subjectPublicKeyInfo.algorithm.algorithm"); }
    std::optional<tlv> signature_algorithm() const { return d_.element("signatureAlgorithm"); }
    std::optional<bit_string> signature() const { return d_.bits("signature"); }

    bool has_extensions() const { return d_.present(extensions_path); }
    std::size_t extension_count() const { return d_.count(extensions_path); }
    // extension_at: the Nth (1-based) extension, in the certificate's order.
    std::optional<extension_entry> extension_at(std::size_t n) const { return asn1::extension_at(d_, extensions_path, n); }
    std::vector<extension_entry> extensions() const { return extension_entries(d_, extensions_path); }
    // extension: the one element extension `oid`'s value holds, or nothing when absent.
    std::optional<tlv> extension(std::string_view oid) const { return extension_inner(d_, extensions_path, oid); }
    // extension_octets: extension `oid`'s extnValue OCTET STRING.
    std::optional<tlv> extension_octets(std::string_view oid) const { return extension_value(d_, extensions_path, oid); }

    static constexpr std::string_view extensions_path = "tbsCertificate.extensions";
};

// The views would dangle: keep the bytes alive in a variable.
core::result<certificate_view> read_certificate(bytes&&, std::size_t = 0) = delete;
inline core::result<certificate_view> read_certificate(byte_view der, std::size_t base = 0) { return certificate_view::read(der, base); }

// csr_view: a CertificationRequest (PKCS#10, RFC 2986).
class csr_view : public view_base {
public:
    using view_base::view_base;
    static core::result<csr_view> read(byte_view der, std::size_t base = 0) {
        return read_as<csr_view>(module::pkix, "CertificationRequest", der, base);
    }

    std::optional<tlv> info() const { return d_.element("certificationRequestInfo"); }
    std::optional<std::int64_t> version() const { return d_.small_int("certificationRequestInfo.version"); }
    std::optional<tlv> subject() const { return d_.element("certificationRequestInfo.subject"); }
    std::optional<tlv> spki() const { return d_.element("certificationRequestInfo.subjectPKInfo"); }
    std::optional<std::string> key_algorithm() const { return d_.oid("certificationRequestInfo.subjectPKInfo.algorithm.algorithm"); }
    std::optional<bit_string> spki_bits() const { return d_.bits("certificationRequestInfo.subjectPKInfo.subjectPublicKey"); }
    std::optional<tlv> signature_algorithm() const { return d_.element("signatureAlgorithm"); }
    std::optional<bit_string> signature() const { return d_.bits("signature"); }

    using attribute = attribute_entry;
    std::size_t attribute_count() const { return d_.count(attributes_path); }
    // attribute_at: the Nth (1-based) attribute, in the request's order.
    attribute attribute_at(std::size_t n) const { return detail::attribute_entry_at(d_, item(attributes_path, n), "type", "values"); }
    std::vector<attribute> attributes() const { return detail::attribute_list(d_, attributes_path, "type", "values"); }

    static constexpr std::string_view attributes_path = "certificationRequestInfo.attributes";
};

core::result<csr_view> read_csr(bytes&&, std::size_t = 0) = delete;
inline core::result<csr_view> read_csr(byte_view der, std::size_t base = 0) { return csr_view::read(der, base); }

// extensions_view: an Extensions value on its own (what an extensionRequest
// attribute holds), read as the certificate's list is.
class extensions_view : public view_base {
public:
    using view_base::view_base;
    static core::result<extensions_view> read(byte_view der, std::size_t base = 0) {
        return read_as<extensions_view>(module::pkix, "Extensions", der, base);
    }
    std::size_t count() const { return d_.count(""); }
    // at: the Nth (1-based) extension, in stored order.
    std::optional<extension_entry> at(std::size_t n) const { return asn1::extension_at(d_, "", n); }
    std::vector<extension_entry> entries() const { return extension_entries(d_, ""); }
    // extension: the one element extension `oid`'s value holds, or nothing when absent.
    std::optional<tlv> extension(std::string_view oid) const { return extension_inner(d_, "", oid); }
};

core::result<extensions_view> read_extensions(bytes&&, std::size_t = 0) = delete;
inline core::result<extensions_view> read_extensions(byte_view der, std::size_t base = 0) { return extensions_view::read(der, base); }

// public_key_info: a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), as read.
struct public_key_info {
    std::string algorithm;            // algorithm.algorithm, dotted ("" when unreadable)
    std::optional<tlv> parameters;    // algorithm.parameters
    std::optional<bit_string> key;    // subjectPublicKey
    std::optional<tlv> key_tlv;       // subjectPublicKey, whole (its key octets start at content_offset() + 1)
};

core::result<public_key_info> read_public_key_info(bytes&&, std::size_t = 0) = delete;
inline core::result<public_key_info> read_public_key_info(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "SubjectPublicKeyInfo", der, base);
    if (!d) return d.error;
    return public_key_info{d.value->oid("algorithm.algorithm").value_or(""), d.value->element("algorithm.parameters"),
                           d.value->bits("subjectPublicKey"), d.value->element("subjectPublicKey")};
}

// rsa_public_key: an RSAPublicKey (RFC 8017 A.1.1): INTEGER content octets.
struct rsa_public_key {
    byte_view modulus;
    byte_view exponent;
};

core::result<rsa_public_key> read_rsa_public_key(bytes&&, std::size_t = 0) = delete;
inline core::result<rsa_public_key> read_rsa_public_key(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "RSAPublicKey", der, base);
    if (!d) return d.error;
    return rsa_public_key{d.value->integer("modulus").value_or(byte_view{}), d.value->integer("publicExponent").value_or(byte_view{})};
}

// revoked_entry: one revokedCertificates entry of a CRL, as read.
struct revoked_entry {
    byte_view serial;                       // INTEGER content octets
    std::optional<std::string> revocation_date;  // `YYYY-MM-DD HH:MM:SS UTC`
    bool has_extensions = false;
    std::vector<extension_entry> extensions;
};

// crl_view: a CertificateList (RFC 5280 §5.1). Its revokedCertificates may be
// long: the list is exempt from the decoder's limits and its entries are read
// one by one (read_revoked), linear in their number (asn1/crl_entries.hpp).
class crl_view : public view_base {
public:
    using view_base::view_base;
    static core::result<crl_view> read(byte_view der, std::size_t base = 0) {
        return read_as<crl_view>(module::pkix, "CertificateList", der, base, crl_entries_offset(der, base));
    }

    std::optional<std::int64_t> version() const { return d_.small_int("tbsCertList.version"); }
    std::optional<tlv> issuer() const { return d_.element("tbsCertList.issuer"); }
    std::optional<std::string> this_update() const { return d_.time("tbsCertList.thisUpdate"); }
    std::optional<std::string> next_update() const { return d_.time("tbsCertList.nextUpdate"); }
    // revoked_list: revokedCertificates, whole (walk it with asn1::reader, read each with read_revoked).
    std::optional<tlv> revoked_list() const { return d_.element("tbsCertList.revokedCertificates"); }
    // extensions_list: crlExtensions' Extensions, whole (inside the [0] EXPLICIT).
    std::optional<tlv> extensions_list() const { return d_.inner("tbsCertList.crlExtensions"); }
    std::optional<tlv> tbs() const { return d_.element("tbsCertList"); }
    std::optional<tlv> signature_algorithm() const { return d_.element("signatureAlgorithm"); }
    std::optional<bit_string> signature() const { return d_.bits("signature"); }
};

core::result<crl_view> read_crl(bytes&&, std::size_t = 0) = delete;
inline core::result<crl_view> read_crl(byte_view der, std::size_t base = 0) { return crl_view::read(der, base); }

// read_revoked decodes one entry of a CRL's revokedCertificates.
core::result<revoked_entry> read_revoked(bytes&&, std::size_t = 0) = delete;
inline core::result<revoked_entry> read_revoked(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "RevokedCertificate", der, base);
    if (!d) return d.error;
    return revoked_entry{d.value->integer("userCertificate").value_or(byte_view{}), d.value->time("revocationDate"),
                         d.value->present("crlEntryExtensions"), extension_entries(*d.value, "crlEntryExtensions")};
}

}  // namespace certreq::asn1
