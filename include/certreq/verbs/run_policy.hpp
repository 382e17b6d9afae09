// verbs/run_policy.hpp: `certreq -policy [-cert CertId] RequestFileIn
// PolicyFileIn RequestFileOut [PKCS10FileOut]` from the paths to the printed
// line: applies a policy INF to a request or CA certificate and signs the
// result with an installed certificate's key (verbs/policy.hpp).
// Defined in verbs/run_policy.ipp (core/config.hpp).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/verbs/cert_picker.hpp"
#include "certreq/verbs/policy.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

// run_policy: `p10_path` empty: no PKCS10FileOut. Both outputs or neither.
CERTREQ_DECL report run_policy(const std::string& in_path, const std::string& inf_path, const std::string& out_path,
                               const std::string& p10_path, cert_choice cert, const policy_options& opt, const run_options& ro);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_policy.ipp"
#endif
