// certreq -sign [-cert CertId] [-noEKU] RequestFileIn RequestFileOut: signs a
// PKCS#10, PKCS#7 or CMC request with an installed certificate's key
// (verbs/run_sign.hpp).
#include <string>

#include "certreq/verbs/run_sign.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "run_options.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_sign(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 2) {
        err("certreq -sign: expected RequestFileIn and RequestFileOut (certreq -sign -? for help)\n");
        return exit_usage;
    }
    verbs::sign_options opt;
    opt.pss = o.alternate_signature;
    if (!o.hash_algorithm.empty()) {
        auto h = verbs::parse_hash_name(o.hash_algorithm);
        if (!h) return err("certreq: -HashAlgorithm: expected sha1, sha256, sha384 or sha512, got '", o.hash_algorithm, "'\n"), exit_usage;
        opt.hash = *h;
    }
    verbs::cert_choice cert;
    cert.cert = o.cert_given ? o.cert : std::string();
    cert.no_eku = o.no_eku;
    results_follow_outputs({cl.positional[1]});
    return print_report(verbs::run_sign(cl.positional[0], cl.positional[1], cert, opt, run_options_of(o)));
}

}  // namespace certreq::driver
