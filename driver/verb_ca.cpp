// certreq -ca init|list|issue|deny|revoke|crl: administration of the local
// CA that `-config -|DIR` names (verbs/run_ca.hpp).
#include <string>
#include <vector>

#include "certreq/verbs/run_ca.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_ca(const command_line& cl) {
    // `-ca crl -`: the CRL is standard output, the result line goes to stderr.
    if (cl.positional.size() == 2 && lower(cl.positional[0]) == "crl") results_follow_outputs({cl.positional[1]});
    return print_report(verbs::run_ca(cl.positional, cl.opts.config, keygen_progress(cl.opts, true), run_options_of(cl.opts)));
}

}  // namespace certreq::driver
