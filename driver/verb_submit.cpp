// certreq -submit [-config -|DIR] [-attrib A] [-binary] [-crl] RequestFileIn
//                 CertFileOut [CertChainFileOut [FullResponseFileOut]]
// certreq -retrieve [-config -|DIR] RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]]
// against the local CA (verbs/run_submit.hpp); an AD CS or SCEP -config URL
// goes to those verbs.
#include <string>
#include <vector>

#include "certreq/verbs/run_submit.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_submit(const command_line& cl) {
    if (is_adcs_url(cl.opts.config)) return run_adcs_submit(cl);
    if (is_scep_url(cl.opts.config)) return run_scep_submit(cl);
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        // Windows opens file dialogs here; a headless tool cannot.
        err("certreq -submit: expected RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -submit -? for help)\n");
        return exit_usage;
    }
    std::vector<std::string> outs(cl.positional.begin() + 1, cl.positional.end());
    results_follow_outputs(outs);
    return print_report(verbs::run_submit(cl.positional[0], outs, cl.opts.attrib, {cl.opts.config, cl.opts.crl}, run_options_of(cl.opts)));
}

int run_retrieve(const command_line& cl) {
    if (is_adcs_url(cl.opts.config)) return run_adcs_retrieve(cl);
    if (is_scep_url(cl.opts.config)) return run_scep_retrieve(cl);
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -retrieve -? for help)\n");
        return exit_usage;
    }
    std::vector<std::string> outs(cl.positional.begin() + 1, cl.positional.end());
    results_follow_outputs(outs);
    return print_report(verbs::run_retrieve(cl.positional[0], outs, {cl.opts.config, cl.opts.crl}, run_options_of(cl.opts)));
}

}  // namespace certreq::driver
