// x509/extensions/subject_key_identifier.hpp (RFC 5280 §4.2.1.2).
//
//   id-ce-subjectKeyIdentifier OBJECT IDENTIFIER ::=  { id-ce 14 }
//   SubjectKeyIdentifier ::= KeyIdentifier
//   KeyIdentifier ::= OCTET STRING
//
// The id must be filled in before encoding (the verbs layer hashes the key):
// an empty id fails the encoding rather than writing `04 00`.
#pragma once
#include <cstddef>

#include "certreq/der/primitives.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

class key_identifier {
public:
    explicit key_identifier(byte_view id) noexcept : id_(id) {}
    std::size_t encoded_size() const noexcept { return der::octet_string(id_).encoded_size(); }
    void write(der::writer& w) const noexcept {
        if (id_.empty()) w.fail();
        der::octet_string(id_).write(w);
    }

private:
    byte_view id_;
};

inline auto extension_value_of(const model::subject_key_identifier& v) noexcept { return key_identifier(v.id); }

}  // namespace certreq::x509
