// model/extensions/subject_key_identifier.hpp: subjectKeyIdentifier 2.5.29.14
// (RFC 5280 §4.2.1.2): an OCTET STRING.
//
// Added by default (written after AuthorityKeyIdentifier); the local CA
// writes its own from the request's key.
#pragma once
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// An empty `id` means "compute from the public key" (SHA-1 of the
// subjectPublicKey BIT STRING contents, RFC 5280 §4.2.1.2 method 1).
struct subject_key_identifier { bytes id; };

namespace ext {

struct subject_key_identifier {
    using value = model::subject_key_identifier;
    static constexpr extension_id ids[] = {{oids::subject_key_identifier.dotted(), {}, local_ca::writes, 5}};

    static constexpr std::string_view asn1_type = "SubjectKeyIdentifier";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("keyIdentifier", r.hex(r.d.element("")->content));
    }
};

}  // namespace ext
}  // namespace certreq::model
