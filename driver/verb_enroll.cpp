// certreq -enroll [-config -|DIR] [-user|-machine] TemplateName
// certreq -enroll [-config -|DIR] [-user|-machine] -cert ID Renew [ReuseKeys]
// new + submit + accept against the local CA (verbs/run_enroll.hpp); a SCEP
// -config URL goes to the SCEP verbs.
#include "certreq/verbs/run_enroll.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_enroll(const command_line& cl) {
    if (is_scep_url(cl.opts.config)) return run_scep_enroll(cl);
    if (!cl.opts.policy_server.empty()) return run_policy_enroll(cl);
    const auto& o = cl.opts;
    bool renew = o.cert_given;
    if (renew ? (cl.positional.empty() || cl.positional.size() > 2 || lower(cl.positional[0]) != "renew" ||
                 (cl.positional.size() == 2 && lower(cl.positional[1]) != "reusekeys"))
              : cl.positional.size() != 1) {
        err("certreq -enroll: expected TemplateName, or -cert ID Renew [ReuseKeys] (certreq -enroll -? for help)\n");
        return exit_usage;
    }
    verbs::enroll_target what;
    what.renew = renew;
    if (renew) what.cert = o.cert, what.reuse_keys = cl.positional.size() == 2;
    else what.template_name = cl.positional[0];
    return print_report(verbs::run_enroll(what, o.config, keygen_progress(o), run_options_of(o)));
}

}  // namespace certreq::driver
