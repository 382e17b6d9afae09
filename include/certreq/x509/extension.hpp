// x509/extension.hpp: Extension and Extensions (RFC 5280 §4.1).
//
//   Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
//   Extension  ::=  SEQUENCE  {
//        extnID      OBJECT IDENTIFIER,
//        critical    BOOLEAN DEFAULT FALSE,      -- omitted when false
//        extnValue   OCTET STRING }              -- the DER of the value
//
// e.g. a critical KeyUsage: 30 0e 06 03 55 1d 0f 01 01 ff 04 04 03 02 05 a0.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/x509/extensions/alt_name.hpp"
#include "certreq/x509/extensions/authority_key_identifier.hpp"
#include "certreq/x509/extensions/basic_constraints.hpp"
#include "certreq/x509/extensions/certificate_template.hpp"
#include "certreq/x509/extensions/certificate_policies.hpp"
#include "certreq/x509/extensions/extended_key_usage.hpp"
#include "certreq/x509/extensions/key_usage.hpp"
#include "certreq/x509/extensions/name_constraints.hpp"
#include "certreq/x509/extensions/policy_constraints.hpp"
#include "certreq/x509/extensions/policy_mappings.hpp"
#include "certreq/x509/extensions/raw_value.hpp"
#include "certreq/x509/extensions/smime_capabilities.hpp"
#include "certreq/x509/extensions/subject_key_identifier.hpp"
#include "certreq/x509/extensions/template_name.hpp"
#include "certreq/x509/variant_value.hpp"

namespace certreq::x509 {

struct extension_value_to_der {
    template <class T>
    auto operator()(const T& v) const {
        return extension_value_of(v);
    }
};

// extension_value: the DER of an extension's value (what goes inside extnValue).
using extension_value = variant_value<model::extension_value, extension_value_to_der>;

// extension: one Extension (borrows `e`).
inline auto extension(const model::extension& e) {
    return der::sequence(der::oid_dotted(e.oid), der::when(e.critical, der::boolean(true)),
                         der::wrap<der::tag::octet_string>(extension_value(e.value)));
}

// extensions: Extensions, in the given order.
inline auto extensions(const std::vector<model::extension>& list) {
    return der::sequence_of(list, [](const model::extension& e) { return extension(e); });
}

// encode_extension_value returns the extnValue contents, or nullopt if the
// value holds an invalid OID, text outside its string type (non-ASCII in an
// IA5String, malformed UTF-8) or an empty key identifier.
inline std::optional<bytes> encode_extension_value(const model::extension_value& v) {
    return der::encode(extension_value(v));
}
// encode_extension returns one Extension's DER, or nullopt as above (or a bad extnID).
inline std::optional<bytes> encode_extension(const model::extension& e) { return der::encode(extension(e)); }

// check_extensions reports, at each extension's INF position, what would make
// it fail to encode; returns true if all of them encode.
inline bool check_extensions(const std::vector<model::extension>& list, diagnostics& d) {
    bool ok = true;
    for (const auto& e : list) {
        if (!der::is_valid_oid(e.oid)) {
            d.error(e.pos, "extension \"" + e.oid + "\": not a valid OBJECT IDENTIFIER");
            ok = false;
        } else if (!encode_extension_value(e.value)) {
            d.error(e.pos, "extension " + e.oid + ": the value cannot be encoded (invalid OID, non-ASCII IA5String text or empty key identifier)");
            ok = false;
        }
    }
    return ok;
}

}  // namespace certreq::x509
