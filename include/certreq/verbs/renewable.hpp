// verbs/renewable.hpp: which installed certificates -enroll -cert ID Renew
// may renew (local CA and SCEP): Windows renews "only valid (unexpired)
// certificates" (spec §1.2), so an expired or not yet valid one is refused
// before anything is made or sent.
#pragma once
#include <cstdint>
#include <string>

#include "certreq/asn1/views.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/bytes.hpp"

namespace certreq::verbs {

// renewal_refusal says whether `cert_der` may be renewed at `now`: Windows renews
// only valid (unexpired) certificates. "" if it may, else why not.
inline std::string renewal_refusal(byte_view cert_der, std::int64_t now) {
    auto d = asn1::read_certificate(cert_der);
    auto nb = d ? d->not_before() : std::nullopt;
    auto na = d ? d->not_after() : std::nullopt;
    if (!nb || !na) return "the installed certificate does not decode";
    std::int64_t from = asn1::unix_time(*nb).value_or(0), until = asn1::unix_time(*na).value_or(0);
    if (now > until) return "the certificate expired on " + asn1::time_text(*na) + ": only valid (unexpired) certificates can be renewed";
    if (now < from) return "the certificate is not valid until " + asn1::time_text(*nb) + ": only valid (unexpired) certificates can be renewed";
    return {};
}

}  // namespace certreq::verbs
