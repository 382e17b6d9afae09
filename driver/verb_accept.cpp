// certreq -accept [-user|-machine] CertChainFileIn|FullResponseFileIn|CertFileIn
// installs the certificate with the key of its pending request (verbs/run_accept.hpp).
#include "certreq/verbs/run_accept.hpp"
#include "key_access.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_accept(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 1) {
        err("certreq -accept: expected one file: a certificate, a PKCS#7 chain or a full response (certreq -accept -? for help)\n");
        return exit_usage;
    }
    return print_report(verbs::run_accept(cl.positional[0], {o.user, o.machine}, key_access_of(o)));
}

}  // namespace certreq::driver
