// certreq -policy [-cert CertId] RequestFileIn PolicyFileIn RequestFileOut [PKCS10FileOut]:
// applies a policy INF to a request or CA certificate and signs the result
// with an installed certificate's key (verbs/run_policy.hpp).
#include <string>

#include "certreq/verbs/run_policy.hpp"
#include "certreq/verbs/sign.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_policy(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 3 && cl.positional.size() != 4) {
        err("certreq -policy: expected RequestFileIn, PolicyFileIn, RequestFileOut and optionally PKCS10FileOut "
            "(certreq -policy -? for help)\n");
        return exit_usage;
    }
    verbs::policy_options opt;
    opt.pss = o.alternate_signature;
    opt.attrib = o.attrib;
    if (!o.hash_algorithm.empty()) {
        auto h = verbs::parse_hash_name(o.hash_algorithm);
        if (!h) return err("certreq: -HashAlgorithm: expected sha1, sha256, sha384 or sha512, got '", o.hash_algorithm, "'\n"), exit_usage;
        opt.hash = *h;
    }
    verbs::cert_choice cert;
    cert.cert = o.cert_given ? o.cert : std::string();
    cert.no_eku = o.no_eku;
    const std::string p10_path = cl.positional.size() == 4 ? cl.positional[3] : std::string();
    results_follow_outputs({cl.positional.begin() + 2, cl.positional.end()});
    return print_report(verbs::run_policy(cl.positional[0], cl.positional[1], cl.positional[2], p10_path, cert, opt, run_options_of(o)));
}

}  // namespace certreq::driver
