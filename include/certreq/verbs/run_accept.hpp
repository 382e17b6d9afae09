// verbs/run_accept.hpp: `certreq -accept [-user|-machine] FILE` from the path
// to the printed lines: reads the certificate, chain or full response,
// installs it with the key of its pending request (verbs/accept.hpp).
// Defined in verbs/run_accept.ipp (core/config.hpp).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

struct installed;  // verbs/accept.hpp

// installed_lines: certreq's "Installed Certificate:" block (-accept shows
// the SAN's DNS names after the subject; -enroll the subject alone).
// Printed under -q too: scripts parse it.
CERTREQ_DECL std::string installed_lines(const installed& r, bool with_dns_names = true);

// run_accept searches the stores `stores` allows (neither: both, user first).
CERTREQ_DECL report run_accept(const std::string& path, store_choice stores, const key_access& access);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_accept.ipp"
#endif
