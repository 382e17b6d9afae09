// x509/extensions/crl_distribution_points.hpp (RFC 5280 §4.2.1.13).
//
//   CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
//   DistributionPoint ::= SEQUENCE {
//        distributionPoint       [0]     DistributionPointName OPTIONAL, ... }
//   DistributionPointName ::= CHOICE {
//        fullName                [0]     GeneralNames, ... }
//
// As Microsoft CAs write it (spec §5.3): every URL of the CA in the fullName
// of one DistributionPoint: 30 L 30 L a0 L a0 L (86 L url)*.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/strings.hpp"

namespace certreq::x509 {

// crl_distribution_points returns the extension value, or nullopt when
// `urls` is empty or a URL is not IA5 text.
inline std::optional<bytes> crl_distribution_points(const std::vector<std::string>& urls) {
    if (urls.empty()) return std::nullopt;
    auto uri = [](const std::string& u) { return der::implicit_tag<6>(der::ia5_string(u)); };
    return der::encode(der::sequence(der::sequence(der::explicit_tag<0>(
            der::tagged_of<der::tag::context_constructed(0)>(urls, uri)))));
}

}  // namespace certreq::x509
