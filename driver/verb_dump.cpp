// certreq -dump FILE [-json]: print any request, certificate, PKCS#7/CMS, CMC
// or SCEP message readably (verbs/run_dump.hpp).
#include "certreq/verbs/run_dump.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_dump(const command_line& cl) {
    if (cl.positional.size() != 1) {
        err("certreq -dump: expected exactly one file (certreq -dump -? for help)\n");
        return exit_usage;
    }
    return print_report(verbs::run_dump(cl.positional[0], cl.opts.json, cl.opts.verbose));
}

}  // namespace certreq::driver
