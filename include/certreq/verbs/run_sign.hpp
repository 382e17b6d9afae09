// verbs/run_sign.hpp: `certreq -sign [-cert CertId] [-noEKU] RequestFileIn
// RequestFileOut` from the paths to the printed line: signs a PKCS#10,
// PKCS#7 or CMC request with an installed certificate's key (verbs/sign.hpp).
// Defined in verbs/run_sign.ipp (core/config.hpp).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/verbs/cert_picker.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/sign.hpp"

namespace certreq::verbs {

// run_sign: `cert` is -cert/-noEKU (its verb and purpose are set here).
CERTREQ_DECL report run_sign(const std::string& in_path, const std::string& out_path, cert_choice cert, const sign_options& opt,
                             const run_options& ro);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_sign.ipp"
#endif
