// certreq -new [Options] PolicyFileIn [RequestFileOut]: parses the
// arguments, calls verbs::run_new, prints what it says.
#include <string>

#include "certreq/verbs/run_new.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_new(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 2) {
        // Windows opens a file dialog here; a headless tool cannot.
        err("certreq -new: expected PolicyFileIn and RequestFileOut (certreq -new -? for help)\n");
        return exit_usage;
    }
    verbs::new_options opt;
    opt.attrib = o.attrib;
    opt.issuer_cert = o.cert;
    opt.exchange_cert = o.xchg;
    opt.progress = keygen_progress(o);
    results_follow_outputs({cl.positional[1]});
    return print_report(verbs::run_new(cl.positional[0], cl.positional[1], std::move(opt), run_options_of(o)));
}

}  // namespace certreq::driver
