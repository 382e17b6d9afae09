// model/extensions/authority_key_identifier.hpp: authorityKeyIdentifier
// 2.5.29.35 (RFC 5280 §4.2.1.1). A request gives it as base64/{hex} (written
// after BasicConstraints); the local CA writes its own
// (x509/extensions/authority_key_identifier.hpp).
#pragma once
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct authority_key_identifier {
    static constexpr extension_id ids[] = {{oids::authority_key_identifier.dotted(), {}, local_ca::writes, 4}};

    static constexpr std::string_view asn1_type = "AuthorityKeyIdentifier";
    template <class Reader>
    static void dump(Reader& r) {
        if (auto k = r.d.element("keyIdentifier")) r.n.add("keyIdentifier", r.hex(k->content));
        if (r.d.present("authorityCertIssuer")) r.n.add("authorityCertIssuer", r.general_names("authorityCertIssuer"));
        if (auto s = r.d.integer("authorityCertSerialNumber")) r.n.add("authorityCertSerialNumber", r.hex(*s));
    }
};

}  // namespace certreq::model::ext
