// model/extension_order.hpp: the order certreq.exe writes a request's
// extensions in (spec §7.2, from real requests of Windows 7 ... 11 25H2):
//
//   template name (1.3.6.1.4.1.311.20.2 / .21.7), an explicitly given KeyUsage,
//   the INF's other extensions and sections (in the order they were read),
//   BasicConstraints, AuthorityKeyIdentifier, SubjectKeyIdentifier, and a
//   defaulted KeyUsage last.
#pragma once
#include <algorithm>
#include <string_view>
#include <vector>

#include "certreq/model/extensions.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// certreq_rank: the group an extension is written in (lower first).
inline int certreq_rank(const extension& e) noexcept {
    std::string_view oid = e.oid;
    if (oid == oids::ms_certificate_template_name.dotted() || oid == oids::ms_certificate_template.dotted()) return 0;
    if (oid == oids::key_usage.dotted()) return e.defaulted ? 6 : 1;
    if (oid == oids::basic_constraints.dotted()) return 3;
    if (oid == oids::authority_key_identifier.dotted()) return 4;
    if (oid == oids::subject_key_identifier.dotted()) return 5;
    return 2;
}

// order_as_certreq sorts `list` into certreq's order, keeping the order of
// extensions within a group.
inline void order_as_certreq(std::vector<extension>& list) {
    std::stable_sort(list.begin(), list.end(),
                     [](const extension& a, const extension& b) { return certreq_rank(a) < certreq_rank(b); });
}

}  // namespace certreq::model
