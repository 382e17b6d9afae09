// model/extension_order.hpp: the order certreq.exe writes a request's
// extensions in (spec §7.2, from real requests of Windows 7 ... 11 25H2):
//
//   template name (1.3.6.1.4.1.311.20.2 / .21.7), an explicitly given KeyUsage,
//   the INF's other extensions and sections (in the order they were read),
//   BasicConstraints, AuthorityKeyIdentifier, SubjectKeyIdentifier, and a
//   defaulted KeyUsage last.
#pragma once
#include <algorithm>
#include <vector>

#include "certreq/model/extensions.hpp"

namespace certreq::model {

// certreq_rank: the group an extension is written in (lower first), from its
// kind's row in the registry; unregistered OIDs are the INF's others (2).
constexpr int certreq_rank(const extension& e) noexcept {
    const extension_id* id = find_extension(e.oid);
    if (!id) return 2;
    return e.defaulted && id->defaulted_order >= 0 ? id->defaulted_order : id->order;
}

// order_as_certreq sorts `list` into certreq's order, keeping the order of
// extensions within a group.
inline void order_as_certreq(std::vector<extension>& list) {
    std::stable_sort(list.begin(), list.end(),
                     [](const extension& a, const extension& b) { return certreq_rank(a) < certreq_rank(b); });
}

}  // namespace certreq::model
