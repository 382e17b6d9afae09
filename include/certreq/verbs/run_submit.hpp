// verbs/run_submit.hpp: `certreq -submit` and `certreq -retrieve` against the
// local CA (-config -|DIR) from the paths to the printed disposition:
//   -submit   RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]]
//   -retrieve RequestId     CertFileOut [CertChainFileOut [FullResponseFileOut]]
// Every output is checked before the CA records the request (and uses up
// its id); the response files are written all or nothing (verbs/submit.hpp,
// verbs/ca_response.hpp).
// Defined in verbs/run_submit.ipp (core/config.hpp).
#pragma once
#include <string>
#include <vector>

#include "certreq/core/config.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

// ca_answer_options: what -submit and -retrieve ask of the local CA's answer.
struct ca_answer_options {
    std::string config;   // -config: "-" or "" (the default CA) or its directory
    bool crl = false;     // -crl: the CA's CRL in CertChainFileOut
};

// run_submit: `out_paths` are CertFileOut [CertChainFileOut [FullResponseFileOut]]; `attrib` is -attrib.
CERTREQ_DECL report run_submit(const std::string& request_path, const std::vector<std::string>& out_paths, const std::string& attrib,
                               const ca_answer_options& opt, const run_options& ro);

// run_retrieve: `id` is a request id (1, 0x1) or a serial number.
CERTREQ_DECL report run_retrieve(const std::string& id, const std::vector<std::string>& out_paths, const ca_answer_options& opt,
                                 const run_options& ro);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_submit.ipp"
#endif
