// certreq -submit / -retrieve / -enroll against a SCEP server (-config
// http[s]://host[:port]/path, RFC 8894): parses the arguments, calls
// verbs/scep_submit.hpp or verbs/scep_enroll.hpp with the certreq-http
// transport, prints what they say (under -q too). Exit codes as the
// local-CA verbs: 0 for SUCCESS, PENDING and FAILURE answers (3 pending, 4
// FAILURE only with CERTREQ_DISPOSITION_EXIT_CODES=1), 1 failed (WinHttp
// HRESULT), 2 usage.
#include <string>
#include <vector>

#include "certreq/verbs/scep_enroll.hpp"
#include "certreq/verbs/scep_submit.hpp"
#include "http_transport.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

bool is_scep_url(const std::string& config) { return verbs::scep_run::is_url(config); }

int run_scep_submit(const command_line& cl) {
    if (cl.positional.empty() || cl.positional.size() > 4) {
        err("certreq -submit: expected RequestFileIn [CertFileOut [CertChainFileOut [FullResponseFileOut]]]\n");
        return exit_usage;
    }
    std::vector<std::string> outs(cl.positional.begin() + 1, cl.positional.end());
    results_follow_outputs(outs);
    return print_report(verbs::run_scep_submit(http_transport, cl.opts.config, cl.positional[0], outs, run_options_of(cl.opts)));
}

int run_scep_retrieve(const command_line& cl) {
    if (cl.positional.empty() || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId [CertFileOut [CertChainFileOut [FullResponseFileOut]]]\n");
        return exit_usage;
    }
    std::vector<std::string> outs(cl.positional.begin() + 1, cl.positional.end());
    results_follow_outputs(outs);
    return print_report(verbs::run_scep_retrieve(http_transport, cl.opts.config, cl.positional[0], outs, run_options_of(cl.opts)));
}

int run_scep_enroll(const command_line& cl) {
    const auto& o = cl.opts;
    verbs::scep_enroll_target target;
    if (o.cert_given) {  // -cert ID Renew [ReuseKeys]
        target.cert = o.cert;
        for (auto& p : cl.positional) {
            std::string w = lower(p);
            if (w == "renew") target.renew = true;
            else if (w == "reusekeys") target.reuse_keys = true;
            else if (target.usage.empty()) target.usage = "certreq -enroll: unexpected argument " + p + " (expected -cert CertId Renew [ReuseKeys])\n";
        }
        if (target.usage.empty() && !target.renew) target.usage = "certreq -enroll: -cert needs Renew\n";
    } else if (cl.positional.size() != 1) {
        target.usage = "certreq -enroll: expected TemplateName or an INF file (RequestType = SCEP)\n";
    } else {
        target.what = cl.positional[0];
    }
    return print_report(verbs::run_scep_enroll(http_transport, o.config, target, o.attrib, run_options_of(o)));
}

}  // namespace certreq::driver
