// verbs/run_enroll.hpp: `certreq -enroll` against the local CA (-config
// -|DIR), from the template name or the certificate to renew to the printed
// lines (verbs/enroll.hpp):
//   certreq -enroll [-user|-machine] TemplateName
//   certreq -enroll [-user|-machine] -cert ID Renew [ReuseKeys]
// Defined in verbs/run_enroll.ipp (core/config.hpp).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

// enroll_target: a template by name, or the renewal of an installed certificate.
struct enroll_target {
    std::string template_name;  // TemplateName (when not renewing)
    bool renew = false;         // -cert ID Renew
    std::string cert;           // -cert ID
    bool reuse_keys = false;    // ReuseKeys
};

// run_enroll: `progress` shows an RSA key being made; `config` is -config.
CERTREQ_DECL report run_enroll(const enroll_target& what, const std::string& config, const mbed::keygen_progress& progress,
                               const run_options& ro);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_enroll.ipp"
#endif
