// certreq -enroll [-config -|DIR] [-user|-machine] TemplateName
// certreq -enroll [-config -|DIR] [-user|-machine] -cert ID Renew [ReuseKeys]
// new + submit + accept against the local CA (verbs/enroll.hpp).
#include <unistd.h>

#include <optional>
#include <string>

#include "certreq/ca/authority.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/enroll.hpp"
#include "certreq/verbs/submit.hpp"
#include "clock.hpp"
#include "key_access.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

int failed(const std::string& message, core::hresult hr = core::hr::fail) { return fail(message, hr); }

void print_installed(const verbs::installed& r) {
    out("Installed Certificate:\n", "  Serial Number: ", r.serial_hex, "\n", "  Subject: ", r.subject, "\n",
        "  NotBefore: ", windows_time(r.not_before), "\n", "  NotAfter: ", windows_time(r.not_after), "\n",
        "  Thumbprint: ", r.thumbprint, "\n");
}

}  // namespace

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
    bool fixed = false;
    std::string problem;
    verbs::new_options opt;
    opt.now = clock_now(fixed, problem);
    opt.deterministic_serial = fixed;
    if (!problem.empty()) return failed(problem, core::hr::invalid_data);
    opt.host = verbs::current_host_identity();
    opt.access = key_access_of(o);
    if (!o.quiet && isatty(STDERR_FILENO))
        opt.progress = [](mbed::keygen_phase p) { err(p == mbed::keygen_phase::started ? "Generating an RSA key... " : "done\n"); };
    if (o.machine || o.user) opt.machine_store = o.machine, opt.store_from_option = true;

    auto ca = ca::local_ca::open(ca::dir_of(o.config), verbs::ca_key_source(key_access_of(o)));
    if (!ca) return failed(ca.err().message, ca.err().hresult());
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);
    store::key_store* user = user_ks ? &*user_ks : nullptr;
    store::key_store* machine = machine_ks ? &*machine_ks : nullptr;
    store::key_store* home = o.machine ? machine : user;
    if (!home) return o.machine ? failed(machine_ks.err().message, machine_ks.err().hresult())
                                : failed(user_ks.err().message, user_ks.err().hresult());

    std::string inf_name;
    bytes inf;
    if (renew) {
        auto c = store::resolve_certificate(*home, o.cert);
        if (!c) return failed("-cert: " + c.err().message, c.err().code == ENOENT ? core::hr::crypt_not_found : c.err().hresult());
        auto r = verbs::renewal_of(*c, *home, cl.positional.size() == 2, opt.now, problem);
        if (!r) return failed("-cert: " + problem, core::hr::invalid_data);
        inf.assign(r->inf.begin(), r->inf.end());
        inf_name = "renewal of " + c->thumbprint;
        opt.machine_store = o.machine;
    } else {
        auto found = verbs::template_path(cl.positional[0], *home, *ca);
        if (!found.path) return failed(found.error, core::hr::not_found);
        auto b = os::read_file(*found.path);
        if (!b) return failed(b.err().message, b.err().hresult());
        inf = std::move(*b);
        inf_name = *found.path;
    }
    auto r = verbs::enroll(inf, inf_name, *ca, user, machine, opt);
    r.request.diags().print(stderr, o.verbose ? severity::note : severity::warning);
    if (!r.request.ok) return fail_diags(r.request.diags());
    if (!r.error.empty()) return failed(r.error, r.hresult);
    // Printed under -q too (it suppresses prompts only): scripts parse these lines.
    out(verbs::disposition_lines(r.answer->rec));
    if (r.certificate) print_installed(*r.certificate);
    return disposition_exit(verbs::disposition_exit_code(r.answer->rec));
}

}  // namespace certreq::driver
