// certreq -submit / -retrieve against AD CS over HTTPS (CES or Web
// Enrollment) and certreq -enroll -PolicyServer URL TemplateName | -cert ID
// Renew [ReuseKeys] (CEP, then CES):
// parses the arguments, calls verbs/run_adcs.hpp with the certreq-http
// transport, prints what it says (the disposition under -q too). Exit codes
// as the local-CA verbs: 0 issued, pending or denied (3 / 4 with
// CERTREQ_DISPOSITION_EXIT_CODES=1), 1 failed, 2 usage.
#include <string>
#include <vector>

#include "certreq/verbs/run_adcs.hpp"
#include "http_transport.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

verbs::adcs_auth_options adcs_auth_of(const parsed_options& o) {
    return {o.kerberos, o.anonymous, o.username, o.password_given, o.password, o.client_certificate, o.attrib};
}

}  // namespace

bool is_adcs_url(const std::string& config) { return verbs::is_adcs_url(config); }

int run_adcs_submit(const command_line& cl) {
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -submit: expected RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -submit -? for help)\n");
        return exit_usage;
    }
    std::vector<std::string> outs(cl.positional.begin() + 1, cl.positional.end());
    results_follow_outputs(outs);
    return print_report(
        verbs::run_adcs_submit(http_transport, cl.opts.config, cl.positional[0], outs, adcs_auth_of(cl.opts), run_options_of(cl.opts)));
}

int run_adcs_retrieve(const command_line& cl) {
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -retrieve -? for help)\n");
        return exit_usage;
    }
    std::vector<std::string> outs(cl.positional.begin() + 1, cl.positional.end());
    results_follow_outputs(outs);
    return print_report(
        verbs::run_adcs_retrieve(http_transport, cl.opts.config, cl.positional[0], outs, adcs_auth_of(cl.opts), run_options_of(cl.opts)));
}

int run_policy_enroll(const command_line& cl) {
    const auto& o = cl.opts;
    bool renew = o.cert_given;
    if (renew ? (cl.positional.empty() || cl.positional.size() > 2 || lower(cl.positional[0]) != "renew" ||
                 (cl.positional.size() == 2 && lower(cl.positional[1]) != "reusekeys"))
              : cl.positional.size() != 1) {
        err("certreq -enroll -PolicyServer URL: expected TemplateName, or -cert ID Renew [ReuseKeys] (certreq -enroll -? for help)\n");
        return exit_usage;
    }
    verbs::policy_enroll_target what{o.policy_server, renew ? std::string() : cl.positional[0], o.config_given, std::nullopt};
    if (renew) what.renewal = verbs::policy_enroll::renewal_target{o.cert, cl.positional.size() == 2};
    return print_report(verbs::run_policy_enroll(http_transport, what, adcs_auth_of(o), keygen_progress(o), run_options_of(o)));
}

}  // namespace certreq::driver
