// verbs/run_ca.hpp: `certreq -ca init|list|issue|deny|revoke|crl`, the
// administration of the local CA that -config -|DIR names, from the words
// after -ca to the printed lines (verbs/ca_admin.hpp, ca/authority.hpp).
// Defined in verbs/run_ca.ipp (core/config.hpp).
#pragma once
#include <string>
#include <vector>

#include "certreq/core/config.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

inline constexpr const char* ca_usage_text =
        "certreq -ca init [-config DIR] [CAPolicy.inf] | list | issue RequestId | deny RequestId |"
        " revoke Serial [Reason] | crl OutFile   (certreq -ca -? for help)\n";

// run_ca: `words` are the arguments after -ca (the command first, in any
// case); `config` is -config. Argument counts are checked where certreq
// checks them (after the CA is open): a wrong count is a usage error.
CERTREQ_DECL report run_ca(const std::vector<std::string>& words, const std::string& config, const mbed::keygen_progress& progress,
                           const run_options& ro);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_ca.ipp"
#endif
