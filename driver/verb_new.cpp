// certreq -new [Options] PolicyFileIn [RequestFileOut]: parses the
// arguments, calls verbs::build_new / save_new, prints what certreq prints.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "certreq/os/file.hpp"
#include "certreq/verbs/new.hpp"
#include "clock.hpp"
#include "key_access.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_new(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 2) {
        // Windows opens a file dialog here; a headless tool cannot.
        err("certreq -new: expected PolicyFileIn and RequestFileOut (certreq -new -? for help)\n");
        return exit_usage;
    }
    const std::string& inf_path = cl.positional[0];
    const std::string& out_path = cl.positional[1];
    // Checked before the key is made; save_new writes it (`-`: standard output).
    if (!check_outputs({out_path}, o.force)) return exit_failed;
    auto inf_bytes = os::read_file(inf_path);
    if (!inf_bytes) return fail(inf_bytes.err().message, inf_bytes.err().hresult());

    verbs::new_options opt;
    opt.attrib = o.attrib;
    opt.issuer_cert = o.cert;
    opt.exchange_cert = o.xchg;
    opt.access = key_access_of(o);
    std::string clock_problem;
    opt.now = clock_now(opt.deterministic_serial, clock_problem);
    if (!clock_problem.empty()) return fail(clock_problem, core::hr::invalid_data);
    opt.host = verbs::current_host_identity();
    if (!o.quiet && isatty(STDERR_FILENO))
        opt.progress = [](mbed::keygen_phase p) {
            err(p == mbed::keygen_phase::started ? "Generating an RSA key... " : "done\n");
        };

    // Both stores; build_new picks one (-user/-machine, else MachineKeySet). Opening creates nothing.
    if (o.machine || o.user) opt.machine_store = o.machine, opt.store_from_option = true;
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);

    verbs::new_result n = verbs::build_new(*inf_bytes, inf_path, opt, user_ks ? &*user_ks : nullptr,
                                           machine_ks ? &*machine_ks : nullptr);
    n.diags().print(stderr, o.verbose ? severity::note : severity::warning);
    if (!n.ok) return fail_diags(n.diags());

    auto& ks = n.machine ? machine_ks : user_ks;
    if (!ks) return fail(ks.err().message, ks.err().hresult());
    if (auto s = verbs::save_new(n, *ks, out_path, o.binary, o.force, o.unicode_text); !s)
        return fail(s.err().message, s.err().hresult());
    // -q suppresses prompts only: the result lines are what scripts parse.
    if (n.is_certificate) {
        out("Installed Certificate:\n", "  Serial Number: ", n.serial_hex, "\n", "  NotBefore: ",
            windows_time(n.not_before), "\n", "  NotAfter: ", windows_time(n.not_after), "\n", "  Thumbprint: ",
            n.thumbprint, "\n");
    }
    out("CertReq: Request Created\n");
    return exit_ok;
}

}  // namespace certreq::driver
