// x509/extensions/authority_info_access.hpp (RFC 5280 §4.2.2.1).
//
//   AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
//   AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER,
//                                    accessLocation GeneralName }
//
// CAPolicy.inf's [AuthorityInformationAccess] URL= lines are caIssuers
// locations (spec §5.3); OCSP responders are given separately.
#pragma once
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/strings.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::x509 {

// authority_info_access returns the extension value (caIssuers entries,
// then OCSP entries), or nullopt when both lists are empty or a URL is not IA5.
inline std::optional<bytes> authority_info_access(const std::vector<std::string>& ca_issuers,
                                                  const std::vector<std::string>& ocsp = {}) {
    if (ca_issuers.empty() && ocsp.empty()) return std::nullopt;
    struct access { std::string_view method; const std::string* url; };
    std::vector<access> all;
    for (auto& u : ca_issuers) all.push_back({oids::ad_ca_issuers.dotted(), &u});
    for (auto& u : ocsp) all.push_back({oids::ad_ocsp.dotted(), &u});
    return der::encode(der::sequence_of(all, [](const access& a) {
        return der::sequence(der::oid_dotted(a.method), der::implicit_tag<6>(der::ia5_string(*a.url)));
    }));
}

}  // namespace certreq::x509
